package placement

import (
	"context"
	"database/sql"
	"html/template"
	"sort"
	"strings"

	"github.com/volwaardig/volwaardig/internal/auth"
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
	ContactPhone  string
}

// ContactTel is the contact's phone number as a tel: link ("" for none).
// It is made of digits only, so the page may use it as it is.
func (d ProposalDetail) ContactTel() template.URL { return template.URL(auth.TelURI(d.ContactPhone)) }

// proposalDetails loads the details of the proposals ids, by id.
func (st store) proposalDetails(ctx context.Context, ids []int64) (map[int64]ProposalDetail, error) {
	out := map[int64]ProposalDetail{}
	if len(ids) == 0 {
		return out, nil
	}
	var args []any
	rows, err := st.db.QueryContext(ctx, `SELECT pp.id, pp.condition_kinds, pp.condition_text, pp.created_by, pp.case_id
		FROM placement_proposals pp WHERE pp.id IN (`+inArgs(ids, &args)+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	by := map[int64]int64{}
	caseOf := map[int64]int64{}
	var caseIDs []int64
	for rows.Next() {
		var id, creator, caseID int64
		var d ProposalDetail
		var kinds string
		if err := rows.Scan(&id, &kinds, &d.ConditionText, &creator, &caseID); err != nil {
			return nil, err
		}
		for _, k := range strings.Split(kinds, ",") {
			if k != "" {
				d.Condition = append(d.Condition, FixKind(k))
			}
		}
		out[id], by[id], caseOf[id] = d, creator, caseID
		caseIDs = append(caseIDs, caseID)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	creators := make([]int64, 0, len(by))
	for _, u := range by {
		creators = append(creators, u)
	}
	contacts, err := st.accounts.Contacts(ctx, st.db, creators)
	if err != nil {
		return nil, err
	}
	// The case's vaste contactpersoon is whom the provider calls; without
	// one, the care-office employee who sent the proposal.
	fixed, err := st.caseContacts(ctx, caseIDs)
	if err != nil {
		return nil, err
	}
	for id, d := range out {
		c, ok := fixed[caseOf[id]]
		if !ok {
			c = contacts[by[id]]
		}
		d.ContactName, d.ContactOrg, d.ContactEmail, d.ContactPhone = c.Name, c.Organisation, c.Email, c.Phone
		out[id] = d
	}
	return out, nil
}

// caseContacts is, per case of ids, the client's vaste contactpersoon:
// the care-office account chosen on the case (Person.ContactUser), with
// its work phone number and e-mail address. A case without one, or whose
// account no longer speaks for the care office, has none here; the pages
// then name the region's care office (careOfficeName).
func (st store) caseContacts(ctx context.Context, ids []int64) (map[int64]auth.Contact, error) {
	out := map[int64]auth.Contact{}
	if len(ids) == 0 {
		return out, nil
	}
	var args []any
	rows, err := st.db.QueryContext(ctx, `SELECT id, contact_user_id FROM placement_cases WHERE contact_user_id IS NOT NULL AND id IN (`+inArgs(ids, &args)+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	by := map[int64]int64{}
	var accounts []int64
	for rows.Next() {
		var id, contact int64
		if err := rows.Scan(&id, &contact); err != nil {
			return nil, err
		}
		by[id] = contact
		accounts = append(accounts, contact)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	cs, err := st.accounts.Contacts(ctx, st.db, accounts)
	if err != nil {
		return nil, err
	}
	for id, u := range by {
		if c, ok := cs[u]; ok && c.Role == auth.RoleZorgkantoor {
			out[id] = c
		}
	}
	return out, nil
}

// careOfficeName is the name of the care office of a region as the
// organisations list has it ("Zorgkantoor Utrecht"), or "" when none is
// registered: whom a client calls when the case has no vaste
// contactpersoon.
func (st store) careOfficeName(ctx context.Context, region string) (string, error) {
	os, err := st.orgs.Organisations(ctx, "zorgkantoor")
	if err != nil {
		return "", err
	}
	for _, o := range os {
		if o.Region == region {
			return o.Name, nil
		}
	}
	return "", nil
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
	// Why and Help are the Dutch words stored with the run; Reason is the
	// same as codes and numbers (rows of runs from before it have none:
	// HasReason false).
	Why       string
	Help      string
	Reason    RunReason
	HasReason bool
}

// WhyIn says in lang why the person got the place or none; a row from
// before reasons were stored keeps its Dutch words.
func (p RunPerson) WhyIn(lang string) string {
	if !p.HasReason {
		return p.Why
	}
	return p.Reason.WhyIn(lang)
}

// HelpIn says in lang what would give the person a place.
func (p RunPerson) HelpIn(lang string) string {
	if !p.HasReason {
		return p.Help
	}
	return p.Reason.HelpIn(lang)
}

// insertRunPeopleTx records the people of a finished run with the words.
func (store) insertRunPeopleTx(ctx context.Context, tx *sql.Tx, runID int64, people []RunPerson) error {
	for _, p := range people {
		var place any
		if p.PlaceID > 0 {
			place = p.PlaceID
		}
		reason, err := encodeReason(p.Reason)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO placement_run_people (run_id, case_id, region, place_id, why, help, reason) VALUES ($1,$2,$3,$4,$5,$6,$7)`,
			runID, p.CaseID, p.Region, place, p.Why, p.Help, reason); err != nil {
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
	rows, err := st.db.QueryContext(ctx, `SELECT rp.case_id, pc.client_id, rp.region, COALESCE(rp.place_id, 0), COALESCE(pl.name, ''), COALESCE(pl.organisation_id, 0), rp.why, rp.help, rp.reason
		FROM placement_run_people rp JOIN placement_cases pc ON pc.id = rp.case_id
		LEFT JOIN placement_places pl ON pl.id = rp.place_id
		WHERE rp.run_id = $1 AND rp.region IN (`+inArgs(regions, &args)+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []RunPerson
	var clientIDs, orgIDs []int64
	orgOf := map[int]int64{}
	for rows.Next() {
		var p RunPerson
		var org int64
		var reason string
		if err := rows.Scan(&p.CaseID, &p.ClientID, &p.Region, &p.PlaceID, &p.PlaceName, &org, &p.Why, &p.Help, &reason); err != nil {
			return nil, err
		}
		var err error
		if p.Reason, p.HasReason, err = decodeReason(reason); err != nil {
			return nil, err
		}
		clientIDs = append(clientIDs, p.ClientID)
		if org != 0 {
			orgIDs = append(orgIDs, org)
			orgOf[len(out)] = org
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	people, err := st.people.People(ctx, st.db, clientIDs)
	if err != nil {
		return nil, err
	}
	orgsByID, err := st.orgs.ByIDs(ctx, st.db, orgIDs)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Name = people[out[i].ClientID].Name
		if org, ok := orgOf[i]; ok {
			out[i].OrgName = orgsByID[org].Name
		}
	}
	// Placed first, each group by name.
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if (a.PlaceID == 0) != (b.PlaceID == 0) {
			return a.PlaceID != 0
		}
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		return a.CaseID < b.CaseID
	})
	return out, nil
}
