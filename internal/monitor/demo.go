package monitor

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/demo"
)

// The letters to parliament the demo's first measurements come from
// (../shared/seeds): the second progress report (autumn 2020, undated in
// the source; its figures are of September 2020) and the final report of
// 4 February 2022 with the independent monitor (Panteia, until 1 November
// 2021).
const (
	letter2020 = "Kamerbrief tweede voortgangsrapportage Volwaardig leven, minister voor Medische Zorg (najaar 2020; stand september 2020)"
	day2020    = Day("2020-09-30")
	letter2022 = "Kamerbrief eindrapportage Volwaardig Leven, Kamerstuk 24 170 nr. 253, 4 februari 2022"
	day2022    = Day("2022-02-04")
)

// demoMeasure is a first measurement from a letter.
type demoMeasure struct {
	period string // "2020" or "2021"
	value  int
	status Status
	reason string
}

// demoIndicator is an indicator of the demo programme.
type demoIndicator struct {
	name, key, unit string
	decimals        int
	persons         bool
	target          int // 0: no target
	easy            string
	measures        []demoMeasure
}

type demoGoal struct {
	name       string
	indicators []demoIndicator
}

type demoProject struct {
	name, summary       string
	evaluation, evalDay string
	continues, where    string
	products            int
	updated             string
	goals               []demoGoal
}

type demoLine struct {
	name, summary, easy string
	projects            []demoProject
}

// demoProgramme is the letters' programme: three action lines, their
// projects and goals, and the figures with their sources.
func demoProgramme() []demoLine {
	onTrack := func(p string, v int, reason string) demoMeasure { return demoMeasure{p, v, StatusOnTrack, reason} }
	achieved := func(p string, v int, reason string) demoMeasure { return demoMeasure{p, v, StatusAchieved, reason} }
	return []demoLine{
		{name: "Actielijn 1: zorgaanbod beter passend bij de zorgvraag",
			summary: "Aanbieders ontwikkelen sociale en technologische vernieuwingen, samen met cliënten, naasten en professionals.",
			easy:    "Zorg moet beter passen bij wat mensen nodig hebben.",
			projects: []demoProject{
				{name: "Innovatie-impuls gehandicaptenzorg", summary: "Zorgorganisaties kiezen zorgtechnologie op een systematische manier en voeren die duurzaam in (Vilans en Academy Het Dorp, september 2019 tot juli 2022).",
					evaluation: "gepland", evalDay: "2022-10-01", continues: "ja", where: "de innovatie-route: één online instrument met alle kennis en hulpmiddelen voor nieuwe zorgorganisaties", products: 1, updated: "2022-02-04",
					goals: []demoGoal{{name: "Zorgorganisaties nemen zorgtechnologie duurzaam in gebruik", indicators: []demoIndicator{
						{name: "Zorgorganisaties met zorgtechnologie", key: "innovation.organisations_active", unit: "organisaties", target: 26,
							easy:     "{aantal} zorgorganisaties gebruiken nu zorgtechnologie.\nTechnologie helpt bij de zorg.\nBijvoorbeeld een sensor in bed.",
							measures: []demoMeasure{onTrack("2020", 26, "26 zorgorganisaties hebben hun keuze gemaakt en staan klaar om te implementeren."), achieved("2021", 26, "Alle 26 organisaties hebben een implementatieplan en technologie in gebruik.")}},
						{name: "Locaties met zorgtechnologie", key: "innovation.locations", unit: "locaties",
							easy:     "Op {aantal} plekken wordt die technologie gebruikt.",
							measures: []demoMeasure{achieved("2021", 74, "In september 2021 op 74 locaties in gebruik.")}},
						{name: "Cliënten met zorgtechnologie", key: "innovation.clients", unit: "cliënten", persons: true,
							easy:     "{aantal} mensen met een beperking gebruiken die technologie.",
							measures: []demoMeasure{achieved("2021", 580, "In september 2021 bij 580 cliënten in gebruik; opschaling per organisatie verwacht van 35 tot 550 cliënten.")}},
					}}}},
				{name: "Begeleiding à la carte", summary: "Twee jaar vernieuwing naar persoonsgerichte zorg, in nauwe afstemming met cliënt, familie en naasten; afgerond in het najaar van 2021.",
					evaluation: "ja", evalDay: "2022-02-04", continues: "ja", where: "bijeenkomsten in 2022 en het Kennisplein gehandicaptensector", products: 35, updated: "2021-11-29",
					goals: []demoGoal{
						{name: "Aanbieders vernieuwen naar persoonsgerichte zorg", indicators: []demoIndicator{
							{name: "Vernieuwingstrajecten", key: "innovation.renewal_trajectories", unit: "trajecten", target: 36,
								easy:     "Zorgorganisaties probeerden nieuwe dingen uit.\nDat heet een vernieuwingstraject.\nEr waren {aantal} vernieuwingstrajecten.",
								measures: []demoMeasure{onTrack("2020", 36, "36 vernieuwingstrajecten lopen."), achieved("2021", 36, "36 vernieuwingstrajecten afgerond in het najaar van 2021.")}},
							{name: "Zorgorganisaties in de vernieuwingstrajecten", key: "innovation.renewal_organisations", unit: "organisaties", target: 40,
								easy:     "{aantal} zorgorganisaties deden mee.",
								measures: []demoMeasure{onTrack("2020", 40, "Vanuit 40 zorgorganisaties zetten ruim 120 professionals, cliënten en naasten stappen."), achieved("2021", 40, "40 zorgorganisaties in 36 trajecten.")}},
						}},
						{name: "De hele sector leert mee", indicators: []demoIndicator{
							{name: "Kennisproducten", key: "knowledge.products", unit: "kennisproducten", target: 35,
								easy:     "Er zijn {aantal} kennisproducten gemaakt.\nZo kunnen anderen ervan leren.",
								measures: []demoMeasure{achieved("2021", 35, "Meer dan 35 kennisproducten ontwikkeld.")}},
							{name: "Vlogs", key: "knowledge.videos", unit: "vlogs",
								easy:     "Er zijn {aantal} vlogs gemaakt.",
								measures: []demoMeasure{achieved("2021", 13, "Meer dan 13 vlogs.")}},
							{name: "Artikelen", key: "knowledge.articles", unit: "artikelen",
								easy:     "Er zijn {aantal} artikelen geschreven.",
								measures: []demoMeasure{achieved("2021", 90, "Meer dan 90 inspirerende artikelen.")}},
							{name: "Mensen bereikt via het Kennisplein", key: "knowledge.reach_12m", unit: "bezoekers",
								easy:     "{aantal} mensen lazen of bekeken deze kennis.",
								measures: []demoMeasure{onTrack("2020", 8462, "8.462 mensen bereikt via het Kennisplein gehandicaptensector.")}},
						}},
					}},
				{name: "Arbeidsmarkt en vakmanschap", summary: "Werken aan de tekorten op de arbeidsmarkt met de arbeidsmarkttafel gehandicaptenzorg.",
					evaluation: "ja", evalDay: "2022-02-04", continues: "ja", where: "de Toekomstagenda ‘Zorg en ondersteuning voor mensen met een beperking’",
					goals: []demoGoal{
						{name: "Een netwerk rond interprofessioneel onderwijs", indicators: []demoIndicator{
							{name: "Netwerk interprofessioneel onderwijs opgezet", unit: "netwerken",
								easy:     "Scholen zouden beter gaan samenwerken.\nDat is nog niet gelukt.\nDe regering gaat daar verder mee.",
								measures: []demoMeasure{{"2021", 0, StatusNotAchieved, "Volgens de monitor nog niet van de grond gekomen; verder opgepakt in de Toekomstagenda. Er is een overzicht van onderwijsinstellingen met interprofessioneel onderwijs."}}},
						}},
						{name: "Onderzoek naar een beter imago van de gehandicaptenzorg", indicators: []demoIndicator{
							{name: "Imago-onderzoek uitgevoerd", unit: "onderzoeken",
								easy:     "Er zou onderzoek komen naar hoe mensen over de zorg denken.\nDat onderzoek is er nog niet.",
								measures: []demoMeasure{{"2021", 0, StatusNotAchieved, "Volgens de monitor nog niet van de grond gekomen; eerst is gewerkt aan de meest prangende arbeidsmarktknelpunten."}}},
						}},
					}},
			}},
		{name: "Actielijn 2: meer passende zorg voor specifieke groepen",
			summary: "Meer passende plekken en ondersteuning voor mensen met een zeer complexe zorgvraag.",
			easy:    "Sommige mensen hebben heel veel zorg nodig.\nVoor hen moet er een goede plek zijn.",
			projects: []demoProject{
				{name: "Zeer complexe zorg: maatwerkplekken", summary: "Zorgkantoren houden mensen met een zeer complexe zorgvraag in beeld en bemiddelen naar een passende plek.",
					evaluation: "ja", evalDay: "2022-02-04", continues: "ja", where: "de regionale infrastructuur van de zorgkantoren", products: 0,
					goals: []demoGoal{{name: "Een passende plek voor iedereen met een zeer complexe zorgvraag", indicators: []demoIndicator{
						{name: "Maatwerkplekken", key: "placement.maatwerkplekken", unit: "plekken", target: 70,
							easy:     "Er zijn {aantal} maatwerkplekken.\nDat zijn woonplekken voor mensen die heel veel zorg nodig hebben.",
							measures: []demoMeasure{achieved("2020", 70, "70 nieuw opgezette maatwerkplekken ingekocht door zorgkantoren en aanbieders.")}},
						{name: "Verhuisd naar een maatwerkplek", key: "placement.moved", unit: "personen", persons: true,
							easy:     "{aantal} mensen zijn naar zo'n plek verhuisd.",
							measures: []demoMeasure{onTrack("2020", 13, "13 cliënten verhuisd naar een maatwerkplek.")}},
						{name: "Gaan binnenkort verhuizen", unit: "personen", persons: true,
							easy:     "{aantal} mensen gaan binnenkort verhuizen.",
							measures: []demoMeasure{onTrack("2020", 18, "18 cliënten gaan binnen afzienbare tijd verhuizen.")}},
						{name: "Op een andere manier geholpen", unit: "personen", persons: true,
							easy:     "{aantal} mensen zijn op een andere manier geholpen.",
							measures: []demoMeasure{achieved("2020", 17, "17 cliënten zijn op een andere manier geholpen.")}},
						{name: "Mensen in het register complexe zorg", key: "placement.open", unit: "personen", persons: true,
							easy: "{aantal} mensen wachten nog op een goede plek."},
					}}}},
				{name: "Crisis- en ondersteuningsteams (C.O.T.'s)", summary: "Regionale teams ondersteunen medewerkers bij een crisis, zodat een cliënt zo mogelijk op de eigen plek blijft.",
					evaluation: "ja", evalDay: "2022-02-04", continues: "ja", where: "de regionale crisisstructuur van de zorgkantoren",
					goals: []demoGoal{{name: "In elke regio hulp bij een crisis", indicators: []demoIndicator{
						{name: "Actieve C.O.T.'s", key: "crisis.teams", unit: "teams", target: 14,
							easy:     "Er zijn {aantal} C.O.T.'s aan het werk.",
							measures: []demoMeasure{onTrack("2020", 3, "3 van de 14 teams gestart; eind 2020 zijn alle 14 teams beschikbaar.")}},
						{name: "Crisismeldingen in twaalf maanden", key: "crisis.reported_12m", unit: "meldingen", persons: true,
							easy: "Er waren {aantal} meldingen van een crisis."},
					}}}},
				{name: "Kennis- en expertisecentra complexe zorg", summary: "Centra met kennis over complexe doelgroepen; in het programma vervangen door lerende netwerken.",
					evaluation: "ja", evalDay: "2022-02-04", continues: "ja", where: "de Toekomstagenda: de uitwerking van expertisecentra voor complexe doelgroepen",
					goals: []demoGoal{{name: "Expertisecentra voor complexe zorg gerealiseerd", indicators: []demoIndicator{
						{name: "Expertisecentra gerealiseerd", unit: "centra",
							easy:     "Er zouden centra komen met veel kennis over zware zorg.\nDie centra zijn er nog niet.",
							measures: []demoMeasure{{"2021", 0, StatusNotAchieved, "In ontwikkeling maar nog niet volledig gerealiseerd; kennis wordt intussen gedeeld via lerende netwerken."}}},
					}}}},
			}},
		{name: "Actielijn 3: naasten ontzorgen",
			summary: "Naasten zichtbaar maken en beter ondersteunen, met gespecialiseerde cliëntondersteuning.",
			easy:    "Naasten zorgen vaak hun leven lang.\nZij krijgen meer hulp.",
			projects: []demoProject{
				{name: "Pilots gespecialiseerde cliëntondersteuning", summary: "Vijf pilots ondersteunen cliënten en naasten; verlengd tot in 2022.",
					evaluation: "ja", evalDay: "2021-01-31", continues: "onbekend", products: 1, updated: "2021-01-31",
					goals: []demoGoal{{name: "Gezinnen krijgen gespecialiseerde ondersteuning", indicators: []demoIndicator{
						{name: "Ondersteunde gezinnen", key: "support.families", unit: "gezinnen", persons: true, target: 450,
							easy:     "{aantal} gezinnen kregen extra hulp.\nDie hulp heet cliëntondersteuning.",
							measures: []demoMeasure{achieved("2020", 450, "In september 2020 gehaald: ruim 450 deelnemers (van 150 naar ruim 450).")}},
						{name: "Pilots", unit: "pilots", target: 5,
							easy:     "De hulp werd op {aantal} plekken uitgeprobeerd.",
							measures: []demoMeasure{achieved("2020", 5, "Vijf pilots, alle verlengd tot in 2022.")}},
					}}}},
				{name: "Naasten in beeld", summary: "Onderzoek naar de kwaliteit van leven van naasten van mensen met een beperking.",
					evaluation: "ja", evalDay: "2020-07-14", continues: "ja", where: "de Toekomstagenda", products: 1, updated: "2020-07-14",
					goals: []demoGoal{{name: "De kwaliteit van leven van naasten is zichtbaar", indicators: []demoIndicator{
						{name: "Rapportcijfer van naasten voor hun leven", key: "relatives.survey_score", unit: "cijfer", decimals: 1,
							easy:     "Naasten gaven hun eigen leven een {aantal}.",
							measures: []demoMeasure{achieved("2020", 75, "De waardering van naasten voor hun leven is 7,5, hetzelfde als die van de Nederlandse bevolking.")}},
						// The survey's other figures the relatives module
						// offers; the letters give no value for them, so
						// they are computed only.
						{name: "Naasten met een goede of zeer goede kwaliteit van leven", key: "relatives.survey_good_pct", unit: "procent",
							easy: "Van elke 100 naasten zeggen er {aantal}: mijn leven is goed."},
						{name: "Naasten die zich gelukkig voelen", key: "relatives.survey_happy_pct", unit: "procent",
							easy: "Van elke 100 naasten voelen er {aantal} zich gelukkig."},
						// The letters: three in five relatives feel they
						// must always be ready.
						{name: "Naasten die het gevoel hebben dat zij altijd klaar moeten staan", key: "relatives.survey_always_ready_pct", unit: "procent",
							easy: "Van elke 100 naasten hebben er {aantal} het gevoel: ik moet altijd klaarstaan."},
					}}}},
			}},
	}
}

// demoTerms are the words the easy-read report explains where they are used.
var demoTerms = map[string]string{
	"maatwerkplek":        "Een woonplek die speciaal gemaakt is voor iemand die heel veel zorg nodig heeft.",
	"C.O.T.":              "Een team dat helpt als het heel slecht gaat met iemand. Het team helpt ook de begeleiders.",
	"cliëntondersteuning": "Iemand die met u meedenkt en u helpt de goede zorg te krijgen.",
	"vernieuwingstraject": "Een zorgorganisatie probeert iets nieuws uit.",
	"naasten":             "De mensen die voor iemand zorgen. Bijvoorbeeld ouders, een partner of een zus.",
	"kennisproduct":       "Iets waar anderen van kunnen leren. Bijvoorbeeld een boekje of een filmpje.",
	"vlog":                "Een filmpje op internet.",
	"zorgtechnologie":     "Apparaten die helpen bij de zorg. Bijvoorbeeld een sensor in bed.",
	"rapportcijfer":       "Een cijfer van 1 tot 10. Een 10 is het hoogste.",
}

// loadDemo loads the letters' programme with its first measurements and
// statuses, the periods 2020, 2021 and the current year, and a first
// snapshot of the modules' figures.
func (s *Service) loadDemo(ctx context.Context, w *demo.World) error {
	prog := w.Users[auth.RoleProgramma]
	now := s.now()
	year := strconv.Itoa(s.clock.Now().In(time.UTC).Year())
	ix := s.readFigures(ctx)
	err := s.d.Tx(ctx, func(tx *sql.Tx) error {
		periods := map[string]int64{}
		for _, p := range []Period{{Code: "2020", Name: "2020", Starts: "2020-01-01", Ends: "2020-12-31"}, {Code: "2021", Name: "2021", Starts: "2021-01-01", Ends: "2021-12-31"},
			{Code: year, Name: year, Starts: Day(year + "-01-01"), Ends: Day(year + "-12-31")}} {
			if _, dup := periods[p.Code]; dup {
				continue
			}
			id, err := s.store.insertPeriod(ctx, tx, p)
			if err != nil {
				return err
			}
			periods[p.Code] = id
		}
		for t, e := range demoTerms {
			if err := s.store.insertTerm(ctx, tx, t, e); err != nil {
				return err
			}
		}
		for i, l := range demoProgramme() {
			lid, err := s.store.insertActionLine(ctx, tx, ActionLine{Position: i + 1, Name: l.name, Summary: l.summary, EasyRead: l.easy})
			if err != nil {
				return err
			}
			for _, p := range l.projects {
				pid, err := s.store.insertProject(ctx, tx, Project{ActionLineID: lid, Name: p.name, Summary: p.summary, Evaluation: p.evaluation, EvaluationDate: Day(p.evalDay),
					Continues: p.continues, ContinuesWhere: p.where, KnowledgeProducts: p.products, KnowledgeUpdated: Day(p.updated)})
				if err != nil {
					return err
				}
				for _, g := range p.goals {
					gid, err := s.store.insertGoal(ctx, tx, Goal{ProjectID: pid, Name: g.name})
					if err != nil {
						return err
					}
					for _, di := range g.indicators {
						in := Indicator{GoalID: gid, Name: di.name, Kind: KindManual, Unit: di.unit, Decimals: di.decimals, Persons: di.persons, EasyRead: di.easy, ReviewedBy: prog}
						if di.key != "" {
							in.Kind, in.FigureKey = KindComputed, di.key
							if f, ok := ix.figure(di.key, ""); ok {
								in.Unit, in.Decimals, in.Persons = f.Unit, f.Decimals, f.Persons
							}
						}
						if di.target > 0 {
							in.Target, in.HasTarget = di.target*pow10(in.Decimals-di.decimals), true
						}
						iid, err := s.store.insertIndicator(ctx, tx, in, prog, now)
						if err != nil {
							return err
						}
						for _, m := range di.measures {
							source, on := letter2022, day2022
							if m.period == "2020" {
								source, on = letter2020, day2020
							}
							if err := s.store.putMeasurement(ctx, tx, Measurement{IndicatorID: iid, PeriodID: periods[m.period], Value: m.value, Source: source, MeasuredOn: on, EnteredBy: prog}, now); err != nil {
								return err
							}
							if err := s.store.insertStatus(ctx, tx, StatusEntry{IndicatorID: iid, PeriodID: periods[m.period], Status: m.status, Reason: m.reason, SetBy: prog, SetAt: now}); err != nil {
								return err
							}
						}
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if _, err := s.Snapshot(ctx); err != nil {
		return err
	}
	// The letters' two reports are published, so the public pages have
	// them; the current year's stays a concept.
	for _, code := range []string{"2020", "2021"} {
		if err := s.Publish(ctx, &auth.Principal{UserID: prog, Role: auth.RoleProgramma}, code); err != nil {
			return err
		}
	}
	return nil
}
