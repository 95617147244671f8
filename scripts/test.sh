#!/usr/bin/env bash
# Runs every test of Tòa Soạn on a fresh Debian/Ubuntu machine: installs what is
# missing, then formatting, lints (warnings denied), unit and integration tests,
# and a quick benchmark run so the benchmark code cannot rot.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_build_tools

echo "==> cargo fmt --check"
cargo fmt --all --check
echo "==> cargo clippy (warnings denied)"
cargo clippy --workspace --all-targets --locked -- -D warnings
echo "==> benchmark smoke run"
cargo run --release --locked -q -p toasoan-bench -- --quick
echo "==> cargo test"
cargo test --workspace --locked
