#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) in build-fuzz/, runs the
# kept regression inputs (fuzz/regressions/), then fuzzes each target for a
# fixed time, seeded at run time by fuzz/seed-corpus.sh. See fuzz/README.md.
#
# Usage: bash scripts/fuzz.sh [--ci] [--seconds N] [x12] [json] [pack] [pieces]
#   --ci         what CI runs: every target for 60 s (PERDIEM_FUZZ_SECONDS)
#   --seconds N  fuzz each target for N seconds (default 600 without --ci)
# Exits non-zero when a regression input or the fuzzing finds a crash, a
# leak, a hang (-timeout) or a broken invariant; the input is saved under
# build-fuzz/crashes/TARGET/.
set -euo pipefail
cd "$(dirname "$0")/.."

ci=0
seconds=""
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --ci) ci=1 ;;
    --seconds) seconds=$2; shift ;;
    x12|json|pack|pieces) targets+=("$1") ;;
    *) echo "usage: scripts/fuzz.sh [--ci] [--seconds N] [x12] [json] [pack] [pieces]" >&2; exit 64 ;;
  esac
  shift
done
[ ${#targets[@]} -gt 0 ] || targets=(x12 json pack pieces)
if [ -z "$seconds" ]; then
  if [ $ci -eq 1 ]; then seconds=${PERDIEM_FUZZ_SECONDS:-60}; else seconds=600; fi
fi

# clang, its sanitizer and libFuzzer runtimes, and llvm-symbolizer (Debian 12).
packages=(clang-14 libclang-rt-14-dev llvm-14 cmake ninja-build libfmt-dev libcli11-dev
          libsimdjson-dev libtomlplusplus-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "fuzz: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

build=build-fuzz
CXX=clang++-14 cmake -S . -B $build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DPERDIEM_FUZZ=ON -DPERDIEM_TESTS=OFF >/dev/null
cmake --build $build --target $(printf 'fuzz_%s ' "${targets[@]}")
bash fuzz/seed-corpus.sh $build/seeds

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
[ -x /usr/lib/llvm-14/bin/llvm-symbolizer ] && export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-14/bin/llvm-symbolizer

status=0
summary=()
for t in "${targets[@]}"; do
  bin=$build/fuzz/fuzz_$t
  mkdir -p $build/corpus/$t $build/crashes/$t $build/logs
  # 1. Every kept regression input once.
  shopt -s nullglob
  kept=(fuzz/regressions/$t/*)
  shopt -u nullglob
  if [ ${#kept[@]} -gt 0 ]; then
    if ! $bin -rss_limit_mb=2048 -timeout=30 "${kept[@]}" > $build/logs/$t-regressions.log 2>&1; then
      echo "fuzz: $t: a kept regression input fails again; see $build/logs/$t-regressions.log" >&2
      tail -n 40 $build/logs/$t-regressions.log >&2
      status=1
      continue
    fi
  fi
  # 2. Fuzz for a fixed time. Inputs up to 64 KiB: segments, lines and claims
  #    limits are set low in the targets so that they are reached.
  max_len=65536
  [ "$t" = pack ] && max_len=200000
  log=$build/logs/$t.log
  echo "fuzz: $t for ${seconds}s (log: $log)"
  if ! $bin -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=$max_len \
         -dict=fuzz/$t.dict -print_final_stats=1 -artifact_prefix=$build/crashes/$t/ \
         $build/corpus/$t $build/seeds/$t > "$log" 2>&1; then
    echo "fuzz: $t FOUND A FAILURE; the input is in $build/crashes/$t/:" >&2
    ls -l $build/crashes/$t >&2
    grep -E "ERROR|INVARIANT|SUMMARY|runtime error" "$log" | head -n 20 >&2
    echo "fuzz: fix it, then keep the input: cp $build/crashes/$t/<file> fuzz/regressions/$t/" >&2
    status=1
  fi
  execs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' || echo "?")
  last=$(grep -E '^#[0-9]+' "$log" | tail -n 1 || true)
  cov=$(printf '%s' "$last" | grep -Eo 'cov: [0-9]+' | grep -Eo '[0-9]+' || echo "?")
  ft=$(printf '%s' "$last" | grep -Eo 'ft: [0-9]+' | grep -Eo '[0-9]+' || echo "?")
  corp=$(printf '%s' "$last" | grep -Eo 'corp: [0-9]+' | grep -Eo '[0-9]+' || echo "?")
  ran=$(grep -Eo 'Done [0-9]+ runs in [0-9]+ second' "$log" | grep -Eo '[0-9]+ second' | grep -Eo '[0-9]+' || true)
  [ -n "$ran" ] || ran="stopped early, of ${seconds}"
  summary+=("$t: ${ran}s, $execs execs, cov $cov edges, ft $ft features, corpus $corp, crashes $(ls $build/crashes/$t | wc -l)")
done
printf 'fuzz: %s\n' "${summary[@]}"
exit $status
