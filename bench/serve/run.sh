#!/usr/bin/env bash
# Load run of `perdiem serve` with wrk, on loopback only, bounded in time.
#
#   bash bench/serve/run.sh                 # 10 s per run, then a 5-minute soak
#   SOAK=0 bash bench/serve/run.sh          # without the soak
#
# Measures, for POST /v1/check of a 10-line claim (claim-10-lines.json):
#   1. 1 connection, closed loop: requests/s, p50, p99
#   2. 64 connections, closed loop: requests/s, p50, p99
#   3. paced at about 1,000 requests/s (16 connections, each waiting 15 ms): p50, p99
#   4. soak: 64 connections for SOAK seconds, resident memory sampled every 10 s
# and the server's peak resident memory (VmHWM). Every run is bounded by
# wrk's -d and by `timeout`; the server is stopped with SIGTERM at the end.
#
# Environment: PERDIEM (binary, default build/perdiem), DURATION (seconds per
# run, default 10), SOAK (seconds, default 300; 0 skips it), THREADS (server
# --threads, default the server's), ACCESS_LOG (default a file in a temporary
# folder, as a deployment would have; "off" to disable).
set -euo pipefail
cd "$(dirname "$0")/../.."

PERDIEM=${PERDIEM:-build/perdiem}
DURATION=${DURATION:-10}
SOAK=${SOAK:-300}
RATE_CONNS=${RATE_CONNS:-16}
RATE_DELAY=${RATE_DELAY:-15}
BODY=bench/serve/claim-10-lines.json
export BODY

command -v wrk >/dev/null || { echo "bench/serve: wrk is not installed (apt-get install wrk)" >&2; exit 64; }
[ -x "$PERDIEM" ] || { echo "bench/serve: $PERDIEM is not built (bash scripts/setup.sh)" >&2; exit 64; }

work=$(mktemp -d)
ACCESS_LOG=${ACCESS_LOG:-$work/access.log}
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

args=(serve --host 127.0.0.1 --port 0 --access-log "$ACCESS_LOG")
[ -n "${THREADS:-}" ] && args+=(--threads "$THREADS")
"$PERDIEM" "${args[@]}" 2>"$work/server.err" &
server_pid=$!
port=""
for _ in $(seq 1 100); do
  port=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$work/server.err" | head -1)
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { echo "bench/serve: the server did not start:" >&2; cat "$work/server.err" >&2; exit 1; }
url="http://127.0.0.1:$port/v1/check"
echo "# perdiem serve on 127.0.0.1:$port, $(nproc) cores, $(head -1 "$work/server.err" | sed 's/.*(\(.*\))/\1/')"
echo "# body: $BODY ($(wc -c <"$BODY") bytes, 10 lines); wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}')"

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$server_pid/status"; }
hwm_kib() { awk '/^VmHWM:/ {print $2}' "/proc/$server_pid/status"; }

# run NAME THREADS CONNECTIONS SECONDS DELAY_MS
run() {
  local name=$1 t=$2 c=$3 d=$4 delay=$5 out
  out=$(DELAY=$delay timeout $((d + 30)) wrk -t"$t" -c"$c" -d"${d}s" --timeout 5s -s bench/serve/check.lua "$url" | grep '^RESULT')
  echo "$name ${out#RESULT }"
}

# Warm up (page in the pack, the allocator, the thread pool).
run warmup 2 64 2 0 >/dev/null
echo "| run | connections | requests/s | p50 ms | p99 ms | p99.9 ms | max ms | errors | non-2xx |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
table() {
  local name=$1 c=$2 line=$3
  # shellcheck disable=SC2086
  local $(echo "$line" | cut -d' ' -f2-)
  echo "| $name | $c | $rps | $p50_ms | $p99_ms | $p999_ms | $max_ms | $errors | $non2xx |"
}
table "closed loop" 1 "$(run one 1 1 "$DURATION" 0)"
table "closed loop" 64 "$(run many 2 64 "$DURATION" 0)"
table "paced (~1,000/s)" "$RATE_CONNS" "$(run paced 2 "$RATE_CONNS" "$DURATION" "$RATE_DELAY")"
echo
echo "resident memory after these runs: $(( $(rss_kib) / 1024 )) MiB"

if [ "$SOAK" -gt 0 ]; then
  echo
  echo "## soak: 64 connections, closed loop, ${SOAK} s; resident memory every 10 s (KiB)"
  DELAY=0 timeout $((SOAK + 60)) wrk -t2 -c64 -d"${SOAK}s" --timeout 5s -s bench/serve/check.lua "$url" \
    >"$work/soak.out" &
  wrk_pid=$!
  samples=()
  for _ in $(seq 1 $((SOAK / 10))); do
    sleep 10
    samples+=("$(rss_kib)")
  done
  wait "$wrk_pid" || true
  soak=$(grep '^RESULT' "$work/soak.out")
  echo "samples: ${samples[*]}"
  table "soak" 64 "soak ${soak#RESULT }" | sed 's/^/summary: /'
  # Growth: compare the first and the second half of the run (after the
  # first minute, once every thread has run and the allocator has its arenas).
  n=${#samples[@]}
  half=$(( (n + 6) / 2 ))
  stats() { printf '%s\n' "$@" | sort -n | awk 'NR==1{min=$1} {max=$1} END{printf "%d..%d", min, max}'; }
  if [ "$n" -ge 12 ]; then
    echo "memory (KiB): first minute $(stats "${samples[@]:0:6}"), minute 1 to the half $(stats "${samples[@]:6:$((half - 6))}"), second half $(stats "${samples[@]:$half}"), end ${samples[$((n - 1))]}"
  else
    echo "memory (KiB): $(stats "${samples[@]}") (a run of 2 minutes or more splits it into halves)"
  fi
fi

echo
echo "peak resident memory (VmHWM): $(( $(hwm_kib) / 1024 )) MiB"
metrics=$(curl -s "http://127.0.0.1:$port/metrics" || true)
echo "$metrics" | grep -E '^perdiem_http_requests_total.*status="[^2]' | sed 's/^/non-200: /' || true
echo "server: $(echo "$metrics" | awk '/^perdiem_http_requests_in_flight_peak / {print "in-flight peak " $2}'), $(echo "$metrics" | grep -c 'status="5' || true) 5xx series, $(echo "$metrics" | awk -F'} ' '/^perdiem_http_requests_total\{route="\/v1\/check",method="POST",status="200"\}/ {print $2}') checks answered 200"
