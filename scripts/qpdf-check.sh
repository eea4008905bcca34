#!/usr/bin/env bash
# qpdf's structural check over every print PDF of a built site: the artwork, the panos and the
# PDFs inside each unit kit's zip. `cargo test` makes its own structural check of the same files
# (tests/common/pdf.rs, `assert_sound`), so it needs no qpdf; this runs qpdf itself, the tool print
# shops' preflight builds on, from .ci/run after the page check has built the demo.
#   scripts/qpdf-check.sh PUBLIC_DIR
set -euo pipefail
OUT=${1:?usage: scripts/qpdf-check.sh PUBLIC_DIR}
command -v qpdf >/dev/null || { echo "qpdf-check: qpdf is needed: apt-get install qpdf" >&2; exit 1; }
unpacked=$(mktemp -d)
trap 'rm -rf "$unpacked"' EXIT
# Each kit's PDFs, unpacked beside the others.
while IFS= read -r -d '' zip; do
  python3 -c 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); [z.extract(n, sys.argv[2]) for n in z.namelist() if n.endswith(".pdf")]' \
    "$zip" "$unpacked/$(basename "$zip" .zip)"
done < <(find "$OUT" -name '*.zip' -print0)
checked=0 failed=0
while IFS= read -r -d '' pdf; do
  checked=$((checked + 1))
  # qpdf exits 0 when clean, 3 on warnings, 2 on errors: only a clean file passes.
  if ! report=$(qpdf --check "$pdf" 2>&1) || grep -q WARNING <<<"$report"; then
    failed=$((failed + 1))
    echo "qpdf --check $pdf:"
    echo "$report" | head -n 20
  fi
done < <(find "$OUT" "$unpacked" -name '*.pdf' -print0)
if [ "$checked" -lt 10 ]; then
  echo "qpdf-check: only $checked PDFs under $OUT" >&2
  exit 1
fi
echo "qpdf-check: $checked PDFs, $failed with errors or warnings"
[ "$failed" = 0 ]
