"""Preflight: check PIM requests against role settings before sending them.

    python preflight.py ROLE_SETTINGS.json REQUEST.json [REQUEST.json ...]

Uses the whole public API of pimcheck; `mypy --strict` checks it in the test suite.
"""

from __future__ import annotations

import json
import sys
import warnings
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pimcheck


def describe(report: pimcheck.Report) -> str:
    summary = report.request
    lines = [f"{summary['operation']} by {summary['caller']} ({summary['level']}): "
             + ("allowed" if report.allowed else "denied")]
    for kind, findings in (("violation", report.violations), ("obligation", report.obligations),
                           ("warning", report.warnings)):
        for f in findings:
            where = f" at {f.path}" if f.path is not None else ""
            rule = f" [{f.rule}, the service says {f.service_rule}]" if f.service_rule else ""
            lines.append(f"  {kind} {f.code}{rule}{where}: {f.message}")
            if f.limit is not None and f.actual is not None:
                lines.append(f"    limit {f.limit}, asked {f.actual}")
            if f.hint is not None:
                lines.append(f"    hint: {f.hint}")
            for approver in f.approvers or []:
                lines.append(f"    approver: {approver.get('displayName', approver.get('id'))}")
            if f.claim_value is not None:
                lines.append(f"    authentication context: {f.claim_value}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    policy_text = Path(argv[1]).read_text(encoding="utf-8")
    requests: list[Any] = [json.loads(Path(p).read_text(encoding="utf-8")) for p in argv[2:]]
    now = datetime.now(timezone.utc)
    try:
        policy = pimcheck.Policy(policy_text)
        first: pimcheck.Report = pimcheck.check(policy_text, requests[0], now=now, mfa=None)
        reports = policy.check_many(requests, now=now.isoformat(), mfa=True, level="assignment")
    except pimcheck.InputError as error:
        where = f" (request {error.index})" if error.index is not None else ""
        print(f"{error.code} at {error.path or '/'}{where}: {error.message}", file=sys.stderr)
        if error.hint:
            print(f"  hint: {error.hint}", file=sys.stderr)
        return 2
    assert first.to_dict()["allowed"] == first.allowed
    for report in reports:
        print(describe(report))
        print(report.to_json())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", pimcheck.ConversionWarning)
        graph = pimcheck.convert(policy_text, to="graph")
    print(f"as Graph rules: {len(graph.get('rules', []))}, {len(caught)} setting(s) not expressible")
    print(f"pimcheck {pimcheck.__version__}")
    return 0 if all(r.allowed for r in reports) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
