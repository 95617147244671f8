#!/usr/bin/env bash
# Coverage-guided fuzzing of the parsers (cargo-fuzz, libFuzzer, nightly):
# the renderer, the CSV readers, legacy-font detection, page-counter
# patterns, search query parsing and the media sniffer (fuzz/fuzz_targets/).
#
#   bash scripts/fuzz.sh smoke [SECONDS]        # every target for SECONDS (default 10): CI
#   bash scripts/fuzz.sh run TARGET [SECONDS]   # one target, long (default 3600): the documented long run
#
# The smoke run's seed is fixed (1); the long run's is libFuzzer's own
# (seed 0 = a fresh one each time; TOASOAN_FUZZ_SEED=N to replay one).
#
# The committed seeds in fuzz/corpus/TARGET are read, never written: new
# inputs go to a scratch corpus. A crash fails the run and leaves its input
# in fuzz/artifacts/TARGET/; reproduce with
#   cargo +nightly fuzz run TARGET fuzz/artifacts/TARGET/crash-…
# then make it a regression test in the crate that owns the code.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_build_tools
ensure_fuzz_tools
if ! rustup run nightly rustc --version >/dev/null 2>&1; then
  echo "fuzz: NOT RUN — this machine has no nightly Rust toolchain (cargo-fuzz needs one;" >&2
  echo "      rustup toolchain install nightly where the network allows it)." >&2
  exit 3
fi
targets=(render csv legacy page_counter search_query media_sniff)
fuzz_target_dir="${TOASOAN_FUZZ_TARGET:-$HOME/.cache/toasoan/fuzz-target}"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

run_one() {
  local t="$1" secs="$2" seed="$3" log="$scratch/$t.log"
  mkdir -p "$scratch/$t"
  echo "==> fuzz $t for ${secs}s"
  if (cd fuzz && cargo +nightly fuzz run --target-dir "$fuzz_target_dir" "$t" "$scratch/$t" "corpus/$t" -- \
    -seed="$seed" -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1) >"$log" 2>&1; then
    grep -E "stat::number_of_executed_units|stat::new_units_added|stat::peak_rss_mb|Done [0-9]+ runs" "$log" || tail -n 3 "$log"
  else
    grep -vE "^#[0-9]+[[:space:]]" "$log" | tail -n 60
    echo "fuzz: $t FAILED — its input is in fuzz/artifacts/$t/" >&2
    return 1
  fi
}

case "${1:-smoke}" in
  smoke)
    secs="${2:-10}"
    # Each run builds what it needs (with cargo-fuzz's default flags: release,
    # debug assertions on), so the dependencies are built once for all.
    # A fixed seed: the smoke run tries the same inputs each time (a slower
    # machine tries a prefix of them), so CI passes or fails on the code,
    # not on the dice. The long run below explores with a fresh seed.
    for t in "${targets[@]}"; do run_one "$t" "$secs" 1; done
    ;;
  run)
    t="${2:?which target: ${targets[*]}}"
    run_one "$t" "${3:-3600}" "${TOASOAN_FUZZ_SEED:-0}"
    ;;
  *)
    echo "usage: bash scripts/fuzz.sh smoke [SECONDS] | run TARGET [SECONDS]" >&2
    exit 2
    ;;
esac
