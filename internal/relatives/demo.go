package relatives

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/demo"
)

// demoPlan is the complete example plan Marieke de Vries keeps for her
// daughter Sanne: a plan a relative could print and hand over.
var demoPlan = map[string]string{
	"netwerk": `Marieke de Vries (moeder, mentor): 06 11111111, woont 10 minuten verderop.
Joost de Vries (broer): 06 22222222, komt elke zondag.
Tante Ria (zus van Marieke): 06 33333333, kent Sanne goed en kan bijspringen.
Persoonlijk begeleider woongroep De Linde: Jeroen Bakker, 030 1234567.
Cliëntondersteuner: Ilse Mulder (MEE Utrecht), 030 7654321.
Huisarts: dokter Van Leeuwen, Gezondheidscentrum Oost, 030 2345678.`,
	"dagritme": `Sanne staat op om 7.30 uur en wil eerst rustig ontbijten: boterham met hagelslag en thee met een klontje suiker.
Om 9.00 uur gaat ze naar de dagbesteding (kaarsenmakerij), met de taxi die om 8.45 uur komt.
Na de dagbesteding heeft ze een half uur voor zichzelf nodig op haar kamer, met muziek.
Ze eet om 17.30 uur, het liefst aardappels, groente en vlees apart op het bord.
Donderdagavond zwemmen bij de G-club. Om 21.30 uur naar bed; ze wil dat de deur op een kier blijft.
Onrustig van: drukte, harde geluiden, plotselinge veranderingen. Helpt: vooraf uitleggen wat er gaat gebeuren, een pictogram-planning.`,
	"medisch": `Diagnose: verstandelijke beperking (matig) en epilepsie.
Medicijnen: levetiracetam 500 mg om 8.00 en 20.00 uur; bij een aanval langer dan 5 minuten midazolam neusspray (ligt in de rode tas).
Allergie: penicilline.
Neuroloog: dr. Smits, UMC Utrecht, controle eens per jaar.
Bloed prikken gaat alleen met uitleg vooraf en mama erbij.`,
	"planb": `Als ik (Marieke) plotseling uitval:
1. Bel Joost, daarna tante Ria. Een van hen gaat dezelfde dag naar Sanne.
2. Laat de woongroep weten dat ik er niet ben: Sanne blijft gewoon op De Linde.
3. Geldzaken en afspraken: Joost heeft een volmacht en de map 'Sanne' staat in mijn kast, bovenste plank.
4. Als de woongroep niet kan: logeeropvang bij De Linde (logeerkamer), of crisisopvang via de huisarts.
Vertel Sanne wat er aan de hand is in korte zinnen, en dat zij op De Linde blijft.`,
	"taken": `Mentorschap: Joost neemt het over (aanvraag bij de kantonrechter staat klaar).
Geld en post: Joost.
Afspraken met arts en neuroloog: tante Ria gaat mee.
Bezoek en uitjes: Joost elke zondag, tante Ria om de week op woensdag.
Kleding en verjaardagen: tante Ria.
Overleg met de woongroep (zorgplanbespreking twee keer per jaar): Joost, met Ilse Mulder als cliëntondersteuner.`,
}

// loadDemo builds the module's demo part. Small: Marieke's complete plan
// for Sanne shared with Sanne and the supporter, the expert's topics and
// slots, an open and a handled call-back, peers, and the survey's first
// measurement with the letters' figures (7,5; 75% good or very good; 85%
// happy; 10% not satisfied; three in five always ready). National adds
// survey respondents and call-backs at country scale, in batches.
func (s *Service) loadDemo(ctx context.Context, w *demo.World) error {
	now := s.now()
	marieke, sanneAccount, supporter := w.Users[auth.RoleNaaste], w.Users[auth.RoleClient], w.Users[auth.RoleOndersteuner]
	expert, council := w.Duties[auth.DutyExpertByExperience], w.Duties[auth.DutyClientCouncil]
	if marieke == 0 || len(w.Clients) == 0 {
		return nil
	}
	sanne := w.Clients[0].ID
	return s.d.Tx(ctx, func(tx *sql.Tx) error {
		made := now.AddDate(0, -5, 0)
		pl := Plan{OwnerID: marieke, ClientID: sanne, Title: "Plan voor Sanne", Text: demoPlan, ReviewAt: now.AddDate(0, 7, 0), CreatedAt: made, UpdatedAt: made}
		id, err := s.store.insertPlan(ctx, tx, pl)
		if err != nil {
			return err
		}
		if sanneAccount != 0 {
			if _, err := s.store.upsertShare(ctx, tx, id, sanneAccount, []string{"netwerk", "dagritme", "planb"}, marieke, made); err != nil {
				return err
			}
		}
		if supporter != 0 {
			if _, err := s.store.upsertShare(ctx, tx, id, supporter, SectionCodes(), marieke, made); err != nil {
				return err
			}
		}
		own := Plan{OwnerID: marieke, Title: "Mijn eigen regelingen", Text: map[string]string{"netwerk": "Buurvrouw Anja (06 44444444) heeft een sleutel van mijn huis.", "taken": "De hond gaat naar Joost."},
			ReviewAt: now.AddDate(0, 0, -3), CreatedAt: now.AddDate(-1, 0, -3), UpdatedAt: now.AddDate(-1, 0, -3)}
		if _, err := s.store.insertPlan(ctx, tx, own); err != nil {
			return err
		}
		if expert != 0 {
			if err := s.store.saveExpert(ctx, tx, Expert{UserID: expert, Topics: []string{"broer_zus", "volwassen_kind", "wonen", "toekomst"}, Active: true,
				Slots: []Slot{{Weekday: 1, From: 19 * 60, To: 21 * 60}, {Weekday: 3, From: 10 * 60, To: 12 * 60}, {Weekday: 4, From: 19 * 60, To: 21 * 60}}}, now); err != nil {
				return err
			}
			if _, err := s.store.insertCallback(ctx, tx, Callback{RequesterID: marieke, Topic: "toekomst", Phone: "0611111111", Preferred: "avond", Question: "Ik word ouder en wil regelen wie later voor Sanne zorgt. Hoe pakken anderen dat aan?",
				ExpertID: expert, Status: "open", RequestedAt: now.Add(-20 * time.Hour)}); err != nil {
				return err
			}
			if _, err := s.store.insertCallback(ctx, tx, Callback{RequesterID: marieke, Topic: "wonen", Phone: "0611111111", Preferred: "ochtend", ExpertID: expert, Status: "gebeld",
				Outcome: "Ervaringen met verhuizen naar een woongroep gedeeld; gewezen op cliëntondersteuning en de Wegwijzer.", RequestedAt: now.AddDate(0, -2, 0), HandledAt: now.AddDate(0, -2, 1)}); err != nil {
				return err
			}
		}
		for _, pe := range []Peer{{UserID: marieke, Relation: "ouder", LifePhase: "volwassene", Intro: "Moeder van een volwassen dochter die in een woongroep woont."},
			{UserID: expert, Relation: "broer_zus", LifePhase: "volwassene", Intro: "Broer van een zus met een verstandelijke beperking; ik ben nu haar mentor."},
			{UserID: council, Relation: "ouder", LifePhase: "jongvolwassene", Intro: "Onze zoon is 19 en gaat binnenkort uit huis."}} {
			if pe.UserID == 0 {
				continue
			}
			if err := s.store.savePeer(ctx, tx, pe, now.AddDate(0, -1, 0)); err != nil {
				return err
			}
		}
		if council != 0 {
			if err := s.store.insertPeerRequest(ctx, tx, council, marieke, "Wij twijfelen over een woongroep voor onze zoon. Mag ik u vragen hoe dat bij uw dochter ging?", now.AddDate(0, 0, -2)); err != nil {
				return err
			}
		}
		if err := s.demoSurvey(ctx, tx, w); err != nil {
			return err
		}
		if w.Scale == demo.National && expert != 0 && council != 0 {
			return s.demoNationalCallbacks(ctx, tx, w, expert, council, now)
		}
		return nil
	})
}

// demoSurvey adds the first measurement (the letters' figures) and a few
// answers to the cycle that runs now, too few to publish.
func (s *Service) demoSurvey(ctx context.Context, tx *sql.Tx, w *demo.World) error {
	first := cycleAt(s.now().AddDate(-2, 0, 0))
	id, err := s.store.ensureCycle(ctx, tx, first)
	if err != nil {
		return err
	}
	n := 200
	if w.Scale == demo.National {
		n = 4000
	}
	if err := s.store.insertResponses(ctx, tx, id, LetterAnswers(n)); err != nil {
		return err
	}
	cur, err := s.store.ensureCycle(ctx, tx, cycleAt(s.now()))
	if err != nil {
		return err
	}
	return s.store.insertResponses(ctx, tx, cur, LetterAnswers(20)[:3])
}

// LetterAnswers are n answers (n a multiple of 20) whose figures are the
// letters': average 7,5; 75% good or very good; 85% happy; 10% not
// satisfied; 60% always ready.
func LetterAnswers(n int) []Answer {
	yes, no := true, false
	out := make([]Answer, n)
	for i := range out {
		f := i * 20 / n // 0..19: twentieths
		a := Answer{Happy: &no, AlwaysReady: &no, Satisfaction: "tevreden"}
		switch {
		case f < 6: // 30%: 9, very good
			a.Score, a.Quality = 9, "zeer_goed"
		case f < 15: // 45%: 8, good
			a.Score, a.Quality = 8, "goed"
		case f < 18: // 15%: 6
			a.Score, a.Quality = 6, "redelijk"
		default: // 10%: 3, not satisfied
			a.Score, a.Quality, a.Satisfaction = 3, "matig", "niet_tevreden"
		}
		if f < 17 {
			a.Happy = &yes
		}
		if f >= 15 && f < 17 {
			a.Satisfaction = "neutraal"
		}
		if i%5 < 3 {
			a.AlwaysReady = &yes
		}
		out[i] = a
	}
	return out
}

// demoNationalCallbacks adds a year of handled call-backs at country
// scale, a few a day.
func (s *Service) demoNationalCallbacks(ctx context.Context, tx *sql.Tx, w *demo.World, expert, requester int64, now time.Time) error {
	var cs []Callback
	for i := 0; i < 1500; i++ {
		at := now.Add(-time.Duration(w.Rand.IntN(365*24)) * time.Hour)
		status, outcome := "gebeld", "Gesproken; ervaringen gedeeld."
		if i%7 == 0 {
			status, outcome = "niet_bereikt", "Twee keer gebeld, geen gehoor; voicemail ingesproken."
		}
		cs = append(cs, Callback{RequesterID: requester, Topic: Topics[i%len(Topics)].Value, Phone: fmt.Sprintf("06%08d", 10000000+i), Preferred: Moments[i%len(Moments)].Value,
			ExpertID: expert, Status: status, Outcome: outcome, RequestedAt: at, HandledAt: at.Add(26 * time.Hour)})
	}
	return s.store.insertCallbacks(ctx, tx, cs)
}
