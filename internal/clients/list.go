package clients

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/web"
)

// ListItem is one line of the client list: enough to pick the right
// person, no BSN.
type ListItem struct {
	ID        int64
	Name      string
	BirthDate time.Time
	Region    string
}

// PageSize is the number of clients per list page.
const PageSize = 50

// List returns the clients p may see, filtered by query text (part of the
// name, a birth date dd-mm-jjjj, both, or a whole BSN looked up through
// the blind index), page by page
// (page 1 first). more tells whether another page follows. The scope is
// applied in SQL and every row is checked again by the policy, so the list
// never shows a client the record page would refuse.
func (s *Service) List(ctx context.Context, p *auth.Principal, text string, page int) (items []ListItem, more bool, err error) {
	if page < 1 {
		page = 1
	}
	where, args := scopeWhere(p, s.now())
	if where == "" {
		return nil, false, nil
	}
	text = strings.TrimSpace(text)
	if birth, rest, ok := birthDateIn(text); ok {
		// A birth date narrows the search; the rest is (part of) the name.
		args = append(args, dateText(birth))
		where += fmt.Sprintf(" AND c.birth_date = $%d", len(args))
		text = rest
	}
	if text != "" {
		if looksLikeBSN(text) {
			if !mayEnterBSN(p.Role) {
				// A role without a legal basis for the BSN (DESIGN §1)
				// does not learn, by searching, who has one.
				return nil, false, nil
			}
			b, err := ParseBSN(text)
			if err != nil {
				return nil, false, nil // no client has an invalid BSN
			}
			args = append(args, s.keys.blindIndex(b))
			where += fmt.Sprintf(" AND c.bsn_index = $%d", len(args))
		} else {
			args = append(args, "%"+likeEscape(foldName(text))+"%")
			where += fmt.Sprintf(` AND c.name_search LIKE $%d ESCAPE '\'`, len(args))
		}
	}
	rows, err := s.d.QueryContext(ctx, listSQL(where, page), args...)
	if err != nil {
		return nil, false, err
	}
	defer rows.Close()
	for rows.Next() {
		var it ListItem
		var birth string
		if err := rows.Scan(&it.ID, &it.Name, &birth, &it.Region); err != nil {
			return nil, false, err
		}
		it.BirthDate = parseStoredDate(birth)
		items = append(items, it)
	}
	if err := rows.Err(); err != nil {
		return nil, false, err
	}
	if len(items) > PageSize {
		items, more = items[:PageSize], true
	}
	ids := make([]int64, len(items))
	for i, it := range items {
		ids[i] = it.ID
	}
	refs, err := s.refs(ctx, ids)
	if err != nil {
		return nil, false, err
	}
	kept := items[:0]
	for _, it := range items {
		if s.policy.CanSeeClient(p, refs[it.ID]) {
			kept = append(kept, it)
		}
	}
	return kept, more, nil
}

// scopeWhere turns p's scope into a SQL condition on clients c; "" when p
// sees no client in a list.
// listSQL is one page of the list, by name: PageSize rows and one more to
// tell whether another page follows. Index clients_region_name serves a
// region's list in this order (issue 18).
func listSQL(where string, page int) string {
	return `SELECT c.id, c.name, c.birth_date, c.region FROM clients c WHERE ` + where +
		fmt.Sprintf(` ORDER BY c.name_search, c.id LIMIT %d OFFSET %d`, PageSize+1, (page-1)*PageSize)
}

func scopeWhere(p *auth.Principal, now time.Time) (string, []any) {
	if p == nil || !p.Role.SeesHealthData() {
		return "", nil
	}
	care := func(kind CareKind, ids []int64) (string, []any) {
		if len(ids) == 0 {
			return "", nil
		}
		in, args := inList(ids, 4)
		args = append([]any{string(kind), now, now}, args...)
		return `EXISTS (SELECT 1 FROM client_care k WHERE k.client_id = c.id AND k.kind = $1 AND k.started_at <= $2 AND (k.ended_at IS NULL OR k.ended_at > $3) AND k.ref_id IN (` + in + `))`, args
	}
	switch p.Role {
	case auth.RoleZorgkantoor, auth.RoleCrisisregisseur:
		if len(p.Scope.Regions) == 0 {
			return "", nil
		}
		var b strings.Builder
		args := make([]any, len(p.Scope.Regions))
		for i, r := range p.Scope.Regions {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "$%d", i+1)
			args[i] = r
		}
		return "c.region IN (" + b.String() + ")", args
	case auth.RoleZorgverlener:
		return care(CareLocation, p.Scope.Locations)
	case auth.RoleAanbieder:
		return care(CareOrganisation, p.Scope.Organisations)
	case auth.RoleCOT:
		return care(CareTeam, p.Scope.Teams)
	case auth.RoleOndersteuner:
		return care(CareSupporter, []int64{p.UserID})
	case auth.RoleClient:
		if p.Scope.ClientID == 0 {
			return "", nil
		}
		return "c.id = $1", []any{p.Scope.ClientID}
	case auth.RoleNaaste:
		if len(p.Scope.Represents) == 0 {
			return "", nil
		}
		in, args := inList(p.Scope.Represents, 1)
		return "c.id IN (" + in + ")", args
	}
	return "", nil
}

// likeEscape escapes LIKE's wildcards so a search for "50%" means it.
func likeEscape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}

// birthDateIn finds a birth date written with separators (31-12-1990,
// 31/12/1990, 31.12.1990) among the words of a search and returns it with
// the other words. Eight digits without separators stay a BSN: a BSN may
// have eight digits too.
func birthDateIn(text string) (time.Time, string, bool) {
	words := strings.Fields(text)
	for i, w := range words {
		if !strings.ContainsAny(w, "-/.") {
			continue
		}
		t, err := web.ParseDate(w)
		if err != nil {
			continue
		}
		rest := append(append([]string{}, words[:i]...), words[i+1:]...)
		return t, strings.Join(rest, " "), true
	}
	return time.Time{}, text, false
}
