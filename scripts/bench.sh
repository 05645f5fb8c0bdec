#!/usr/bin/env bash
# Runs every benchmark runner of benches/CONTRACT.md on benches/scenarios.json and prints one table
# with the ratios against the peers (serde_json's Value parse, regorus, the plain-Python and
# plain-JavaScript checkers). Builds what it needs in release mode; a language whose toolchain is
# absent is skipped with a note.
#   scripts/bench.sh [--only id,id] [--1g] [--no-regorus] [--no-python] [--no-node]
# --1g adds the CLI batch on a generated 1 GB NDJSON stream (requests/s, peak RSS).
# Results (JSON lines) go to $BENCH_OUT (default target/bench-results/).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
OUT="${BENCH_OUT:-$TARGET/bench-results}"
MANIFEST="$ROOT/benches/scenarios.json"
ONLY=() ; ONE_GB=0 ; REGORUS=1 ; PYTHON=1 ; NODE=1
while [ $# -gt 0 ]; do
  case "$1" in
    --only) ONLY=(--only "$2"); shift ;;
    --1g) ONE_GB=1 ;;
    --no-regorus) REGORUS=0 ;;
    --no-python) PYTHON=0 ;;
    --no-node) NODE=0 ;;
    *) echo "bench.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
mkdir -p "$OUT"
rm -f "$OUT"/*.jsonl
note() { printf '==> %s\n' "$*" >&2; }

note "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
note "building release: pimcheck-benches runners and the pimcheck CLI"
cargo build --release --quiet -p pimcheck-benches --bins -p pimcheck-cli

note "rust + serde_json"
"$TARGET/release/pimcheck-bench" --manifest "$MANIFEST" "${ONLY[@]}" | tee "$OUT/rust.jsonl" >&2

if [ "$REGORUS" = 1 ]; then
  note "regorus (its own workspace; a cold build takes a few minutes)"
  (cd benches/regorus-peer && CARGO_TARGET_DIR="$TARGET" cargo build --release --quiet)
  "$TARGET/release/pimcheck-regorus-peer" --manifest "$MANIFEST" "${ONLY[@]}" | tee "$OUT/regorus.jsonl" >&2
fi

if [ ${#ONLY[@]} -eq 0 ]; then
  # Issue #17: lint a 1,000-policy set against parsing it, in one run (not a contract scenario:
  # its line goes to lint.json, which the table does not read).
  note "lint: a 1,000-policy set, lint against parse"
  "$TARGET/release/pimcheck-lint-bench" --policies 1000 --rounds 15 | tee "$OUT/lint.json" >&2
fi

note "cli"
"$TARGET/release/pimcheck-cli-bench" --pimcheck "$TARGET/release/pimcheck" --manifest "$MANIFEST" "${ONLY[@]}" \
  | tee "$OUT/cli.jsonl" >&2
if [ "$ONE_GB" = 1 ]; then
  note "cli on a 1 GB NDJSON stream (generated in /tmp)"
  benches/cli-ndjson-1g.sh "$TARGET/release/pimcheck" 1G | tee "$OUT/cli-1g.jsonl" >&2
fi

if [ "$PYTHON" = 1 ]; then
  if [ ! -f benches/python/bench.py ]; then
    note "python: skipped (benches/python/bench.py is not there yet)"
  elif ! command -v python3 >/dev/null; then
    note "python: skipped (no python3)"
  else
    note "python: maturin develop --release --features bench-hooks (the floors) into .venv"
    [ -x .venv/bin/python ] || python3 -m venv .venv
    .venv/bin/python -m pip install -q 'maturin>=1.9,<2' >&2
    (cd bindings-python && VIRTUAL_ENV="$ROOT/.venv" PATH="$ROOT/.venv/bin:$PATH" \
       CARGO_TARGET_DIR="$TARGET" maturin develop --release -q --features bench-hooks >&2)
    .venv/bin/python benches/python/bench.py "$MANIFEST" "${ONLY[@]}" | tee "$OUT/python.jsonl" >&2
  fi
fi

if [ "$NODE" = 1 ]; then
  if [ ! -f benches/node/bench.mjs ]; then
    note "node: skipped (benches/node/bench.mjs is not there yet)"
  elif ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    note "node: skipped (no node/npm)"
  else
    note "node: npx napi build --release --features bench-hooks (the floor)"
    (cd bindings-node && { [ -d node_modules ] || npm ci --no-audit --no-fund >&2; } \
       && CARGO_TARGET_DIR="$TARGET" npx napi build --platform --release --features bench-hooks >&2)
    node benches/node/bench.mjs "$MANIFEST" "${ONLY[@]}" | tee "$OUT/node.jsonl" >&2
  fi
fi

echo
python3 benches/table.py "$MANIFEST" "$OUT"/*.jsonl
