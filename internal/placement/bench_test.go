package placement

import (
	"math/rand/v2"
	"testing"
)

// nationalPlaces makes about as many places as the national scale has.
func nationalPlaces(n int) []Place {
	rng := rand.New(rand.NewPCG(3, 4))
	out := make([]Place, n)
	for i := range out {
		p := basePlace(int64(i + 1))
		p.Lat, p.Lon = 50.8+rng.Float64()*2.6, 3.5+rng.Float64()*3.5
		p.Capacity, p.Occupied = 4, rng.IntN(5)
		p.LowStimulus, p.Secured, p.Wheelchair, p.Adaptable = rng.IntN(3) == 0, rng.IntN(6) == 0, rng.IntN(2) == 0, rng.IntN(3) == 0
		p.Profiles = []Profile{"VG6", "VG7", "VG8"}[:1+rng.IntN(3)]
		if rng.IntN(3) == 0 {
			p.Expertise = []Expertise{"autisme"}
		}
		out[i] = p
	}
	return out
}

// BenchmarkRankNational ranks one person against 2,070 places in memory.
func BenchmarkRankNational(b *testing.B) {
	places := nationalPlaces(2070)
	p := basePerson()
	p.Needs = Needs{LowStimulus: true, Wheelchair: true, MaxDistanceKm: 80, Expertise: []Expertise{"autisme"}}
	b.ReportAllocs()
	for b.Loop() {
		if r := Rank(p, places, t0); len(r) != len(places) {
			b.Fatal(len(r))
		}
	}
}

// nationalPeople makes n open cases with needs drawn as the national demo
// draws them.
func nationalPeople(n int) []Person {
	rng := rand.New(rand.NewPCG(5, 6))
	out := make([]Person, n)
	for i := range out {
		p := basePerson()
		p.CaseID, p.Phase = int64(i+1), Bemiddeling
		p.Profile = []Profile{"VG5", "VG6", "VG7", "VG8", "LVG4", "SGLVG"}[rng.IntN(6)]
		p.Waiting = []WaitingStatus{UrgentPlaatsen, ActiefPlaatsen, WachtOpVoorkeur, WachtUitVoorzorg}[rng.IntN(4)]
		p.FamilyLat, p.FamilyLon = 50.8+rng.Float64()*2.6, 3.5+rng.Float64()*3.5
		p.RegisteredAt = t0.AddDate(0, 0, -rng.IntN(700))
		p.Needs = Needs{LowStimulus: rng.IntN(2) == 0, OneToOne: rng.IntN(5) == 0, Secured: rng.IntN(5) == 0, Wheelchair: rng.IntN(5) == 0}
		if rng.IntN(3) == 0 {
			p.Needs.MaxDistanceKm = 30 + 10*rng.IntN(10)
		}
		if rng.IntN(2) == 0 {
			p.Needs.Expertise = []Expertise{Expertises()[rng.IntN(len(Expertises()))]}
		}
		out[i] = p
	}
	return out
}

// BenchmarkGapAnalysisNational is the country's gap analysis: 2,000 open
// cases against 2,070 places.
func BenchmarkGapAnalysisNational(b *testing.B) {
	places, people := nationalPlaces(2070), nationalPeople(2000)
	b.ReportAllocs()
	for b.Loop() {
		GapAnalysis(people, places, t0)
	}
}

// BenchmarkSolveBatchNational is a national batch run: the 500 searching
// people against 2,070 places.
func BenchmarkSolveBatchNational(b *testing.B) {
	places, people := nationalPlaces(2070), nationalPeople(500)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := SolveBatch(people, places, t0, nil); err != nil {
			b.Fatal(err)
		}
	}
}
