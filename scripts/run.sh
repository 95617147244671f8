#!/usr/bin/env bash
# Quick start: installs what is missing, builds Tòa Soạn, opens the demo
# newsroom (Báo Bình Sơn) in the default data folder and shows it from the
# command line. (The desktop app will start here once it exists.)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_build_tools

cargo build --release --locked -q -p newsroom
bin="$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')/release/newsroom"
"$bin" init
"$bin" demo
echo
echo "== Việc của tôi (phóng viên an) =="
"$bin" --as an assignment list --mine
echo
echo "== Tìm không dấu: \"nghi dinh\" (biên tập viên lan) =="
"$bin" --as lan search nghi dinh --limit 3
echo
echo "== Hợp đồng (lãnh đạo hung) =="
"$bin" --as hung contract list
echo
echo "CLI: $bin --help"
