package audit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/db"
)

var objectLabels = map[string][2]string{
	"client":                 {"persoonsgegevens", "personal details"},
	"bsn":                    {"burgerservicenummer", "citizen service number"},
	"dossier":                {"dossier", "record"},
	"plan":                   {"plan", "plan"},
	"consent":                {"toestemming", "consent"},
	"representative":         {"vertegenwoordiging", "representation"},
	"night":                  {"nachtrustgegevens", "sleep data"},
	"sleep":                  {"nachtrustgegevens", "sleep data"},
	"sensor_data":            {"sensorgegevens", "sensor data"},
	"placement_case":         {"aanmelding complexe zorg", "complex care case"},
	"proposal":               {"plaatsingsvoorstel", "placement proposal"},
	"placement_proposal":     {"plaatsingsvoorstel", "placement proposal"},
	"client_list":            {"cliëntenlijst", "client list"},
	"crisis_intake":          {"crisisaanmelding", "crisis intake"},
	"sleep_night":            {"nachtrustgegevens", "sleep data"},
	"note":                   {"notitie", "note"},
	"safety_report":          {"melding van geweld of misbruik", "report of violence or abuse"},
	"crisis_case":            {"crisismelding", "crisis case"},
	"support_case":           {"ondersteuningsdossier", "support file"},
	"family_file":            {"gezinsdossier", "family file"},
	"care_plan":              {"zorgtestament", "care will"},
	"conversation_guide":     {"driegesprek", "three-party conversation"},
	"report":                 {"melding", "report"},
	"export":                 {"export van gegevens", "data export"},
	"audit_log":              {"inzage in het logboek", "access log"},
	"audit_entry":            {"logregel", "log entry"},
	"account":                {"account", "account"},
	"session":                {"sessie", "session"},
	"sleep_link":             {"koppeling van een sensor", "sensor link"},
	"sleep_note":             {"notitie over de nacht", "note about the night"},
	"sleep_epochs":           {"metingen van de sensor", "sensor measurements"},
	"sleep_upload":           {"bestand met metingen", "file of measurements"},
	"sleep_shared":           {"gedeelde nachtrustgegevens", "shared sleep data"},
	"sleep_overview":         {"overzicht van de nachten", "overview of the nights"},
	"client_pick":            {"naam in een zoekresultaat", "name in a search result"},
	"placement_place":        {"plek", "place"},
	"placement_hold":         {"reservering van een plek", "reservation of a place"},
	"relatives_callback":     {"terugbelverzoek aan een ervaringsdeskundige", "call-back request to an expert by experience"},
	"relatives_peer_request": {"verzoek om contact met een lotgenoot", "request to contact a peer"},
	"relatives_plan":         {"plan van een naaste", "a relative's plan"},
	"knowledge_item":         {"onderwerp in de kennisbank", "knowledge base item"},
}

// ObjectLabel is the Dutch name of an object code, for the client's page;
// unknown codes are shown as written, with spaces for underscores.
func ObjectLabel(code string) string {
	if l, ok := objectLabels[code]; ok {
		return l[0]
	}
	return strings.ReplaceAll(code, "_", " ")
}

// ObjectEnglish is the English name of an object code.
func ObjectEnglish(code string) string {
	if l, ok := objectLabels[code]; ok {
		return l[1]
	}
	return strings.ReplaceAll(code, "_", " ")
}

// Access is one line of the page "wie heeft mijn gegevens bekeken": who,
// when, from which organisation and in which role, what and why.
type Access struct {
	ID           int64
	EventID      string
	Time         time.Time
	UserID       int64
	UserName     string
	DisplayName  string
	Role         auth.Role
	Organisation string
	OnBehalfOf   int64
	Action       Action
	Object       string
	ObjectID     string
	Purpose      string
	Outcome      Outcome
	Emergency    bool
	// Reason is the reason given, such as the professional's words when
	// pressing the noodknop: it may hold health details, so it is shown to
	// the client it is about, never to an administrator (ForReview).
	Reason string
}

// Who is the name to show for the user: the display name, else what
// acted when no person did (a sensor sending its measurements, the
// system's own jobs, the command line), else the login name.
func (a Access) Who() string {
	if a.DisplayName != "" {
		return a.DisplayName
	}
	if a.Role == "" {
		switch a.UserName {
		case "sensor":
			return "Een sensor"
		case "systeem":
			return "Volwaardig zelf (automatisch)"
		case "command line":
			return "Een beheerder (opdrachtregel)"
		}
	}
	return a.UserName
}

// ClientQuery selects a client's accesses in a period.
type ClientQuery struct {
	ClientID int64
	From, To time.Time // [From, To); zero means unbounded
	// ExcludeUserID leaves out the accesses of one user (the client's own
	// account), which they need not be told about.
	ExcludeUserID int64
	// AllOutcomes includes refused and failed attempts; by default only
	// accesses that succeeded are listed.
	AllOutcomes bool
	// ForRepresentative leaves out the entries a representative may not
	// see (ObjectSafetyReport, PurposeSafety): a representative reads the log on
	// the client's behalf and may be the person a report is about.
	ForRepresentative bool
	Limit             int // default 200
	Offset            int
}

const accessColumns = `id, event_id, occurred_at, user_id, user_name, display_name, role, organisation, on_behalf_of, action, object_type, object_id, purpose, outcome, emergency, reason`

func scanAccess(rows *sql.Rows, a *Access, extra ...any) error {
	err := rows.Scan(append([]any{&a.ID, &a.EventID, &a.Time, &a.UserID, &a.UserName, &a.DisplayName, &a.Role, &a.Organisation,
		&a.OnBehalfOf, &a.Action, &a.Object, &a.ObjectID, &a.Purpose, &a.Outcome, &a.Emergency, &a.Reason}, extra...)...)
	a.Time = a.Time.UTC()
	return err
}

var (
	farPast   = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)
	farFuture = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
)

func period(from, to time.Time) (time.Time, time.Time) {
	if from.IsZero() {
		from = farPast
	}
	if to.IsZero() {
		to = farFuture
	}
	return truncTime(from), truncTime(to)
}

// ObjectSafetyReport is the object code of a report of violence or abuse
// (the safety module). A representative never sees its accesses in the
// client's log: the report may be about the representative.
const ObjectSafetyReport = "safety_report"

// ClientAccesses lists who accessed a client's data in a period, newest
// first. Entries still staged by RecordTx appear once chained.
func ClientAccesses(ctx context.Context, q db.Querier, cq ClientQuery) ([]Access, error) {
	if cq.Limit <= 0 {
		cq.Limit = 200
	}
	from, to := period(cq.From, cq.To)
	outcome := ""
	if !cq.AllOutcomes {
		outcome = ` AND e.outcome = 'success'`
	}
	if cq.ForRepresentative {
		// Constants, not outside input.
		outcome += ` AND e.object_type <> '` + ObjectSafetyReport + `' AND e.purpose <> '` + PurposeSafety + `'`
	}
	// The client's own entries, and the list entries that showed them
	// (through audit_subjects, whose object is the one of theirs shown).
	cols := "e." + strings.ReplaceAll(accessColumns, ", ", ", e.")
	listCols := strings.Replace(cols, "e.object_id", "s.object_id", 1)
	rows, err := q.QueryContext(ctx, `SELECT * FROM (
		SELECT `+cols+` FROM audit_entries e
		WHERE e.client_id = $1 AND e.occurred_at >= $2 AND e.occurred_at < $3 AND e.user_id <> $4`+outcome+`
		UNION ALL
		SELECT `+listCols+` FROM audit_subjects s JOIN audit_entries e ON e.id = s.entry_id
		WHERE s.client_id = $1 AND s.occurred_at >= $2 AND s.occurred_at < $3 AND e.user_id <> $4`+outcome+`
		) a ORDER BY occurred_at DESC, id DESC LIMIT $5 OFFSET $6`,
		cq.ClientID, from, to, cq.ExcludeUserID, cq.Limit, cq.Offset)
	if err != nil {
		return nil, fmt.Errorf("read client accesses: %w", err)
	}
	defer rows.Close()
	var out []Access
	for rows.Next() {
		var a Access
		if err := scanAccess(rows, &a); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Conclusion is a reviewer's verdict on an emergency access.
type Conclusion string

// The conclusions of a review.
const (
	ConclusionJustified   Conclusion = "gerechtvaardigd"
	ConclusionUnjustified Conclusion = "niet_gerechtvaardigd"
	ConclusionFollowUp    Conclusion = "nader_onderzoek"
)

// Conclusions lists the conclusions in display order.
func Conclusions() []Conclusion {
	return []Conclusion{ConclusionJustified, ConclusionUnjustified, ConclusionFollowUp}
}

// Valid reports whether c is a known conclusion.
func (c Conclusion) Valid() bool {
	return c == ConclusionJustified || c == ConclusionUnjustified || c == ConclusionFollowUp
}

// Label is the conclusion in Dutch.
func (c Conclusion) Label() string {
	switch c {
	case ConclusionJustified:
		return "Gerechtvaardigd"
	case ConclusionUnjustified:
		return "Niet gerechtvaardigd"
	case ConclusionFollowUp:
		return "Nader onderzoek nodig"
	}
	return string(c)
}

// EmergencyAccess is an entry made with emergency access, with its review
// (kept apart: the entry itself never changes).
type EmergencyAccess struct {
	Access
	ClientID int64
	Reason   string
	// ReasonChars is the length of the reason in characters, what a
	// reviewer sees of it (ForReview).
	ReasonChars int
	// Uses counts what the professional then read or changed in the record
	// under this access (until their next use of the noodknop for the same
	// client): the reviewer judges one press of the button with all it led
	// to, not every page view on its own.
	Uses         int
	Reviewed     bool
	ReviewerID   int64
	ReviewerName string
	ReviewedAt   time.Time
	Conclusion   Conclusion
	Note         string
}

// ForReview returns the accesses as the review list shows them: the
// reviewers (the platform and provider administrators) see no health data,
// and a professional's reason for pressing the noodknop may hold some
// ("epileptic fit, team unreachable"), so they get that a reason was given
// and its length, not its words. The client reads the reason on their own
// "wie heeft mijn gegevens bekeken" page; a reviewer who needs it asks the
// professional.
func ForReview(items []EmergencyAccess) []EmergencyAccess {
	out := make([]EmergencyAccess, len(items))
	for i, it := range items {
		it.ReasonChars = utf8.RuneCountInString(it.Reason)
		it.Reason, it.Access.Reason = "", ""
		out[i] = it
	}
	return out
}

// EmergencyQuery selects emergency accesses.
type EmergencyQuery struct {
	Unreviewed bool // only those still to review
	// Organisation limits the list to accesses by users of one
	// organisation (a provider administrator reviews their own staff).
	Organisation string
	From, To     time.Time // [From, To); zero means unbounded
	Limit        int       // default 200
	Offset       int
}

// EmergencyAccesses lists emergency accesses, oldest unreviewed first when
// Unreviewed is set, otherwise newest first.
func EmergencyAccesses(ctx context.Context, q db.Querier, eq EmergencyQuery) ([]EmergencyAccess, error) {
	if eq.Limit <= 0 {
		eq.Limit = 200
	}
	from, to := period(eq.From, eq.To)
	where, order := "", "e.occurred_at DESC, e.id DESC"
	args := []any{from, to, eq.Limit, eq.Offset}
	if eq.Unreviewed {
		where, order = " AND r.event_id IS NULL", "e.occurred_at, e.id"
	}
	if eq.Organisation != "" {
		where += " AND e.organisation = $5"
		args = append(args, eq.Organisation)
	}
	return queryEmergency(ctx, q, `e.emergency = TRUE AND e.action = '`+string(ActionEmergencyAccess)+`' AND e.occurred_at >= $1 AND e.occurred_at < $2`+where+`
		ORDER BY `+order+` LIMIT $3 OFFSET $4`, args...)
}

// EmergencyAccessByEvent returns one emergency access by its event id, or
// ErrNotFound.
func EmergencyAccessByEvent(ctx context.Context, q db.Querier, eventID string) (EmergencyAccess, error) {
	list, err := queryEmergency(ctx, q, `e.emergency = TRUE AND e.action = '`+string(ActionEmergencyAccess)+`' AND e.event_id = $1`, eventID)
	if err != nil {
		return EmergencyAccess{}, err
	}
	if len(list) == 0 {
		return EmergencyAccess{}, ErrNotFound
	}
	return list[0], nil
}

func queryEmergency(ctx context.Context, q db.Querier, where string, args ...any) ([]EmergencyAccess, error) {
	cols := "e." + strings.ReplaceAll(accessColumns, ", ", ", e.")
	// uses: the emergency-flagged entries that followed this press of the
	// noodknop (same professional, same client) up to the next press.
	uses := `(SELECT COUNT(*) FROM audit_entries u WHERE u.emergency = TRUE AND u.action <> '` + string(ActionEmergencyAccess) + `'
		AND u.user_id = e.user_id AND u.client_id = e.client_id AND u.occurred_at >= e.occurred_at
		AND NOT EXISTS (SELECT 1 FROM audit_entries g WHERE g.action = '` + string(ActionEmergencyAccess) + `' AND g.user_id = e.user_id
			AND g.client_id = e.client_id AND g.occurred_at > e.occurred_at AND g.occurred_at <= u.occurred_at))`
	rows, err := q.QueryContext(ctx, `SELECT `+cols+`, e.client_id, e.reason,
		COALESCE(r.reviewer_id, 0), COALESCE(r.reviewer_name, ''), r.reviewed_at, COALESCE(r.conclusion, ''), COALESCE(r.note, ''), `+uses+`
		FROM audit_entries e LEFT JOIN audit_reviews r ON r.event_id = e.event_id
		WHERE `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("read emergency accesses: %w", err)
	}
	defer rows.Close()
	var out []EmergencyAccess
	for rows.Next() {
		var ea EmergencyAccess
		var at sql.NullTime
		if err := scanAccess(rows, &ea.Access, &ea.ClientID, &ea.Reason, &ea.ReviewerID, &ea.ReviewerName, &at, &ea.Conclusion, &ea.Note, &ea.Uses); err != nil {
			return nil, err
		}
		if at.Valid {
			ea.Reviewed, ea.ReviewedAt = true, at.Time.UTC()
		}
		out = append(out, ea)
	}
	return out, rows.Err()
}

// Review errors.
var (
	ErrNotFound        = errors.New("no emergency access with that id")
	ErrAlreadyReviewed = errors.New("this emergency access has been reviewed already")
)

// maxNote bounds a reviewer's note.
const maxNote = 2000

// Review records a reviewer's conclusion on an emergency access, together
// with the audit entry of the review itself, in one transaction. A review is
// final: a second one is refused.
func (l *Log) Review(ctx context.Context, p *auth.Principal, eventID string, c Conclusion, note string) error {
	if p == nil {
		return fmt.Errorf("%w: review needs a reviewer", ErrInvalidEvent)
	}
	if !c.Valid() {
		return fmt.Errorf("%w: unknown conclusion %q", ErrInvalidEvent, c)
	}
	note = strings.TrimSpace(note)
	if len(note) > maxNote || !utf8.ValidString(note) {
		return fmt.Errorf("%w: note longer than %d bytes", ErrInvalidEvent, maxNote)
	}
	return l.d.Tx(ctx, func(tx *sql.Tx) error {
		var clientID int64
		err := tx.QueryRowContext(ctx, `SELECT client_id FROM audit_entries WHERE emergency = TRUE AND event_id = $1`, eventID).Scan(&clientID)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO audit_reviews (event_id, reviewer_id, reviewer_name, reviewed_at, conclusion, note)
			VALUES ($1, $2, $3, $4, $5, $6)`, eventID, p.UserID, p.Username, truncTime(l.clock.Now()), string(c), note)
		if db.IsUniqueViolation(err) {
			return ErrAlreadyReviewed
		}
		if err != nil {
			return err
		}
		return l.RecordTx(ctx, tx, p, Event{Action: ActionReview, ClientID: clientID, Object: "audit_entry", ObjectID: eventID, Purpose: PurposeAccountability})
	})
}
