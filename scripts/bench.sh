#!/usr/bin/env bash
# Province-scale build benchmark (issue #5). For each N (default 1000 10000 50000) it generates a
# corpus of N bilingual news posts once (kept in $BENCH_DIR), then measures in one run:
#   cold      `loa build` with no .loa-cache into a new folder: every share card and artwork drawn
#   floor     creating as many folders with one 6 KB index.html each (examples/write_floor.rs)
#   full      `loa build` into another new folder, the artwork cache kept from the cold build, as
#             on any machine or CI that keeps .loa-cache/: wall, user+sys CPU, pages/s, peak RSS
#   rebuild   the same build again with nothing changed
# Figures are for this machine only; compare ratios measured in the same run.
#
#   scripts/bench.sh            # 1k, 10k and 50k posts
#   scripts/bench.sh 10000      # one size
#   BENCH_DIR=/tmp/b scripts/bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH_DIR=${BENCH_DIR:-/tmp/loa-bench}
SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(1000 10000 50000)
cargo build --release --quiet --bin loa --example gen_corpus --example write_floor
LOA=target/release/loa
mkdir -p "$BENCH_DIR"

# Runs a command under /usr/bin/time; prints "wall cpu rss_mib". Redirect it to a file rather
# than read it through <(…): in a subshell its exit on a failed build would not stop the script.
measure() {
  /usr/bin/time -f "%e %U %S %M" -o "$BENCH_DIR/time.txt" "$@" > "$BENCH_DIR/out.txt" 2>&1 \
    || { cat "$BENCH_DIR/out.txt"; exit 1; }
  awk '{ printf "%s %.2f %.0f\n", $1, $2 + $3, $4 / 1024 }' "$BENCH_DIR/time.txt"
}

printf "%-7s %8s %8s %8s %9s %8s %8s %10s %9s %9s %8s\n" \
  posts pages cold_s floor_s full_s ratio cpu_s pages/s rss_MiB rebuild_s rebuild%
for n in "${SIZES[@]}"; do
  corpus="$BENCH_DIR/corpus-$n"
  if [ ! -f "$corpus/site.yaml" ]; then
    rm -rf "$corpus"
    target/release/examples/gen_corpus --posts "$n" --langs vi,en --en-share 1.0 --units 200 "$corpus" 2>/dev/null
    sleep 4 # loa does not trust the mtimes of files written in the last 3 s (see inputs_fingerprint in src/load.rs)
  fi
  cold="$BENCH_DIR/cold-$n"
  out="$BENCH_DIR/public-$n"
  if [ -d "$out" ] || [ -d "$cold" ]; then
    rm -rf "$out" "$cold"
    sync
    # ext4 does not reuse inodes freed in the last 60 s: creating 100 000 files right after
    # deleting as many spends most of its time in the kernel skipping them (3-4x slower here).
    # The floor below is measured long after any deletion, so the builds must be too.
    sleep "${SETTLE:-61}"
  fi
  rm -rf "$corpus/.loa-cache"
  sync
  measure "$LOA" -r "$corpus" build -o "$cold" > "$BENCH_DIR/m.txt"
  read -r cwall _ _ < "$BENCH_DIR/m.txt"
  sync
  measure "$LOA" -r "$corpus" build -o "$out" > "$BENCH_DIR/m.txt"
  read -r wall cpu rss < "$BENCH_DIR/m.txt"
  pages=$(grep -o 'built [0-9]*' "$BENCH_DIR/out.txt" | grep -o '[0-9]*')
  html=$(find "$out" -name index.html | wc -l)
  floor=$(target/release/examples/write_floor "$html" "$BENCH_DIR/floor")
  rm -rf "$BENCH_DIR/floor"
  measure "$LOA" -r "$corpus" build -o "$out" > "$BENCH_DIR/m.txt"
  read -r rwall _ _ < "$BENCH_DIR/m.txt"
  awk -v n="$n" -v p="$pages" -v cw="$cwall" -v f="$floor" -v w="$wall" -v c="$cpu" -v r="$rss" -v rw="$rwall" 'BEGIN {
    printf "%-7d %8d %8.2f %8.2f %9.2f %7.2fx %8.2f %10.0f %9d %9.2f %7.1f%%\n", n, p, cw, f, w, w / f, c, p / w, r, rw, 100 * rw / w }'
done
