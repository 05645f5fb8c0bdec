"""``pimcheck.lint`` (issue #17): every case of ``vectors/lint/`` through the Python API (the whole
dict), the same JSON as ``pimcheck lint --format json``, every example policy linted, and errors."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

import pimcheck

from conftest import EXAMPLES, VECTORS, cli_path


def lint_cases() -> list[tuple[str, dict[str, Any]]]:
    cases = []
    for path in sorted((VECTORS / "lint").glob("*.json")):
        for case in json.loads(path.read_text(encoding="utf-8")):
            cases.append((f"{path.name}::{case['name']}", case))
    return cases


CASES = lint_cases()


def test_the_lint_vectors_are_there() -> None:
    assert len(CASES) >= 100


@pytest.mark.parametrize(("name", "case"), CASES, ids=[name for name, _ in CASES])
def test_lint_vector(name: str, case: dict[str, Any]) -> None:
    policy = case.get("policyText", case.get("policy"))
    profile = case["lint"]["profile"]
    if "error" in case["lint"]:
        with pytest.raises(pimcheck.InputError) as raised:
            pimcheck.lint(policy, profile=profile)
        assert raised.value.code == case["lint"]["error"]
        return
    result = pimcheck.lint(policy, profile=profile)
    assert result == case["lint"]["result"]
    assert sorted({f["id"] for f in result["findings"]}) == sorted(case["lint"]["ids"])
    # The same policy as JSON text and as bytes gives the same dict.
    text = json.dumps(policy, indent=2)
    assert pimcheck.lint(text, profile=profile) == result
    assert pimcheck.lint(text.encode(), profile=profile) == result


def test_the_same_json_as_the_cli(tmp_path: Path) -> None:
    cli = str(cli_path())
    for name, case in CASES[::7]:
        if "error" in case["lint"]:
            continue
        path = tmp_path / "policy.json"
        path.write_text(json.dumps(case["policy"], indent=2), encoding="utf-8")
        args = [cli, "lint", "--format", "json", str(path)]
        if case["lint"]["profile"]:
            args += ["--profile", case["lint"]["profile"]]
        run = subprocess.run(args, capture_output=True, text=True, check=False)
        from_cli = json.loads(run.stdout)
        for finding in from_cli["findings"]:
            assert finding["policy"].pop("file") == str(path)
        assert from_cli == pimcheck.lint(case["policy"], profile=case["lint"]["profile"]), name


def test_every_example_policy_lints() -> None:
    linted = 0
    for path in sorted(EXAMPLES.glob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        try:
            result = pimcheck.lint(document, profile="baseline")
        except pimcheck.InputError as error:
            assert error.code == "UnknownPolicyShape", path.name
            continue
        linted += 1
        assert result["policies"] >= 1
    assert linted >= 5


def test_a_profile_other_than_baseline_is_an_input_error() -> None:
    policy = {"rules": []}
    with pytest.raises(pimcheck.InputError) as raised:
        pimcheck.lint(policy, profile="strict")
    assert (raised.value.code, raised.value.path) == ("InvalidOption", "profile")
    assert "found `strict`" in raised.value.message
    with pytest.raises(pimcheck.InputError):
        pimcheck.lint(policy, profile=3)  # type: ignore[arg-type]
    assert pimcheck.lint(policy, profile=None) == {"findings": [], "policies": 1}
