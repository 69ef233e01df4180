# Shared by the repo's scripts: where the cache lives, and installing what is missing.
# Installed tools and build output live outside the clone (STAFFPORT_CACHE) so later runs are
# incremental; nothing here depends on them being present.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${STAFFPORT_CACHE:-$HOME/.cache/staffport}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$CACHE/target}"
SITE="$CARGO_TARGET_DIR/site"
BINARYEN_VERSION="132.0.0"   # wasm-opt from npm; Debian's binaryen 108 emits broken WASM
ESBUILD_VERSION="0.28.2"     # minifies the bundle's JavaScript (wasm-bindgen's glue, the loader)
export PATH="$CACHE/tools/bin:$CACHE/npm/node_modules/.bin:$CACHE/npm-esbuild/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# Never export LEPTOS_OUTPUT_NAME: Leptos reads it at compile time, and a build with it set
# differs from `cargo test` without it, so every switch would rebuild Leptos.
unset LEPTOS_OUTPUT_NAME
mkdir -p "$CACHE"

STARTED=$SECONDS
say() { printf '\033[1m==> %s\033[0m (%ds)\n' "$*" $((SECONDS - STARTED)) >&2; }

APT_UPDATED=""
apt_install() {
  if [ -z "$APT_UPDATED" ]; then
    say "apt-get update"
    apt-get update -qq >/dev/null
    APT_UPDATED=1
  fi
  say "installing Debian packages: $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_wasm_target() {
  rustup target list --installed | grep -q '^wasm32-unknown-unknown$' || rustup target add wasm32-unknown-unknown
}

# The standard library's sources, which the release bundle is built from (build_site).
ensure_rust_src() {
  rustup component list --installed | grep -q '^rust-src' || rustup component add rust-src
}

# wasm-bindgen-cli must equal the wasm-bindgen crate in Cargo.lock, exactly.
ensure_wasm_bindgen() {
  local want
  want="$(grep -A1 '^name = "wasm-bindgen"$' "$ROOT/Cargo.lock" | sed -n 's/^version = "\(.*\)"/\1/p')"
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
    say "installing wasm-bindgen-cli $want from crates.io (about 5 minutes, once)"
    # Never linted: a tool of others' (see `linted`).
    env -u RUSTC_WORKSPACE_WRAPPER -u CLIPPY_ARGS CARGO_TARGET_DIR="$CACHE/tools-target" \
      cargo install --quiet --root "$CACHE/tools" wasm-bindgen-cli --version "$want"
  fi
}

ensure_wasm_opt() {
  if [ "$(wasm-opt --version 2>/dev/null | awk '{print $3}')" != "${BINARYEN_VERSION%%.*}" ]; then
    say "installing wasm-opt (binaryen $BINARYEN_VERSION) from npm"
    mkdir -p "$CACHE/npm"
    npm install --silent --no-save --prefix "$CACHE/npm" "binaryen@$BINARYEN_VERSION" >/dev/null
  fi
}

# In a folder of its own: `npm install --no-save` into binaryen's would drop binaryen.
ensure_esbuild() {
  if [ "$(esbuild --version 2>/dev/null)" != "$ESBUILD_VERSION" ]; then
    say "installing esbuild $ESBUILD_VERSION from npm"
    mkdir -p "$CACHE/npm-esbuild"
    npm install --silent --no-save --prefix "$CACHE/npm-esbuild" "esbuild@$ESBUILD_VERSION" >/dev/null
  fi
}

ensure_chromium() {
  command -v chromium >/dev/null || apt_install chromium
}

# Generated PDFs (certificates) need a font with Hangul and Cyrillic; the tests read PDFs back
# with pdftotext.
ensure_document_font() {
  [ -f /usr/share/fonts/truetype/nanum/NanumGothic.ttf ] || [ -n "${STAFFPORT_FONT:-}" ] || apt_install fonts-nanum
}

# Browser tests plant stored values the application refuses straight into its SQLite database.
ensure_sqlite_cli() {
  command -v sqlite3 >/dev/null || apt_install sqlite3
}

# Certificates are read back as a reader would: their text (pdftotext), their images
# (pdfimages), and their QR code rendered (pdftoppm) and scanned (zbarimg).
ensure_pdf_readers() {
  command -v pdftotext >/dev/null || apt_install poppler-utils
  command -v zbarimg >/dev/null || apt_install zbar-tools
}

ensure_postgres_server() {
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || apt_install postgresql
}

ensure_e2e_packages() {
  if [ ! -x "$ROOT/e2e/node_modules/.bin/playwright" ]; then
    say "installing e2e packages from npm"
    (cd "$ROOT/e2e" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --silent --no-audit --no-fund)
  fi
}

# Runs a cargo command with Clippy's lints (denied) on the workspace's own crates while they
# compile for real: clippy-driver stands in for rustc on them, as `cargo clippy` itself does
# (RUSTC_WORKSPACE_WRAPPER, CLIPPY_ARGS), so the dependencies build once, for the tests and the
# bundle, instead of once more for a check-only pass (six minutes on two cores).
linted() {
  RUSTC_WORKSPACE_WRAPPER="$(rustup which clippy-driver)" CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__" "$@"
}

# The splitter of the lazy routes (tools/wasm-split), built once into the tools' cache.
ensure_wasm_split() {
  WASM_SPLIT="$CACHE/target-tools/release/staffport-wasm-split"
  (cd "$ROOT" && env -u RUSTC_WORKSPACE_WRAPPER CARGO_TARGET_DIR="$CACHE/target-tools" cargo build --quiet --release -p wasm-split)
}

# The build cache outlives clones and sessions; cargo never trims rustc's incremental state,
# which grew to 36 GB here and filled the disk mid-run. Above 8 GB it is dropped (the next build
# of the workspace's own crates starts it afresh; dependencies are not incremental).
prune_build_cache() {
  local dir
  for dir in "$CARGO_TARGET_DIR"/*/incremental; do
    [ -d "$dir" ] || continue
    if [ "$(du -s -BG "$dir" | cut -f1 | tr -d G)" -gt 8 ]; then
      say "dropping $(du -sh "$dir" | cut -f1) of incremental build state ($dir)"
      rm -rf "$dir"
    fi
  done
}

ensure_brotli() {
  command -v brotli >/dev/null || apt_install brotli
}

# Builds the WASM bundle, CSS and assets into $SITE: the bundle of this build in
# $SITE/pkg/<build id>/ (a hash of its files, written to $SITE/pkg/BUILD for the server), with
# brotli and gzip copies of every file. $1: dev | release
build_site() {
  local mode="${1:-dev}" profile wasm_dir
  ensure_wasm_target
  ensure_wasm_bindgen
  ensure_wasm_split
  ensure_brotli
  # The release bundle builds in a target directory of its own: it shares nothing with the
  # server's debug build anyway (its proc macros build in release), and so it can build while
  # the tests run (scripts/test) without waiting on the other's lock.
  local target="$CARGO_TARGET_DIR"
  # The splitter needs the linker's relocations, and data segments left unmerged so that
  # read-only data only one area uses can move into that area's modules (cargo-leptos#679).
  # `erase_components`: as in .cargo/config.toml (target flags replace the build's flags).
  local flags="-Clink-args=--emit-relocs -Clink-arg=--no-merge-data-segments --cfg erase_components" std=()
  if [ "$mode" = release ]; then
    profile=wasm-release; wasm_dir=wasm-release; target="$CACHE/target-wasm"
    # A panic aborts on the spot, with no message: the formatting and hook machinery was 19 KB
    # brotli of the main module every signed-in page loads (the page's own script shows the
    # reload notice, app::shell::stale). That takes the standard library built from source
    # with the bundle, which the stable toolchain allows only as its own build system does
    # (RUSTC_BOOTSTRAP, set for this one build; a toolchain that changes the flags fails here,
    # loudly). The Leptos book's advice for size, on the toolchain this machine has.
    # With the same allowance: no source locations (panics carry no message; only wasm-bindgen's
    # `unwrap_throw` errors lose their file and line) and no `Debug` output (`{:?}` writes
    # nothing; no text a page shows uses it), 7 KB brotli off every signed-in page's first visit.
    ensure_rust_src
    flags+=" -Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none"
    std=(-Zbuild-std=std,panic_abort)
  else
    profile=dev; wasm_dir=debug
  fi
  say "building the WASM bundle ($mode)"
  (cd "$ROOT" && export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$flags" CARGO_TARGET_DIR="$target" \
    && if [ ${#std[@]} -gt 0 ]; then export RUSTC_BOOTSTRAP=1; fi \
    && cargo build --quiet -p frontend --lib --target wasm32-unknown-unknown --profile "$profile" "${std[@]}")
  local work stage
  work="$(mktemp -d)"
  stage="$work/pkg"
  mkdir -p "$stage"
  say "splitting the bundle at its lazy routes"
  # Chunks under 12 KB of code (before wasm-opt) go into the main module: measured on the release
  # bundle, every area's first visit got lighter (at 8 KB: the grid 33 KB, home 10 KB) and took
  # half the requests, for a heavier main module that every signed-in page shares. 12 KB once
  # the link pages left the bundle (grid, board and home together, KB: 4 KB 952, 8 KB 943, 12 KB
  # 926, 16 KB 931, counting 400 bytes of headers a module).
  # Code two of the daily pages' areas share (the grid, approvals, the board, home) goes there
  # too: the grid's first visit 17 KB lighter, approvals 28, people 18, the board 6, home 4
  # (tools/wasm-split/src/small_chunks.rs).
  "$WASM_SPLIT" "$target/wasm32-unknown-unknown/$wasm_dir/frontend.wasm" "$stage" "$work/main.wasm" staffport \
    --main-below 12000 --main-shared-by timesheets,approvals,board,home
  wasm-bindgen --target web --no-typescript --keep-lld-exports --no-demangle --out-name staffport --out-dir "$stage" "$work/main.wasm"
  if [ "$mode" = release ]; then
    ensure_wasm_opt
    ensure_esbuild
    say "optimising every module"
    # Errors only: wasm-bindgen's import object names the loader once per import of it (the
    # same module namespace each time), which esbuild would warn about on every build.
    for js in "$stage"/*.js; do esbuild --minify --format=esm --log-level=error --outfile="$js" --allow-overwrite "$js"; done
    # Then short names for what the module and the glue call each other by: wasm-bindgen's carry
    # hashes and mangled symbols, which do not compress and which esbuild keeps (they link the
    # two); 3 KB brotli a page (tools/wasm-split/src/short_imports.rs).
    "$WASM_SPLIT" short-imports "$stage/staffport_bg.wasm" "$stage/staffport.js"
    # The toolchain's custom sections (target features, producers) mean nothing to a browser;
    # in the ~35 modules a page fetched then, they were 2–3 KB on the wire.
    # Flattening and re-looping the control flow between two size passes lets the second find
    # more: 18 KB brotli over the bundle (grid 3 KB) for 23 s more on two cores.
    find "$stage" -name '*.wasm' -print0 | xargs -0 -P "$(nproc)" -I{} \
      wasm-opt -Oz --flatten --rereloop -Oz -Oz --strip-target-features --strip-producers \
        --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext -o {} {}
  fi
  # Minified for phones: 1 KB brotli off every page, link pages included.
  if [ "$mode" = release ]; then
    esbuild --minify --log-level=error --outfile="$stage/staffport.css" "$ROOT/style/main.css"
  else
    cp "$ROOT/style/main.css" "$stage/staffport.css"
  fi
  local id
  id="$(cd "$stage" && find . -type f | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-16)"
  # Precompressed copies for what phones get; brotli -q 11 of a 40 MB development bundle would
  # take minutes, and it is served from loopback anyway.
  if [ "$mode" = release ]; then
    find "$stage" -type f -print0 | xargs -0 -P "$(nproc)" -n 8 brotli -q 11 -k -f
    find "$stage" -type f ! -name '*.br' -print0 | xargs -0 -P "$(nproc)" -n 8 gzip -9 -k -f
  fi
  mkdir -p "$SITE/pkg"
  rm -rf "$SITE/pkg/$id"
  mv "$stage" "$SITE/pkg/$id"
  rm -rf "$work"
  # Older builds stay a while for pages still open in a browser; the last five are kept.
  (cd "$SITE/pkg" && { ls -1t | grep -E '^[0-9a-f]{16}$' | grep -vx "$id" | tail -n +5 | xargs -r rm -rf; } || true)
  find "$SITE/pkg" -maxdepth 1 -type f ! -name BUILD -delete
  echo "$id" > "$SITE/pkg/BUILD"
  cp -r "$ROOT/public/." "$SITE/"
}

# Builds the server binary. $1: dev | release
build_server() {
  local mode="${1:-dev}"
  say "building the server ($mode)"
  if [ "$mode" = release ]; then
    (cd "$ROOT" && cargo build --quiet -p server --release)
    SERVER_BIN="$CARGO_TARGET_DIR/release/staffport"
  else
    (cd "$ROOT" && cargo build --quiet -p server)
    SERVER_BIN="$CARGO_TARGET_DIR/debug/staffport"
  fi
}

# A PostgreSQL for tests and benchmarks, its URL exported in the variable named $1: the URL
# already there if it answers, else a throwaway cluster from Debian's package on a free port
# (stopped by stop_postgres).
PG_DIR=""
start_postgres() {
  local var="$1" url="${!1:-}"
  if [ -n "$url" ] && pg_isready -q -d "$url" 2>/dev/null; then
    say "using PostgreSQL at $var"
    return
  fi
  if [ "$(id -u)" != 0 ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    say "WARNING: no PostgreSQL reachable and cannot install one: PostgreSQL runs will be SKIPPED"
    unset "$var"
    return
  fi
  ensure_postgres_server
  PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  PG_DIR="$(mktemp -d /tmp/staffport-pg.XXXXXX)"
  local port runas=""
  port="$(free_port)"
  [ "$(id -u)" = 0 ] && { chown postgres "$PG_DIR"; runas="su postgres -s /bin/sh -c"; }
  say "starting a throwaway PostgreSQL on port $port"
  ${runas:-sh -c} "$PG_BIN/initdb -D $PG_DIR/data -A trust -U postgres -E UTF8 --locale=C.UTF-8" >/dev/null
  ${runas:-sh -c} "$PG_BIN/pg_ctl -D $PG_DIR/data -w -l $PG_DIR/log -o '-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300' start" >/dev/null
  export "$var=postgres://postgres@127.0.0.1:$port/postgres"
}

stop_postgres() {
  if [ -n "$PG_DIR" ]; then
    su postgres -s /bin/sh -c "$PG_BIN/pg_ctl -D $PG_DIR/data -m immediate stop" >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
}

# Locust (the load tool of `scripts/bench load`), in a virtual environment in the cache.
LOCUST_VERSION="2.47.0"
ensure_locust() {
  LOCUST="$CACHE/locust-venv/bin/locust"
  if [ "$("$LOCUST" --version 2>/dev/null | awk '{print $2}')" != "$LOCUST_VERSION" ]; then
    say "installing Locust $LOCUST_VERSION from PyPI"
    python3 -m venv "$CACHE/locust-venv"
    "$CACHE/locust-venv/bin/pip" install --quiet "locust==$LOCUST_VERSION"
  fi
}

# An independent check of the REST API's OpenAPI document (the test command validates it).
OPENAPI_VALIDATOR_VERSION="0.7.2"
ensure_openapi_validator() {
  OPENAPI_VALIDATOR="$CACHE/openapi-venv/bin/openapi-spec-validator"
  local installed
  installed="$("$CACHE/openapi-venv/bin/pip" show openapi-spec-validator 2>/dev/null || true)"
  if ! grep -qx "Version: $OPENAPI_VALIDATOR_VERSION" <<<"$installed"; then
    say "installing openapi-spec-validator $OPENAPI_VALIDATOR_VERSION from PyPI"
    python3 -m venv "$CACHE/openapi-venv"
    "$CACHE/openapi-venv/bin/pip" install --quiet "openapi-spec-validator==$OPENAPI_VALIDATOR_VERSION"
  fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_ready() {
  for _ in $(seq 1 300); do
    python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' "$1" 2>/dev/null && return 0
    sleep 0.2
  done
  echo "not ready: $1" >&2; return 1
}

# One backend's load test: the demo organisation and the load world, the release server under
# each step of sessions, then the baseline under the same steps. $1: name, $2: DATABASE_URL
load_test() {
  local name="$1" dir port pid
  dir="$(mktemp -d)"
  export DATABASE_URL="$2" STAFFPORT_DATA_KEY
  STAFFPORT_DATA_KEY="$(python3 -c 'import os, base64; print(base64.b64encode(os.urandom(32)).decode())')"
  say "$name: the demo organisation and the load world"
  local steps="${LOAD_STEPS:-200 400 800 1600}" most
  most="$(echo "$steps" | tr ' ' '\n' | sort -n | tail -1)"
  # Enough people that every contractor session has a placement of its own.
  RUST_LOG=warn "$SERVER_BIN" seed --people "$(( most * 3 / 4 + 100 ))" >/dev/null
  RUST_LOG=warn LOAD_SESSIONS="$most" "$BENCH_BIN" load-world "$dir/world.json"
  port="$(free_port)"
  STAFFPORT_PUBLIC_URL="http://127.0.0.1:$port" LEPTOS_SITE_ROOT="$SITE" STAFFPORT_MAIL_DIR="$dir/mail" \
    STAFFPORT_LOGIN_PER_ACCOUNT_PER_MIN=100000 STAFFPORT_LOGIN_PER_ADDR_PER_MIN=100000 RUST_LOG=warn \
    "$SERVER_BIN" serve --addr "127.0.0.1:$port" &
  pid=$!
  wait_ready "http://127.0.0.1:$port/ready"
  # A failed step stops the run, but never leaves its server running under the next one.
  local status=0
  load_steps "$name" Staffport "http://127.0.0.1:$port" "$dir" app "$steps" || status=$?
  kill "$pid"; wait "$pid" 2>/dev/null || true
  [ "$status" = 0 ] || return "$status"
  port="$(free_port)"
  RUST_LOG=warn "$BENCH_BIN" load-baseline "127.0.0.1:$port" >/dev/null &
  pid=$!
  wait_ready "http://127.0.0.1:$port/health"
  load_steps "$name" baseline "http://127.0.0.1:$port" "$dir" baseline "$steps" || status=$?
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$dir"
  return "$status"
}

# Every step of sessions ($6) against one target: $1 name, $2 what, $3 URL, $4 dir, $5 target.
load_steps() {
  local users
  for users in $6; do load_step "$1" "$2" "$users" "$3" "$4" "$5" || return; done
}

# One step: $3 sessions against $4 for LOAD_SECS after they all started; prints per request kind
# the count, throughput, p50/p95/p99 (ms) and errors. Goose drives it (LOAD_TOOL=locust: Locust,
# the cross-check).
load_step() {
  local name="$1" what="$2" users="$3" host="$4" dir="$5" target="$6"
  if [ "${LOAD_TOOL:-goose}" = goose ]; then
    LOAD_WORLD="$dir/world.json" LOAD_TARGET="$target" "$LOAD_BIN" --host "$host" --users "$users" \
      --increase-rate "$(( users / 4 + 1 ))" --run-time "${LOAD_SECS:-40}s" --quiet >"$dir/goose.out" 2>"$dir/goose.log" || true
    if ! grep -qE '^all ' "$dir/goose.out"; then
      cat "$dir/goose.log" >&2
      return 1
    fi
    grep -E '^(grid|save|queue|approve|board|move|home|inbox counts|all) ' "$dir/goose.out" \
      | while IFS= read -r line; do printf '%-10s %-9s %5s sessions  %s\n' "$name" "$what" "$users" "$line"; done
    return
  fi
  LOAD_WORLD="$dir/world.json" LOAD_TARGET="$target" "$LOCUST" -f "$ROOT/bench/load/locustfile.py" --headless \
    -u "$users" -r "$(( users / 4 + 1 ))" -t "${LOAD_SECS:-40}s" --reset-stats --host "$host" \
    --csv "$dir/$target-$users" --only-summary >"$dir/locust.log" 2>&1 || true
  python3 - "$dir/$target-${users}_stats.csv" "$name" "$what" "$users" <<'PY'
import csv, sys
path, name, what, users = sys.argv[1:]
for r in csv.DictReader(open(path)):
    label = "all" if r["Name"] == "Aggregated" else r["Name"]
    print(f"{name:10} {what:9} {users:>5} sessions  {label:13} {int(r['Request Count']):>7} req {float(r['Requests/s']):7.1f}/s"
          f"  p50 {r['50%']:>5} ms  p95 {r['95%']:>5} ms  p99 {r['99%']:>5} ms  errors {r['Failure Count']}")
PY
}
