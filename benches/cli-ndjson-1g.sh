#!/usr/bin/env bash
# The CLI batch at scale: requests/s and peak RSS of `pimcheck check --requests` on a generated
# NDJSON stream (1 GB by default, in /tmp, never committed), on 1 thread and on every core.
# Prints one contract JSON line per run (runner `cli`, scenario `cli-ndjson-1g-jobsN`) with
# `peak_rss_kb` added. Needs /usr/bin/time (GNU time) for the RSS.
#   benches/cli-ndjson-1g.sh PIMCHECK_BINARY [SIZE]
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
BIN="$1"
SIZE="${2:-1G}"
DATA="${TMPDIR:-/tmp}/pimcheck-bench-$SIZE.ndjson"
if [ ! -s "$DATA" ]; then
  python3 "$HERE/gen-ndjson.py" "$DATA" --bytes "$SIZE"
fi
LINES=$(wc -l < "$DATA")
if [ ! -x /usr/bin/time ]; then
  echo "{\"runner\":\"cli\",\"scenario\":\"cli-ndjson-$SIZE\",\"status\":\"skipped\",\"reason\":\"/usr/bin/time is not installed\"}"
  exit 0
fi
for JOBS in 1 "$(nproc)"; do
  LOG=$(mktemp)
  set +e
  /usr/bin/time -v "$BIN" check --policy "$HERE/data/g2-rolesetting-get-response.json" \
    --requests "$DATA" --now 2018-05-12T23:00:00Z --mfa true --format json --jobs "$JOBS" \
    > /dev/null 2> "$LOG"
  STATUS=$?
  set -e
  if [ "$STATUS" -gt 1 ]; then
    echo "pimcheck exited with $STATUS:" >&2; tail -5 "$LOG" >&2; rm -f "$LOG"; exit 1
  fi
  python3 - "$LOG" "$LINES" "$JOBS" "$SIZE" <<'PY'
import json, re, sys
log, lines, jobs, size = open(sys.argv[1]).read(), int(sys.argv[2]), sys.argv[3], sys.argv[4]
wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", log)
secs = int(wall.group(1) or 0) * 3600 + int(wall.group(2)) * 60 + float(wall.group(3))
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", log).group(1))
print(json.dumps({"runner": "cli", "scenario": "cli-ndjson-%s-jobs%s" % (size.lower(), jobs), "n": lines,
                  "median_ns": secs * 1e9, "p95_ns": secs * 1e9, "throughput": round(lines / secs),
                  "status": "ok", "peak_rss_kb": rss, "lines": lines}))
PY
  rm -f "$LOG"
done
