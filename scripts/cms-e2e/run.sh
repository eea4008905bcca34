#!/usr/bin/env bash
# End-to-end check of the CMS admin (issue #19): Decap CMS in headless Chromium against
# decap-server, on a starter site built by loa (see e2e.js for what it checks).
# Usage: scripts/cms-e2e/run.sh [--install-only | --no-install]
# Env: LOA (the loa binary; default: `cargo build` and its debug binary), CMS_E2E_DIR (work
# folder; default a fresh temp dir), CMS_E2E_SHOTS (a folder for screenshots of the form).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
mode=${1:-}

# shellcheck source=../browser-tools.sh
. "$HERE/../browser-tools.sh"

install() {
  need_debs chromium:chromium node:"nodejs npm" git:git curl:curl
  npm_pinned "$HERE"
}

if [ "$mode" != --no-install ]; then install; fi
[ "$mode" = --install-only ] && exit 0

[ -n "${LOA:-}" ] || LOA=$(debug_loa "$REPO")
WORK=${CMS_E2E_DIR:-$(mktemp -d /tmp/loa-cms-e2e.XXXXXX)}
[ -n "${CMS_E2E_SHOTS:-}" ] && mkdir -p "$CMS_E2E_SHOTS"
LOA=$LOA WORK=$WORK SHOTS=${CMS_E2E_SHOTS:-} node "$HERE/e2e.js"
