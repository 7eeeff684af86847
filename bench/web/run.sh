#!/usr/bin/env bash
# Web benchmark (DESIGN §5): wrk on loopback against the heaviest pages of
# each role with the national-scale demo data, each as a ratio to /healthz of
# the same binary in the same run, with p99 latency.
#
#   bench/web/run.sh [DURATION_SECONDS] [PAGE...]
#
# CONNS (default 50) is wrk's number of connections. With BENCH_POSTGRES set
# to a postgres:// URL of an empty database (schema) the server runs on
# PostgreSQL instead of SQLite; BENCH_POSTGRES_ENV may hold the secret and
# keys it needs (VOLWAARDIG_SECRET=... VOLWAARDIG_BSN_KEYS=...).
# Needs wrk (apt-get install wrk) and curl. Traffic goes only to 127.0.0.1;
# every wrk run is bounded in time and the server is stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."
dur=${1:-10}
shift || true
pages=("$@")
if [ ${#pages[@]} -eq 0 ]; then
  # The heaviest page of each module for the role that uses it most.
  pages=("zorgkantoor:/clienten" "zorgkantoor:/complexe-zorg" "crisisregisseur:/crisis" "zorgverlener:/nachtrust" "client:/mijn/gegevens"
    "aanbieder:/innovatie" "naaste:/naasten" "zorgkantoor:/kennis" "ondersteuner:/ondersteuning" "programma:/monitor" "vertrouwenspersoon:/meldingen/behandelen")
fi
tmp=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$tmp"' EXIT
go build -o "$tmp/volwaardig" ./cmd/volwaardig
port=18181
conns=${CONNS:-50}
db="sqlite:$tmp/bench.db"
dbname=SQLite
if [ -n "${BENCH_POSTGRES:-}" ]; then
  db=$BENCH_POSTGRES
  dbname=PostgreSQL
fi
loaded=$(date +%s)
# shellcheck disable=SC2086 # BENCH_POSTGRES_ENV is a list of NAME=value words
env ${BENCH_POSTGRES_ENV:-} "$tmp/volwaardig" serve --demo --demo-scale national --addr 127.0.0.1:$port --db "$db" --log-level warn >"$tmp/out.log" 2>"$tmp/err.log" &
pid=$!
for _ in $(seq 1 600); do
  if curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; then break; fi
  kill -0 $pid 2>/dev/null || break # the server stopped: no use waiting
  sleep 1
done
curl -fs "http://127.0.0.1:$port/readyz" >/dev/null || { echo "server not ready"; cat "$tmp/err.log"; exit 3; }
echo "# national demo loaded and ready in $(( $(date +%s) - loaded )) s"

# run_wrk LABEL URL [COOKIE] -> prints "LABEL rps p99"
run_wrk() {
  local label=$1 url=$2 cookie=${3:-}
  local args=(-t2 -c"$conns" -d"${dur}s" --latency)
  [ -n "$cookie" ] && args+=(-H "Cookie: $cookie")
  local out
  out=$(wrk "${args[@]}" "$url")
  local rps p50 p99 non2xx
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  echo "$label $rps $p99 ${non2xx:-0} $p50"
}

login() {
  local user=$1
  curl -s -c "$tmp/jar-$user" -o /dev/null -d "username=$user" -d password=demo "http://127.0.0.1:$port/login"
  awk '$6=="__Host-vw_sessie" {print "__Host-vw_sessie=" $7}' "$tmp/jar-$user"
}

echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) $(nproc) cores, $(go version | awk '{print $3}'), wrk -t2 -c$conns -d${dur}s, national demo on $dbname"
base=$(run_wrk "/healthz" "http://127.0.0.1:$port/healthz")
echo "$base"
base_rps=$(awk '{print $2}' <<<"$base")
printf '| page | role | requests/s | ratio to /healthz | p50 | p99 | non-2xx |\n|---|---|---|---|---|---|---|\n'
printf '| /healthz | – | %s | 1 | %s | %s | %s |\n' "$base_rps" "$(awk '{print $5}' <<<"$base")" "$(awk '{print $3}' <<<"$base")" "$(awk '{print $4}' <<<"$base")"
for spec in "${pages[@]}"; do
  user=${spec%%:*}
  path=${spec#*:}
  cookie=$(login "$user")
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "http://127.0.0.1:$port$path")
  if [ "$status" != 200 ]; then
    printf '| %s | %s | – | – | – | – | page answered %s |\n' "$path" "$user" "$status"
    continue
  fi
  r=$(run_wrk "$path" "http://127.0.0.1:$port$path" "$cookie")
  rps=$(awk '{print $2}' <<<"$r")
  ratio=$(awk -v a="$rps" -v b="$base_rps" 'BEGIN { printf "%.3f", a/b }')
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$path" "$user" "$rps" "$ratio" "$(awk '{print $5}' <<<"$r")" "$(awk '{print $3}' <<<"$r")" "$(awk '{print $4}' <<<"$r")"
done
