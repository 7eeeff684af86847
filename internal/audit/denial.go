package audit

import (
	"context"
	"errors"

	"github.com/volwaardig/volwaardig/internal/auth"
)

// Denial is a refusal that is itself to be logged as a denied attempt
// (NEN 7513). An act on a client's behalf is usually refused inside the
// write transaction that would have changed the record; that transaction
// is rolled back, and a denied entry staged in it with RecordTx would be
// rolled back too. The refusal therefore travels as an error carrying its
// event, and RecordDenial logs it once the transaction has ended: a
// relative without authority who answered a placement offer got 403, but
// the attempt was in no log.
type Denial struct {
	// Events are the denied attempts, usually one; a list refused for
	// every client it would show has one per client.
	Events []Event
	Err    error
}

// Error is the refusal's own message.
func (d *Denial) Error() string { return d.Err.Error() }

// Unwrap gives the refusal, so that the web layer answers it as before.
func (d *Denial) Unwrap() error { return d.Err }

// Deny wraps the refusal err with the event of the attempt, its outcome
// set to denied.
func Deny(ev Event, err error) error { return DenyAll([]Event{ev}, err) }

// DenyAll wraps the refusal err with the events of the attempt, one per
// client it concerned, each marked denied.
func DenyAll(evs []Event, err error) error {
	d := &Denial{Events: make([]Event, len(evs)), Err: err}
	for i, ev := range evs {
		ev.Outcome = OutcomeDenied
		d.Events[i] = ev
	}
	return d
}

// Recorder is what RecordDenial needs of the log; *Log and the modules'
// auditors have it.
type Recorder interface {
	Record(ctx context.Context, p *auth.Principal, ev Event) error
}

// RecordDenial logs the denied attempt err carries, if any, and returns err;
// a failure to log is returned instead, since a refusal that cannot be
// logged must not pass silently. Call it after the transaction in which
// the refusal happened has ended.
func RecordDenial(ctx context.Context, rec Recorder, p *auth.Principal, err error) error {
	var d *Denial
	if rec == nil || !errors.As(err, &d) {
		return err
	}
	for _, ev := range d.Events {
		if lerr := rec.Record(ctx, p, ev); lerr != nil {
			return lerr
		}
	}
	return err
}
