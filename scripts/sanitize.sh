#!/usr/bin/env bash
# Builds everything (library, CLI, tests) with clang, AddressSanitizer and
# UndefinedBehaviorSanitizer in build-asan/, and runs the whole test suite
# there. Any sanitizer report fails the test that triggered it.
# Usage: bash scripts/sanitize.sh [extra cmake -D options]
set -euo pipefail
cd "$(dirname "$0")/.."

# clang and its sanitizer runtimes (Debian 12), llvm-symbolizer for readable
# stack traces, and what the normal build needs.
packages=(clang-14 libclang-rt-14-dev llvm-14 cmake ninja-build pkg-config libfmt-dev libcli11-dev
          libsimdjson-dev libtomlplusplus-dev libgtest-dev libgmock-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "sanitize: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

CXX=clang++-14 cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPERDIEM_SANITIZE=ON "$@" >/dev/null
cmake --build build-asan

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=1:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
[ -x /usr/lib/llvm-14/bin/llvm-symbolizer ] && export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-14/bin/llvm-symbolizer
ctest --test-dir build-asan --output-on-failure -j "$(nproc)"
