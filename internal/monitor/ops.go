package monitor

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/web"
)

// The changes to the monitor. Each checks all of its input first and
// returns every field at fault at once (web.Invalid), and writes in one
// transaction, so bad input writes nothing.

func field(name, nl, en string) web.FieldError {
	return web.FieldError{Field: name, Message: nl, English: en}
}

func tooLong(s string, n int) bool { return utf8.RuneCountInString(s) > n }

// IndicatorInput is a new indicator (form and API).
type IndicatorInput struct {
	GoalID int64  `json:"goal_id" required:"true"`
	Name   string `json:"name" required:"true"`
	Kind   Kind   `json:"kind" required:"true"`
	// FigureKey names the module figure of a computed indicator
	// ("placement.maatwerkplekken").
	FigureKey string `json:"figure_key,omitempty"`
	// Unit is what a hand-entered indicator counts; a computed one takes
	// its figure's unit (a different unit given here is refused).
	Unit     string `json:"unit,omitempty"`
	Decimals int    `json:"decimals,omitempty"`
	Persons  bool   `json:"persons,omitempty"`
	// Target as people type it: "70", "7,5", "70 plekken"; a unit typed
	// with it must be the indicator's.
	Target   string `json:"target,omitempty"`
	EasyRead string `json:"easy_read,omitempty"`
}

// missingFigure is the clear error of a computed indicator over a figure
// that is not there: it names the modules and keys that are.
func missingFigure(ix figureIndex, key string) web.FieldError {
	mod, _, _ := strings.Cut(key, ".")
	if !contains(ix.modules, mod) {
		return field("figure_key", fmt.Sprintf("Het cijfer ‘%s’ is niet beschikbaar: de module ‘%s’ is er niet. Beschikbare modules: %s.", key, mod, strings.Join(ix.modules, ", ")),
			fmt.Sprintf("The figure ‘%s’ is not available: there is no module ‘%s’. Available modules: %s.", key, mod, strings.Join(ix.modules, ", ")))
	}
	var keys []string
	for _, f := range ix.national() {
		if f.Module == mod {
			keys = append(keys, f.Key)
		}
	}
	return field("figure_key", fmt.Sprintf("De module ‘%s’ geeft geen cijfer ‘%s’. Beschikbare cijfers van ‘%s’: %s.", mod, key, mod, strings.Join(keys, ", ")),
		fmt.Sprintf("The module ‘%s’ offers no figure ‘%s’. Its figures: %s.", mod, key, strings.Join(keys, ", ")))
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// checkTarget reads a typed target or measurement for an indicator of
// unit and decimals; name is the field at fault.
func checkTarget(name, typed, unit string, decimals int) (int, *web.FieldError) {
	a, err := ParseAmount(typed)
	if err != nil {
		var ae amountError
		if errors.As(err, &ae) {
			fe := field(name, ae.nl, ae.en)
			return 0, &fe
		}
		fe := field(name, "Vul een getal in.", "Enter a number.")
		return 0, &fe
	}
	if a.Unit != "" && !SameUnit(a.Unit, unit) {
		fe := field(name, fmt.Sprintf("Deze indicator telt in ‘%s’, niet in ‘%s’. Geef het getal in %s.", unit, a.Unit, unit),
			fmt.Sprintf("This indicator counts in ‘%s’, not in ‘%s’. Give the number in %s.", unit, a.Unit, unit))
		return 0, &fe
	}
	v, ok := a.In(decimals)
	if !ok {
		fe := field(name, fmt.Sprintf("Deze indicator heeft %d decimalen; geef het getal met hoogstens %d.", decimals, decimals),
			fmt.Sprintf("This indicator has %d decimals; give the number with at most %d.", decimals, decimals))
		return 0, &fe
	}
	if SameUnit(unit, "procent") && v > 100*pow10(decimals) {
		fe := field(name, "Een percentage is hoogstens 100.", "A percentage is at most 100.")
		return 0, &fe
	}
	return v, nil
}

func pow10(n int) int {
	v := 1
	for range n {
		v *= 10
	}
	return v
}

// CreateIndicator adds an indicator to a goal. A computed indicator must
// name a figure a built module offers now; its unit, decimals and whether
// it counts people are the figure's.
func (s *Service) CreateIndicator(ctx context.Context, p *auth.Principal, in IndicatorInput) (int64, error) {
	ok, err := s.store.goalExists(ctx, s.d, in.GoalID)
	if err != nil {
		return 0, err
	}
	ind, errs := checkIndicator(in, ok, func() figureIndex { return s.readFigures(ctx) })
	if err := web.Invalid(errs...); err != nil {
		return 0, err
	}
	var id int64
	err = s.d.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		id, err = s.store.insertIndicator(ctx, tx, ind, p.UserID, s.now())
		if db.IsUniqueViolation(err) {
			return web.Invalid(field("name", "Dit doel heeft al een indicator met deze naam.", "This goal already has an indicator of that name."))
		}
		return err
	})
	return id, err
}

// checkIndicator checks a new indicator without the database, so the
// indicator form can be fuzzed (issue 18): goalOK says whether its goal
// exists, and figures gives the modules' figures, asked only for a
// computed indicator that names one (asking every module costs). A name of
// 1 to 200 characters; a computed indicator names a figure there is, and
// takes its unit, decimals and persons; a hand-entered one has a unit of 1
// to 40 characters and 0 to 2 decimals; a target in the unit with at most
// its decimals; an easy-read text of short lines. It returns the
// indicator to store, trimmed, and every error at once.
func checkIndicator(in IndicatorInput, goalOK bool, figures func() figureIndex) (Indicator, []web.FieldError) {
	var errs []web.FieldError
	in.Name, in.Unit, in.FigureKey, in.EasyRead = strings.TrimSpace(in.Name), strings.TrimSpace(in.Unit), strings.TrimSpace(in.FigureKey), strings.TrimSpace(in.EasyRead)
	if !goalOK {
		errs = append(errs, field("goal_id", "Kies het doel waar deze indicator bij hoort.", "Choose the goal this indicator belongs to."))
	}
	switch {
	case in.Name == "":
		errs = append(errs, field("name", "Geef de indicator een naam.", "Give the indicator a name."))
	case tooLong(in.Name, 200):
		errs = append(errs, field("name", "Maak de naam korter (hoogstens 200 tekens).", "Make the name shorter (at most 200 characters)."))
	}
	ind := Indicator{GoalID: in.GoalID, Name: in.Name, Kind: in.Kind, EasyRead: in.EasyRead}
	switch in.Kind {
	case KindComputed:
		if in.FigureKey == "" {
			errs = append(errs, field("figure_key", "Kies het cijfer waaruit deze indicator wordt berekend.", "Choose the figure this indicator is computed from."))
			break
		}
		ix := figures()
		f, ok := ix.figure(in.FigureKey, "")
		if !ok {
			errs = append(errs, missingFigure(ix, in.FigureKey))
			break
		}
		if in.Unit != "" && !SameUnit(in.Unit, f.Unit) {
			errs = append(errs, field("unit", fmt.Sprintf("Het cijfer ‘%s’ telt in ‘%s’, niet in ‘%s’. Laat de eenheid leeg of kies ‘%s’.", f.Label, f.Unit, in.Unit, f.Unit),
				fmt.Sprintf("The figure ‘%s’ counts in ‘%s’, not ‘%s’. Leave the unit empty or choose ‘%s’.", f.LabelEN, f.Unit, in.Unit, f.Unit)))
		}
		ind.FigureKey, ind.Unit, ind.Decimals, ind.Persons = f.Key, f.Unit, f.Decimals, f.Persons
	case KindManual:
		if in.FigureKey != "" {
			errs = append(errs, field("figure_key", "Een indicator die u met de hand invult heeft geen cijfer van een module; laat het cijfer leeg of kies ‘berekend’.",
				"A hand-entered indicator has no module figure; leave the figure empty or choose ‘computed’."))
		}
		switch {
		case in.Unit == "":
			errs = append(errs, field("unit", "Geef de eenheid: wat telt deze indicator (bijvoorbeeld ‘gezinnen’)?", "Give the unit: what does this indicator count (for example ‘families’)?"))
		case tooLong(in.Unit, 40):
			errs = append(errs, field("unit", "Maak de eenheid korter (hoogstens 40 tekens).", "Make the unit shorter (at most 40 characters)."))
		}
		if in.Decimals < 0 || in.Decimals > 2 {
			errs = append(errs, field("decimals", "Kies 0, 1 of 2 decimalen.", "Choose 0, 1 or 2 decimals."))
		}
		ind.Unit, ind.Decimals, ind.Persons = in.Unit, in.Decimals, in.Persons
	default:
		errs = append(errs, field("kind", "Kies of de indicator berekend wordt of met de hand ingevuld.", "Choose whether the indicator is computed or entered by hand."))
	}
	if strings.TrimSpace(in.Target) != "" && ind.Unit != "" {
		v, fe := checkTarget("target", in.Target, ind.Unit, ind.Decimals)
		if fe != nil {
			errs = append(errs, *fe)
		}
		ind.Target, ind.HasTarget = v, fe == nil
	}
	if fe := checkEasyRead("easy_read", in.EasyRead); fe != nil {
		errs = append(errs, *fe)
	}
	return ind, errs
}

// maxEasyWords is the longest line of an easy-read text: short sentences,
// one idea per line.
const maxEasyWords = 15

// checkEasyRead checks an easy-read text: short lines of one idea each.
func checkEasyRead(name, text string) *web.FieldError {
	if tooLong(text, 2000) {
		fe := field(name, "Maak de tekst korter (hoogstens 2000 tekens).", "Make the text shorter (at most 2000 characters).")
		return &fe
	}
	for i, line := range strings.Split(text, "\n") {
		if n := len(strings.Fields(line)); n > maxEasyWords {
			fe := field(name, fmt.Sprintf("Regel %d heeft %d woorden. Schrijf korte zinnen: hoogstens %d woorden per regel, één idee per regel.", i+1, n, maxEasyWords),
				fmt.Sprintf("Line %d has %d words. Write short sentences: at most %d words a line, one idea a line.", i+1, n, maxEasyWords))
			return &fe
		}
	}
	return nil
}

// PeriodInput is a new period (form and API); dates as dd-mm-jjjj or
// jjjj-mm-dd.
type PeriodInput struct {
	Code   string `json:"code" required:"true"`
	Name   string `json:"name" required:"true"`
	Starts string `json:"starts" required:"true"`
	Ends   string `json:"ends" required:"true"`
}

var codePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,29}$`)

// parseDay reads a day typed as dd-mm-jjjj (or the API's jjjj-mm-dd).
func parseDay(s string) (Day, bool) {
	s = strings.TrimSpace(s)
	if len(s) == 10 && s[4] == '-' {
		if t, err := web.ParseDate(s[8:10] + "-" + s[5:7] + "-" + s[0:4]); err == nil {
			return DayOf(t), true
		}
		return "", false
	}
	t, err := web.ParseDate(s)
	if err != nil {
		return "", false
	}
	return DayOf(t), true
}

// periodLockKey names the advisory lock under which periods are written,
// so two instances cannot each add one half of an overlap.
const periodLockKey = 16_0001

// CreatePeriod adds a reporting period. Periods do not overlap: the check
// runs in the writing transaction, under a lock on PostgreSQL.
func (s *Service) CreatePeriod(ctx context.Context, in PeriodInput) (int64, error) {
	p, datesOK, errs := checkPeriod(in)
	if len(errs) > 0 {
		// Every error at once: an overlap or a code in use is named
		// beside the other errors, not only after they are fixed. The
		// check under the lock below stays the one that counts.
		existing, err := s.store.periods(ctx, s.d)
		if err != nil {
			return 0, err
		}
		errs = append(errs, clashes(existing, p, datesOK, codePattern.MatchString(p.Code))...)
		return 0, web.Invalid(errs...)
	}
	var id int64
	err := s.d.Tx(ctx, func(tx *sql.Tx) error {
		locked, err := s.d.TryAdvisoryLock(ctx, tx, periodLockKey)
		if err != nil {
			return err
		}
		if !locked {
			return web.Conflict("Er wordt op dit moment een andere periode opgeslagen. Probeer het opnieuw.", "Another period is being saved right now. Try again.")
		}
		existing, err := s.store.periods(ctx, tx)
		if err != nil {
			return err
		}
		if err := web.Invalid(clashes(existing, p, true, true)...); err != nil {
			return err
		}
		id, err = s.store.insertPeriod(ctx, tx, p)
		return err
	})
	return id, err
}

// checkPeriod checks a new period without the database, so the period
// form can be fuzzed (issue 18): a code fit for a web address, a name of
// at most 80 characters, two whole days, the last not before the first.
// datesOK says both days are whole and in order, so an overlap can be
// checked; overlaps and a code in use need the other periods (clashes).
func checkPeriod(in PeriodInput) (p Period, datesOK bool, errs []web.FieldError) {
	in.Code, in.Name = strings.TrimSpace(in.Code), strings.TrimSpace(in.Name)
	if !codePattern.MatchString(in.Code) {
		errs = append(errs, field("code", "Geef een korte code van kleine letters, cijfers en streepjes, bijvoorbeeld ‘2022’ of ‘2022-1’. Die staat in het webadres van het rapport.",
			"Give a short code of lower-case letters, digits and hyphens, for example ‘2022’ or ‘2022-1’. It is part of the report's web address."))
	}
	switch {
	case in.Name == "":
		errs = append(errs, field("name", "Geef de periode een naam, bijvoorbeeld ‘2022’.", "Give the period a name, for example ‘2022’."))
	case tooLong(in.Name, 80):
		errs = append(errs, field("name", "Maak de naam korter (hoogstens 80 tekens).", "Make the name shorter (at most 80 characters)."))
	}
	starts, okS := parseDay(in.Starts)
	if !okS {
		errs = append(errs, field("starts", "Vul de eerste dag van de periode in als dd-mm-jjjj.", "Enter the first day of the period as dd-mm-yyyy."))
	}
	ends, okE := parseDay(in.Ends)
	if !okE {
		errs = append(errs, field("ends", "Vul de laatste dag van de periode in als dd-mm-jjjj.", "Enter the last day of the period as dd-mm-yyyy."))
	}
	if okS && okE && ends.Before(starts) {
		errs = append(errs, field("ends", "De laatste dag ligt vóór de eerste dag. Kies een latere einddatum.", "The last day is before the first day. Choose a later end date."))
	}
	return Period{Code: in.Code, Name: in.Name, Starts: starts, Ends: ends}, okS && okE && !ends.Before(starts), errs
}

// clashes are the errors of a new period against the existing ones: the
// periods it overlaps (when its dates are whole) and a code in use (when
// the code is well formed).
func clashes(existing []Period, p Period, dates, code bool) []web.FieldError {
	var errs []web.FieldError
	for _, q := range existing {
		if dates && q.Overlaps(p) {
			errs = append(errs, field("starts", fmt.Sprintf("Deze periode overlapt met ‘%s’ (%s tot en met %s). Periodes mogen niet overlappen: kies data buiten die periode.", q.Name, q.Starts.Dutch(), q.Ends.Dutch()),
				fmt.Sprintf("This period overlaps ‘%s’ (%s to %s). Periods may not overlap: choose dates outside it.", q.Name, q.Starts.Dutch(), q.Ends.Dutch())))
		}
		if code && q.Code == p.Code {
			errs = append(errs, field("code", fmt.Sprintf("De code ‘%s’ is al in gebruik voor ‘%s’. Kies een andere code.", p.Code, q.Name), fmt.Sprintf("The code ‘%s’ is already used by ‘%s’. Choose another.", p.Code, q.Name)))
		}
	}
	return errs
}

// StatusInput sets an indicator's status in a period.
type StatusInput struct {
	Period string `json:"period" required:"true"` // the period's code
	Status Status `json:"status" required:"true"`
	Reason string `json:"reason" required:"true"`
}

// SetStatus adds a line to an indicator's status history: who set which
// status in which period, and why.
func (s *Service) SetStatus(ctx context.Context, p *auth.Principal, indicatorID int64, in StatusInput) error {
	if _, err := s.Indicator(ctx, indicatorID); err != nil {
		return err
	}
	var errs []web.FieldError
	per, ok, err := s.periodByCode(ctx, in.Period)
	if err != nil {
		return err
	}
	if !ok {
		errs = append(errs, field("period", "Kies de periode waarover deze status gaat.", "Choose the period this status is about."))
	}
	reason, fs := checkStatus(in)
	errs = append(errs, fs...)
	if err := web.Invalid(errs...); err != nil {
		return err
	}
	in.Reason = reason
	return s.store.insertStatus(ctx, s.d, StatusEntry{IndicatorID: indicatorID, PeriodID: per.ID, Status: in.Status, Reason: in.Reason, SetBy: p.UserID, SetAt: s.now()})
}

// checkStatus checks a status line without the database, so the status
// form can be fuzzed (issue 18): one of the four statuses and a reason of
// at most 1000 characters. Whether the period exists is SetStatus's to
// check. It returns the reason trimmed.
func checkStatus(in StatusInput) (string, []web.FieldError) {
	var errs []web.FieldError
	if !in.Status.Valid() {
		errs = append(errs, field("status", "Kies een status: gehaald, op koers, aandacht nodig of niet gehaald.", "Choose a status: achieved, on track, needs attention or not achieved."))
	}
	reason := strings.TrimSpace(in.Reason)
	switch {
	case reason == "":
		errs = append(errs, field("reason", "Schrijf waarom de indicator deze status heeft.", "Write why the indicator has this status."))
	case tooLong(reason, 1000):
		errs = append(errs, field("reason", "Maak de toelichting korter (hoogstens 1000 tekens).", "Make the explanation shorter (at most 1000 characters)."))
	}
	return reason, errs
}

// MeasurementInput is a hand-entered value of an indicator in a period.
type MeasurementInput struct {
	Period     string `json:"period" required:"true"`
	Value      string `json:"value" required:"true"`
	Source     string `json:"source" required:"true"`
	MeasuredOn string `json:"measured_on" required:"true"`
}

// PutMeasurement enters (or corrects) the value of an indicator in a
// period by hand, with its source and day. A computed indicator takes one
// for a period before its module existed (the letters' first
// measurements).
func (s *Service) PutMeasurement(ctx context.Context, p *auth.Principal, indicatorID int64, in MeasurementInput) error {
	ind, err := s.Indicator(ctx, indicatorID)
	if err != nil {
		return err
	}
	var errs []web.FieldError
	per, ok, err := s.periodByCode(ctx, in.Period)
	if err != nil {
		return err
	}
	if !ok {
		errs = append(errs, field("period", "Kies de periode van deze meting.", "Choose the period of this measurement."))
	}
	m, fs := checkMeasurement(in, ind.Unit, ind.Decimals, s.today())
	errs = append(errs, fs...)
	if err := web.Invalid(errs...); err != nil {
		return err
	}
	v, on := m.Value, m.MeasuredOn
	in.Source = m.Source
	return s.store.putMeasurement(ctx, s.d, Measurement{IndicatorID: indicatorID, PeriodID: per.ID, Value: v, Source: in.Source, MeasuredOn: on, EnteredBy: p.UserID}, s.now())
}

// checkMeasurement checks a hand-entered value without the database, so
// the measurement form can be fuzzed (issue 18): a number in the
// indicator's unit with at most its decimals, a source of at most 500
// characters, a whole day not after today. Whether the period exists is
// PutMeasurement's to check. The measurement it returns has no ids.
func checkMeasurement(in MeasurementInput, unit string, decimals int, today Day) (Measurement, []web.FieldError) {
	var errs []web.FieldError
	v, fe := checkTarget("value", in.Value, unit, decimals)
	if fe != nil {
		errs = append(errs, *fe)
	}
	source := strings.TrimSpace(in.Source)
	switch {
	case source == "":
		errs = append(errs, field("source", "Geef de bron van de meting, bijvoorbeeld de Kamerbrief en de datum.", "Give the source of the measurement, for example the letter to parliament and its date."))
	case tooLong(source, 500):
		errs = append(errs, field("source", "Maak de bron korter (hoogstens 500 tekens).", "Make the source shorter (at most 500 characters)."))
	}
	on, okDay := parseDay(in.MeasuredOn)
	switch {
	case !okDay:
		errs = append(errs, field("measured_on", "Vul de datum van de meting in als dd-mm-jjjj.", "Enter the date of the measurement as dd-mm-yyyy."))
	case today.Before(on):
		errs = append(errs, field("measured_on", "De datum van de meting ligt in de toekomst. Vul de dag in waarop gemeten is.", "The measurement date is in the future. Enter the day it was measured."))
	}
	return Measurement{Value: v, Source: source, MeasuredOn: on}, errs
}

// EasyReadInput is an indicator's easy-read text for the report.
type EasyReadInput struct {
	Text string `json:"text"`
	// Reviewed says the person saving has read the text back as written
	// for its readers; a changed text without it is not reviewed.
	Reviewed bool `json:"reviewed"`
}

// SetEasyRead writes an indicator's easy-read text, reviewed by the person
// saving it when they say so. Only reviewed texts go into a published
// report.
func (s *Service) SetEasyRead(ctx context.Context, p *auth.Principal, indicatorID int64, in EasyReadInput) error {
	if _, err := s.Indicator(ctx, indicatorID); err != nil {
		return err
	}
	text, errs := checkEasyReadText(in)
	if err := web.Invalid(errs...); err != nil {
		return err
	}
	in.Text = text
	var by int64
	if in.Reviewed {
		by = p.UserID
	}
	return s.store.setEasyRead(ctx, indicatorID, in.Text, by, s.now())
}

// checkEasyReadText checks an easy-read text without the database, so the
// easy-read form can be fuzzed (issue 18): not empty, at most 2000
// characters, at most maxEasyWords words a line. It returns the text with
// Windows line ends made plain and trimmed, as it is stored.
func checkEasyReadText(in EasyReadInput) (string, []web.FieldError) {
	text := strings.TrimSpace(strings.ReplaceAll(in.Text, "\r\n", "\n"))
	var errs []web.FieldError
	if text == "" {
		errs = append(errs, field("text", "Schrijf de tekst in eenvoudige taal: korte zinnen, één idee per regel.", "Write the text in easy language: short sentences, one idea a line."))
	} else if fe := checkEasyRead("text", text); fe != nil {
		errs = append(errs, *fe)
	}
	return text, errs
}

// ProjectInput is a project's four points of attention.
type ProjectInput struct {
	Evaluation        string `json:"evaluation" required:"true"`
	EvaluationDate    string `json:"evaluation_date,omitempty"`
	Continues         string `json:"continues" required:"true"`
	ContinuesWhere    string `json:"continues_where,omitempty"`
	KnowledgeProducts int    `json:"knowledge_products"`
	KnowledgeUpdated  string `json:"knowledge_updated,omitempty"`
}

// UpdateProject records whether a project was evaluated and when, whether
// it continues and where, and its knowledge products.
func (s *Service) UpdateProject(ctx context.Context, p *auth.Principal, id int64, in ProjectInput) error {
	pr, err := s.store.project(ctx, id)
	if errors.Is(err, errNotFound) {
		return web.NotFound("Dit project bestaat niet.", "This project does not exist.")
	}
	if err != nil {
		return err
	}
	errs := checkProject(&pr, in, s.today())
	if err := web.Invalid(errs...); err != nil {
		return err
	}
	return s.store.updateProject(ctx, pr, p.UserID, s.now())
}

// checkProject checks a project's points of attention without the
// database, so the project form can be fuzzed (issue 18), and writes them
// into pr: an evaluation yes, planned or no, with a whole day when there
// is or will be one; whether the work continues, and where when it does
// (at most 500 characters); 0 to 100000 knowledge products, updated on a
// whole day not after today. Every mistake at once.
func checkProject(pr *Project, in ProjectInput, today Day) (errs []web.FieldError) {
	switch in.Evaluation {
	case "ja", "gepland", "nee":
	default:
		errs = append(errs, field("evaluation", "Kies of er een evaluatie is: ja, gepland of nee.", "Choose whether there is an evaluation: yes, planned or no."))
	}
	pr.Evaluation, pr.EvaluationDate = in.Evaluation, ""
	if strings.TrimSpace(in.EvaluationDate) != "" {
		d, ok := parseDay(in.EvaluationDate)
		if !ok {
			errs = append(errs, field("evaluation_date", "Vul de datum van de evaluatie in als dd-mm-jjjj.", "Enter the evaluation's date as dd-mm-yyyy."))
		}
		pr.EvaluationDate = d
	} else if in.Evaluation == "ja" || in.Evaluation == "gepland" {
		errs = append(errs, field("evaluation_date", "Vul in wanneer de evaluatie verscheen of verschijnt (dd-mm-jjjj).", "Enter when the evaluation was or will be published (dd-mm-yyyy)."))
	}
	switch in.Continues {
	case "ja", "nee", "onbekend":
	default:
		errs = append(errs, field("continues", "Kies of het werk doorgaat na het programma: ja, nee of onbekend.", "Choose whether the work continues after the programme: yes, no or unknown."))
	}
	pr.Continues, pr.ContinuesWhere = in.Continues, strings.TrimSpace(in.ContinuesWhere)
	if in.Continues == "ja" && pr.ContinuesWhere == "" {
		errs = append(errs, field("continues_where", "Schrijf waar het werk verder gaat, bijvoorbeeld in de Toekomstagenda.", "Write where the work continues, for example in the Toekomstagenda."))
	}
	if tooLong(pr.ContinuesWhere, 500) {
		errs = append(errs, field("continues_where", "Maak de tekst korter (hoogstens 500 tekens).", "Make the text shorter (at most 500 characters)."))
	}
	if in.KnowledgeProducts < 0 || in.KnowledgeProducts > 100000 {
		errs = append(errs, field("knowledge_products", "Vul het aantal kennisproducten in als een heel getal vanaf 0.", "Enter the number of knowledge products as a whole number from 0."))
	}
	pr.KnowledgeProducts, pr.KnowledgeUpdated = in.KnowledgeProducts, ""
	if strings.TrimSpace(in.KnowledgeUpdated) != "" {
		d, ok := parseDay(in.KnowledgeUpdated)
		switch {
		case !ok:
			errs = append(errs, field("knowledge_updated", "Vul de datum van de laatste bijwerking in als dd-mm-jjjj.", "Enter the date of the last update as dd-mm-yyyy."))
		case today.Before(d):
			errs = append(errs, field("knowledge_updated", "Die datum ligt in de toekomst. Vul de dag van de laatste bijwerking in.", "That date is in the future. Enter the day of the last update."))
		}
		pr.KnowledgeUpdated = d
	}
	return errs
}

// snapshotLockKey names the advisory lock of the daily snapshot: with
// several instances on one PostgreSQL database, the rounds that meet skip
// instead of writing the same rows in two transactions (which deadlocked).
const snapshotLockKey = 16_0002

// Snapshot records today's reading of every module figure, so the
// dashboard has history and past periods keep their values. The figures
// are written in key order, so that even without the lock two writers
// take the rows' locks in the same order.
func (s *Service) Snapshot(ctx context.Context) (int, error) {
	ix := s.readFigures(ctx)
	day, at := s.today(), s.now()
	keys := make([]string, 0, len(ix.byKey))
	for key := range ix.byKey {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	n := 0
	err := s.d.Tx(ctx, func(tx *sql.Tx) error {
		locked, err := s.d.TryAdvisoryLock(ctx, tx, snapshotLockKey)
		if err != nil || !locked {
			return err // another instance is taking the same snapshot now
		}
		for _, key := range keys {
			fs := slices.Clone(ix.byKey[key])
			sort.SliceStable(fs, func(i, j int) bool { return fs[i].Region < fs[j].Region })
			for _, f := range fs {
				if err := s.store.putSnapshot(ctx, tx, day, ix.module[key], f, at); err != nil {
					return err
				}
				n++
			}
		}
		return nil
	})
	return n, err
}
