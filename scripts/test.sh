#!/usr/bin/env bash
# The test command of the README: go vet, the lint gate (staticcheck,
# errcheck), every Go test, then the browser tests (e2e/), in that order.
# Extra arguments go to both `go test` runs, e.g. scripts/test.sh -run TestSite/browser/roles/cot.
#
# Tests that need a service look at the environment:
#   VOLWAARDIG_TEST_POSTGRES   postgres:// URL: run the store tests on PostgreSQL too
#   VOLWAARDIG_REQUIRE_REFERENCE=1  missing ../shared/reference fails instead of skipping
#   VOLWAARDIG_REQUIRE_BROWSER=1    missing Chromium, axe-core or curl fails instead of skipping
#   CI=true                    a missing PostgreSQL, Spectral or its ruleset fails instead of skipping
# .ci/run sets all of them. Every step runs even when an earlier one failed,
# so one run shows every failure; the exit status is non-zero when anything
# failed, and the output ends with go test's own lines.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -x /usr/local/go/bin/go ] && ! command -v go >/dev/null 2>&1; then
  export PATH="/usr/local/go/bin:$PATH"
fi

status=0
failed() { status=1; echo "==> FAILED: $*; continuing, the command will exit non-zero"; }

echo "==> $(go version)"

echo "==> go vet ./..."
go vet ./... || failed "go vet"

# The lint gate: staticcheck and errcheck over every package, tests and e2e
# included; any finding fails the command. Both are pinned in tools/go.mod
# (its own module, so the server's go.mod and its dependency list stay
# free of lint code, and tools/go.sum pins their hashes) and built from the
# Go module proxy into a temporary directory. Exceptions stand beside
# their line (//lint:ignore for staticcheck, `_ =` with a reason for
# errcheck); tools/errcheck.exclude lists the few functions whose error
# carries nothing anywhere, each with its reason.
lintbin=$(mktemp -d)
trap 'rm -rf "$lintbin"' EXIT
if go build -C tools -o "$lintbin/" honnef.co/go/tools/cmd/staticcheck github.com/kisielk/errcheck; then
  echo "==> staticcheck ./..."
  "$lintbin/staticcheck" ./... || failed "staticcheck"
  echo "==> errcheck ./..."
  "$lintbin/errcheck" -exclude tools/errcheck.exclude ./... || failed "errcheck"
else
  failed "building the linters (tools/go.mod)"
fi

# axe-core for the browser tests and Spectral, which lints the generated
# OpenAPI document with the NL API Design Rules (internal/app
# TestOpenAPISpectral), come from npm, never from the repository.
if { [ ! -f e2e/node_modules/axe-core/axe.min.js ] || [ ! -x e2e/node_modules/.bin/spectral ]; } && [ -f e2e/package-lock.json ]; then
  if command -v npm >/dev/null 2>&1; then
    echo "==> npm ci --prefix e2e (axe-core for the browser tests, Spectral for the API document)"
    npm ci --prefix e2e --no-audit --no-fund || echo "warning: npm ci failed; the browser tests and the Spectral lint will skip (or fail when required)"
  else
    echo "warning: npm not found; the browser tests and the Spectral lint will skip (or fail when VOLWAARDIG_REQUIRE_BROWSER=1 or CI=true)"
  fi
fi

# The unit and store tests first, two packages at a time on a 2-core
# machine; the browser tests after them, on their own, because they start
# servers and a browser that would compete with the other packages.
packages=$(go list -e ./... | grep -v '/e2e$')
echo "==> go test ./... (without e2e)"
# shellcheck disable=SC2086
go test -p 2 -timeout 30m "$@" $packages || failed "go test ./..."

echo "==> go test ./e2e/... (browser tests: real server, headless Chromium, axe-core)"
# -count=1: the tests build the binary themselves, which go test's cache
# cannot see, so a cached result could hide a change.
go test -count=1 -timeout 30m "$@" ./e2e/... || status=1
exit "$status"
