#!/usr/bin/env bash
# Homeroom (班务通) on a fresh machine:
#   ./dev.sh run    install what is missing, build, seed the demo school, serve it
#   ./dev.sh test   install what is missing (browser too), run every test
# Idempotent: tools already installed are not installed again.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)

CARGO_LEPTOS_VERSION=0.3.10
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

ensure_cargo_leptos() {
  if cargo leptos --version 2>/dev/null | grep -q " $CARGO_LEPTOS_VERSION"; then return; fi
  say "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 18 minutes on 2 cores, once)"
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --features no_downloads
}

ensure_wasm_bindgen() {
  local want
  want=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
  if wasm-bindgen --version 2>/dev/null | grep -q " $want\$"; then return; fi
  say "installing wasm-bindgen-cli $want (must match Cargo.lock)"
  cargo install wasm-bindgen-cli --version "$want" --force
}

ensure_npm_packages() {
  if [ -x end2end/node_modules/.bin/wasm-opt ] && [ -x end2end/node_modules/.bin/playwright ] \
    && [ end2end/node_modules/.package-lock.json -nt end2end/package-lock.json ]; then return; fi
  command -v npm >/dev/null || { echo "npm (Node.js 20+) is needed: apt-get install nodejs npm" >&2; exit 1; }
  say "installing npm packages (Playwright, binaryen's wasm-opt)"
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
  ensure_cargo_leptos
  ensure_wasm_bindgen
}

build_release() {
  say "building the release app (server + wasm, screens split into lazy chunks)"
  cargo leptos build --release --split
  compress_site
}

# Static files go over the wire compressed once here, at the highest quality, and are served
# as these copies (.br, .gz beside each file): the server compresses no static file per request.
compress_site() {
  say "compressing the site's static files (brotli quality 11, gzip -9)"
  node - target/site <<'JS'
const fs = require('node:fs'), path = require('node:path'), zlib = require('node:zlib');
const walk = (dir) => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
  e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]);
const files = walk(process.argv[2]);
for (const stale of files.filter((f) => /\.(br|gz)$/.test(f))) fs.rmSync(stale);
for (const file of files.filter((f) => /\.(wasm|js|css|json|svg|html|webmanifest|txt)$/.test(f))) {
  const bytes = fs.readFileSync(file);
  if (bytes.length < 1024) continue;
  fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(bytes, { params: {
    [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }));
  fs.writeFileSync(`${file}.gz`, zlib.gzipSync(bytes, { level: 9 }));
}
JS
}

# The phone downloads the main wasm on a weak connection before any screen works: fail when
# it grows past the budget (BENCHMARKS.md has the figures). Lazy screens are chunks outside
# it (the service worker fetches them after install).
WASM_GZIP_BUDGET=690000
check_bundle_budget() {
  local size wasm
  wasm=$(ls -t target/site/pkg/homeroom*.wasm | head -1)  # hashed name: the newest build
  size=$(gzip -9c "$wasm" | wc -c)
  echo "wasm bundle $wasm: $(stat -c%s "$wasm") bytes raw, $size gzip (budget $WASM_GZIP_BUDGET)"
  [ "$size" -le "$WASM_GZIP_BUDGET" ] || { echo "the wasm bundle is over its size budget" >&2; exit 1; }
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
  check_bundle_budget
  say "browser journeys (Playwright, Chromium at 360×740, release build)"
  (cd end2end && npx playwright test)
  say "all tests passed"
}

case "${1:-}" in
  run) run_app ;;
  test) run_tests ;;
  *) echo "usage: ./dev.sh run | ./dev.sh test" >&2; exit 2 ;;
esac
