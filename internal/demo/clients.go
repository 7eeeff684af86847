package demo

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/clients"
)

// Client is a demo client, for the modules' parts to build on.
type Client struct {
	ID         int64
	Region     string
	LocationID int64
	ProviderID int64
	BirthDate  time.Time
}

var firstNames = []string{"Sanne", "Daan", "Lotte", "Bram", "Emma", "Noah", "Julia", "Sem", "Tess", "Lucas", "Fleur", "Milan", "Anouk", "Thijs",
	"Iris", "Jesse", "Sophie", "Ruben", "Lieke", "Stijn", "Yara", "Mohammed", "Fatma", "Kevin", "Priya", "Jan", "Wilma", "Gerrit", "Annemiek", "Youssef"}
var lastNames = []string{"de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos",
	"Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits", "El Idrissi", "Yilmaz", "Kramer", "van Dijk"}

// testBSNs returns n distinct BSNs that pass the eleven-test, never real
// residents' numbers: first the 99999xxxx block set aside for testing, which
// holds only 909 valid numbers, then, for the national scale, the 9999xxxxx
// numbers just below it.
func testBSNs(n int) []clients.BSN {
	out := make([]clients.BSN, 0, n)
	for v := 999990000; len(out) < n && v <= 999999999; v++ {
		if b, err := clients.ParseBSN(strconv.Itoa(v)); err == nil {
			out = append(out, b)
		}
	}
	for v := 999989999; len(out) < n && v >= 999900000; v-- {
		if b, err := clients.ParseBSN(strconv.Itoa(v)); err == nil {
			out = append(out, b)
		}
	}
	return out
}

// loadClients creates the demo clients: the client account's own record
// (Sanne de Vries, represented by her mother with a legal mentorship), and
// clients spread over the regions with care relations to providers,
// locations, the demo C.O.T. and the demo supporter.
func (l *Loader) loadClients(ctx context.Context, w *World) error {
	n := 80
	if w.Scale == National {
		n = 2500
	}
	bsns := testBSNs(n)
	if len(bsns) < n {
		return fmt.Errorf("demo: %d test BSNs available, %d clients wanted", len(bsns), n)
	}
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	return l.DB.Tx(ctx, func(tx *sql.Tx) error {
		for i := 0; i < n; i++ {
			var region string
			var loc int
			if i < n/3 {
				region = w.HomeRegion
				loc = w.Rand.IntN(3) // the home provider's locations come first
			} else {
				loc = w.Rand.IntN(len(w.Locations))
				region = w.Locations[loc].Region
			}
			name := firstNames[i%len(firstNames)] + " " + lastNames[(i*7)%len(lastNames)]
			if i == 0 {
				name, loc = "Sanne de Vries", 0
			}
			location := w.Locations[loc]
			birth := time.Date(1950+w.Rand.IntN(60), time.Month(1+w.Rand.IntN(12)), 1+w.Rand.IntN(28), 0, 0, 0, 0, time.UTC)
			id, err := l.Clients.Create(ctx, tx, clients.NewClient{Name: name, BirthDate: birth, Region: region, BSN: bsns[i],
				Address: fmt.Sprintf("Kerkstraat %d, %s", 1+i, location.City), CreatedBy: w.Users[auth.RoleZorgkantoor]})
			if err != nil {
				return err
			}
			for _, rel := range []clients.CareRelation{
				{ClientID: id, Kind: clients.CareOrganisation, RefID: location.OrganisationID, Label: orgName(w, location.OrganisationID), Start: start},
				{ClientID: id, Kind: clients.CareLocation, RefID: location.ID, Label: location.Name, Start: start},
			} {
				if _, err := l.Clients.AddCareRelation(ctx, tx, rel); err != nil {
					return err
				}
			}
			if region == w.HomeRegion && i%4 == 0 {
				if _, err := l.Clients.AddCareRelation(ctx, tx, clients.CareRelation{ClientID: id, Kind: clients.CareSupporter, RefID: w.Users[auth.RoleOndersteuner], Label: "Ilse Mulder", Start: start}); err != nil {
					return err
				}
			}
			if region == w.HomeRegion && i%5 == 1 {
				if _, err := l.Clients.AddCareRelation(ctx, tx, clients.CareRelation{ClientID: id, Kind: clients.CareTeam, RefID: 1, Label: "C.O.T. Utrecht", Start: start}); err != nil {
					return err
				}
			}
			w.Clients = append(w.Clients, Client{ID: id, Region: region, LocationID: location.ID, ProviderID: location.OrganisationID, BirthDate: birth})
		}
		own := w.Clients[0].ID
		if err := l.Clients.LinkClientAccount(ctx, tx, w.Users[auth.RoleClient], own); err != nil {
			return err
		}
		if _, err := l.Clients.AddRepresentative(ctx, tx, clients.Representative{ClientID: own, UserID: w.Users[auth.RoleNaaste], Name: "Marieke de Vries",
			Relation: clients.RelMentor, MayAct: true, ValidFrom: start, GrantedBy: w.Users[auth.RoleZorgkantoor], GrantedAt: start}); err != nil {
			return err
		}
		for _, s := range []clients.Subject{clients.SubjectRecord, clients.SubjectSleepMonitoring, clients.SubjectSleepData} {
			if _, err := l.Clients.AddConsent(ctx, tx, clients.Consent{ClientID: own, Subject: s, RecipientKind: clients.RecipientUser, RecipientID: w.Users[auth.RoleNaaste],
				RecipientLabel: "Marieke de Vries", Basis: clients.BasisClient, ValidFrom: start, RecordedBy: w.Users[auth.RoleZorgverlener], RecordedAt: start}); err != nil {
				return err
			}
		}
		return nil
	})
}

func orgName(w *World, id int64) string {
	for _, p := range w.Providers {
		if p.ID == id {
			return p.Name
		}
	}
	return ""
}
