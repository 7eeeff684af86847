package testkit

import (
	"os"
	"path/filepath"
	"testing"
)

// RequireReferenceEnv names the variable that turns a missing reference
// data set from a skip into a failure: CI sets it, so the comparisons with
// the reference implementations cannot silently stop running.
const RequireReferenceEnv = "VOLWAARDIG_REQUIRE_REFERENCE"

// Reference returns the directory ../shared/reference/<parts...> beside
// the repository root (the directory holding go.mod, found upwards from
// the test's working directory). The data set is large and lives outside
// the repository, so when it is absent the test is skipped, unless
// VOLWAARDIG_REQUIRE_REFERENCE=1, when it fails.
func Reference(t testing.TB, parts ...string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	ref, err := referenceFrom(dir, parts...)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(ref); err != nil {
		if os.Getenv(RequireReferenceEnv) == "1" {
			t.Fatalf("reference data missing at %s (%s=1)", ref, RequireReferenceEnv)
		}
		t.Skipf("reference data not found at %s; skipping", ref)
	}
	return ref
}

// referenceFrom finds the repository root above dir and joins the
// reference path to it.
func referenceFrom(dir string, parts ...string) (string, error) {
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
	return filepath.Join(append([]string{dir, "..", "shared", "reference"}, parts...)...), nil
}
