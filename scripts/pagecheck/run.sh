#!/usr/bin/env bash
# The page check (issue #15): builds the demo portal and checks it as readers' browsers meet it.
#   - vnu (the Nu HTML checker) over every page: any error fails;
#   - in headless Chromium (browser.js): axe-core on the main page kinds in both languages
#     (pages.txt; serious or critical fails), then every page at 360 px: console errors, failed
#     requests, Content-Security-Policy violations or a page without one, horizontal overflow.
# Usage: scripts/pagecheck/run.sh [--install-only | --no-install]
#   --install-only  install the tools (Debian chromium and a JRE, the npm packages pinned in
#                   package-lock.json) and stop; .ci/run starts this beside cargo test.
# Env: LOA (the loa binary; default: `cargo build` and its debug binary), PAGECHECK_DIR (work
# folder, default a fresh temp dir: the build, screenshots at 1280 and 360 px, vnu's report),
# PAGECHECK_SHOTS=0 (no screenshots).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
mode=${1:-}

# shellcheck source=../browser-tools.sh
. "$HERE/../browser-tools.sh"

install() {
  need_debs chromium:chromium java:default-jre-headless node:"nodejs npm"
  npm_pinned "$HERE"
}

if [ "$mode" != --no-install ]; then install; fi
[ "$mode" = --install-only ] && exit 0

[ -n "${LOA:-}" ] || LOA=$(debug_loa "$REPO")
WORK=${PAGECHECK_DIR:-$(mktemp -d /tmp/loa-pagecheck.XXXXXX)}
OUT=$WORK/public
SHOTS=$WORK/shots
mkdir -p "$SHOTS"

echo "== build the demo with $LOA into $OUT"
# The demo as it is published; the date is fixed so the campaign badge does not change.
(cd "$REPO" && LOA_TODAY=2023-10-04 "$LOA" build -o "$OUT")

echo "== vnu over every page"
vnu_ok=1
java -jar "$HERE/node_modules/vnu-jar/build/dist/vnu.jar" --errors-only --skip-non-html --format gnu "$OUT" \
  2>"$WORK/vnu.txt" || true
if [ -s "$WORK/vnu.txt" ]; then
  vnu_ok=0
  sed "s|\"file:$OUT|\"|" "$WORK/vnu.txt" | head -n 40
fi
echo "vnu errors: $(grep -c . "$WORK/vnu.txt" || true)"

PORT=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
node "$HERE/serve.js" "$OUT" "$PORT" &
SRV=$!
trap 'kill "$SRV" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
  sleep 0.1
done

browser_ok=1
(cd "$HERE" && node browser.js "http://127.0.0.1:$PORT/" "$OUT" "$SHOTS" "$HERE/pages.txt") || browser_ok=0
echo "screenshots and reports: $WORK"
if [ $vnu_ok = 1 ] && [ $browser_ok = 1 ]; then
  echo "pagecheck: OK"
else
  echo "pagecheck: FAILED"
  exit 1
fi
