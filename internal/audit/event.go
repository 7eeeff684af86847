package audit

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Action is what the user did with personal data. The values are stored in
// the log and are part of the hashed content, so they never change.
type Action string

// The actions NEN 7513 asks to distinguish, and the platform's own.
const (
	ActionRead            Action = "read"
	ActionSearch          Action = "search"
	ActionCreate          Action = "create"
	ActionUpdate          Action = "update"
	ActionDelete          Action = "delete"
	ActionExport          Action = "export"
	ActionPrint           Action = "print"
	ActionLogin           Action = "login"
	ActionLogout          Action = "logout"
	ActionEmergencyAccess Action = "emergency_access"
	ActionGrant           Action = "grant"  // an authorisation or consent given
	ActionRevoke          Action = "revoke" // an authorisation or consent withdrawn
	ActionReview          Action = "review" // an emergency access reviewed
)

var actionLabels = map[Action][2]string{
	ActionRead:            {"bekeken", "viewed"},
	ActionSearch:          {"gezocht", "searched"},
	ActionCreate:          {"toegevoegd", "created"},
	ActionUpdate:          {"gewijzigd", "changed"},
	ActionDelete:          {"verwijderd", "deleted"},
	ActionExport:          {"geëxporteerd", "exported"},
	ActionPrint:           {"afgedrukt", "printed"},
	ActionLogin:           {"ingelogd", "logged in"},
	ActionLogout:          {"uitgelogd", "logged out"},
	ActionEmergencyAccess: {"geopend met noodtoegang", "opened with emergency access"},
	ActionGrant:           {"toestemming gegeven", "authorisation granted"},
	ActionRevoke:          {"toestemming ingetrokken", "authorisation withdrawn"},
	ActionReview:          {"noodtoegang beoordeeld", "emergency access reviewed"},
}

// Valid reports whether a is one of the known actions.
func (a Action) Valid() bool { _, ok := actionLabels[a]; return ok }

// Label is the action in Dutch as a past participle ("bekeken"), for the
// client's "who looked at my data" page.
func (a Action) Label() string {
	if l, ok := actionLabels[a]; ok {
		return l[0]
	}
	return string(a)
}

// English is the action in English, for the English interface.
func (a Action) English() string {
	if l, ok := actionLabels[a]; ok {
		return l[1]
	}
	return string(a)
}

// Outcome is how the attempt ended; NEN 7513 asks for refused attempts too.
type Outcome string

// The outcomes.
const (
	OutcomeSuccess Outcome = "success"
	OutcomeDenied  Outcome = "denied"  // refused by access control
	OutcomeFailure Outcome = "failure" // failed for another reason
)

// Valid reports whether o is a known outcome.
func (o Outcome) Valid() bool {
	return o == OutcomeSuccess || o == OutcomeDenied || o == OutcomeFailure
}

// Label is the outcome in Dutch.
func (o Outcome) Label() string {
	switch o {
	case OutcomeSuccess:
		return "gelukt"
	case OutcomeDenied:
		return "geweigerd"
	case OutcomeFailure:
		return "mislukt"
	}
	return string(o)
}

// Purposes (doelbinding) used by the modules. Purpose is a code, never free
// text, so that no personal data slips into it; PurposeLabel gives the Dutch
// wording.
const (
	PurposeCare           = "zorgverlening"
	PurposeMediation      = "bemiddeling" // placement of a client
	PurposeCrisis         = "crisis"
	PurposeSupport        = "clientondersteuning"
	PurposeClientAccess   = "inzage_client" // the client or representative looks at own data
	PurposeEmergency      = "noodtoegang"
	PurposeAdministration = "beheer"
	PurposeAccountability = "verantwoording" // e.g. reviewing emergency access
	PurposeSecurity       = "beveiliging"    // login, logout
	// PurposeSafety is handling a report of violence or abuse (the
	// safety module): its entries are kept from a representative's view
	// of the client's log, since the representative may be the one
	// reported (see ClientQuery.ForRepresentative).
	PurposeSafety = "melding_geweld"
)

var purposeLabels = map[string]string{
	PurposeCare:           "zorgverlening",
	PurposeMediation:      "bemiddeling naar zorg",
	PurposeCrisis:         "crisiszorg",
	PurposeSupport:        "cliëntondersteuning",
	PurposeClientAccess:   "inzage door cliënt of vertegenwoordiger",
	PurposeEmergency:      "noodtoegang",
	PurposeAdministration: "beheer",
	PurposeAccountability: "verantwoording",
	PurposeSecurity:       "beveiliging",
	PurposeSafety:         "melding van geweld of misbruik",
}

// PurposeLabel is the Dutch wording of a purpose code.
func PurposeLabel(code string) string {
	if l, ok := purposeLabels[code]; ok {
		return l
	}
	return code
}

// Event is what a module tells the log about one access. Client and objects
// are referred to by id only: never put names, a BSN or health content in
// an event.
type Event struct {
	Action  Action
	Outcome Outcome // empty means success
	// ClientID is the person whose data was accessed (the betrokkene); 0
	// when the event concerns no client (login, an aggregate).
	ClientID int64
	// Object is the kind of record (a code such as "client", "night",
	// "placement_case"), ObjectID its id.
	Object   string
	ObjectID string
	// Purpose is a purpose code (see the Purpose constants); required when
	// ClientID is set.
	Purpose string
	// OnBehalfOf is the user id of the person on whose behalf the user acts
	// (a representative acting for a client, an assistant for a
	// professional); 0 when acting for themselves.
	OnBehalfOf int64
	// Emergency marks access outside the user's normal scope (noodknop);
	// Reason is the reason the user gave, required then.
	Emergency bool
	Reason    string
	// Source is the user's network address. When empty, the address put in
	// the context by WithSource is used.
	Source string
	// UserName names the user for events without a principal, such as a
	// failed login (the name that was tried).
	UserName string
}

// Limits on event fields, so that a module cannot smuggle documents into the
// log.
const (
	maxCode   = 64
	maxReason = 1000
	maxText   = 200
)

// ErrInvalidEvent is wrapped by every validation error of Record.
var ErrInvalidEvent = errors.New("invalid audit event")

func (ev *Event) validate() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrInvalidEvent, fmt.Sprintf(format, args...))
	}
	if !ev.Action.Valid() {
		return bad("unknown action %q", ev.Action)
	}
	if ev.Outcome == "" {
		ev.Outcome = OutcomeSuccess
	}
	if !ev.Outcome.Valid() {
		return bad("unknown outcome %q", ev.Outcome)
	}
	if ev.ClientID < 0 || ev.OnBehalfOf < 0 {
		return bad("negative id")
	}
	if !isCode(ev.Object, true) {
		return bad("object must be a lower-case code, got %q", ev.Object)
	}
	if len(ev.ObjectID) > maxCode || !utf8.ValidString(ev.ObjectID) || hasControl(ev.ObjectID) {
		return bad("object id too long or not printable")
	}
	if !isCode(ev.Purpose, true) {
		return bad("purpose must be a lower-case code, got %q", ev.Purpose)
	}
	if ev.ClientID != 0 && ev.Purpose == "" {
		return bad("an access to client data needs a purpose")
	}
	if ev.Emergency && ev.Reason == "" {
		return bad("emergency access needs a reason")
	}
	if len(ev.Reason) > maxReason || !utf8.ValidString(ev.Reason) {
		return bad("reason longer than %d bytes or not UTF-8", maxReason)
	}
	// Source and UserName may come from an attacker (a failed login's
	// name): clean them rather than lose the entry.
	ev.Source = cleanText(ev.Source)
	ev.UserName = cleanText(ev.UserName)
	return nil
}

// cleanText makes outside text safe to log: valid UTF-8, no control
// characters, at most maxText bytes.
func cleanText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if hasControl(s) {
		s = strings.Map(func(r rune) rune {
			if r < 0x20 || r == 0x7f {
				return '?'
			}
			return r
		}, s)
	}
	for len(s) > maxText {
		_, size := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-size]
	}
	return s
}

func isCode(s string, emptyOK bool) bool {
	if s == "" {
		return emptyOK
	}
	if len(s) > maxCode {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '-' || r == '.') {
			return false
		}
	}
	return true
}

func hasControl(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return true
		}
	}
	return false
}

// Entry is one stored audit record: the event, who did it, and its place in
// its hash chain.
type Entry struct {
	ID           int64 // database row id; not part of the hash
	ChainID      string
	Seq          int64
	EventID      string
	Time         time.Time // UTC, microsecond precision
	Action       Action
	Outcome      Outcome
	UserID       int64
	UserName     string // login name
	DisplayName  string // the user's name as shown to clients
	Role         string
	Organisation string
	OnBehalfOf   int64
	ClientID     int64
	Object       string
	ObjectID     string
	Purpose      string
	Emergency    bool
	Reason       string
	Source       string
	SessionID    string
	TokenID      int64
	PrevHash     string // hex SHA-256 of the previous entry of the chain
	Hash         string // hex SHA-256 of this entry's canonical encoding
	// Subjects are the people of a list entry: one page view that showed
	// several clients records them here, in the order shown, instead of
	// one chained entry per person (ClientID and ObjectID are then empty).
	// The hash covers them.
	Subjects []Subject
	// subjectCount is subject_count as stored, which verification checks
	// against the subjects it finds.
	subjectCount int64
}

// Subject is one person shown in a list entry, with the object of theirs
// that was shown.
type Subject struct {
	ClientID int64
	ObjectID string
}

type sourceKey struct{}

// WithSource returns a context carrying the user's network address, so the
// web layer sets it once per request and modules need not pass it.
func WithSource(ctx context.Context, addr string) context.Context {
	return context.WithValue(ctx, sourceKey{}, addr)
}

func sourceFrom(ctx context.Context) string {
	s, _ := ctx.Value(sourceKey{}).(string)
	return s
}
