package monitor

import (
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Status is how an indicator stands in a period (DESIGN §2.7).
type Status string

// The statuses, from best to worst.
const (
	StatusAchieved    Status = "gehaald"
	StatusOnTrack     Status = "op_koers"
	StatusAttention   Status = "aandacht"
	StatusNotAchieved Status = "niet_gehaald"
)

// Statuses lists the statuses in the order forms offer them.
func Statuses() []Status {
	return []Status{StatusAchieved, StatusOnTrack, StatusAttention, StatusNotAchieved}
}

// Valid reports whether s is one of the statuses.
func (s Status) Valid() bool {
	switch s {
	case StatusAchieved, StatusOnTrack, StatusAttention, StatusNotAchieved:
		return true
	}
	return false
}

// Label is the status in Dutch words, never by colour alone.
func (s Status) Label() string {
	switch s {
	case StatusAchieved:
		return "Gehaald"
	case StatusOnTrack:
		return "Op koers"
	case StatusAttention:
		return "Aandacht nodig"
	case StatusNotAchieved:
		return "Niet gehaald"
	}
	return "Nog geen status"
}

// EasyLabel is the status in the easy-read report.
func (s Status) EasyLabel() string {
	switch s {
	case StatusAchieved:
		return "Dit is gelukt."
	case StatusOnTrack:
		return "Dit gaat goed. Het is nog niet klaar."
	case StatusAttention:
		return "Dit gaat nog niet goed genoeg."
	case StatusNotAchieved:
		return "Dit is niet gelukt."
	}
	return ""
}

// rank orders statuses from best (1) to worst (4); 0 is no status.
func (s Status) rank() int {
	switch s {
	case StatusAchieved:
		return 1
	case StatusOnTrack:
		return 2
	case StatusAttention:
		return 3
	case StatusNotAchieved:
		return 4
	}
	return 0
}

// Worst is the status of a goal: the worst of its indicators', so a goal
// is only achieved when every indicator is.
func Worst(ss ...Status) Status {
	var w Status
	for _, s := range ss {
		if s.rank() > w.rank() {
			w = s
		}
	}
	return w
}

// Kind says where an indicator's value comes from.
type Kind string

// The kinds: computed live from a module's figure, or entered by hand.
const (
	KindComputed Kind = "berekend"
	KindManual   Kind = "handmatig"
)

// ActionLine is one of the programme's action lines.
type ActionLine struct {
	ID       int64
	Position int
	Name     string
	Summary  string
	EasyRead string
	Projects []Project
}

// Project is a project of an action line with the letters' four points of
// attention.
type Project struct {
	ID, ActionLineID int64
	Name, Summary    string
	// Evaluation is "ja", "gepland" or "nee"; EvaluationDate the day it
	// was (or will be) published.
	Evaluation     string
	EvaluationDate Day
	// Continues is "ja", "nee" or "onbekend"; ContinuesWhere where the
	// work went after the programme's money (the Toekomstagenda).
	Continues         string
	ContinuesWhere    string
	KnowledgeProducts int
	KnowledgeUpdated  Day
	Goals             []Goal
}

// Goal is a goal of a project.
type Goal struct {
	ID, ProjectID int64
	Name          string
	Indicators    []Indicator
}

// Indicator is what the monitor measures of a goal.
type Indicator struct {
	ID, GoalID int64
	Name       string
	Kind       Kind
	FigureKey  string
	Unit       string
	Decimals   int
	Persons    bool
	// Target is in units of 10^-Decimals; HasTarget says whether there is
	// one.
	Target    int
	HasTarget bool
	EasyRead  string
	// ReviewedBy is the account that reviewed the easy-read text (0: not
	// reviewed yet).
	ReviewedBy   int64
	ReviewedAt   time.Time
	ReviewerName string
}

// Period is a reporting period; periods do not overlap.
type Period struct {
	ID         int64
	Code, Name string
	Starts     Day
	Ends       Day
}

// Contains reports whether the day lies in the period.
func (p Period) Contains(d Day) bool { return !d.Before(p.Starts) && !p.Ends.Before(d) }

// Overlaps reports whether two periods share a day.
func (p Period) Overlaps(q Period) bool { return !p.Ends.Before(q.Starts) && !q.Ends.Before(p.Starts) }

// Measurement is a hand-entered value of an indicator in a period.
type Measurement struct {
	IndicatorID, PeriodID int64
	Value                 int
	Source                string
	MeasuredOn            Day
	EnteredBy             int64
}

// StatusEntry is one line of an indicator's status history.
type StatusEntry struct {
	IndicatorID, PeriodID int64
	PeriodName            string
	Status                Status
	Reason                string
	SetBy                 int64
	SetByName             string
	SetAt                 time.Time
}

// Day is a calendar day, stored as 'YYYY-MM-DD' on both databases so that
// comparing the text compares the days.
type Day string

// DayOf is the calendar day of t in Europe/Amsterdam's sense of t's own
// date fields.
func DayOf(t time.Time) Day { return Day(t.Format("2006-01-02")) }

// Before reports whether d is an earlier day than e.
func (d Day) Before(e Day) bool { return d < e }

// Time is the day at midnight UTC (zero for no day).
func (d Day) Time() time.Time {
	t, err := time.Parse("2006-01-02", string(d))
	if err != nil {
		return time.Time{}
	}
	return t
}

// Dutch is the day as dd-mm-jjjj ("" for no day).
func (d Day) Dutch() string {
	t := d.Time()
	if t.IsZero() {
		return ""
	}
	return t.Format("02-01-2006")
}

// FormatAmount writes a value of 10^-decimals units the Dutch way: a
// decimal comma and a point between thousands ("8.462", "7,5").
func FormatAmount(v, decimals int) string {
	neg := v < 0
	if neg {
		v = -v
	}
	s := strconv.Itoa(v)
	frac := ""
	if decimals > 0 {
		for len(s) <= decimals {
			s = "0" + s
		}
		s, frac = s[:len(s)-decimals], s[len(s)-decimals:]
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	out := b.String()
	if frac != "" {
		out += "," + frac
	}
	if neg {
		out = "-" + out
	}
	return out
}

// Amount is a parsed amount: a value in units of 10^-Decimals as typed,
// and the unit word typed after it, if any ("70 plekken").
type Amount struct {
	Value    int
	Decimals int
	Unit     string
}

// amountError is why an amount could not be read, in Dutch and English.
type amountError struct{ nl, en string }

func (e amountError) Error() string { return e.en }

// maxAmount keeps a parsed value far from int overflow on 32-bit columns.
const maxAmount = 2_000_000_000

// ParseAmount reads a target or a measurement as people type it: a whole
// or decimal number the Dutch way ("70", "8.462", "7,5"), optionally
// followed by a unit ("70 plekken", "85 %"). It is outside input (forms and
// the API), so it refuses what it cannot read exactly rather than guess:
// a point that is not a thousands separator, a second comma, a sign, more
// than 2 decimals or a number too large.
func ParseAmount(s string) (Amount, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Amount{}, amountError{"Vul een getal in.", "Enter a number."}
	}
	i := 0
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.' || s[i] == ',') {
		i++
	}
	num, unit := s[:i], strings.TrimSpace(s[i:])
	if num == "" {
		return Amount{}, amountError{"Begin met een getal, bijvoorbeeld 70 of 7,5.", "Start with a number, for example 70 or 7.5."}
	}
	if unit != "" {
		for _, r := range unit {
			if !unicode.IsLetter(r) && r != '%' && r != ' ' && r != '\'' && r != '.' && r != '-' {
				return Amount{}, amountError{"Schrijf na het getal alleen de eenheid, bijvoorbeeld ‘70 plekken’.", "After the number write only the unit, for example ‘70 places’."}
			}
		}
	}
	whole, frac, hasComma := strings.Cut(num, ",")
	if hasComma && (strings.Contains(frac, ",") || strings.Contains(frac, ".")) {
		return Amount{}, amountError{"Schrijf een getal met één decimale komma, bijvoorbeeld 7,5.", "Write a number with one decimal comma, for example 7,5."}
	}
	if hasComma && frac == "" || whole == "" {
		return Amount{}, amountError{"Schrijf een volledig getal, bijvoorbeeld 7,5 of 70.", "Write a complete number, for example 7,5 or 70."}
	}
	if strings.Contains(whole, ".") {
		groups := strings.Split(whole, ".")
		for gi, g := range groups {
			if gi == 0 && (len(g) == 0 || len(g) > 3) || gi > 0 && len(g) != 3 {
				return Amount{}, amountError{"Een punt staat alleen tussen duizendtallen (8.462); decimalen schrijft u met een komma (7,5).", "A point only separates thousands (8.462); write decimals with a comma (7,5)."}
			}
		}
		whole = strings.ReplaceAll(whole, ".", "")
	}
	if len(frac) > 2 {
		return Amount{}, amountError{"Geef hoogstens 2 decimalen.", "Give at most 2 decimals."}
	}
	if len(whole) > 10 {
		return Amount{}, amountError{"Dit getal is te groot.", "This number is too large."}
	}
	v, err := strconv.Atoi(whole + frac)
	if err != nil || v > maxAmount {
		return Amount{}, amountError{"Dit getal is te groot.", "This number is too large."}
	}
	return Amount{Value: v, Decimals: len(frac), Unit: unit}, nil
}

// In converts the amount to decimals places; it fails when the amount has
// more decimals than the indicator keeps (7,55 for a score of one decimal).
func (a Amount) In(decimals int) (int, bool) {
	if a.Decimals > decimals {
		return 0, false
	}
	v := a.Value
	for d := a.Decimals; d < decimals; d++ {
		v *= 10
		if v > maxAmount {
			return 0, false
		}
	}
	return v, true
}

// SameUnit reports whether a typed unit names the indicator's unit: the
// same word ignoring case, and "%" for "procent".
func SameUnit(typed, unit string) bool {
	norm := func(s string) string {
		s = strings.ToLower(strings.TrimSpace(s))
		if s == "%" || s == "procent" || s == "percent" {
			return "procent"
		}
		return s
	}
	return norm(typed) == norm(unit)
}

// EasyLines is the easy-read text line by line: one idea per line.
func (in Indicator) EasyLines() []string {
	var out []string
	for _, l := range strings.Split(in.EasyRead, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}
