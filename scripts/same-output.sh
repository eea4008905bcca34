#!/usr/bin/env bash
# Proves a refactor changes no output byte (issue #14). Runs one loa binary over the four outputs
# a change can touch and keeps the trees, so two binaries' trees can be compared with `diff -r`:
#   demo     `loa build` of this repository's site (portal, photos, artwork, panos, report)
#   corpus   `loa build` of `gen_corpus --posts 1000 --langs vi,en` (a province-sized portal)
#   banner   `loa banner` of every slogan, format and language
#   kit      `loa kit` for every unit (the zips, and their entries unpacked)
#
#   scripts/same-output.sh BIN DIR     # write the four trees into DIR
#   scripts/same-output.sh --compare BEFORE_BIN AFTER_BIN [WORK]
#
# Each run starts from a copy of the site without `.loa-cache`, so nothing is reused between the
# two binaries; LOA_TODAY pins "today" so both runs see the same campaign year.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export LOA_TODAY=${LOA_TODAY:-2026-11-20}

run() {
  local bin dir site
  bin=$(realpath "$1")
  dir=$2
  rm -rf "$dir"
  mkdir -p "$dir"
  site=$(mktemp -d)
  # The demo site: everything a build reads, none of what it writes.
  local parts=()
  for p in site.yaml content themes static templates i18n artwork; do
    [ -e "$ROOT/$p" ] && parts+=("$p")
  done
  tar -C "$ROOT" --exclude=.loa-cache -cf - "${parts[@]}" | tar -C "$site" -xf -
  "$bin" -r "$site" build -o "$dir/demo" > "$dir/demo.log" 2>&1
  (cd "$site" && "$bin" banner -o "$dir/banner" > "$dir/banner.log" 2>&1)
  (cd "$site" && "$bin" kit -o "$dir/kit-zips" > "$dir/kit.log" 2>&1)
  for z in "$dir"/kit-zips/*.zip; do
    mkdir -p "$dir/kit/$(basename "$z" .zip)"
    python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$z" "$dir/kit/$(basename "$z" .zip)"
  done
  rm -rf "$site"
  "$CORPUS_BIN" --posts 1000 --langs vi,en --units 50 "$dir/corpus-site" > /dev/null 2>&1
  "$bin" -r "$dir/corpus-site" build -o "$dir/corpus" > "$dir/corpus.log" 2>&1
  rm -rf "$dir/corpus-site"
}

# The corpus generator's output does not depend on how it was built; CORPUS_BIN saves a release
# build in a worktree that only has a debug one.
if [ -z "${CORPUS_BIN:-}" ]; then
  cargo build --release --quiet --example gen_corpus
  CORPUS_BIN=$ROOT/target/release/examples/gen_corpus
fi

if [ "${1:-}" = "--compare" ]; then
  work=${4:-/tmp/loa-same-output}
  before=$(mktemp) after=$(mktemp)
  cp "$2" "$before"
  cp "$3" "$after"
  chmod +x "$before" "$after"
  run "$before" "$work/before"
  run "$after" "$work/after"
  # Logs hold timings. Zips are compared whole and unpacked (to name the entry that differs).
  if diff -r -q -x '*.log' "$work/before" "$work/after"; then
    echo "same output: $(find "$work/after" -type f ! -name '*.log' | wc -l) files compared"
  else
    echo "OUTPUT DIFFERS (trees in $work)" >&2
    exit 1
  fi
else
  run "$1" "$2"
fi
