package crisis

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/notify"
	"github.com/volwaardig/volwaardig/internal/orgs"
	"github.com/volwaardig/volwaardig/internal/web"
)

// deadlineLockKey names the advisory lock of the deadline job, so that of
// several PostgreSQL instances one checks at a time; the dedupe keys make a
// second check harmless anyway.
const deadlineLockKey = 7_513_202

// CheckDeadlines tells everyone involved about a deadline about to pass or
// passed: the admission clock of cases whose person is not yet admitted nor
// otherwise helped (undecided, or a bed reserved but no arrival confirmed:
// the region's crisisregisseurs and the reporter), and crisis stays reaching or over
// their limit (crisisregisseurs of the region and of the region whose bed
// it is, the reporter and the team). It returns how
// many notices it issued (before dedupe) and skips the round when another
// instance holds the lock.
func (s *Service) CheckDeadlines(ctx context.Context) (int, error) {
	var n int
	err := s.d.Tx(ctx, func(tx *sql.Tx) error {
		ok, err := s.d.TryAdvisoryLock(ctx, tx, deadlineLockKey)
		if err != nil || !ok {
			return err
		}
		list, err := s.store.runningCases(ctx, tx)
		if err != nil {
			return err
		}
		now := s.now()
		for _, d := range list {
			id := strconv.FormatInt(d.id, 10)
			link := "/crisis/" + id
			// The clock runs until the person is admitted: undecided, or a
			// bed reserved whose provider has not confirmed the arrival.
			running := Status(d.status).Undecided() || (d.status == string(StatusAdmission) && !d.admitted.Valid)
			var due []notify.Notification
			switch {
			case running && now.After(d.deadline):
				due = append(due, notify.Notification{Kind: notify.KindDeadline, Title: "Norm tot opname overschreden in regio " + d.region,
					Body:    "De cliënt is nog niet opgenomen of geholpen; de norm is verstreken.",
					TitleEN: "Standard time to admission passed in region " + d.region, BodyEN: "The client has not yet been admitted or helped; the standard time has passed.", Link: link, DedupeKey: "crisis:deadline-passed:" + id})
			case running && d.deadline.Sub(now) <= s.cfg.WarnBefore:
				due = append(due, notify.Notification{Kind: notify.KindDeadline, Title: "Norm tot opname verloopt binnenkort in regio " + d.region,
					Body:    "Opname of ondersteuning vóór " + d.deadline.In(web.Amsterdam()).Format("02-01-2006 15:04") + ".",
					TitleEN: "Standard time to admission ends soon in region " + d.region, BodyEN: "Admission or support before " + d.deadline.In(web.Amsterdam()).Format("02-01-2006 15:04") + ".", Link: link, DedupeKey: "crisis:deadline-soon:" + id})
			}
			switch {
			case d.status == string(StatusAdmission) && d.stay.Valid && now.After(d.stay.Time):
				due = append(due, notify.Notification{Kind: kindStay, Title: "Crisisopname duurt langer dan toegestaan in regio " + orgs.RegionLabel(d.region),
					Body:    "Vraag verlenging aan of regel de terugkeer of overdracht.",
					TitleEN: "Crisis admission lasts longer than allowed in region " + orgs.RegionLabel(d.region), BodyEN: "Ask for an extension or arrange the return or hand-over.", Link: link, DedupeKey: "crisis:stay-over:" + id + ":" + d.stay.Time.UTC().Format("2006-01-02")})
			case d.status == string(StatusAdmission) && d.stay.Valid && d.stay.Time.Sub(now) <= 24*time.Hour:
				due = append(due, notify.Notification{Kind: kindStay, Title: "Crisisopname bereikt morgen de maximale duur in regio " + orgs.RegionLabel(d.region),
					Body:    "Vraag op tijd verlenging aan of regel de terugkeer of overdracht.",
					TitleEN: "Crisis admission reaches its maximum length tomorrow in region " + orgs.RegionLabel(d.region), BodyEN: "Ask for an extension in time or arrange the return or hand-over.", Link: link, DedupeKey: "crisis:stay-soon:" + id + ":" + d.stay.Time.UTC().Format("2006-01-02")})
			}
			for _, msg := range due {
				note := &msg
				note.UserIDs = []int64{d.reporter}
				if err := s.notes.NotifyRoleTx(ctx, tx, auth.RoleCrisisregisseur, "region", d.region, *note); err != nil {
					return err
				}
				// A bed of another region: its crisisregisseurs hear of the stay too.
				if d.escalated != "" && d.escalated != d.region {
					if err := s.notes.NotifyRoleTx(ctx, tx, auth.RoleCrisisregisseur, "region", d.escalated, *note); err != nil {
						return err
					}
				}
				if d.team != 0 {
					if err := s.notes.NotifyRoleTx(ctx, tx, auth.RoleCOT, "team", strconv.FormatInt(d.team, 10), *note); err != nil {
						return err
					}
				}
				n++
			}
		}
		return nil
	})
	return n, err
}
