package placement

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// fastChecks and Explain decide every pair alike: the same failing checks
// (codes and labels), the same distance and so the same soft score and
// batch terms, on random people and places that exercise every check.
func TestFastChecksAgreeWithExplain(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	pick := func(n int) bool { return rng.IntN(n) == 0 }
	profiles := []Profile{"VG6", "VG7", "VG8", "LVG4"}
	ages := AgeGroups()
	genders := []Gender{GenderAny, GenderMen, GenderWomen}
	exps := Expertises()
	for k := 0; k < 20000; k++ {
		p := basePerson()
		p.Profile = profiles[rng.IntN(len(profiles))]
		p.Wzd = WzdStatuses()[rng.IntN(len(WzdStatuses()))]
		p.Needs = Needs{LowStimulus: pick(2), OneToOne: pick(3), Secured: pick(3), Wheelchair: pick(2), Gender: genders[rng.IntN(3)]}
		if pick(2) {
			p.Needs.AgeGroup = ages[rng.IntN(len(ages))]
		}
		if pick(2) {
			p.Needs.MaxDistanceKm = 10 + rng.IntN(150)
		}
		for _, e := range exps {
			if pick(5) {
				p.Needs.Expertise = append(p.Needs.Expertise, e)
			}
		}
		if pick(4) {
			p.FamilyLat, p.FamilyLon = 0, 0
		} else {
			p.FamilyLat, p.FamilyLon = 50.8+rng.Float64()*2.6, 3.5+rng.Float64()*3.5
		}
		if pick(2) {
			p.Deadline = t0.AddDate(0, 0, rng.IntN(200)-50)
		}
		pl := basePlace(int64(k))
		pl.Profiles = nil
		for _, pr := range profiles {
			if pick(2) {
				pl.Profiles = append(pl.Profiles, pr)
			}
		}
		pl.Capacity = 1 + rng.IntN(3)
		pl.Occupied, pl.Held = rng.IntN(pl.Capacity+1), rng.IntN(2)
		pl.LowStimulus, pl.OneToOne, pl.Secured, pl.Wheelchair, pl.WzdAccommodation = pick(2), pick(2), pick(2), pick(2), pick(2)
		pl.Gender = genders[rng.IntN(3)]
		pl.AgeGroups = nil
		for _, a := range ages {
			if pick(2) {
				pl.AgeGroups = append(pl.AgeGroups, a)
			}
		}
		pl.Expertise = nil
		for _, e := range exps {
			if pick(2) {
				pl.Expertise = append(pl.Expertise, e)
			}
		}
		if pick(5) {
			pl.Lat, pl.Lon = 0, 0
		} else {
			pl.Lat, pl.Lon = 50.8+rng.Float64()*2.6, 3.5+rng.Float64()*3.5
		}
		if pick(2) {
			pl.ReadyDate = t0.AddDate(0, 0, rng.IntN(300)-100)
		}
		now := t0.Add(time.Duration(rng.IntN(1000)) * time.Hour)

		e := Explain(p, pl, now)
		fails, km := fastChecks(p, pl, now)
		var codes, labels []string
		for _, c := range e.Failures() {
			codes, labels = append(codes, c.Code), append(labels, c.Label)
		}
		gotCodes, gotLabels := failNames(fails)
		slices.Sort(codes)
		slices.Sort(labels)
		slices.Sort(gotCodes)
		slices.Sort(gotLabels)
		if (fails == 0) != e.Pass || !slices.Equal(codes, gotCodes) || !slices.Equal(labels, gotLabels) {
			t.Fatalf("pair %d: Explain fails %v (pass %v), fastChecks %v\nperson %+v\nplace %+v", k, codes, e.Pass, gotCodes, p, pl)
		}
		if gapFails, _ := checkBits(p, pl, now, false); gapFails != fails {
			t.Fatalf("pair %d: checks without distance %b, with %b", k, gapFails, fails)
		}
		if km != e.Soft.DistanceKm {
			t.Fatalf("pair %d: distance %v, Explain %v", k, km, e.Soft.DistanceKm)
		}
		if e.Pass {
			tm, ok := PairCost(p, pl, now)
			if !ok || tm != termsOf(p, pl, e.Soft, now) {
				t.Fatalf("pair %d: PairCost %+v %v, from Explain %+v", k, tm, ok, termsOf(p, pl, e.Soft, now))
			}
		}
	}
}
