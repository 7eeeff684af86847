package app

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestCrisisHandoverToPlacement follows a C.O.T.'s handover through the
// real server on both dialects: the team hands a client of its case over,
// the person appears in the care office's register as aangemeld with the
// dossierhouder kept, the handover is audited, bad input writes nothing,
// and a second handover of the same case is refused.
func TestCrisisHandoverToPlacement(t *testing.T) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			a, srv := testApp(t, dialect)
			ctx := context.Background()
			client := noRedirect()
			cot := login(t, srv.URL, "cot")
			post := func(cookie *http.Cookie, path string, form url.Values) (int, string) {
				t.Helper()
				req, _ := http.NewRequest("POST", srv.URL+path, strings.NewReader(form.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.AddCookie(cookie)
				resp, err := client.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				defer resp.Body.Close()
				body, _ := io.ReadAll(resp.Body)
				return resp.StatusCode, string(body)
			}
			get := func(cookie *http.Cookie, path string) (int, string) {
				t.Helper()
				req, _ := http.NewRequest("GET", srv.URL+path, nil)
				req.AddCookie(cookie)
				resp, err := client.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				defer resp.Body.Close()
				body, _ := io.ReadAll(resp.Body)
				return resp.StatusCode, string(body)
			}
			// The crisisregisseur reports a crisis of a client not yet in
			// the register and assigns team 1 (the demo cot account's team).
			regie := login(t, srv.URL, "crisisregisseur")
			code, body := post(regie, "/crisis/melden", url.Values{"naam": {"Overdracht Testcliënt"}, "regio": {"ZK11"}, "waar": {"Thuis bij ouders"},
				"wat": {"Ouders kunnen de zorg niet meer aan"}, "urgentie": {"hoog"}})
			if code != http.StatusSeeOther {
				t.Fatalf("report: %d %s", code, body)
			}
			var caseID, clientID int64
			var region string
			if err := a.DB.QueryRowContext(ctx, `SELECT k.id, k.client_id, k.region_code FROM crisis_cases k JOIN clients c ON c.id = k.client_id WHERE c.name = 'Overdracht Testcliënt'`).
				Scan(&caseID, &clientID, &region); err != nil {
				t.Fatal(err)
			}
			path := "/crisis/" + strconv.FormatInt(caseID, 10)
			if code, body := post(regie, path+"/team", url.Values{"team": {"1"}}); code != http.StatusSeeOther {
				t.Fatalf("assign team 1: %d %s", code, body)
			}
			placementCases := func() int {
				t.Helper()
				var n int
				if err := a.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM placement_cases WHERE client_id = $1`, clientID).Scan(&n); err != nil {
					t.Fatal(err)
				}
				return n
			}
			if code, body := get(cot, path); code != http.StatusOK || !strings.Contains(body, `name="zorgprofiel"`) {
				t.Fatalf("case page: %d, handover form with zorgprofiel: %v", code, strings.Contains(body, `name="zorgprofiel"`))
			}
			// An unknown profile: the register's field error on the form, nothing written.
			form := url.Values{"reden": {"De groep kan de zorg niet meer bieden"}, "dossierhouder": {"J. de Wit, persoonlijk begeleider"}, "zorgprofiel": {"VG9"}, "urgent": {"1"}}
			code, body = post(cot, path+"/overdracht", form)
			if code != http.StatusUnprocessableEntity || !strings.Contains(body, "onbekend zorgprofiel") || !strings.Contains(body, `href="#zorgprofiel"`) {
				t.Errorf("unknown profile: %d", code)
			}
			if n := placementCases(); n != 0 {
				t.Fatalf("a refused handover wrote %d placement cases", n)
			}
			form.Set("zorgprofiel", "vg7")
			if code, body := post(cot, path+"/overdracht", form); code != http.StatusSeeOther {
				t.Fatalf("handover: %d %s", code, body)
			}
			var pcID int64
			var phase, waiting, dossierhouder, pcRegion string
			if err := a.DB.QueryRowContext(ctx, `SELECT id, phase, waiting, dossierhouder, region FROM placement_cases WHERE client_id = $1`, clientID).
				Scan(&pcID, &phase, &waiting, &dossierhouder, &pcRegion); err != nil {
				t.Fatal(err)
			}
			if phase != "aangemeld" || waiting != "urgent" || dossierhouder != "J. de Wit, persoonlijk begeleider" || pcRegion != region {
				t.Errorf("register case: phase %s, waiting %s, dossierhouder %q, region %s", phase, waiting, dossierhouder, pcRegion)
			}
			var status, ref string
			if err := a.DB.QueryRowContext(ctx, `SELECT status, handover_ref FROM crisis_cases WHERE id = $1`, caseID).Scan(&status, &ref); err != nil {
				t.Fatal(err)
			}
			if status != "overgedragen" || ref != "CZ-"+strconv.FormatInt(pcID, 10) {
				t.Errorf("crisis case after handover: %s %q", status, ref)
			}
			var audited int
			if err := a.DB.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM audit_accesses WHERE object_type = 'placement_case' AND object_id = $1 AND action = 'create' AND role = 'cot')
				+ (SELECT COUNT(*) FROM audit_pending WHERE object_type = 'placement_case' AND object_id = $1 AND action = 'create' AND role = 'cot')`,
				strconv.FormatInt(pcID, 10)).Scan(&audited); err != nil || audited != 1 {
				t.Errorf("handover audited %d times (%v), want 1", audited, err)
			}
			// The care office of the region sees the person in its register.
			zk := login(t, srv.URL, "zorgkantoor")
			if code, body := get(zk, "/complexe-zorg?fase=aangemeld"); code != http.StatusOK || !strings.Contains(body, "/complexe-zorg/personen/"+strconv.FormatInt(pcID, 10)) {
				t.Errorf("register page: %d, person listed: %v", code, strings.Contains(body, "/complexe-zorg/personen/"+strconv.FormatInt(pcID, 10)))
			}
			if code, body := get(zk, "/complexe-zorg/personen/"+strconv.FormatInt(pcID, 10)); code != http.StatusOK || !strings.Contains(body, "J. de Wit, persoonlijk begeleider") {
				t.Errorf("person page: %d", code)
			}
			// Handing the same case over again is refused and writes nothing.
			if code, body := post(cot, path+"/overdracht", form); code != http.StatusConflict || !strings.Contains(body, "al afgesloten of overgedragen") {
				t.Errorf("second handover: %d", code)
			}
			if n := placementCases(); n != 1 {
				t.Errorf("%d placement cases after a repeated handover, want 1", n)
			}
			if code, body := get(cot, path); code != http.StatusOK || !strings.Contains(body, ref) {
				t.Errorf("case page after handover: %d, shows %s: %v", code, ref, strings.Contains(body, ref))
			}
			// A demo case of team 1 whose client's search already runs: the
			// handover points to that search instead of registering twice.
			var other, otherClient, running int64
			if err := a.DB.QueryRowContext(ctx, `SELECT k.id, k.client_id, pc.id FROM crisis_cases k JOIN placement_cases pc ON pc.client_id = k.client_id
				WHERE k.team_id = 1 AND k.status = 'cot' AND pc.phase NOT IN ('verhuisd', 'anders_geholpen', 'gestopt') ORDER BY k.id LIMIT 1`).Scan(&other, &otherClient, &running); err != nil {
				t.Fatalf("no demo case of team 1 with a running search: %v", err)
			}
			var before int
			if err := a.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM placement_cases WHERE client_id = $1`, otherClient).Scan(&before); err != nil {
				t.Fatal(err)
			}
			if code, body := post(cot, "/crisis/"+strconv.FormatInt(other, 10)+"/overdracht", form); code != http.StatusSeeOther {
				t.Fatalf("handover of a client in the register: %d %s", code, body)
			}
			var after int
			var otherRef, note string
			if err := a.DB.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM placement_cases WHERE client_id = $1), handover_ref, close_note FROM crisis_cases WHERE id = $2`,
				otherClient, other).Scan(&after, &otherRef, &note); err != nil {
				t.Fatal(err)
			}
			if after != before || otherRef != "CZ-"+strconv.FormatInt(running, 10) || !strings.Contains(note, "stond al in het register") {
				t.Errorf("handover to a running search: %d -> %d cases, ref %q, note %q", before, after, otherRef, note)
			}
		})
	}
}

// TestCrisisDemo checks the crisis module's demo data against the letters:
// 14 active C.O.T.s that together cover every care-office region, crisis
// beds in every region, some figures stale, and a stream of crises over
// half a year with both decisions and open cases for the demo accounts.
func TestCrisisDemo(t *testing.T) {
	a, srv := testApp(t, "sqlite")
	ctx := context.Background()
	n := func(q string, args ...any) int {
		t.Helper()
		var v int
		if err := a.DB.QueryRowContext(ctx, q, args...).Scan(&v); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return v
	}
	regions := n(`SELECT COUNT(*) FROM regions`)
	if regions != 31 {
		t.Errorf("%d care-office regions, want 31", regions)
	}
	if got := n(`SELECT COUNT(*) FROM crisis_teams WHERE active`); got != 14 {
		t.Errorf("%d active C.O.T.s, want 14", got)
	}
	if got := n(`SELECT COUNT(DISTINCT region_code) FROM crisis_team_regions`); got != regions {
		t.Errorf("the teams cover %d regions, want all %d", got, regions)
	}
	if got := n(`SELECT COUNT(DISTINCT region_code) FROM crisis_beds WHERE contracted`); got != regions {
		t.Errorf("contracted crisis beds in %d regions, want all %d", got, regions)
	}
	stale := time.Now().Add(-24 * time.Hour).UTC()
	if n(`SELECT COUNT(*) FROM crisis_beds WHERE availability_at < $1`, stale) == 0 || n(`SELECT COUNT(*) FROM crisis_teams WHERE availability_at < $1`, stale) == 0 {
		t.Error("no stale availability figure to show as stale")
	}
	if got := n(`SELECT COUNT(*) FROM crisis_cases`); got < 260 {
		t.Errorf("%d crises, want a stream of at least 260", got)
	}
	for _, d := range []string{"opname", "cot"} {
		if n(`SELECT COUNT(*) FROM crisis_cases WHERE decision = $1`, d) < 20 {
			t.Errorf("few crises decided as %s", d)
		}
	}
	if got := n(`SELECT COUNT(*) FROM crisis_cases WHERE reported_at < $1`, time.Now().AddDate(0, -5, 0).UTC()); got == 0 {
		t.Error("the stream does not reach back half a year")
	}
	if n(`SELECT COUNT(*) FROM crisis_cases WHERE status IN ('gemeld', 'in_behandeling')`) == 0 || n(`SELECT COUNT(*) FROM crisis_cases WHERE status = 'cot' AND team_id = 1`) == 0 ||
		n(`SELECT COUNT(*) FROM crisis_extensions WHERE status = 'aangevraagd'`) == 0 {
		t.Error("no open crisis for the demo crisisregisseur, no case for the demo cot account or no extension to judge")
	}
	// The monitor's figure of active teams against the letters' 14.
	cookie := login(t, srv.URL, "programma")
	req, _ := http.NewRequest("GET", srv.URL+"/api/v1/crisis/aggregates", nil)
	req.AddCookie(cookie)
	resp, err := noRedirect().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"teams_active": 14`) || !strings.Contains(string(body), `"teams_target": 14`) {
		t.Errorf("aggregates: %d %s", resp.StatusCode, body)
	}
}

// TestCrisisConfig reads the module's times from the environment and
// refuses what is not a positive duration, naming the variable.
func TestCrisisConfig(t *testing.T) {
	env := map[string]string{"VOLWAARDIG_CRISIS_STALE_AFTER": "2h", "VOLWAARDIG_CRISIS_WARN_BEFORE": "90m"}
	cfg, err := crisisConfig(func(k string) string { return env[k] })
	if err != nil || cfg.StaleAfter != 2*time.Hour || cfg.WarnBefore != 90*time.Minute {
		t.Errorf("config %+v, %v", cfg, err)
	}
	if cfg, err := crisisConfig(func(string) string { return "" }); err != nil || cfg.StaleAfter != 0 {
		t.Errorf("unset: %+v, %v (the module's defaults apply)", cfg, err)
	}
	for _, bad := range []string{"-1h", "0s", "een dag"} {
		env["VOLWAARDIG_CRISIS_STALE_AFTER"] = bad
		if _, err := crisisConfig(func(k string) string { return env[k] }); err == nil || !strings.Contains(err.Error(), "VOLWAARDIG_CRISIS_STALE_AFTER") {
			t.Errorf("%q: %v", bad, err)
		}
	}
}
