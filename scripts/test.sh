#!/usr/bin/env bash
# Sets up, builds and runs the whole test suite (ctest).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
ctest --test-dir build --output-on-failure -j "$(nproc)"

# Hostile input (docs/robustness.md): the whole suite again under ASan+UBSan
# (build-asan/), then each libFuzzer target for a fixed 60 s (build-fuzz/).
bash scripts/sanitize.sh
bash scripts/fuzz.sh --ci

# The biller's page in headless Chromium (tests/browser): Debian's chromium,
# driven by playwright-core from npm (pinned in tests/browser/package-lock.json).
need=()
command -v chromium >/dev/null || need+=(chromium)
command -v node >/dev/null || need+=(nodejs)
command -v npm >/dev/null || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
[ -d tests/browser/node_modules/playwright-core ] || (cd tests/browser && npm ci --no-audit --no-fund)
PERDIEM_BINARY="$PWD/build/perdiem" node --test tests/browser/page.test.mjs

# What perdiem writes, read by an independent X12 parser (tests/x12check):
# node-x12 from npm (pinned in tests/x12check/package-lock.json), strict.
[ -d tests/x12check/node_modules/node-x12 ] || (cd tests/x12check && npm ci --no-audit --no-fund)
PERDIEM_BINARY="$PWD/build/perdiem" node --test tests/x12check/
