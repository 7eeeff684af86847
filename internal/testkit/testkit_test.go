package testkit

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
)

// The locator finds ../shared/reference beside the directory that holds
// go.mod, from any depth below it, and reports a tree without go.mod.
func TestReferenceFrom(t *testing.T) {
	root := t.TempDir()
	repo := filepath.Join(root, "repo")
	deep := filepath.Join(repo, "internal", "sleep", "score")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(repo, "go.mod"), []byte("module x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := referenceFrom(deep, "actilife")
	if want := filepath.Join(root, "shared", "reference", "actilife"); err != nil || got != want {
		t.Errorf("referenceFrom = %q %v, want %q", got, err, want)
	}
	if _, err := referenceFrom(root); err == nil {
		t.Error("a tree without go.mod gave a reference directory")
	}
}

// The in-memory auditor keeps events and users in order, refuses while
// failing, and counts by a predicate.
func TestAuditor(t *testing.T) {
	var a Auditor
	ctx := context.Background()
	p := &auth.Principal{UserID: 7}
	if err := a.Record(ctx, p, audit.Event{Action: audit.ActionRead, ClientID: 1}); err != nil {
		t.Fatal(err)
	}
	if err := a.RecordMany(ctx, nil, []audit.Event{{Action: audit.ActionCreate, ClientID: 2}, {Action: audit.ActionRead, ClientID: 2}}); err != nil {
		t.Fatal(err)
	}
	a.SetFail(true)
	if err := a.RecordTx(ctx, nil, p, audit.Event{Action: audit.ActionRead}); !errors.Is(err, ErrAuditDown) {
		t.Errorf("failing auditor recorded: %v", err)
	}
	a.SetFail(false)
	if n := a.Count(func(e audit.Event) bool { return e.Action == audit.ActionRead }); n != 2 {
		t.Errorf("reads: %d", n)
	}
	if u := a.Users(); len(u) != 3 || u[0] != 7 || u[1] != 0 {
		t.Errorf("users: %v", u)
	}
	evs := a.Events()
	evs[0].ClientID = 99
	if a.Events()[0].ClientID != 1 {
		t.Error("Events shares its slice with the recorder")
	}
}
