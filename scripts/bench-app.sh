#!/usr/bin/env bash
# Measures the desktop app: cold start to interactive window and idle memory,
# against an empty Tauri v2 window from the same lock file and profile, then a
# 24 MP photo picked in the library to its thumbnail against the core's own
# import (figures in BENCHMARKS.md). Builds the release app, CLI and empty window first.
#   bash scripts/bench-app.sh [runs]        (default 10)
# TOASOAN_APP=path skips the app's build (CI's smoke run measures the installed
# package's /usr/bin/toasoan); the empty window and CLI are then taken from the
# release folder, built if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_app_build
if [ -z "${TOASOAN_APP:-}" ]; then
  TOASOAN_APP="$target/release/toasoan"
  newsroom="$target/release/newsroom"
else
  newsroom="${TOASOAN_NEWSROOM:-$target/release/newsroom}"
fi
build_release
# The empty window is an example of the app's package: building it brings the
# package's dev-dependencies (tauri's `test` feature), so it is built apart
# from the shipped binaries, whose features it must not change (with the same
# packages selected, so that only tauri and the app's library are built again).
TAURI_CONFIG="$release_config" cargo build --release --locked -q \
  -p toasoan-app -p newsroom -p toasoan-bench --features toasoan-app/custom-protocol --example empty-window
xvfb-run -a -s "-screen 0 1280x800x24" node scripts/bench-app.mjs "$TOASOAN_APP" "$newsroom" "$target/release/examples/empty-window" "${1:-10}"
xvfb-run -a -s "-screen 0 1280x800x24" node scripts/bench-upload.mjs "$TOASOAN_APP" "$newsroom" "$target/release/toasoan-bench" "${TOASOAN_UPLOAD_PHOTOS:-5}"
