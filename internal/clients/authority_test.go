package clients

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
)

// TestAuthorityFor checks the one decision every module asks: the client
// their own record; a naaste only within a current authorisation, acting
// only with "mag handelen", reading without it only what a current consent
// shares with them; a professional their scope; on_behalf_of is the
// client's account for a representative only.
func TestAuthorityFor(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, clock := newStore(t, d)
		id := mustCreate(t, s, NewClient{Name: "Noor", Region: "ZK11"})
		other := mustCreate(t, s, NewClient{Name: "Bram", Region: "ZK16"})
		const account, weakUser, strongUser, endedUser = 50, 60, 61, 62
		if err := s.LinkClientAccount(ctx, nil, account, id); err != nil {
			t.Fatal(err)
		}
		for _, r := range []Representative{
			{ClientID: id, UserID: weakUser, Name: "Buur", Relation: RelNaaste, ValidFrom: t0.AddDate(0, -1, 0)},
			{ClientID: id, UserID: strongUser, Name: "Mentor", Relation: RelMentor, MayAct: true, ValidFrom: t0.AddDate(0, -1, 0)},
			{ClientID: id, UserID: endedUser, Name: "Oud", Relation: RelMentor, MayAct: true, ValidFrom: t0.AddDate(-1, 0, 0), ValidUntil: t0.AddDate(0, 0, -1)},
		} {
			r.GrantedBy = 1
			if _, err := s.AddRepresentative(ctx, nil, r); err != nil {
				t.Fatal(err)
			}
		}
		naaste := func(uid int64) *auth.Principal {
			return &auth.Principal{UserID: uid, Role: auth.RoleNaaste, Scope: auth.Scope{Represents: []int64{id}}}
		}
		check := func(name string, p *auth.Principal, clientID int64, subject Subject, read, act bool, onBehalf int64) {
			t.Helper()
			a, err := s.AuthorityFor(ctx, p, clientID, subject)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if a.Read != read || a.Act != act || a.Audit(audit.Event{}).OnBehalfOf != onBehalf {
				t.Errorf("%s: read %v act %v on behalf of %d; want %v %v %d", name, a.Read, a.Act, a.Audit(audit.Event{}).OnBehalfOf, read, act, onBehalf)
			}
		}
		check("client, own record", &auth.Principal{UserID: account, Role: auth.RoleClient, Scope: auth.Scope{ClientID: id}}, id, SubjectPlacement, true, true, 0)
		check("client, another record", &auth.Principal{UserID: account, Role: auth.RoleClient, Scope: auth.Scope{ClientID: id}}, other, SubjectPlacement, false, false, 0)
		check("naaste without mag handelen, no consent", naaste(weakUser), id, SubjectPlacement, false, false, account)
		check("naaste who may act", naaste(strongUser), id, SubjectPlacement, true, true, account)
		check("naaste whose authorisation ended", naaste(endedUser), id, SubjectPlacement, false, false, 0)
		check("care office in region", &auth.Principal{UserID: 1, Role: auth.RoleZorgkantoor, Scope: auth.Scope{Regions: []string{"ZK11"}}}, id, SubjectPlacement, true, true, 0)
		check("care office of another region", &auth.Principal{UserID: 1, Role: auth.RoleZorgkantoor, Scope: auth.Scope{Regions: []string{"ZK11"}}}, other, SubjectPlacement, false, false, 0)
		check("programme", &auth.Principal{UserID: 2, Role: auth.RoleProgramma}, id, SubjectPlacement, false, false, 0)

		cid, err := s.AddConsent(ctx, nil, Consent{ClientID: id, Subject: SubjectCrisis, RecipientKind: RecipientUser, RecipientID: weakUser, Basis: BasisClient,
			ValidFrom: t0.AddDate(0, 0, -1), RecordedBy: 1})
		if err != nil {
			t.Fatal(err)
		}
		check("naaste with a consent for that subject", naaste(weakUser), id, SubjectCrisis, true, false, account)
		check("naaste with a consent for another subject", naaste(weakUser), id, SubjectPlacement, false, false, account)
		if reach, err := s.Represented(ctx, naaste(weakUser), SubjectCrisis); err != nil || len(reach) != 1 || reach[0].ClientID != id || reach[0].Act {
			t.Errorf("Represented for crisis: %+v %v", reach, err)
		}
		if reach, err := s.Represented(ctx, naaste(weakUser), SubjectPlacement); err != nil || len(reach) != 0 {
			t.Errorf("Represented for placement: %+v %v", reach, err)
		}
		if err := s.WithdrawConsent(ctx, nil, id, cid, 1); err != nil {
			t.Fatal(err)
		}
		clock.Advance(time.Minute)
		check("naaste after the consent was withdrawn", naaste(weakUser), id, SubjectCrisis, false, false, account)
		if ok, behalf, err := s.AccessLogAuthority(ctx, naaste(strongUser), id); err != nil || !ok || behalf != account {
			t.Errorf("access log for the naaste who may act: %v %d %v", ok, behalf, err)
		}
		if ok, _, err := s.AccessLogAuthority(ctx, naaste(weakUser), id); err != nil || ok {
			t.Errorf("access log for the naaste without authority: %v %v", ok, err)
		}
		if _, err := s.AuthorityFor(ctx, naaste(strongUser), 99999, SubjectPlacement); err != ErrNotFound {
			t.Errorf("unknown client: %v", err)
		}
	})
}

// TestAuthorityAuditNamesTheClient: an entry made through an authority
// always names the client, so that an act on behalf of a client without
// an account (on_behalf_of 0: no user to name) still says on whose
// behalf, and the client's access log, which selects by client id, shows
// it. A refusal made through it is the same entry, marked denied.
func TestAuthorityAuditNamesTheClient(t *testing.T) {
	a := Authority{ClientID: 7, Representative: true, Read: true}
	ev := a.Audit(audit.Event{Action: audit.ActionUpdate, Object: "placement_case", Purpose: audit.PurposeMediation})
	if ev.ClientID != 7 || ev.OnBehalfOf != 0 {
		t.Errorf("entry for a client without account: client %d, on behalf of %d; want client 7", ev.ClientID, ev.OnBehalfOf)
	}
	a.Account = 42
	err := a.Refuse(audit.Event{Action: audit.ActionUpdate, Object: "placement_case", Purpose: audit.PurposeMediation}, errNoScope)
	var d *audit.Denial
	if !errors.As(err, &d) || len(d.Events) != 1 || d.Events[0].ClientID != 7 || d.Events[0].OnBehalfOf != 42 || d.Events[0].Outcome != audit.OutcomeDenied {
		t.Errorf("refusal carries %+v, want one denied entry for client 7 on behalf of 42", d)
	}
	if !errors.Is(err, errNoScope) {
		t.Errorf("the refusal no longer unwraps to the module's error: %v", err)
	}
}
