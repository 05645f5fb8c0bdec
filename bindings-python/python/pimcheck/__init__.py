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

from ._native import (
    ConversionWarning,
    Finding,
    InputError,
    InternalError,
    Policy,
    Report,
    __version__,
    audit,
    check,
    convert,
    show,
    lint,
    plan,
)

__all__ = [
    "ConversionWarning",
    "Finding",
    "InputError",
    "InternalError",
    "Policy",
    "Report",
    "__version__",
    "audit",
    "check",
    "convert",
    "show",
    "lint",
    "plan",
]

