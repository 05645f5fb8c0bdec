"""``pimcheck.audit``: every case of ``vectors/audit/`` (the whole result, equal to the CLI's
``--format json`` output parsed) and the hostile schedule lists of ``tests/bad-inputs/``."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

import pimcheck

from conftest import REPO, cli_path

CASES = [
    case
    for path in sorted((REPO / "vectors" / "audit").glob("*.json"))
    for case in json.loads(path.read_text(encoding="utf-8"))
]
MANIFEST = json.loads((REPO / "tests" / "bad-inputs" / "schedules.json").read_text(encoding="utf-8"))


def schedules_of(case: dict[str, Any]) -> Any:
    return case["schedulesText"] if "schedulesText" in case else case["schedules"]


def test_the_audit_vectors_are_there() -> None:
    assert len(CASES) >= 12


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_audit_vector(case: dict[str, Any], tmp_path: Path) -> None:
    context = case["context"]
    result = pimcheck.audit(
        case["policies"],
        schedules_of(case),
        now=context["now"],
        expiring_within=context.get("expiringWithin"),
    )
    assert result == case["output"]
    policies = tmp_path / "p.json"
    schedules = tmp_path / "s.json"
    policies.write_text(json.dumps(case["policies"]), encoding="utf-8")
    given = schedules_of(case)
    schedules.write_text(given if isinstance(given, str) else json.dumps(given), encoding="utf-8")
    args = [str(cli_path()), "audit", "--policies", str(policies), "--schedules", str(schedules)]
    args += ["--now", context["now"], "--format", "json"]
    if "expiringWithin" in context:
        args += ["--expiring-within", context["expiringWithin"]]
    cli = subprocess.run(args, capture_output=True, text=True, check=False)
    assert json.loads(cli.stdout) == result
    # Bytes and the value itself give the same result as the text.
    if isinstance(given, str):
        assert pimcheck.audit(case["policies"], given.encode(), now=context["now"],
                              expiring_within=context.get("expiringWithin")) == result


def source(spec: dict[str, Any]) -> str:
    if "text" in spec:
        return spec["text"]
    if "json" in spec:
        return json.dumps(spec["json"])
    return spec["prefix"] + spec["repeat"] * spec["times"] + spec["suffix"]


@pytest.mark.parametrize("case", MANIFEST["cases"], ids=[c["name"] for c in MANIFEST["cases"]])
def test_hostile_schedule_list(case: dict[str, Any]) -> None:
    result = pimcheck.audit(MANIFEST["policies"], source(case["schedules"]), now=MANIFEST["now"])
    expect = case["expect"]
    assert result["summary"]["schedules"] == expect["schedules"]
    errors = {str(e["index"]): e["code"] for e in result["errors"]}
    assert len(errors) == expect.get("errorCount", len(expect["errors"]))
    for index, code in expect["errors"].items():
        assert errors[index] == code
    findings: dict[str, list[str]] = {}
    for finding in result["findings"]:
        findings.setdefault(str(finding["schedule"]["index"]), []).append(finding["code"])
    assert findings == expect["findings"]


def test_bad_options_are_input_errors() -> None:
    policies = {"value": []}
    for kwargs in ({"expiring_within": "two weeks"}, {"expiring_within": 14}, {"now": "yesterday"}):
        with pytest.raises(pimcheck.InputError) as raised:
            pimcheck.audit(policies, [], **{"now": "2026-06-01T00:00:00Z", **kwargs})
        assert raised.value.code == "InvalidOption"
    with pytest.raises(pimcheck.InputError) as raised:
        pimcheck.audit("{", [], now="2026-06-01T00:00:00Z")
    assert raised.value.code == "InvalidJson"
