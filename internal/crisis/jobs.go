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
// passed: the admission clock of undecided cases (the region's
// crisisregisseurs and the reporter), and crisis stays reaching or over
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
		rows, err := tx.QueryContext(ctx, `SELECT id, region_code, escalated_to, status, reporter_id, COALESCE(team_id, 0), deadline_at, stay_until FROM crisis_cases WHERE status IN ('gemeld', 'in_behandeling', 'opname')`)
		if err != nil {
			return err
		}
		type due struct {
			id, reporter, team int64
			region, escalated  string
			status             string
			deadline           time.Time
			stay               sql.NullTime
		}
		var list []due
		for rows.Next() {
			var d due
			if err := rows.Scan(&d.id, &d.region, &d.escalated, &d.status, &d.reporter, &d.team, &d.deadline, &d.stay); err != nil {
				rows.Close()
				return err
			}
			list = append(list, d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		now := s.now()
		for _, d := range list {
			id := strconv.FormatInt(d.id, 10)
			link := "/crisis/" + id
			var note *notify.Notification
			switch {
			case Status(d.status).Undecided() && now.After(d.deadline):
				note = &notify.Notification{Kind: notify.KindDeadline, Title: "Norm voor besluit overschreden in regio " + orgs.RegionLabel(d.region),
					Body: "Er is nog geen besluit over een crisismelding; de norm is verstreken.", Link: link, DedupeKey: "crisis:deadline-passed:" + id}
			case Status(d.status).Undecided() && d.deadline.Sub(now) <= s.cfg.WarnBefore:
				note = &notify.Notification{Kind: notify.KindDeadline, Title: "Norm voor besluit verloopt binnenkort in regio " + orgs.RegionLabel(d.region),
					Body: "Besluit vóór " + d.deadline.In(web.Amsterdam()).Format("02-01-2006 15:04") + ".", Link: link, DedupeKey: "crisis:deadline-soon:" + id}
			case d.status == string(StatusAdmission) && d.stay.Valid && now.After(d.stay.Time):
				note = &notify.Notification{Kind: kindStay, Title: "Crisisopname duurt langer dan toegestaan in regio " + orgs.RegionLabel(d.region),
					Body: "Vraag verlenging aan of regel de terugkeer of overdracht.", Link: link, DedupeKey: "crisis:stay-over:" + id + ":" + d.stay.Time.UTC().Format("2006-01-02")}
			case d.status == string(StatusAdmission) && d.stay.Valid && d.stay.Time.Sub(now) <= 24*time.Hour:
				note = &notify.Notification{Kind: kindStay, Title: "Crisisopname bereikt morgen de maximale duur in regio " + orgs.RegionLabel(d.region),
					Body: "Vraag op tijd verlenging aan of regel de terugkeer of overdracht.", Link: link, DedupeKey: "crisis:stay-soon:" + id + ":" + d.stay.Time.UTC().Format("2006-01-02")}
			}
			if note == nil {
				continue
			}
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
		return nil
	})
	return n, err
}
