#!/usr/bin/env bash
# Copies the fuzzers' seed inputs into DIR/{x12,json,pack,pieces} at run time:
# the examples, the test fixtures, the kept regression inputs, and the public
# X12 sample corpus at ../shared/corpus (or $PERDIEM_CORPUS_DIR) when it is
# there. Nothing from that corpus is ever copied into the repository.
# Usage: bash fuzz/seed-corpus.sh DIR
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: fuzz/seed-corpus.sh DIR}
rm -rf "$out"
mkdir -p "$out/x12" "$out/json" "$out/pack" "$out/pieces"

copy() {  # copy DEST FILE... (names made unique by their path)
  local dest=$1; shift
  local f
  for f in "$@"; do
    [ -f "$f" ] || continue
    cp "$f" "$dest/$(printf '%s' "$f" | sed 's|^[./]*||; s|[/ ]|_|g')"
  done
}

shopt -s nullglob globstar
copy "$out/x12" examples/*.837 tests/data/malformed/**/*.837 tests/data/malformed/**/*.x12 fuzz/regressions/x12/*
copy "$out/json" examples/*.json examples/*.ndjson tests/golden/*.json tests/data/malformed/**/*.json \
  tests/data/malformed/**/*.ndjson fuzz/regressions/json/*
corpus=${PERDIEM_CORPUS_DIR:-../shared/corpus}
if [ -d "$corpus/x12" ]; then
  copy "$out/x12" "$corpus"/x12/*.edi "$corpus"/x12/*.x12 "$corpus"/x12/*.837 "$corpus"/x12/*.txt
else
  echo "seed-corpus: $corpus/x12 is not there; seeding from the repository only" >&2
fi
# Some X12 seeds are JSON-shaped and vice versa: each reader meets both.
copy "$out/json" examples/damaged.837

# Pack seeds: pack.toml, drugs.csv and ndc.csv separated by "=====" lines
# (see fuzz/fuzz_pack.cc): the whole built-in pack, and smaller ones.
p=packs/cpcp019
sep=$'\n=====\n'
{ cat "$p/pack.toml"; printf '%s' "$sep"; cat "$p/drugs.csv"; printf '%s' "$sep"; cat "$p/ndc.csv"; } > "$out/pack/full"
{ cat "$p/pack.toml"; printf '%s' "$sep"; awk 'NR == 1 || NR % 8 == 0' "$p/drugs.csv"; printf '%s' "$sep"; cat "$p/ndc.csv"; } > "$out/pack/thin"
{ cat "$p/pack.toml"; printf '%s' "$sep"; head -n 20 "$p/drugs.csv"; } > "$out/pack/no-ndc"
head -c 4000 "$p/pack.toml" > "$out/pack/toml-head"
{ printf '[pack]\nid = "x"\n%s' "$sep"; head -n 5 "$p/drugs.csv"; printf '%s' "$sep"; head -n 5 "$p/ndc.csv"; } > "$out/pack/tiny"
copy "$out/pack" fuzz/regressions/pack/*

# Pieces seeds: each X12 seed behind two bytes (fuzz/fuzz_pieces.cc), the
# first setting the piece size (16 + 4 * byte bytes), the second the limits:
# 63 the usual ones, 68 max_claims 5 and max_segment_bytes 256.
for f in "$out"/x12/*; do
  for bl in 0.63 9.63 60.63 9.68; do
    b=${bl%.*} l=${bl#*.}
    { printf "\\$(printf '%03o' "$b")\\$(printf '%03o' "$l")"; cat "$f"; } > "$out/pieces/$(basename "$f").$bl"
  done
done
copy "$out/pieces" fuzz/regressions/pieces/*

for t in x12 json pack pieces; do
  echo "seed-corpus: $t: $(ls "$out/$t" | wc -l) seeds"
done
