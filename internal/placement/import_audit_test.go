package placement

import (
	"context"
	"net/url"
	"testing"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
)

// TestImportOutOfScopeClientAudited: a regional list that names another
// region's client is refused for that row, and the refusal is audited as a
// denied attempt on that client, as one registration is (issue 9): the
// list named a client the user may not see. An id no client has is a plain
// row error with no audit entry (there is no client to log against).
func TestImportOutOfScopeClientAudited(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		other := f.clients[4] // ZK16
		csv := "client_id;regio;zorgprofiel;wachtstatus;aangemeld\n" +
			itoa(other) + ";ZK11;VG7;actief;01-02-2026\n" +
			"99999;ZK11;VG7;actief;01-02-2026\n"
		rows, err := ParseImportCSV([]byte(csv))
		if err != nil {
			t.Fatal(err)
		}
		checked, err := f.s.CheckImport(ctx, f.zk, rows)
		if err != nil {
			t.Fatal(err)
		}
		if len(checked[0].Errors) != 1 {
			t.Fatalf("row naming another region's client: errors %v", checked[0].Errors)
		}
		ev, ok := f.lastEvent("placement_case", other)
		if !ok || ev.Outcome != audit.OutcomeDenied || ev.Action != audit.ActionCreate {
			t.Fatalf("refused import row not audited as denied: %+v (found %v)", ev, ok)
		}
		if _, ok := f.lastEvent("placement_case", 99999); ok {
			t.Error("an unknown client id was audited")
		}
		// The confirmation (ImportRows) and the upload form check again,
		// and each refusal is audited.
		before := f.deniedFor(other)
		if _, err := f.s.ImportRows(ctx, f.zk, rows); err == nil {
			t.Fatal("import with another region's client stored")
		}
		if got := f.deniedFor(other); got != before+1 {
			t.Errorf("ImportRows: %d denied entries for the client, want %d", got, before+1)
		}
		_, do := f.server(t)
		before = f.deniedFor(other)
		code, _ := do(f.zk, "POST", "/complexe-zorg/import/bevestigen", url.Values{"gegevens": {encodePayload("lijst.csv", []byte(csv))}})
		if got := f.deniedFor(other); got <= before {
			t.Errorf("the import form (%d) did not audit the refusal", code)
		}
	})
}

// deniedFor counts the denied audit entries about clientID.
func (f *fixture) deniedFor(clientID int64) int {
	n := 0
	for _, ev := range f.aud.Events() {
		if ev.ClientID == clientID && ev.Outcome == audit.OutcomeDenied {
			n++
		}
	}
	return n
}
