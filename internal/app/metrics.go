package app

import (
	"context"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/sleep"
	"sort"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// registerOperatorMetrics adds what an operator alerts on (DESIGN §3
// Operations): which build runs, the database pools, the audit writer's
// queue and how long ago it last signed, the e-mail outbox, and logins
// refused and locked. Request counts per route come from observe. Every
// label is a fixed code: no user, client or address ever becomes a label.
func (a *App) registerOperatorMetrics() {
	v := ReadVersion()
	build := prometheus.NewGauge(prometheus.GaugeOpts{
		Name:        "volwaardig_build_info",
		Help:        "The running build: module version, commit, Go version (always 1).",
		ConstLabels: prometheus.Labels{"version": v.Module, "commit": v.Commit, "goversion": v.GoVersion},
	})
	build.Set(1)
	a.metrics.MustRegister(build)

	for name, pool := range a.DB.Pools() {
		a.metrics.MustRegister(collectors.NewDBStatsCollector(pool, name))
	}

	a.metrics.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "volwaardig_audit_queue_length",
			Help: "Audit entries waiting for the writer."}, func() float64 {
			if a.Audit == nil {
				return 0
			}
			return float64(a.Audit.QueueLength())
		}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "volwaardig_audit_checkpoint_age_seconds",
			Help: "Seconds since this process last signed an audit checkpoint (entries since then are the unsigned tail)."}, func() float64 {
			if a.Audit == nil {
				return 0
			}
			last := a.Audit.LastSigned()
			if last.IsZero() {
				return 0
			}
			return a.cfg.Clock.Now().Sub(last).Seconds()
		}),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "volwaardig_audit_entries_total",
			Help: "Audit entries written by this process."}, func() float64 {
			if a.Audit == nil {
				return 0
			}
			return float64(a.Audit.Stats().Entries)
		}),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "volwaardig_audit_write_errors_total",
			Help: "Audit batches that failed to commit."}, func() float64 {
			if a.Audit == nil {
				return 0
			}
			return float64(a.Audit.Stats().Errors)
		}),
	)
	a.metrics.MustRegister(newOutboxCollector(a))
	a.loginOutcomes = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "volwaardig_logins_total",
		Help: "Logins by outcome (success, refused) and the refusal's reason code (locked, wrong_credentials, code_wrong, ...)."},
		[]string{"outcome", "reason"})
	a.metrics.MustRegister(a.loginOutcomes)
}

// outboxCollector reads the e-mail outbox at scrape time, with a short
// deadline so a slow database cannot hang the scrape.
type outboxCollector struct {
	a                     *App
	pending, failed, read *prometheus.Desc
}

func newOutboxCollector(a *App) outboxCollector {
	return outboxCollector{a: a,
		pending: prometheus.NewDesc("volwaardig_email_outbox_pending", "E-mails waiting to be sent.", nil, nil),
		failed:  prometheus.NewDesc("volwaardig_email_outbox_failed", "E-mails given up on after all attempts.", nil, nil),
		read:    prometheus.NewDesc("volwaardig_email_outbox_readable", "1 when the outbox could be read at this scrape.", nil, nil),
	}
}

func (c outboxCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.pending
	ch <- c.failed
	ch <- c.read
}

func (c outboxCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	pending, failed, err := c.a.Notify.Outbox(ctx)
	if err != nil {
		c.a.cfg.Logger.Warn("metrics: read the e-mail outbox", "err", err)
		ch <- prometheus.MustNewConstMetric(c.read, prometheus.GaugeValue, 0)
		return
	}
	ch <- prometheus.MustNewConstMetric(c.read, prometheus.GaugeValue, 1)
	ch <- prometheus.MustNewConstMetric(c.pending, prometheus.GaugeValue, float64(pending))
	ch <- prometheus.MustNewConstMetric(c.failed, prometheus.GaugeValue, float64(failed))
}

// jobMetrics counts each background job's rounds by outcome and keeps the
// time of its last success, so an operator can alert on a job that fails
// or stopped running (deadlines not checked, e-mail not sent).
type jobMetrics struct {
	clock       db.Clock
	runs        *prometheus.CounterVec
	lastSuccess *prometheus.GaugeVec

	// failing holds, per job whose last round failed, when that round
	// ended; the administrator's start page lists them. A successful
	// round removes the job.
	mu      sync.Mutex
	failing map[string]time.Time
}

// Failing returns the jobs whose last round failed, with the time of that
// round, sorted by name.
func (m *jobMetrics) Failing() []FailingJob {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]FailingJob, 0, len(m.failing))
	for name, at := range m.failing {
		out = append(out, FailingJob{Name: name, At: at})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// FailingJob is a background job whose last round failed.
type FailingJob struct {
	Name string
	At   time.Time
}

func newJobMetrics(reg *prometheus.Registry, clock db.Clock) *jobMetrics {
	m := &jobMetrics{clock: clock, failing: map[string]time.Time{},
		runs: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "volwaardig_job_runs_total",
			Help: "Rounds of each background job by outcome (ok, failed)."}, []string{"job", "outcome"}),
		lastSuccess: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "volwaardig_job_last_success_timestamp_seconds",
			Help: "Unix time of each background job's last successful round."}, []string{"job"}),
	}
	reg.MustRegister(m.runs, m.lastSuccess)
	return m
}

// report is the hook a module's job calls after each round.
func (m *jobMetrics) report(job string) func(error) {
	// Both series exist from the start, so a job that never succeeds
	// shows as 0 successes rather than as no data.
	m.runs.WithLabelValues(job, "ok")
	m.runs.WithLabelValues(job, "failed")
	return func(err error) {
		m.mu.Lock()
		if err != nil {
			m.failing[job] = m.clock.Now()
		} else {
			delete(m.failing, job)
		}
		m.mu.Unlock()
		if err != nil {
			m.runs.WithLabelValues(job, "failed").Inc()
			return
		}
		m.runs.WithLabelValues(job, "ok").Inc()
		m.lastSuccess.WithLabelValues(job).Set(float64(m.clock.Now().Unix()))
	}
}

// registerIngestMetrics adds Nachtrust's ingest figures for the operator:
// rate() of the samples gives samples per second; refused files and
// batches are worth an alert.
func (a *App) registerIngestMetrics(s *sleep.Service) {
	a.metrics.MustRegister(
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "volwaardig_ingest_samples_total",
			Help: "Raw sensor samples stored (files and streams)."}, func() float64 { return float64(s.IngestStats().Samples) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "volwaardig_ingest_epochs_total",
			Help: "Minute epochs stored from epoch files."}, func() float64 { return float64(s.IngestStats().Epochs) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "volwaardig_ingest_rejected_total",
			Help: "Device files and stream batches refused as a whole."}, func() float64 { return float64(s.IngestStats().Rejected) }),
	)
}
