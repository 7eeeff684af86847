package innovation

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/module"
	"github.com/volwaardig/volwaardig/internal/testkit"
	"github.com/volwaardig/volwaardig/internal/web"
)

// TestNoPlatformTablesInSQL keeps the module's SQL on its own tables.
func TestNoPlatformTablesInSQL(t *testing.T) { testkit.NoPlatformSQL(t, ".") }

// TestSQLOnlyInStore keeps all of the module's SQL behind its store type.
func TestSQLOnlyInStore(t *testing.T) { testkit.SQLOnlyInStore(t, ".") }

// TestCatalogueHas55 guards the programme's number of mapped technologies
// in the demo catalogue, one theme each of the six.
func TestCatalogueHas55(t *testing.T) {
	if len(demoCatalogue) != 55 {
		t.Fatalf("demo catalogue has %d entries, want 55", len(demoCatalogue))
	}
	names := map[string]bool{}
	for _, d := range demoCatalogue {
		if _, ok := ThemeByCode(d.theme); !ok || len(d.checks) != 4 || names[d.name] {
			t.Errorf("bad entry %q (theme %q, checks %q, duplicate %v)", d.name, d.theme, d.checks, names[d.name])
		}
		names[d.name] = true
	}
	if len(themes) != 6 {
		t.Errorf("%d themes, want 6", len(themes))
	}
}

// TestProjectAccessByScope: the provider edits its own projects; another
// provider, a relative without the council duty and the programme get the
// same not-found answer for the id as for an id that does not exist; a
// professional reads but does not decide; the council reads and advises
// but does not decide.
func TestProjectAccessByScope(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		id := f.create(t)
		p := path(id, "")
		for _, c := range []struct {
			who  *auth.Principal
			want int
		}{{f.aanb, 200}, {f.zv, 200}, {f.raad, 200}, {f.aanb2, 404}, {f.raad2, 404}, {f.naaste, 404}, {f.prog, 403}} {
			if got := f.do(t, c.who, "GET", p, nil).Code; got != c.want {
				t.Errorf("%s GET %s: %d, want %d", c.who.Username, p, got, c.want)
			}
			api := "/api/v1/innovation/projects/" + strconv.FormatInt(id, 10)
			if got := f.api(t, c.who, "GET", api, "").Code; got != c.want {
				t.Errorf("%s GET %s: %d, want %d", c.who.Username, api, got, c.want)
			}
		}
		if got := f.do(t, f.aanb, "GET", path(id+1000, ""), nil).Code; got != 404 {
			t.Errorf("unknown id: %d", got)
		}
		gate := url.Values{"besluit": {"go"}, "reden": {"Klaar"}}
		for _, who := range []*auth.Principal{f.zv, f.raad, f.aanb2} {
			if got := f.do(t, who, "POST", path(id, "/besluit"), gate).Code; got != 403 && got != 404 {
				t.Errorf("%s may decide: %d", who.Username, got)
			}
		}
		if n := f.count(t, `SELECT COUNT(*) FROM innovation_gates`); n != 0 {
			t.Fatalf("a refused decision wrote %d gates", n)
		}
		// The council advises; a relative without the duty cannot.
		if got := f.do(t, f.naaste, "POST", path(id, "/advies"), url.Values{"advies": {"Vraag de bewoners"}}).Code; got != 404 {
			t.Errorf("relative without the duty advised: %d", got)
		}
		if got := f.do(t, f.raad, "POST", path(id, "/advies"), url.Values{"advies": {"Vraag de bewoners"}}).Code; got != http.StatusSeeOther {
			t.Errorf("council advice: %d", got)
		}
		// Another provider's list does not hold the project.
		ps, err := f.s.Projects(context.Background(), f.aanb2)
		if err != nil || len(ps) != 0 {
			t.Errorf("other provider lists %d projects (%v)", len(ps), err)
		}
		// The programme reads figures, not projects.
		if got := f.api(t, f.prog, "GET", "/api/v1/innovation/figures", "").Code; got != 200 {
			t.Errorf("programme figures: %d", got)
		}
	})
}

// TestGateRefusals: skipping a phase, a go before the self-scan, a no-go
// without category and reason, and a go while the council's advice has no
// answer are each refused with a Dutch error naming what to do, and
// nothing is written.
func TestGateRefusals(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		id := f.create(t)
		_, err := f.s.Decide(ctx, f.aanb, id, GateInput{To: PhaseChoice, Decision: "go", Reason: "Sneller"})
		if !slices.Contains(fieldsOf(err), "besluit") || !strings.Contains(err.Error(), "skipped") {
			t.Fatalf("skipping a phase: %v", err)
		}
		_, err = f.s.Decide(ctx, f.aanb, id, GateInput{Decision: "nogo"})
		if got := fieldsOf(err); !slices.Contains(got, "reden") || !slices.Contains(got, "stopreden") {
			t.Fatalf("no-go without reasons: fields %v", got)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM innovation_gates`); n != 0 {
			t.Fatalf("refused decisions wrote %d gates", n)
		}
		if _, err := f.s.Decide(ctx, f.aanb, id, GateInput{To: PhaseReadiness, Decision: "go", Reason: "Zorgvraag is scherp"}); err != nil {
			t.Fatal(err)
		}
		// Readiness: without the scan, and with an area not in order.
		_, err = f.s.Decide(ctx, f.aanb, id, GateInput{Decision: "go", Reason: "Door"})
		if !strings.Contains(err.Error(), "not finished") {
			t.Fatalf("go without the scan: %v", err)
		}
		must(t, f.s.SaveScan(ctx, f.aanb, id, ScanInput{Organisation: ReadyYes, IT: ReadyNo, Finance: ReadyYes, Staff: ReadyYes}))
		_, err = f.s.Decide(ctx, f.aanb, id, GateInput{Decision: "go", Reason: "Door"})
		if !slices.Contains(fieldsOf(err), "scan_it") {
			t.Fatalf("go with IT not in order: %v", err)
		}
		// The message names the area as the page does, not its code.
		if fes, _ := web.FieldErrorsOf(err); len(fes) != 1 || !strings.Contains(fes[0].Message, "ICT is niet op orde") || strings.Contains(fes[0].English, "scan_it") {
			t.Errorf("the area not in order is not named: %+v", fes)
		}
		// Open council advice blocks the gate until answered.
		must(t, f.s.Advise(ctx, f.raad, id, AdviceInput{Text: "Regel eerst de wifi"}))
		must(t, f.s.SaveScan(ctx, f.aanb, id, ScanInput{Organisation: ReadyYes, IT: ReadyPartly, Finance: ReadyYes, Staff: ReadyYes}))
		_, err = f.s.Decide(ctx, f.aanb, id, GateInput{Decision: "go", Reason: "Door"})
		if err == nil || !strings.Contains(err.Error(), "advice") {
			t.Fatalf("go with open advice: %v", err)
		}
		as, _ := f.s.store.advice(ctx, id)
		must(t, f.s.Answer(ctx, f.aanb, id, as[0].ID, "Wifi wordt in maart verbeterd"))
		to, err := f.s.Decide(ctx, f.aanb, id, GateInput{Decision: "go", Reason: "Randvoorwaarden voldoende"})
		if err != nil || to != PhaseExplore {
			t.Fatalf("go: %v %v", to, err)
		}
		gs, _ := f.s.store.gates(ctx, id)
		if len(gs) != 2 || gs[1].DecidedBy != f.aanb.UserID || gs[1].Reason != "Randvoorwaarden voldoende" || gs[1].DecidedAt.IsZero() {
			t.Fatalf("gates: %+v", gs)
		}
		// A no-go stops the project with its reasons; nothing changes after.
		if _, err := f.s.Decide(ctx, f.aanb, id, GateInput{Decision: "nogo", StopCategory: "randvoorwaarden", Reason: "Geen budget"}); err != nil {
			t.Fatal(err)
		}
		pr, _ := f.s.store.project(ctx, f.d, id)
		if pr.Phase != PhaseStopped || pr.StopCategory != "randvoorwaarden" || pr.StopReason != "Geen budget" {
			t.Fatalf("stopped project: %+v", pr)
		}
		if err := f.s.SaveScan(ctx, f.aanb, id, ScanInput{Organisation: ReadyYes, IT: ReadyYes, Finance: ReadyYes, Staff: ReadyYes}); !isCode(err, web.CodeConflict) {
			t.Fatalf("change after stop: %v", err)
		}
	})
}

// TestWholeRoute walks a technology project and a social innovation from
// care question to scale-up.
func TestWholeRoute(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		id := f.create(t)
		f.advance(t, id, PhaseScale)
		in := validInput()
		in.Kind = KindSocial
		sid, err := f.s.CreateProject(context.Background(), f.aanb, in)
		if err != nil {
			t.Fatal(err)
		}
		f.advance(t, sid, PhaseScale)
		gs, _ := f.s.store.gates(context.Background(), sid)
		for _, g := range gs {
			if g.To == PhaseExplore || g.To == PhaseChoice {
				t.Errorf("a social innovation passed the catalogue phase %s", g.To)
			}
		}
		if len(gs) != 5 {
			t.Errorf("social route had %d gates, want 5", len(gs))
		}
	})
}

// TestMatrixWeightsMustSum: weights that do not add up to 100, scores out
// of range and a nameless criterion are all reported at once and nothing
// is stored; a valid matrix ranks the candidates.
func TestMatrixWeightsMustSum(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		id := f.create(t)
		f.advance(t, id, PhaseExplore)
		must(t, f.s.AddCandidate(ctx, f.aanb, id, f.tech[0]))
		must(t, f.s.AddCandidate(ctx, f.aanb, id, f.tech[1]))
		a, b := f.tech[0], f.tech[1]
		err := f.s.SaveMatrix(ctx, f.aanb, id, []CriterionInput{
			{Name: "Cliënt", Weight: "60", Scores: map[int64]string{a: "5", b: "3"}},
			{Name: "", Weight: "30", Scores: map[int64]string{a: "9", b: "2"}},
		})
		got := fieldsOf(err)
		for _, want := range []string{"criterium-1", "score-1-" + strconv.FormatInt(a, 10), "gewicht-0"} {
			if !slices.Contains(got, want) {
				t.Errorf("missing error at %s: %v", want, got)
			}
		}
		if !strings.Contains(err.Error(), "tellen op tot 90") {
			t.Errorf("sum not named: %v", err)
		}
		// Each score error names its technology and criterion, so the
		// summary says which of the score fields is wrong.
		fes, _ := web.FieldErrorsOf(err)
		for _, fe := range fes {
			if fe.Field == "score-1-"+strconv.FormatInt(a, 10) && fe.Message != "Geef Slaapsensor bij criterium 2 een score van 1 tot 5." {
				t.Errorf("score error does not name the technology: %q", fe.Message)
			}
		}
		if n := f.count(t, `SELECT COUNT(*) FROM innovation_criteria`); n != 0 {
			t.Fatalf("a refused matrix stored %d criteria", n)
		}
		must(t, f.s.SaveMatrix(ctx, f.aanb, id, []CriterionInput{
			{Name: "Cliënt", Weight: "60", Scores: map[int64]string{a: "2", b: "5"}},
			{Name: "Kosten", Weight: "40", Scores: map[int64]string{a: "5", b: "2"}},
		}))
		v, err := f.s.View(ctx, f.aanb, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Ranking) != 2 || v.Ranking[0].Technology.ID != b || v.Ranking[0].TotalText() != "3,80" {
			t.Fatalf("ranking: %+v", v.Ranking)
		}
		// Through the API: weights of 50 and 40.
		rec := f.api(t, f.aanb, "POST", "/api/v1/innovation/projects/"+strconv.FormatInt(id, 10)+"/matrix",
			`{"criteria":[{"name":"A","weight":50,"scores":{"`+strconv.FormatInt(a, 10)+`":3,"`+strconv.FormatInt(b, 10)+`":3}},{"name":"B","weight":40,"scores":{"`+strconv.FormatInt(a, 10)+`":3,"`+strconv.FormatInt(b, 10)+`":3}}]}`)
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "100") {
			t.Fatalf("API matrix not summing: %d %s", rec.Code, rec.Body)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM innovation_criteria WHERE project_id = $1`, id); n != 2 {
			t.Fatalf("the refused API matrix changed the stored one: %d criteria", n)
		}
	})
}

// TestCostsFormat: the catalogue form refuses costs in another format than
// a Dutch amount, naming both cost fields at once, and stores nothing.
func TestCostsFormat(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		before := f.count(t, `SELECT COUNT(*) FROM innovation_technologies`)
		rec := f.do(t, f.aanb, "POST", "/innovatie/technologie", url.Values{"naam": {"Nieuwe sensor"}, "thema": {"slapen"}, "zorgvragen": {"Onrust"},
			"voordelen": {"Goed"}, "nadelen": {"Duur"}, "aanschaf": {"12.50"}, "jaarlijks": {"veel"}, "leverancier": {"Sensorium"}})
		if rec.Code != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", rec.Code)
		}
		body := rec.Body.String()
		for _, want := range []string{`href="#aanschaf"`, `href="#jaarlijks"`, "1.250,00"} {
			if !strings.Contains(body, want) {
				t.Errorf("page lacks %q", want)
			}
		}
		if n := f.count(t, `SELECT COUNT(*) FROM innovation_technologies`); n != before {
			t.Fatalf("refused technology stored: %d → %d", before, n)
		}
		rec = f.do(t, f.aanb, "POST", "/innovatie/technologie", url.Values{"naam": {"Nieuwe sensor"}, "thema": {"slapen"}, "zorgvragen": {"Onrust"},
			"voordelen": {"Goed"}, "nadelen": {"Duur"}, "aanschaf": {"€ 1.250,50"}, "jaarlijks": {"240,-"}, "leverancier": {"Sensorium"}})
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("valid technology: %d", rec.Code)
		}
		var cents, yearly int64
		if err := f.d.QueryRowContext(context.Background(), `SELECT purchase_cents, yearly_cents FROM innovation_technologies WHERE name = 'Nieuwe sensor'`).Scan(&cents, &yearly); err != nil || cents != 125050 || yearly != 24000 {
			t.Fatalf("stored %d %d (%v)", cents, yearly, err)
		}
	})
}

func TestParseEuro(t *testing.T) {
	good := map[string]int64{"1250": 125000, "1.250": 125000, "1.250,50": 125050, "€ 12,5": 1250, "450,-": 45000, "0": 0, "EUR 3,05": 305, "1.000.000": 100000000}
	for in, want := range good {
		if got, err := parseEuro(in); err != nil || got != want {
			t.Errorf("parseEuro(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "12.50", "1,250", "1.2345", "-5", "abc", "1,", ",5", "12,345", "99999999999", "1.25.000", "1 250"} {
		if got, err := parseEuro(in); err == nil {
			t.Errorf("parseEuro(%q) = %d, want an error", in, got)
		}
	}
	if got := euro(125050); got != "€ 1.250,50" {
		t.Errorf("euro: %q", got)
	}
}

// TestNewProjectAllErrorsAtOnce: an empty care-question form names every
// field at once in the error summary and starts nothing.
func TestNewProjectAllErrorsAtOnce(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		rec := f.do(t, f.aanb, "POST", "/innovatie/projecten", url.Values{"thema": {"onbekend"}, "verwacht": {"veel"}, "titel": {strings.Repeat("a", 121)}})
		if rec.Code != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", rec.Code)
		}
		body := rec.Body.String()
		// The messages are Dutch sentences a person reads at once.
		for _, want := range []string{"De titel is te lang", "Vul de cliëntengroep (voor welke cliënten) in.", "Vul het verschil voor de cliënt in."} {
			if !strings.Contains(body, want) {
				t.Errorf("the errors lack %q", want)
			}
		}
		for _, field := range []string{"titel", "thema", "doelgroep", "zorgvraag", "verschil_client", "verschil_professional", "betrokken", "verwacht"} {
			if !strings.Contains(body, `href="#`+field+`"`) {
				t.Errorf("error summary lacks %s", field)
			}
		}
		if n := f.count(t, `SELECT COUNT(*) FROM innovation_projects`); n != 0 {
			t.Fatalf("refused form stored %d projects", n)
		}
		// The plan, effects and scale forms report every field too.
		id := f.create(t)
		f.advance(t, id, PhasePlan)
		rec = f.do(t, f.aanb, "POST", path(id, "/taken"), url.Values{"datum": {"31-02-2026"}})
		for _, field := range []string{"stap", "taak", "eigenaar", "datum"} {
			if !strings.Contains(rec.Body.String(), `href="#`+field+`"`) {
				t.Errorf("task form lacks error at %s", field)
			}
		}
	})
}

// TestUnreadableTextRefused: a form text that is not valid UTF-8 or holds
// a NUL is refused at its field, on PostgreSQL too, where it was an
// internal error (the text column refuses it) and nothing is stored.
func TestUnreadableTextRefused(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		for _, title := range []string{"Rustige nachten\xff", "Rustige\x00nachten"} {
			in := validInput()
			in.Title = title
			_, err := f.s.CreateProject(context.Background(), f.aanb, in)
			if got := fieldsOf(err); !slices.Equal(got, []string{"titel"}) {
				t.Fatalf("title %q: errors at %v (%v), want at titel", title, got, err)
			}
		}
		rec := f.do(t, f.aanb, "POST", "/innovatie/projecten", url.Values{"soort": {"technologie"}, "titel": {"Rust"}, "thema": {"slapen"}, "doelgroep": {"Bewoners"},
			"zorgvraag": {"Rust\xc3"}, "verschil_client": {"a"}, "verschil_professional": {"b"}, "betrokken": {"clienten"}})
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), `href="#zorgvraag"`) {
			t.Fatalf("status %d, want 422 with the error at zorgvraag", rec.Code)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM innovation_projects`); n != 0 {
			t.Fatalf("refused texts stored %d projects", n)
		}
	})
}

// TestSleepAggregateSuppressed: a project that chose sleep monitoring
// shows its participants' nights only for five or more clients, and never
// a week of fewer.
func TestSleepAggregateSuppressed(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		id := f.create(t)
		f.advance(t, id, PhaseSmall)
		var ids []int64
		for i := 0; i < 6; i++ {
			c, err := f.s.store.addParticipantForTest(ctx, f, i)
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, c)
		}
		f.sleep.agg = SleepAggregate{Clients: 4, Nights: 20, MeanSleepMinutes: 400}
		v, err := f.s.View(ctx, f.aanb, id)
		if err != nil {
			t.Fatal(err)
		}
		if v.Sleep == nil || !v.Sleep.Suppressed || v.Sleep.Aggregate.Nights != 0 {
			t.Fatalf("four clients shown: %+v", v.Sleep)
		}
		rec := f.do(t, f.raad, "GET", path(id, ""), nil)
		if !strings.Contains(rec.Body.String(), "Minder dan 5 deelnemers") || strings.Contains(rec.Body.String(), "400") {
			t.Errorf("council page shows suppressed nights")
		}
		if len(f.sleep.asked) != len(ids) {
			t.Errorf("asked for %d clients, want %d", len(f.sleep.asked), len(ids))
		}
		f.sleep.agg = SleepAggregate{Clients: 6, Nights: 40, MeanSleepMinutes: 412, MeanEfficiency: 86, Weeks: []SleepWeek{{Start: start, Clients: 6, Nights: 30, MeanSleepMinutes: 410}, {Start: start.AddDate(0, 0, 7), Clients: 3, Nights: 10, MeanSleepMinutes: 420}}}
		v, err = f.s.View(ctx, f.raad, id)
		if err != nil {
			t.Fatal(err)
		}
		if v.Sleep.Suppressed || len(v.Sleep.Aggregate.Weeks) != 1 {
			t.Fatalf("six clients: %+v", v.Sleep)
		}
		if v.Participants != nil || v.ParticipantCount != 6 {
			t.Errorf("the council sees participants' names: %v", v.Participants)
		}
		body := f.api(t, f.raad, "GET", "/api/v1/innovation/projects/"+strconv.FormatInt(id, 10), "").Body.String()
		if !strings.Contains(body, `"mean_sleep_minutes": 412`) {
			t.Errorf("API lacks the aggregate: %s", body)
		}
	})
}

// TestFiguresFollowData: the monitor's figures count projects,
// organisations that continue or stopped, locations and clients in use and
// the social trajectories, nationally and per region, and follow changes.
func TestFiguresFollowData(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		fig := func() map[string]int {
			fs, err := f.s.Figures(ctx)
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]int{}
			for _, x := range fs {
				out[x.Key+"/"+x.Region] = x.Value
			}
			return out
		}
		keys := []string{"innovation.projects", "innovation.organisations_active", "innovation.organisations_stopped", "innovation.locations", "innovation.clients",
			"innovation.technologies", "innovation.renewal_trajectories", "innovation.renewal_organisations"}
		got := fig()
		for _, k := range keys {
			if _, ok := got[k+"/"]; !ok {
				t.Errorf("no national line for %s", k)
			}
		}
		if got["innovation.technologies/"] != 3 || got["innovation.projects/"] != 0 {
			t.Fatalf("empty: %v", got)
		}
		id := f.create(t)
		f.advance(t, id, PhaseSmall)
		must(t, f.s.AddScale(ctx, f.aanb, id, ScaleInput{LocationID: f.loc, Clients: "7", On: "01-03-2026"}))
		other, err := f.s.CreateProject(ctx, f.aanb2, validInput())
		must(t, err)
		_, err = f.s.Decide(ctx, f.aanb2, other, GateInput{Decision: "nogo", StopCategory: "randvoorwaarden", Reason: "ICT niet op orde"})
		must(t, err)
		in := validInput()
		in.Kind = KindSocial
		_, err = f.s.CreateProject(ctx, f.aanb2, in)
		must(t, err)
		got = fig()
		want := map[string]int{"innovation.projects/": 2, "innovation.organisations_active/": 1, "innovation.organisations_stopped/": 1, "innovation.locations/": 1,
			"innovation.clients/": 7, "innovation.renewal_trajectories/": 1, "innovation.renewal_organisations/": 1,
			"innovation.clients/ZK11": 7, "innovation.organisations_stopped/ZK02": 1, "innovation.renewal_trajectories/ZK02": 1}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s = %d, want %d", k, got[k], v)
			}
		}
		fs, _ := f.s.Figures(ctx)
		for _, x := range fs {
			if x.Key == "innovation.clients" && !x.Persons {
				t.Errorf("clients is not marked as persons")
			}
		}
		// A later count at the same location replaces the earlier one.
		must(t, f.s.AddScale(ctx, f.aanb, id, ScaleInput{LocationID: f.loc, Clients: "12", On: "02-03-2026"}))
		if got := fig(); got["innovation.clients/"] != 12 {
			t.Errorf("after a new count: %d clients", got["innovation.clients/"])
		}
		// A location of another organisation is refused.
		if err := f.s.AddScale(ctx, f.aanb, id, ScaleInput{LocationID: f.loc2, Clients: "3", On: "02-03-2026"}); !slices.Contains(fieldsOf(err), "locatie") {
			t.Errorf("other org's location: %v", err)
		}
		var _ module.Figure
		// The figures page and API add a line per theme.
		body := f.api(t, f.prog, "GET", "/api/v1/innovation/figures", "").Body.String()
		if !strings.Contains(body, `"region": "slapen"`) {
			t.Errorf("no theme line in the figures: %s", body)
		}
		for _, x := range fs {
			if strings.HasPrefix(x.Region, themeKey) {
				t.Errorf("a theme line reached the monitor: %+v", x)
			}
		}
	})
}

// TestInzage: the client's right-of-access section lists the projects the
// client takes part in.
func TestInzage(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		id := f.create(t)
		c, err := f.s.store.addParticipantForTest(ctx, f, 0)
		must(t, err)
		sec, err := f.s.Inzage(ctx, c)
		must(t, err)
		if len(sec.Tables) != 1 || sec.Tables[0].Rows[0][0] != "Rustige nachten" || sec.Tables[0].Rows[0][1] != "Zorg Utrecht" {
			t.Fatalf("inzage: %+v", sec)
		}
		sec, err = f.s.Inzage(ctx, c+100)
		must(t, err)
		if len(sec.Tables) != 0 || len(sec.Fields) != 1 {
			t.Fatalf("inzage of someone else: %+v", sec)
		}
		_ = id
	})
}

// TestConfirmationAfterForm: after a form on the project page the browser
// goes back to the form's section with the confirmation's key in the
// query, not after the fragment (where the browser never sends it).
func TestConfirmationAfterForm(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		id := f.create(t)
		rec := f.do(t, f.raad, "POST", path(id, "/advies"), url.Values{"advies": {"Vraag de bewoners zelf"}})
		loc := rec.Header().Get("Location")
		if rec.Code != http.StatusSeeOther || loc != path(id, "?melding=advies#sectie-raad") {
			t.Fatalf("redirect %d to %q", rec.Code, loc)
		}
		page := f.do(t, f.raad, "GET", path(id, "?melding=advies"), nil).Body.String()
		if !strings.Contains(page, "Uw advies is vastgelegd.") {
			t.Errorf("the page does not confirm the advice")
		}
	})
}

// TestExports: the decision PDF is for the project's readers only; the CSV
// and XLSX hold the provider's own projects without client names.
func TestExports(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		id := f.create(t)
		rec := f.do(t, f.raad, "GET", path(id, "/besluit.pdf"), nil)
		if rec.Code != 200 || !strings.HasPrefix(rec.Body.String(), "%PDF") {
			t.Fatalf("council PDF: %d", rec.Code)
		}
		// Each part is headed once: a table under its heading has no
		// caption repeating it.
		if text := pdfText(t, rec.Body.Bytes()); text != "" {
			for _, h := range []string{"Implementatieplan", "Besluiten"} {
				if n := strings.Count(text, h); n != 1 {
					t.Errorf("%q printed %d times in the decision PDF:\n%s", h, n, text)
				}
			}
		}
		if got := f.do(t, f.aanb2, "GET", path(id, "/besluit.pdf"), nil).Code; got != 404 {
			t.Errorf("other provider's PDF: %d", got)
		}
		csv := f.do(t, f.aanb, "GET", "/innovatie/export.csv", nil).Body.String()
		if !strings.Contains(csv, "Rustige nachten") {
			t.Errorf("CSV lacks the project: %q", csv)
		}
		if other := f.do(t, f.aanb2, "GET", "/innovatie/export.csv", nil).Body.String(); strings.Contains(other, "Rustige nachten") {
			t.Errorf("another provider's CSV holds the project")
		}
		if rec := f.do(t, f.aanb, "GET", "/innovatie/export.xlsx", nil); rec.Code != 200 || !strings.HasPrefix(rec.Body.String(), "PK") {
			t.Errorf("XLSX: %d", rec.Code)
		}
	})
}

// TestToday: the provider's start page lists a project whose council
// advice waits for an answer, until it is answered; the council's lists a
// running project without its advice on the current phase.
func TestToday(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		id := f.create(t)
		tasks, err := f.s.Today(ctx, f.raad)
		must(t, err)
		if len(tasks) != 1 || !strings.Contains(tasks[0].Href, "/innovatie/projecten/") {
			t.Fatalf("council tasks: %+v", tasks)
		}
		must(t, f.s.Advise(ctx, f.raad, id, AdviceInput{Text: "Betrek de familie"}))
		if tasks, _ = f.s.Today(ctx, f.raad); len(tasks) != 0 {
			t.Errorf("council still asked after advising: %+v", tasks)
		}
		tasks, err = f.s.Today(ctx, f.aanb)
		must(t, err)
		if len(tasks) != 1 || !strings.Contains(tasks[0].Label, "Rustige nachten") {
			t.Fatalf("provider tasks: %+v", tasks)
		}
		as, _ := f.s.store.advice(ctx, id)
		must(t, f.s.Answer(ctx, f.aanb, id, as[0].ID, "Doen we"))
		if tasks, _ = f.s.Today(ctx, f.aanb); len(tasks) != 0 {
			t.Errorf("provider still has a task after answering: %+v", tasks)
		}
		if tasks, _ = f.s.Today(ctx, f.aanb2); len(tasks) != 0 {
			t.Errorf("another provider sees the task: %+v", tasks)
		}
	})
}

// TestChildIDsBoundToProject: a task, measure or advice id of another
// organisation's project, sent through one's own project's address, is
// not found and changes nothing.
func TestChildIDsBoundToProject(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		mine := f.create(t)
		theirs, err := f.s.CreateProject(ctx, f.aanb2, validInput())
		must(t, err)
		f.advance(t, mine, PhasePlan)
		for _, step := range []func() error{
			func() error {
				_, err := f.s.Decide(ctx, f.aanb2, theirs, GateInput{Decision: "go", Reason: "Door"})
				return err
			},
			func() error {
				return f.s.SaveScan(ctx, f.aanb2, theirs, ScanInput{Organisation: ReadyYes, IT: ReadyYes, Finance: ReadyYes, Staff: ReadyYes})
			},
			func() error {
				_, err := f.s.Decide(ctx, f.aanb2, theirs, GateInput{Decision: "go", Reason: "Door"})
				return err
			},
		} {
			must(t, step())
		}
		must(t, f.s.AddMeasure(ctx, f.aanb2, theirs, MeasureInput{Group: "client", Name: "KvL", Baseline: "5", MeasuredOn: "01-03-2026"}))
		must(t, f.s.AddTask(ctx, f.aanb2, theirs, TaskInput{Step: "analyse", Title: "Hun taak", Owner: "Zij", Due: "01-04-2026"}))
		must(t, f.s.Advise(ctx, f.raad2, theirs, AdviceInput{Text: "Hun advies"}))
		ts, _ := f.s.store.tasks(ctx, theirs)
		ms, _ := f.s.store.measures(ctx, theirs)
		as, _ := f.s.store.advice(ctx, theirs)
		for _, c := range []struct {
			target string
			form   url.Values
		}{
			{path(mine, "/taken/"+strconv.FormatInt(ts[0].ID, 10)+"/klaar"), url.Values{}},
			{path(mine, "/metingen/"+strconv.FormatInt(ms[0].ID, 10)), url.Values{"vervolg-" + strconv.FormatInt(ms[0].ID, 10): {"9"}, "vervolgdatum-" + strconv.FormatInt(ms[0].ID, 10): {"02-03-2026"}}},
			{path(mine, "/advies/"+strconv.FormatInt(as[0].ID, 10)), url.Values{"antwoord-" + strconv.FormatInt(as[0].ID, 10): {"Ons antwoord"}}},
			{path(theirs, "/taken/"+strconv.FormatInt(ts[0].ID, 10)+"/klaar"), url.Values{}},
		} {
			if got := f.do(t, f.aanb, "POST", c.target, c.form).Code; got != http.StatusNotFound {
				t.Errorf("POST %s: %d, want 404", c.target, got)
			}
		}
		if n := f.count(t, `SELECT COUNT(*) FROM innovation_tasks WHERE done_at IS NOT NULL AND project_id = $1`, theirs); n != 0 {
			t.Errorf("their task was marked done")
		}
		if n := f.count(t, `SELECT COUNT(*) FROM innovation_measures WHERE followup IS NOT NULL`); n != 0 {
			t.Errorf("their measure got a follow-up")
		}
		if n := f.count(t, `SELECT COUNT(*) FROM innovation_advice WHERE answer <> ''`); n != 0 {
			t.Errorf("their advice got an answer")
		}
	})
}

// pdfText is the text of a PDF as poppler's pdftotext reads it, or "" when
// the tool is missing outside CI.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdftotext (Debian poppler-utils) is required under CI")
		}
		t.Log("pdftotext not installed; the PDF's text is not checked")
		return ""
	}
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// TestParticipantPicker: the participants form offers "Cliënt laten
// meedoen" only once a client is chosen (before, the button could only
// fail), and the picker's searches return to the participants' section of
// the long project page.
func TestParticipantPicker(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		id := f.create(t)
		f.advance(t, id, PhaseSmall)
		body := f.do(t, f.aanb, "GET", path(id, ""), nil).Body.String()
		if strings.Contains(body, "Cliënt laten meedoen") {
			t.Errorf("the add button shows before a client is chosen")
		}
		if !strings.Contains(body, `action="/innovatie/projecten/`+strconv.FormatInt(id, 10)+`#sectie-deelnemers" role="search"`) {
			t.Errorf("the search does not return to the participants' section")
		}
		c, err := f.reg.Create(context.Background(), nil, clients.NewClient{Name: "Iris Jansen", Region: "ZK11", CreatedBy: f.aanb.UserID})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.reg.AddCareRelation(context.Background(), nil, clients.CareRelation{ClientID: c, Kind: clients.CareOrganisation, RefID: f.org, Start: start.AddDate(-1, 0, 0)}); err != nil {
			t.Fatal(err)
		}
		body = f.do(t, f.aanb, "GET", path(id, "?client="+strconv.FormatInt(c, 10)), nil).Body.String()
		if !strings.Contains(body, "Iris Jansen") || !strings.Contains(body, "Cliënt laten meedoen") {
			t.Errorf("a chosen client cannot be added")
		}
	})
}

// TestCountsNotInFuture: a client count or a measurement dated after today
// is refused at its date field and nothing is stored; today is accepted.
// A count for next year would otherwise go to the monitor as a fact.
func TestCountsNotInFuture(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		id := f.create(t)
		f.advance(t, id, PhaseSmall)
		err := f.s.AddScale(ctx, f.aanb, id, ScaleInput{LocationID: f.loc, Clients: "7", On: "03-03-2026"})
		if fes, _ := web.FieldErrorsOf(err); len(fes) != 1 || fes[0].Field != "peildatum" || !strings.Contains(fes[0].Message, "na vandaag") {
			t.Errorf("a count dated tomorrow: %v", err)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM innovation_scale`); n != 0 {
			t.Fatalf("a refused count stored %d rows", n)
		}
		err = f.s.AddMeasure(ctx, f.aanb, id, MeasureInput{Group: "client", Name: "Kwaliteit van leven", Baseline: "6", MeasuredOn: "01-01-2027"})
		if !slices.Contains(fieldsOf(err), "gemeten") {
			t.Errorf("a baseline dated next year: %v", err)
		}
		must(t, f.s.AddScale(ctx, f.aanb, id, ScaleInput{LocationID: f.loc, Clients: "7", On: "02-03-2026"}))
	})
}

// TestNoGoThroughTheForm: the gate form carries its next phase (naar) for
// both answers; a no-go sent through it with its category and reason stops
// the project, while a form made for another phase is refused.
func TestNoGoThroughTheForm(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		id := f.create(t)
		stale := f.do(t, f.aanb, "POST", path(id, "/besluit"), url.Values{"besluit": {"nogo"}, "naar": {string(PhasePlan)}, "stopreden": {"randvoorwaarden"}, "reden": {"Geen wifi"}})
		if stale.Code != http.StatusUnprocessableEntity {
			t.Errorf("a no-go from another phase's form: %d", stale.Code)
		}
		rec := f.do(t, f.aanb, "POST", path(id, "/besluit"), url.Values{"besluit": {"nogo"}, "naar": {string(PhaseReadiness)}, "stopreden": {"randvoorwaarden"}, "reden": {"Geen wifi op de route"}})
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("no-go through the form: %d %s", rec.Code, rec.Body.String())
		}
		pr, err := f.s.store.project(context.Background(), f.d, id)
		if err != nil {
			t.Fatal(err)
		}
		if pr.Phase != PhaseStopped || pr.StopReason != "Geen wifi op de route" {
			t.Fatalf("after the no-go: %s %q", pr.Phase, pr.StopReason)
		}
	})
}
