package placement

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
	"github.com/volwaardig/volwaardig/internal/web"
)

func crisisDirector() *auth.Principal {
	return &auth.Principal{UserID: 7, Role: auth.RoleCrisisregisseur, DisplayName: "Regie", Scope: auth.Scope{Regions: []string{"ZK11"}}}
}

// handover runs HandoverTx in its own transaction, as the crisis module's
// transaction would.
func (f *fixture) handover(p *auth.Principal, r HandoverRequest) (HandoverResult, error) {
	var res HandoverResult
	err := f.d.Tx(context.Background(), func(tx *sql.Tx) error {
		var err error
		res, err = f.s.HandoverTx(context.Background(), tx, p, r)
		return err
	})
	return res, err
}

func handoverFields(err error) []string {
	fs, ok := web.FieldErrorsOf(err)
	if !ok {
		return nil
	}
	var out []string
	for _, f := range fs {
		out = append(out, f.Field)
	}
	return out
}

func TestHandoverRegistersAangemeld(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		req := HandoverRequest{ClientID: f.clients[0], Region: "ZK11", Profile: "vg 7", Urgent: true, Dossierhouder: "J. de Wit, Zorg Utrecht",
			Reason: "Kan niet terug naar de groep", Source: "crisismelding 12"}
		res, err := f.handover(crisisDirector(), req)
		if err != nil {
			t.Fatal(err)
		}
		if res.Existing || res.CaseID == 0 || res.Ref() != HandoverRef(res.CaseID) || !strings.HasPrefix(res.Ref(), "CZ-") {
			t.Fatalf("result %+v", res)
		}
		c, err := newStore(d).getCase(ctx, d, res.CaseID, "")
		if err != nil {
			t.Fatal(err)
		}
		if c.Phase != Aangemeld || c.Waiting != UrgentPlaatsen || c.Profile != "VG7" || c.Dossierhouder != "J. de Wit, Zorg Utrecht" || c.Region != "ZK11" || c.ClientID != f.clients[0] {
			t.Errorf("registered case %+v", c.Person)
		}
		ts, err := newStore(d).listTransitions(ctx, d, res.CaseID)
		if err != nil {
			t.Fatal(err)
		}
		if len(ts) != 1 || ts[0].To != Aangemeld || !strings.Contains(ts[0].Reason, "crisismelding 12") || !strings.Contains(ts[0].Reason, "Kan niet terug") || ts[0].By != 7 {
			t.Errorf("history %+v", ts)
		}
		if f.aud.count(audit.ActionCreate) != 1 {
			t.Error("the handover is not audited as a creation")
		}
		if !slices.Contains(f.not.kinds(), kindHandover) {
			t.Errorf("care office not told: %v", f.not.kinds())
		}
		// The region's care office finds the person in its register.
		cs, err := f.s.Cases(ctx, f.zk, CaseFilter{Phase: Aangemeld})
		if err != nil {
			t.Fatal(err)
		}
		if len(cs) != 1 || cs[0].CaseID != res.CaseID {
			t.Errorf("register shows %+v", cs)
		}
		// Handing the same client over again points to the running search:
		// no second case, its dossierhouder and history kept, the care
		// office told of the new crisis.
		again := req
		again.Dossierhouder, again.Source, again.Urgent = "Iemand anders", "crisismelding 13", false
		res2, err := f.handover(&auth.Principal{UserID: 8, Role: auth.RoleCOT, Scope: auth.Scope{Teams: []int64{1}}}, again)
		if err != nil {
			t.Fatal(err)
		}
		if !res2.Existing || res2.CaseID != res.CaseID || res2.Dossierhouder != "J. de Wit, Zorg Utrecht" {
			t.Errorf("second handover %+v", res2)
		}
		var n int
		if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM placement_cases WHERE client_id = $1`, f.clients[0]).Scan(&n); err != nil || n != 1 {
			t.Errorf("%d cases for the client (%v), want 1", n, err)
		}
		if c, _ := newStore(d).getCase(ctx, d, res.CaseID, ""); c.Dossierhouder != "J. de Wit, Zorg Utrecht" || c.Waiting != UrgentPlaatsen {
			t.Errorf("running case rewritten: %+v", c.Person)
		}
		if ts, _ := newStore(d).listTransitions(ctx, d, res.CaseID); len(ts) != 1 {
			t.Errorf("history rewritten: %d transitions", len(ts))
		}
		if got := f.not.kinds(); len(got) != 2 {
			t.Errorf("notices %v, want one per handover", got)
		}
		// A search that ended (gestopt) does not block a new one.
		if err := f.s.Transition(ctx, f.zk, res.CaseID, Gestopt, "Terug naar huis"); err != nil {
			t.Fatal(err)
		}
		res3, err := f.handover(crisisDirector(), req)
		if err != nil || res3.Existing || res3.CaseID == res.CaseID {
			t.Errorf("handover after a closed search: %+v %v", res3, err)
		}
	})
}

func TestHandoverBadInputWritesNothing(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		good := HandoverRequest{ClientID: f.clients[1], Region: "ZK11", Profile: "LVG4", Dossierhouder: "D", Reason: "R"}
		if _, err := f.handover(crisisDirector(), HandoverRequest{ClientID: f.clients[1], Profile: "VG9", Reason: strings.Repeat("x", 1001)}); !slices.Equal(handoverFields(err), []string{"zorgprofiel", "dossierhouder", "reden"}) {
			t.Errorf("bad request: %v", err)
		}
		bad := good
		bad.ClientID = 999999
		if _, err := f.handover(crisisDirector(), bad); !slices.Equal(handoverFields(err), []string{"client"}) {
			t.Errorf("unknown client: %v", err)
		}
		bad = good
		bad.Region = "ZK99"
		if _, err := f.handover(crisisDirector(), bad); !slices.Equal(handoverFields(err), []string{"regio"}) {
			t.Errorf("unknown region: %v", err)
		}
		if _, err := f.handover(f.zk, good); web.AsError(err).Code != web.CodeForbidden {
			t.Errorf("care office used the crisis handover: %v", err)
		}
		// The caller's transaction fails after the handover: nothing stays.
		boom := errors.New("crisis case could not be closed")
		err := d.Tx(ctx, func(tx *sql.Tx) error {
			if _, err := f.s.HandoverTx(ctx, tx, crisisDirector(), good); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("tx: %v", err)
		}
		var n int
		if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM placement_cases`).Scan(&n); err != nil || n != 0 {
			t.Errorf("%d cases written (%v)", n, err)
		}
		// Empty region: the client's own region.
		good.Region = ""
		res, err := f.handover(crisisDirector(), good)
		if err != nil {
			t.Fatal(err)
		}
		if c, _ := newStore(d).getCase(ctx, d, res.CaseID, ""); c.Region != "ZK11" || c.Waiting != ActiefPlaatsen {
			t.Errorf("case %+v", c.Person)
		}
	})
}

// TestHandoverConcurrent hands one client over from several crises at
// once: the register ends with exactly one case, and every handover gets
// it.
func TestHandoverConcurrent(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		const n = 6
		var wg sync.WaitGroup
		results := make([]HandoverResult, n)
		errs := make([]error, n)
		gun := make(chan struct{})
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				<-gun
				results[i], errs[i] = f.handover(crisisDirector(), HandoverRequest{ClientID: f.clients[2], Region: "ZK11", Profile: "VG6", Dossierhouder: "D", Reason: "R",
					Source: "crisismelding " + string(rune('a'+i))})
			}(i)
		}
		close(gun)
		wg.Wait()
		created := 0
		for i, err := range errs {
			if err != nil {
				t.Fatalf("handover %d: %v", i, err)
			}
			if !results[i].Existing {
				created++
			}
			if results[i].CaseID != results[0].CaseID {
				t.Errorf("handover %d got case %d, another %d", i, results[i].CaseID, results[0].CaseID)
			}
		}
		var rows int
		if err := d.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM placement_cases WHERE client_id = $1`, f.clients[2]).Scan(&rows); err != nil {
			t.Fatal(err)
		}
		if created != 1 || rows != 1 {
			t.Errorf("%d handovers created a case, %d rows; want 1 and 1", created, rows)
		}
	})
}
