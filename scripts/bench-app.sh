#!/usr/bin/env bash
# Measures the desktop app: cold start to interactive window and idle memory
# (figures in BENCHMARKS.md). Builds the release app and CLI first.
#   bash scripts/bench-app.sh [runs]        (default 10)
# TOASOAN_APP=path skips the release build (CI's smoke run uses the debug app).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_app_build
if [ -z "${TOASOAN_APP:-}" ]; then
  (cd ui && npm install --no-audit --no-fund --loglevel=error)
  ui/node_modules/.bin/tauri build --no-bundle >/dev/null
  cargo build --release --locked -q -p newsroom
  TOASOAN_APP="$target/release/toasoan"
  newsroom="$target/release/newsroom"
else
  newsroom="${TOASOAN_NEWSROOM:-$target/debug/newsroom}"
fi
xvfb-run -a -s "-screen 0 1280x800x24" node scripts/bench-app.mjs "$TOASOAN_APP" "$newsroom" "${1:-10}"
