package support

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/demo"
	"github.com/volwaardig/volwaardig/internal/orgs"
)

// demoSupporters are the other supporters of the demo, beside the
// ondersteuner account (Ilse Mulder): enough that every pilot has more
// than a handful of measured families, so the programme's aggregates show
// figures and not only "<5". The national scale adds more (numbered).
var demoSupporterNames = []string{"Karim Benali", "Linda de Jong", "Marco Verhoeven", "Esra Demir", "Joost van der Meer", "Petra Koster",
	"Hanneke Scholten", "Rachid Amrani", "Sandra Willemsen", "Bas Hoekstra"}

var demoGoals = map[Domain][]string{
	DomainCare:       {"Een passende logeeropvang voor één weekend per maand", "Eén vast aanspreekpunt bij de zorgaanbieder", "Zorg thuis die past bij de nachten"},
	DomainHousing:    {"Een aangepaste woning met slaapkamer beneden", "Een plek in een kleinschalige woonvorm binnen een jaar", "Een rustige eigen kamer thuis"},
	DomainSchoolWork: {"Passend onderwijs met een vaste begeleider", "Dagbesteding die aansluit bij wat hij leuk vindt", "Moeder kan weer drie dagen werken"},
	DomainFinances:   {"Het pgb op orde en de uitbetaling op tijd", "Bijzondere bijstand voor aanpassingen aangevraagd", "Overzicht van alle toeslagen en vergoedingen"},
	DomainNetwork:    {"Twee vaste mensen uit de familie die kunnen oppassen", "Contact met andere ouders in dezelfde situatie", "De buren weten wat te doen bij een aanval"},
	DomainLeisure:    {"Eén middag per week zwemmen", "Een vakantie voor het hele gezin", "Een clubje op zaterdag"},
	DomainSelfDeterm: {"Zelf kiezen wat ze aantrekt en eet", "Meebeslissen over de zorg met pictogrammen", "Een eigen stem bij het zorgplan"},
	DomainHealth:     {"Minder epileptische aanvallen door goede afstemming van medicatie", "Een goede nachtrust voor het hele gezin", "Een vaste arts voor verstandelijk gehandicapten"},
}

var demoNext = []string{"Gesprek met het zorgkantoor plannen", "Formulier samen invullen", "Offerte opvragen", "Terugbellen na het besluit", "Proefdag afspreken", ""}

var demoActions = map[ActionKind][]string{
	ActionContact:     {"Huisbezoek: wat heeft het gezin nu nodig?", "Gesprek met de ouders over de afgelopen weken", "Telefonisch contact over de voortgang"},
	ActionApplication: {"Aanvraag Wlz-indicatie bij het CIZ", "Aanvraag pgb voor logeeropvang", "Aanvraag aangepast vervoer bij de gemeente", "Aanvraag bijzondere bijstand"},
	ActionAppointment: {"Afspraak met school over passend onderwijs", "Afspraak bij de dagbesteding", "Afspraak met de arts voor verstandelijk gehandicapten"},
	ActionBottleneck:  {"Wachtlijst logeeropvang: geen plek binnen drie maanden", "Zorgaanbieder stopt met de begeleiding thuis", "Uitbetaling van het pgb loopt vertraging op"},
	ActionEscalation:  {"Escalatie naar het zorgkantoor: geen passende woonplek", "Escalatie naar het zorgkantoor: geleverde zorg blijft achter"},
}

var demoOutcomes = []string{"Toegekend", "Afgewezen; bezwaar ingediend", "Plek gevonden per volgende maand", "Loopt nog", "Opgelost", "Afspraken vastgelegd", ""}

var demoNetwork = []struct {
	name, relation string
	kind           NetworkKind
	close          Closeness
}{
	{"Oma Gerda", "Grootmoeder", "familie", 1}, {"Tom", "Broer", "familie", 1}, {"Buurvrouw Anja", "Buurvrouw", "vriend", 2},
	{"Huisarts Van Dijk", "Huisarts", "professional", 2}, {"De Regenboog", "School", "organisatie", 2}, {"Zorgkantoor", "Wlz-uitvoerder", "organisatie", 3},
	{"Oom Peter", "Oom", "familie", 2}, {"Oudervereniging", "Lotgenoten", "organisatie", 3},
}

// loadDemo builds the module's demo: Ilse Mulder's caseload of twelve
// families over the five pilots, Sanne de Vries's family with full data
// (invited by Marieke de Vries, with the zorgverlener invited for two
// sections), and the families of the other supporters: about 50 at the
// small scale, over 450 with 40 supporters at the national scale. Each
// family has goals, a network, a year of logged actions and its measures.
func (s *Service) loadDemo(ctx context.Context, w *demo.World) error {
	now := s.now().Truncate(time.Second)
	ilse := w.Users[auth.RoleOndersteuner]
	nSupporters, nFamilies := 5, 50
	if w.Scale == demo.National {
		nSupporters, nFamilies = 40, 460
	}
	// Supporters: Ilse in the home region, the others spread over the
	// regions (national) or in and around the home region (small).
	type sup struct {
		id     int64
		region string
	}
	sups := []sup{{ilse, w.HomeRegion}}
	for i := 1; i < nSupporters; i++ {
		region := w.Regions[(i*7)%len(w.Regions)].Code
		name := demoSupporterNames[(i-1)%len(demoSupporterNames)]
		if i > len(demoSupporterNames) {
			name = fmt.Sprintf("%s %d", name, i)
		}
		id, err := s.accounts.CreateUser(ctx, auth.NewUser{Username: fmt.Sprintf("ondersteuner%d", i+1), DisplayName: name, Role: auth.RoleOndersteuner,
			Organisation: "MEE " + orgs.RegionName(region), Password: demo.Password, Demo: true, Scope: auth.Scope{Regions: []string{region}}})
		if err != nil {
			return err
		}
		sups = append(sups, sup{id, region})
	}
	byRegion := map[string][]sup{}
	for _, x := range sups {
		byRegion[x.region] = append(byRegion[x.region], x)
	}
	type fam struct {
		f      Family
		client int
	}
	var fams []fam
	used := map[int]bool{}
	next := map[string]int{}
	// Ilse's twelve, starting with Sanne, from the home region's clients.
	for i, c := range w.Clients {
		if len(fams) == 12 {
			break
		}
		if c.Region == w.HomeRegion {
			fams = append(fams, fam{Family{ClientID: c.ID, Region: c.Region, SupporterID: ilse}, i})
			used[i] = true
		}
	}
	for i := len(w.Clients) - 1; i >= 0 && len(fams) < nFamilies; i -= 2 {
		c := w.Clients[i]
		if used[i] {
			continue
		}
		cand := byRegion[c.Region]
		if len(cand) == 0 {
			cand = sups[1:]
		}
		// Round robin over the region's supporters, so each of them has a
		// caseload.
		sp := cand[next[c.Region]%len(cand)]
		next[c.Region]++
		if sp.id == ilse && len(sups) > 1 {
			sp = sups[1+i%(len(sups)-1)]
		}
		fams = append(fams, fam{Family{ClientID: c.ID, Region: c.Region, SupporterID: sp.id}, i})
		used[i] = true
	}
	rnd := w.Rand
	var grants, goals, members, actions, measures, checks [][]any
	return s.d.Tx(ctx, func(tx *sql.Tx) error {
		for k := range fams {
			f := &fams[k].f
			f.Pilot = Pilots()[k%len(Pilots())]
			if k == 0 {
				f.Pilot = PilotZEVMB
			}
			days := 30 + rnd.IntN(400)
			if k == 0 {
				days = 300
			}
			f.IntakeOn = dayOf(now.AddDate(0, 0, -days))
			f.CreatedAt = f.IntakeOn
			id, err := s.store.createFamily(ctx, tx, *f)
			if err != nil {
				return err
			}
			f.ID = id
			var by any
			if k == 0 {
				by = w.Users[auth.RoleNaaste]
			}
			grants = append(grants, []any{id, f.SupporterID, GrantSupporter, joinSections(Sections()), by, f.IntakeOn})
			var met []string
			for _, c := range criteriaOf(f.Pilot).Criteria {
				met = append(met, c.Code)
			}
			checks = append(checks, []any{id, string(f.Pilot), joinCodes(met), "toegelaten", "", f.IntakeOn, f.SupporterID})
			if k == 0 {
				grants = append(grants, []any{id, w.Users[auth.RoleZorgverlener], GrantProfessional, joinSections([]Section{SectionGoals, SectionNetwork}), by, f.IntakeOn.AddDate(0, 1, 0)})
			}
			nGoals := 3 + rnd.IntN(3)
			if k == 0 {
				nGoals = len(Domains())
			}
			for g := 0; g < nGoals; g++ {
				d := Domains()[(k+g*3)%len(Domains())]
				if k == 0 {
					d = Domains()[g]
				}
				pool := demoGoals[d]
				progress := min(100, rnd.IntN(11)*10+days/40)
				goals = append(goals, []any{id, string(d), pool[(k+g)%len(pool)], demoNext[(k+g)%len(demoNext)], progress, now.AddDate(0, 0, -rnd.IntN(min(days, 60)+1)), f.SupporterID})
			}
			nNet := 4 + rnd.IntN(4)
			if k == 0 {
				nNet = len(demoNetwork)
				members = append(members, []any{id, "Marieke de Vries", "Moeder en mentor", "familie", 1, f.IntakeOn})
			}
			for n := 0; n < nNet; n++ {
				m := demoNetwork[(k+n)%len(demoNetwork)]
				members = append(members, []any{id, m.name, m.relation, string(m.kind), int(m.close), f.IntakeOn})
			}
			// About three actions a month since intake, the first an intake
			// conversation.
			months := max(1, days/30)
			nActs := months * (2 + rnd.IntN(3))
			for a := 0; a < nActs; a++ {
				kind := ActionKinds()[rnd.IntN(len(ActionKinds()))]
				on := f.IntakeOn.AddDate(0, 0, a*days/nActs)
				subject := demoActions[kind][rnd.IntN(len(demoActions[kind]))]
				if a == 0 {
					kind, subject = ActionContact, "Intakegesprek: kennismaken en vragen op alle levensdomeinen"
				}
				outcome := demoOutcomes[rnd.IntN(len(demoOutcomes))]
				actions = append(actions, []any{id, string(kind), on, subject, outcome, 30 + 15*rnd.IntN(8), f.SupporterID, on})
			}
			measures = append(measures, []any{id, string(MomentIntake), f.IntakeOn, 4 + rnd.IntN(3), 7 + rnd.IntN(3), 2 + rnd.IntN(6), f.SupporterID, f.IntakeOn})
			if days > 182 {
				at := f.IntakeOn.AddDate(0, 6, 0)
				measures = append(measures, []any{id, string(MomentFollowUp), at, 6 + rnd.IntN(3), 4 + rnd.IntN(3), 5 + rnd.IntN(6), f.SupporterID, at})
			}
		}
		for _, b := range []struct {
			table string
			cols  []string
			rows  [][]any
		}{
			{"support_grants", []string{"family_id", "user_id", "kind", "sections", "granted_by", "granted_at"}, grants},
			{"support_goals", []string{"family_id", "domain", "goal", "next_step", "progress", "updated_at", "updated_by"}, goals},
			{"support_network", []string{"family_id", "name", "relation", "kind", "closeness", "created_at"}, members},
			{"support_actions", []string{"family_id", "kind", "happened_on", "subject", "outcome", "minutes", "created_by", "created_at"}, actions},
			{"support_measurements", []string{"family_id", "moment", "measured_on", "quality", "burden", "rest_hours", "created_by", "created_at"}, measures},
			{"support_eligibility", []string{"family_id", "pilot", "criteria", "decision", "note", "decided_at", "decided_by"}, checks},
		} {
			if err := s.store.insertMany(ctx, tx, b.table, b.cols, b.rows); err != nil {
				return err
			}
		}
		return nil
	})
}
