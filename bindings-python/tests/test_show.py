"""``pimcheck.show`` and ``Policy.show``: every policy of ``examples/payloads/`` and ``vectors/``
gives the CLI's ``pimcheck show`` output (the JSON form as a dict, text and Markdown byte for byte);
``redact=True`` on ``show`` and ``check``."""

from __future__ import annotations

import json
import subprocess
from typing import Any, Iterator

import pytest

import pimcheck
from conftest import EXAMPLES, cli_path, vector_cases


def policies() -> Iterator[tuple[str, Any]]:
    """Every distinct policy the engine reads: the example payloads, then the vectors' policies."""
    seen: set[str] = set()
    candidates: list[tuple[str, Any]] = [
        (path.name, json.loads(path.read_text(encoding="utf-8")))
        for path in sorted(EXAMPLES.glob("*.json"))
    ]
    candidates += [(name, case["policy"]) for name, case in vector_cases() if "policy" in case]
    for name, policy in candidates:
        key = json.dumps(policy, sort_keys=True)
        if key in seen:
            continue
        seen.add(key)
        try:
            pimcheck.Policy(policy)
        except pimcheck.InputError:
            continue
        yield name, policy


POLICIES = list(policies())


def cli_show(policy: Any, *args: str) -> str:
    result = subprocess.run(
        [str(cli_path()), "show", *args, "-"],
        input=json.dumps(policy),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_enough_policies_are_shown() -> None:
    assert len(POLICIES) > 50


@pytest.mark.parametrize("name,policy", POLICIES, ids=[n for n, _ in POLICIES])
def test_show_is_the_clis_json_and_text(name: str, policy: Any) -> None:
    shown = pimcheck.show(policy)
    assert shown == json.loads(cli_show(policy, "--format", "json"))
    assert pimcheck.Policy(policy).show() == shown
    assert pimcheck.show(policy, format="text") == cli_show(policy)
    markdown = pimcheck.Policy(policy).show(format="markdown")
    assert markdown == cli_show(policy, "--format", "markdown")


def test_show_redact_replaces_approvers_and_recipients() -> None:
    policy = json.loads((EXAMPLES / "g2-rolesetting-aadroles-all-rules-assembled.json").read_text())
    plain = pimcheck.show(policy, format="text")
    redacted = pimcheck.show(policy, format="text", redact=True)
    assert "pim approvers" in plain and "PIM@jsfjpo.mail.onmicrosoft.com" in plain
    assert redacted == plain.replace("PIM@jsfjpo.mail.onmicrosoft.com", "<recipient-1>").replace(
        "pim approvers", "<name-1>"
    )
    assert redacted == cli_show(policy, "--redact")


def test_show_refuses_an_unknown_format() -> None:
    with pytest.raises(pimcheck.InputError) as raised:
        pimcheck.show({"value": []}, format="yaml")
    assert raised.value.code == "InvalidOption"


def test_check_redact_hides_approvers_and_keeps_the_rest() -> None:
    policy = {
        "userMemberSettings": [
            {
                "ruleIdentifier": "ApprovalRule",
                "setting": json.dumps(
                    {"Enabled": True, "Approvers": [{"Id": "6f60e502", "Type": "User", "DisplayName": "Ada"}]}
                ),
            }
        ]
    }
    request = {
        "type": "UserAdd",
        "assignmentState": "Active",
        "subjectId": "alice",
        "linkedEligibleRoleAssignmentId": "e327f4be",
        "schedule": {"type": "Once", "duration": "PT1H"},
    }
    plain = pimcheck.check(policy, request, now="2026-01-01T00:00:00Z").to_json()
    redacted = pimcheck.Policy(policy).check(request, now="2026-01-01T00:00:00Z", redact=True)
    expected = plain.replace('"6f60e502"', '"approver-1"').replace('"Ada"', '"<name-1>"')
    assert "6f60e502" in plain
    assert redacted.to_json() == expected
    assert pimcheck.check(policy, request, now="2026-01-01T00:00:00Z", redact=True).to_json() == expected
