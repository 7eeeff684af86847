package innovation

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/demo"
	"github.com/volwaardig/volwaardig/internal/orgs"
)

// demoCheck reads a letter of the demo checklist.
func demoCheck(b byte) Check {
	switch b {
	case 'v':
		return CheckPass
	case 'n':
		return CheckFail
	}
	return CheckUnknown
}

// The programme's numbers (DESIGN §2.4): 39 organisations took part,
// 26 continued and 13 stopped; 74 locations and 580 clients use the
// technology; 36 renewal trajectories at 40 organisations. Both demo
// scales carry them as live data, so the monitor's computed indicators
// read what the letters report (issue 16: the small demo had only the
// home provider's projects, and the monitor showed 1 organisation of 26
// as a fall against the letters' figure).
const (
	demoActiveOrgs   = 26
	demoStoppedOrgs  = 13
	demoLocations    = 74
	demoClients      = 580
	demoTrajectories = 36
	demoRenewalOrgs  = 40
)

// loadDemo loads the catalogue (55 technologies), the theme networks and
// the home provider's projects in different phases: a Nachtrust project
// with the demo sleep clients, a comparison with a decision matrix, a
// readiness scan with an open council advice, a stopped project and a
// Begeleiding à la carte trajectory with a partner. Then the programme's
// other organisations, locations, clients and trajectories, at both
// scales, in one transaction with a few hundred inserts.
func (s *Service) loadDemo(ctx context.Context, w *demo.World) error {
	now := s.now()
	admin := w.Users[auth.RoleAanbieder]
	council := w.Duties["clientenraad"]
	return s.d.Tx(ctx, func(tx *sql.Tx) error {
		techIDs := map[string]int64{}
		for _, d := range demoCatalogue {
			t := Technology{Name: d.name, Theme: d.theme, CareQuestions: d.questions, Pros: d.pros, Cons: d.cons, PurchaseCents: d.purchase * 100, YearlyCents: d.yearly * 100,
				Evidence: d.evidence, Supplier: d.supplier, Privacy: demoCheck(d.checks[0]), Security: demoCheck(d.checks[1]), Interop: demoCheck(d.checks[2]),
				Accessibility: demoCheck(d.checks[3]), SleepMonitor: d.sleep}
			id, err := s.store.insertTechnology(ctx, tx, t, 0, now)
			if err != nil {
				return err
			}
			techIDs[d.name] = id
		}
		homeLocs := locationsOf(w, w.HomeProvider)
		b := demoBuilder{s: s, tx: tx, ctx: ctx, now: now, by: admin}
		// 1. Nachtrust: started small, now evaluating, with the sleep demo
		// clients of the home location taking part.
		sleepProject, err := b.project(Project{OrganisationID: w.HomeProvider, Kind: KindTechnology, Title: "Rustige nachten op de woongroep", Theme: "slapen",
			ClientGroup: "Bewoners van de woongroep met onrustige nachten", Question: "Bewoners worden 's nachts wakker van de controlerondes en zijn overdag moe. Hoe weten we hoe iemand slaapt zonder te storen?",
			DiffClient: "Ongestoord doorslapen en uitgerust de dag beginnen", DiffProfessional: "Gericht gaan kijken als het nodig is in plaats van vaste rondes",
			Involved: []string{"clienten", "naasten", "professionals", "clientenraad"}, ExpectedClients: 35,
			ScanOrg: ReadyYes, ScanIT: ReadyPartly, ScanFinance: ReadyYes, ScanStaff: ReadyYes, ScanNote: "Wifi op de slaapkamers wordt in maart verbeterd.",
			TechnologyID: techIDs["Nachtrust slaapmonitor (polssensor)"], ChoiceReason: "Hoogste score in de beslismatrix; de bewoners verdroegen de polssensor in de proef het best."}, PhaseEvaluation)
		if err != nil {
			return err
		}
		for _, c := range []string{"Nachtrust slaapmonitor (polssensor)", "Nachtrust matrassensor", "Akoestische nachtmonitoring"} {
			if err := s.store.addCandidate(ctx, tx, sleepProject, techIDs[c]); err != nil {
				return err
			}
		}
		if err := s.store.replaceMatrix(ctx, tx, sleepProject, []Criterion{
			{Name: "Verschil voor de cliënt", Weight: 40, Scores: map[int64]int{techIDs["Nachtrust slaapmonitor (polssensor)"]: 5, techIDs["Nachtrust matrassensor"]: 4, techIDs["Akoestische nachtmonitoring"]: 3}},
			{Name: "Verschil voor de professional", Weight: 25, Scores: map[int64]int{techIDs["Nachtrust slaapmonitor (polssensor)"]: 4, techIDs["Nachtrust matrassensor"]: 4, techIDs["Akoestische nachtmonitoring"]: 5}},
			{Name: "Kosten", Weight: 20, Scores: map[int64]int{techIDs["Nachtrust slaapmonitor (polssensor)"]: 4, techIDs["Nachtrust matrassensor"]: 3, techIDs["Akoestische nachtmonitoring"]: 2}},
			{Name: "Privacy en checklist leverancier", Weight: 15, Scores: map[int64]int{techIDs["Nachtrust slaapmonitor (polssensor)"]: 4, techIDs["Nachtrust matrassensor"]: 5, techIDs["Akoestische nachtmonitoring"]: 3}},
		}); err != nil {
			return err
		}
		if err := b.plan(sleepProject, KindTechnology, 3); err != nil {
			return err
		}
		if err := b.measures(sleepProject, true); err != nil {
			return err
		}
		for _, c := range w.Clients {
			if c.LocationID == w.HomeLocation {
				if _, err := s.store.addParticipant(ctx, tx, sleepProject, c.ID, admin, now.AddDate(0, -2, 0)); err != nil {
					return err
				}
			}
		}
		if _, err := s.store.insertAdvice(ctx, tx, Advice{ProjectID: sleepProject, Phase: PhaseChoice, Text: "Vraag elke bewoner zelf of de sensor prettig zit, en stop als iemand hem niet wil.", GivenBy: council, GivenAt: now.AddDate(0, -4, 0)}); err != nil {
			return err
		}
		if err := s.answerAll(ctx, tx, sleepProject, "Afgesproken: de persoonlijk begeleider vraagt het elke week na en legt het vast.", admin, now.AddDate(0, -4, 2)); err != nil {
			return err
		}
		// 2. Video calling: exploring, three candidates and a matrix.
		callProject, err := b.project(Project{OrganisationID: w.HomeProvider, Kind: KindTechnology, Title: "Beeldbellen met familie", Theme: "contact",
			ClientGroup: "Bewoners van wie de familie ver weg woont", Question: "Bewoners missen hun familie tussen de bezoeken door. Hoe kunnen ze zelf contact maken?",
			DiffClient: "Zelf de familie zien wanneer je dat wilt", DiffProfessional: "Minder tijd kwijt aan telefoontjes doorgeven",
			Involved: []string{"clienten", "naasten", "professionals"}, ExpectedClients: 60, ScanOrg: ReadyYes, ScanIT: ReadyYes, ScanFinance: ReadyPartly, ScanStaff: ReadyYes}, PhaseExplore)
		if err != nil {
			return err
		}
		for _, c := range []string{"Beeldbellen met eenvoudige bediening", "Familie-app voor berichten en foto's", "Telefoon met fotoknoppen"} {
			if err := s.store.addCandidate(ctx, tx, callProject, techIDs[c]); err != nil {
				return err
			}
		}
		// 3. Day planner: readiness scan half done, the council's advice open.
		planProject, err := b.project(Project{OrganisationID: w.HomeProvider, Kind: KindTechnology, Title: "Dagplanner voor meer zelfstandigheid", Theme: "dagstructuur",
			ClientGroup: "Jongvolwassenen in de trainingswoning", Question: "Jongeren vragen de hele dag wat er gaat gebeuren. Hoe houden ze zelf overzicht?",
			DiffClient: "Zelf weten wat er komt, minder spanning", DiffProfessional: "Minder vragen, meer tijd voor begeleiding op doelen",
			Involved: []string{"clienten", "professionals", "clientenraad"}, ExpectedClients: 40, ScanOrg: ReadyYes, ScanIT: ReadyPartly}, PhaseReadiness)
		if err != nil {
			return err
		}
		if _, err := s.store.insertAdvice(ctx, tx, Advice{ProjectID: planProject, Phase: PhaseReadiness, Text: "Zorg dat jongeren de planner ook zonder wifi kunnen gebruiken, want de wifi in de trainingswoning valt vaak uit.",
			GivenBy: council, GivenAt: now.AddDate(0, 0, -6)}); err != nil {
			return err
		}
		// 4. Stopped: GPS with living circles, preconditions not in order.
		if _, err := b.project(Project{OrganisationID: w.HomeProvider, Kind: KindTechnology, Title: "Leefcirkels met GPS", Theme: "veilig",
			ClientGroup: "Bewoners die graag zelf naar buiten gaan", Question: "Bewoners willen zelf naar de winkel, maar de deur is dicht. Hoe kan dat veilig?",
			DiffClient: "Meer vrijheid om zelf te gaan", DiffProfessional: "Minder meelopen, wel weten dat het goed gaat",
			Involved: []string{"clienten", "naasten", "professionals"}, ScanOrg: ReadyPartly, ScanIT: ReadyNo, ScanFinance: ReadyNo, ScanStaff: ReadyPartly,
			ScanNote: "Geen beheer voor de trackers en geen budget na de proefperiode.", StopCategory: "randvoorwaarden",
			StopReason: "ICT en financiering zijn niet op orde: er is geen beheer voor de trackers en geen budget na de proefperiode. Over een jaar opnieuw bekijken."}, PhaseStopped); err != nil {
			return err
		}
		// 5. Begeleiding à la carte with a partner provider.
		social, err := b.project(Project{OrganisationID: w.HomeProvider, Kind: KindSocial, Title: "Zelf kiezen wanneer je begeleiding krijgt", Theme: "zelfstandig",
			ClientGroup: "Cliënten die zelfstandig wonen met ambulante begeleiding", Question: "Cliënten willen begeleiding op de momenten dat zij het nodig hebben, niet op vaste tijden.",
			DiffClient: "Hulp als het nodig is; zelf de regie", DiffProfessional: "Werken op afroep vraagt een andere planning",
			Involved: []string{"clienten", "professionals"}, ScanOrg: ReadyYes, ScanIT: ReadyYes, ScanFinance: ReadyPartly, ScanStaff: ReadyPartly,
			Approach: "Een tegoed aan uren per maand dat de cliënt zelf inzet via de app of de telefoon.", ChoiceReason: "Cliënten willen zelf bepalen wanneer; met een tegoed houden zij die regie en blijft de planning te doen."}, PhasePlan)
		if err != nil {
			return err
		}
		if len(w.Providers) > 1 {
			if err := s.store.addPartner(ctx, tx, social, w.Providers[1].ID); err != nil {
				return err
			}
		}
		if err := b.plan(social, KindSocial, 2); err != nil {
			return err
		}
		// Scale-up of the Nachtrust project, the first of the programme's
		// 74 locations.
		counter := scaleCounter{}
		if err := b.scale(sleepProject, homeLocs, 3, &counter); err != nil {
			return err
		}
		if err := s.demoNetworks(ctx, tx, w, now, admin); err != nil {
			return err
		}
		return s.demoProgramme(ctx, b, w, techIDs, &counter)
	})
}

// scaleCounter hands out the programme's locations and clients so the
// totals come out at the programme's numbers.
type scaleCounter struct{ locations, clients int }

// next is the client count of the next location: 580 over 74 locations.
func (c *scaleCounter) next() int {
	n := demoClients / demoLocations
	if c.locations < demoClients%demoLocations {
		n++
	}
	c.locations++
	c.clients += n
	return n
}

// demoProgramme adds the other 38 organisations (25 continuing, 13
// stopped) and 35 more trajectories (36 in all at 40 organisations). The
// trajectories go to the providers after the technology organisations,
// wrapping round to the first ones when the world has fewer providers
// (the small scale has 60): an organisation may take part in both, as in
// the programme, but never twice in the trajectories, and never the home
// provider or its partner, who have their own.
func (s *Service) demoProgramme(ctx context.Context, b demoBuilder, w *demo.World, techIDs map[string]int64, counter *scaleCounter) error {
	catalogue := demoCatalogue
	orgCount := demoActiveOrgs + demoStoppedOrgs
	// 35 trajectory organisations and 3 partners, none the home provider
	// (index 0) or its partner (index 1).
	renewalNeed := demoTrajectories - 1 + 3
	if len(w.Providers) < orgCount || len(w.Providers)-2 < renewalNeed {
		return fmt.Errorf("innovation demo: %d providers, need %d", len(w.Providers), max(orgCount, renewalNeed+2))
	}
	renewalOrg := func(k int) orgs.Organisation {
		return w.Providers[2+(orgCount-2+k)%(len(w.Providers)-2)]
	}
	phases := []Phase{PhaseSmall, PhaseEvaluation, PhaseScale}
	for i := 1; i < orgCount; i++ {
		org := w.Providers[i]
		d := catalogue[(i*7)%len(catalogue)]
		pr := Project{OrganisationID: org.ID, Kind: KindTechnology, Title: d.name + " bij " + org.Name, Theme: d.theme, ClientGroup: "Bewoners en deelnemers van de dagbesteding",
			Question: "Zorgvraag: " + d.questions, DiffClient: "Meer eigen regie en rust", DiffProfessional: "Minder onnodige handelingen", Involved: []string{"clienten", "naasten", "professionals"},
			ExpectedClients: 35 + (i*53)%516, ScanOrg: ReadyYes, ScanIT: ReadyYes, ScanFinance: ReadyPartly, ScanStaff: ReadyYes,
			TechnologyID: techIDs[d.name], ChoiceReason: "Beste score in de beslismatrix met de cliëntengroep."}
		if i < demoActiveOrgs {
			id, err := b.project(pr, phases[i%len(phases)])
			if err != nil {
				return err
			}
			nLoc := 3
			if i >= demoActiveOrgs-4 {
				nLoc = 2
			}
			if i == demoActiveOrgs-1 {
				nLoc = demoLocations - counter.locations - 0
			}
			if err := b.scale(id, locationsOf(w, org.ID), nLoc, counter); err != nil {
				return err
			}
			continue
		}
		// Stopped: most for want of the preconditions.
		pr.ScanIT, pr.ScanFinance = ReadyNo, ReadyPartly
		pr.StopCategory, pr.StopReason = "randvoorwaarden", "De ICT-omgeving en de financiering na de proefperiode waren niet op orde."
		if i%4 == 0 {
			pr.ScanIT, pr.ScanFinance = ReadyYes, ReadyNo
			pr.StopCategory, pr.StopReason = "financiering", "Geen structurele financiering gevonden na de proefperiode."
		}
		pr.TechnologyID = 0
		if _, err := b.project(pr, PhaseStopped); err != nil {
			return err
		}
	}
	themesList := Themes()
	socialPhases := []Phase{PhaseReadiness, PhasePlan, PhaseSmall, PhaseEvaluation, PhaseScale}
	for i := 1; i < demoTrajectories; i++ {
		org := renewalOrg(i - 1)
		th := themesList[i%len(themesList)]
		id, err := b.project(Project{OrganisationID: org.ID, Kind: KindSocial, Title: "Begeleiding à la carte: " + th.Name + " bij " + org.Name, Theme: th.Code,
			ClientGroup: "Cliënten met begeleiding thuis", Question: "Hoe sluit de begeleiding beter aan bij wat de cliënt wil?", DiffClient: "Begeleiding die past bij het eigen leven",
			DiffProfessional: "Meer ruimte voor vakmanschap", Involved: []string{"clienten", "professionals"}, ScanOrg: ReadyYes, ScanIT: ReadyYes, ScanFinance: ReadyYes, ScanStaff: ReadyPartly,
			Approach: "Cliënten kiezen zelf uit een menukaart van begeleiding.", ChoiceReason: "Cliënten en begeleiders kozen samen: vaste tijden pasten niet bij hun dag."}, socialPhases[i%len(socialPhases)])
		if err != nil {
			return err
		}
		// Three more trajectories carry a partner, so 36 trajectories
		// involve 40 organisations with the home trajectory's partner.
		if i <= 3 {
			if err := s.store.addPartner(ctx, b.tx, id, renewalOrg(demoTrajectories-1+i-1).ID); err != nil {
				return err
			}
		}
	}
	return nil
}

// demoBuilder writes demo projects with their gate history.
type demoBuilder struct {
	s   *Service
	tx  *sql.Tx
	ctx context.Context
	now time.Time
	by  int64
}

// project inserts a project in phase, with a go at every gate before it
// (and a no-go for a stopped one).
func (b demoBuilder) project(p Project, phase Phase) (int64, error) {
	route := Route(p.Kind)
	steps := len(route) - 1
	if phase != PhaseStopped {
		for i, ph := range route {
			if ph == phase {
				steps = i
			}
		}
	} else {
		steps = 1
	}
	start := b.now.AddDate(0, -2*steps-1, 0)
	p.Phase, p.CreatedBy = phase, b.by
	id, err := b.s.store.insertProject(b.ctx, b.tx, p, start)
	if err != nil {
		return 0, err
	}
	reasons := map[Phase]string{
		PhaseQuestion:   "De zorgvraag is samen met bewoners, familie en team scherp.",
		PhaseReadiness:  "De zelfscan laat zien dat de randvoorwaarden voldoende op orde zijn.",
		PhaseExplore:    "Drie technologieën vergeleken met de cliëntengroep.",
		PhaseChoice:     "De keuze is gemaakt met de beslismatrix en de checklist van de leverancier.",
		PhasePlan:       "Het plan is rond: taken, eigenaren en risico's zijn bekend.",
		PhaseSmall:      "De kleinschalige start ging goed; de nulmeting staat.",
		PhaseEvaluation: "De vervolgmeting laat effect zien voor cliënt en professional.",
	}
	for i := 0; i < steps && i+1 < len(route); i++ {
		at := start.AddDate(0, 2*(i+1), 0)
		to := route[i+1]
		decision := "go"
		reason := reasons[route[i]]
		if phase == PhaseStopped {
			to, decision, reason = PhaseStopped, "nogo", p.StopReason
		}
		if err := b.s.store.insertGate(b.ctx, b.tx, Gate{ProjectID: id, From: route[i], To: to, Decision: decision, Reason: reason, DecidedBy: b.by, DecidedAt: at}); err != nil {
			return 0, err
		}
	}
	return id, nil
}

// plan adds the plan's tasks, the first done of them done; a social
// route's plan has no supplier and no devices.
func (b demoBuilder) plan(project int64, kind Kind, done int) error {
	// The tasks follow the plan's steps (planSteps), dated in that order.
	tasks := []Task{
		{Step: "voorstel", Title: "Voorstel voor de nieuwe technologie bespreken met de cliëntenraad", Owner: "Projectleider"},
		{Step: "analyse", Title: "Wensen van bewoners en team ophalen", Owner: "Projectleider"},
		{Step: "strategie", Title: "Aandachtsfunctionarissen technologie per team aanwijzen", Owner: "Teamleider"},
		{Step: "leverancier", Title: "Afspraken met de leverancier over support en gegevens (verwerkersovereenkomst)", Owner: "Inkoop", Risk: "Levertijd van de sensoren"},
		{Step: "uitvoeren", Title: "Scholing van het team", Owner: "Opleidingsadviseur", Risk: "Roosterdruk in de zomer"},
		{Step: "inbedding", Title: "Werkwijze opnemen in het zorgplan en de overdracht", Owner: "Gedragsdeskundige"},
		{Step: "evalueren", Title: "Evaluatie met bewoners, familie en team", Owner: "Projectleider"},
	}
	if kind == KindSocial {
		tasks = []Task{
			{Step: "voorstel", Title: "Voorstel voor het urentegoed bespreken met de cliëntenraad", Owner: "Projectleider"},
			{Step: "analyse", Title: "Met cliënten ophalen wanneer zij begeleiding willen", Owner: "Projectleider"},
			{Step: "strategie", Title: "Bereikbaarheid buiten kantoortijd regelen in het rooster", Owner: "Planner", Risk: "Te weinig begeleiders in de avond"},
			{Step: "uitvoeren", Title: "Begeleiders oefenen met werken op afroep", Owner: "Opleidingsadviseur"},
			{Step: "inbedding", Title: "Het tegoed opnemen in het ondersteuningsplan", Owner: "Gedragsdeskundige"},
			{Step: "evalueren", Title: "Evaluatie met cliënten en begeleiders", Owner: "Projectleider"},
		}
	}
	for i, t := range tasks {
		t.ProjectID = project
		t.Due = b.now.AddDate(0, i-3, 0)
		if i < done {
			t.DoneAt = t.Due
		}
		if _, err := b.s.store.insertTask(b.ctx, b.tx, t, b.by, b.now); err != nil {
			return err
		}
	}
	return nil
}

// measures adds a baseline and, when followed, a follow-up for the client,
// the professional and relatives.
func (b demoBuilder) measures(project int64, followed bool) error {
	ms := []struct {
		group, name, unit string
		base, follow      float64
	}{
		{"client", "Kwaliteit van leven", "cijfer 1-10", 6.2, 7.1},
		{"client", "Nachten doorgeslapen per week", "nachten", 2.5, 4.5},
		{"professional", "Controlerondes per nacht", "rondes", 6, 2},
		{"professional", "Werkdruk nachtdienst", "cijfer 1-10", 7.4, 5.8},
		{"naasten", "Tevredenheid familie", "cijfer 1-10", 6.8, 7.9},
	}
	for _, m := range ms {
		me := Measure{ProjectID: project, Group: m.group, Name: m.name, Unit: m.unit, Baseline: m.base, MeasuredOn: b.now.AddDate(0, -5, 0)}
		if followed {
			f := m.follow
			me.FollowUp, me.FollowOn = &f, b.now.AddDate(0, -1, 0)
		}
		if _, err := b.s.store.insertMeasure(b.ctx, b.tx, me, b.by, b.now); err != nil {
			return err
		}
	}
	return nil
}

// scale records client counts at n locations: half three months ago, the
// full count a week ago, from the counter that makes the programme's 580
// clients at 74 locations.
func (b demoBuilder) scale(project int64, locs []orgs.Location, n int, c *scaleCounter) error {
	for i := 0; i < n && i < len(locs); i++ {
		count := c.next()
		if err := b.s.store.insertScale(b.ctx, b.tx, project, locs[i].ID, (count+1)/2, b.now.AddDate(0, -3, 0), b.by, b.now); err != nil {
			return err
		}
		if err := b.s.store.insertScale(b.ctx, b.tx, project, locs[i].ID, count, b.now.AddDate(0, 0, -7), b.by, b.now); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) answerAll(ctx context.Context, tx *sql.Tx, project int64, answer string, by int64, at time.Time) error {
	as, err := s.store.adviceTx(ctx, tx, project)
	if err != nil {
		return err
	}
	for _, id := range as {
		if _, err := s.store.answerAdvice(ctx, tx, project, id, answer, by, at); err != nil {
			return err
		}
	}
	return nil
}

func locationsOf(w *demo.World, org int64) []orgs.Location {
	var out []orgs.Location
	for _, l := range w.Locations {
		if l.OrganisationID == org {
			out = append(out, l)
		}
	}
	return out
}

// demoNetworks fills the six networks with members, including outside
// members, a meeting and shared knowledge.
func (s *Service) demoNetworks(ctx context.Context, tx *sql.Tx, w *demo.World, now time.Time, by int64) error {
	home := w.Providers[0]
	outside := []Member{
		{Name: "Pieter Jansen", Organisation: "Zorgkantoor Utrecht", Kind: "zorginkoper"},
		{Name: "dr. Mirjam Verhoef", Organisation: "Hogeschool Utrecht, lectoraat Technologie in de zorg", Kind: "kennisinstelling"},
		{Name: "Wilma Brouwer", Organisation: "Cliëntenraad " + home.Name, Kind: "clientenraad"},
	}
	for i, th := range themes {
		members := append([]Member{{Name: "Fatima El Amrani", Organisation: home.Name, Kind: "aanbieder"}}, outside...)
		if len(w.Providers) > i+2 {
			members = append(members, Member{Name: "Projectleider innovatie", Organisation: w.Providers[i+2].Name, Kind: "aanbieder"})
		}
		for _, m := range members {
			m.Theme, m.JoinedAt = th.Code, now.AddDate(0, -6, 0)
			if err := s.store.insertMember(ctx, tx, m, by); err != nil {
				return err
			}
		}
		if err := s.store.insertMeeting(ctx, tx, Meeting{Theme: th.Code, HeldOn: now.AddDate(0, -1, -3), Title: "Lerend netwerk " + th.Name + ": ervaringen na de kleinschalige start",
			Summary: "Drie organisaties deelden hun keuze en wat ze anders zouden doen. Afspraak: de beslismatrices worden gedeeld."}, by, now); err != nil {
			return err
		}
		if err := s.store.insertLink(ctx, tx, Link{Theme: th.Code, Title: "Handreiking " + th.Name + " (kennisproduct van het lerend netwerk)", URL: "https://www.volwaardig.example/kennis/" + th.Code,
			OrganisationID: home.ID}, by, now); err != nil {
			return err
		}
	}
	return nil
}
