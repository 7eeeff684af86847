package placement

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
	"github.com/volwaardig/volwaardig/internal/web"
)

// The batch run's page tells who gets which place and why, who gets none
// and what would help, in the reader's language (issue 11: it was Dutch on
// the English page). The run stores codes and numbers and the page
// composes the words; a run stored before that keeps its Dutch words.
func TestBatchWordsInReadersLanguage(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		_, do := f.server(t)
		ctx := context.Background()
		urgent := f.person(0)
		urgent.Waiting = UrgentPlaatsen
		f.register(t, urgent)
		b := f.register(t, f.person(1)) // the one place goes to the urgent person
		secured := f.person(2)
		secured.Needs.Secured = true
		secured.Profile = "VG8"
		c := f.register(t, secured) // no place is secured; an adaptable one would be
		f.place(t, f.orgA, f.locA, 1, func(pl *Place) { pl.Name, pl.Profiles = "De Linde", []Profile{"VG7"} })
		f.place(t, f.orgA, f.locA, 1, func(pl *Place) { pl.Name, pl.Adaptable, pl.Profiles = "De Es", true, []Profile{"VG8"} })
		id, err := f.s.StartRun(ctx, f.zk, "ZK11", false)
		if err != nil {
			t.Fatal(err)
		}
		page := func(lang string) string {
			t.Helper()
			path := "/complexe-zorg/batch/" + itoa(id)
			if lang != "" {
				path += "?lang=" + lang
			}
			code, body := do(f.zk, http.MethodGet, path, nil)
			if code != http.StatusOK {
				t.Fatalf("run page %s: %d", lang, code)
			}
			return body
		}
		en := page("en")
		for _, want := range []string{
			"Meets every hard requirement. Urgent placement, waiting 59 days.", "km from the family",
			"The one fitting place went to someone more urgent or waiting longer.",
			"One more fitting place, or a fitting place coming free, gives this person a place in a next batch.",
			"No free place meets every hard requirement.",
			"De Es fits if help is arranged. Adaptation of the place: The provider can make the unit secured. Propose the place under that condition on the person&#39;s page.",
		} {
			if !strings.Contains(en, want) {
				t.Errorf("English run page lacks %q", want)
			}
		}
		for _, dutch := range []string{"Voldoet aan alle harde eisen", "wacht ", "passende plek", "past als hulp", "Een passende plek erbij", "besloten"} {
			if strings.Contains(en, dutch) {
				t.Errorf("English run page still says %q", dutch)
			}
		}
		nl := page("")
		for _, want := range []string{
			"Voldoet aan alle harde eisen. Urgent plaatsen, wacht 59 dagen.", "km van de familie",
			"De enige passende plek ging naar iemand met meer urgentie of langere wachttijd.",
			"Geen vrije plek voldoet aan alle harde eisen.",
			"De Es past als hulp geregeld wordt. Aanpassing van de plek: De aanbieder kan de afdeling besloten maken.",
		} {
			if !strings.Contains(nl, want) {
				t.Errorf("Dutch run page lacks %q", want)
			}
		}
		if strings.Contains(nl, "Meets every") || strings.Contains(nl, "fits if help") {
			t.Error("Dutch run page shows English")
		}
		// The run is named by when it started, not by its number.
		if !strings.Contains(nl, "<h1>Batchvoorstel van ") || strings.Contains(nl, "Batchvoorstel "+itoa(id)+"<") || !strings.Contains(en, "<h1>Batch proposal of ") {
			t.Error("the run page's heading names the run by its number")
		}
		if code, list := do(f.zk, http.MethodGet, "/complexe-zorg/batch", nil); code != http.StatusOK || strings.Contains(list, ">Batch "+itoa(id)+"<") || !strings.Contains(list, `<table class="table--stack">`) {
			t.Errorf("the list of runs names a run by its number (%d)", code)
		}
		// A row stored before the reason column: its Dutch words are shown
		// as they were stored, in either language, not lost.
		if _, err := d.ExecContext(ctx, `UPDATE placement_run_people SET reason = '', why = 'Oude uitleg waarom niet.', help = 'Oude uitleg wat helpt.' WHERE run_id = $1 AND case_id = $2`, id, b); err != nil {
			t.Fatal(err)
		}
		for _, lang := range []string{"", "en"} {
			body := page(lang)
			if !strings.Contains(body, "Oude uitleg waarom niet.") || !strings.Contains(body, "Oude uitleg wat helpt.") {
				t.Errorf("old row lost its words (lang %q)", lang)
			}
		}
		// The stored Dutch words equal what the reason composes, so the API
		// and export keep saying the same.
		v, err := f.s.RunDetail(ctx, f.zk, id)
		if err != nil {
			t.Fatal(err)
		}
		for _, rp := range append(v.Placed, v.Unplaced...) {
			if rp.CaseID == b {
				continue
			}
			if !rp.HasReason || rp.Why != rp.Reason.WhyIn(web.LangNL) || rp.Help != rp.Reason.HelpIn(web.LangNL) {
				t.Errorf("case %d: stored words %q/%q differ from its reason %+v", rp.CaseID, rp.Why, rp.Help, rp.Reason)
			}
			if rp.CaseID == c && (rp.Reason.Help != HelpCondition || rp.Reason.Place != "De Es" || len(rp.Reason.Checks) != 1 || rp.Reason.Checks[0].Code != "besloten") {
				t.Errorf("case c's reason %+v", rp.Reason)
			}
		}
	})
}

// The help for a place that lacks what no help provides names what it
// lacks, in the reader's language; more than one fitting place is counted.
func TestUnplacedWordsBothLanguages(t *testing.T) {
	p := basePerson()
	p.Needs.Secured = true
	p.Profile = "VG8"
	places := []Place{{ID: 1, Name: "De Wilg", Profiles: []Profile{"VG8"}, Capacity: 1, Region: "ZK11"}}
	r := UnplacedReason(p, 0, places, t0)
	if r.Help != HelpNearest {
		t.Fatalf("help %q", r.Help)
	}
	if got := r.HelpIn(web.LangEN); got != "The closest is De Wilg: the place is not on a secured unit. A place that does provide this is needed; the shortage analysis counts this need." {
		t.Errorf("English help %q", got)
	}
	if got := r.HelpIn(web.LangNL); got != "Het dichtst bij komt De Wilg: de plek ligt niet op een besloten afdeling. Een plek die daarin wel voorziet is nodig; de tekortenanalyse telt deze behoefte mee." {
		t.Errorf("Dutch help %q", got)
	}
	// Two things lacking: each in its own sentence, not a list of names.
	p.Needs.Wheelchair = true
	r = UnplacedReason(p, 0, places, t0)
	if got := r.HelpIn(web.LangEN); got != "The closest is De Wilg: the place is not on a secured unit. The place is not wheelchair accessible. A place that does provide this is needed; the shortage analysis counts this need." {
		t.Errorf("English help, two lacking %q", got)
	}
	if got := r.HelpIn(web.LangNL); !strings.Contains(got, "de plek ligt niet op een besloten afdeling. De plek is niet rolstoeltoegankelijk.") {
		t.Errorf("Dutch help, two lacking %q", got)
	}
	if got := unplacedWhy(3, web.LangEN); got != "The 3 fitting places went to people more urgent or waiting longer." {
		t.Errorf("English why %q", got)
	}
	if got := (RunReason{Help: HelpNoPlace}).HelpIn(web.LangEN); !strings.HasPrefix(got, "There is no free place in this area.") {
		t.Errorf("no place %q", got)
	}
}

// The regional agenda's reasons are composed in the reader's language:
// days in a phase, a passed deadline, a declined proposal, an urgent case
// without a place. An objection stays as the client wrote it.
func TestAgendaReasonsInReadersLanguage(t *testing.T) {
	now := t0
	mk := func(id int64, ph Phase, since, deadline time.Time) Person {
		p := basePerson()
		p.CaseID, p.Phase, p.PhaseSince, p.Deadline, p.Region = id, ph, since, deadline, "ZK11"
		return p
	}
	people := []Person{
		mk(1, Bemiddeling, now.AddDate(0, 0, -5), now.AddDate(0, 0, -3)),
		mk(2, InBeeld, now.AddDate(0, 0, -90), time.Time{}),
		mk(3, Bemiddeling, now.AddDate(0, 0, -10), now.AddDate(0, 1, 0)),
		mk(6, Bemiddeling, now.AddDate(0, 0, -1), time.Time{}),
	}
	declines := []DeclineEvent{{CaseID: 3, At: now.AddDate(0, 0, -2), Reason: DeclineProviderFull}}
	objections := []Objection{{CaseID: 6, At: now, Text: "Ik wil niet wachten"}}
	got := BuildAgenda(people, declines, objections, now.AddDate(0, 0, -30), now, DefaultConsequences())
	want := map[int64][2]string{
		1: {"De uiterste datum is 3 dagen verstreken.", "The deadline passed 3 days ago."},
		2: {"Al 90 dagen in fase In beeld.", "In phase In view for 90 days."},
		3: {"Afgewezen: Aanbieder heeft toch geen ruimte.", "Declined: Provider has no room after all."},
		6: {"Bezwaar: Ik wil niet wachten", "Objection: Ik wil niet wachten"},
	}
	if len(got) != len(want) {
		t.Fatalf("agenda %+v", got)
	}
	for _, it := range got {
		w := want[it.CaseID]
		if nl := it.DetailIn(web.LangNL); nl != w[0] {
			t.Errorf("case %d Dutch %q, want %q", it.CaseID, nl, w[0])
		}
		if en := it.DetailIn(web.LangEN); en != w[1] {
			t.Errorf("case %d English %q, want %q", it.CaseID, en, w[1])
		}
	}
	urgent := mk(9, Bemiddeling, now, time.Time{})
	urgent.Waiting = UrgentPlaatsen
	urgent.Needs.Secured = true
	items := UrgentWithoutPlace([]Person{urgent}, nil, now)
	if len(items) != 1 || items[0].DetailIn(web.LangEN) != "Urgent placement, and not one place in the country fits now." {
		t.Errorf("urgent without place %+v", items)
	}
	// What a person wrote (the reason for an escalation) stays as written.
	esc := AgendaItem{Kind: AgendaNational, Detail: "Geen plek in de regio."}
	if esc.DetailIn(web.LangEN) != "Geen plek in de regio." {
		t.Error("escalation reason rewritten")
	}
}

// The agenda page in English shows the reasons in English.
func TestAgendaPageInEnglish(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		_, do := f.server(t)
		p := f.person(0)
		p.Deadline = t0.AddDate(0, 0, 2)
		f.register(t, p)
		f.place(t, f.orgA, f.locA, 1, nil)
		f.clock.Advance(5 * 24 * time.Hour)
		code, body := do(f.zk, http.MethodGet, "/complexe-zorg/agenda?lang=en", nil)
		if code != http.StatusOK || !strings.Contains(body, "The deadline passed 3 days ago.") || strings.Contains(body, "verstreken") {
			t.Errorf("English agenda %d: %s", code, body)
		}
		code, body = do(f.zk, http.MethodGet, "/complexe-zorg/agenda", nil)
		if code != http.StatusOK || !strings.Contains(body, "De uiterste datum is 3 dagen verstreken.") {
			t.Errorf("Dutch agenda %d", code)
		}
	})
}
