package relatives

import (
	"context"
	"database/sql"

	"github.com/volwaardig/volwaardig/internal/notify"
)

// reminderLock is the advisory-lock key of the review reminder, so one
// instance reminds at a time.
const reminderLock = 0x72656c6174697665 // "relative"

// RemindReviews tells the owner of every plan whose review date passed,
// once per review date (saving the plan sets the next one). It returns
// how many owners were told.
func (s *Service) RemindReviews(ctx context.Context) (int, error) {
	n := 0
	err := s.d.Tx(ctx, func(tx *sql.Tx) error {
		ok, err := s.d.TryAdvisoryLock(ctx, tx, reminderLock)
		if err != nil || !ok {
			return err
		}
		now := s.now()
		due, err := s.store.duePlans(ctx, tx, now)
		if err != nil {
			return err
		}
		for _, pl := range due {
			if err := s.notes.NotifyTx(ctx, tx, notify.Notification{UserIDs: []int64{pl.OwnerID}, Kind: "relatives_plan_review",
				Title: "Uw plan is toe aan een controle", Body: "Loop uw plan na: kloppen de contacten, de medicijnen en plan B nog? Sla het daarna op; dan kiest u de volgende controledatum.",
				TitleEN: "Your plan is due for a check", BodyEN: "Go through your plan: are the contacts, the medicines and plan B still right? Then save it; you then choose the next check date.",
				Link: "/naasten/plan/" + idString(pl.ID), DedupeKey: "relatives_review:" + idString(pl.ID) + ":" + pl.ReviewAt.Format("2006-01-02")}); err != nil {
				return err
			}
			if err := s.store.markReminded(ctx, tx, pl.ID, now); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}
