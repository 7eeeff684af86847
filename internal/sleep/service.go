// Package sleep is Nachtrust (DESIGN §2.3): sensors registered per location
// and linked to a client for a period, ingest of device files and of live
// raw streams, storage of minute epochs and compressed raw hours, nights
// with the client's own baseline, and the pages and API for care staff and
// relatives. The algorithms live in score, the file readers in devicefile
// and the counts in counts; this package stores and shows.
//
// Intended use: a tool for staff to see patterns and decide what helps, not
// an alarm. The algorithms were validated on other populations, so the
// figures are indications.
package sleep

import (
	"context"
	"database/sql"
	"errors"
	"html/template"
	"log/slog"
	"sync"
	"time"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/web"
)

// Register is what Nachtrust needs from the client register: the legal
// basis, what a relative may read, the policy input and the name to show.
// *clients.Service implements it.
type Register interface {
	HasBasis(ctx context.Context, clientID int64, subject clients.Subject, at time.Time) (bool, error)
	Ref(ctx context.Context, clientID int64) (auth.ClientRef, error)
	// Refs and Names are Ref and the name for a page of clients at once;
	// a client the register does not know is missing from the map.
	Refs(ctx context.Context, ids []int64) (map[int64]auth.ClientRef, error)
	Names(ctx context.Context, ids []int64) (map[int64]string, error)
	Get(ctx context.Context, id int64) (clients.Client, error)
	// AuthorityFor and Represented are the register's one decision on
	// what a relative may read on a client's behalf.
	AuthorityFor(ctx context.Context, p *auth.Principal, clientID int64, subject clients.Subject) (clients.Authority, error)
	Represented(ctx context.Context, p *auth.Principal, subject clients.Subject) ([]clients.Authority, error)
	// Find is the client picker of the sensor link form (issue 11).
	Find(ctx context.Context, p *auth.Principal, req clients.PickRequest) (clients.Pick, error)
}

// Auditor is the part of the audit log Nachtrust uses; *audit.Log
// implements it.
type Auditor interface {
	Record(ctx context.Context, p *auth.Principal, ev audit.Event) error
	RecordTx(ctx context.Context, tx *sql.Tx, p *auth.Principal, ev audit.Event) error
	// RecordMany records the events of one page together (a list shows
	// many clients at once).
	RecordMany(ctx context.Context, p *auth.Principal, evs []audit.Event) error
}

// Service is Nachtrust: store, ingest, nights and handlers.
type Service struct {
	ingestStats ingestCounters

	db     *db.DB
	store  store
	clock  db.Clock
	aud    Auditor
	reg    Register
	rd     *web.Renderer
	logger *slog.Logger
	loc    *time.Location
	policy auth.Policy
	tmpl   map[string]*template.Template

	// ReduceGrace is how long after an hour ends the raw stream data of
	// that hour is reduced to epochs: late batches of a sensor that was
	// briefly offline still arrive in time.
	ReduceGrace time.Duration
	// MaxUpload bounds one uploaded file.
	MaxUpload int64
	// Places names an organisation's locations for the sensor form and
	// tells a location's organisation; nil shows location numbers and
	// takes the aanbieder's first organisation.
	Places LocationNamer
	// demoBasis records a legal basis for a demo client that has none.
	demoBasis func(ctx context.Context, clientID, by int64) error
	// lastReduce is when the background job last reduced finished hours.
	lastReduce time.Time
	// MaxIngests bounds the device files read at once (background uploads
	// and POST .../files together): reading one raw file holds the whole
	// recording in memory, up to about a gigabyte for the largest file
	// allowed, so parallel uploads must not add up. Set before the first
	// ingest; 0 or less means defaultMaxIngests.
	MaxIngests int

	ingestOnce  sync.Once
	ingestSlots chan struct{}
	ingestWait  time.Duration // how long POST .../files waits for a slot

	gcMu      sync.Mutex
	gcPending []*commitReq
	gcBusy    bool

	mu         sync.Mutex
	basisCache map[basisKey]basisEntry
	sensorMemo map[string]sensorEntry
}

type basisKey struct {
	client int64
	hour   int64
}

type basisEntry struct {
	ok      bool
	expires time.Time
}

type sensorEntry struct {
	sensor  Sensor
	links   []Link
	expires time.Time
}

// cacheTTL is how long a legal-basis answer or a sensor's links are
// reused by the stream ingest (wall-clock time): a withdrawn consent stops
// the data within a minute, on every instance.
const cacheTTL = time.Minute

// defaultMaxIngests is MaxIngests when unset: one file at a time, so a
// server with a few gigabytes of memory survives the largest upload while
// live streams, pages and the API stay served.
const defaultMaxIngests = 1

// acquireIngest takes a slot for reading a device file, waiting at most
// wait (forever when wait < 0) or until ctx ends. It reports whether it got
// one; release gives it back.
func (s *Service) acquireIngest(ctx context.Context, wait time.Duration) (release func(), ok bool) {
	s.ingestOnce.Do(func() {
		n := s.MaxIngests
		if n <= 0 {
			n = defaultMaxIngests
		}
		s.ingestSlots = make(chan struct{}, n)
	})
	select {
	case s.ingestSlots <- struct{}{}:
		return func() { <-s.ingestSlots }, true
	default:
	}
	var timeout <-chan time.Time
	if wait >= 0 {
		t := time.NewTimer(wait)
		defer t.Stop()
		timeout = t.C
	}
	select {
	case s.ingestSlots <- struct{}{}:
		return func() { <-s.ingestSlots }, true
	case <-ctx.Done():
		return nil, false
	case <-timeout:
		return nil, false
	}
}

// Deps are what the module is built from (the module contract, DESIGN §6).
type Deps struct {
	DB    *db.DB
	Clock db.Clock
	// Audit is required: every read and write of personal data is
	// audited, the demo's and the background job's too.
	Audit   Auditor
	Clients Register
	// Renderer is needed by Routes; nil for store-only use.
	Renderer *web.Renderer
	Logger   *slog.Logger
	// Places: see the field of Service. The link form finds its clients
	// with the register's picker (Clients.Find).
	Places LocationNamer
	// DemoBasis records the legal basis for monitoring a demo client
	// (a representative's consent); nil loads no demo nights.
	DemoBasis func(ctx context.Context, clientID, by int64) error
	Config    Config
}

// Config holds the module's settings.
type Config struct {
	// MaxIngests bounds the device files read at once (see Service);
	// 0 means defaultMaxIngests.
	MaxIngests int
}

// New builds the module.
func New(d Deps) (*Service, error) {
	if d.DB == nil || d.Clients == nil || d.Audit == nil {
		return nil, errors.New("sleep: database, client register and audit log are required")
	}
	if d.Clock == nil {
		d.Clock = db.SystemClock{}
	}
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	s := &Service{db: d.DB, store: store{db: d.DB}, clock: d.Clock, aud: d.Audit, reg: d.Clients, rd: d.Renderer, logger: d.Logger, loc: web.Amsterdam(),
		ReduceGrace: 5 * time.Minute, MaxUpload: 100 << 20, ingestWait: apiIngestWait, MaxIngests: d.Config.MaxIngests,
		Places: d.Places, demoBasis: d.DemoBasis,
		basisCache: map[basisKey]basisEntry{}, sensorMemo: map[string]sensorEntry{}}
	if s.rd != nil {
		s.parseTemplates()
	}
	return s, nil
}

// hasBasis asks the register (through a short cache) whether the client
// has a recorded basis for sleep monitoring in the hour of t.
func (s *Service) hasBasis(ctx context.Context, clientID int64, t time.Time) (bool, error) {
	key := basisKey{clientID, t.Unix() / 3600}
	now := time.Now()
	s.mu.Lock()
	e, ok := s.basisCache[key]
	s.mu.Unlock()
	if ok && now.Before(e.expires) {
		return e.ok, nil
	}
	yes, err := s.reg.HasBasis(ctx, clientID, clients.SubjectSleepMonitoring, t)
	if err != nil {
		return false, err
	}
	s.mu.Lock()
	if len(s.basisCache) > 100000 {
		clear(s.basisCache)
	}
	s.basisCache[key] = basisEntry{ok: yes, expires: now.Add(cacheTTL)}
	s.mu.Unlock()
	return yes, nil
}

// forgetSensor drops a sensor from the stream cache after a change.
func (s *Service) forgetSensor(serial string) {
	s.mu.Lock()
	delete(s.sensorMemo, serial)
	s.mu.Unlock()
}

// Loc is the time zone nights are computed in.
func (s *Service) Loc() *time.Location { return s.loc }
