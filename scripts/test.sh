#!/usr/bin/env bash
# Runs every test of Tòa Soạn on a fresh Debian/Ubuntu machine, installing what
# is missing first (Rust, WebKitGTK, Xvfb, WebKitWebDriver, tauri-driver,
# poppler, libvips-tools, npm packages, the services). The README's test command.
#
#   bash scripts/test.sh             every stage, in this order
#   bash scripts/test.sh STAGE…      only those stages (in the order given)
#
# Stages, cheapest first, each building only what it needs (every cargo profile
# is built once: `check` for clippy, `dev` for the tests, `release` for the
# benchmark, the package and the end-to-end suites; the Windows debug build
# without debug info):
#   static    formatting, clippy (warnings denied), svelte-check, Vitest
#   unit      cargo test: every Rust test that needs no service
#   fuzz      a short libFuzzer run of every parser (scripts/fuzz.sh, nightly)
#   services  the loopback WordPress (scripts/wordpress.sh) and the test hub's
#             own PostgreSQL cluster (scripts/hub-pg.sh: initdb, scram-sha-256,
#             TLS) started, then the Rust tests that need them (#[ignore]d
#             in a bare `cargo test`)
#   package   release build, the .deb installed with apt, the installed app run
#   e2e       the installed app in its real window (tauri-driver, WebKitWebDriver,
#             Xvfb): one newsroom story, then team mode in two windows on the hub
#   bench     the benchmark smoke runs (core; the installed app's start-up and
#             memory against an empty Tauri window; a 24 MP photo through it)
#   windows   core, CLI and app cross-compiled; core and CLI tests under Wine
# While the first stage compiles, the later stages' Debian packages install in
# the background (lib.sh: prefetch_later_stages; one apt at a time, by a lock).
# A timing summary is printed at the end, also when a stage fails.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

all_stages=(static unit fuzz services package e2e bench windows)
stages=("$@")
[ ${#stages[@]} -eq 0 ] && stages=("${all_stages[@]}")
for s in "${stages[@]}"; do
  [[ " ${all_stages[*]} " == *" $s "* ]] ||
    { echo "unknown stage «$s»: the stages are ${all_stages[*]}" >&2; exit 2; }
done

timings=()
started=$SECONDS
current=""
stage_start=0
summary() {
  local rc=$?
  [ -n "$current" ] && timings+=("$(printf '%-9s %5ds  FAILED' "$current" $((SECONDS - stage_start)))")
  echo
  echo "==> stage timings"
  for t in "${timings[@]}"; do echo "    $t"; done
  echo "    $(printf '%-9s %5ds' total $((SECONDS - started)))"
  exit "$rc"
}
trap summary EXIT

services_up=0
services() { # started once, whichever stage needs them first
  [ "$services_up" -eq 1 ] && return 0
  echo "==> loopback WordPress for the publishing tests (scripts/wordpress.sh up)"
  bash scripts/wordpress.sh up
  # shellcheck disable=SC1090
  . "${TOASOAN_WP_ENV:-$HOME/.cache/toasoan/wordpress.env}"
  echo "==> the team hub's own PostgreSQL for the hub tests (scripts/hub-pg.sh up: initdb, scram-sha-256, TLS)"
  bash scripts/hub-pg.sh up
  # shellcheck disable=SC1090
  . "${TOASOAN_HUB_ENV:-$HOME/.cache/toasoan/hub.env}"
  services_up=1
}

ui_deps() {
  echo "==> npm install (ui; exact versions in package.json, lock file committed)"
  (cd ui && npm install --no-audit --no-fund --loglevel=error)
}

prefetch_log="${TMPDIR:-/tmp}/toasoan-prefetch.log"
stage_static() {
  ensure_build_tools
  echo "==> cargo fmt --check"
  cargo fmt --all --check
  ensure_app_deps
  if [ ${#stages[@]} -gt 1 ]; then
    echo "==> the later stages' Debian packages install in the background meanwhile ($prefetch_log)"
    prefetch_later_stages "$prefetch_log"
  fi
  ui_deps
  echo "==> svelte-check"
  (cd ui && npx svelte-check --tsconfig ./tsconfig.json --fail-on-warnings --output human)
  echo "==> vitest"
  (cd ui && npx vitest run)
  echo "==> cargo clippy (warnings denied)"
  cargo clippy --workspace --all-targets --locked -- -D warnings
}

stage_unit() {
  ensure_app_build
  ensure_test_tools
  echo "==> cargo test (every test that needs no service; the bindings and the hub's column catalogue checked stale)"
  cargo test --workspace --locked --no-fail-fast
}

stage_fuzz() {
  echo "==> fuzz smoke run: every parser target for a few seconds (scripts/fuzz.sh; cargo-fuzz on nightly)"
  bash scripts/fuzz.sh smoke "${TOASOAN_FUZZ_SECONDS:-8}"
}

stage_services() {
  ensure_app_build
  ensure_test_tools
  services
  echo "==> cargo test -- --ignored (the tests against the loopback WordPress and the test hub)"
  cargo test --workspace --locked --no-fail-fast -- --ignored
}

packaged=0
stage_package() {
  echo "==> the .deb: release app + CLI packaged, installed with apt, the installed app run (scripts/test-package.sh)"
  bash scripts/test-package.sh
  packaged=1
}

installed_app() {
  # The end-to-end suites and the app benchmark run the installed release app
  # and CLI: what a newsroom gets is what is tested (and nothing is built twice).
  # Run without the package stage, they package the current tree first.
  [ "$packaged" -eq 1 ] || stage_package
  export TOASOAN_APP=/usr/bin/toasoan TOASOAN_NEWSROOM=/usr/bin/newsroom
}

stage_e2e() {
  ensure_app_build
  installed_app
  services
  # Under Xvfb the app turns WebKit's DMA-BUF renderer off (no GPU; render.rs),
  # and with it off WebKitWebDriver's screenshots never return (WebKitGTK 2.4x):
  # the suites that take screenshots keep it on. The installed-app test and the
  # start-up benchmark run the app as shipped.
  echo "==> end-to-end in the real window (tauri-driver + WebKitWebDriver, Xvfb)"
  WEBKIT_DISABLE_DMABUF_RENDERER=0 xvfb-run -a -s "-screen 0 1280x800x24" node tests/e2e/run.mjs
  echo "==> team mode end to end: two app windows, the test hub stopped and started (tests/e2e/team.mjs)"
  WEBKIT_DISABLE_DMABUF_RENDERER=0 xvfb-run -a -s "-screen 0 1280x800x24" node tests/e2e/team.mjs
}

stage_bench() {
  ensure_app_build
  ensure_bench_tools
  build_release
  echo "==> benchmark smoke run (core)"
  "$target/release/toasoan-bench" --quick
  installed_app
  echo "==> benchmark smoke run (installed app: start and memory against an empty Tauri window; a 24 MP photo through the window)"
  TOASOAN_UPLOAD_PHOTOS=2 bash scripts/bench-app.sh 2
}

stage_windows() {
  echo "==> Windows: core, CLI and app cross-compiled; core and CLI tests under Wine (scripts/test-windows.sh)"
  bash scripts/test-windows.sh
}

for s in "${stages[@]}"; do
  current="$s"
  stage_start=$SECONDS
  echo "==> stage $s"
  "stage_$s"
  timings+=("$(printf '%-9s %5ds' "$s" $((SECONDS - stage_start)))")
  current=""
done
