#!/usr/bin/env bash
# Search side by side with Pagefind (issue #18), on the same built site, in headless Chromium.
#
# What it measures, for loa's search (per language a small manifest, search-index.json, and
# the folder search-index/ of word and pair shards w<n>.bin and b<n>.bin, metadata chunks
# p<n>.json and facets.json, read by themes/default/static/js/search.js on /tim-kiem/ and
# /en/search/, which fetches the manifest, the shards of the query's words and pairs, the chunks
# of the results it draws, and facets.json after them) and for Pagefind (npm package `pagefind`,
# pinned below) indexing a copy of the same build:
#   - index build time: loa's whole `loa build` (the index is one part of it, not timed apart),
#     and Pagefind's indexing of the built copy; the index files' sizes: loa's per language,
#     the manifest and the search-index/ folder (file count, bytes, each file gzipped alone and
#     summed, and as served: JSON gzipped, .bin as is; scripts/search-bench/loa-index.mjs),
#     Pagefind's folder on disk;
#   - per query, 20 queries (10 with Vietnamese marks, 10 without; single and two-word ones, a
#     phrase of titles, words found only at the END of long bodies), in a new browser context
#     with 4x CPU throttling: the bytes of scripts, JSON and index data that had arrived when the
#     first result appeared, and those once the network is quiet (loa fetches facets.json, for
#     its filters, after drawing its first results; Pagefind's page asks for nothing after), the
#     time to that first result from navigation start and after the load event, and whether the
#     first result (and the top 10) are pages the query should find;
#     expected pages come from scanning the corpus Markdown (scripts/search-bench/queries.mjs),
#     named by URL through the entries of loa's metadata chunks (title, section, date, unit).
# How: generates `gen_corpus --posts N --langs vi,en --en-share 1.0 --units 200` once into
# $BENCH_DIR/search-corpus-N, with share cards turned off (`artwork: page_cards: false`: the
# cards are no part of search and would add a minute and 460 MB at 10 000 posts), builds it,
# copies the build (hard links) and readies the copy for Pagefind (prepare-pagefind.mjs: pages
# of loa's index, as its chunks list them, get data-pagefind-body, and a Pagefind search page
# is made from loa's own), runs Pagefind on it, serves both folders on 127.0.0.1 (serve.mjs,
# gzip for text files as static hosts do, loa's .bin shards uncompressed; GZIP=0 for none) and
# drives Debian's Chromium through playwright-core (probe.mjs, whose header says exactly what
# is counted and timed). Pagefind is measured twice: with `noWorker: true`, its search on the
# page's main thread like loa's (the like-for-like figure: Chromium's CPU throttling slows the
# main thread only), and with its default web worker, whose work is then not throttled.
# Tables: report.mjs.
#
#   scripts/bench_search.sh            # 10 000 posts
#   scripts/bench_search.sh 2000
#   RUNS=1 RATE=4 GZIP=1 BENCH_DIR=/tmp/b scripts/bench_search.sh 10000
#   ONLY=1,6 scripts/bench_search.sh   # only these query numbers
# Env: BENCH_DIR (default /tmp/loa-bench), SEARCH_BENCH_CACHE (npm packages, default
# /tmp/search-bench), RUNS per query and tool (3), RATE of CPU throttling (4), REBUILD=1 to run
# cargo build even when the binaries exist. Needs node and npm; installs Debian's chromium if
# missing. Results: $BENCH_DIR/search-bench/ (queries.json, build.json, loa.jsonl,
# pagefind.jsonl, pagefind-worker.jsonl: one line per run; report.md). Figures are for this machine only.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)
N=${1:-10000}
BENCH_DIR=${BENCH_DIR:-/tmp/loa-bench}
CACHE=${SEARCH_BENCH_CACHE:-/tmp/search-bench}
RUNS=${RUNS:-3}
RATE=${RATE:-4}
GZIP=${GZIP:-1}
PAGEFIND_VERSION=1.6.0
PLAYWRIGHT_VERSION=1.65.1
HERE=$REPO/scripts/search-bench
LOA=$REPO/target/release/loa
GEN=$REPO/target/release/examples/gen_corpus
CORPUS=$BENCH_DIR/search-corpus-$N
OUT=$BENCH_DIR/search-site-$N
OUT2=$BENCH_DIR/search-site-$N-pagefind
RES=$BENCH_DIR/search-bench

# --- tools
if [ ! -x "$LOA" ] || [ ! -x "$GEN" ] || [ "${REBUILD:-0}" = 1 ]; then
  cargo build --release --quiet --bin loa --example gen_corpus
elif [ -n "$(find src themes examples/gen_corpus.rs -newer "$LOA" -type f -print -quit)" ]; then
  echo "bench_search: note: $LOA is older than some sources; REBUILD=1 rebuilds it first" >&2
fi
command -v node >/dev/null || { echo "bench_search: needs node and npm" >&2; exit 1; }
if ! command -v chromium >/dev/null; then
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium
fi
installed() { node -p "require('$CACHE/node_modules/$1/package.json').version" 2>/dev/null || true; }
if [ "$(installed pagefind)" != "$PAGEFIND_VERSION" ] || [ "$(installed playwright-core)" != "$PLAYWRIGHT_VERSION" ]; then
  mkdir -p "$CACHE"
  npm install --prefix "$CACHE" --no-audit --no-fund --no-save \
    "pagefind@$PAGEFIND_VERSION" "playwright-core@$PLAYWRIGHT_VERSION" >&2
fi
PAGEFIND=$CACHE/node_modules/.bin/pagefind
"$PAGEFIND" --version | grep -qF "$PAGEFIND_VERSION" || { echo "bench_search: $PAGEFIND is not $PAGEFIND_VERSION" >&2; exit 1; }
mkdir -p "$BENCH_DIR" "$RES"

# Runs a command under /usr/bin/time, its output to $1; prints "wall cpu rss_mib".
measure() {
  local log=$1
  shift
  /usr/bin/time -f "%e %U %S %M" -o "$RES/time.txt" "$@" >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
  awk '{ printf "%s %.2f %.0f\n", $1, $2 + $3, $4 / 1024 }' "$RES/time.txt"
}

# --- corpus, once
if [ ! -f "$CORPUS/site.yaml" ]; then
  rm -rf "$CORPUS"
  echo "== generating $N posts into $CORPUS" >&2
  "$GEN" --posts "$N" --langs vi,en --en-share 1.0 --units 200 "$CORPUS" 2>/dev/null
  if grep -Eq '^search:[[:space:]]*(false|no|off)' "$CORPUS/site.yaml"; then
    sed -i -E 's/^search:.*/search: true/' "$CORPUS/site.yaml"
    echo "bench_search: gen_corpus turned search off; turned it on in $CORPUS/site.yaml" >&2
  fi
  if ! grep -q '^artwork:' "$CORPUS/site.yaml"; then
    printf 'artwork:\n  page_cards: false\n' >>"$CORPUS/site.yaml"
  fi
  sleep 4 # loa does not trust the mtimes of files written in the last 3 s (src/load.rs)
fi
if grep -Eq '^search:[[:space:]]*(false|no|off)' "$CORPUS/site.yaml"; then
  echo "bench_search: $CORPUS/site.yaml turns search off" >&2
  exit 1
fi

# --- loa build
rm -rf "$OUT" "$OUT2"
# Cold: the corpus has no .loa-cache yet (first run); warm: a previous run's cache is reused.
cache_state=cold
[ -d "$CORPUS/.loa-cache" ] && cache_state=warm
echo "== loa build ($cache_state)" >&2
measure "$RES/loa-build.log" "$LOA" -r "$CORPUS" build -o "$OUT" >"$RES/m.txt"
read -r loa_wall loa_cpu loa_rss <"$RES/m.txt"
loa_pages=$(grep -o 'built [0-9]*' "$RES/loa-build.log" | grep -o '[0-9]*' || echo "?")
for f in "$OUT/search-index.json" "$OUT/en/search-index.json"; do
  [ -f "$f" ] || { echo "bench_search: no $f: is search on?" >&2; exit 1; }
done
# Per language: the manifest, and the search-index/ folder (file count; bytes on disk, each file
# gzipped alone and summed, and as served: JSON gzipped, .bin as is). loa-index.mjs says how.
index_json=$(node "$HERE/loa-index.mjs" "$OUT")
echo "loa: build ${loa_wall} s wall, ${loa_cpu} s CPU, ${loa_rss} MiB, ${loa_pages} pages" >&2
node -e 'for (const x of JSON.parse(process.argv[1])) { const f = x.folder;
  console.error(`loa: ${x.lang} index: manifest ${x.manifest.bytes} bytes, ${f.path} ${f.files} files, ${f.bytes} bytes (${f.gzip} gzip, ${f.served} served)`) }' "$index_json"

# --- Pagefind on a copy
echo "== Pagefind $PAGEFIND_VERSION" >&2
cp -al "$OUT" "$OUT2" 2>/dev/null || { rm -rf "$OUT2"; cp -a "$OUT" "$OUT2"; }
node "$HERE/prepare-pagefind.mjs" "$OUT2" >"$RES/pages.json"
# Run from the results folder: no pagefind.yml of another project is read.
measure "$RES/pagefind.log" env -C "$RES" "$PAGEFIND" --site "$OUT2" >"$RES/m.txt"
read -r pf_wall pf_cpu pf_rss <"$RES/m.txt"
pf_pages=$(grep -Eo 'Indexed [0-9]+ pages' "$RES/pagefind.log" | grep -Eo '[0-9]+' | head -n 1 || true)
pf_bytes=$(du -sb "$OUT2/pagefind" | cut -f1)
pf_files=$(find "$OUT2/pagefind" -type f | wc -l)
echo "pagefind: indexing ${pf_wall} s wall, ${pf_cpu} s CPU, ${pf_rss} MiB, ${pf_pages:-?} pages, ${pf_files} files, ${pf_bytes} bytes" >&2

# --- queries and expected pages
node "$HERE/queries.mjs" "$CORPUS" "$OUT" >"$RES/queries.json"

chromium_version=$(chromium --version 2>/dev/null | grep -Eo '[0-9]+(\.[0-9]+)+' | head -n 1 || echo "?")
cat >"$RES/build.json" <<EOF
{"corpus":"gen_corpus --posts $N --langs vi,en --en-share 1.0 --units 200 (no share cards)","posts":$N,
"loa_build_s":$loa_wall,"loa_build_cache":"$cache_state","loa_build_cpu_s":$loa_cpu,"loa_build_rss_mib":$loa_rss,"loa_pages":"$loa_pages",
"loa_index":$index_json,
"pagefind_version":"$PAGEFIND_VERSION","pagefind_s":$pf_wall,"pagefind_cpu_s":$pf_cpu,"pagefind_rss_mib":$pf_rss,
"pagefind_pages":${pf_pages:-null},"pagefind_bytes":$pf_bytes,"pagefind_files":$pf_files,
"playwright_core":"$PLAYWRIGHT_VERSION","chromium":"$chromium_version","rate":$RATE,"runs":$RUNS,"gzip":$([ "$GZIP" = 0 ] && echo false || echo true)}
EOF

# --- serve both, probe, report
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
}
trap cleanup EXIT
PORT1=$(free_port)
GZIP=$GZIP node "$HERE/serve.mjs" "$OUT" "$PORT1" &
pids+=($!)
PORT2=$(free_port)
while [ "$PORT2" = "$PORT1" ]; do PORT2=$(free_port); done
GZIP=$GZIP node "$HERE/serve.mjs" "$OUT2" "$PORT2" &
pids+=($!)
for port in "$PORT1" "$PORT2"; do
  for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.1
  done
done

echo "== Chromium: ${RUNS} run(s) of each query per tool, CPU throttled ${RATE}x" >&2
SEARCH_BENCH_CACHE=$CACHE RUNS=$RUNS RATE=$RATE node "$HERE/probe.mjs" \
  "$RES/queries.json" "$RES/pages.json" "$RES" \
  "loa=http://127.0.0.1:$PORT1" "pagefind=http://127.0.0.1:$PORT2" "pagefind-worker=http://127.0.0.1:$PORT2"
node "$HERE/report.mjs" "$RES"
