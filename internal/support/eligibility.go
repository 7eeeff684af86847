package support

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/web"
)

// Criterion is one criterion of a pilot's eligibility check.
type Criterion struct {
	Code  string
	Label string // Dutch
}

// PilotCriteria are a pilot's criteria with where they come from. They are
// written from public knowledge, not from the pilots' own admission rules,
// and are marked unchecked until the programme confirms them.
type PilotCriteria struct {
	Pilot    Pilot
	Criteria []Criterion
	Source   string // Dutch: source and year
	Checked  bool
}

// Criteria lists the eligibility criteria per pilot.
func Criteria() []PilotCriteria {
	return []PilotCriteria{
		{PilotZEVMB, []Criterion{{"zevmb_iq", "Zeer ernstige verstandelijke beperking (IQ naar schatting lager dan 25)"}, {"zevmb_motoriek", "Ernstige motorische beperking"}, {"zevmb_bijkomend", "Bijkomende zintuiglijke of medische problemen"}},
			"Beschrijving van ernstig meervoudige beperkingen (Nakken en Vlaskamp, 2007), zoals gebruikt in de gehandicaptenzorg", false},
		{PilotAutisme, []Criterion{{"autisme_diagnose", "Diagnose autismespectrumstoornis (DSM-5)"}, {"autisme_vast", "Vastgelopen in zorg of ondersteuning op meerdere levensdomeinen"}},
			"DSM-5 (American Psychiatric Association, 2013); het tweede punt is een aanname van dit product", false},
		{PilotNAH, []Criterion{{"nah_letsel", "Hersenletsel ontstaan na de geboorte (ongeval, beroerte, ziekte)"}, {"nah_gevolgen", "Blijvende gevolgen op meerdere levensdomeinen"}},
			"Omschrijving van niet-aangeboren hersenletsel door Hersenletsel.nl (2023)", false},
		{PilotLVBPlus, []Criterion{{"lvb_iq", "Licht verstandelijke beperking (IQ ongeveer 50 tot 85) met beperkt sociaal aanpassingsvermogen"}, {"lvb_plus", "Bijkomende problemen: psychiatrie, verslaving, schulden of justitie"}},
			"Omschrijving van LVB in de gehandicaptensector (Kennisplein Gehandicaptensector, 2019)", false},
		{PilotNaasten, []Criterion{{"naasten_zorg", "Naaste van iemand met een beperking die langdurig zorg nodig heeft"}, {"naasten_last", "Overbelast of vastgelopen in het regelen van zorg"}},
			"Programma Volwaardig leven (VWS, 2022); aanname van dit product", false},
	}
}

func criteriaOf(p Pilot) PilotCriteria {
	for _, c := range Criteria() {
		if c.Pilot == p {
			return c
		}
	}
	return PilotCriteria{Pilot: p}
}

// Eligibility is a recorded check with its decision.
type Eligibility struct {
	ID        int64
	FamilyID  int64
	Pilot     Pilot
	Met       []string
	Admitted  bool
	Note      string
	DecidedAt time.Time
	DecidedBy int64
}

// MetLabels are the met criteria in Dutch.
func (e Eligibility) MetLabels() []string {
	var out []string
	for _, c := range criteriaOf(e.Pilot).Criteria {
		if slices.Contains(e.Met, c.Code) {
			out = append(out, c.Label)
		}
	}
	return out
}

// EligibilityInput is the check's form.
type EligibilityInput struct {
	Met      []string
	Decision string // toegelaten or afgewezen
	Note     string
}

// CheckEligibility records the supporter's check of the family against its
// pilot's criteria with the decision: admitting needs every criterion
// met, a refusal needs its reason.
func (s *Service) CheckEligibility(ctx context.Context, p *auth.Principal, familyID int64, in EligibilityInput) (int64, error) {
	v, err := s.write(ctx, p, familyID)
	if err != nil {
		return 0, err
	}
	met, note, errs := decodeEligibility(in, v.Family.Pilot)
	if len(errs) > 0 {
		return 0, badInput(errs)
	}
	var id int64
	err = s.d.Tx(ctx, func(tx *sql.Tx) error {
		if id, err = s.store.insertEligibility(ctx, tx, Eligibility{FamilyID: familyID, Pilot: v.Family.Pilot, Met: met, Admitted: in.Decision == "toegelaten",
			Note: note, DecidedAt: s.now(), DecidedBy: p.UserID}); err != nil {
			return err
		}
		return s.aud.RecordTx(ctx, tx, p, v.event(audit.ActionCreate))
	})
	return id, err
}

// decodeEligibility reads the eligibility check's form without the
// database, so it can be fuzzed (issue 18): only criteria of the family's
// pilot, each once; admitting needs them all, refusing needs a note.
// Every mistake at once, each at its field.
func decodeEligibility(in EligibilityInput, pilot Pilot) (met []string, note string, errs []web.FieldError) {
	pc := criteriaOf(pilot)
	for _, code := range in.Met {
		if !slices.ContainsFunc(pc.Criteria, func(c Criterion) bool { return c.Code == code }) {
			errs = append(errs, web.FieldError{Field: "criteria", Message: "Kies alleen criteria van de pilot van dit gezin."})
			break
		}
		if !slices.Contains(met, code) {
			met = append(met, code)
		}
	}
	note = text(&errs, "toelichting", "de toelichting", in.Note, in.Decision == "afgewezen", 500)
	switch in.Decision {
	case "toegelaten":
		if len(met) != len(pc.Criteria) {
			errs = append(errs, web.FieldError{Field: "criteria", Message: "Toelaten kan alleen als het gezin aan alle criteria voldoet; vink aan waaraan het voldoet, of wijs af met een toelichting."})
		}
	case "afgewezen":
	default:
		errs = append(errs, web.FieldError{Field: "besluit", Message: "Kies of het gezin is toegelaten of afgewezen."})
	}
	return met, note, errs
}

func joinCodes(cs []string) string { return strings.Join(cs, ",") }
