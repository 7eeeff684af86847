// Package clients is the client register (DESIGN §3 "Personal data"): who a
// client is, the BSN (validated, encrypted, searchable by a blind index),
// representatives and their authorisations, consent and sharing records,
// and the care relations from which the access policy learns a client's
// scope. It also serves the client's right of access (inzage, AVG art. 15)
// as a page, JSON and PDF, and the emergency access (noodknop) to a record
// outside one's scope.
//
// Every read and write of personal data through the web and the API is
// written to the audit log; the store functions used by the demo loader and
// other modules' wiring are not, since no person is looking.
package clients

import (
	"context"
	"database/sql"
	"errors"
	"html/template"
	"log/slog"
	"time"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/web"
)

// Auditor is the part of the audit log this package uses; *audit.Log
// implements it. RecordTx writes the entry in the transaction of the change
// it records, so both commit or neither does.
type Auditor interface {
	Record(ctx context.Context, p *auth.Principal, ev audit.Event) error
	RecordTx(ctx context.Context, tx *sql.Tx, p *auth.Principal, ev audit.Event) error
}

// The audit log is the Auditor of the running server.
var _ Auditor = (*audit.Log)(nil)

// Section is a part of a client's inzage contributed by another module
// (their nights, their plan, their case): a heading, labelled values and
// tables for the page and the PDF, and Data for the JSON export.
type Section struct {
	Key    string // JSON key, a code such as "sleep"
	Title  string // Dutch heading
	Intro  string // optional explanation
	Fields []Field
	Tables []SectionTable
	Data   any // machine-readable content; nil exports Fields and Tables
}

// Field is one labelled value of a Section.
type Field struct {
	Label string
	Value string
}

// SectionTable is a table of a Section; cells are text already formatted.
type SectionTable struct {
	Caption string
	Header  []string
	Rows    [][]string
}

// Body writes the table's rows for the inzage page. They are built in Go
// with web.Markup rather than ranged over in the template: html/template
// calls its escapers through reflection for every cell, and a client's
// nights, actions and messages run to hundreds of cells, which made
// rendering a third of /mijn/gegevens at national scale (issue 18).
// TestSectionBodyIsTheTemplatesRows holds it to the template it replaced.
func (t SectionTable) Body() template.HTML {
	var m web.Markup
	m.Grow(len(t.Rows) * 120)
	for _, row := range t.Rows {
		m.Tag("<tr>")
		for _, cell := range row {
			m.Tag("<td>").Text(cell).Tag("</td>")
		}
		m.Tag("</tr>")
	}
	return m.HTML()
}

// SectionFunc returns a module's part of a client's inzage.
type SectionFunc func(ctx context.Context, clientID int64) (Section, error)

// DefaultEmergencyDuration is how long a noodknop opens a record.
const DefaultEmergencyDuration = 4 * time.Hour

// Service is the client register: store, policy input and web handlers.
type Service struct {
	// RotationDone, when set, is told the outcome of each round of the background
	// job (nil on success), so the operator's metrics count its runs,
	// failures and last success.
	RotationDone func(err error)

	d      *db.DB
	clock  db.Clock
	aud    Auditor
	rd     *web.Renderer
	keys   *Keys
	policy auth.Policy
	logger *slog.Logger

	// Sections are the other modules' parts of the inzage, in order. Set
	// them while wiring, before serving.
	Sections []SectionFunc
	// EmergencyDuration is how long emergency access lasts; default 4 h.
	EmergencyDuration time.Duration
	// Users turns user names into accounts for the representative and
	// consent forms; set by the wiring (*auth.Service).
	Users UserFinder

	tmpl templates
}

type templates struct {
	list, form, record, emergency, consent, representative, inzage, choose *template.Template
}

// New makes the register. rd may be nil when only the store is used (the
// demo loader, command-line tools); Routes needs it. aud may be nil only
// then as well.
func New(d *db.DB, clock db.Clock, aud Auditor, rd *web.Renderer, keys *Keys, logger *slog.Logger) (*Service, error) {
	if d == nil || keys == nil {
		return nil, errors.New("clients: database and BSN keys are required")
	}
	if clock == nil {
		clock = db.SystemClock{}
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	s := &Service{d: d, clock: clock, aud: aud, rd: rd, keys: keys, logger: logger, EmergencyDuration: DefaultEmergencyDuration}
	if rd != nil {
		if aud == nil {
			return nil, errors.New("clients: the web pages need an audit log")
		}
		s.parseTemplates()
	}
	return s, nil
}

// now is the clock's time in UTC at microsecond precision, the precision
// PostgreSQL keeps, so values read back compare equal on both dialects.
func (s *Service) now() time.Time { return s.clock.Now().UTC().Truncate(time.Microsecond) }

// inTx runs fn in tx when given, else in a transaction of its own.
func (s *Service) inTx(ctx context.Context, tx *sql.Tx, fn func(tx *sql.Tx) error) error {
	if tx != nil {
		return fn(tx)
	}
	return s.d.Tx(ctx, fn)
}
