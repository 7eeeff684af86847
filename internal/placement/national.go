package placement

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/orgs"
)

// ClientCreator creates client records in the client register
// (clients.Service implements it); the national demo needs more people in
// the register than the platform demo creates.
type ClientCreator interface {
	Create(ctx context.Context, tx *sql.Tx, nc clients.NewClient) (int64, error)
}

// National scale of DESIGN §5.
const (
	NationalWaiting      = 2000 // people waiting for disability care
	NationalUrgentActive = 500  // of whom urgent or active
	NationalPlaces       = 2000 // regular places, one group per location or so
)

// GrowToNationalScale tops the register up to the national scale of DESIGN
// §5: about 2,000 open cases, about 500 of them Urgent or Actief plaatsen,
// spread over the 31 regions, and about 2,000 regular places at the
// providers' locations besides the 70 maatwerkplekken. Missing clients are
// created through cc (without BSN). It is idempotent in effect: it only
// adds what is missing. by is the user recorded as creator.
func (s *Service) GrowToNationalScale(ctx context.Context, cc ClientCreator, by int64, seed uint64) error {
	rng := rand.New(rand.NewPCG(seed, 5))
	now := s.now()
	regions := map[string]orgs.Region{}
	var codes []string
	for _, r := range orgs.CareOfficeRegions() {
		regions[r.Code] = r
		codes = append(codes, r.Code)
	}
	locs, err := s.store.locations(ctx)
	if err != nil {
		return err
	}
	if len(locs) == 0 {
		return fmt.Errorf("no locations: load the platform demo first")
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		regular, err := s.store.countPlacesOfKind(ctx, tx, RegularPlace)
		if err != nil {
			return err
		}
		for i := regular; i < NationalPlaces; i++ {
			l := locs[i%len(locs)]
			c := 2 + rng.IntN(6)
			pl := Place{OrganisationID: l.OrganisationID, LocationID: l.ID, Name: fmt.Sprintf("Woongroep %d, %s", i+1, l.City), Kind: RegularPlace, Region: l.Region,
				Lat: l.Lat + (rng.Float64()-0.5)*0.05, Lon: l.Lon + (rng.Float64()-0.5)*0.05, Capacity: c, Occupied: rng.IntN(c + 1),
				Profiles: []Profile{"VG5", "VG6", "VG7", "VG8", "LVG4"}[:1+rng.IntN(5)], LowStimulus: rng.IntN(4) == 0, OneToOne: rng.IntN(10) == 0,
				Secured: rng.IntN(8) == 0, Wheelchair: rng.IntN(2) == 0, WzdAccommodation: rng.IntN(3) == 0, Adaptable: rng.IntN(3) == 0,
				CostPerYear: int64(90_000 + rng.IntN(60_000)), AgeGroups: []AgeGroup{AgeAdult, AgeOlder}}
			if rng.IntN(3) == 0 {
				pl.Expertise = []Expertise{Expertises()[rng.IntN(len(Expertises()))]}
			}
			if _, err := s.store.insertPlace(ctx, tx, pl, now); err != nil {
				return err
			}
		}
		open, err := s.store.countOpenCases(ctx, tx)
		if err != nil {
			return err
		}
		urgent, err := s.store.countOpenCases(ctx, tx, UrgentPlaatsen, ActiefPlaatsen)
		if err != nil {
			return err
		}
		for i := open; i < NationalWaiting; i++ {
			region := codes[i%len(codes)]
			birth := time.Date(1950+rng.IntN(60), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC)
			cid, err := cc.Create(ctx, tx, clients.NewClient{Name: fmt.Sprintf("Cliënt %05d", i+1), BirthDate: birth, Region: region, CreatedBy: by})
			if err != nil {
				return err
			}
			r := regions[region]
			p := Person{ClientID: cid, Region: region, Profile: demoProfiles[rng.IntN(len(demoProfiles))], Meerzorg: rng.IntN(3) == 0,
				Wzd: []WzdStatus{WzdNone, WzdNone, WzdArt21, WzdRM, WzdOnvrijwillig}[rng.IntN(5)], Waiting: WachtOpVoorkeur,
				FamilyLat: r.Lat + (rng.Float64()-0.5)*0.3, FamilyLon: r.Lon + (rng.Float64()-0.5)*0.4, RegisteredAt: now.AddDate(0, 0, -20-rng.IntN(700)),
				Dossierhouder: "Zorgkantoor " + r.Name}
			if urgent < NationalUrgentActive {
				p.Waiting = []WaitingStatus{UrgentPlaatsen, ActiefPlaatsen, ActiefPlaatsen}[rng.IntN(3)]
				urgent++
			} else if rng.IntN(3) == 0 {
				p.Waiting = WachtUitVoorzorg
			}
			p.Needs = Needs{LowStimulus: rng.IntN(2) == 0, OneToOne: rng.IntN(5) == 0, Secured: rng.IntN(5) == 0, Wheelchair: rng.IntN(5) == 0,
				AgeGroup: AgeGroupAt(birth, now)}
			if rng.IntN(3) == 0 {
				p.Needs.MaxDistanceKm = 30 + 10*rng.IntN(10)
			}
			if rng.IntN(2) == 0 {
				p.Needs.Expertise = []Expertise{Expertises()[rng.IntN(len(Expertises()))]}
			}
			p.Deadline = p.RegisteredAt.AddDate(0, 6+rng.IntN(12), 0)
			phase := []Phase{Aangemeld, InBeeld, InBeeld, Bemiddeling}[rng.IntN(4)]
			if _, err := s.demoCase(ctx, tx, p, phase, by, "", now, rng); err != nil {
				return err
			}
		}
		return nil
	})
}
