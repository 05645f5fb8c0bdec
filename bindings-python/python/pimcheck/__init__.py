"""pimcheck: check Azure PIM (Privileged Identity Management) requests against role settings,
offline, and explain every broken rule.

>>> import pimcheck
>>> report = pimcheck.check(policy, request, now="2026-01-01T00:00:00Z", mfa=True)
>>> report.allowed, [v.code for v in report.violations]

Every decision is made by the Rust core (the same engine as the ``pimcheck`` command line):
``Report.to_json()`` gives the same bytes as ``pimcheck check --format json``. Inputs are a
``dict`` (or a ``list`` of rules), JSON ``str`` or ``bytes``, or a model object of
``azure-mgmt-authorization`` or ``msgraph-sdk``.
"""

import json as _json
from typing import Any as _Any

from . import _native
from ._native import (
    ConversionWarning,
    Finding,
    InputError,
    Policy,
    Report,
    __version__,
    check,
    convert,
)

__all__ = [
    "ConversionWarning",
    "Finding",
    "InputError",
    "Policy",
    "Report",
    "__version__",
    "audit",
    "check",
    "convert",
]


def audit(
    policies: _Any,
    schedules: _Any,
    *,
    now: _Any = None,
    expiring_within: _Any = None,
    max_input_bytes: _Any = None,
) -> "dict[str, _Any]":
    """Audits existing assignments and eligibilities (a schedule list of any generation) against
    their role's policy of today (contract section 7).

    ``policies`` is a policy set as ``check`` reads it and ``schedules`` a schedule list: JSON
    ``str`` or ``bytes`` (a list response, an array or NDJSON), or a ``dict`` / ``list``. The result
    is the ``dict`` that ``json.loads`` makes of ``pimcheck audit --format json``: ``findings``,
    ``errors`` (entries that could not be read; the others are still judged) and ``summary``.
    A bad option or an unreadable policy set raises ``InputError``.
    """

    def text(value: _Any) -> _Any:
        return value if isinstance(value, (str, bytes, bytearray)) else _json.dumps(value)

    schedules_text = text(schedules)
    if isinstance(schedules_text, bytearray):
        schedules_text = bytes(schedules_text)
    policies_text = text(policies)
    if isinstance(policies_text, bytearray):
        policies_text = bytes(policies_text)
    return _json.loads(
        _native._audit_json(
            policies_text,
            schedules_text,
            now=now,
            expiring_within=expiring_within,
            max_input_bytes=max_input_bytes,
        )
    )
