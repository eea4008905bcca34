# Shared by the browser checks (scripts/pagecheck, scripts/cms-e2e): source it, then call
#   need_debs CMD:PACKAGE …   apt-get install the Debian packages whose command is missing
#   npm_pinned DIR            install DIR's npm packages at the versions of its lock file
#   debug_loa REPO            print the debug loa binary's path, building it first
need_debs() {
  local need=() pair
  for pair in "$@"; do
    command -v "${pair%%:*}" >/dev/null || need+=(${pair#*:})
  done
  if [ ${#need[@]} -gt 0 ]; then
    echo "apt-get install ${need[*]}"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}"
  fi
}

# Without install scripts: vnu-jar's would fetch a Java runtime (the Debian JRE is used), and
# nothing else here needs one.
npm_pinned() {
  if ! (cd "$1" && npm ls --depth=0 >/dev/null 2>&1); then
    (cd "$1" && npm ci --ignore-scripts --no-audit --no-fund)
  fi
}

debug_loa() {
  local target
  (cd "$1" && cargo build --quiet)
  target=$(cd "$1" && cargo metadata --format-version 1 --no-deps |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')
  echo "$target/debug/loa"
}
