"""Python runners of the benchmark contract (benches/CONTRACT.md): `python` (the pimcheck binding)
and `python-plain` (reference_checker.py, a hand-written plain-Python checker of iteration 2).

    maturin develop --release -m bindings-python/Cargo.toml     # a release build of the binding
    .venv/bin/python benches/python/bench.py [benches/scenarios.json] [--only id,id] [--threads N]

One JSON line per runner and scenario on stdout; on stderr, a table of medians and of the ratio
plain / binding. `batch` is one thread by the contract (`threads=1`); the same batch on every core
(`check_many`'s default) is reported as the extra scenario `<id>@all-cores`.

For the `check` scenarios, three floor runners tell what any binding built this way pays before the
core does any work, to judge a speed target against: `python-floor-call`, a native method with the
signature of `Policy.check` that does nothing (`Policy._call_floor`); `python-floor-visit`, one that
reads every key and value of the request dict (each `str`'s UTF-8, borrowed) and builds nothing
(`Policy._visit_floor`), the least any reading of a dict costs; and `python-floor-convert`, one
that converts the options and the request as `check` does and stops there
(`Policy._convert_floor`). The table gives plain / floor for each: the best ratio a binding could
reach if everything after that point were free.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Optional

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import pimcheck  # noqa: E402
import reference_checker as plain  # noqa: E402


# The floor runners of the `check` scenarios: (runner, the private method of `Policy` it times).
FLOORS = (("python-floor-call", "_call_floor"), ("python-floor-visit", "_visit_floor"),
          ("python-floor-convert", "_convert_floor"))
FLOOR_LABELS = {"python-floor-call": "floor: bare call", "python-floor-visit": "floor: + every key and value read",
                "python-floor-convert": "floor: + options, request converted"}


def measure(call: Callable[[], Any], inner: int, samples: int, warmup: int) -> tuple[int, float, float]:
    keep = None
    for _ in range(warmup * inner):
        keep = call()
    per_call = []
    for _ in range(samples):
        start = time.perf_counter_ns()
        for _ in range(inner):
            keep = call()
        per_call.append((time.perf_counter_ns() - start) / inner)
    del keep
    per_call.sort()
    p95 = per_call[round((len(per_call) - 1) * 0.95)]
    return samples * inner, statistics.median(per_call), p95


def line(runner: str, scenario: str, items: int, result: Optional[tuple[int, float, float]], reason: str = "") -> dict[str, Any]:
    if result is None:
        out = {"runner": runner, "scenario": scenario, "status": "skipped", "reason": reason}
    else:
        n, median, p95 = result
        out = {"runner": runner, "scenario": scenario, "n": n, "median_ns": round(median, 1),
               "p95_ns": round(p95, 1), "throughput": round(items * 1e9 / median, 1), "status": "ok"}
    print(json.dumps(out), flush=True)
    return out


def plain_now(context: dict[str, Any]) -> datetime:
    return plain.parse_time(context["now"], "now")


def same_verdict(report: pimcheck.Report, reference: dict[str, Any]) -> None:
    """The plain checker must give pimcheck's report (messages aside) before it is timed."""
    ours = report.to_dict()
    for key in ("allowed", "request"):
        assert ours[key] == reference[key], (key, ours[key], reference[key])
    for key in ("violations", "obligations", "warnings"):
        strip = lambda fs: [{k: v for k, v in f.items() if k != "message"} for f in fs]  # noqa: E731
        assert strip(ours[key]) == strip(reference[key]), (key, ours[key], reference[key])


def main(argv: list[str]) -> int:
    args = [a for a in argv[1:] if not a.startswith("--")]
    manifest_path = Path(args[0]) if args else HERE.parent / "scenarios.json"
    only = None
    if "--only" in argv:
        only = set(argv[argv.index("--only") + 1].split(","))
        args = [a for a in args if a != argv[argv.index("--only") + 1]]
        manifest_path = Path(args[0]) if args else HERE.parent / "scenarios.json"
    manifest = json.loads(manifest_path.read_text())
    base = manifest_path.parent
    policy_defaults = manifest["iteration_policy"]
    results: list[dict[str, Any]] = []
    for s in manifest["scenarios"]:
        sid, kind = s["id"], s["kind"]
        if only and sid not in only:
            continue
        inner = s.get("inner", 1)
        samples = s.get("samples", policy_defaults["samples"])
        warmup = s.get("warmup_samples", policy_defaults["warmup_samples"])
        items = s.get("item_count", 1)
        context = s.get("context", {})
        options = {k: context.get(k) for k in ("now", "mfa", "level")}
        read = lambda p: (base / p).read_text(encoding="utf-8")  # noqa: E731
        print(f"{sid} ({kind})...", file=sys.stderr, flush=True)
        if kind == "parse_request":
            request_text = read(s["request"])
            results.append(line("python", sid, items, None, "the binding has no separate request parse"))
            results.append(line("python-plain", sid, items, measure(lambda: json.loads(request_text), inner, samples, warmup)))
            continue
        policy_text = read(s["policy"])
        policy_dict = json.loads(policy_text)
        is_iteration2 = any(k in policy_dict for k in plain._SETS)

        if kind == "cli_batch":
            for runner in ("python", "python-plain"):
                results.append(line(runner, sid, items, None, "cli_batch is the CLI runner's"))
            continue
        if kind == "parse_policy":
            results.append(line("python", sid, items, measure(lambda: pimcheck.Policy(policy_text), inner, samples, warmup)))
            if is_iteration2:
                results.append(line("python-plain", sid, items, measure(lambda: plain.Policy(json.loads(policy_text)), inner, samples, warmup)))
            else:
                results.append(line("python-plain", sid, items, None, "the plain checker reads iteration 2 only"))
            continue
        compiled = pimcheck.Policy(policy_dict)
        reference = plain.Policy(policy_dict) if is_iteration2 else None
        now = plain_now(context)
        mfa = context.get("mfa")
        if kind in ("check", "report_json"):
            request_text = read(s["request"])
            request = json.loads(request_text)
            report = compiled.check(request, **options)
            if reference is not None:
                same_verdict(report, reference.check(request, now, mfa))
            if kind == "check":
                ours = measure(lambda: compiled.check(request, **options), inner, samples, warmup)
                theirs = (lambda: reference.check(request, now, mfa)) if reference else None
            else:
                ours = measure(lambda: pimcheck.check(policy_text, request_text, **options).to_json(), inner, samples, warmup)
                theirs = (lambda: json.dumps(plain.Policy(json.loads(policy_text)).check(json.loads(request_text), plain_now(context), mfa))) if reference else None
            results.append(line("python", sid, items, ours))
            if theirs is None:
                results.append(line("python-plain", sid, items, None, "the plain checker reads iteration 2 only"))
            else:
                results.append(line("python-plain", sid, items, measure(theirs, inner, samples, warmup)))
            if kind == "check":
                for runner, method in FLOORS:
                    floor = getattr(compiled, method, None)
                    if floor is None:
                        results.append(line(runner, sid, items, None, f"this build of pimcheck has no Policy.{method}"))
                        continue
                    assert floor(request, **options) is None
                    results.append(line(runner, sid, items, measure(lambda: floor(request, **options), inner, samples, warmup)))
            continue
        if kind == "batch":
            files = [json.loads(read(p)) for p in s["requests"]]
            batch = [files[i % len(files)] for i in range(items)]
            for request in files:
                if reference is not None:
                    same_verdict(compiled.check(request, **options), reference.check(request, now, mfa))
            assert len(compiled.check_many(batch, **options)) == items
            results.append(line("python", sid, items, measure(lambda: compiled.check_many(batch, **options, threads=1), inner, samples, warmup)))
            results.append(line("python", f"{sid}@all-cores", items, measure(lambda: compiled.check_many(batch, **options), inner, samples, warmup)))
            if reference is None:
                results.append(line("python-plain", sid, items, None, "the plain checker reads iteration 2 only"))
            else:
                results.append(line("python-plain", sid, items, measure(lambda: [reference.check(r, now, mfa) for r in batch], inner, samples, warmup)))
            continue
        for runner in ("python", "python-plain"):
            results.append(line(runner, sid, items, None, f"unknown kind `{kind}`"))

    ok = {(r["runner"], r["scenario"]): r for r in results if r["status"] == "ok"}
    print(f"\n{'scenario':44} {'binding':>12} {'plain':>12} {'ratio':>8}", file=sys.stderr)
    for (runner, sid), r in ok.items():
        if runner != "python":
            continue
        other = ok.get(("python-plain", sid.split("@")[0]))
        ratio = f"{other['median_ns'] / r['median_ns']:.1f}x" if other else "-"
        theirs = f"{other['median_ns'] / 1000:.1f} us" if other else "-"
        print(f"{sid:44} {r['median_ns'] / 1000:9.1f} us {theirs:>12} {ratio:>8}", file=sys.stderr)
        for floor_runner, _ in FLOORS:
            floor = ok.get((floor_runner, sid))
            if floor is None:
                continue
            ratio = f"{other['median_ns'] / floor['median_ns']:.1f}x" if other else "-"
            label = f"  {FLOOR_LABELS[floor_runner]}"
            print(f"{label:44} {floor['median_ns'] / 1000:9.2f} us {theirs:>12} {ratio:>8}", file=sys.stderr)
    if any(runner in FLOOR_LABELS for runner, _ in ok):
        print("(floor rows: what the binding pays before the core works; ratio = plain / floor, the best a binding could reach)", file=sys.stderr)
    print(f"(cores: {os.cpu_count()}; pimcheck {pimcheck.__version__})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
