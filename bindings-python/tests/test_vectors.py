"""Every vector (contract section 6) through the Python API, and the same bytes as the CLI."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

import pimcheck

from conftest import cli_path, vector_cases

CASES = list(vector_cases())
IDS = [name for name, _ in CASES]


def document(case: dict[str, Any], key: str) -> Any:
    """The raw text where the case gives one (``policyText``), else the JSON value as a dict."""
    return case[key + "Text"] if key + "Text" in case else case[key]


def run(case: dict[str, Any]) -> pimcheck.Report:
    context = case.get("context", {})
    return pimcheck.check(
        document(case, "policy"),
        document(case, "request"),
        now=context.get("now"),
        mfa=context.get("mfa"),
        level=context.get("level"),
    )


def codes(findings: list[pimcheck.Finding]) -> set[str]:
    return {f.code for f in findings}


def test_vectors_are_found() -> None:
    assert len(CASES) > 100, "the vectors folder should hold the shared cases"
    assert len(set(IDS)) == len(IDS)


@pytest.mark.parametrize("case", [c for _, c in CASES], ids=IDS)
def test_vector(case: dict[str, Any]) -> None:
    expect = case["expect"]
    if "error" in expect:
        with pytest.raises(pimcheck.InputError) as raised:
            run(case)
        assert raised.value.code == expect["error"], raised.value
        assert isinstance(raised.value, ValueError)
        assert raised.value.message and "\n" not in raised.value.message
        assert not raised.value.message.endswith(".")
        return
    report = run(case)
    if "allowed" in expect:
        assert report.allowed == expect["allowed"], report.to_json()
    assert report.allowed == (not report.violations)
    for key in ("violations", "obligations", "warnings"):
        if key in expect:
            assert codes(getattr(report, key)) == set(expect[key]), report.to_json()
    assert report.to_dict() == json.loads(report.to_json())
    # Every finding's view is the report's JSON of it, field for field and in order.
    written = json.loads(report.to_json())
    for key in ("violations", "obligations", "warnings"):
        assert len(getattr(report, key)) == len(written[key])
        for finding, expected in zip(getattr(report, key), written[key]):
            assert list(finding.to_dict().items()) == list(expected.items())
            views = (finding.code, finding.rule, finding.path, finding.message, finding.service_rule,
                     finding.limit, finding.actual, finding.hint, finding.approvers, finding.claim_value)
            keys = ("code", "rule", "path", "message", "serviceRule", "limit", "actual", "hint", "approvers", "claimValue")
            assert views == tuple(expected.get(k) for k in keys)


def cli(case: dict[str, Any], tmp: Path) -> subprocess.CompletedProcess[str]:
    """Runs the CLI on the case as files, the context as flags passed unchanged."""
    binary = cli_path()
    if not binary.is_file():
        pytest.fail(f"the CLI {binary} is missing: build it (cargo build -p pimcheck-cli) or set PIMCHECK_CLI")
    paths = {}
    for key in ("policy", "request"):
        text = case[key + "Text"] if key + "Text" in case else json.dumps(case[key])
        paths[key] = tmp / f"{key}.json"
        paths[key].write_bytes(text.encode("utf-8"))
    args = [str(binary), "check", "--policy", str(paths["policy"]), "--request", str(paths["request"])]
    args += ["--format", "json"]
    for option, value in case.get("context", {}).items():
        if value is None:
            continue
        shown = json.dumps(value) if isinstance(value, bool) else str(value)
        args += [f"--{option}", shown]
    return subprocess.run(args, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("case", [c for _, c in CASES], ids=IDS)
def test_vector_same_bytes_as_cli(case: dict[str, Any], tmp_path: Path) -> None:
    done = cli(case, tmp_path)
    lines = done.stdout.splitlines()
    assert len(lines) == 1, (done.stdout, done.stderr)
    try:
        report = run(case)
    except pimcheck.InputError as error:
        assert done.returncode == 2, done.stdout
        cli_error = json.loads(lines[0])["error"]
        assert cli_error["code"] == error.code
        if error.code != "InvalidOption":  # option *types* are the host's (bool vs "true")
            assert cli_error["message"] == error.message
            assert cli_error["path"] == error.path
            assert cli_error.get("hint") == error.hint
        return
    assert lines[0] == report.to_json()
    assert done.returncode == (0 if report.allowed else 1)
