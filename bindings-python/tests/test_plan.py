"""Every case of ``vectors/plan/`` through ``pimcheck.plan``: the whole result ``dict`` (or the whole
error) equals the case's ``expect``, and the CLI's ``--format json`` gives the same."""

from __future__ import annotations

import base64
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

import pimcheck

from conftest import VECTORS, cli_path


def plan_cases() -> list[tuple[str, dict[str, Any]]]:
    cases = []
    for path in sorted((VECTORS / "plan").glob("*.json")):
        for case in json.loads(path.read_text(encoding="utf-8")):
            cases.append((f"{path.name}::{case['name']}", case))
    return cases


CASES = plan_cases()
IDS = [name for name, _ in CASES]


def run(case: dict[str, Any]) -> dict[str, Any]:
    """The result as a dict, or ``{"error": {...}}`` as the CLI writes an input error."""
    document = case["planText"] if "planText" in case else case["plan"]
    try:
        return pimcheck.plan(
            document,
            case.get("policies"),
            parameters=case.get("parameters"),
            now=case["context"]["now"],
        )
    except pimcheck.InputError as error:
        body = {"code": error.code, "path": error.path, "message": error.message}
        if error.hint is not None:
            body["hint"] = error.hint
        return {"error": body}


def test_plan_vectors_are_found() -> None:
    assert len(CASES) >= 15


@pytest.mark.parametrize(("name", "case"), CASES, ids=IDS)
def test_plan_vector(name: str, case: dict[str, Any]) -> None:
    assert run(case) == case["expect"], name


@pytest.mark.parametrize(("name", "case"), CASES[:4], ids=IDS[:4])
def test_plan_is_the_clis_json(name: str, case: dict[str, Any], tmp_path: Path) -> None:
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(case.get("planText") or json.dumps(case["plan"]), encoding="utf-8")
    args = [str(cli_path()), "plan", str(plan_file), "--now", case["context"]["now"], "--format", "json"]
    if "policies" in case:
        policies = tmp_path / "policies.json"
        policies.write_text(json.dumps(case["policies"]), encoding="utf-8")
        args += ["--policies", str(policies)]
    if "parameters" in case:
        parameters = tmp_path / "parameters.json"
        parameters.write_text(json.dumps(case["parameters"]), encoding="utf-8")
        args += ["--parameters", str(parameters)]
    out = subprocess.run(args, capture_output=True, text=True, check=False)
    assert json.loads(out.stdout) == run(case), name
    assert out.returncode == case["expectExit"]


def test_plan_takes_text_and_a_parsed_policy() -> None:
    _, case = next(c for c in CASES if c[0].startswith("terraform.json::terraform-provider-azurerm#22766"))
    policy = pimcheck.Policy(case["policies"])
    result = pimcheck.plan(json.dumps(case["plan"]), policy, now=case["context"]["now"])
    assert result == case["expect"]
    entry = result["resources"][0]
    assert entry["fix"] == "schedule { expiration { duration_days = 365 } }"
    assert result["allowed"] is False


def test_plan_of_the_wrong_type_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="plan"):
        pimcheck.plan(42)  # type: ignore[arg-type]


HOSTILE = json.loads((VECTORS.parent / "tests" / "bad-inputs" / "plan.json").read_text(encoding="utf-8"))


def hostile_text(spec: Any) -> str | bytes:
    """A source of ``tests/bad-inputs/plan.json`` as the manifest's ``about`` says."""
    if "json" in spec:
        return json.dumps(spec["json"])
    if "text" in spec:
        return str(spec["text"])
    if "base64" in spec:
        return base64.b64decode(spec["base64"])
    return str(spec["prefix"] + spec["repeat"] * spec["times"] + spec["suffix"])


@pytest.mark.parametrize("case", HOSTILE["cases"], ids=[c["name"] for c in HOSTILE["cases"]])
def test_hostile_plan(case: dict[str, Any]) -> None:
    expect = case["expect"]
    try:
        result = pimcheck.plan(
            hostile_text(case["plan"]),
            HOSTILE["policies"],
            now=HOSTILE["now"],
            max_input_bytes=case.get("maxInputBytes"),
        )
    except pimcheck.InputError as error:
        assert "error" in expect, f"{case['name']}: {error}"
        assert error.code == expect["error"]
        assert "path" not in expect or error.path == expect["path"]
        return
    assert "error" not in expect, case["name"]
    assert len(result["resources"]) == expect["resources"]
    assert sum("error" in e for e in result["resources"]) == expect["errors"]
