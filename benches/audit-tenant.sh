#!/usr/bin/env bash
# The audit's tenant-sized benchmark (issue 18): 10,000 roles' policies and 100,000 schedules made
# by benches/gen-audit-tenant.py, audited by the release CLI, against reading the same files (a
# serde_json parse of each, benches/src/bin/read-json.rs). Prints wall time and peak memory (max
# RSS) of each, medians of RUNS runs, and the ratio; then the same at half and twice the schedules,
# to show that memory follows the files' size, not a tree of them.
# Usage: benches/audit-tenant.sh [RUNS]   (CARGO_TARGET_DIR is honoured)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
target=${CARGO_TARGET_DIR:-$PWD/target}
cargo build --release -q -p pimcheck-cli -p pimcheck-benches --bin pimcheck --bin read-json
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT

measure() { # prints "seconds max_rss_kb" of the median run (by time)
  for _ in $(seq "$runs"); do
    /usr/bin/time -f '%e %M' "$@" >/dev/null 2>"$data/time" || true
    tail -1 "$data/time"
  done | sort -n | awk -v n="$runs" 'NR == int((n + 1) / 2)'
}

printf '| schedules | files (MB) | read: time, max RSS | audit: time, max RSS | audit ÷ read (time) |\n|---|---|---|---|---|\n'
for schedules in 50000 100000 200000; do
  python3 benches/gen-audit-tenant.py "$data/t" 10000 "$schedules"
  files=("$data/t/policies.json" "$data/t/eligibility-schedules.json" "$data/t/assignment-instances.ndjson")
  mb=$(du -cm "${files[@]}" | tail -1 | cut -f1)
  read -r rt rm < <(measure "$target/release/read-json" "${files[@]}")
  read -r at am < <(measure "$target/release/pimcheck" audit --policies "${files[0]}" \
    --schedules "${files[1]}" "${files[2]}" --now 2026-06-01T00:00:00Z --format json --max-input-bytes 100000000)
  printf '| %s | %s | %s s, %s MB | %s s, %s MB | %s× |\n' "$schedules" "$mb" "$rt" "$((rm / 1024))" \
    "$at" "$((am / 1024))" "$(awk -v a="$at" -v r="$rt" 'BEGIN { printf "%.2f", a / r }')"
done
