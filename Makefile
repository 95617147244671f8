# Developer shortcuts. The README's two commands are scripts/run.sh and scripts/test.sh.
.PHONY: run test fmt lint unit bench

run:
	bash scripts/run.sh

test:
	bash scripts/test.sh

fmt:
	cargo fmt --all

lint:
	cargo clippy --workspace --all-targets --locked -- -D warnings

unit:
	cargo test --workspace --locked

bench:
	cargo run --release --locked -p toasoan-bench
