package clients

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
)

var t0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

func sets() []db.Migrations { return []db.Migrations{Migrations()} }

func newStore(t *testing.T, d *db.DB) (*Service, *db.ManualClock) {
	t.Helper()
	keys, err := GenerateKeys()
	if err != nil {
		t.Fatal(err)
	}
	clock := db.NewManualClock(t0)
	s, err := New(d, clock, nil, nil, keys, nil)
	if err != nil {
		t.Fatal(err)
	}
	return s, clock
}

func mustCreate(t *testing.T, s *Service, nc NewClient) int64 {
	t.Helper()
	id, err := s.Create(context.Background(), nil, nc)
	if err != nil {
		t.Fatalf("create %q: %v", nc.Name, err)
	}
	return id
}

func TestCreateGetUpdate(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, clock := newStore(t, d)
		birth := time.Date(1990, 2, 1, 0, 0, 0, 0, time.UTC)
		id := mustCreate(t, s, NewClient{Name: " Zoë Ëlberg ", BirthDate: birth, Region: "ZK-UTR", BSN: "123456782", Phone: "030-1234567", CreatedBy: 7})
		c, err := s.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if c.Name != "Zoë Ëlberg" || !c.BirthDate.Equal(birth) || c.Region != "ZK-UTR" || c.BSN != "123456782" || c.Phone != "030-1234567" || c.CreatedBy != 7 || !c.CreatedAt.Equal(t0) {
			t.Errorf("read back %+v", c)
		}
		if got, err := s.FindByBSN(ctx, "123456782"); err != nil || got != id {
			t.Errorf("FindByBSN = %d, %v", got, err)
		}
		if _, err := s.Create(ctx, nil, NewClient{Name: "Dubbel", BSN: "123456782"}); err != ErrDuplicateBSN {
			t.Errorf("duplicate BSN: %v", err)
		}
		if _, err := s.Create(ctx, nil, NewClient{Name: "Fout", BSN: "123456783"}); err == nil {
			t.Error("invalid BSN accepted by the store")
		}
		clock.Advance(time.Hour)
		if err := s.Update(ctx, nil, id, NewClient{Name: "Zoë Elberg", BirthDate: birth, Region: "ZK-AMS", BSN: "111222333"}); err != nil {
			t.Fatal(err)
		}
		c, _ = s.Get(ctx, id)
		if c.Region != "ZK-AMS" || c.BSN != "111222333" || !c.UpdatedAt.Equal(t0.Add(time.Hour)) {
			t.Errorf("after update %+v", c)
		}
		if _, err := s.FindByBSN(ctx, "123456782"); err != ErrNotFound {
			t.Errorf("old BSN still found: %v", err)
		}
		if _, err := s.Get(ctx, id+100); err != ErrNotFound {
			t.Errorf("missing client: %v", err)
		}
		// No BSN is fine.
		id2 := mustCreate(t, s, NewClient{Name: "Zonder BSN"})
		if c, _ := s.Get(ctx, id2); c.BSN != "" {
			t.Errorf("BSN %q for a client without", c.BSN)
		}
	})
}

func TestCiphertextBoundToRow(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, _ := newStore(t, d)
		a := mustCreate(t, s, NewClient{Name: "A", BSN: "123456782"})
		b := mustCreate(t, s, NewClient{Name: "B", BSN: "111222333"})
		// Copy A's ciphertext into B's row: it must not decrypt as B's BSN.
		if _, err := d.ExecContext(ctx, `UPDATE clients SET bsn_cipher = (SELECT bsn_cipher FROM clients WHERE id = $1) WHERE id = $2`, a, b); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Get(ctx, b); err == nil {
			t.Error("a ciphertext moved to another row decrypted")
		}
	})
}

// TestRunRotationInBackground checks the server job: started with a new key
// first in the keyring, it re-encrypts the register by itself and stops
// when the server does.
func TestRunRotationInBackground(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		k1, k2, idx := bytes.Repeat([]byte{1}, 32), bytes.Repeat([]byte{2}, 32), bytes.Repeat([]byte{3}, 32)
		old, _ := NewKeys(1, map[uint32][]byte{1: k1}, idx)
		s, _ := New(d, db.NewManualClock(t0), nil, nil, old, nil)
		for i, b := range []BSN{"123456782", "111222333", "012345672"} {
			mustCreate(t, s, NewClient{Name: "B" + string(rune('a'+i)), BSN: b})
		}
		both, _ := NewKeys(2, map[uint32][]byte{1: k1, 2: k2}, idx)
		s2, _ := New(d, db.NewManualClock(t0), nil, nil, both, nil)
		jobCtx, stop := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { s2.RunRotation(jobCtx); close(done) }()
		deadline := time.Now().Add(20 * time.Second)
		for {
			var left int
			if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM clients WHERE bsn_cipher IS NOT NULL AND bsn_key <> 2`).Scan(&left); err != nil {
				t.Fatal(err)
			}
			if left == 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%d rows still under the old key", left)
			}
			time.Sleep(20 * time.Millisecond)
		}
		stop()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatal("RunRotation did not stop with its context")
		}
	})
}

func TestRotate(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		k1 := make([]byte, 32)
		k2 := make([]byte, 32)
		idx := make([]byte, 32)
		for i := range k1 {
			k1[i], k2[i], idx[i] = byte(i), byte(100+i), byte(200+i)
		}
		old, err := NewKeys(1, map[uint32][]byte{1: k1}, idx)
		if err != nil {
			t.Fatal(err)
		}
		s, err := New(d, db.NewManualClock(t0), nil, nil, old, nil)
		if err != nil {
			t.Fatal(err)
		}
		bsns := []BSN{"123456782", "111222333", "012345672", "999999990"}
		var ids []int64
		for i, b := range bsns {
			ids = append(ids, mustCreate(t, s, NewClient{Name: "R" + string(rune('a'+i)), BSN: b}))
		}
		mustCreate(t, s, NewClient{Name: "geen BSN"})
		// New key first, old key kept: old rows still decrypt before rotation.
		both, err := NewKeys(2, map[uint32][]byte{1: k1, 2: k2}, idx)
		if err != nil {
			t.Fatal(err)
		}
		s2, _ := New(d, db.NewManualClock(t0), nil, nil, both, nil)
		for i, id := range ids {
			if c, err := s2.Get(ctx, id); err != nil || c.BSN != bsns[i] {
				t.Fatalf("before rotation client %d: %q %v", id, c.BSN, err)
			}
		}
		n, err := s2.rotate(ctx, 3) // batch smaller than the rows: several batches
		if err != nil || n != len(bsns) {
			t.Fatalf("Rotate = %d, %v; want %d", n, err, len(bsns))
		}
		if n, err := s2.Rotate(ctx); err != nil || n != 0 {
			t.Fatalf("second Rotate = %d, %v; want 0", n, err)
		}
		// Only the new key now: everything decrypts.
		only2, _ := NewKeys(2, map[uint32][]byte{2: k2}, idx)
		s3, _ := New(d, db.NewManualClock(t0), nil, nil, only2, nil)
		for i, id := range ids {
			if c, err := s3.Get(ctx, id); err != nil || c.BSN != bsns[i] {
				t.Fatalf("after rotation client %d: %q %v", id, c.BSN, err)
			}
		}
		// And the old key alone no longer opens them.
		s1, _ := New(d, db.NewManualClock(t0), nil, nil, old, nil)
		if _, err := s1.Get(ctx, ids[0]); err == nil {
			t.Error("old key still decrypts after rotation")
		}
		// The blind index did not change.
		if id, err := s3.FindByBSN(ctx, "012345672"); err != nil || id != ids[2] {
			t.Errorf("FindByBSN after rotation = %d, %v", id, err)
		}
	})
}

func TestRefScopeAndRepresentatives(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, clock := newStore(t, d)
		id := mustCreate(t, s, NewClient{Name: "Sam", Region: "ZK-UTR"})
		other := mustCreate(t, s, NewClient{Name: "Kim", Region: "ZK-UTR"})
		for _, c := range []CareRelation{
			{ClientID: id, Kind: CareOrganisation, RefID: 10},
			{ClientID: id, Kind: CareLocation, RefID: 100},
			{ClientID: id, Kind: CareTeam, RefID: 3},
			{ClientID: id, Kind: CareSupporter, RefID: 55},
			{ClientID: id, Kind: CareLocation, RefID: 101, Start: t0.Add(-48 * time.Hour), End: t0.Add(-24 * time.Hour)},
			{ClientID: id, Kind: CareLocation, RefID: 102, Start: t0.Add(24 * time.Hour)},
		} {
			if _, err := s.AddCareRelation(ctx, nil, c); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.AddCareRelation(ctx, nil, CareRelation{ClientID: id, Kind: "vriend", RefID: 1}); err == nil {
			t.Error("unknown care kind accepted")
		}
		rep, err := s.AddRepresentative(ctx, nil, Representative{ClientID: id, UserID: 900, Relation: RelMentor, MayAct: true, GrantedBy: 1})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddRepresentative(ctx, nil, Representative{ClientID: id, UserID: 901, Relation: RelNaaste, ValidUntil: t0.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddRepresentative(ctx, nil, Representative{ClientID: other, UserID: 900, Relation: RelNaaste}); err != nil {
			t.Fatal(err)
		}
		ref, err := s.Ref(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if ref.ID != id || ref.Region != "ZK-UTR" || !eq(ref.Organisations, 10) || !eq(ref.Locations, 100) || !eq(ref.Teams, 3) || !eq(ref.Supporters, 55) ||
			!eq(ref.Representatives, 900, 901) || !eq(ref.LegalRepresentatives, 900) {
			t.Errorf("ref = %+v", ref)
		}
		// The naaste's authorisation expires; the mentor's is revoked.
		clock.Advance(2 * time.Hour)
		if err := s.RevokeRepresentative(ctx, nil, id, rep, 1); err != nil {
			t.Fatal(err)
		}
		if err := s.RevokeRepresentative(ctx, nil, id, rep, 1); err != ErrNotFound {
			t.Errorf("second revoke: %v", err)
		}
		ref, _ = s.Ref(ctx, id)
		if len(ref.Representatives) != 0 || len(ref.LegalRepresentatives) != 0 {
			t.Errorf("after revoke and expiry: %+v", ref)
		}
		reps, _ := s.Representatives(ctx, id)
		if len(reps) != 2 || reps[0].RevokedAt.IsZero() || reps[0].RevokedBy != 1 {
			t.Errorf("history lost: %+v", reps)
		}
		if _, err := s.Ref(ctx, 9999); err != ErrNotFound {
			t.Errorf("Ref of missing client: %v", err)
		}
		// ScopeFor: account link and representation.
		if err := s.LinkClientAccount(ctx, nil, 500, id); err != nil {
			t.Fatal(err)
		}
		if err := s.LinkClientAccount(ctx, nil, 500, other); err == nil {
			t.Error("user linked twice")
		}
		cid, reps2, err := s.ScopeFor(ctx, 500)
		if err != nil || cid != id || len(reps2) != 0 {
			t.Errorf("ScopeFor(client) = %d %v %v", cid, reps2, err)
		}
		cid, reps2, err = s.ScopeFor(ctx, 900)
		if err != nil || cid != 0 || !eq(reps2, other) {
			t.Errorf("ScopeFor(naaste) = %d %v %v", cid, reps2, err)
		}
	})
}

func eq(got []int64, want ...int64) bool {
	if len(got) != len(want) {
		return false
	}
	seen := map[int64]int{}
	for _, g := range got {
		seen[g]++
	}
	for _, w := range want {
		if seen[w] == 0 {
			return false
		}
		seen[w]--
	}
	return true
}

func TestConsents(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, clock := newStore(t, d)
		id := mustCreate(t, s, NewClient{Name: "Sam"})
		if ok, _ := s.HasBasis(ctx, id, SubjectSleepMonitoring, t0); ok {
			t.Error("basis without a record")
		}
		wzd, err := s.AddConsent(ctx, nil, Consent{ClientID: id, Subject: SubjectSleepMonitoring, Basis: BasisWzd, Note: "besluit 2026-14", RecordedBy: 3})
		if err != nil {
			t.Fatal(err)
		}
		share, err := s.AddConsent(ctx, nil, Consent{ClientID: id, Subject: SubjectSleepData, RecipientKind: RecipientUser, RecipientID: 901, RecipientLabel: "Moeder", Basis: BasisClient, ValidUntil: t0.Add(30 * 24 * time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		for _, bad := range []Consent{
			{ClientID: id, Subject: "alles", Basis: BasisClient},
			{ClientID: id, Subject: SubjectPlan, Basis: "mondeling"},
			{ClientID: id, Subject: SubjectPlan, Basis: BasisClient, RecipientKind: RecipientUser},
			{ClientID: id, Subject: SubjectPlan, Basis: BasisClient, ValidFrom: t0, ValidUntil: t0},
		} {
			if _, err := s.AddConsent(ctx, nil, bad); err == nil {
				t.Errorf("accepted %+v", bad)
			}
		}
		if ok, _ := s.HasBasis(ctx, id, SubjectSleepMonitoring, t0); !ok {
			t.Error("Wzd basis not found")
		}
		if ok, _ := s.SharedWith(ctx, id, SubjectSleepData, 901, t0); !ok {
			t.Error("sharing with 901 not found")
		}
		if ok, _ := s.SharedWith(ctx, id, SubjectSleepData, 902, t0); ok {
			t.Error("shared with someone else")
		}
		if ok, _ := s.SharedWith(ctx, id, SubjectSleepData, 901, t0.Add(31*24*time.Hour)); ok {
			t.Error("sharing past its end")
		}
		clock.Advance(time.Hour)
		if err := s.WithdrawConsent(ctx, nil, id, wzd, 3); err != nil {
			t.Fatal(err)
		}
		if err := s.WithdrawConsent(ctx, nil, id+1, share, 3); err != ErrNotFound {
			t.Errorf("withdraw through another client: %v", err)
		}
		if ok, _ := s.HasBasis(ctx, id, SubjectSleepMonitoring, clock.Now()); ok {
			t.Error("withdrawn basis still holds")
		}
		list, _ := s.Consents(ctx, id)
		if len(list) != 2 || list[0].WithdrawnAt.IsZero() || list[0].Note != "besluit 2026-14" || !list[0].WithdrawnAt.Equal(t0.Add(time.Hour)) {
			t.Errorf("consents %+v", list)
		}
	})
}

func TestListScope(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, _ := newStore(t, d)
		utr := mustCreate(t, s, NewClient{Name: "Anaïs Çelik", Region: "ZK-UTR", BSN: "123456782"})
		ams := mustCreate(t, s, NewClient{Name: "Bram de Wit", Region: "ZK-AMS", BSN: "111222333"})
		pct := mustCreate(t, s, NewClient{Name: "Ans 100%_", Region: "ZK-UTR"})
		if _, err := s.AddCareRelation(ctx, nil, CareRelation{ClientID: ams, Kind: CareLocation, RefID: 7}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddCareRelation(ctx, nil, CareRelation{ClientID: utr, Kind: CareSupporter, RefID: 42}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddCareRelation(ctx, nil, CareRelation{ClientID: pct, Kind: CareLocation, RefID: 8, Start: t0.Add(-time.Hour), End: t0.Add(-time.Minute)}); err != nil {
			t.Fatal(err)
		}
		zk := &auth.Principal{UserID: 1, Role: auth.RoleZorgkantoor, Scope: auth.Scope{Regions: []string{"ZK-UTR"}}}
		zv := &auth.Principal{UserID: 2, Role: auth.RoleZorgverlener, Scope: auth.Scope{Locations: []int64{7, 8}}}
		os := &auth.Principal{UserID: 42, Role: auth.RoleOndersteuner}
		pr := &auth.Principal{UserID: 3, Role: auth.RoleProgramma, Scope: auth.Scope{Regions: []string{"ZK-UTR"}}}
		cases := []struct {
			name string
			p    *auth.Principal
			q    string
			want []int64
		}{
			{"region", zk, "", []int64{pct, utr}},
			{"folded name", zk, "celik", []int64{utr}},
			{"name out of scope", zk, "bram", nil},
			{"bsn in scope", zk, "1234.56.782", []int64{utr}},
			{"bsn out of scope", zk, "111222333", nil},
			{"invalid bsn", zk, "123456789", nil},
			{"like wildcards literal", zk, "100%_", []int64{pct}},
			{"percent alone", zk, "%", []int64{pct}},
			{"location, ended relation excluded", zv, "", []int64{ams}},
			{"caseload", os, "", []int64{utr}},
			{"programma sees none", pr, "", nil},
			{"anonymous", nil, "", nil},
		}
		for _, c := range cases {
			items, _, err := s.List(ctx, c.p, c.q, 1)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			var got []int64
			for _, it := range items {
				got = append(got, it.ID)
			}
			if len(got) != len(c.want) || !eq(got, c.want...) {
				t.Errorf("%s: got %v want %v", c.name, got, c.want)
			}
		}
	})
}

func TestListPages(t *testing.T) {
	d := dbtest.SQLite(t, sets()...)
	s, _ := newStore(t, d)
	for i := range PageSize + 3 {
		mustCreate(t, s, NewClient{Name: "Client " + string(rune('A'+i%26)) + string(rune('a'+i/26)), Region: "R"})
	}
	p := &auth.Principal{Role: auth.RoleZorgkantoor, Scope: auth.Scope{Regions: []string{"R"}}}
	one, more, err := s.List(context.Background(), p, "", 1)
	if err != nil || len(one) != PageSize || !more {
		t.Fatalf("page 1: %d items, more=%v, %v", len(one), more, err)
	}
	two, more, _ := s.List(context.Background(), p, "", 2)
	if len(two) != 3 || more {
		t.Fatalf("page 2: %d items, more=%v", len(two), more)
	}
}
