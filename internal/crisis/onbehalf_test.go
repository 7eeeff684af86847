package crisis

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
)

// TestRepresentativeReadsCrisisOnlyWithAuthority: a naaste whose
// authorisation says "mag handelen = nee" and who has no consent does not
// see the client's crisis on "Wat gebeurt er nu?" nor in the API (403);
// a consent for crisis data, or an authorisation to act, lets them read,
// and the audit entry names the client's account as on whose behalf.
func TestRepresentativeReadsCrisisOnlyWithAuthority(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d, nil)
		ctx := context.Background()
		id := f.report(t, "Noor", UrgencyHigh)
		clientID := mustCase(t, f, id).ClientID
		const account, weakUser, strongUser = 900, 901, 902
		if err := f.reg.LinkClientAccount(ctx, nil, account, clientID); err != nil {
			t.Fatal(err)
		}
		for _, r := range []struct {
			user int64
			act  bool
		}{{weakUser, false}, {strongUser, true}} {
			if _, err := f.reg.AddRepresentative(ctx, nil, clients.Representative{ClientID: clientID, UserID: r.user, Name: "Naaste", Relation: clients.RelNaaste,
				MayAct: r.act, ValidFrom: start.AddDate(-1, 0, 0), GrantedBy: f.regie.UserID}); err != nil {
				t.Fatal(err)
			}
		}
		weak := &auth.Principal{UserID: weakUser, Role: auth.RoleNaaste, Scope: auth.Scope{Represents: []int64{clientID}}}
		strong := &auth.Principal{UserID: strongUser, Role: auth.RoleNaaste, Scope: auth.Scope{Represents: []int64{clientID}}}
		for _, path := range []string{"/mijn/crisis", "/api/v1/crisis/mine"} {
			rec := f.do(t, weak, "GET", path, "", "")
			if rec.Code != http.StatusForbidden || strings.Contains(rec.Body.String(), "Er komt een team") {
				t.Errorf("%s for a naaste without authority: %d %s", path, rec.Code, rec.Body.String())
			}
		}
		lastOwnRead := func() audit.Event {
			events := f.aud.Events()
			for i := len(events) - 1; i >= 0; i-- {
				if ev := events[i]; ev.Object == "crisis_case" && ev.Purpose == audit.PurposeClientAccess {
					return ev
				}
			}
			return audit.Event{}
		}
		if ev := lastOwnRead(); ev.Outcome != audit.OutcomeDenied {
			t.Errorf("refusal audited as %+v", ev)
		}
		for _, p := range []*auth.Principal{strong, weak} {
			if p == weak {
				if _, err := f.reg.AddConsent(ctx, nil, clients.Consent{ClientID: clientID, Subject: clients.SubjectCrisis, RecipientKind: clients.RecipientUser,
					RecipientID: weakUser, Basis: clients.BasisClient, ValidFrom: start.AddDate(0, -1, 0), RecordedBy: f.regie.UserID}); err != nil {
					t.Fatal(err)
				}
			}
			rec := f.do(t, p, "GET", "/api/v1/crisis/mine", "", "")
			if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"client_id": `) {
				t.Errorf("naaste %d reads the crisis: %d %s", p.UserID, rec.Code, rec.Body.String())
			}
			if ev := lastOwnRead(); ev.OnBehalfOf != account || ev.Outcome == audit.OutcomeDenied {
				t.Errorf("naaste %d's read audited as %+v, want on behalf of %d", p.UserID, ev, account)
			}
		}
	})
}
