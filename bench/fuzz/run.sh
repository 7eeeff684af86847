#!/usr/bin/env bash
# Fuzzing (issue 18): runs every Go fuzz test of the repository for a while
# each, one after the other, and reports the ones that found a crasher.
#
#   bench/fuzz/run.sh [SECONDS_PER_TARGET] [PACKAGE_PATTERN]
#
# Default 60 seconds per target over ./... . FUZZ_MINIMIZE (default 5s)
# bounds how long the engine minimizes each new interesting input: with Go's
# default of 60 s a target whose input takes milliseconds (the .agd reader
# opens a SQLite file per input) spends the whole minute minimizing its
# first finds, and its progress line stands still at a few dozen inputs,
# which looks like a hang but is not. FUZZ_PARALLEL sets the workers (default
# GOMAXPROCS). `go test -fuzz` writes an input
# that fails to the package's testdata/fuzz/FuzzName/ folder; commit it and
# it runs as a regression test in every plain `go test` from then on. The
# script exits 1 when any target failed, after running all of them.
set -uo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-60}
minimize=${FUZZ_MINIMIZE:-5s}
parallel=()
if [ -n "${FUZZ_PARALLEL:-}" ]; then parallel=(-parallel "$FUZZ_PARALLEL"); fi
pattern=${2:-./...}
failed=()
targets=0
started=$(date +%s)
echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) $(nproc) cores, $(go version | awk '{print $3}'), ${secs}s per target, minimizing at most ${minimize} per input"
printf '| package | target | result | execs | new interesting |\n|---|---|---|---|---|\n'
for pkg in $(go list "$pattern"); do
  dir=$(go list -f '{{.Dir}}' "$pkg")
  # The fuzz targets of the package, from its test files.
  for fn in $(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go 2>/dev/null | awk '{print $2}' | sort -u); do
    targets=$((targets + 1))
    log=$(mktemp)
    if go test -run '^$' -fuzz "^${fn}\$" -fuzztime "${secs}s" -fuzzminimizetime "$minimize" "${parallel[@]}" "$pkg" >"$log" 2>&1; then
      result=ok
    else
      result=FAILED
      failed+=("$pkg $fn")
    fi
    # The last progress line says how many inputs were tried.
    execs=$(grep -o 'execs: [0-9]*' "$log" | tail -1 | awk '{print $2}')
    found=$(grep -o 'new interesting: [0-9]*' "$log" | tail -1 | awk '{print $3}')
    printf '| %s | %s | %s | %s | %s |\n' "${pkg#github.com/volwaardig/volwaardig/}" "$fn" "$result" "${execs:-?}" "${found:-?}"
    if [ "$result" = FAILED ]; then
      sed 's/^/    /' "$log" | tail -25
    fi
    rm -f "$log"
  done
done
echo "# $targets targets in $(( $(date +%s) - started )) s; failed: ${#failed[@]}"
for f in "${failed[@]}"; do echo "#   $f"; done
[ ${#failed[@]} -eq 0 ]
