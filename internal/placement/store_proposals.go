package placement

import (
	"context"
	"database/sql"
	"strings"
)

// The SQL of proposals.go that is not shared with the rest of the module:
// a proposal's condition and what a provider reads to decide.

// setConditionTx records the condition a proposal is made under.
func (store) setConditionTx(ctx context.Context, tx *sql.Tx, proposalID int64, kinds []FixKind, text string) error {
	ks := make([]string, len(kinds))
	for i, k := range kinds {
		ks[i] = string(k)
	}
	_, err := tx.ExecContext(ctx, `UPDATE placement_proposals SET condition_kinds = $1, condition_text = $2 WHERE id = $3`, strings.Join(ks, ","), text, proposalID)
	return err
}

// ProposalDetail is what a proposal's answerer reads besides the list's
// columns: the condition it is made under and who at the care office made
// it, to call with questions.
type ProposalDetail struct {
	Condition     []FixKind
	ConditionText string
	ContactName   string
	ContactOrg    string
	ContactEmail  string
}

// proposalDetails loads the details of the proposals ids, by id.
func (st store) proposalDetails(ctx context.Context, ids []int64) (map[int64]ProposalDetail, error) {
	out := map[int64]ProposalDetail{}
	if len(ids) == 0 {
		return out, nil
	}
	var args []any
	rows, err := st.db.QueryContext(ctx, `SELECT pp.id, pp.condition_kinds, pp.condition_text, COALESCE(u.display_name, ''), COALESCE(u.organisation, ''), COALESCE(u.email, '')
		FROM placement_proposals pp LEFT JOIN users u ON u.id = pp.created_by WHERE pp.id IN (`+inArgs(ids, &args)+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var d ProposalDetail
		var kinds string
		if err := rows.Scan(&id, &kinds, &d.ConditionText, &d.ContactName, &d.ContactOrg, &d.ContactEmail); err != nil {
			return nil, err
		}
		for _, k := range strings.Split(kinds, ",") {
			if k != "" {
				d.Condition = append(d.Condition, FixKind(k))
			}
		}
		out[id] = d
	}
	return out, rows.Err()
}

// RunPerson is one person of a batch run as the run page tells it: the
// place the run gives them (PlaceID 0 = none), why, and for someone
// without a place what would change that.
type RunPerson struct {
	CaseID    int64
	ClientID  int64
	Name      string
	Region    string
	PlaceID   int64
	PlaceName string
	OrgName   string
	Why       string
	Help      string
}

// insertRunPeopleTx records the people of a finished run with the words.
func (store) insertRunPeopleTx(ctx context.Context, tx *sql.Tx, runID int64, people []RunPerson) error {
	for _, p := range people {
		var place any
		if p.PlaceID > 0 {
			place = p.PlaceID
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO placement_run_people (run_id, case_id, region, place_id, why, help) VALUES ($1,$2,$3,$4,$5,$6)`,
			runID, p.CaseID, p.Region, place, p.Why, p.Help); err != nil {
			return err
		}
	}
	return nil
}

// runPeople lists the people of run id in regions, placed first, each
// group by name.
func (st store) runPeople(ctx context.Context, runID int64, regions []string) ([]RunPerson, error) {
	if len(regions) == 0 {
		return nil, nil
	}
	args := []any{runID}
	rows, err := st.db.QueryContext(ctx, `SELECT rp.case_id, pc.client_id, c.name, rp.region, COALESCE(rp.place_id, 0), COALESCE(pl.name, ''), COALESCE(o.name, ''), rp.why, rp.help
		FROM placement_run_people rp JOIN placement_cases pc ON pc.id = rp.case_id JOIN clients c ON c.id = pc.client_id
		LEFT JOIN placement_places pl ON pl.id = rp.place_id LEFT JOIN organisations o ON o.id = pl.organisation_id
		WHERE rp.run_id = $1 AND rp.region IN (`+inArgs(regions, &args)+`)
		ORDER BY CASE WHEN rp.place_id IS NULL THEN 1 ELSE 0 END, c.name, rp.case_id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []RunPerson
	for rows.Next() {
		var p RunPerson
		if err := rows.Scan(&p.CaseID, &p.ClientID, &p.Name, &p.Region, &p.PlaceID, &p.PlaceName, &p.OrgName, &p.Why, &p.Help); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
