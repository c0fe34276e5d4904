#!/usr/bin/env bash
# Homeroom (班务通) on a fresh machine:
#   ./dev.sh run    install what is missing, build, seed the demo school, serve it
#   ./dev.sh test   install what is missing (browser too), run every test
# Idempotent: tools already installed are not installed again.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)

DEMO_PASSWORD=${HOMEROOM_DEMO_PASSWORD:-demo1234}
ADDR=${LEPTOS_SITE_ADDR:-127.0.0.1:3000}
export PATH="$HOME/.cargo/bin:$ROOT/end2end/node_modules/.bin:$PATH"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

ensure_wasm_target() {
  rustup target list --installed | grep -qx wasm32-unknown-unknown && return
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
}

ensure_npm_packages() {
  if [ -x end2end/node_modules/.bin/wasm-opt ] && [ -x end2end/node_modules/.bin/esbuild ] \
    && [ -x end2end/node_modules/.bin/playwright ] \
    && [ end2end/node_modules/.package-lock.json -nt end2end/package-lock.json ]; then return; fi
  command -v npm >/dev/null || { echo "npm (Node.js 20+) is needed: apt-get install nodejs npm" >&2; exit 1; }
  say "installing npm packages (Playwright, binaryen's wasm-opt, esbuild)"
  (cd end2end && npm ci --no-fund --no-audit)
}

ensure_chromium() {
  [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] && return
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing Debian's chromium for the browser tests"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium
  else
    echo "The browser tests need Chromium at /usr/bin/chromium (or set CHROMIUM_PATH)." >&2
    echo "Install it as root: apt-get install --no-install-recommends chromium" >&2
    exit 1
  fi
}

ensure_build_tools() {
  ensure_wasm_target
  ensure_npm_packages
}

# The project's own build step (xtask/): what `cargo leptos build --release --split` makes,
# plus brotli/gzip copies of the static files, without installing cargo-leptos.
build_release() {
  say "building the release app (server + wasm, screens split into lazy chunks)"
  cargo xtask site
}

print_logins() {
  echo
  say "Homeroom 班务通 is at http://$ADDR"
  echo "Demo school 示范中学 — every account's password: $DEMO_PASSWORD"
  awk -F, 'NR > 1 { printf "  %-10s %s %s %s\n", $2, $1, $3, ($5 != "" ? $5 : $4) }' server/demo/staff.csv
  echo "  (t101 … t304 are the homeroom teachers of 初一(1)班 … 初三(4)班)"
  echo
}

run_app() {
  ensure_build_tools
  build_release
  print_logins
  export LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_ADDR="$ADDR" HOMEROOM_DEMO_PASSWORD="$DEMO_PASSWORD"
  exec target/release/homeroom serve --seed-demo-if-empty
}

run_tests() {
  ensure_build_tools
  ensure_chromium
  say "unit, store and HTTP integration tests (SQLite)"
  mkdir -p target
  if ! cargo test >target/unit-tests.log 2>&1; then
    tail -80 target/unit-tests.log
    exit 1
  fi
  grep -E '^ *(Running|test result)' target/unit-tests.log
  build_release
  say "first-load size budgets (brotli bytes on the wire)"
  cargo xtask budget
  say "browser journeys (Playwright, Chromium at 360×740, release build)"
  (cd end2end && npx playwright test)
  say "all tests passed"
}

case "${1:-}" in
  run) run_app ;;
  test) run_tests ;;
  *) echo "usage: ./dev.sh run | ./dev.sh test" >&2; exit 2 ;;
esac
