package safety

import (
	"context"
	"database/sql"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/demo"
	"github.com/volwaardig/volwaardig/internal/web"
)

// DemoStatusCode is the status code of the demo's anonymous advice
// request, so a walk through the status page can start without making a
// report first. It exists only in the demo data.
const DemoStatusCode = "DEMO-ADVI-ES26-CODE"

// demoStory is one realistic, non-graphic report of the demo.
type demoStory struct {
	kind          Kind
	group         Group
	what, where   string
	who           string
	ongoing, safe Answer
	contact       string
}

var demoStories = []demoStory{
	{KindReport, GroupClient, "Een medebewoner komt steeds mijn kamer in. Hij raakt mij aan en ik wil dat niet. Ik heb nee gezegd maar hij stopt niet.", "Op mijn kamer op de woonlocatie", "Een medebewoner", AnswerYes, AnswerUnknown, ""},
	{KindReport, GroupRelative, "Mijn dochter vertelt dat een begeleider tegen haar schreeuwt en haar uitscheldt als ze niet snel genoeg klaar is met aankleden.", "Op de groep, 's ochtends", "Een begeleider van de ochtenddienst", AnswerYes, AnswerYes, "06 12 34 56 78"},
	{KindReport, GroupProfessional, "Ik zag dat een collega een cliënt hardhandig bij de arm pakte en naar zijn kamer duwde. De cliënt had daarna een blauwe plek.", "Gang van de woongroep", "Een collega en een cliënt; een andere collega zag het ook", AnswerNo, AnswerYes, "Via de teamleider"},
	{KindAdvice, GroupClient, "Mijn begeleider stuurt mij 's avonds laat berichtjes dat ik mooi ben. Is dat normaal? Ik durf het niet te vragen.", "", "", "", AnswerYes, ""},
	{KindReport, GroupClient, "Iemand van het taxivervoer zegt dingen over mijn lichaam die ik niet fijn vind.", "In de taxi naar de dagbesteding", "De chauffeur", AnswerNo, AnswerYes, ""},
	{KindReport, GroupRelative, "Mijn broer heeft geld nodig van een medebewoner en moet dan dingen voor hem doen. Hij is bang.", "Op de woonlocatie", "Een medebewoner", AnswerYes, AnswerNo, "broer.familie@example.org"},
}

func (s *Service) loadDemo(ctx context.Context, w *demo.World, now time.Time) error {
	now = now.Truncate(time.Second)
	if len(w.Providers) == 0 {
		return nil
	}
	home := w.Providers[0]
	for _, p := range w.Providers {
		if p.ID == w.HomeProvider {
			home = p
		}
	}
	adviser := w.Duties[auth.DutyConfidentialAdviser]
	return s.d.Tx(ctx, func(tx *sql.Tx) error {
		if w.Scale == demo.National {
			if err := s.demoNational(ctx, tx, w, now); err != nil {
				return err
			}
		}
		var sanne int64
		if len(w.Clients) > 0 {
			sanne = w.Clients[0].ID
		}
		type plan struct {
			story    int
			reporter int64
			client   int64
			daysAgo  int
			steps    int
			igj      bool
			message  string
			closed   string
			code     string
		}
		plans := []plan{
			{story: 0, reporter: w.Users[auth.RoleClient], client: sanne, daysAgo: 6, steps: 2, message: "Dank u wel dat u dit vertelt. Ik wil graag met u praten. Kan dat donderdag om 10 uur op de woonlocatie? Uw begeleider mag erbij zijn als u dat wilt."},
			{story: 1, reporter: w.Users[auth.RoleNaaste], daysAgo: 12, steps: 3, igj: true, message: "Ik heb met uw dochter gesproken. We hebben afspraken gemaakt over de ochtenddienst. Ik bel u deze week."},
			{story: 2, reporter: w.Users[auth.RoleZorgverlener], daysAgo: 20, steps: 4, igj: true},
			{story: 3, daysAgo: 1, code: DemoStatusCode},
			{story: 4, daysAgo: 75, steps: 5, igj: true, closed: "Gesprek met cliënt en vervoerder. De chauffeur rijdt niet meer voor deze cliënt; de vervoerder heeft een gesprek met hem gevoerd. Cliënt is tevreden met de afloop."},
			{story: 5, daysAgo: 0},
		}
		for _, pl := range plans {
			st := demoStories[pl.story]
			code := pl.code
			if code == "" {
				code = NewStatusCode()
			}
			created := now.Add(-time.Duration(pl.daysAgo*24+3) * time.Hour)
			r := Report{Kind: st.kind, Group: st.group, ProviderID: home.ID, Region: home.Region, ClientID: pl.client, ReporterID: pl.reporter, What: st.what, Where: st.where,
				Who: st.who, Ongoing: st.ongoing, SafeNow: st.safe, Contact: st.contact, Status: StatusNew, CreatedAt: created}
			id, err := s.store.insertReport(ctx, tx, r, hashCode(code))
			if err != nil {
				return err
			}
			// A reporter writes at any hour; the adviser answers in
			// office hours: the message, each step and the closing take
			// the next working half-days after the report.
			slot := workSlots(created, now)
			if pl.message != "" {
				at := slot()
				if err := s.store.insertMessage(ctx, tx, Message{ReportID: id, Body: pl.message, CreatedAt: at, AuthorID: adviser}); err != nil {
					return err
				}
				if err := s.store.touch(ctx, tx, id, at); err != nil {
					return err
				}
			}
			for n := 1; n <= pl.steps; n++ {
				at := slot()
				if err := s.store.insertStep(ctx, tx, Step{ReportID: id, Step: n, Choice: demoChoice(n), Outcome: demoOutcomes[n-1], RecordedAt: at, RecordedBy: adviser}); err != nil {
					return err
				}
				if pl.igj && n == 1 {
					// Reported to the inspectorate on the day of the
					// first step: the day as the adviser types it.
					local := at.In(web.Amsterdam())
					day := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, web.Amsterdam())
					if err := s.store.setIGJ(ctx, tx, id, day.UTC(), adviser); err != nil {
						return err
					}
				}
			}
			if pl.closed != "" {
				if err := s.store.close(ctx, tx, id, slot(), pl.closed); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// workSlots returns the adviser's working moments after t, one per call:
// 09:30 and 14:00 Amsterdam time on weekdays, the next one each time. A
// moment is never after now; the demo's plans leave enough days for their
// steps, and a moment that would not fit is an hour before now.
func workSlots(t, now time.Time) func() time.Time {
	loc := web.Amsterdam()
	at := t.In(loc)
	return func() time.Time {
		for {
			day := time.Date(at.Year(), at.Month(), at.Day(), 0, 0, 0, 0, loc)
			var next time.Time
			for _, hm := range [][2]int{{9, 30}, {14, 0}} {
				c := day.Add(time.Duration(hm[0])*time.Hour + time.Duration(hm[1])*time.Minute)
				if c.After(at) && day.Weekday() != time.Saturday && day.Weekday() != time.Sunday {
					next = c
					break
				}
			}
			if next.IsZero() {
				at = day.AddDate(0, 0, 1)
				continue
			}
			at = next
			if next.After(now) {
				return now.Add(-time.Hour).UTC()
			}
			return next.UTC()
		}
	}
}

func demoChoice(step int) string {
	switch step {
	case 2:
		return "beide"
	case 4:
		return "vermoeden"
	case 5:
		return "hulp"
	}
	return ""
}

var demoOutcomes = []string{
	"Signalen vastgelegd: wat de melder vertelde, wanneer en waar. Geen letsel gezien.",
	"Overlegd met de aandachtsfunctionaris en anoniem advies gevraagd bij Veilig Thuis: eerst een gesprek met de cliënt.",
	"Gesprek met de cliënt gevoerd in eenvoudige taal, met de persoonlijk begeleider erbij op verzoek van de cliënt.",
	"Vermoeden van grensoverschrijdend gedrag; geen acute onveiligheid na de genomen maatregelen.",
	"Hulp georganiseerd: andere inzet van personeel, vervolggesprek over vier weken.",
}

// demoNational writes 4–20 reports per provider over about fifteen
// months (some 2,000 nationally), in batches of 200 rows, so the national
// set builds in about a second.
func (s *Service) demoNational(ctx context.Context, tx *sql.Tx, w *demo.World, now time.Time) error {
	var batch []Report
	for _, p := range w.Providers {
		n := 4 + w.Rand.IntN(17)
		for i := 0; i < n; i++ {
			st := demoStories[w.Rand.IntN(len(demoStories))]
			created := now.Add(-time.Duration(24+w.Rand.IntN(450*24)) * time.Hour)
			r := Report{Kind: st.kind, Group: st.group, ProviderID: p.ID, Region: p.Region, What: st.what, Where: st.where, Who: st.who,
				Ongoing: st.ongoing, SafeNow: st.safe, Status: StatusInProgress, CreatedAt: created, FirstContactAt: created.Add(time.Duration(2+w.Rand.IntN(96)) * time.Hour)}
			if now.Sub(created) > 60*24*time.Hour {
				r.Status, r.ClosedAt, r.Decision = StatusClosed, created.Add(time.Duration(10+w.Rand.IntN(40))*24*time.Hour), "Afgerond na de stappen van de meldcode."
			}
			batch = append(batch, r)
		}
	}
	return s.store.demoBatch(ctx, tx, batch)
}
