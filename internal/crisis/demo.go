package crisis

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/demo"
	"github.com/volwaardig/volwaardig/internal/notify"
	"github.com/volwaardig/volwaardig/internal/orgs"
)

// demoTeams are the 14 regional C.O.T.s with the care-office regions each
// covers (together all 31). The first is created first so it gets id 1:
// the demo cot account's scope is team 1.
var demoTeams = []struct {
	name      string
	regions   []string
	expertise []string
}{
	{"C.O.T. Utrecht", []string{"ZK11", "ZK12"}, []string{"LVB", "autisme", "gedragsproblemen"}},
	{"C.O.T. Groningen en Drenthe", []string{"ZK01", "ZK03"}, []string{"LVB", "psychiatrie"}},
	{"C.O.T. Friesland", []string{"ZK02"}, []string{"autisme", "ernstig meervoudig beperkt"}},
	{"C.O.T. Overijssel", []string{"ZK04", "ZK05", "ZK06"}, []string{"LVB", "verslaving"}},
	{"C.O.T. Noord-Veluwe en Flevoland", []string{"ZK07", "ZK10"}, []string{"gedragsproblemen", "NAH"}},
	{"C.O.T. Gelderland-Zuid", []string{"ZK08", "ZK09"}, []string{"autisme", "psychiatrie"}},
	{"C.O.T. Noord-Holland Noord", []string{"ZK13", "ZK15"}, []string{"LVB", "gedragsproblemen"}},
	{"C.O.T. Amsterdam en 't Gooi", []string{"ZK16", "ZK17"}, []string{"LVB", "verslaving", "psychiatrie"}},
	{"C.O.T. Kennemerland en Zuid-Holland Noord", []string{"ZK14", "ZK18"}, []string{"autisme", "zintuiglijk"}},
	{"C.O.T. Haaglanden", []string{"ZK19", "ZK20", "ZK21"}, []string{"LVB", "gedragsproblemen", "psychiatrie"}},
	{"C.O.T. Rotterdam-Rijnmond", []string{"ZK22", "ZK23", "ZK24"}, []string{"LVB", "verslaving"}},
	{"C.O.T. Zeeland en West-Brabant", []string{"ZK25", "ZK26"}, []string{"ernstig meervoudig beperkt", "NAH"}},
	{"C.O.T. Brabant", []string{"ZK27", "ZK28", "ZK29"}, []string{"autisme", "gedragsproblemen"}},
	{"C.O.T. Limburg", []string{"ZK30", "ZK31"}, []string{"LVB", "psychiatrie", "zintuiglijk"}},
}

var demoStories = []struct{ where, what, risks, tried string }{
	{"Thuis bij ouders", "Escalatie na verhuizing van een broer: slaat deuren kapot en bedreigt moeder.", "Gevaar voor moeder en voor zichzelf.", "Time-out op eigen kamer, huisarts gebeld."},
	{"Woonlocatie, eigen appartement", "Weigert sinds drie dagen eten en medicatie, roept dat begeleiders hem willen vergiftigen.", "Uitdroging, terugval in psychose.", "Vaste begeleider ingezet, gedragsdeskundige geconsulteerd."},
	{"Dagbesteding", "Zelfverwonding na wisseling van begeleiders, meerdere keren per dag.", "Ernstige verwonding.", "Prikkelarm programma, extra één-op-één-begeleiding."},
	{"Logeerhuis", "Ouders kunnen de zorg thuis niet meer aan; mantelzorger is opgenomen in het ziekenhuis.", "Geen veilige plek voor vannacht.", "Familie benaderd, logeeropvang verlengd."},
	{"Op straat aangetroffen door de politie", "Verward en zonder onderdak na ruzie met huisgenoten.", "Uitbuiting, onderkoeling.", "Politie heeft contact gezocht met de zorgaanbieder."},
	{"Groepswoning", "Agressie naar medebewoners, twee incidenten in één week.", "Letsel bij medebewoners.", "Gedragsplan aangepast, extra nachtdienst."},
}

func (s *Service) loadDemo(ctx context.Context, w *demo.World, now time.Time) error {
	now = now.Truncate(time.Second)
	return s.d.Tx(ctx, func(tx *sql.Tx) error {
		byRegion := map[string][]orgs.Organisation{}
		for _, p := range w.Providers {
			byRegion[p.Region] = append(byRegion[p.Region], p)
		}
		teamOf := map[string]int64{}
		teamNames := map[int64]string{}
		for i, t := range demoTeams {
			var org int64
			if i == 0 {
				org = w.HomeProvider
			} else if ps := byRegion[t.regions[0]]; len(ps) > 0 {
				org = ps[0].ID
			}
			fresh := now.Add(-time.Duration(1+w.Rand.IntN(20)) * time.Hour)
			if i%5 == 3 {
				fresh = now.Add(-time.Duration(30+w.Rand.IntN(80)) * time.Hour) // a few teams have not updated lately
			}
			id, err := s.CreateTeam(ctx, tx, Team{Name: t.name, Region: t.regions[0], Regions: t.regions, OrganisationID: org, Expertise: t.expertise,
				Active: true, Available: i%4 != 2, AvailabilityAt: fresh})
			if err != nil {
				return err
			}
			if i == 0 && id != 1 {
				return fmt.Errorf("crisis demo: C.O.T. Utrecht got id %d, the demo cot account expects 1", id)
			}
			teamNames[id] = t.name
			for _, r := range t.regions {
				teamOf[r] = id
			}
		}
		beds := map[string][]int64{}
		for ri, r := range w.Regions {
			ps := byRegion[r.Code]
			if len(ps) == 0 {
				continue
			}
			n := 1 + w.Rand.IntN(2)
			if r.Code == w.HomeRegion {
				n = 3
			}
			for j := 0; j < n; j++ {
				p := ps[j%len(ps)]
				if r.Code == w.HomeRegion && j < 2 {
					p = ps[0] // the demo aanbieder's organisation maintains two
				}
				at := now.Add(-time.Duration(1+w.Rand.IntN(12)) * time.Hour)
				if j == 1 {
					at = now.Add(-time.Duration(28+w.Rand.IntN(60)) * time.Hour)
				}
				id, err := s.CreateBed(ctx, tx, Bed{Region: r.Code, OrganisationID: p.ID, Name: fmt.Sprintf("Crisisbed %s %d", p.Name, j+1),
					Contracted: true, Status: BedFree, AvailabilityAt: at,
					// A made-up crisis line per region (the 0800 range, not a real number).
					Phone: fmt.Sprintf("0800 %03d %02d %02d", 100+ri, 10+j, ri)})
				if err != nil {
					return err
				}
				beds[r.Code] = append(beds[r.Code], id)
			}
		}
		if err := s.store.demoSettings(ctx, tx, w.HomeRegion, w.Users[auth.RoleCrisisregisseur], now); err != nil {
			return err
		}
		return s.demoCases(ctx, tx, w, now, teamOf, teamNames, beds)
	})
}

func (s *Service) demoCases(ctx context.Context, tx *sql.Tx, w *demo.World, now time.Time, teamOf map[string]int64, teamNames map[int64]string, beds map[string][]int64) error {
	reporter := w.Users[auth.RoleZorgverlener]
	director := w.Users[auth.RoleCrisisregisseur]
	n := 260
	if w.Scale == demo.National {
		n = 2000
	}
	urg := []Urgency{UrgencyAcute, UrgencyHigh, UrgencyHigh, UrgencyNormal, UrgencyNormal}
	insert := func(cl demo.Client, reported time.Time, u Urgency, story int) (int64, error) {
		st := demoStories[story%len(demoStories)]
		return s.store.demoCase(ctx, tx, cl.ID, cl.Region, u, st.where, st.what, st.risks, st.tried, reporter, "Persoonlijk begeleider, "+orgNameOf(w, cl.ProviderID), reported)
	}
	// History: crises over the last six months, decided and closed.
	for i := 0; i < n; i++ {
		cl := w.Clients[1+w.Rand.IntN(len(w.Clients)-1)]
		reported := now.Add(-time.Duration(3*24+w.Rand.IntN(180*24)) * time.Hour)
		id, err := insert(cl, reported, urg[w.Rand.IntN(len(urg))], i)
		if err != nil {
			return err
		}
		decided := reported.Add(time.Duration(1+w.Rand.IntN(60)) * time.Hour)
		closed := decided.Add(time.Duration(2+w.Rand.IntN(20)) * 24 * time.Hour)
		if closed.After(now) {
			closed = now.Add(-time.Hour)
		}
		status, decision := "afgesloten", "cot"
		var team any
		if w.Rand.IntN(3) == 0 {
			decision = "opname"
		} else if t, ok := teamOf[cl.Region]; ok {
			team = t
		}
		if i%15 == 0 {
			status = "overgedragen"
		}
		// An admission follows its decision by about two hours: the clock
		// stops there (not at the closing weeks later), as the receiving
		// provider confirms it.
		var admitted any
		if decision == "opname" {
			admitted = decided.Add(2 * time.Hour)
		}
		if err := s.store.demoClosed(ctx, tx, status, decision, decided, director, team, closed, id, admitted); err != nil {
			return err
		}
	}
	// Open cases in the home region for the demo crisisregisseur.
	var home []demo.Client
	for _, c := range w.Clients[1:] {
		if c.Region == w.HomeRegion {
			home = append(home, c)
		}
	}
	if len(home) < 8 {
		return nil
	}
	open := []struct {
		ago time.Duration
		u   Urgency
	}{{20 * time.Minute, UrgencyAcute}, {3 * time.Hour, UrgencyHigh}, {45 * time.Hour, UrgencyNormal}, {51 * time.Hour, UrgencyHigh}}
	for i, o := range open {
		id, err := insert(home[i], now.Add(-o.ago), o.u, i)
		if err != nil {
			return err
		}
		if err := s.notes.NotifyRoleTx(ctx, tx, auth.RoleCrisisregisseur, "region", w.HomeRegion, notify.Notification{Kind: notify.KindCrisisNew, InAppOnly: true,
			Title: "Nieuwe crisismelding in regio " + w.HomeRegion + " (urgentie " + string(o.u) + ")", TitleEN: "New crisis report in region " + w.HomeRegion + " (urgency " + o.u.english() + ")", Link: "/crisis/" + strconv.FormatInt(id, 10),
			DedupeKey: "crisis:new:" + strconv.FormatInt(id, 10)}); err != nil {
			return err
		}
	}
	// A running admission over its limit with an extension request, and one
	// in time.
	for i, over := range []bool{true, false} {
		cl := home[4+i]
		reported := now.Add(-time.Duration(30-10*i) * 24 * time.Hour)
		if over {
			reported = now.Add(-31 * 24 * time.Hour)
		}
		id, err := insert(cl, reported, UrgencyHigh, 4+i)
		if err != nil {
			return err
		}
		decided := reported.Add(20 * time.Hour)
		bed := beds[w.HomeRegion][2-i]
		// The person arrived two hours after the decision; the provider
		// confirmed it, which stopped the clock.
		if err := s.store.demoAdmission(ctx, tx, decided, director, bed, decided.Add(28*24*time.Hour), id, decided.Add(2*time.Hour)); err != nil {
			return err
		}
		if over {
			if err := s.store.demoExtension(ctx, tx, id, "Terugkeer naar de groepswoning kan pas als de extra nachtdienst geregeld is.", now.Add(-2*24*time.Hour), reporter); err != nil {
				return err
			}
		}
	}
	// Cases supported by team 1 (C.O.T. Utrecht) for the demo cot account,
	// one of them for the demo client's own record.
	for i, cl := range []demo.Client{w.Clients[0], home[6], home[7]} {
		reported := now.Add(-time.Duration(2+3*i) * 24 * time.Hour)
		id, err := insert(cl, reported, UrgencyHigh, 2+i)
		if err != nil {
			return err
		}
		decided := reported.Add(time.Duration(5+7*i) * time.Hour)
		rel, err := s.reg.AddCareRelation(ctx, tx, clients.CareRelation{ClientID: cl.ID, Kind: clients.CareTeam, RefID: 1, Label: teamNames[1], Start: decided, CreatedBy: director})
		if err != nil {
			return err
		}
		if err := s.store.demoTeamCase(ctx, tx, decided, director, rel, id, "Kennismaking met cliënt en zorgteam; afspraken over prikkelarme dagstructuur.", decided.Add(4*time.Hour), w.Users[auth.RoleCOT]); err != nil {
			return err
		}
	}
	return nil
}

func orgNameOf(w *demo.World, id int64) string {
	for _, p := range w.Providers {
		if p.ID == id {
			return p.Name
		}
	}
	return "zorgaanbieder"
}
