"""The Python API (contract section 5): types, options, datetimes, errors, reports."""

from __future__ import annotations

import json
import pickle
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest

import pimcheck

from conftest import example, needs_hooks

NOW = "2018-05-12T20:00:00Z"


@pytest.fixture()
def policy() -> dict[str, Any]:
    return example("g2-rolesetting-get-response.json")  # type: ignore[no-any-return]


@pytest.fixture()
def request_() -> dict[str, Any]:
    return example("g2-request-useradd-activate.json")  # type: ignore[no-any-return]


def test_documented_activation(policy: dict[str, Any], request_: dict[str, Any]) -> None:
    report = pimcheck.check(policy, request_, now=NOW, mfa=True)
    assert not report.allowed
    assert report.request == {"operation": "activate", "caller": "user", "level": "assignment"}
    [violation] = report.violations
    assert violation.code == "DurationExceedsMaximum"
    assert violation.rule == "Expiration_EndUser_Assignment"
    assert violation.path == "/schedule/duration"
    assert violation.service_rule == "ExpirationRule"
    assert (violation.limit, violation.actual) == ("PT8H", "PT9H")
    assert violation.hint and "PT8H" in violation.hint
    assert "`PT9H`" in violation.message
    [approval] = report.obligations
    assert approval.code == "ApprovalRequired"
    assert approval.approvers and approval.approvers[0]["kind"] == "User"
    assert approval.claim_value is None and approval.service_rule is None
    assert report.warnings == []


def test_a_refusal_that_is_no_policy_rule_names_the_service_error() -> None:
    policy = {"rules": [{"@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyExpirationRule",
                         "id": "Expiration_EndUser_Assignment", "isExpirationRequired": True,
                         "maximumDuration": "PT8H", "target": {"caller": "EndUser", "level": "Assignment"}}]}
    request = {"action": "selfActivate", "principalId": "071cc716-8147-4397-a5ba-b2105951cc0b",
               "scheduleInfo": {"startDateTime": "2026-01-01T00:00:00Z",
                                "expiration": {"type": "afterDuration", "duration": "PT2M"}}}
    report = pimcheck.check(policy, request, now="2026-01-01T00:00:00Z")
    [violation] = report.violations
    assert violation.code == "DurationTooShort"
    assert violation.service_error == "ActiveDurationTooShort" and violation.service_rule is None
    assert (violation.limit, violation.actual) == ("PT5M", "PT2M")
    assert violation.to_dict()["serviceError"] == "ActiveDurationTooShort"
    assert report.request["level"] == "assignment"


def test_inputs_as_dict_str_and_bytes_agree(policy: dict[str, Any], request_: dict[str, Any]) -> None:
    text_policy, text_request = json.dumps(policy), json.dumps(request_)
    reports = [
        pimcheck.check(p, r, now=NOW)
        for p, r in [
            (policy, request_),
            (text_policy, text_request),
            (text_policy.encode(), text_request.encode()),
            (bytearray(text_policy.encode()), request_),
        ]
    ]
    assert len({r.to_json() for r in reports}) == 1
    assert reports[0] == reports[1]


def test_to_dict_is_the_json(policy: dict[str, Any], request_: dict[str, Any]) -> None:
    report = pimcheck.check(policy, request_, now=NOW)
    assert report.to_dict() == json.loads(report.to_json())
    assert list(report.to_dict()) == ["allowed", "request", "violations", "obligations", "warnings"]
    assert report.violations[0].to_dict() == report.to_dict()["violations"][0]


def test_reprs(policy: dict[str, Any], request_: dict[str, Any]) -> None:
    report = pimcheck.check(policy, request_, now=NOW)
    assert repr(report) == (
        "<Report allowed=False activate by user (assignment): "
        "violations=[DurationExceedsMaximum] obligations=[ApprovalRequired] warnings=[]>"
    )
    assert repr(report.violations[0]).startswith('Finding(code="DurationExceedsMaximum", rule=')
    assert repr(pimcheck.Policy(policy)) == "<pimcheck.Policy: one role's settings>"


@pytest.mark.parametrize("bad", [3, 2.5, None, True, object(), {1, 2}])
def test_wrong_python_type_is_type_error_naming_the_argument(bad: object, request_: dict[str, Any]) -> None:
    with pytest.raises(TypeError, match="^policy must be"):
        pimcheck.check(bad, request_)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="^policy must be"):
        pimcheck.Policy(bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="^request must be"):
        pimcheck.Policy(example("g2-rolesetting-get-response.json")).check(bad)  # type: ignore[arg-type]


def test_value_that_is_not_json_names_its_path(policy: dict[str, Any], request_: dict[str, Any]) -> None:
    request_["schedule"]["startDateTime"] = datetime.now(timezone.utc)
    with pytest.raises(TypeError, match="request holds a `datetime` at `/schedule/startDateTime`"):
        pimcheck.check(policy, request_)
    with pytest.raises(TypeError, match="a key of type `int`"):
        pimcheck.check(policy, {1: "x"})
    with pytest.raises(TypeError, match="the float `nan`"):
        pimcheck.check(policy, {"x": float("nan")})


class Str(str):
    pass


@pytest.mark.parametrize(
    "where",
    ["value", "key", "nested", "subclass", "value-with-float", "key-with-float", "text", "now", "level", "policy", "batch"],
)
def test_a_lone_surrogate_is_the_unicode_encode_error_of_encode(
    where: str, policy: dict[str, Any], request_: dict[str, Any]
) -> None:
    """A `str` with no UTF-8 form raises what `str.encode("utf-8")` raises, wherever it is."""
    bad = "a\ud800b"
    compiled = pimcheck.Policy(policy)
    runs: dict[str, Any] = {
        "value": lambda: compiled.check({**request_, "x": bad}, now=NOW),
        "key": lambda: compiled.check({**request_, bad: 1}, now=NOW),
        "nested": lambda: compiled.check({**request_, "x": [{"y": bad}]}, now=NOW),
        "subclass": lambda: compiled.check({**request_, Str("x"): Str(bad)}, now=NOW),
        # A float makes the request a value rather than text: the other reading of a dict.
        "value-with-float": lambda: compiled.check({**request_, "f": 1.5, "x": bad}, now=NOW),
        "key-with-float": lambda: compiled.check({**request_, "f": 1.5, bad: 1}, now=NOW),
        "text": lambda: compiled.check(json.dumps(request_)[:-1] + ', "x": "' + bad + '"}', now=NOW),
        "now": lambda: compiled.check(request_, now=NOW + bad),
        "level": lambda: compiled.check(request_, now=NOW, level=bad),
        "policy": lambda: pimcheck.Policy({**policy, bad: 1}),
        "batch": lambda: compiled.check_many([request_, {**request_, "x": bad}], now=NOW),
    }
    with pytest.raises(UnicodeEncodeError) as raised:
        runs[where]()
    with pytest.raises(UnicodeEncodeError) as expected:
        str(raised.value.object).encode("utf-8")
    assert raised.value.args == expected.value.args
    assert str(raised.value) == str(expected.value)
    assert bad in raised.value.object
    # Strings with a UTF-8 form (a pair of surrogates is one character) are read as their text.
    good = {**request_, "x": "a\ud83d\ude00b".encode("utf-16", "surrogatepass").decode("utf-16"), "é": Str("ü")}
    assert compiled.check(good, now=NOW).to_json() == compiled.check(json.dumps(good), now=NOW).to_json()


@needs_hooks
def test_the_bench_floors_do_what_check_does_up_to_the_core(policy: dict[str, Any], request_: dict[str, Any]) -> None:
    """`Policy._call_floor` and `_convert_floor` (benches/python/bench.py only) return `None`; the
    second reads its arguments as `check` does, so it refuses what `check` refuses before the core."""
    compiled = pimcheck.Policy(policy)
    assert compiled._call_floor(request_, now=NOW, mfa=True, level=None, max_input_bytes=None) is None  # type: ignore[attr-defined]
    assert compiled._visit_floor(request_, now=NOW, mfa=True) is None  # type: ignore[attr-defined]
    with pytest.raises(UnicodeEncodeError):
        compiled._visit_floor({"reason": "\ud800"})  # type: ignore[attr-defined]
    assert compiled._convert_floor(request_, now=NOW, mfa=True, level="assignment", max_input_bytes=1 << 20) is None  # type: ignore[attr-defined]
    with pytest.raises(TypeError, match="the float `nan`"):
        compiled._convert_floor({"x": float("nan")}, now=NOW)  # type: ignore[attr-defined]
    with pytest.raises(pimcheck.InputError):
        compiled._convert_floor(request_, now="yesterday")  # type: ignore[attr-defined]


def test_json_of_the_wrong_shape_is_input_error(policy: dict[str, Any]) -> None:
    with pytest.raises(pimcheck.InputError) as raised:
        pimcheck.check(policy, [1, 2], now=NOW)
    assert raised.value.code == "UnknownRequestShape"
    with pytest.raises(pimcheck.InputError) as raised:
        pimcheck.check("{", {}, now=NOW)
    assert raised.value.code == "InvalidJson"
    with pytest.raises(pimcheck.InputError) as raised:
        pimcheck.check(b"\xff{}", {}, now=NOW)
    assert raised.value.code == "InvalidJson"
    assert "invalid UTF-8 at byte 0" in raised.value.message


def test_input_error_attributes(policy: dict[str, Any], request_: dict[str, Any]) -> None:
    request_["schedule"]["duration"] = "P1Y"
    with pytest.raises(pimcheck.InputError) as raised:
        pimcheck.check(policy, request_, now=NOW)
    error = raised.value
    assert isinstance(error, ValueError)
    assert error.code == "InvalidDuration"
    assert error.path == "/schedule/duration"
    assert "`P1Y`" in error.message
    assert error.hint and "P365D" in error.hint
    assert error.index is None
    assert str(error).startswith("InvalidDuration: ")
    again = pickle.loads(pickle.dumps(error))
    assert (again.code, again.path, again.hint) == (error.code, error.path, error.hint)


def test_deep_nesting_is_the_cores_invalid_json(policy: dict[str, Any]) -> None:
    deep: Any = {}
    for _ in range(200):
        deep = {"a": deep}
    with pytest.raises(pimcheck.InputError) as raised:
        pimcheck.check(policy, deep, now=NOW)
    assert raised.value.code == "InvalidJson"


class TestNow:
    def test_aware_datetime_equals_its_rfc3339_text(self, policy: dict[str, Any], request_: dict[str, Any]) -> None:
        plus_two = timezone(timedelta(hours=2))
        as_datetime = pimcheck.check(policy, request_, now=datetime(2018, 5, 12, 22, tzinfo=plus_two))
        as_text = pimcheck.check(policy, request_, now="2018-05-12T20:00:00Z")
        assert as_datetime.to_json() == as_text.to_json()

    def test_microseconds_are_kept(self, policy: dict[str, Any], request_: dict[str, Any]) -> None:
        # the start is 23:28:43.537; one microsecond later it is in the past
        start = datetime(2018, 5, 12, 23, 28, 43, 537000, tzinfo=timezone.utc)
        assert pimcheck.check(policy, request_, now=start).warnings == []
        later = pimcheck.check(policy, request_, now=start + timedelta(microseconds=1))
        assert [w.code for w in later.warnings] == ["StartInPast"]

    def test_naive_datetime_is_invalid_option(self, policy: dict[str, Any], request_: dict[str, Any]) -> None:
        with pytest.raises(pimcheck.InputError) as raised:
            pimcheck.check(policy, request_, now=datetime(2018, 5, 12, 20))
        assert raised.value.code == "InvalidOption"
        assert raised.value.path == "now"
        assert "naive" in raised.value.message
        assert raised.value.hint and "time zone" in raised.value.hint

    @pytest.mark.parametrize("bad", ["yesterday", "2018-13-01T00:00:00Z", 12, date(2018, 5, 12)])
    def test_not_a_time_is_invalid_option(self, bad: Any, policy: dict[str, Any], request_: dict[str, Any]) -> None:
        with pytest.raises(pimcheck.InputError) as raised:
            pimcheck.check(policy, request_, now=bad)
        assert (raised.value.code, raised.value.path) == ("InvalidOption", "now")

    def test_default_is_the_system_clock(self, policy: dict[str, Any], request_: dict[str, Any]) -> None:
        # the documented start (2018) is in the past today
        report = pimcheck.check(policy, request_)
        assert "StartInPast" in {w.code for w in report.warnings}


class TestOptions:
    @pytest.mark.parametrize("bad", ["yes", "true", 1, 0])
    def test_mfa_must_be_bool_or_none(self, bad: Any, policy: dict[str, Any], request_: dict[str, Any]) -> None:
        with pytest.raises(pimcheck.InputError) as raised:
            pimcheck.check(policy, request_, now=NOW, mfa=bad)
        assert (raised.value.code, raised.value.path) == ("InvalidOption", "mfa")
        assert repr(bad) in raised.value.message

    def test_mfa_false_denies_where_mfa_is_required(self, policy: dict[str, Any], request_: dict[str, Any]) -> None:
        policy["userMemberSettings"][1]["setting"] = '{"mfaRequired":true}'
        assert "MfaRequired" in {v.code for v in pimcheck.check(policy, request_, now=NOW, mfa=False).violations}
        assert "MfaRequired" in {o.code for o in pimcheck.check(policy, request_, now=NOW, mfa=None).obligations}
        assert "MfaRequired" not in {f.code for f in pimcheck.check(policy, request_, now=NOW, mfa=True).obligations}

    @pytest.mark.parametrize("bad", ["active", 3, True])
    def test_level_must_be_known(self, bad: Any, policy: dict[str, Any], request_: dict[str, Any]) -> None:
        with pytest.raises(pimcheck.InputError) as raised:
            pimcheck.check(policy, request_, now=NOW, level=bad)
        assert (raised.value.code, raised.value.path) == ("InvalidOption", "level")

    def test_options_are_keyword_only(self, policy: dict[str, Any], request_: dict[str, Any]) -> None:
        with pytest.raises(TypeError):
            pimcheck.check(policy, request_, NOW)  # type: ignore[misc]


class TestCheckMany:
    def test_reports_in_order(self, policy: dict[str, Any], request_: dict[str, Any]) -> None:
        short = dict(request_, schedule=dict(request_["schedule"], duration="PT1H"))
        requests = [request_, short] * 300  # above the core's threshold for threads
        reports = pimcheck.Policy(policy).check_many(requests, now=NOW)
        assert [r.allowed for r in reports] == [False, True] * 300
        single = pimcheck.Policy(policy).check(short, now=NOW)
        assert reports[1] == single
        assert pimcheck.Policy(policy).check_many(requests, now=NOW, threads=1) == reports

    def test_mixed_inputs_and_iterables(self, policy: dict[str, Any], request_: dict[str, Any]) -> None:
        text = json.dumps(request_)
        compiled = pimcheck.Policy(policy)
        reports = compiled.check_many(iter([request_, text, text.encode()]), now=NOW)
        assert len({r.to_json() for r in reports}) == 1
        assert compiled.check_many([], now=NOW) == []
        assert len(compiled.check_many((text, text), now=NOW)) == 2

    @pytest.mark.parametrize("as_text", [False, True])
    def test_first_bad_request_gives_index_and_path(self, as_text: bool, policy: dict[str, Any], request_: dict[str, Any]) -> None:
        bad = dict(request_, schedule=dict(request_["schedule"], duration="P1M"))
        worse = dict(request_, schedule=dict(request_["schedule"], startDateTime="soon"))
        requests: list[Any] = [request_] * 3 + [bad] + [request_] * 300 + [worse]
        if as_text:
            requests = [json.dumps(r) for r in requests]
        with pytest.raises(pimcheck.InputError) as raised:
            pimcheck.Policy(policy).check_many(requests, now=NOW)
        assert raised.value.code == "InvalidDuration"
        assert raised.value.index == 3
        assert raised.value.path == "/3/schedule/duration"

    def test_unreadable_text_after_a_bad_value_keeps_order(self, policy: dict[str, Any], request_: dict[str, Any]) -> None:
        bad = dict(request_, schedule=dict(request_["schedule"], duration="P1M"))
        with pytest.raises(pimcheck.InputError) as raised:
            pimcheck.Policy(policy).check_many([request_, bad, "{"], now=NOW)
        assert (raised.value.code, raised.value.index) == ("InvalidDuration", 1)
        with pytest.raises(pimcheck.InputError) as raised:
            pimcheck.Policy(policy).check_many([request_, "{", bad], now=NOW)
        assert (raised.value.code, raised.value.index, raised.value.path) == ("InvalidJson", 1, "/1")

    @pytest.mark.parametrize("threads", [1, 2, None])
    def test_long_batches_keep_the_order_of_errors(self, threads: Any, policy: dict[str, Any], request_: dict[str, Any]) -> None:
        """One thread converts and checks in chunks; its outcome is the one of converting all, then
        checking all: a value that is not JSON anywhere first, then the first bad request."""
        compiled = pimcheck.Policy(policy)
        bad = dict(request_, schedule=dict(request_["schedule"], duration="P1M"))
        text = json.dumps(request_)
        many: list[Any] = [request_, text, text.encode()] * 300
        reports = compiled.check_many(iter(many), now=NOW, threads=threads)
        assert reports == compiled.check_many(many, now=NOW, threads=3) and len(reports) == 900
        with pytest.raises(TypeError, match=r"^requests\[604\] holds"):
            compiled.check_many([request_] * 3 + [bad] + [request_] * 600 + [{"x": {1}}], now=NOW, threads=threads)
        with pytest.raises(TypeError, match=r"^requests\[604\] must be"):
            compiled.check_many([request_] * 3 + ["{"] + [request_] * 600 + [7], now=NOW, threads=threads)
        for late in (bad, json.dumps(bad), json.dumps(bad).encode(), "{"):
            with pytest.raises(pimcheck.InputError) as raised:
                compiled.check_many(many + [late] + [bad] * 300, now=NOW, threads=threads)
            assert raised.value.index == 900 and raised.value.path.startswith("/900")

    def test_wrong_types(self, policy: dict[str, Any], request_: dict[str, Any]) -> None:
        compiled = pimcheck.Policy(policy)
        for bad in (request_, json.dumps(request_), 3):
            with pytest.raises(TypeError):
                compiled.check_many(bad, now=NOW)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match=r"^requests\[1\] must be"):
            compiled.check_many([request_, 7], now=NOW)  # type: ignore[list-item]


def test_policy_is_immutable(policy: dict[str, Any]) -> None:
    compiled = pimcheck.Policy(policy)
    with pytest.raises(AttributeError):
        compiled.anything = 1  # type: ignore[attr-defined]
    report = compiled.check(example("g2-request-useradd-activate.json"), now=NOW)
    with pytest.raises(AttributeError):
        report.allowed = True  # type: ignore[misc]


@needs_hooks
def test_a_panic_becomes_internal_error_not_an_abort() -> None:
    from pimcheck import _native

    with pytest.raises(pimcheck.InternalError, match="internal error in pimcheck") as raised:
        _native._panic_for_tests()  # type: ignore[attr-defined]
    assert isinstance(raised.value, RuntimeError) and not isinstance(raised.value, pimcheck.InputError)
    assert (raised.value.code, raised.value.path, raised.value.index) == ("Internal", "", None)
    assert "a deliberate panic (test hook)" in raised.value.message
    assert "this is a bug, please report it" in str(raised.value)
    # the interpreter is still here, and so is the module
    assert pimcheck.check(example("g2-rolesetting-get-response.json"), example("g2-request-useradd-activate.json"), now=NOW)


@pytest.mark.parametrize("to", ["graph", "arm", "iteration2"])
def test_convert_same_as_cli(to: str, policy: dict[str, Any], request_: dict[str, Any], tmp_path: Any) -> None:
    import subprocess
    import warnings

    from conftest import cli_path

    # a setting that iteration 3 cannot express, so that some targets warn
    policy["userEligibleSettings"] = [{"ruleIdentifier": "JustificationRule", "setting": '{"required":true}'}]
    path = tmp_path / "policy.json"
    path.write_text(json.dumps(policy))
    done = subprocess.run([str(cli_path()), "convert", "--to", to, str(path)], capture_output=True, text=True)
    if "unrecognized subcommand" in done.stderr:
        pytest.skip("this CLI has no convert")
    assert done.returncode == 0, done.stderr
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        converted = pimcheck.convert(policy, to=to)  # type: ignore[arg-type]
    assert converted == json.loads(done.stdout)
    lines = done.stderr.splitlines()
    cli_warnings = [line.removeprefix("warning: ") for line in lines if line.startswith("warning: ")]
    # the CLI's one note, that the iteration-2 API is retired, is no conversion warning
    notes = [line for line in lines if not line.startswith("warning: ")]
    assert len(notes) == (1 if to == "iteration2" else 0) and all(n.startswith("note: ") for n in notes)
    assert [str(w.message) for w in caught] == cli_warnings
    assert all(w.category is pimcheck.ConversionWarning for w in caught)
    # the converted settings decide as the original did
    level = None if to == "iteration2" else "assignment"
    before = pimcheck.check(policy, request_, now=NOW, mfa=True)
    after = pimcheck.check(converted, request_, now=NOW, mfa=True, level=level)
    assert [v.code for v in after.violations] == [v.code for v in before.violations]


def test_convert_errors(policy: dict[str, Any]) -> None:
    with pytest.raises(pimcheck.InputError) as raised:
        pimcheck.convert(policy, to="bicep")  # type: ignore[arg-type]
    assert (raised.value.code, raised.value.path) == ("InvalidOption", "to")
    with pytest.raises(pimcheck.InputError) as raised:
        pimcheck.convert(policy, to=3)  # type: ignore[arg-type]
    assert raised.value.code == "InvalidOption"
    with pytest.raises(TypeError, match="^policy must be"):
        pimcheck.convert(3, to="graph")  # type: ignore[arg-type]


def test_convert_strict_is_a_warnings_filter(policy: dict[str, Any]) -> None:
    import warnings

    policy["userEligibleSettings"] = [{"ruleIdentifier": "JustificationRule", "setting": '{"required":true}'}]
    with warnings.catch_warnings():
        warnings.simplefilter("error", pimcheck.ConversionWarning)
        with pytest.raises(pimcheck.ConversionWarning, match="userEligibleSettings"):
            pimcheck.convert(policy, to="graph")


class TestDictAsText:
    """A request `dict` is handed to the core as the JSON text serde_json writes for it; it must read
    exactly as the value it was converted to before (and as that text would)."""

    def outcome(self, policy: pimcheck.Policy, request: Any) -> Any:
        try:
            return policy.check(request, now=NOW, mfa=True).to_json()
        except pimcheck.InputError as error:
            return (error.code, error.path, error.message)

    def test_keys_differing_in_case_in_any_order(self, policy: dict[str, Any], request_: dict[str, Any]) -> None:
        compiled = pimcheck.Policy(policy)
        for extra in ({"Type": "AdminAdd"}, {"TYPE": "AdminUpdate"}, {"Reason": 5}, {"SCHEDULE": None}):
            for request in ({**extra, **request_}, {**request_, **extra}):
                expected = self.outcome(compiled, json.dumps(request, sort_keys=True))
                assert self.outcome(compiled, request) == expected
                assert self.outcome(compiled, json.dumps(request)) == expected

    def test_numbers_read_as_the_value_path_reads_them(self, policy: dict[str, Any], request_: dict[str, Any]) -> None:
        """Floats (and ints beyond 64 bits) keep the exact bits Python gives them: such a request is
        converted as a value, since serde_json does not always read a float's text back exactly."""
        compiled = pimcheck.Policy(policy)
        for value, shown in ((2**70, "1.1805916207174113e+21"), (0.1, "0.1"), (1e300, "1e+300"), (2**64 - 1, "18446744073709551615"), (-(2**63), "-9223372036854775808")):
            assert self.outcome(compiled, {**request_, "reason": value}) == ("InvalidRequest", "/reason", f"expected a string, found the number `{shown}`")

    def test_deep_requests(self, policy: dict[str, Any], request_: dict[str, Any]) -> None:
        compiled = pimcheck.Policy(policy)
        expected = self.outcome(compiled, request_)
        for depth in (63, 64, 65, 70, 126, 127):
            nested: dict[str, Any] = {}
            inner = nested
            for _ in range(depth):
                inner["a"] = {}
                inner = inner["a"]
            assert self.outcome(compiled, {**request_, "extra": nested}) == expected, depth
