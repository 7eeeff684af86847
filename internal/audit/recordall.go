package audit

import (
	"context"

	"github.com/volwaardig/volwaardig/internal/auth"
)

// RecordAll records the events of one page view together: through
// RecordMany when rec has it (the Log does: one list entry for the page's
// people, written in one commit the caller waits for once), else one by one.
// A list page that recorded its rows one by one waited for one commit per
// row, and under load each of those commits waits for the commit window
// (Config.CommitWindow), so lists must come here (issue 18).
func RecordAll(ctx context.Context, rec Recorder, p *auth.Principal, evs []Event) error {
	if len(evs) == 0 {
		return nil
	}
	if many, ok := rec.(interface {
		RecordMany(ctx context.Context, p *auth.Principal, evs []Event) error
	}); ok {
		return many.RecordMany(ctx, p, evs)
	}
	for _, ev := range evs {
		if err := rec.Record(ctx, p, ev); err != nil {
			return err
		}
	}
	return nil
}
