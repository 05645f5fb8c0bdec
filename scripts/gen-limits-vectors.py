#!/usr/bin/env python3
"""Writes vectors/limits/limits.json and vectors/limits/fix.json (issue #16; the format is in
vectors/README.md, "Limits and fix").

- limits.json: for every example policy of each generation (examples/payloads/ and examples/demo/)
  and a policy set, the output of `pimcheck limits --format json`: without `--now`, with `--now`,
  and with an example request of that generation. The policies and requests are copied into the
  cases, so the vectors stand alone.
- fix.json: for every denied case of the other vector files, the outcome of `pimcheck fix` (its
  exit code and the needs it prints), keyed by the case's name.

These are snapshots of the implementation: after a change to them, read the diff before committing
(every change of an outcome must be one the change meant). Run from anywhere:
    PIMCHECK=target/debug/pimcheck scripts/gen-limits-vectors.py
"""

import json
import os
import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
VECTORS = ROOT / "vectors"
PAYLOADS = ROOT / "examples" / "payloads"
NOW = "2026-11-24T12:00:00Z"

# (name, policy file, request file or None, level)
POLICIES = [
    ("the demo iteration-2 role settings", ROOT / "examples/demo/role-settings.json",
     ROOT / "examples/demo/activation-too-long.json", None),
    ("the documented iteration-2 role setting (GET response)", PAYLOADS / "g2-rolesetting-get-response.json",
     PAYLOADS / "g2-request-adminadd-eligible.json", None),
    ("the documented iteration-2 role setting with every rule", PAYLOADS / "g2-rolesetting-aadroles-all-rules-assembled.json",
     PAYLOADS / "g2-request-useradd-activate.json", None),
    ("the documented Graph directory-role policy rules", PAYLOADS / "g3-policy-rules-list-directoryrole.json",
     PAYLOADS / "g3-request-selfactivate.json", "assignment"),
    ("the documented Graph group policy rules", PAYLOADS / "g3-policy-rules-list-group.json",
     None, None),
    ("the documented ARM policy (PATCH response)", PAYLOADS / "arm-policy-patch-partial-response-rules.json",
     PAYLOADS / "arm-request-assignment-selfactivate.json", None),
]


def pimcheck() -> list[str]:
    binary = os.environ.get("PIMCHECK")
    if binary:
        return [binary]
    return ["cargo", "run", "-q", "-p", "pimcheck-cli", "--"]


def run(args: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(pimcheck() + args, capture_output=True, text=True, cwd=ROOT)


def limits_cases(tmp: pathlib.Path) -> list[dict]:
    cases = []
    sets = json.loads((VECTORS / "policy-sets" / "sets.json").read_text())
    policy_set = next(c for c in sets if "policy" in c and "value" in c["policy"])
    entries = [(name, json.loads(p.read_text()), json.loads(r.read_text()) if r else None, level)
               for name, p, r, level in POLICIES]
    entries.append(("a Graph policy-assignment set", policy_set["policy"], policy_set["request"],
                    policy_set.get("context", {}).get("level")))
    for name, policy, request, level in entries:
        variants = [("without a time", None, None), ("at a time", NOW, None)]
        if request is not None:
            variants.append(("for its example request", NOW, request))
        for label, now, req in variants:
            (tmp / "policy.json").write_text(json.dumps(policy))
            args = ["limits", "--policy", str(tmp / "policy.json"), "--format", "json"]
            context = {}
            if now:
                args += ["--now", now]
                context["now"] = now
            case = {"name": f"limits of {name} {label}", "policy": policy}
            if req is not None:
                (tmp / "request.json").write_text(json.dumps(req))
                args += ["--request", str(tmp / "request.json")]
                case["request"] = req
                if level:
                    args += ["--level", level]
                    context["level"] = level
            done = run(args)
            if req is not None and done.returncode != 0:
                continue
            if done.returncode != 0:
                sys.exit(f"{case['name']}: {done.stderr}")
            case["context"] = context
            case["expectLimits"] = json.loads(done.stdout)
            cases.append(case)
    return cases


def check_cases() -> list[dict]:
    out = []
    for path in sorted(VECTORS.rglob("*.json")):
        if path.parent.name == "limits":
            continue
        data = json.loads(path.read_text())
        out += data if isinstance(data, list) else [data]
    return out


def fix_outcomes(tmp: pathlib.Path) -> dict:
    outcomes = {}
    for case in check_cases():
        if case.get("expect", {}).get("allowed") is not False:
            continue
        (tmp / "policy.json").write_text(case.get("policyText") or json.dumps(case["policy"]))
        (tmp / "request.json").write_text(case.get("requestText") or json.dumps(case["request"]))
        args = ["fix", "--policy", str(tmp / "policy.json"), "--request", str(tmp / "request.json")]
        context = case.get("context", {})
        for key in ("now", "mfa", "level"):
            if key in context:
                value = context[key]
                args += [f"--{key}", json.dumps(value) if isinstance(value, bool) else str(value)]
        done = run(args)
        needs = [] if done.returncode == 3 else done.stderr.split()
        outcomes[case["name"]] = {"exit": done.returncode, "needs": needs}
    return outcomes


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        limits = limits_cases(tmp)
        fixes = fix_outcomes(tmp)
    folder = VECTORS / "limits"
    folder.mkdir(exist_ok=True)
    (folder / "limits.json").write_text(json.dumps(limits, indent=1) + "\n")
    (folder / "fix.json").write_text(json.dumps({"fix": fixes}, indent=1, sort_keys=True) + "\n")
    print(f"{len(limits)} limits cases, {len(fixes)} fix outcomes")


if __name__ == "__main__":
    main()
