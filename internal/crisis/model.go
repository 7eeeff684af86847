package crisis

import (
	"sort"
	"strings"
	"time"
)

// Status is where a crisis case stands in its lifecycle.
type Status string

// The lifecycle: a case is reported (gemeld), taken up by the
// crisisregisseur (in_behandeling), decided as a crisis admission (opname)
// or C.O.T. support (cot), and ends closed (afgesloten) or handed over to
// placement (overgedragen).
const (
	StatusReported   Status = "gemeld"
	StatusInProgress Status = "in_behandeling"
	StatusAdmission  Status = "opname"
	StatusCOT        Status = "cot"
	StatusClosed     Status = "afgesloten"
	StatusHandedOver Status = "overgedragen"
)

// Open reports whether the case still needs a decision or runs.
func (s Status) Open() bool { return s != StatusClosed && s != StatusHandedOver }

// Undecided reports whether the crisisregisseur still has to decide.
// The admission clock runs longer: see Case.ClockAt.
func (s Status) Undecided() bool { return s == StatusReported || s == StatusInProgress }

// Label is the Dutch name.
func (s Status) Label() string {
	switch s {
	case StatusReported:
		return "Gemeld"
	case StatusInProgress:
		return "In behandeling"
	case StatusAdmission:
		return "Crisisopname"
	case StatusCOT:
		return "C.O.T.-ondersteuning"
	case StatusClosed:
		return "Afgesloten"
	case StatusHandedOver:
		return "Overgedragen aan bemiddeling"
	}
	return string(s)
}

// Urgency orders the crisisregisseur's queue.
type Urgency string

// The urgency levels: acuut (danger now), hoog (today), normaal (within the
// norm).
const (
	UrgencyAcute  Urgency = "acuut"
	UrgencyHigh   Urgency = "hoog"
	UrgencyNormal Urgency = "normaal"
)

// Urgencies lists the levels from most to least urgent, for forms.
func Urgencies() []Urgency { return []Urgency{UrgencyAcute, UrgencyHigh, UrgencyNormal} }

// Valid reports whether u is a known level.
func (u Urgency) Valid() bool { return u == UrgencyAcute || u == UrgencyHigh || u == UrgencyNormal }

// Rank is 0 for the most urgent level, so queues sort ascending.
func (u Urgency) Rank() int {
	switch u {
	case UrgencyAcute:
		return 0
	case UrgencyHigh:
		return 1
	}
	return 2
}

// english is the urgency's word in English, for a message read in
// English (the inbox): acute, high, normal.
func (u Urgency) english() string {
	switch u {
	case UrgencyAcute:
		return "acute"
	case UrgencyHigh:
		return "high"
	case UrgencyNormal:
		return "normal"
	}
	return string(u)
}

// Label is the Dutch name with what it means, for forms and lists.
func (u Urgency) Label() string {
	switch u {
	case UrgencyAcute:
		return "Acuut: direct gevaar"
	case UrgencyHigh:
		return "Hoog: vandaag nodig"
	case UrgencyNormal:
		return "Normaal: binnen de norm"
	}
	return string(u)
}

// Decision is the crisisregisseur's choice.
type Decision string

// The two decisions of DESIGN §2.2.
const (
	DecisionNone      Decision = ""
	DecisionAdmission Decision = "opname"
	DecisionCOT       Decision = "cot"
)

// Case is one crisis.
type Case struct {
	ID               int64
	ClientID         int64
	ClientName       string // filled for display by the service, never stored here
	Region           string
	Status           Status
	Urgency          Urgency
	Where            string
	WhatHappened     string
	Risks            string
	Tried            string
	ReporterID       int64
	ReporterName     string
	ReporterPhone    string
	Dossierhouder    string
	ReportedAt       time.Time
	NormHours        int
	DeadlineAt       time.Time
	TakenBy          int64
	TakenAt          time.Time
	DecidedAt        time.Time
	DecidedBy        int64
	Decision         Decision
	BedID            int64
	TeamID           int64
	CareRelationID   int64
	EscalatedTo      string
	EscalationReason string
	StayUntil        time.Time
	ClosedAt         time.Time
	ClosedBy         int64
	CloseNote        string
	HandoverRef      string
	HandoverReason   string
	// AdmittedAt is when the bed's provider confirmed the person arrived:
	// the admission clock stops there.
	AdmittedAt time.Time
	AdmittedBy int64
	// AcknowledgedAt is when the assigned C.O.T. confirmed it took the
	// case, so the reporter and the crisisregisseur know it is picked up.
	AcknowledgedAt   time.Time
	AcknowledgedBy   int64
	AcknowledgedName string
}

// ClockStop is why the admission clock stopped.
type ClockStop string

// The ways a crisis is resolved for the clock: the person admitted to a
// crisis bed, C.O.T. support started (the decision puts the team to work),
// or the case closed or handed over before an admission.
const (
	StopNone     ClockStop = ""
	StopAdmitted ClockStop = "opgenomen"
	StopCOT      ClockStop = "cot"
	StopClosed   ClockStop = "afgerond"
)

// ClockStopped says when and why the admission clock stopped; the zero
// time while it runs. A bed reserved is not yet a person admitted: the
// clock runs until the provider confirms the arrival.
func (c Case) ClockStopped() (time.Time, ClockStop) {
	switch {
	case !c.AdmittedAt.IsZero():
		return c.AdmittedAt, StopAdmitted
	case c.Decision == DecisionCOT && !c.DecidedAt.IsZero():
		return c.DecidedAt, StopCOT
	case !c.ClosedAt.IsZero():
		return c.ClosedAt, StopClosed
	}
	return time.Time{}, StopNone
}

// Clock is the admission clock of a case at a moment: time left before the
// norm passes, or how long it is overdue; once stopped (admitted, C.O.T.
// support started, closed), whether that came within the norm.
type Clock struct {
	Running  bool
	Left     time.Duration // > 0 while running and in time
	Overdue  time.Duration // > 0 when the deadline passed
	Met      bool          // stopped within the norm
	Stopped  bool
	By       ClockStop     // why it stopped
	TakenFor time.Duration // report to stop
}

// ClockAt computes the admission clock at now.
func (c Case) ClockAt(now time.Time) Clock {
	if at, by := c.ClockStopped(); by != StopNone {
		return Clock{Stopped: true, By: by, Met: !at.After(c.DeadlineAt), TakenFor: at.Sub(c.ReportedAt)}
	}
	if now.After(c.DeadlineAt) {
		return Clock{Running: true, Overdue: now.Sub(c.DeadlineAt)}
	}
	return Clock{Running: true, Left: c.DeadlineAt.Sub(now)}
}

// StayOverLimit reports whether a person in a crisis bed stays beyond the
// (possibly extended) limit at now.
func (c Case) StayOverLimit(now time.Time) bool {
	return c.Status == StatusAdmission && !c.StayUntil.IsZero() && now.After(c.StayUntil)
}

// Settings are a region's crisis settings.
type Settings struct {
	Region         string
	NormHours      int
	AcuteNormHours int
	StayLimitDays  int
	OnCallUserID   int64
	OnCallName     string
	UpdatedAt      time.Time
}

// Defaults of a region without settings: the care offices' 48-hour norm
// for a crisis admission in disability care, and a crisis stay of at most
// four weeks before an extension must be asked.
// An acute crisis (danger now) gets a norm of its own: 24 hours is this
// product's assumption, not a published norm, and each region sets its own.
const (
	DefaultNormHours      = 48
	DefaultAcuteNormHours = 24
	DefaultStayLimitDays  = 28
)

// NormFor is the region's norm for a crisis of urgency u.
func (st Settings) NormFor(u Urgency) int {
	if u == UrgencyAcute && st.AcuteNormHours > 0 {
		return st.AcuteNormHours
	}
	return st.NormHours
}

// Team is a crisis and support team (C.O.T.).
type Team struct {
	ID               int64
	Name             string
	Region           string   // home region
	Regions          []string // every region the team covers
	OrganisationID   int64
	Expertise        []string
	Active           bool
	Available        bool
	AvailabilityNote string
	AvailabilityAt   time.Time
	Load             int // open assignments
}

// Covers reports whether the team works in region.
func (t Team) Covers(region string) bool {
	for _, r := range t.Regions {
		if r == region {
			return true
		}
	}
	return t.Region == region
}

// HasExpertise reports whether the team lists the expertise (case and
// surrounding spaces ignored).
func (t Team) HasExpertise(e string) bool {
	e = strings.TrimSpace(e)
	for _, x := range t.Expertise {
		if strings.EqualFold(x, e) {
			return true
		}
	}
	return false
}

// RankTeams orders teams for the crisisregisseur's choice: active teams
// with the needed expertise first (none needed: all alike), then those
// that can take a case, then the least loaded, then by name.
func RankTeams(ts []Team, expertise string) {
	expertise = strings.TrimSpace(expertise)
	key := func(t Team) [3]int {
		k := [3]int{1, 1, t.Load}
		if t.Active && (expertise == "" || t.HasExpertise(expertise)) {
			k[0] = 0
		}
		if t.Active && t.Available {
			k[1] = 0
		}
		return k
	}
	sort.SliceStable(ts, func(i, j int) bool {
		a, b := key(ts[i]), key(ts[j])
		for n := range a {
			if a[n] != b[n] {
				return a[n] < b[n]
			}
		}
		return ts[i].Name < ts[j].Name
	})
}

// Expertises lists the distinct expertise of the teams, sorted, for the
// choice of the expertise a crisis needs.
func Expertises(ts []Team) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range ts {
		for _, e := range t.Expertise {
			if k := strings.ToLower(e); !seen[k] {
				seen[k] = true
				out = append(out, e)
			}
		}
	}
	sort.Strings(out)
	return out
}

// BedStatus is a crisis bed's availability.
type BedStatus string

// The bed states.
const (
	BedFree     BedStatus = "vrij"
	BedReserved BedStatus = "gereserveerd"
	BedOut      BedStatus = "buiten_gebruik"
)

// Valid reports whether b is a known state.
func (b BedStatus) Valid() bool { return b == BedFree || b == BedReserved || b == BedOut }

// Label is the Dutch name.
func (b BedStatus) Label() string {
	switch b {
	case BedFree:
		return "Vrij"
	case BedReserved:
		return "Gereserveerd"
	case BedOut:
		return "Buiten gebruik"
	}
	return string(b)
}

// Bed is a contracted crisis bed.
type Bed struct {
	ID               int64
	Region           string
	OrganisationID   int64
	OrganisationName string
	LocationID       int64
	Name             string
	Contracted       bool
	Status           BedStatus
	CaseID           int64
	AvailabilityAt   time.Time
	// Phone is the number to call about the bed (the provider's crisis
	// line), shown as a tel: link.
	Phone string
}

// Freshness tells whether an availability figure is stale and how old it
// is, so pages can say "niet actueel: 3 dagen oud" in words.
type Freshness struct {
	Stale bool
	Age   time.Duration
}

// FreshnessAt judges a figure updated at `at` against maxAge.
func FreshnessAt(at, now time.Time, maxAge time.Duration) Freshness {
	age := now.Sub(at)
	if age < 0 {
		age = 0
	}
	return Freshness{Stale: age > maxAge, Age: age}
}

// SupportKind is what a C.O.T. recorded.
type SupportKind string

// The support record kinds: a visit, advice to the care team, the end of
// support (which closes the assignment).
const (
	SupportVisit  SupportKind = "bezoek"
	SupportAdvice SupportKind = "advies"
	SupportEnd    SupportKind = "einde"
)

// Valid reports whether k is known.
func (k SupportKind) Valid() bool { return k == SupportVisit || k == SupportAdvice || k == SupportEnd }

// Label is the Dutch name.
func (k SupportKind) Label() string {
	switch k {
	case SupportVisit:
		return "Bezoek"
	case SupportAdvice:
		return "Advies aan het zorgteam"
	case SupportEnd:
		return "Einde ondersteuning"
	}
	return string(k)
}

// SupportRecord is one entry of a C.O.T.'s support.
type SupportRecord struct {
	ID         int64
	CaseID     int64
	TeamID     int64
	Kind       SupportKind
	Note       string
	RecordedAt time.Time
	RecordedBy int64
	ByName     string
}

// ExtensionStatus is where an extension request stands.
type ExtensionStatus string

// The extension states.
const (
	ExtensionRequested ExtensionStatus = "aangevraagd"
	ExtensionGranted   ExtensionStatus = "toegekend"
	ExtensionRefused   ExtensionStatus = "afgewezen"
)

// Label is the Dutch name.
func (e ExtensionStatus) Label() string {
	switch e {
	case ExtensionRequested:
		return "Aangevraagd"
	case ExtensionGranted:
		return "Toegekend"
	case ExtensionRefused:
		return "Afgewezen"
	}
	return string(e)
}

// Extension is a request to extend a crisis stay.
type Extension struct {
	ID           int64
	CaseID       int64
	Days         int
	Reason       string
	Status       ExtensionStatus
	RequestedAt  time.Time
	RequestedBy  int64
	DecidedAt    time.Time
	DecidedBy    int64
	DecisionNote string
}

// MaxExtensionDays bounds one extension: a crisis stay is short by nature;
// a longer need is a placement question.
const MaxExtensionDays = 28

// parseTags splits a stored comma-separated tag list.
func parseTags(s string) []string {
	var out []string
	for _, t := range strings.Split(s, ",") {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// DurationText says a duration in words at a useful precision, in Dutch
// ("2 dagen 3 uur", "5 uur 10 min", "12 min") or English (lang "en").
func DurationText(d time.Duration, lang string) string {
	if d < 0 {
		d = -d
	}
	en := lang == "en"
	mins := int(d / time.Minute)
	days, hours, m := mins/(24*60), (mins/60)%24, mins%60
	day, daysW, hour := "dag", "dagen", "uur"
	if en {
		day, daysW, hour = "day", "days", "h"
	}
	switch {
	case days > 0:
		if hours == 0 {
			return plural(days, day, daysW)
		}
		return plural(days, day, daysW) + " " + itoa(hours) + " " + hour
	case hours > 0 && m == 0:
		return itoa(hours) + " " + hour
	case hours > 0:
		return itoa(hours) + " " + hour + " " + itoa(m) + " min"
	}
	return itoa(m) + " min"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return itoa(n) + " " + many
}
