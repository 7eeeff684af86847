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
	now := s.now()
	today := s.today()
	return s.d.Tx(ctx, func(tx *sql.Tx) error {
		for i, d := range demoContent() {
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
			if it.ID, err = s.store.insertItem(ctx, tx, it); err != nil {
				return fmt.Errorf("knowledge demo item %s: %w", it.Slug, err)
			}
			if err := s.store.addVersion(ctx, tx, it, editor, now, "aangemaakt", "Demo-inhoud", snapshot(it)); err != nil {
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
