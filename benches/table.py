#!/usr/bin/env python3
"""Prints one Markdown table from the JSON lines of benches/CONTRACT.md runners.

    benches/table.py benches/scenarios.json results/*.jsonl

Cells are the median time per call (a batch call is the whole batch) and, for batches, the
throughput. The ratio columns divide medians of two runners on the same scenario.
"""
import json
import sys

RUNNERS = ["rust", "serde_json", "regorus", "cli", "python", "python-plain", "node", "node-plain"]
# The floors of a binding's crossing (what it pays before the core works): their own table.
FLOORS = ["python-floor-call", "python-floor-visit", "python-floor-convert", "node-floor", "node-floor-visit"]
# (label, slower-or-other runner, reference runner): the cell is other / reference.
RATIOS = [
    ("rust ÷ serde_json", "rust", "serde_json"),
    ("regorus ÷ rust", "regorus", "rust"),
    ("python-plain ÷ python", "python-plain", "python"),
    ("node ÷ node-plain", "node", "node-plain"),
]


def human(ns):
    if ns is None:
        return ""
    if ns < 1e3:
        return "%.0f ns" % ns
    if ns < 1e6:
        return "%.2f µs" % (ns / 1e3)
    if ns < 1e9:
        return "%.2f ms" % (ns / 1e6)
    return "%.2f s" % (ns / 1e9)


def rate(per_s):
    if per_s >= 1e6:
        return "%.2fM/s" % (per_s / 1e6)
    if per_s >= 1e3:
        return "%.0fk/s" % (per_s / 1e3)
    return "%.0f/s" % per_s


def main():
    manifest = json.load(open(sys.argv[1], encoding="utf-8"))
    results, skipped = {}, []
    for path in sys.argv[2:]:
        for line in open(path, encoding="utf-8"):
            line = line.strip()
            if not line.startswith("{"):
                continue
            try:
                r = json.loads(line)
            except ValueError:
                continue
            if r.get("status") == "ok":
                results[(r["scenario"], r["runner"])] = r
            else:
                skipped.append(r)
    runners = [r for r in RUNNERS if any(k[1] == r for k in results)]
    runners += sorted({k[1] for k in results} - set(runners) - set(FLOORS))
    ratios = [x for x in RATIOS if x[1] in runners and x[2] in runners]
    print("| scenario | " + " | ".join(runners) + "".join(" | " + x[0] for x in ratios) + " |")
    print("|---" * (1 + len(runners) + len(ratios)) + "|")
    for s in manifest["scenarios"]:
        cells = []
        for runner in runners:
            r = results.get((s["id"], runner))
            if r is None:
                cells.append("")
            elif s.get("item_count", 1) > 1:
                cells.append("%s (%s)" % (human(r["median_ns"]), rate(r["throughput"])))
            else:
                cells.append(human(r["median_ns"]))
        for _, other, ref in ratios:
            a, b = results.get((s["id"], other)), results.get((s["id"], ref))
            cells.append("%.1f×" % (a["median_ns"] / b["median_ns"]) if a and b and b["median_ns"] else "")
        if any(cells):
            print("| %s | %s |" % (s["id"], " | ".join(cells)))
    print_floors(results)
    extra = sorted({k[0] for k in results} - {s["id"] for s in manifest["scenarios"]})
    for scenario in extra:
        for runner in runners:
            r = results.get((scenario, runner))
            if r:
                note = "".join(", %s %s" % (k, v) for k, v in r.items() if k not in
                               ("runner", "scenario", "n", "median_ns", "p95_ns", "throughput", "status"))
                print("\n%s (%s): median %s, %s%s" % (scenario, runner, human(r["median_ns"]),
                                                      rate(r["throughput"]), note))
    if skipped:
        print("\nskipped:")
        seen = set()
        for r in skipped:
            key = (r.get("runner"), r.get("scenario"))
            if key not in seen:
                seen.add(key)
                print("- %s / %s: %s" % (key[0], key[1], r.get("reason", "")))


def print_floors(results):
    """The floors of the bindings' crossings: each beside its binding and the plain checker, with
    plain ÷ floor, the best speed-up over plain code that any work after the floor could reach
    (Python), and floor ÷ plain, the least ratio to plain code (Node)."""
    rows = []
    for (scenario, runner), r in sorted(results.items()):
        if runner not in FLOORS:
            continue
        language = runner.split("-")[0]
        binding, plain = results.get((scenario, language)), results.get((scenario, language + "-plain"))
        ratio = ""
        if plain:
            ratio = "%.1f× (plain ÷ floor)" % (plain["median_ns"] / r["median_ns"]) if language == "python" \
                else "%.2f× (floor ÷ plain)" % (r["median_ns"] / plain["median_ns"])
        rows.append("| %s | %s | %s | %s | %s | %s |" % (
            scenario, runner, human(r["median_ns"]), human(binding["median_ns"]) if binding else "",
            human(plain["median_ns"]) if plain else "", ratio))
    if rows:
        print("\n| scenario | floor | floor time | binding | plain | ratio |")
        print("|---|---|---|---|---|---|")
        print("\n".join(rows))


if __name__ == "__main__":
    main()
