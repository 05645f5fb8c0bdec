"""The hostile-input suite (``tests/bad-inputs/manifest.json``, read in place) through Python.

Every case gives its input error (code, and path where the case names one) or its verdict through
``check``, ``Policy(...).check`` and ``Policy.check_many``; sources given as JSON are also passed
as ``dict``/``list`` objects; ``{"base64"}`` sources are passed as ``bytes``. Never a crash: the
interpreter survives every case, and a ``TypeError`` is only allowed where the JSON value is not a
document at all (a number or ``None`` passed as an object).
"""

from __future__ import annotations

import base64
import json
from typing import Any, Callable

import pytest

import pimcheck

from conftest import REPO

MANIFEST = json.loads((REPO / "tests" / "bad-inputs" / "manifest.json").read_text(encoding="utf-8"))
DEFAULTS = MANIFEST["defaults"]
CONTEXT = {"now": DEFAULTS["context"]["now"], "mfa": DEFAULTS["context"]["mfa"]}
CASES = MANIFEST["cases"]


def text_source(spec: Any, default: Any) -> str | bytes:
    """The document of a source as the manifest's ``about`` says: ``str``, or ``bytes`` for base64."""
    if spec == "default":
        return json.dumps(default)
    if "json" in spec:
        return json.dumps(spec["json"])
    if "text" in spec:
        return str(spec["text"])
    if "base64" in spec:
        return base64.b64decode(spec["base64"])
    return str(spec["prefix"] + spec["repeat"] * spec["times"] + spec["suffix"])


def object_source(spec: Any, default: Any) -> Any:
    """The same document as a Python object, where the source is a JSON object or array."""
    if spec == "default":
        return default
    if isinstance(spec, dict) and "json" in spec and isinstance(spec["json"], (dict, list)):
        return spec["json"]
    return None


def outcome(run: Callable[[], Any]) -> tuple[str, Any]:
    """``("error", InputError)``, ``("type", TypeError)`` or ``("report", Report)``."""
    try:
        return "report", run()
    except pimcheck.InputError as error:
        return "error", error
    except TypeError as error:
        return "type", error


def verify(case: dict[str, Any], how: str, kind: str, got: Any, index: int | None = None) -> None:
    name = f"{case['name']} ({how})"
    expect = case["expect"]
    if "error" in expect:
        assert kind == "error", f"{name}: expected {expect['error']}, got {kind}: {got!r}"
        assert got.code == expect["error"], f"{name}: {got.code}: {got.message}"
        if "path" in expect:
            want = expect["path"] if index is None else f"/{index}{expect['path']}"
            assert got.path == want, f"{name}: path {got.path!r} != {want!r}: {got.message}"
        assert got.index == index, name
        assert len(got.message) <= 400, f"{name}: message of {len(got.message)} bytes"
        assert got.message == got.message.strip() and not got.message.endswith("."), name
    else:
        assert kind == "report", f"{name}: expected a report, got {got!r}"
        assert got.allowed is expect["allowed"], f"{name}: {got.to_json()}"
        if "violations" in expect:
            assert [v.code for v in got.violations] == expect["violations"], name


def test_the_manifest_is_read_in_place() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_hostile_input(case: dict[str, Any]) -> None:
    policy = text_source(case["policy"], DEFAULTS["policy"])
    request = text_source(case["request"], DEFAULTS["request"])
    verify(case, "check", *outcome(lambda: pimcheck.check(policy, request, **CONTEXT)))

    kind, parsed = outcome(lambda: pimcheck.Policy(policy))
    if kind != "report":
        verify(case, "Policy()", kind, parsed)
    else:
        verify(case, "Policy.check", *outcome(lambda: parsed.check(request, **CONTEXT)))
        kind, many = outcome(lambda: parsed.check_many([request], **CONTEXT, threads=2))
        verify(case, "check_many", kind, many[0] if kind == "report" else many, index=0)

    # Sources that are JSON objects or arrays, passed as Python objects: the same outcome.
    policy_object = object_source(case["policy"], DEFAULTS["policy"])
    request_object = object_source(case["request"], DEFAULTS["request"])
    if policy_object is not None or request_object is not None:
        as_objects = (
            policy if policy_object is None else policy_object,
            request if request_object is None else request_object,
        )
        verify(case, "dicts", *outcome(lambda: pimcheck.check(*as_objects, **CONTEXT)))

    # A JSON value that is not a document (a number, None) passed as an object: a TypeError.
    for spec in (case["policy"], case["request"]):
        if isinstance(spec, dict) and "json" in spec and not isinstance(spec["json"], (dict, list, str)):
            kind, error = outcome(lambda: pimcheck.check(spec["json"], request, **CONTEXT))
            assert kind in ("type", "error"), f"{case['name']}: {kind}"
