package support

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/web"
)

// Party is a party that bears costs and gains savings in the social
// business case (Copiloot): society (the family, employers), the health
// insurers (Zvw), the municipalities (Wmo), the care offices (Wlz) and UWV.
type Party string

// The parties.
const (
	PartySociety Party = "maatschappij"
	PartyZvw     Party = "zvw"
	PartyWmo     Party = "wmo"
	PartyWlz     Party = "wlz"
	PartyUWV     Party = "uwv"
)

// Parties lists the parties in table order.
func Parties() []Party { return []Party{PartySociety, PartyZvw, PartyWmo, PartyWlz, PartyUWV} }

// Label is the party in Dutch.
func (p Party) Label() string {
	switch p {
	case PartySociety:
		return "Maatschappij (gezin en werkgevers)"
	case PartyZvw:
		return "Zorgverzekeraars (Zvw)"
	case PartyWmo:
		return "Gemeenten (Wmo)"
	case PartyWlz:
		return "Zorgkantoren (Wlz)"
	case PartyUWV:
		return "UWV"
	}
	return string(p)
}

// Driver is a cost driver per family per year, in whole euros, without
// and with a supporter, and the percentage each party bears.
type Driver struct {
	Code        string
	CostWithout int
	CostWith    int
	Shares      map[Party]int
}

// DriverLabel is a cost driver's Dutch name.
func DriverLabel(code string) string {
	switch code {
	case "verzuim":
		return "Verzuim van ouders en naasten op hun werk"
	case "overbelasting":
		return "Overbelasting van ouders en naasten"
	case "instanties":
		return "Contacten met instanties"
	case "crisis":
		return "Crises"
	case "opname":
		return "Opnames"
	}
	return code
}

// BCConfig is the business case's configuration: the drivers and the
// supporter's cost per family per year (whole euros).
type BCConfig struct {
	Drivers       []Driver
	SupporterCost int
}

// Scenario is the business case for a number of families: per party the
// yearly costs without and with a supporter and the difference, in cents
// (exact: families × euros × percent).
type Scenario struct {
	Families int
	Rows     []PartyRow
	// Totals over the parties, and the supporters' own cost.
	Without, With, Saving, SupporterCost, Net int64
}

// PartyRow is one party's line of a scenario, in cents.
type PartyRow struct {
	Party                 Party
	Without, With, Saving int64
}

// Label is the driver's Dutch name.
func (d Driver) Label() string { return DriverLabel(d.Code) }

// The amounts as text for the pages.
func (r PartyRow) WithoutText() string { return Euros(r.Without) }

// WithText is the cost with a supporter as text.
func (r PartyRow) WithText() string { return Euros(r.With) }

// SavingText is the saving as text.
func (r PartyRow) SavingText() string { return Euros(r.Saving) }

// WithoutText is the total cost without a supporter as text.
func (sc Scenario) WithoutText() string { return Euros(sc.Without) }

// WithText is the total cost with a supporter as text.
func (sc Scenario) WithText() string { return Euros(sc.With) }

// SavingText is the total saving as text.
func (sc Scenario) SavingText() string { return Euros(sc.Saving) }

// SupporterText is the supporters' cost as a negative amount.
func (sc Scenario) SupporterText() string { return Euros(-sc.SupporterCost) }

// NetText is the net result as text.
func (sc Scenario) NetText() string { return Euros(sc.Net) }

// Calculate works out the scenario for n families.
func (c BCConfig) Calculate(n int) Scenario {
	sc := Scenario{Families: n}
	for _, p := range Parties() {
		row := PartyRow{Party: p}
		for _, d := range c.Drivers {
			row.Without += int64(n) * int64(d.CostWithout) * int64(d.Shares[p])
			row.With += int64(n) * int64(d.CostWith) * int64(d.Shares[p])
		}
		row.Saving = row.Without - row.With
		sc.Without += row.Without
		sc.With += row.With
		sc.Saving += row.Saving
		sc.Rows = append(sc.Rows, row)
	}
	sc.SupporterCost = int64(n) * int64(c.SupporterCost) * 100
	sc.Net = sc.Saving - sc.SupporterCost
	return sc
}

// Euros writes cents as whole euros the Dutch way ("€ 1.234.567").
func Euros(cents int64) string {
	neg := cents < 0
	if neg {
		cents = -cents
	}
	e := (cents + 50) / 100
	s := strconv.FormatInt(e, 10)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	if neg {
		return "€ -" + b.String()
	}
	return "€ " + b.String()
}

// Limits of the calculator's inputs.
const (
	maxAmount   = 10_000_000
	maxFamilies = 1_000_000
)

// wholeNumber reads a form's whole number in [lo, hi]; the message names
// the field in Dutch.
func wholeNumber(raw, what string, lo, hi int) (int, string) {
	s := strings.TrimSpace(strings.ReplaceAll(raw, ".", ""))
	s = strings.TrimPrefix(strings.TrimSpace(strings.TrimPrefix(s, "€")), " ")
	if s == "" {
		return 0, fmt.Sprintf("Vul %s in.", what)
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Sprintf("%s is geen heel getal: schrijf het zonder komma, bijvoorbeeld 2500.", capital(what))
	}
	if n < 0 {
		return 0, fmt.Sprintf("%s kan niet negatief zijn.", capital(what))
	}
	if n < lo {
		return 0, fmt.Sprintf("%s moet minstens %d zijn.", capital(what), lo)
	}
	if n > hi {
		return 0, fmt.Sprintf("%s is te groot: hoogstens %d.", capital(what), hi)
	}
	return n, ""
}

func capital(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

// ParseBCForm reads the settings form: per driver the costs without and
// with a supporter (zonder_<code>, met_<code>) and the share of each party
// (pct_<code>_<party>), and the supporter's cost (kosten_ondersteuner).
// Every field at fault is reported at once; the shares of a driver must
// add up to 100 %.
func ParseBCForm(current BCConfig, form map[string]string) (BCConfig, error) {
	out := BCConfig{}
	var errs []web.FieldError
	add := func(field, msg string) {
		if msg != "" {
			errs = append(errs, web.FieldError{Field: field, Message: msg})
		}
	}
	var msg string
	out.SupporterCost, msg = wholeNumber(form["kosten_ondersteuner"], "de kosten van de ondersteuner per gezin per jaar", 0, maxAmount)
	add("kosten_ondersteuner", msg)
	for _, d := range current.Drivers {
		label := strings.ToLower(DriverLabel(d.Code))
		nd := Driver{Code: d.Code, Shares: map[Party]int{}}
		nd.CostWithout, msg = wholeNumber(form["zonder_"+d.Code], "de kosten zonder ondersteuner voor "+label, 0, maxAmount)
		add("zonder_"+d.Code, msg)
		nd.CostWith, msg = wholeNumber(form["met_"+d.Code], "de kosten met ondersteuner voor "+label, 0, maxAmount)
		add("met_"+d.Code, msg)
		sum, shareErr := 0, false
		for _, p := range Parties() {
			field := "pct_" + d.Code + "_" + string(p)
			nd.Shares[p], msg = wholeNumber(form[field], "het aandeel van "+p.Label()+" in "+label, 0, 100)
			add(field, msg)
			shareErr = shareErr || msg != ""
			sum += nd.Shares[p]
		}
		if !shareErr && sum != 100 {
			add("pct_"+d.Code+"_"+string(PartySociety), fmt.Sprintf("De aandelen voor %s tellen op tot %d %%; dat moet 100 %% zijn.", label, sum))
		}
		out.Drivers = append(out.Drivers, nd)
	}
	if len(errs) > 0 {
		return out, &web.Error{Code: web.CodeBadInput, Message: "Niet alle gegevens van de businesscase zijn goed ingevuld.", English: "Not all business case fields are valid.", Fields: errs}
	}
	return out, nil
}

// BCForm is a configuration as the settings form's values.
func BCForm(c BCConfig) map[string]string {
	f := map[string]string{"kosten_ondersteuner": strconv.Itoa(c.SupporterCost)}
	for _, d := range c.Drivers {
		f["zonder_"+d.Code] = strconv.Itoa(d.CostWithout)
		f["met_"+d.Code] = strconv.Itoa(d.CostWith)
		for _, p := range Parties() {
			f["pct_"+d.Code+"_"+string(p)] = strconv.Itoa(d.Shares[p])
		}
	}
	return f
}

// BusinessCase reads the current configuration.
func (s *Service) BusinessCase(ctx context.Context) (BCConfig, error) {
	return s.store.bcConfig(ctx)
}

// mayConfigureBC: the programme configures the business case. Its figures
// are programme assumptions (research, not system settings), so beheerder,
// who manages accounts, does not; see docs/support.md.
func mayConfigureBC(p *auth.Principal) bool { return p != nil && p.Role == auth.RoleProgramma }

// SaveBusinessCase checks the settings form and stores it whole, or
// nothing: one transaction, every error at once.
func (s *Service) SaveBusinessCase(ctx context.Context, p *auth.Principal, form map[string]string) (BCConfig, error) {
	if !mayConfigureBC(p) {
		return BCConfig{}, &web.Error{Code: web.CodeForbidden, Message: "Alleen het programma stelt de businesscase in.", English: "Only the programme configures the business case."}
	}
	cur, err := s.store.bcConfig(ctx)
	if err != nil {
		return BCConfig{}, err
	}
	next, err := ParseBCForm(cur, form)
	if err != nil {
		return next, err
	}
	return next, s.d.Tx(ctx, func(tx *sql.Tx) error { return s.store.saveBC(ctx, tx, next, p.UserID, s.now()) })
}

// ParseScenarioFamilies reads the two scenario sizes (gezinnen_a,
// gezinnen_b); an empty field takes its default.
func ParseScenarioFamilies(a, b string, defA, defB int) (int, int, error) {
	var errs []web.FieldError
	read := func(raw, field, what string, def int) int {
		if strings.TrimSpace(raw) == "" {
			return def
		}
		n, msg := wholeNumber(raw, what, 1, maxFamilies)
		if msg != "" {
			errs = append(errs, web.FieldError{Field: field, Message: msg})
		}
		return n
	}
	na := read(a, "gezinnen_a", "het aantal gezinnen van scenario A", defA)
	nb := read(b, "gezinnen_b", "het aantal gezinnen van scenario B", defB)
	if len(errs) > 0 {
		return na, nb, &web.Error{Code: web.CodeBadInput, Message: "Het aantal gezinnen is niet goed ingevuld.", English: "The number of families is not valid.", Fields: errs}
	}
	return na, nb, nil
}
