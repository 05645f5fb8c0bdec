"""``max_input_bytes=``: the core's input limit (default 16 MiB) on every entry point."""

from __future__ import annotations

import json
from typing import Any, Callable

import pytest

import pimcheck

from conftest import REPO

DEFAULTS = json.loads((REPO / "tests" / "bad-inputs" / "manifest.json").read_text(encoding="utf-8"))["defaults"]
POLICY: dict[str, Any] = DEFAULTS["policy"]
REQUEST: dict[str, Any] = DEFAULTS["request"]
OPTS: dict[str, Any] = {"now": DEFAULTS["context"]["now"], "mfa": DEFAULTS["context"]["mfa"]}
MIB = 1024 * 1024


def compact(value: Any) -> str:
    """The compact JSON text the limit of a ``dict`` is measured on."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def with_reason(size: int) -> dict[str, Any]:
    return {**REQUEST, "reason": "x" * size}


@pytest.mark.parametrize("value", [-1, 1.5, float("nan"), True, "1000", b"1000", [1000]])
def test_a_bad_value_is_invalid_option_everywhere(value: Any) -> None:
    calls: list[Callable[[], object]] = [
        lambda: pimcheck.check(POLICY, REQUEST, **OPTS, max_input_bytes=value),
        lambda: pimcheck.Policy(POLICY, max_input_bytes=value),
        lambda: pimcheck.Policy(POLICY).check(REQUEST, **OPTS, max_input_bytes=value),
        lambda: pimcheck.Policy(POLICY).check_many([REQUEST], **OPTS, max_input_bytes=value),
    ]
    for call in calls:
        with pytest.raises(pimcheck.InputError) as raised:
            call()
        assert raised.value.code == "InvalidOption"
        assert raised.value.path == "max_input_bytes"
        assert raised.value.message.startswith("option `max_input_bytes` must be a whole number of bytes")
        assert f"found `{value!r}`" in raised.value.message


def test_none_is_the_default_and_a_huge_int_is_no_limit() -> None:
    assert pimcheck.check(POLICY, REQUEST, **OPTS, max_input_bytes=None).allowed
    assert pimcheck.check(POLICY, REQUEST, **OPTS, max_input_bytes=2**100).allowed


@pytest.mark.parametrize("form", ["dict", "str", "bytes"])
def test_the_limit_is_on_the_json_text_to_the_byte(form: str) -> None:
    request = with_reason(100)
    text = compact(request)
    size = len(text.encode())
    given: Any = {"dict": request, "str": text, "bytes": text.encode()}[form]
    policy = pimcheck.Policy(POLICY)
    assert policy.check(given, **OPTS, max_input_bytes=size).allowed
    with pytest.raises(pimcheck.InputError) as raised:
        policy.check(given, **OPTS, max_input_bytes=size - 1)
    assert (raised.value.code, raised.value.path) == ("InputTooLarge", "")
    assert f"limit of `{size - 1}` bytes" in raised.value.message
    assert "raise the input size limit" in (raised.value.hint or "")


def test_a_non_ascii_dict_is_measured_in_utf8() -> None:
    request = {**REQUEST, "reason": "é" * 50}
    size = len(compact(request).encode())
    assert pimcheck.check(POLICY, request, **OPTS, max_input_bytes=size).allowed
    with pytest.raises(pimcheck.InputError):
        pimcheck.check(POLICY, request, **OPTS, max_input_bytes=size - 1)


def test_the_policy_limit_on_policy_and_check() -> None:
    size = len(compact(POLICY))
    for given in (POLICY, compact(POLICY), compact(POLICY).encode()):
        pimcheck.Policy(given, max_input_bytes=size)
        with pytest.raises(pimcheck.InputError) as raised:
            pimcheck.Policy(given, max_input_bytes=size - 1)
        assert (raised.value.code, raised.value.path) == ("InputTooLarge", "")
        with pytest.raises(pimcheck.InputError) as raised:
            pimcheck.check(given, REQUEST, **OPTS, max_input_bytes=size - 1)
        assert raised.value.code == "InputTooLarge"


def test_the_limit_of_a_policy_is_its_own() -> None:
    """``Policy(..., max_input_bytes=)`` limits the policy; each check's requests have their own limit."""
    policy = pimcheck.Policy(POLICY, max_input_bytes=10 * MIB)
    big = with_reason(MIB)
    assert policy.check(big, **OPTS).allowed
    with pytest.raises(pimcheck.InputError):
        policy.check(big, **OPTS, max_input_bytes=1000)


def test_check_many_names_the_request_over_the_limit() -> None:
    small, big = with_reason(10), with_reason(5000)
    policy = pimcheck.Policy(POLICY)
    batches: list[list[Any]] = [[small, big, small], [compact(small), compact(big)], [small, compact(big).encode()]]
    for batch in batches:
        with pytest.raises(pimcheck.InputError) as raised:
            policy.check_many(batch, **OPTS, max_input_bytes=2000)
        assert (raised.value.code, raised.value.path, raised.value.index) == ("InputTooLarge", "/1", 1)
    assert len(policy.check_many([small] * 300, **OPTS, max_input_bytes=2000)) == 300


def test_the_default_is_16_mib_and_can_be_raised() -> None:
    request = compact(with_reason(17 * MIB))
    with pytest.raises(pimcheck.InputError) as raised:
        pimcheck.check(POLICY, request, **OPTS)
    assert "limit of `16777216` bytes" in raised.value.message
    assert pimcheck.check(POLICY, request, **OPTS, max_input_bytes=32 * MIB).allowed
    assert pimcheck.Policy(POLICY).check_many([request], **OPTS, max_input_bytes=32 * MIB)[0].allowed


# Values whose compact JSON as serde_json writes it (the text a `dict` is measured on) is not
# Python's: ints beyond 64 bits are floats, and floats are written the shortest way serde_json does.
SERDE_TEXT: dict[Any, str] = {2**64: "1.8446744073709552e+19", 10**30: "1e+30", -(10**30): "-1e+30", 1e-5: "0.00001", 1e-7: "1e-7"}
MEASURED: list[Any] = [
    None, True, False, 0, -1, 7, 2**63 - 1, -(2**63), 2**63, 2**64 - 1, *SERDE_TEXT,
    0.5, -0.0, 1.5e300, 1e16, 1e15, 123456.789, 0.1, 5e-324, 1e22,
    "", "plain", 'q"uote', "back\\slash", "nl\n\r\t\b\f", "\x00\x01\x1f", "\x7f", "é", "€", "😀", "/",
    # Long strings are scanned eight bytes at a time: escapes at every place in a word, and their
    # neighbours that need no escape.
    *("." * n + c + "." * (16 - n) for n in (0, 3, 7, 8, 15) for c in ('"', "\\", "\x00", "\x1f", "\n")),
    "!#[]\x20\x7f\x80ÿé€😀" * 3, "\x21" * 17, "\x5b\x5d\x23\x21" * 5,
    [], {}, [1, [2, [3, {}]]], {"a": {"b": []}}, (1, "two"), {'k"ey\n': "v", "ü": 1, "": None, "\x00": "\x1f"},
]


def serde_text(value: Any) -> str:
    if isinstance(value, (int, float)):
        return SERDE_TEXT.get(value, compact(value))
    return compact(value)


@pytest.mark.parametrize("value", MEASURED, ids=repr)
def test_a_dict_is_measured_as_serde_json_writes_it_to_the_byte(value: Any) -> None:
    """Every kind of JSON value, escapes and all, counts as in serde_json's compact text."""
    request = {**REQUEST, "extra": value}
    text = compact({**REQUEST, "extra": None})
    size = len(text.encode()) - len("null") + len(serde_text(value).encode())
    policy = pimcheck.Policy(POLICY)
    assert policy.check(request, **OPTS, max_input_bytes=size).allowed
    assert policy.check_many([request], **OPTS, max_input_bytes=size)[0].allowed
    with pytest.raises(pimcheck.InputError) as raised:
        policy.check(request, **OPTS, max_input_bytes=size - 1)
    assert (raised.value.code, raised.value.path) == ("InputTooLarge", "")
    with pytest.raises(pimcheck.InputError) as raised:
        policy.check_many([request, request], **OPTS, max_input_bytes=size - 1)
    assert (raised.value.code, raised.value.path, raised.value.index) == ("InputTooLarge", "/0", 0)
    policy_value = {**POLICY, "extra": value}
    policy_size = len(compact({**POLICY, "extra": None}).encode()) - len("null") + len(serde_text(value).encode())
    pimcheck.Policy(policy_value, max_input_bytes=policy_size)
    with pytest.raises(pimcheck.InputError):
        pimcheck.Policy(policy_value, max_input_bytes=policy_size - 1)


def test_a_value_that_is_not_json_is_a_type_error_even_over_the_limit() -> None:
    """The whole `dict` is read before its size counts: what is not JSON is still a `TypeError`."""
    request = {**with_reason(5000), "zzz": {1, 2}}
    policy = pimcheck.Policy(POLICY)
    with pytest.raises(TypeError, match="zzz"):
        policy.check(request, **OPTS, max_input_bytes=1000)
    with pytest.raises(TypeError, match=r"requests\[1\]"):
        policy.check_many([with_reason(5000), request], **OPTS, max_input_bytes=1000)


@pytest.mark.parametrize(
    "extra",
    [
        {},
        {"n": -12345, "m": 2**63, "t": True, "f": False, "z": None},
        {"list": [1, "a\"b\\c\n\t\x01", [], {}, [None, [True]]]},
        {"nested": {"deeper": {"é✓": ["x" * 40, {"": ""}]}}},
        {"tuple": (1, 2, "three")},
    ],
)
def test_a_dict_of_any_shape_is_measured_as_its_compact_json(extra: dict[str, Any]) -> None:
    """The length a request `dict` is counted at, whatever it holds, is the length of the compact
    JSON text `json.dumps` writes for it, to the byte."""
    request = {**REQUEST, **extra}
    size = len(compact(request).encode())
    policy = pimcheck.Policy(POLICY)
    assert policy.check(request, **OPTS, max_input_bytes=size).allowed
    with pytest.raises(pimcheck.InputError) as raised:
        policy.check(request, **OPTS, max_input_bytes=size - 1)
    assert f"limit of `{size - 1}` bytes" in raised.value.message
