#!/usr/bin/env bash
# Province-scale build benchmark (issue #5). For each N (default 1000 10000 50000) it generates a
# corpus of N bilingual news posts once (kept in $BENCH_DIR), then measures in one run:
#   cold      `loa build` with no .loa-cache into a new folder: every share card and artwork drawn
#   full      `loa build` into another new folder, the artwork cache kept from the cold build, as
#             on any machine or CI that keeps .loa-cache/: wall, user+sys CPU, pages/s, peak RSS
#   floor     right after each full build, creating as many folders with one 6 KB index.html
#             each (examples/write_floor.rs)
#   rebuild   the last full build again with nothing changed
# Full build and floor run RUNS times (default 3), interleaved, each into a folder that never
# existed; the row shows medians, and the ratio is the median of each run's full/floor. File
# creation on these VMs is several times slower for minutes after a large deletion (see the
# settle below), so a single floor measured minutes away from its build can make the ratio
# anything from 2x to 14x.
# Figures are for this machine only; compare ratios measured in the same run.
#
#   scripts/bench.sh            # 1k, 10k and 50k posts
#   scripts/bench.sh 10000      # one size
#   RUNS=5 BENCH_DIR=/tmp/b scripts/bench.sh
#   CARDS=off scripts/bench.sh 10000   # with `artwork: page_cards: false` (no card per post)
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH_DIR=${BENCH_DIR:-/tmp/loa-bench}
RUNS=${RUNS:-3}
CARDS=${CARDS:-on}
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
  [ "$CARDS" = off ] && corpus="$BENCH_DIR/corpus-$n-nocards"
  if [ ! -f "$corpus/site.yaml" ]; then
    rm -rf "$corpus"
    target/release/examples/gen_corpus --posts "$n" --langs vi,en --en-share 1.0 --units 200 "$corpus" 2>/dev/null
    if [ "$CARDS" = off ]; then
      grep -q '^artwork:' "$corpus/site.yaml" && { echo "bench: $corpus/site.yaml has an artwork: section" >&2; exit 1; }
      printf 'artwork:\n  page_cards: false\n' >> "$corpus/site.yaml"
    fi
    sleep 4 # loa does not trust the mtimes of files written in the last 3 s (see inputs_fingerprint in src/load.rs)
  fi
  cold="$BENCH_DIR/cold-$n"
  # Every folder a previous run of this size left, and the corpus's cache: removed, then the
  # disk left to settle. This VM's ext4 has no journal, and then the kernel does not reuse an
  # inode deleted in the last minutes (fs/ext4/ialloc.c, recently_deleted): every file created
  # skips, one by one, the inodes freed recently. Here 26 556 folders with a file each took
  # 12.0 s right after deleting about 110 000 files and folders, 6.6 s 70 s later, 1.9 s at
  # 200 s and 1.65-1.70 s from 330 s on (2026-12-03). Nothing is deleted after this point.
  old=("$BENCH_DIR"/cold-"$n" "$BENCH_DIR"/public-"$n"* "$BENCH_DIR"/floor-"$n"* "$corpus/.loa-cache")
  existing=()
  for d in "${old[@]}"; do [ -d "$d" ] && existing+=("$d"); done
  if [ ${#existing[@]} -gt 0 ]; then
    rm -rf "${existing[@]}"
    sync
    echo "settling ${SETTLE:-300} s after deleting the previous run's folders" >&2
    sleep "${SETTLE:-300}"
  fi
  sync
  measure "$LOA" -r "$corpus" build -o "$cold" > "$BENCH_DIR/m.txt"
  read -r cwall _ _ < "$BENCH_DIR/m.txt"
  : > "$BENCH_DIR/runs.txt"
  html=
  for i in $(seq 1 "$RUNS"); do
    out="$BENCH_DIR/public-$n-$i"
    sync
    measure "$LOA" -r "$corpus" build -o "$out" > "$BENCH_DIR/m.txt"
    read -r wall cpu rss < "$BENCH_DIR/m.txt"
    if [ -z "$html" ]; then
      pages=$(grep -o 'built [0-9]*' "$BENCH_DIR/out.txt" | grep -o '[0-9]*')
      html=$(find "$out" -name index.html | wc -l)
    fi
    sync
    floor=$(target/release/examples/write_floor "$html" "$BENCH_DIR/floor-$n-$i")
    echo "$wall $cpu $rss $floor" >> "$BENCH_DIR/runs.txt"
    awk -v i="$i" '{ printf "  run %d: full %.2f s, floor %.2f s, ratio %.2fx\n", i, $1, $4, $1 / $4 }' \
      "$BENCH_DIR/runs.txt" | tail -1 >&2
  done
  measure "$LOA" -r "$corpus" build -o "$out" > "$BENCH_DIR/m.txt"
  read -r rwall _ _ < "$BENCH_DIR/m.txt"
  # Medians of each column, and of each run's ratio.
  median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
  wall=$(awk '{ print $1 }' "$BENCH_DIR/runs.txt" | median)
  cpu=$(awk '{ print $2 }' "$BENCH_DIR/runs.txt" | median)
  rss=$(awk '{ print $3 }' "$BENCH_DIR/runs.txt" | median)
  floor=$(awk '{ print $4 }' "$BENCH_DIR/runs.txt" | median)
  ratio=$(awk '{ print $1 / $4 }' "$BENCH_DIR/runs.txt" | median)
  awk -v n="$n" -v p="$pages" -v cw="$cwall" -v f="$floor" -v w="$wall" -v q="$ratio" -v c="$cpu" -v r="$rss" -v rw="$rwall" 'BEGIN {
    printf "%-7d %8d %8.2f %8.2f %9.2f %7.2fx %8.2f %10.0f %9d %9.2f %7.1f%%\n", n, p, cw, f, w, q, c, p / w, r, rw, 100 * rw / w }'
done
