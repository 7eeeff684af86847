package placement

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/clients"
)

// CheckImport adds the errors only the database can find to parsed rows:
// an unknown client, a region outside the user's scope, a client who is
// already in the register with an open search, or twice in the file.
func (s *Service) CheckImport(ctx context.Context, p *auth.Principal, rows []ImportRow) ([]ImportRow, error) {
	rows, err := s.resolveImport(ctx, p, rows)
	if err != nil {
		return nil, err
	}
	out := make([]ImportRow, len(rows))
	seen := map[int64]int{}
	for i, row := range rows {
		row.Errors = append([]string(nil), row.Errors...)
		if row.Person.ClientID > 0 {
			if first, dup := seen[row.Person.ClientID]; dup {
				row.Errors = append(row.Errors, fmt.Sprintf("%s: dezelfde cliënt staat ook op regel %d", row.clientColumn(), first))
			} else {
				seen[row.Person.ClientID] = row.Line
			}
			var n int
			// The register decides, as for one registration (mayName): a
			// client outside the user's scope reads as unknown, so a list
			// cannot probe which ids exist elsewhere.
			a, known, err := s.importAuthority(ctx, p, row.Person.ClientID)
			if err != nil {
				return nil, err
			}
			if !a.Act {
				// The row reads the same whether the client is unknown or
				// outside the scope, but a refusal of a client that exists
				// is audited as denied, as for one registration (mayName):
				// the list named that client.
				if known {
					ev := audit.Event{Action: audit.ActionCreate, ClientID: row.Person.ClientID, Object: "placement_case", Purpose: audit.PurposeMediation}
					if err := audit.RecordDenial(ctx, s.audit, p, a.Refuse(ev, errClientOutOfScope)); !errors.Is(err, errClientOutOfScope) {
						return nil, err
					}
				}
				row.Errors = append(row.Errors, row.clientColumn()+": deze cliënt staat niet in het cliëntenregister of valt buiten uw regio")
			} else {
				if n, err = s.store.openCaseCount(ctx, s.db, row.Person.ClientID); err != nil {
					return nil, err
				}
				if n > 0 {
					row.Errors = append(row.Errors, row.clientColumn()+": deze cliënt staat al in het register")
				}
			}
		}
		if id := row.Person.WishOrganisation; id > 0 {
			ok, err := s.store.providerExists(ctx, s.db, id)
			if err != nil {
				return nil, err
			}
			if !ok {
				row.Errors = append(row.Errors, "wens_aanbieder: er is geen aanbieder met nummer "+strconv.FormatInt(id, 10))
			}
		}
		if row.Person.Region != "" && !p.InRegion(row.Person.Region) {
			row.Errors = append(row.Errors, "regio: "+row.Person.Region+" is niet uw regio")
		}
		out[i] = row
	}
	return out, nil
}

// importAuthority is authority for a row of an imported list; known is
// false when the client register has no such client (nothing to audit).
func (s *Service) importAuthority(ctx context.Context, p *auth.Principal, clientID int64) (a clients.Authority, known bool, err error) {
	if s.reg == nil || p == nil {
		return clients.Authority{ClientID: clientID}, false, nil
	}
	a, err = s.reg.AuthorityFor(ctx, p, clientID, clients.SubjectPlacement)
	if errors.Is(err, clients.ErrNotFound) {
		return clients.Authority{ClientID: clientID}, false, nil
	}
	return a, err == nil, err
}

// ImportRows stores every row in one transaction, or nothing when any row
// has an error. It returns the number stored.
func (s *Service) ImportRows(ctx context.Context, p *auth.Principal, rows []ImportRow) (int, error) {
	checked, err := s.CheckImport(ctx, p, rows)
	if err != nil {
		return 0, err
	}
	bad := 0
	for _, r := range checked {
		if len(r.Errors) > 0 {
			bad++
		}
	}
	if bad > 0 {
		lines := fmt.Sprintf("%d regels hebben", bad)
		if bad == 1 {
			lines = "1 regel heeft"
		}
		return 0, badInput("bestand", lines+" fouten; er is niets opgeslagen. Verbeter het bestand en lees het opnieuw in.")
	}
	now := s.now()
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		for _, r := range checked {
			person := r.Person
			person.Phase, person.PhaseSince = InBeeld, now
			person.ContactUser = defaultContact(p, person.ContactUser)
			id, err := s.store.insertCase(ctx, tx, person, p.UserID, now)
			if err != nil {
				return err
			}
			if err := s.store.setCaseIdentity(ctx, tx, id, person); err != nil {
				return err
			}
			for _, t := range []Transition{{CaseID: id, From: "", To: Aangemeld, At: now, By: p.UserID, ByName: p.DisplayName, Reason: "Ingelezen uit regionale lijst"},
				{CaseID: id, From: Aangemeld, To: InBeeld, At: now, By: p.UserID, ByName: p.DisplayName, Reason: "Ingelezen uit regionale lijst"}} {
				if err := s.store.insertTransition(ctx, tx, t); err != nil {
					return err
				}
			}
			if err := s.audit.RecordTx(ctx, tx, p, audit.Event{Action: audit.ActionCreate, ClientID: person.ClientID, Object: "placement_case", ObjectID: strconv.FormatInt(id, 10), Purpose: audit.PurposeMediation}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return len(checked), nil
}

// encodePayload carries the uploaded file from the preview to the
// confirmation, so nothing is stored before the user confirms.
func encodePayload(name string, data []byte) string {
	return base64.StdEncoding.EncodeToString(append([]byte(name+"\n"), data...))
}

func decodePayload(s string) (string, []byte, error) {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return "", nil, err
	}
	name, data, ok := bytes.Cut(b, []byte("\n"))
	if !ok || len(name) > 255 {
		return "", nil, errors.New("bad payload")
	}
	return string(name), data, nil
}
