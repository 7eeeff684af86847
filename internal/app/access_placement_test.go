package app

import (
	"context"
	"testing"
)

// placementAccess lists the placement module's routes and who may use them.
// Care-office staff run the register, the regional table and batch runs;
// providers keep their places and holds and answer proposals; the client
// and the naaste see their own search; the programme sees figures and the
// gap analysis (aggregates only). Record-level scope (region, organisation,
// own client) is decided in the module.
var placementAccess = map[string]string{
	"GET /complexe-zorg":                               "zorgkantoor",
	"GET /complexe-zorg/export.csv":                    "zorgkantoor",
	"GET /complexe-zorg/export.xlsx":                   "zorgkantoor",
	"GET /complexe-zorg/nieuw":                         "zorgkantoor",
	"POST /complexe-zorg/nieuw":                        "zorgkantoor",
	"GET /complexe-zorg/personen/{id}":                 "zorgkantoor",
	"POST /complexe-zorg/personen/{id}/fase":           "zorgkantoor",
	"POST /complexe-zorg/personen/{id}/voorstel":       "zorgkantoor",
	"POST /complexe-zorg/personen/{id}/nazorg":         "zorgkantoor",
	"POST /complexe-zorg/personen/{id}/herindicatie":   "zorgkantoor",
	"GET /complexe-zorg/voorstellen":                   "aanbieder,zorgkantoor",
	"GET /complexe-zorg/voorstellen/export.csv":        "aanbieder,zorgkantoor",
	"GET /complexe-zorg/voorstellen/export.xlsx":       "aanbieder,zorgkantoor",
	"GET /complexe-zorg/plekken/export.csv":            "aanbieder,zorgkantoor",
	"GET /complexe-zorg/plekken/export.xlsx":           "aanbieder,zorgkantoor",
	"GET /complexe-zorg/tekorten/export.csv":           "zorgkantoor,programma",
	"GET /complexe-zorg/tekorten/export.xlsx":          "zorgkantoor,programma",
	"POST /complexe-zorg/voorstellen/{id}/antwoord":    "aanbieder,zorgkantoor",
	"GET /complexe-zorg/agenda":                        "zorgkantoor",
	"POST /complexe-zorg/agenda/{id}/besluit":          "zorgkantoor",
	"GET /complexe-zorg/tekorten":                      "zorgkantoor,programma",
	"GET /complexe-zorg/batch":                         "zorgkantoor",
	"POST /complexe-zorg/batch":                        "zorgkantoor",
	"GET /complexe-zorg/batch/{id}":                    "zorgkantoor",
	"POST /complexe-zorg/batch/{id}/versturen":         "zorgkantoor",
	"GET /complexe-zorg/import":                        "zorgkantoor",
	"POST /complexe-zorg/import":                       "zorgkantoor",
	"POST /complexe-zorg/import/bevestigen":            "zorgkantoor",
	"GET /complexe-zorg/aanbieder":                     "aanbieder",
	"GET /complexe-zorg/plekken/nieuw":                 "aanbieder",
	"POST /complexe-zorg/plekken/nieuw":                "aanbieder",
	"POST /complexe-zorg/reserveringen":                "aanbieder,zorgkantoor",
	"POST /complexe-zorg/reserveringen/{id}/vrijgeven": "aanbieder,zorgkantoor",
	"GET /complexe-zorg/cijfers":                       "zorgkantoor,programma",
	"GET /mijn/plaatsing":                              "client,naaste",
	"POST /mijn/plaatsing/wensen":                      "client,naaste",
	"POST /mijn/plaatsing/voorstellen/{id}":            "client,naaste",
	"POST /mijn/plaatsing/bezwaar":                     "client,naaste",
	"GET /api/v1/placement/cases":                      "client,naaste,aanbieder,zorgkantoor",
	"POST /api/v1/placement/cases":                     "zorgkantoor",
	"GET /api/v1/placement/cases/{id}":                 "client,naaste,aanbieder,zorgkantoor",
	"POST /api/v1/placement/cases/{id}/followups":      "zorgkantoor",
	"POST /api/v1/placement/cases/{id}/reassessments":  "zorgkantoor",
	"POST /api/v1/placement/cases/{id}/wishes":         "client,naaste",
	"POST /api/v1/placement/cases/{id}/objection":      "client,naaste",
	"POST /api/v1/placement/imports":                   "zorgkantoor",
	"GET /api/v1/placement/escalated":                  "zorgkantoor",
	"GET /api/v1/placement/runs":                       "zorgkantoor",
	"POST /api/v1/placement/cases/{id}/transitions":    "zorgkantoor",
	"GET /api/v1/placement/cases/{id}/ranking":         "zorgkantoor",
	"POST /api/v1/placement/cases/{id}/proposals":      "zorgkantoor",
	"GET /api/v1/placement/places":                     "aanbieder,zorgkantoor",
	"POST /api/v1/placement/places":                    "aanbieder",
	"GET /api/v1/placement/holds":                      "aanbieder,zorgkantoor",
	"POST /api/v1/placement/holds":                     "aanbieder,zorgkantoor",
	"POST /api/v1/placement/holds/{id}/release":        "aanbieder,zorgkantoor",
	"GET /api/v1/placement/proposals":                  "client,naaste,aanbieder,zorgkantoor",
	"POST /api/v1/placement/proposals/{id}/answer":     "client,naaste,aanbieder,zorgkantoor",
	"POST /api/v1/placement/runs":                      "zorgkantoor",
	"GET /api/v1/placement/runs/{id}":                  "zorgkantoor",
	"POST /api/v1/placement/runs/{id}/send":            "zorgkantoor",
	"GET /api/v1/placement/agenda":                     "zorgkantoor",
	"POST /api/v1/placement/agenda/{id}/decision":      "zorgkantoor",
	"GET /api/v1/placement/gaps":                       "zorgkantoor,programma",
	"GET /api/v1/placement/aggregates":                 "zorgkantoor,programma",
}

// TestPlacementDemoFigures checks that the demo holds the letters'
// situation: 70 maatwerkplekken; 13 people moved, 18 about to move, 17
// helped another way; and a well-filled home region.
func TestPlacementDemoFigures(t *testing.T) {
	a, _ := testApp(t, "sqlite")
	ctx := context.Background()
	count := func(q string) int {
		t.Helper()
		var n int
		if err := a.DB.QueryRowContext(ctx, q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	for q, want := range map[string]int{
		`SELECT COALESCE(SUM(capacity), 0) FROM placement_places WHERE kind = 'maatwerk'`: 70,
		`SELECT COUNT(*) FROM placement_cases WHERE phase = 'verhuisd'`:                   13,
		`SELECT COUNT(*) FROM placement_cases WHERE phase = 'geaccepteerd'`:               18,
		`SELECT COUNT(*) FROM placement_cases WHERE phase = 'anders_geholpen'`:            17,
	} {
		if got := count(q); got != want {
			t.Errorf("%s = %d, want %d", q, got, want)
		}
	}
	if n := count(`SELECT COUNT(*) FROM placement_cases WHERE region = 'ZK11' AND phase IN ('aangemeld','in_beeld','bemiddeling','voorstel')`); n < 10 {
		t.Errorf("home region has only %d open cases", n)
	}
	if n := count(`SELECT COUNT(*) FROM placement_proposals WHERE status = 'open'`); n < 1 {
		t.Error("the demo client has no proposal to answer")
	}
}
