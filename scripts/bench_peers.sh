#!/usr/bin/env bash
# Side-by-side build benchmark of loa against Hugo (issue #17, acceptance 2): both build the same
# N synthetic Vietnamese news posts, generated once by the shared instrument gen.py with
# comparable minimal templates (one page per post, a paginated /news/ list, tags and units
# taxonomies, a home page; no feeds, sitemap or search; loa's share cards turned off below).
# Each tool builds from scratch RUNS times, interleaved (hugo 1, loa 1, hugo 2, ...), each run
# into a folder that has never existed, after one untimed warm-up build of each (and, when this
# script deleted a run's folders in the last SETTLE seconds, a pause until then). It prints every run's wall time and a table of medians: HTML pages written,
# wall s, user+sys CPU s, peak RSS MiB and ms per HTML page (median wall / pages), then the
# per-page speed ratio loa/hugo. Figures are for this machine only; compare within one run.
#
#   scripts/bench_peers.sh              # 10 000 posts
#   scripts/bench_peers.sh 1000         # another size
#   LOA=/path/to/loa RUNS=5 BENCH_DIR=/tmp/p scripts/bench_peers.sh
#
# Env: BENCH_DIR (default /tmp/loa-peers; keeps corpus-N between invocations), RUNS (default 3),
# LOA (a loa binary; unset: `cargo build --release` here), PEERS_GEN (default
# ../shared/tools/peers/gen.py next to the repo), SETTLE (default 300 s, see below).
# Hugo is installed with apt-get when it is not on PATH.
set -euo pipefail

# Paths given by the caller are relative to the caller's folder, not to the repo root.
abspath() { case $1 in /*) printf '%s\n' "$1" ;; *) printf '%s\n' "$PWD/$1" ;; esac; }
if [ -n "${LOA:-}" ]; then
  case $LOA in
    */*) LOA=$(abspath "$LOA") ;;
    *) LOA=$(command -v "$LOA") || { echo "bench_peers: LOA is not a path and not on PATH" >&2; exit 1; } ;;
  esac
fi
[ -n "${BENCH_DIR:-}" ] && BENCH_DIR=$(abspath "$BENCH_DIR")
[ -n "${PEERS_GEN:-}" ] && PEERS_GEN=$(abspath "$PEERS_GEN")
cd "$(dirname "$0")/.."
ROOT=$PWD

N=${1:-10000}
RUNS=${RUNS:-3}
SETTLE=${SETTLE:-300}
BENCH_DIR=${BENCH_DIR:-/tmp/loa-peers}
PEERS_GEN=${PEERS_GEN:-$ROOT/../shared/tools/peers/gen.py}
for v in N RUNS SETTLE; do
  [[ ${!v} =~ ^[0-9]+$ ]] || { echo "bench_peers: $v must be a whole number, not '${!v}'" >&2; exit 1; }
done
if [ "$N" -lt 1 ] || [ "$RUNS" -lt 1 ]; then echo "bench_peers: N and RUNS must be at least 1" >&2; exit 1; fi
[ -f "$PEERS_GEN" ] || { echo "bench_peers: no corpus generator at $PEERS_GEN (set PEERS_GEN)" >&2; exit 1; }

if [ -z "${LOA:-}" ]; then
  cargo build --release --quiet --bin loa
  LOA=$ROOT/target/release/loa
fi
[ -x "$LOA" ] || { echo "bench_peers: $LOA is not an executable loa" >&2; exit 1; }

mkdir -p "$BENCH_DIR"
if ! command -v hugo > /dev/null; then
  sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  echo "hugo is not on PATH: installing it with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get install -y -q hugo > "$BENCH_DIR/apt.txt" 2>&1 \
    || { "${sudo[@]}" apt-get update -q && "${sudo[@]}" apt-get install -y -q hugo; } >> "$BENCH_DIR/apt.txt" 2>&1 \
    || { cat "$BENCH_DIR/apt.txt" >&2; echo "bench_peers: could not install hugo" >&2; exit 1; }
  rm -f "$BENCH_DIR/apt.txt"
fi
HUGO=$(command -v hugo)

corpus=$BENCH_DIR/corpus-$N
run_dir=$BENCH_DIR/run-$N
# Every output folder (and Hugo cache) of this invocation lives in $run_dir: deleted on any exit,
# and the time of the deletion noted for the next invocation (see settle below).
deleted_at=$BENCH_DIR/deleted-at
cleanup() {
  rm -rf "$run_dir" "$corpus.tmp" "$corpus/loa/.loa-cache" "$corpus/hugo/resources" \
    "$corpus/hugo/.hugo_build.lock"
  date +%s > "$deleted_at"
}
trap cleanup EXIT

# This VM's ext4 has no journal, and then the kernel does not reuse an inode deleted in the last
# minutes (fs/ext4/ialloc.c, recently_deleted): every file created skips, one by one, the inodes
# freed recently, so creating many files right after deleting many is several times slower. Here,
# 26 556 folders with a file each took 12.0 s right after deleting about 110 000 files and
# folders, 6.6 s 70 s later, 1.9 s at 200 s and 1.65-1.70 s from 330 s on (2026-12-03). Runs that
# met that state at different moments (Hugo first, loa after) would not be comparable, so the
# timed runs wait until SETTLE seconds have passed since this script last deleted anything.
settle() {
  local last=0 now
  [ -f "$deleted_at" ] && last=$(cat "$deleted_at")
  now=$(date +%s)
  if [ $((last + SETTLE - now)) -gt 0 ]; then
    echo "settling $((last + SETTLE - now)) s: files were deleted at $(date -d "@$last" +%T)"
    sleep $((last + SETTLE - now))
  fi
}

# The corpus: generated once per N into a temporary folder, renamed when complete, then reused.
if [ ! -f "$corpus/hugo/config.toml" ] || [ ! -f "$corpus/loa/site.yaml" ]; then
  rm -rf "$corpus" "$corpus.tmp"
  echo "generating $N posts for hugo and loa into $corpus"
  python3 "$PEERS_GEN" "$N" "$corpus.tmp" --tools hugo,loa > /dev/null
  mv "$corpus.tmp" "$corpus"
fi
# gen.py turns loa's search off like the peers'; do the same for the 1200x630 share card loa
# draws per page (~7 ms CPU each), which the peers' minimal templates do not make either.
site_yaml=$corpus/loa/site.yaml
if ! grep -q '^artwork:' "$site_yaml"; then
  printf '%s\n' \
    "# Added by scripts/bench_peers.sh: the peers make no share images, so no page cards (as search is off)." \
    "artwork:" \
    "  page_cards: false" >> "$site_yaml"
elif ! grep -q '^  page_cards: false' "$site_yaml"; then
  echo "bench_peers: $site_yaml has an artwork: section without 'page_cards: false'" >&2
  exit 1
fi

if [ -e "$run_dir" ]; then
  rm -rf "$run_dir"
  date +%s > "$deleted_at"
fi
mkdir -p "$run_dir"

# Runs one build under /usr/bin/time in this shell; sets WALL, CPU (user+sys) and RSS_KB, or
# shows the build's output and exits if it fails.
measure() {
  local label=$1
  shift
  if ! /usr/bin/time -f "%e %U %S %M" -o "$run_dir/time.txt" "$@" > "$run_dir/out.txt" 2>&1; then
    echo "bench_peers: $label failed: $*" >&2
    cat "$run_dir/out.txt" "$run_dir/time.txt" >&2
    exit 1
  fi
  local user sys
  read -r WALL user sys RSS_KB < "$run_dir/time.txt"
  CPU=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
}

# One build from scratch: no Hugo resources nor cache (a new empty cacheDir), no loa cache. The
# previous build's are moved into $run_dir, not deleted (see settle above).
# Usage: build TOOL OUT CACHE_TAG
build() {
  local tool=$1 out=$2 tag=$3
  if [ "$tool" = hugo ]; then
    [ -e "$corpus/hugo/resources" ] && mv "$corpus/hugo/resources" "$run_dir/hugo-resources-before-$tag"
    measure "hugo $tag" "$HUGO" --quiet -s "$corpus/hugo" -d "$out" --cacheDir "$run_dir/hugo-cache-$tag"
  else
    [ -e "$corpus/loa/.loa-cache" ] && mv "$corpus/loa/.loa-cache" "$run_dir/loa-cache-before-$tag"
    measure "loa $tag" "$LOA" -r "$corpus/loa" build -o "$out"
  fi
  HTML=$(find "$out" -name '*.html' | wc -l)
}

median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%.6f\n", m }'; }

"$HUGO" version
echo "loa: $LOA ($("$LOA" --version 2>&1 | head -n 1 || true))"
echo "corpus: $corpus ($N posts)"

# Warm-up (untimed in the table): reads the sources into the page cache and checks that both
# build, loa with the appended artwork setting. Its output stays until the script ends, and no
# output folder is deleted between timed runs (each run writes into a new one): a deletion would
# slow the runs after it (see settle above), so both tools meet the file system in the same state.
for tool in hugo loa; do
  build "$tool" "$run_dir/warm-$tool" warm
  echo "warm-up $tool: $WALL s wall, $HTML html pages"
done
sync
settle

declare -A walls cpus rsss htmls
for ((k = 1; k <= RUNS; k++)); do
  for tool in hugo loa; do
    sync
    build "$tool" "$run_dir/$tool-$k" "$k"
    walls[$tool]+=" $WALL"
    cpus[$tool]+=" $CPU"
    rsss[$tool]+=" $RSS_KB"
    htmls[$tool]+=" $HTML"
    printf 'run %d %-4s %7.2f s wall %7.2f s cpu %6.0f MiB %7d html\n' \
      "$k" "$tool" "$WALL" "$CPU" "$(awk -v r="$RSS_KB" 'BEGIN { print r / 1024 }')" "$HTML"
  done
done

echo
printf '%-5s %10s %8s %8s %8s %8s   %s\n' tool html_pages wall_s cpu_s rss_MiB ms/page "wall s of each run"
declare -A ms_page
for tool in hugo loa; do
  # shellcheck disable=SC2086 # word splitting of the space-separated lists is intended
  read -r wall cpu rss html <<< "$(median ${walls[$tool]}) $(median ${cpus[$tool]}) $(median ${rsss[$tool]}) $(median ${htmls[$tool]})"
  # shellcheck disable=SC2086
  [ "$(printf '%s\n' ${htmls[$tool]} | sort -u | wc -l)" -eq 1 ] \
    || echo "note: $tool wrote different numbers of html pages across runs:${htmls[$tool]}" >&2
  ms_page[$tool]=$(awk -v w="$wall" -v p="$html" 'BEGIN { printf "%.4f", (p > 0) ? 1000 * w / p : 0 }')
  awk -v t="$tool" -v h="$html" -v w="$wall" -v c="$cpu" -v r="$rss" -v m="${ms_page[$tool]}" -v runs="${walls[$tool]}" \
    'BEGIN { printf "%-5s %10d %8.2f %8.2f %8.0f %8.3f  %s\n", t, h, w, c, r / 1024, m, runs }'
done

model=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
awk -v h="${ms_page[hugo]}" -v l="${ms_page[loa]}" -v runs="$RUNS" -v cores="$(nproc)" -v model="${model:-unknown CPU}" \
  'BEGIN { printf "loa/hugo per-page speed: %s (hugo ms/page ÷ loa ms/page; medians of %d; machine: %d cores, %s)\n",
           (l > 0) ? sprintf("%.2fx", h / l) : "n/a", runs, cores, model }'
