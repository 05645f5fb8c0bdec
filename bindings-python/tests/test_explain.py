"""Limits and fix (issue #16) through the Python API: the limits vectors' whole JSON, the fix
outcome of every denied vector through ``check(..., fix=True)``, and the same bytes as the CLI's
``check --fix``."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

import pimcheck

from conftest import VECTORS, cli_path, vector_cases

LIMITS = json.loads((VECTORS / "limits" / "limits.json").read_text(encoding="utf-8"))
OUTCOMES = json.loads((VECTORS / "limits" / "fix.json").read_text(encoding="utf-8"))["fix"]
DENIED = [(name, case) for name, case in vector_cases() if case["expect"].get("allowed") is False]


def document(case: dict[str, Any], key: str) -> Any:
    return case[key + "Text"] if key + "Text" in case else case[key]


def test_the_extension_is_there() -> None:
    assert len(LIMITS) >= 12
    assert len(DENIED) > 100


@pytest.mark.parametrize("case", LIMITS, ids=[c["name"] for c in LIMITS])
def test_limits_vector(case: dict[str, Any]) -> None:
    context = case["context"]
    policy = pimcheck.Policy(case["policy"])
    got = policy.limits(case.get("request"), context.get("now"), level=context.get("level"))
    assert got == case["expectLimits"]


def outcome(report: pimcheck.Report) -> dict[str, Any]:
    """The `pimcheck fix` outcome a fixed report stands for."""
    suggestion = report.suggestion
    if suggestion is None:
        assert report.suggestion_unavailable
        return {"exit": 3, "needs": []}
    return {"exit": 1 if suggestion["needs"] else 0, "needs": suggestion["needs"]}


def check_fix(case: dict[str, Any]) -> pimcheck.Report:
    context = case.get("context", {})
    return pimcheck.check(
        document(case, "policy"),
        document(case, "request"),
        now=context.get("now"),
        mfa=context.get("mfa"),
        level=context.get("level"),
        fix=True,
    )


@pytest.mark.parametrize("name,case", DENIED, ids=[n for n, _ in DENIED])
def test_fix_outcome_of_a_denied_vector(name: str, case: dict[str, Any]) -> None:
    report = check_fix(case)
    assert outcome(report) == OUTCOMES[case["name"]]
    assert report.to_dict() == json.loads(report.to_json())


def test_fix_same_bytes_as_the_cli(tmp_path: Path) -> None:
    """`to_json()` of `check(fix=True)` is the CLI's `check --fix --format json` line, for every
    denied vector."""
    for _, case in DENIED:
        policy, request = tmp_path / "policy.json", tmp_path / "request.json"
        policy.write_text(case.get("policyText") or json.dumps(case["policy"]), encoding="utf-8")
        request.write_text(case.get("requestText") or json.dumps(case["request"]), encoding="utf-8")
        args = [str(cli_path()), "check", "--fix", "--format", "json"]
        args += ["--policy", str(policy), "--request", str(request)]
        for key in ("now", "mfa", "level"):
            if key in case.get("context", {}):
                value = case["context"][key]
                args += [f"--{key}", json.dumps(value) if isinstance(value, bool) else str(value)]
        done = subprocess.run(args, capture_output=True, text=True, check=False)
        assert done.stdout == check_fix(case).to_json() + "\n", case["name"]


def test_an_allowed_report_is_unchanged_by_fix() -> None:
    policy = {"userMemberSettings": [{"ruleIdentifier": "ExpirationRule",
              "setting": "{\"permanentAssignment\":false,\"maximumGrantPeriodInMinutes\":480}"}]}
    request = {"type": "UserAdd", "assignmentState": "Active", "linkedEligibleRoleAssignmentId": "e",
               "schedule": {"type": "Once", "duration": "PT1H"}}
    now = "2026-01-01T00:00:00Z"
    fixed = pimcheck.check(policy, request, now=now, fix=True)
    assert fixed.to_json() == pimcheck.check(policy, request, now=now).to_json()
    assert fixed.suggestion is None and fixed.suggestion_unavailable is None
    request["schedule"]["duration"] = "PT9H"
    denied = pimcheck.Policy(policy).check(request, now=now, fix=True)
    assert denied.suggestion == {
        "request": {**request, "schedule": {"type": "Once", "duration": "PT8H"}},
        "needs": [],
        "changes": [{"path": "/schedule/duration", "from": "PT9H", "to": "PT8H"}],
    }


def test_limits_redact_and_errors() -> None:
    policy = pimcheck.Policy(LIMITS[0]["policy"])
    redacted = policy.limits(redact=True)
    approvers = [a for entry in redacted["limits"] for a in entry["approvers"]]
    assert approvers and all(a["id"].startswith("approver-") for a in approvers)
    with pytest.raises(pimcheck.InputError) as raised:
        policy.limits(now="yesterday")
    assert raised.value.code == "InvalidOption"
    with pytest.raises(TypeError):
        policy.limits(42)
