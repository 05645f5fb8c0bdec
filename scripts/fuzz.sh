#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 60) with libFuzzer on stable Rust (-s none: no
# sanitizer, which would need nightly), seeded from vectors/. Prints the executions of each target.
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked --quiet
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR_FUZZ:-$PWD/fuzz/target}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(policy_reader request_reader duration date_time check_json cross_generation ndjson_lines json_parse lint plan schedule_reader)

# Seed corpora: every policy and request of the vectors, one file each.
python3 - <<'PY'
import json, os, pathlib, hashlib
root = pathlib.Path("vectors")
out = {t: pathlib.Path("fuzz/corpus") / t for t in ("policy_reader", "request_reader", "check_json", "cross_generation", "ndjson_lines", "json_parse", "lint", "plan", "schedule_reader")}
for d in out.values():
    d.mkdir(parents=True, exist_ok=True)
def put(target, text):
    data = text.encode()
    (out[target] / hashlib.sha1(data).hexdigest()).write_bytes(data)
for path in sorted((root / "plan").glob("*.json")):
    # `pimcheck plan` cases: the plan or template, then NUL and the policies where the case has them.
    for case in json.loads(path.read_text()):
        document = case.get("planText", json.dumps(case.get("plan")))
        put("plan", document + ("\0" + json.dumps(case["policies"]) if "policies" in case else ""))
for path in root.rglob("*.json"):
    if path.relative_to(root).parts[0] == "plan":
        continue
    cases = json.loads(path.read_text())
    for case in cases if isinstance(cases, list) else [cases]:
        if path.parts[1] == "audit":
            put("schedule_reader", case.get("schedulesText", json.dumps(case.get("schedules"))))
            continue
        policy = case.get("policyText", json.dumps(case.get("policy")))
        request = case.get("requestText", json.dumps(case.get("request")))
        put("policy_reader", policy)
        put("request_reader", request)
        put("check_json", policy + "\0" + request)
        put("cross_generation", request)
        put("ndjson_lines", request + "\n\n" + request + "\n")
        put("json_parse", policy)
        put("lint", policy)
        put("json_parse", request)
PY

cd fuzz
cargo fuzz build -s none -O
status=0
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target"
  log=$(mktemp)
  if cargo fuzz run -s none -O "$target" "corpus/$target" -- -max_total_time="$seconds" -max_len=65536 >"$log" 2>&1; then
    runs=$(grep -Eo '^Done [0-9]+ runs' "$log" | grep -Eo '[0-9]+' || echo "?")
    printf '%-18s %12s executions in %ss, no crash\n' "$target" "$runs" "$seconds"
  else
    printf '%-18s CRASHED (see fuzz/artifacts/%s)\n' "$target" "$target"
    grep -E 'panicked|SUMMARY|assertion' "$log" | head -5
    status=1
  fi
  rm -f "$log"
done
exit $status
