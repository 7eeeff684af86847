package placement

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

func TestTransitionTable(t *testing.T) {
	valid := [][2]Phase{
		{Aangemeld, InBeeld}, {InBeeld, Bemiddeling}, {Bemiddeling, Voorstel}, {Voorstel, Geaccepteerd}, {Geaccepteerd, Verhuisd},
		{Voorstel, Bemiddeling}, {Voorstel, InBeeld}, {Geaccepteerd, Bemiddeling}, {Bemiddeling, InBeeld},
		{Aangemeld, AndersGeholpen}, {InBeeld, Gestopt}, {Bemiddeling, AndersGeholpen}, {Voorstel, Gestopt}, {Geaccepteerd, AndersGeholpen},
	}
	for _, v := range valid {
		if err := CheckTransition(v[0], v[1]); err != nil {
			t.Errorf("%s → %s refused: %v", v[0], v[1], err)
		}
	}
	invalid := []struct {
		from, to Phase
		want     string
	}{
		{Aangemeld, Voorstel, "mogelijk is"},
		{InBeeld, Geaccepteerd, "kan niet"},
		{Bemiddeling, Verhuisd, "kan niet"},
		{Verhuisd, Bemiddeling, "afgesloten"},
		{AndersGeholpen, InBeeld, "afgesloten"},
		{Gestopt, Aangemeld, "afgesloten"},
		{InBeeld, InBeeld, "staat al"},
		{InBeeld, "onzin", "onbekende fase"},
	}
	for _, c := range invalid {
		err := CheckTransition(c.from, c.to)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s → %s: got %v, want an error containing %q", c.from, c.to, err, c.want)
		}
	}
	// Every phase pair is either in the table or refused.
	for _, a := range Phases() {
		for _, b := range Phases() {
			in := false
			for _, n := range a.Allowed() {
				in = in || n == b
			}
			if err := CheckTransition(a, b); (err == nil) != in {
				t.Errorf("%s → %s: table says %v, check says %v", a, b, in, err)
			}
		}
	}
}

func TestParseProfile(t *testing.T) {
	for in, want := range map[string]Profile{"VG7": "VG7", "vg 7": "VG7", "VG-8": "VG8", "sglvg": "SGLVG", "lvg3": "LVG3", "ZG2": "ZG2"} {
		got, err := ParseProfile(in)
		if err != nil || got != want {
			t.Errorf("ParseProfile(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"VG9", "XX1", "", "VG0", "LVG6"} {
		if _, err := ParseProfile(in); err == nil {
			t.Errorf("ParseProfile(%q) accepted an unknown code", in)
		}
	}
	if _, err := ParseProfile("VG9"); !strings.Contains(err.Error(), "onbekend zorgprofiel \"VG9\"") {
		t.Errorf("unclear error: %v", err)
	}
}

func TestHaversine(t *testing.T) {
	// Utrecht centraal to Amsterdam centraal: about 35 km.
	d := HaversineKm(52.0894, 5.1101, 52.3791, 4.9003)
	if d < 34 || d > 37 {
		t.Errorf("Utrecht–Amsterdam = %.1f km", d)
	}
	if d := HaversineKm(52, 5, 52, 5); d != 0 {
		t.Errorf("same point = %v", d)
	}
}

func basePerson() Person {
	return Person{CaseID: 1, Profile: "VG7", Waiting: ActiefPlaatsen, Wzd: WzdNone, RegisteredAt: t0.AddDate(0, -6, 0), FamilyLat: 52.09, FamilyLon: 5.12}
}

func basePlace(id int64) Place {
	return Place{ID: id, OrganisationID: 1, Name: "P", Kind: RegularPlace, Region: "ZK11", Lat: 52.09, Lon: 5.12, Capacity: 1}
}

func TestExplainReasonsAndFixes(t *testing.T) {
	p := basePerson()
	p.Needs = Needs{OneToOne: true, LowStimulus: true, Wheelchair: true, Expertise: []Expertise{"autisme"}, MaxDistanceKm: 50}
	p.Wzd = WzdRM

	fit := basePlace(1)
	fit.OneToOne, fit.LowStimulus, fit.Wheelchair, fit.WzdAccommodation, fit.Expertise = true, true, true, true, []Expertise{"autisme"}
	if e := Explain(p, fit, t0); !e.Pass || len(e.Failures()) != 0 {
		t.Fatalf("fitting place fails: %+v", e.Failures())
	}

	fixable := basePlace(2)
	fixable.Adaptable = true // low stimulus, wheelchair and Wzd by adaptation; 1:1 by meerzorg; expertise by C.O.T.
	e := Explain(p, fixable, t0)
	if e.Pass || !e.Fixable {
		t.Fatalf("want failing but fixable, got pass=%v fixable=%v", e.Pass, e.Fixable)
	}
	fixes := map[string]FixKind{}
	for _, c := range e.Fixes {
		fixes[c.Code] = c.Fix
	}
	want := map[string]FixKind{"een_op_een": FixMeerzorg, "prikkelarm": FixAdaptation, "rolstoel": FixAdaptation, "wzd": FixAdaptation, "expertise_autisme": FixCOT}
	for code, fix := range want {
		if fixes[code] != fix {
			t.Errorf("fix for %s = %q, want %q (all: %v)", code, fixes[code], fix, fixes)
		}
	}

	far := fit
	far.ID, far.Lat, far.Lon = 3, 50.85, 5.69 // Maastricht, far beyond 50 km
	e = Explain(p, far, t0)
	if e.Pass || e.Fixable {
		t.Errorf("a place beyond the distance limit must fail without a fix")
	}
	var dist Check
	for _, c := range e.Checks {
		if c.Code == "afstand" {
			dist = c
		}
	}
	if dist.Pass || !strings.Contains(dist.Detail, "50 km") {
		t.Errorf("distance check: %+v", dist)
	}

	full := fit
	full.ID, full.Occupied = 4, 1
	if Explain(p, full, t0).Pass {
		t.Error("a full place passes")
	}

	wrongProfile := fit
	wrongProfile.ID, wrongProfile.Profiles = 5, []Profile{"LG6"}
	if Explain(p, wrongProfile, t0).Pass {
		t.Error("a place for another profile passes")
	}
}

func TestRankOrder(t *testing.T) {
	p := basePerson()
	p.Needs.LowStimulus = true
	near := basePlace(1)
	near.LowStimulus = true
	farther := basePlace(2)
	farther.LowStimulus, farther.Lat = true, 52.5 // ~45 km north
	adaptable := basePlace(3)
	adaptable.Adaptable = true
	none := basePlace(4)
	ranked := Rank(p, []Place{none, adaptable, farther, near}, t0)
	var got []int64
	for _, e := range ranked {
		got = append(got, e.Place.ID)
	}
	want := []int64{1, 2, 3, 4}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("ranking %v, want %v", got, want)
		}
	}
	if ranked[0].Rank != 1 || ranked[3].Rank != 4 {
		t.Errorf("ranks not numbered")
	}
	if ranked[0].Soft.Distance <= ranked[1].Soft.Distance {
		t.Errorf("nearer place has no higher distance score: %v vs %v", ranked[0].Soft, ranked[1].Soft)
	}
}

func TestWeightsCannotOverflow(t *testing.T) {
	maxLowerThanFit := MaxDistanceTerm * WeightDistance
	maxLowerThanWaiting := MaxFitTerm*WeightFit + maxLowerThanFit
	maxLowerThanUrgency := MaxWaitingTerm*WeightWaiting + maxLowerThanWaiting
	if maxLowerThanFit >= WeightFit || maxLowerThanWaiting >= WeightWaiting || maxLowerThanUrgency >= WeightUrgency {
		t.Fatal("a lower term can outweigh a higher one")
	}
	if MaxUrgencyTerm*WeightUrgency+maxLowerThanUrgency >= NotPlacedCost {
		t.Fatal("a pair can cost as much as leaving the person out")
	}
	// Concretely: an urgent person far away and barely fitting still costs
	// less than an active one next door with a perfect fit.
	urgent := basePerson()
	urgent.Waiting, urgent.RegisteredAt, urgent.FamilyLat = UrgentPlaatsen, t0, 50.85
	active := basePerson()
	active.RegisteredAt = t0.AddDate(-5, 0, 0)
	pl := basePlace(1)
	tu, ok1 := PairCost(urgent, pl, t0)
	ta, ok2 := PairCost(active, pl, t0)
	if !ok1 || !ok2 || tu.Cost >= ta.Cost {
		t.Fatalf("urgent %+v not cheaper than active %+v", tu, ta)
	}
}

// bruteForce tries every choice of a place (or none) per person.
func bruteForce(people []Person, places []Place, now time.Time) int64 {
	best := int64(-1)
	choice := make([]int, len(people))
	var rec func(i int)
	rec = func(i int) {
		if i == len(people) {
			if c, ok := BatchCost(people, places, choice, now); ok && (best < 0 || c < best) {
				best = c
			}
			return
		}
		for j := -1; j < len(places); j++ {
			choice[i] = j
			rec(i + 1)
		}
	}
	rec(0)
	return best
}

func TestBatchOptimumAgainstBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for trial := 0; trial < 150; trial++ {
		n, m := 1+rng.IntN(5), 1+rng.IntN(4)
		var people []Person
		for i := 0; i < n; i++ {
			p := basePerson()
			p.CaseID = int64(i + 1)
			p.Waiting = WaitingStatuses()[rng.IntN(2)]
			p.RegisteredAt = t0.AddDate(0, 0, -rng.IntN(900))
			p.FamilyLat, p.FamilyLon = 51+rng.Float64()*2, 4+rng.Float64()*2
			p.Needs = Needs{LowStimulus: rng.IntN(3) == 0, Secured: rng.IntN(4) == 0, Wheelchair: rng.IntN(4) == 0}
			if rng.IntN(3) == 0 {
				p.WishRegion = "ZK11"
			}
			people = append(people, p)
		}
		var places []Place
		for j := 0; j < m; j++ {
			pl := basePlace(int64(j + 1))
			pl.Capacity = 1 + rng.IntN(2)
			pl.Lat, pl.Lon = 51+rng.Float64()*2, 4+rng.Float64()*2
			pl.LowStimulus, pl.Secured, pl.Wheelchair = rng.IntN(2) == 0, rng.IntN(2) == 0, rng.IntN(2) == 0
			pl.Region = []string{"ZK11", "ZK16"}[rng.IntN(2)]
			if rng.IntN(2) == 0 {
				pl.Kind = Maatwerkplek
			}
			places = append(places, pl)
		}
		res, err := SolveBatch(people, places, t0, nil)
		if err != nil {
			t.Fatalf("trial %d: %v", trial, err)
		}
		choice := make([]int, n)
		for i := range choice {
			choice[i] = -1
		}
		for _, a := range res.Assignments {
			choice[a.Person] = a.Place
		}
		got, ok := BatchCost(people, places, choice, t0)
		if !ok {
			t.Fatalf("trial %d: solver chose an infeasible assignment %v", trial, choice)
		}
		if got != res.Total {
			t.Fatalf("trial %d: reported total %d, recomputed %d", trial, res.Total, got)
		}
		if want := bruteForce(people, places, t0); got != want {
			t.Fatalf("trial %d: solver total %d, brute force %d", trial, got, want)
		}
		if len(res.Assignments)+len(res.Unplaced) != n {
			t.Fatalf("trial %d: %d assigned + %d unplaced != %d", trial, len(res.Assignments), len(res.Unplaced), n)
		}
	}
}

func TestBatchUrgentWinsContestedPlace(t *testing.T) {
	urgent := basePerson()
	urgent.Waiting, urgent.RegisteredAt = UrgentPlaatsen, t0.AddDate(0, 0, -1)
	active := basePerson()
	active.CaseID, active.RegisteredAt = 2, t0.AddDate(-3, 0, 0)
	res, err := SolveBatch([]Person{active, urgent}, []Place{basePlace(1)}, t0, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Assignments) != 1 || res.Assignments[0].Person != 1 {
		t.Fatalf("assignments %+v: the urgent person should get the place", res.Assignments)
	}
	if len(res.Unplaced) != 1 || res.Unplaced[0].Reason == "" {
		t.Fatalf("unplaced %+v", res.Unplaced)
	}
}

func TestDeclineConsequenceConfig(t *testing.T) {
	c, err := ParseConsequences("client_weigert=bemiddeling:park90:agenda;niet_passend=in_beeld")
	if err != nil {
		t.Fatal(err)
	}
	if got := c.For(DeclineClientRefused); got.ParkDays != 90 || !got.Agenda || got.Phase != Bemiddeling {
		t.Errorf("client_weigert: %+v", got)
	}
	if got := c.For(DeclinePrefersWait); got.Waiting != WachtOpVoorkeur || !got.Objectable {
		t.Errorf("default for wacht_op_voorkeur lost: %+v", got)
	}
	for _, bad := range []string{"x=bemiddeling", "client_weigert=verhuisd", "client_weigert=bemiddeling:park999", "client_weigert", "client_weigert=bemiddeling:vlieg"} {
		if _, err := ParseConsequences(bad); err == nil {
			t.Errorf("ParseConsequences(%q) accepted", bad)
		}
	}
}

func TestBuildAgenda(t *testing.T) {
	now := t0
	mk := func(id int64, ph Phase, since, deadline time.Time) Person {
		p := basePerson()
		p.CaseID, p.Phase, p.PhaseSince, p.Deadline, p.Region = id, ph, since, deadline, "ZK11"
		return p
	}
	people := []Person{
		mk(1, Bemiddeling, now.AddDate(0, 0, -5), now.AddDate(0, 0, -3)),  // deadline passed
		mk(2, InBeeld, now.AddDate(0, 0, -90), time.Time{}),               // stalled
		mk(3, Bemiddeling, now.AddDate(0, 0, -10), now.AddDate(0, 1, 0)),  // declined by provider
		mk(4, Verhuisd, now.AddDate(0, 0, -200), now.AddDate(0, 0, -100)), // closed: never
		mk(5, Bemiddeling, now.AddDate(0, 0, -10), time.Time{}),           // declined by client: no agenda
		mk(6, Bemiddeling, now.AddDate(0, 0, -1), time.Time{}),            // objection
	}
	esc := mk(7, Bemiddeling, now.AddDate(0, 0, -100), now.AddDate(0, 0, -50))
	esc.Escalated = true
	people = append(people, esc)
	declines := []DeclineEvent{{CaseID: 3, At: now.AddDate(0, 0, -2), Reason: DeclineProviderFull}, {CaseID: 5, At: now.AddDate(0, 0, -2), Reason: DeclineClientRefused},
		{CaseID: 1, At: now.AddDate(0, 0, -1), Reason: DeclineProviderFull}}
	objections := []Objection{{CaseID: 6, At: now, Text: "Ik wil niet wachten"}}
	got := BuildAgenda(people, declines, objections, now.AddDate(0, 0, -30), now, DefaultConsequences())
	want := []struct {
		id   int64
		kind AgendaKind
	}{{1, AgendaDeadline}, {6, AgendaObjection}, {3, AgendaDeclined}, {2, AgendaStalled}}
	if len(got) != len(want) {
		t.Fatalf("agenda %+v", got)
	}
	for i, w := range want {
		if got[i].CaseID != w.id || got[i].Kind != w.kind {
			t.Errorf("item %d = case %d %s, want case %d %s", i, got[i].CaseID, got[i].Kind, w.id, w.kind)
		}
	}
}

func TestGapAnalysisCounts(t *testing.T) {
	mk := func(id int64, n Needs) Person {
		p := basePerson()
		p.CaseID, p.Phase, p.Needs = id, Bemiddeling, n
		return p
	}
	people := []Person{
		mk(1, Needs{Secured: true}),                       // no secured place anywhere
		mk(2, Needs{Secured: true, Wheelchair: true}),     // secured missing everywhere; wheelchair exists
		mk(3, Needs{Wheelchair: true}),                    // fits place 2
		mk(4, Needs{Expertise: []Expertise{"doofblind"}}), // no expertise anywhere
		mk(5, Needs{LowStimulus: true, Wheelchair: true}), // each exists but never together
		mk(6, Needs{}), // fits
	}
	closed := mk(7, Needs{Secured: true})
	closed.Phase = Verhuisd
	people = append(people, closed)
	p1 := basePlace(1)
	p1.LowStimulus, p1.Occupied = true, 1 // full: counts for kind, not room
	p2 := basePlace(2)
	p2.Wheelchair = true
	gaps, without := GapAnalysis(people, []Place{p1, p2}, t0)
	if without != 4 {
		t.Errorf("people without a place = %d, want 4", without)
	}
	counts := map[string]int{}
	for _, g := range gaps {
		counts[g.Code] = g.People.N
	}
	want := map[string]int{"besloten": 2, "expertise_doofblind": 1, "combinatie": 1}
	for k, v := range want {
		if counts[k] != v {
			t.Errorf("gap %s = %d, want %d (all %v)", k, counts[k], v, counts)
		}
	}
	if len(counts) != len(want) {
		t.Errorf("unexpected gaps %v", counts)
	}
	if gaps[0].Code != "besloten" {
		t.Errorf("largest gap first: %+v", gaps)
	}
}

func TestWishesInSoftScore(t *testing.T) {
	p := basePerson()
	p.WishRegion = "ZK16"
	home := basePlace(1)
	wished := basePlace(2)
	wished.Region = "ZK16"
	r := Rank(p, []Place{home, wished}, t0)
	if r[0].Place.ID != 2 || r[0].Soft.Wishes != 22.5 || r[1].Soft.Wishes != 7.5 {
		t.Fatalf("wished region not preferred: %+v / %+v", r[0].Soft, r[1].Soft)
	}
	rows, err := ParseImportCSV([]byte("client_id;regio;zorgprofiel;wachtstatus;aangemeld;wens_regio\n1;ZK11;VG7;actief;01-01-2026;zk16\n2;ZK11;VG7;actief;01-01-2026;Utrecht\n"))
	if err != nil {
		t.Fatal(err)
	}
	if rows[0].Person.WishRegion != "ZK16" || len(rows[0].Errors) != 0 || len(rows[1].Errors) != 1 {
		t.Fatalf("wens_regio: %+v / %v", rows[0].Person.WishRegion, rows[1].Errors)
	}
}
