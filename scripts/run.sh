#!/usr/bin/env bash
# Quick start: installs what is missing, builds Tòa Soạn (desktop app and the
# newsroom CLI), loads the demo newsroom (Báo Bình Sơn) into the default data
# folder and opens the app on it. Pick a profile: an (phóng viên), lan (biên
# tập viên) or hung (lãnh đạo).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_app_build

build_release
"$target/release/newsroom" init
"$target/release/newsroom" demo
echo "==> starting $target/release/toasoan"
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "(no display: running under Xvfb; use a desktop session to see the window)"
  exec xvfb-run -a -s "-screen 0 1280x800x24" "$target/release/toasoan"
fi
exec "$target/release/toasoan"
