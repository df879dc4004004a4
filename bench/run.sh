#!/usr/bin/env bash
# The throughput bench, one command: builds perdiem (Release), generates a few
# hundred MB of synthetic 837P, and measures on that same file, in one run:
# the physical floor (a scan for segment terminators), the X12 reader alone
# (whole, and in pieces), perdiem check end to end on 1 thread and on all
# cores (ndjson and json; and ndjson with one reading thread, --piece-bytes 0),
# and the peer (npm x12-parser's streaming parse). Prints MB/s, claims/s,
# peak RSS and the ratios to the floor and the peer.
#
#   bash bench/run.sh            # 1,000,000 claims (about 460 MB)
#   CLAIMS=200000 bash bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
CLAIMS=${CLAIMS:-1000000}
REPEAT=${REPEAT:-3}
WORK=${WORK:-$(mktemp -d)}
trap 'rm -f "$WORK/claims.837"' EXIT

need=()
command -v /usr/bin/time >/dev/null || need+=(time)
command -v node >/dev/null || need+=(nodejs)
command -v npm >/dev/null || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
bash scripts/setup.sh >/dev/null  # the Debian packages the build needs
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DPERDIEM_TESTS=OFF >/dev/null
cmake --build build-release --target perdiem perdiem-bench perdiem-micro >/dev/null
(cd bench/peer && [ -d node_modules/x12-parser ] || npm ci --no-audit --no-fund --silent)

bin=build-release
file="$WORK/claims.837"
"$bin/perdiem" gen --claims "$CLAIMS" --seed 1 -o "$file"
bytes=$(stat -c %s "$file")
cat "$file" > /dev/null  # warm the page cache: every run reads from memory

# best-of-REPEAT wall time and its peak RSS for a command
measure() {
  local best="" rss=""
  for _ in $(seq "$REPEAT"); do
    local out
    /usr/bin/time -f "%e %M" -o "$WORK/time.txt" "$@" > /dev/null 2>&1 || true
    out=$(tail -1 "$WORK/time.txt")
    local t=${out% *} m=${out#* }
    if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; rss=$m; fi
  done
  echo "$best $rss"
}
# perdiem-bench prints its own timing (no process start-up, no page-in)
inner() { "$@" | awk '{print $4}'; }

floor_t=$(for _ in $(seq "$REPEAT"); do inner "$bin/perdiem-bench" floor "$file"; done | sort -g | head -1)
parse_t=$(for _ in $(seq "$REPEAT"); do inner "$bin/perdiem-bench" parse "$file"; done | sort -g | head -1)
pieces_t=$(for _ in $(seq "$REPEAT"); do inner "$bin/perdiem-bench" pieces "$file"; done | sort -g | head -1)
read -r c1_t c1_m < <(measure "$bin/perdiem" check --threads 1 --format ndjson -o /dev/null "$file")
read -r cn_t cn_m < <(measure "$bin/perdiem" check --threads "$(nproc)" --format ndjson -o /dev/null "$file")
read -r cj_t cj_m < <(measure "$bin/perdiem" check --threads "$(nproc)" --format json -o /dev/null "$file")
read -r cs_t cs_m < <(measure "$bin/perdiem" check --threads "$(nproc)" --piece-bytes 0 --format ndjson -o /dev/null "$file")
/usr/bin/time -f "%e %M" -o "$WORK/time.txt" node bench/peer/parse.mjs "$file" > "$WORK/peer.txt"
peer_out=$(tail -1 "$WORK/time.txt")
peer_t=$(awk '{print $4}' "$WORK/peer.txt")
peer_m=${peer_out#* }

echo "perdiem throughput bench: $CLAIMS claims, $bytes bytes, $(nproc) cores, $(date -u +%Y-%m-%d)"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
awk -v B="$bytes" -v N="$CLAIMS" -v ft="$floor_t" -v pt="$parse_t" -v pp="$pieces_t" \
    -v c1="$c1_t" -v c1m="$c1_m" -v cn="$cn_t" -v cnm="$cn_m" -v cj="$cj_t" -v cjm="$cj_m" \
    -v cs="$cs_t" -v csm="$cs_m" \
    -v pe="$peer_t" -v pem="$peer_m" -v T="$(nproc)" 'BEGIN {
  printf "%-40s %10s %12s %10s %9s %9s\n", "measurement", "MB/s", "claims/s", "RSS MB", "x floor", "x peer"
  row("floor: scan for segment terminators", ft, "-")
  row("perdiem X12 reader only", pt, "-")
  row("perdiem X12 reader only, 1 MiB pieces", pp, "-")
  row("perdiem check, 1 thread, ndjson", c1, c1m)
  row("perdiem check, " T " threads, ndjson", cn, cnm)
  row("perdiem check, " T " threads, json", cj, cjm)
  row("  same, ndjson, one reading thread", cs, csm)
  row("peer: x12-parser (npm) stream parse", pe, pem)
  printf "speed-up of %d threads over 1: %.2fx\n", T, c1 / cn
}
function row(name, t, m,   mbs) {
  mbs = B / t / 1e6
  printf "%-40s %10.1f %12.0f %10s %8.3fx %8.1fx\n", name, mbs, N / t, (m == "-" ? "-" : sprintf("%.0f", m / 1024)), (B / t) / (B / ft), (B / t) / (B / pe)
}'
