package support

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/web"
)

// TestEndSupport: the supporter ends a family's support through the form.
// A bad form names every field at fault at once and writes nothing (no
// reason, a day before the last logged action, "another reason" without
// a note); a good one records day, reason and who, in the audit log; the
// file then takes no more entries, drops out of the figures and the
// caseload's active families, and the family reads on its easy-read page
// that the help stopped, when and why, and may invite a supporter again.
// Another supporter cannot end it; it cannot end twice.
func TestEndSupport(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		f.clock.Advance(60 * 24 * time.Hour) // two months after intake
		if _, err := f.s.AddAction(ctx, f.sup, f.family, ActionInput{Kind: "afspraak", Date: "20-07-2026", Subject: "Gesprek met school", Minutes: "60"}); err != nil {
			t.Fatal(err)
		}
		page := f.do(t, f.sup, "GET", path(f.family, ""), nil).Body.String()
		if !strings.Contains(page, `action="/ondersteuning/gezin/`+strconv.FormatInt(f.family, 10)+`/beeindigen"`) {
			t.Fatalf("the supporter's page has no form to end the support")
		}
		rec := f.do(t, f.sup, "POST", path(f.family, "/beeindigen"), url.Values{"reden": {""}, "einddatum": {"01-07-2026"}})
		body := rec.Body.String()
		if rec.Code != 422 || !strings.Contains(body, `href="#reden"`) || !strings.Contains(body, `href="#einddatum"`) || !strings.Contains(body, "20-07-2026") {
			t.Errorf("bad end form: %d, reason and day not both named", rec.Code)
		}
		err := f.s.End(ctx, f.sup, f.family, EndInput{Reason: string(EndOther), Date: "31-12-2099"})
		if !slices.Equal(fieldsOf(err), []string{"einddatum", "eindtoelichting"}) {
			t.Errorf("other reason without note, day in the future: %v", fieldsOf(err))
		}
		if n := f.count(t, `SELECT COUNT(*) FROM support_endings`) + f.count(t, `SELECT COUNT(*) FROM support_families WHERE ended_on IS NOT NULL`); n != 0 {
			t.Fatalf("a refused form wrote %d rows", n)
		}
		if err := f.s.End(ctx, f.sup2, f.family, EndInput{Reason: string(EndGoalsMet), Date: "25-07-2026"}); !errors.Is(err, errNoFile) {
			t.Errorf("another supporter ends the support: %v", err)
		}
		before := f.events(audit.ActionUpdate, "")
		rec = f.do(t, f.sup, "POST", path(f.family, "/beeindigen"), url.Values{"reden": {string(EndGoalsMet)}, "einddatum": {"25-07-2026"}, "eindtoelichting": {"Sanne woont nu in Zeist."}})
		if rec.Code != http.StatusSeeOther || !strings.Contains(rec.Header().Get("Location"), "#einde") {
			t.Fatalf("end: %d %s", rec.Code, rec.Header().Get("Location"))
		}
		if got := f.events(audit.ActionUpdate, "") - before; got != 1 {
			t.Errorf("%d audit events for the end, want 1", got)
		}
		fam, err := f.s.store.family(ctx, f.family)
		if err != nil || fam.Active() || fam.EndedOn.Format("02-01-2006") != "25-07-2026" {
			t.Errorf("family after end: %+v %v", fam, err)
		}
		var we *web.Error
		if err := f.s.End(ctx, f.sup, f.family, EndInput{Reason: string(EndGoalsMet), Date: "26-07-2026"}); !errors.As(err, &we) || we.Code != web.CodeConflict {
			t.Errorf("end twice: %v", err)
		}
		if _, err := f.s.AddAction(ctx, f.sup, f.family, ActionInput{Kind: "afspraak", Date: "26-07-2026", Subject: "Na het einde", Minutes: "10"}); !errors.As(err, &we) || we.Code != web.CodeForbidden {
			t.Errorf("an entry after the end: %v", err)
		}
		page = f.do(t, f.sup, "GET", path(f.family, ""), nil).Body.String()
		for _, want := range []string{"Einde van de ondersteuning", "De doelen zijn bereikt", "Sanne woont nu in Zeist.", "Ilse Mulder, "} {
			if !strings.Contains(page, want) {
				t.Errorf("supporter's page after the end lacks %q", want)
			}
		}
		if strings.Contains(page, `/beeindigen"`) || strings.Contains(page, `/logboek"`) {
			t.Errorf("the ended file still shows forms")
		}
		mine := f.do(t, f.naaste, "GET", "/ondersteuning/mijn", nil).Body.String()
		for _, want := range []string{"Is de hulp gestopt?", "Wie hielp Sanne de Vries?", "Waar werkten we aan?", "De hulp is gestopt op 25-07-2026.", "De doelen zijn bereikt.", "Ilse Mulder was de cliëntondersteuner van Sanne de Vries.", `action="/ondersteuning/mijn"`} {
			if !strings.Contains(mine, want) {
				t.Errorf("the naaste's page lacks %q", want)
			}
		}
		var api fileResponse
		if err := json.Unmarshal(f.do(t, f.own, "GET", "/api/v1/support/families/"+strconv.FormatInt(f.family, 10), nil).Body.Bytes(), &api); err != nil {
			t.Fatal(err)
		}
		if api.Ending == nil || api.Ending.Reason != EndGoalsMet || api.Family.EndedOn != "2026-07-25" || api.Family.Active {
			t.Errorf("api file lacks the ending: %+v %+v", api.Family, api.Ending)
		}
		figs, err := f.s.Figures(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, fg := range figs {
			if fg.Key == "support.families.zevmb" && fg.Region == "" && fg.Value != 0 {
				t.Errorf("ended family still counted: %v", fg.Value)
			}
		}
		sec, err := f.s.Inzage(ctx, f.client)
		if err != nil || !slices.ContainsFunc(sec.Tables, func(tb clients.SectionTable) bool {
			return slices.ContainsFunc(tb.Rows, func(r []string) bool { return slices.Contains(r, "De doelen zijn bereikt: Sanne woont nu in Zeist.") })
		}) {
			t.Errorf("inzage lacks the reason: %v", err)
		}
	})
}

// TestFamilyEndsSupport: the family itself (a naaste who may act) ends the
// support through the API; a naaste of another client cannot.
func TestFamilyEndsSupport(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		base := "/api/v1/support/families/" + strconv.FormatInt(f.family, 10) + "/end"
		if rec := f.json(t, f.naaste2, "POST", base, `{"reason":"gezin_stopt","ended_on":"2026-06-01"}`); rec.Code != 404 {
			t.Errorf("another family's naaste: %d", rec.Code)
		}
		rec := f.json(t, f.naaste, "POST", base, `{"reason":"","ended_on":""}`)
		if rec.Code != 422 || !strings.Contains(rec.Body.String(), "reden") || !strings.Contains(rec.Body.String(), "einddatum") {
			t.Errorf("empty end: %d %s", rec.Code, rec.Body.String())
		}
		rec = f.json(t, f.naaste, "POST", base, `{"reason":"gezin_stopt","ended_on":"2026-06-01"}`)
		var out fileResponse
		if err := json.Unmarshal(rec.Body.Bytes(), &out); rec.Code != 200 || err != nil || out.Ending == nil || out.Ending.EndedBy != "Marieke de Vries" || out.Ending.Reason != EndFamilyStops {
			t.Errorf("family ends: %d %s", rec.Code, rec.Body.String())
		}
	})
}
