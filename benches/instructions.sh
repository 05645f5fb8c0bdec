#!/usr/bin/env bash
# Instruction counts (callgrind: no noise, so a before/after on a busy machine still compares) of
# one CLI NDJSON line, end to end (read the line, parse, read the request, check, write the report),
# as the difference between a run of 110 lines and one of 10 divided by 100.
#   benches/instructions.sh PIMCHECK_BINARY
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
count() { # policy request_file lines extra-args...
  local policy=$1 request=$2 lines=$3; shift 3
  python3 -c "import json,sys; line=json.dumps(json.load(open(sys.argv[1])),separators=(',',':')); print('\n'.join([line]*int(sys.argv[2])))" "$request" "$lines" > "$tmp/in.ndjson"
  valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out" "$bin" check --policy "$policy" \
    --requests "$tmp/in.ndjson" --jobs 1 --format json "$@" > /dev/null 2> "$tmp/vg.log" || true
  grep -Eo 'Collected : [0-9]+' "$tmp/vg.log" | grep -Eo '[0-9]+'
}
line() { # name policy request extra-args...
  local name=$1 policy=$2 request=$3; shift 3
  local small big
  small=$(count "$policy" "$request" 10 "$@")
  big=$(count "$policy" "$request" 110 "$@")
  printf '%-60s %8d instructions a line\n' "$name" $(( (big - small) / 100 ))
}
line "CLI NDJSON line, Graph selfActivate (allowed)" benches/data/g3-policy-rules-list-directoryrole.json \
  benches/data/g3-request-selfactivate.json --now 2022-04-13T00:00:00Z --mfa true --level assignment
line "CLI NDJSON line, iteration-2 activation (denied)" benches/data/g2-rolesetting-get-response.json \
  benches/data/g2-request-useradd-activate.json --now 2018-05-12T23:00:00Z --mfa true
line "CLI NDJSON line, iteration-2 admin eligible (denied)" benches/data/g2-rolesetting-get-response.json \
  benches/data/g2-request-adminadd-eligible.json --now 2018-05-12T23:00:00Z --mfa true

# The Rust runner's scenarios (benches/scenarios.json), one call each: 110 samples against 10.
bench=$(dirname "$bin")/pimcheck-bench
if [ -x "$bench" ]; then
  python3 - "$tmp" <<'PY'
import json, sys
manifest = json.load(open("benches/scenarios.json"))
for n in (10, 110):
    m = dict(manifest, iteration_policy={"warmup_samples": 0, "samples": n})
    m["scenarios"] = [dict(s, samples=n, warmup_samples=0, inner=1) for s in manifest["scenarios"]
                      if s["kind"] in ("check", "report_json", "parse_policy", "parse_request")]
    for s in m["scenarios"]:
        for key in ("policy", "request"):
            if key in s:
                pass
    json.dump(m, open(f"benches/.cg-{n}.json", "w"))
PY
  trap 'rm -rf "$tmp" benches/.cg-10.json benches/.cg-110.json' EXIT
  for id in $(python3 -c "import json; print(' '.join(s['id'] for s in json.load(open('benches/.cg-10.json'))['scenarios']))"); do
    for n in 10 110; do
      valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out" "$bench" --manifest "benches/.cg-$n.json" \
        --only "$id" > /dev/null 2> "$tmp/vg.log" || true
      eval "n$n=\$(grep -Eo 'Collected : [0-9]+' \"\$tmp/vg.log\" | grep -Eo '[0-9]+')"
    done
    printf '%-60s %8d instructions a call\n' "rust $id" $(( (n110 - n10) / 100 ))
  done
fi

# The bindings, where built in this checkout (.venv with the binding; bindings-node's addon):
# check(dict/object) against the documented policy, and check_many/checkMany of 10×N requests.
cg() { valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out" "$@" > /dev/null 2> "$tmp/vg.log" || true
       grep -Eo 'Collected : [0-9]+' "$tmp/vg.log" | grep -Eo '[0-9]+'; }
if [ -x .venv/bin/python ] && .venv/bin/python -c 'import pimcheck' 2>/dev/null; then
  for what in check many; do
    a=$(cg .venv/bin/python benches/python/instructions.py "$what" 10)
    b=$(cg .venv/bin/python benches/python/instructions.py "$what" 110)
    d=100; [ "$what" = many ] && d=1000
    printf '%-60s %8d instructions a request\n' "python $what" $(( (b - a) / d ))
  done
fi
if ls bindings-node/*.node > /dev/null 2>&1; then
  # V8 compiles as it goes: 2,000 calls against 10, so that its warm-up does not dominate.
  for what in check many; do
    a=$(cg node benches/node/instructions.mjs "$what" 10)
    b=$(cg node benches/node/instructions.mjs "$what" 2010)
    d=2000; [ "$what" = many ] && d=20000
    printf '%-60s %8d instructions a request\n' "node $what" $(( (b - a) / d ))
  done
fi
