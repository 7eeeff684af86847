package placement

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/demo"
	"github.com/volwaardig/volwaardig/internal/orgs"
)

// The letters' situation (DESIGN §2.1): 70 maatwerkplekken; 13 people
// moved, 18 about to move, 17 helped another way.
const (
	DemoMaatwerkplekken = 70
	DemoMoved           = 13
	DemoAboutToMove     = 18
	DemoOtherHelp       = 17
)

var demoProfiles = []Profile{"VG7", "VG7", "VG7", "VG6", "VG5", "VG8", "LVG4", "LVG5", "SGLVG", "LG6", "ZG4", "GGZW4"}

// loadDemo is the module's part of the demo data set: the letters'
// situation on the demo clients at small scale; at national scale the
// numbers of DESIGN §5 (about 2,000 people waiting, about 500 of them
// urgent or active) on top. cc creates the extra clients the national
// scale needs (nil: none).
func (s *Service) loadDemo(ctx context.Context, w *demo.World, cc ClientCreator) error {
	now := s.now()
	rng := w.Rand
	regions := map[string]orgs.Region{}
	for _, r := range w.Regions {
		regions[r.Code] = r
	}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		places, err := s.demoPlaces(ctx, tx, w, rng, now)
		if err != nil {
			return err
		}
		zk := w.Users[auth.RoleZorgkantoor]
		// Closed and accepted cases first, then everyone else open.
		type plan struct {
			phase Phase
			n     int
		}
		plans := []plan{{Verhuisd, DemoMoved}, {Geaccepteerd, DemoAboutToMove}, {AndersGeholpen, DemoOtherHelp}}
		if len(w.Clients) == 0 {
			return nil
		}
		// Order the clients so that the closed cases fall mostly outside
		// the home region and the home region keeps a well-filled
		// register of open cases: the first few home clients, then the
		// other regions, then the rest of the home region.
		clients := []demo.Client{w.Clients[0]}
		var home, other []demo.Client
		for _, c := range w.Clients[1:] {
			if c.Region == w.HomeRegion {
				home = append(home, c)
			} else {
				other = append(other, c)
			}
		}
		cut := min(6, len(home))
		clients = append(append(append(clients, home[:cut]...), other...), home[cut:]...)
		// The client account's own record (index 0) gets an open proposal,
		// so the client and the naaste see the whole flow.
		next := 1
		takeFrom := func() (demo.Client, bool) {
			if next >= len(clients) {
				return demo.Client{}, false
			}
			c := clients[next]
			next++
			return c, true
		}
		maatwerk := []int{}
		for i, p := range places {
			if p.Kind == Maatwerkplek {
				maatwerk = append(maatwerk, i)
			}
		}
		mw := 0
		for _, pl := range plans {
			for k := 0; k < pl.n; k++ {
				c, ok := takeFrom()
				if !ok {
					break
				}
				person := demoPerson(c, rng, regions, now)
				caseID, err := s.demoCase(ctx, tx, person, pl.phase, zk, w.HomeRegion, now, rng)
				if err != nil {
					return err
				}
				if pl.phase == Verhuisd || pl.phase == Geaccepteerd {
					idx := maatwerk[mw%len(maatwerk)]
					mw++
					place := &places[idx]
					if place.Occupied >= place.Capacity {
						continue
					}
					place.Occupied++
					if err := s.store.addOccupant(ctx, tx, place.ID); err != nil {
						return err
					}
					// The proposal and its acceptance are dated by the case's
					// own course (proposed at "voorstel", accepted at
					// "geaccepteerd"), and a follow-up only once its moment
					// has come: a timeline with a proposal after the move or
					// a 3-month follow-up a week after it contradicts itself.
					ts, err := s.store.listTransitions(ctx, tx, caseID)
					if err != nil {
						return err
					}
					var proposed, accepted, moved time.Time
					for _, t := range ts {
						switch t.To {
						case Voorstel:
							proposed = t.At
						case Geaccepteerd:
							accepted = t.At
						case Verhuisd:
							moved = t.At
						}
					}
					if err := s.store.insertAcceptedProposal(ctx, tx, caseID, place.ID, zk, proposed, accepted); err != nil {
						return err
					}
					if due := moved.AddDate(0, 3, 0); pl.phase == Verhuisd && k%3 == 0 && !due.After(now) {
						if err := s.store.insertFollowUp(ctx, tx, FollowUp{CaseID: caseID, Months: 3, Outcome: FollowStable, RecordedAt: due, By: zk,
							Wellbeing: WellGood, ByName: "Zorgkantoor (demo)"}); err != nil {
							return err
						}
					}
				}
			}
		}
		// Everyone else: open, spread over the phases and statuses, with
		// deadlines (some passed) so the agenda fills itself.
		open := 0
		own := clients[0]
		ownPerson := demoPerson(own, rng, regions, now)
		ownPerson.Waiting = ActiefPlaatsen
		ownPerson.WishesClient = "Ik wil rustig wonen, dicht bij mijn moeder. Ik wil een eigen kamer met mijn spullen."
		ownPerson.WishesFamily = "Sanne heeft rust en vaste begeleiders nodig. Graag in de regio Utrecht."
		ownPerson.Needs = Needs{LowStimulus: true, AgeGroup: AgeAdult}
		ownPerson.Profile, ownPerson.Wzd, ownPerson.Meerzorg = "VG6", WzdNone, false
		ownID, err := s.demoCase(ctx, tx, ownPerson, Bemiddeling, zk, w.HomeRegion, now, rng)
		if err != nil {
			return err
		}
		if err := s.demoOwnProposal(ctx, tx, ownID, ownPerson, w, zk, now); err != nil {
			return err
		}
		searching := 0 // open cases drawn urgent or active, after the client's own
		for {
			// At national scale the register holds more clients than DESIGN
			// §5's about 2,000 waiting: the rest (the last of the home
			// region's, as the clients are ordered) are in care and wait
			// for nothing.
			if w.Scale == demo.National && 1+open >= NationalWaiting {
				break
			}
			c, ok := takeFrom()
			if !ok {
				break
			}
			person := demoPerson(c, rng, regions, now)
			// demoPerson's mix (three in five urgent or active) fills the
			// small demo's agenda; at national scale it made about 1,200
			// of the 2,000 waiting so, against DESIGN §5's about 500.
			// Five in every twelve keep their status, spread evenly
			// (searching*5%12 runs through 0..11 once every twelve), so
			// they stay spread over all regions; the others wait by
			// preference or as a precaution. No extra draws: the rest of
			// the demo stays as it was.
			if w.Scale == demo.National && person.Waiting.Searching() {
				if searching*5%12 >= 5 {
					person.Waiting = []WaitingStatus{WachtOpVoorkeur, WachtUitVoorzorg}[searching%2]
				}
				searching++
			}
			phase := []Phase{Aangemeld, InBeeld, InBeeld, Bemiddeling, Bemiddeling}[open%5]
			if _, err := s.demoCase(ctx, tx, person, phase, zk, w.HomeRegion, now, rng); err != nil {
				return err
			}
			open++
		}
		// A hold at the home provider, about to expire.
		for i := range places {
			if places[i].OrganisationID == w.HomeProvider && places[i].Free() > 0 {
				if _, err := s.store.insertHold(ctx, tx, places[i].ID, ownID, w.Users[auth.RoleAanbieder], now, now.Add(36*time.Hour)); err != nil {
					return err
				}
				break
			}
		}
		return nil
	})
	if err != nil || w.Scale != demo.National || cc == nil {
		return err
	}
	return s.GrowToNationalScale(ctx, cc, w.Users[auth.RoleZorgkantoor], 2026)
}

// demoPlaces creates the 70 maatwerkplekken (groups of one to three) and
// regular places at the providers' locations.
func (s *Service) demoPlaces(ctx context.Context, tx *sql.Tx, w *demo.World, rng *rand.Rand, now time.Time) ([]Place, error) {
	var out []Place
	total := 0
	orgName := map[int64]string{}
	for _, p := range w.Providers {
		orgName[p.ID] = p.Name
	}
	for i := 0; total < DemoMaatwerkplekken; i++ {
		loc := w.Locations[(i*7)%len(w.Locations)]
		if i < 4 {
			loc = w.Locations[i%3] // the home provider's locations come first
		}
		k := min(1+rng.IntN(3), DemoMaatwerkplekken-total)
		total += k
		pl := Place{OrganisationID: loc.OrganisationID, LocationID: loc.ID, Organisation: orgName[loc.OrganisationID], Name: fmt.Sprintf("Maatwerkplek %d, %s", i+1, loc.City),
			Kind: Maatwerkplek, Region: loc.Region, Lat: loc.Lat, Lon: loc.Lon, Capacity: k,
			LowStimulus: rng.IntN(3) > 0, OneToOne: rng.IntN(2) == 0, Secured: rng.IntN(3) == 0, Wheelchair: rng.IntN(2) == 0,
			WzdAccommodation: rng.IntN(2) == 0, Adaptable: rng.IntN(2) == 0, CostPerYear: int64(180_000 + rng.IntN(120_000)),
			Expertise: []Expertise{[]Expertise{"autisme", "agressie", "psychiatrie", "ernstig_mvg"}[rng.IntN(4)]}}
		if i%5 == 0 {
			pl.ReadyDate = now.AddDate(0, 1+rng.IntN(4), 0)
		}
		if i%6 == 1 {
			pl.Gender = []Gender{GenderMen, GenderWomen}[rng.IntN(2)]
		}
		id, err := s.store.insertPlace(ctx, tx, pl, now)
		if err != nil {
			return nil, err
		}
		pl.ID = id
		out = append(out, pl)
	}
	nRegular := 40
	if w.Scale == demo.National {
		nRegular = len(w.Locations)
	}
	for i := 0; i < nRegular; i++ {
		loc := w.Locations[(i*3+1)%len(w.Locations)]
		if i < 3 {
			loc = w.Locations[i]
		}
		c := 2 + rng.IntN(5)
		pl := Place{OrganisationID: loc.OrganisationID, LocationID: loc.ID, Organisation: orgName[loc.OrganisationID], Name: fmt.Sprintf("Woongroep %d, %s", i+1, loc.City),
			Kind: RegularPlace, Region: loc.Region, Lat: loc.Lat, Lon: loc.Lon, Capacity: c, Occupied: rng.IntN(c + 1),
			Profiles: []Profile{"VG5", "VG6", "VG7", "VG8"}[:1+rng.IntN(4)], LowStimulus: rng.IntN(4) == 0, Wheelchair: rng.IntN(2) == 0,
			Adaptable: rng.IntN(3) == 0, CostPerYear: int64(90_000 + rng.IntN(60_000)), AgeGroups: []AgeGroup{AgeAdult, AgeOlder}}
		if rng.IntN(3) == 0 {
			pl.Expertise = []Expertise{"autisme"}
		}
		id, err := s.store.insertPlace(ctx, tx, pl, now)
		if err != nil {
			return nil, err
		}
		pl.ID = id
		out = append(out, pl)
	}
	// Issue 14: respite places for relatives, at the home provider first
	// (the demo aanbieder's own) and nationally at every fifth location.
	// They are not returned: the demo's proposals use places to live only.
	return out, s.demoRespite(ctx, tx, w, orgName, now)
}

// demoRespite adds the demo's part-time stay and respite places.
func (s *Service) demoRespite(ctx context.Context, tx *sql.Tx, w *demo.World, orgName map[int64]string, now time.Time) error {
	kinds := []struct {
		stay  Stay
		name  string
		avail string
		cap   int
		page  string
	}{
		{StayRespite, "Logeerkamer", "Elk weekend van vrijdag 16.00 tot zondag 18.00 uur, en doordeweeks na overleg", 2, "logeren"},
		{StayPartTime, "Deeltijdverblijf", "Drie nachten per week (maandag tot donderdag)", 3, "deeltijdverblijf"},
		{StayWeekend, "Weekendlogeren", "Om het weekend", 4, "weekendlogeren"},
		{StayHoliday, "Vakantieopvang", "In de zomer- en kerstvakantie", 6, "vakantieopvang"},
	}
	n := 4
	if w.Scale == demo.National {
		n = 4 + len(w.Locations)/5
	}
	for i := 0; i < n && len(w.Locations) > 0; i++ {
		loc := w.Locations[i%3]
		if i >= 4 {
			loc = w.Locations[(i*5)%len(w.Locations)]
		}
		k := kinds[i%len(kinds)]
		pl := Place{OrganisationID: loc.OrganisationID, LocationID: loc.ID, Organisation: orgName[loc.OrganisationID], Name: fmt.Sprintf("%s %s", k.name, loc.Name),
			Kind: RegularPlace, Region: loc.Region, Lat: loc.Lat, Lon: loc.Lon, Capacity: k.cap, Occupied: i % 2, Stay: k.stay, Availability: k.avail,
			Profiles: []Profile{"VG3", "VG4", "VG5", "VG6"}, Wheelchair: i%2 == 0, AgeGroups: []AgeGroup{AgeAdult}}
		// Each place gets the provider's number and web page: a relative who
		// finds it calls or looks there (fictional numbers in the 030 range,
		// fictional sites under .example).
		pl.Phone, pl.Website = fmt.Sprintf("030 %03d %04d", 200+i%700, 1000+(i*37)%9000), demoWebsite(pl.Organisation, k.page)
		if k.stay == StayHoliday {
			pl.AvailableFrom, pl.AvailableUntil = time.Date(now.Year()+1, 7, 1, 0, 0, 0, 0, time.UTC), time.Date(now.Year()+1, 8, 31, 0, 0, 0, 0, time.UTC)
		}
		if _, err := s.store.insertPlace(ctx, tx, pl, now); err != nil {
			return err
		}
	}
	return nil
}

func demoPerson(c demo.Client, rng *rand.Rand, regions map[string]orgs.Region, now time.Time) Person {
	r := regions[c.Region]
	p := Person{ClientID: c.ID, Region: c.Region, Profile: demoProfiles[rng.IntN(len(demoProfiles))], Meerzorg: rng.IntN(3) == 0,
		Wzd:       []WzdStatus{WzdNone, WzdNone, WzdArt21, WzdRM, WzdOnvrijwillig}[rng.IntN(5)],
		Waiting:   []WaitingStatus{UrgentPlaatsen, ActiefPlaatsen, ActiefPlaatsen, WachtOpVoorkeur, WachtUitVoorzorg}[rng.IntN(5)],
		FamilyLat: r.Lat + (rng.Float64()-0.5)*0.2, FamilyLon: r.Lon + (rng.Float64()-0.5)*0.3,
		RegisteredAt: now.AddDate(0, 0, -20-rng.IntN(500)), Dossierhouder: "Zorgkantoor " + r.Name}
	p.Needs = Needs{LowStimulus: rng.IntN(2) == 0, OneToOne: rng.IntN(4) == 0, Secured: rng.IntN(4) == 0, Wheelchair: rng.IntN(5) == 0,
		AgeGroup: AgeGroupAt(c.BirthDate, now)}
	if rng.IntN(3) == 0 {
		p.Needs.MaxDistanceKm = 30 + 10*rng.IntN(8)
	}
	if rng.IntN(2) == 0 {
		p.Needs.Expertise = []Expertise{[]Expertise{"autisme", "agressie", "psychiatrie", "doofblind", "seksueel"}[rng.IntN(5)]}
	}
	if rng.IntN(4) == 0 {
		p.Needs.Gender = []Gender{GenderMen, GenderWomen}[rng.IntN(2)]
	}
	p.Deadline = p.RegisteredAt.AddDate(0, 6+rng.IntN(10), 0)
	return p
}

// demoCase inserts a case with a plausible history up to phase.
// The care-office account by registers the cases; it is the vaste
// contactpersoon of those in its own region (home), as when it registers
// one by hand; the others name their region's care office.
func (s *Service) demoCase(ctx context.Context, tx *sql.Tx, p Person, phase Phase, by int64, home string, now time.Time, rng *rand.Rand) (int64, error) {
	if p.Region == home {
		p.ContactUser = by
	}
	var path []Phase
	switch phase {
	case Aangemeld:
		path = nil
	case InBeeld:
		path = []Phase{InBeeld}
	case Bemiddeling:
		path = []Phase{InBeeld, Bemiddeling}
	case Voorstel:
		path = []Phase{InBeeld, Bemiddeling, Voorstel}
	case Geaccepteerd:
		path = []Phase{InBeeld, Bemiddeling, Voorstel, Geaccepteerd}
	case Verhuisd:
		path = []Phase{InBeeld, Bemiddeling, Voorstel, Geaccepteerd, Verhuisd}
	case AndersGeholpen:
		path = []Phase{InBeeld, Bemiddeling, AndersGeholpen}
	}
	span := now.Sub(p.RegisteredAt)
	at := p.RegisteredAt
	p.Phase = phase
	ts := []Transition{{From: "", To: Aangemeld, At: at, By: by, ByName: "Zorgkantoor (demo)", Reason: "Aangemeld door de regio"}}
	from := Aangemeld
	for i, to := range path {
		prev := at
		at = at.Add(time.Duration(float64(span) * (0.1 + 0.6*rng.Float64()) / float64(len(path)+1)))
		if i == len(path)-1 && phase.Open() && rng.IntN(4) == 0 {
			// A stalled case, but never a step dated before the one it
			// follows: the timeline would contradict itself.
			if stalled := now.AddDate(0, 0, -70); stalled.After(prev) {
				at = stalled
			}
		}
		ts = append(ts, Transition{From: from, To: to, At: at, By: by, ByName: "Zorgkantoor (demo)", Reason: demoReason(to)})
		from = to
	}
	p.PhaseSince = at
	id, err := s.store.insertCase(ctx, tx, p, by, now)
	if err != nil {
		return 0, err
	}
	for _, t := range ts {
		t.CaseID = id
		if err := s.store.insertTransition(ctx, tx, t); err != nil {
			return 0, err
		}
	}
	return id, nil
}

func demoReason(to Phase) string {
	switch to {
	case InBeeld:
		return "Besproken aan de regionale tafel"
	case Bemiddeling:
		return "Zoektocht naar een passende plek gestart"
	case Voorstel:
		return "Plek voorgesteld"
	case Geaccepteerd:
		return "Cliënt, familie en aanbieder akkoord"
	case Verhuisd:
		return "Verhuisd naar de maatwerkplek"
	case AndersGeholpen:
		return "Geholpen met extra ondersteuning thuis"
	}
	return ""
}

// demoOwnProposal gives the demo client an open proposal at a regular
// low-stimulus group of the home provider, made for the demo so the client
// and the naaste always see a proposal to answer.
func (s *Service) demoOwnProposal(ctx context.Context, tx *sql.Tx, caseID int64, p Person, w *demo.World, by int64, now time.Time) error {
	p.CaseID = caseID
	var loc orgs.Location
	for _, l := range w.Locations {
		if l.ID == w.HomeLocation {
			loc = l
		}
	}
	pl := Place{OrganisationID: w.HomeProvider, LocationID: loc.ID, Name: "Woongroep De Linde, " + loc.City, Kind: RegularPlace, Region: loc.Region,
		Lat: loc.Lat, Lon: loc.Lon, Capacity: 4, Occupied: 3, LowStimulus: true, Wheelchair: true, CostPerYear: 110_000}
	id, err := s.store.insertPlace(ctx, tx, pl, now)
	if err != nil {
		return err
	}
	pl.ID = id
	e := Explain(p, pl, now)
	if !e.Pass {
		return fmt.Errorf("demo: the demo client's place does not fit: %+v", e.Failures())
	}
	if _, err := s.store.insertProposal(ctx, tx, caseID, pl.ID, 0, ProposalOpen, termsOf(p, pl, e.Soft, now), by, now); err != nil {
		return err
	}
	if err := s.store.setPhase(ctx, tx, caseID, Voorstel, now); err != nil {
		return err
	}
	return s.store.insertTransition(ctx, tx, Transition{CaseID: caseID, From: Bemiddeling, To: Voorstel, At: now, By: by, ByName: "Zorgkantoor (demo)", Reason: "Voorstel: " + pl.Name})
}

// demoWebsite is a demo place's web page: the provider's name as a
// domain under .example, which is reserved for examples (RFC 2606) and so
// never leads a relative to a real organisation's site, and the kind of
// stay as the page ("Zorggroep De Linde", "logeren" ->
// https://www.zorggroep-de-linde.example/logeren).
func demoWebsite(org, page string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(org) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			continue
		}
		dash = true
	}
	if b.Len() == 0 {
		return ""
	}
	return "https://www." + b.String() + ".example/" + page
}
