#!/usr/bin/env bash
# Runs every test of Tòa Soạn on a fresh Debian/Ubuntu machine: installs what is
# missing (Rust, WebKitGTK, Xvfb, WebKitWebDriver, tauri-driver, libvips-tools
# for the media benchmark's reference, npm packages),
# then formatting, lints (warnings denied), a short fuzz run of every parser,
# Rust unit and integration tests
# (including the stale-bindings check), the UI's svelte-check and Vitest, the
# benchmark smoke runs, the .deb built and installed with apt, the end-to-end
# suites in the real window of the installed app (one newsroom story on one
# machine; team mode in two windows on the test hub), and the Windows build:
# the core's and the CLI's tests cross-compiled and run under Wine.
# The publishing tests run against a real WordPress on 127.0.0.1 that
# scripts/wordpress.sh installs and starts (Debian's wordpress, MariaDB, Apache).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_app_build
ensure_bench_tools
ensure_test_tools

echo "==> loopback WordPress for the publishing tests (scripts/wordpress.sh up)"
bash scripts/wordpress.sh up
# shellcheck disable=SC1090
. "${TOASOAN_WP_ENV:-$HOME/.cache/toasoan/wordpress.env}"

echo "==> the team hub's own PostgreSQL for the hub tests (scripts/hub-pg.sh up: initdb, scram-sha-256, TLS)"
bash scripts/hub-pg.sh up
# shellcheck disable=SC1090
. "${TOASOAN_HUB_ENV:-$HOME/.cache/toasoan/hub.env}"

echo "==> npm install (ui; exact versions in package.json, lock file committed)"
(cd ui && npm install --no-audit --no-fund --loglevel=error)
echo "==> cargo fmt --check"
cargo fmt --all --check
echo "==> cargo clippy (warnings denied)"
cargo clippy --workspace --all-targets --locked -- -D warnings
echo "==> svelte-check"
(cd ui && npx svelte-check --tsconfig ./tsconfig.json --fail-on-warnings --output human)
echo "==> vitest"
(cd ui && npx vitest run)
echo "==> fuzz smoke run: every parser target for a few seconds (scripts/fuzz.sh; cargo-fuzz on nightly)"
bash scripts/fuzz.sh smoke "${TOASOAN_FUZZ_SECONDS:-8}"
echo "==> benchmark smoke run (core)"
cargo run --release --locked -q -p toasoan-bench -- --quick
echo "==> cargo test (including the tests against the loopback WordPress and the test hub)"
cargo test --workspace --locked -- --include-ignored
echo "==> the .deb: release app + CLI packaged, installed with apt, the installed app run (scripts/test-package.sh)"
bash scripts/test-package.sh
# The end-to-end suites run the installed release app and CLI: what a
# newsroom gets is what is tested (and nothing is built twice).
export TOASOAN_APP=/usr/bin/toasoan TOASOAN_NEWSROOM=/usr/bin/newsroom
# Under Xvfb the app turns WebKit's DMA-BUF renderer off (no GPU; render.rs),
# and with it off WebKitWebDriver's screenshots never return (WebKitGTK 2.4x):
# the suites that take screenshots keep it on. The installed-app test above and
# the start-up benchmark below run the app as shipped.
export WEBKIT_DISABLE_DMABUF_RENDERER=0
echo "==> end-to-end in the real window (tauri-driver + WebKitWebDriver, Xvfb)"
xvfb-run -a -s "-screen 0 1280x800x24" node tests/e2e/run.mjs
echo "==> team mode end to end: two app windows, the test hub stopped and started (tests/e2e/team.mjs)"
xvfb-run -a -s "-screen 0 1280x800x24" node tests/e2e/team.mjs
echo "==> Windows: core, CLI and app cross-compiled; core and CLI tests under Wine (scripts/test-windows.sh)"
bash scripts/test-windows.sh
echo "==> benchmark smoke run (installed app: start and memory against an empty Tauri window; a 24 MP photo through the window)"
TOASOAN_UPLOAD_PHOTOS=2 bash scripts/bench-app.sh 2
