package monitor

import (
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/web"
)

// TestIndicatorCellsSayWhatThePartsSay: the dashboard's rows, put together
// in Go, say for every kind of reading and status what the "status" and
// "how" parts of parts.html say on the other pages, in Dutch and English.
func TestIndicatorCellsSayWhatThePartsSay(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		at := time.Date(2026, 3, 2, 14, 5, 0, 0, time.UTC)
		nl := func(s string) string { return s }
		en := func(s string) string { return f.s.rd.Catalog.Translate(web.LangEN, s) }
		cases := []struct {
			iv                 IndicatorView
			tr                 func(string) string
			status, how        string
			urgent, none, gone bool
		}{
			{IndicatorView{Status: StatusOnTrack, Reading: Reading{Source: SourceManual, Note: "Jaarverslag 2025", MeasuredOn: Day("2026-01-31")}}, nl,
				"Op koers", "Met de hand ingevoerd. Bron: Jaarverslag 2025 (gemeten op 31-01-2026)", false, false, false},
			{IndicatorView{Status: StatusNotAchieved, Reading: Reading{Source: SourceLive, FigureLabel: "Maatwerkplekken", Module: "placement", At: at}}, nl,
				"Niet gehaald", "Berekend uit ‘Maatwerkplekken’ (module Complexe zorg), stand op " + f.s.rd.Fmt.DateTime(at), true, false, false},
			{IndicatorView{Status: StatusAttention, Reading: Reading{Source: SourceSnapshot, FigureLabel: "Maatwerkplekken", Module: "placement", At: at}}, nl,
				"Aandacht nodig", "Berekend uit ‘Maatwerkplekken’ (module Complexe zorg), momentopname van " + f.s.rd.Fmt.Date(at), true, false, false},
			{IndicatorView{Reading: Reading{Source: SourceUnavailable, Module: "crisis", Why: "de module is er niet"}}, nl,
				"Nog geen status", "de module is er niet (module Crisis)", false, true, true},
			{IndicatorView{Reading: Reading{Source: SourceUnavailable, Why: "geen cijfer gekozen"}}, nl,
				"Nog geen status", "geen cijfer gekozen", false, true, true},
			{IndicatorView{Reading: Reading{Why: "nog geen meting"}}, nl, "Nog geen status", "nog geen meting", false, true, false},
			{IndicatorView{Status: StatusAchieved, Reading: Reading{Source: SourceManual, Note: "Jaarverslag 2025", MeasuredOn: Day("2026-01-31")}}, en,
				en("Gehaald"), en("Met de hand ingevoerd.") + " " + en("Bron:") + " Jaarverslag 2025 (" + en("gemeten op") + " 31-01-2026)", false, false, false},
		}
		for i, c := range cases {
			got := f.s.cellsOf(c.iv, c.tr)
			want := indicatorCells{Status: c.status, Urgent: c.urgent, NoStatus: c.none, How: c.how, Unavailable: c.gone}
			if got != want {
				t.Errorf("case %d:\n got %+v\nwant %+v", i, got, want)
			}
		}
		if en("Met de hand ingevoerd.") == "Met de hand ingevoerd." {
			t.Error("the English catalogue lacks the row's texts")
		}
	})
}
