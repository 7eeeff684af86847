package knowledge

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/demo"
)

// demoItem is one item of the demo content in a compact form: tags as
// "rol:ouder,broer-zus fase:volwassen aanleiding:acuut thema:gesprek".
type demoItem struct {
	kind, title, summary, body, easy, tags string
	owner, source, phone, website          string
	video, captions, transcript            string
	// overdue items had their review date a month ago, so the editors'
	// list and start page show the flag.
	overdue bool
	status  Status
}

// loadDemo writes the demo content at every scale; the national scale
// adds a year of anonymous daily reach counts. The editor account wrote
// every item (version 1, published).
func (s *Service) loadDemo(ctx context.Context, w *demo.World) error {
	editor := w.Duties["redacteur"]
	if editor == 0 {
		editor = w.Users[auth.RoleBeheerder]
	}
	// The drafts waiting for review were written by the second editor, so
	// the first (the demo's redacteur) can review and publish them.
	second := w.Duties["eindredacteur"]
	if second == 0 {
		second = editor
	}
	now := s.now()
	today := s.today()
	return s.d.Tx(ctx, func(tx *sql.Tx) error {
		for i, d := range withProgramme(demoContent()) {
			it, err := d.item()
			if err != nil {
				return fmt.Errorf("knowledge demo item %d (%s): %w", i, d.title, err)
			}
			it.ReviewBy = today.AddDate(0, 6+i%12, 0)
			if d.overdue {
				it.ReviewBy = today.AddDate(0, -1, -i%20)
			}
			it.Status, it.Version, it.UpdatedAt, it.UpdatedBy, it.Published = StatusPublished, 1, now, editor, now
			if d.status != "" {
				it.Status, it.Published = d.status, time.Time{}
			}
			by := editor
			if it.Status == StatusReview {
				by = second
			}
			it.UpdatedBy = by
			if it.ID, err = s.store.insertItem(ctx, tx, it); err != nil {
				return fmt.Errorf("knowledge demo item %s: %w", it.Slug, err)
			}
			if err := s.store.addVersion(ctx, tx, it, by, now, "aangemaakt", "Demo-inhoud", snapshot(it)); err != nil {
				return err
			}
		}
		// Sanne de Vries (the demo client) had a three-party conversation
		// with her mother Marieke and her carer Jeroen.
		if len(w.Clients) > 0 && w.Users[auth.RoleZorgverlener] != 0 {
			c := Conversation{ClientID: w.Clients[0].ID, Topic: "Wonen als mama ouder wordt", HeldOn: today.AddDate(0, -2, 0), FollowUp: today.AddDate(0, 4, 0),
				Views: map[string]map[string]string{
					"goed":   {PartyClient: "Ik vind het fijn op de woongroep. Eva is mijn vriendin.", PartyRelative: "Sanne is rustiger sinds ze vaste logeerweekenden heeft.", PartyProfessional: "Het dagritme werkt; de nachten zijn rustig."},
					"zorgen": {PartyRelative: "Ik word ouder. Wie regelt alles als ik het niet meer kan?", PartyProfessional: "Veel kennis over Sanne zit alleen bij haar moeder."},
					"later":  {PartyClient: "Ik wil dat Tom mij blijft bezoeken.", PartyRelative: "Tom, haar broer, wil mentor worden.", PartyProfessional: "Wij kunnen de medische afspraken overnemen."},
					"wie":    {PartyClient: "Ik kies zelf mijn kleren en mijn dagbesteding."},
				},
				Agreements: []Agreement{{What: "Zorgtestament invullen en delen met Tom en de woongroep", Who: "Marieke"}, {What: "Tom meenemen naar het volgende gesprek", Who: "Marieke"},
					{What: "Medicatieoverzicht in het goed-leven-plan zetten", Who: "Jeroen Bakker"}}}
			if _, err := s.store.insertConversation(ctx, tx, c, w.Users[auth.RoleZorgverlener], now); err != nil {
				return err
			}
		}
		if w.Scale != demo.National {
			return nil
		}
		// A year of reach: about 2,500 visitor-days on a weekday, fewer
		// at the weekend (the letters: some 250,000 relatives).
		days := map[string][2]int{}
		for d := 1; d <= 365; d++ {
			day := today.AddDate(0, 0, -d)
			v := 1800 + w.Rand.IntN(1400)
			if wd := day.Weekday(); wd == time.Saturday || wd == time.Sunday {
				v = v * 6 / 10
			}
			days[day.Format(time.DateOnly)] = [2]int{v, v * 2}
		}
		return s.store.insertReachDays(ctx, tx, days)
	})
}

// withProgramme adds the programme's knowledge products, vlogs and
// articles to the base's demo items, counting the base's published items
// of those kinds so the total is the letters' number.
func withProgramme(base []demoItem) []demoItem {
	have := map[string]int{}
	for _, d := range base {
		if d.status == "" {
			have[d.kind]++
		}
	}
	return append(base, programmeContent(have)...)
}

// item turns the compact form into an Item through the editors' own
// validation, so the demo cannot hold what the form would refuse.
func (d demoItem) item() (Item, error) {
	in := ItemInput{Kind: d.kind, Title: d.title, Summary: d.summary, Body: d.body, EasyBody: d.easy, Owner: d.owner, ReviewBy: "01-01-2030",
		Source: d.source, Phone: d.phone, Website: d.website, VideoURL: d.video, Captions: d.captions, Transcript: d.transcript}
	if in.Owner == "" {
		in.Owner = "Redactie Volwaardig kennisbank"
	}
	for _, group := range strings.Fields(d.tags) {
		key, vals, _ := strings.Cut(group, ":")
		list := strings.Split(vals, ",")
		switch key {
		case FacetRole:
			in.Roles = append(in.Roles, list...)
		case FacetLifePhase:
			in.Phases = append(in.Phases, list...)
		case FacetTrigger:
			in.Triggers = append(in.Triggers, list...)
		case FacetTheme:
			in.Themes = append(in.Themes, list...)
		default:
			return Item{}, fmt.Errorf("unknown tag group %q", key)
		}
	}
	return in.validate()
}
