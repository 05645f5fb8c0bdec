#!/usr/bin/env bash
# Runs every test of pimcheck from a fresh clone: Rust (fmt, clippy, tests, vectors), the CLI,
# Python and Node. Installs what it needs itself (crates via cargo, a venv for Python, npm packages).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

step() { printf '\n==> %s\n' "$*"; }

step "One version everywhere (Cargo, pyproject, package.json, its lock, npm platform packages)"
python3 scripts/check-version.py

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy -D warnings"
cargo clippy --workspace --all-targets --quiet -- -D warnings

step "cargo clippy -D warnings on the bindings' bench and test hooks (feature bench-hooks)"
cargo clippy -p pimcheck-python -p pimcheck-node --all-targets --quiet \
  --features pimcheck-python/bench-hooks,pimcheck-node/bench-hooks -- -D warnings

step "cargo test --workspace (core, CLI, vectors, properties)"
cargo test --workspace --quiet
# The CLI's Internal-error tests need its test hook (a request that panics), off in a release.
cargo test -p pimcheck-cli --features bench-hooks --quiet --test cli

step "Benches: each criterion bench once (cargo test -p pimcheck-benches --benches), so they never rot"
# Checks every scenario of benches/scenarios.json still runs; the regorus peer is not built here.
cargo test -p pimcheck-benches --benches --quiet

step "Python: bindings-python (maturin develop, pytest: vectors against the CLI, API, SDK models, mypy)"
# A venv at the repository root, made once; the SDK packages (azure-mgmt-authorization, msgraph-sdk)
# take about 45 s to install cold. The debug build is the fastest to make; the CLI is built for the
# byte-for-byte comparison of every vector.
[ -x "$ROOT/.venv/bin/python" ] || python3 -m venv "$ROOT/.venv"
"$ROOT/.venv/bin/pip" install -q --disable-pip-version-check \
  'maturin>=1.9,<2' pytest mypy azure-mgmt-authorization msgraph-sdk
cargo build -p pimcheck-cli --quiet
(
  cd "$ROOT/bindings-python"
  export VIRTUAL_ENV="$ROOT/.venv" PATH="$ROOT/.venv/bin:$PATH"
  # A default build first, to show it exposes none of the bench and test hooks; then the build
  # with them (feature `bench-hooks`), which the whole suite runs on.
  maturin develop -q
  PIMCHECK_BENCH_HOOKS=0 python -m pytest -q -p no:cacheprovider tests/test_hooks.py
  maturin develop -q --features bench-hooks
  PIMCHECK_BENCH_HOOKS=1 PIMCHECK_CLI="${CARGO_TARGET_DIR:-$ROOT/target}/debug/pimcheck" \
    python -m pytest -q -p no:cacheprovider
)

step "Node: bindings-node (napi build, node --test: vectors against the CLI, API, workers; tsc) and examples/node-preflight"
# A debug build of the addon (release adds minutes of LTO for nothing a test needs); the CLI is
# built for the byte-for-byte comparison of every vector.
cargo build -p pimcheck-cli --quiet
(
  cd "$ROOT/bindings-node"
  npm ci --no-audit --no-fund --loglevel=error
  # A default build first, to show it exposes none of the bench and test hooks; then the build
  # with them (feature `bench-hooks`), which the whole suite runs on.
  npx napi build --platform
  PIMCHECK_BENCH_HOOKS=0 node --test __test__/hooks.test.mjs
  npx napi build --platform --features bench-hooks
  PIMCHECK_BENCH_HOOKS=1 PIMCHECK_CLI="${CARGO_TARGET_DIR:-$ROOT/target}/debug/pimcheck" node --test __test__/
  npx tsc -p examples/tsconfig.json
)
(
  cd "$ROOT/examples/node-preflight"
  npm ci --no-audit --no-fund --loglevel=error
  node --test test/
)

step "Fuzz: every cargo-fuzz target briefly (libFuzzer on stable, seeded from vectors/)"
# Installs cargo-fuzz if missing (about 30 s). For longer runs: scripts/fuzz.sh 600.
bash scripts/fuzz.sh "${PIMCHECK_FUZZ_SECONDS:-10}"

echo
echo "all tests passed"
