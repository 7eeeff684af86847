package relatives

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/volwaardig/volwaardig/internal/db"
)

// store holds all of the module's SQL, behind one type (DESIGN §6): the
// service decides, the store reads and writes the module's own tables.
// Names of clients and accounts are platform tables and are never joined
// here; the service reads them through the platform packages.
type store struct{ d *db.DB }

type scanner interface{ Scan(dest ...any) error }

const planColumns = `id, owner_id, COALESCE(client_id, 0), title, network, routines, medical, plan_b, tasks, review_at, reminded_at, created_at, updated_at`

func scanPlan(r scanner) (Plan, error) {
	var p Plan
	var reminded sql.NullTime
	var network, routines, medical, planB, tasks string
	err := r.Scan(&p.ID, &p.OwnerID, &p.ClientID, &p.Title, &network, &routines, &medical, &planB, &tasks, &p.ReviewAt, &reminded, &p.CreatedAt, &p.UpdatedAt)
	p.Text = map[string]string{"netwerk": network, "dagritme": routines, "medisch": medical, "planb": planB, "taken": tasks}
	if reminded.Valid {
		p.RemindedAt = reminded.Time
	}
	return p, err
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func (st store) insertPlan(ctx context.Context, q db.Querier, p Plan) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO relatives_plans (owner_id, client_id, title, network, routines, medical, plan_b, tasks, review_at, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id`,
		p.OwnerID, nullID(p.ClientID), p.Title, p.Text["netwerk"], p.Text["dagritme"], p.Text["medisch"], p.Text["planb"], p.Text["taken"], p.ReviewAt, p.CreatedAt).Scan(&id)
	return id, err
}

func (st store) updatePlan(ctx context.Context, q db.Querier, p Plan) error {
	_, err := q.ExecContext(ctx, `UPDATE relatives_plans SET client_id = $1, title = $2, network = $3, routines = $4, medical = $5, plan_b = $6, tasks = $7,
		review_at = $8, reminded_at = NULL, updated_at = $9 WHERE id = $10`,
		nullID(p.ClientID), p.Title, p.Text["netwerk"], p.Text["dagritme"], p.Text["medisch"], p.Text["planb"], p.Text["taken"], p.ReviewAt, p.UpdatedAt, p.ID)
	return err
}

// plan reads one plan; sql.ErrNoRows when it does not exist.
func (st store) plan(ctx context.Context, q db.Querier, id int64) (Plan, error) {
	return scanPlan(q.QueryRowContext(ctx, `SELECT `+planColumns+` FROM relatives_plans WHERE id = $1`, id))
}

func (st store) plans(ctx context.Context, where string, args ...any) ([]Plan, error) {
	rows, err := st.d.QueryContext(ctx, `SELECT `+planColumns+` FROM relatives_plans WHERE `+where+` ORDER BY updated_at DESC, id DESC`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Plan
	for rows.Next() {
		p, err := scanPlan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// ownedPlans are the plans user owns.
func (st store) ownedPlans(ctx context.Context, user int64) ([]Plan, error) {
	return st.plans(ctx, `owner_id = $1`, user)
}

// sharedPlans are the plans shared with user now, each with the sections
// granted.
func (st store) sharedPlans(ctx context.Context, user int64) ([]Plan, error) {
	ps, err := st.plans(ctx, `id IN (SELECT plan_id FROM relatives_plan_shares WHERE user_id = $1 AND revoked_at IS NULL)`, user)
	if err != nil {
		return nil, err
	}
	for i := range ps {
		sh, ok, err := st.share(ctx, st.d, ps[i].ID, user)
		if err != nil {
			return nil, err
		}
		if ok && sh.Active() {
			ps[i].Granted = sh.Sections
		}
	}
	return ps, nil
}

// clientPlans are the plans that are part of client's record.
func (st store) clientPlans(ctx context.Context, client int64) ([]Plan, error) {
	return st.plans(ctx, `client_id = $1`, client)
}

const shareColumns = `id, plan_id, user_id, sections, granted_at, revoked_at`

func scanShare(r scanner) (Share, error) {
	var sh Share
	var sections string
	var revoked sql.NullTime
	err := r.Scan(&sh.ID, &sh.PlanID, &sh.UserID, &sections, &sh.GrantedAt, &revoked)
	if sections != "" {
		sh.Sections = orderedSections(strings.Split(sections, ","))
	}
	if revoked.Valid {
		sh.RevokedAt = revoked.Time
	}
	return sh, err
}

// share reads user's share of plan, active or revoked; ok false when
// there is none.
func (st store) share(ctx context.Context, q db.Querier, plan, user int64) (Share, bool, error) {
	sh, err := scanShare(q.QueryRowContext(ctx, `SELECT `+shareColumns+` FROM relatives_plan_shares WHERE plan_id = $1 AND user_id = $2`, plan, user))
	if errors.Is(err, sql.ErrNoRows) {
		return Share{}, false, nil
	}
	return sh, err == nil, err
}

// shares are every share of plan, active first.
func (st store) shares(ctx context.Context, plan int64) ([]Share, error) {
	rows, err := st.d.QueryContext(ctx, `SELECT `+shareColumns+` FROM relatives_plan_shares WHERE plan_id = $1 ORDER BY revoked_at IS NOT NULL, granted_at, id`, plan)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Share
	for rows.Next() {
		sh, err := scanShare(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, sh)
	}
	return out, rows.Err()
}

// upsertShare shares plan with user (again), replacing the sections.
func (st store) upsertShare(ctx context.Context, q db.Querier, plan, user int64, sections []string, by int64, at time.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO relatives_plan_shares (plan_id, user_id, sections, granted_by, granted_at)
		VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (plan_id, user_id) DO UPDATE SET sections = excluded.sections, granted_by = excluded.granted_by, granted_at = excluded.granted_at, revoked_at = NULL
		RETURNING id`, plan, user, strings.Join(sections, ","), by, at).Scan(&id)
	return id, err
}

// revokeShare ends share id of plan; false when there was no active one.
func (st store) revokeShare(ctx context.Context, q db.Querier, plan, id int64, at time.Time) (bool, error) {
	res, err := q.ExecContext(ctx, `UPDATE relatives_plan_shares SET revoked_at = $1 WHERE id = $2 AND plan_id = $3 AND revoked_at IS NULL`, at, id, plan)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// duePlans are the plans whose review date has passed and whose owner
// was not reminded since the last change.
func (st store) duePlans(ctx context.Context, q db.Querier, now time.Time) ([]Plan, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+planColumns+` FROM relatives_plans WHERE review_at <= $1 AND reminded_at IS NULL ORDER BY id`, now)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Plan
	for rows.Next() {
		p, err := scanPlan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

func (st store) markReminded(ctx context.Context, q db.Querier, id int64, at time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE relatives_plans SET reminded_at = $1 WHERE id = $2`, at, id)
	return err
}

// countDue counts user's plans due for review.
func (st store) countDue(ctx context.Context, user int64, now time.Time) (int, error) {
	var n int
	err := st.d.QueryRowContext(ctx, `SELECT COUNT(*) FROM relatives_plans WHERE owner_id = $1 AND review_at <= $2`, user, now).Scan(&n)
	return n, err
}

// countPlanPersons counts the people plans are about or kept by: one per
// registered client, one per owner of an own document.
func (st store) countPlanPersons(ctx context.Context) (int, error) {
	var n int
	err := st.d.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(DISTINCT client_id) FROM relatives_plans WHERE client_id IS NOT NULL) +
		(SELECT COUNT(DISTINCT owner_id) FROM relatives_plans WHERE client_id IS NULL)`).Scan(&n)
	return n, err
}

// ph is the n-th positional placeholder ($n), for batch inserts.
func ph(n int) string { return "$" + strconv.Itoa(n) }
