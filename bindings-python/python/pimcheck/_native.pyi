"""Type stubs of the native module ``pimcheck._native`` (re-exported by ``pimcheck``)."""

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, Literal, Protocol, TypedDict, Union

__version__: str

class _AzureModel(Protocol):
    """A model of an ``azure-mgmt-*`` SDK (``RoleManagementPolicy``, ``RoleAssignmentScheduleRequest``)."""

    def serialize(self, keep_readonly: bool = ..., **kwargs: Any) -> Any: ...

class _KiotaModel(Protocol):
    """A model of ``msgraph-sdk`` (``UnifiedRoleManagementPolicy``, ``UnifiedRoleAssignmentScheduleRequest``)."""

    def get_field_deserializers(self) -> Any: ...
    def serialize(self, writer: Any) -> None: ...

Document = Union[
    Mapping[str, Any], Sequence[Any], str, bytes, bytearray, _AzureModel, _KiotaModel
]
"""A policy or request: a ``dict`` (a ``list`` of rules for a policy), JSON ``str`` or ``bytes``, or
an SDK model."""

Now = Union[datetime, str, None]
"""A timezone-aware ``datetime`` or an RFC 3339 ``str``; ``None`` is the system clock."""

Level = Literal["assignment", "eligibility"]
ShowFormat = Literal["json", "text", "markdown"]

class RequestSummary(TypedDict):
    """What the request was reduced to (contract 1.4)."""

    operation: str
    caller: str
    level: str

InputErrorCode = Literal[
    "InvalidJson",
    "UnknownPolicyShape",
    "UnknownRequestShape",
    "InvalidPolicy",
    "InvalidRequest",
    "InvalidDateTime",
    "InvalidDuration",
    "AmbiguousLevel",
    "NoMatchingPolicy",
    "InvalidOption",
    "InputTooLarge",
    "Unreadable",
]
"""The codes of input errors (contract 3.4); new ones may be added. ``Unreadable`` (a file that
cannot be read) is the CLI's: the Python API reads no files."""

class InputError(ValueError):
    """The input could not be read, so there is no report (contract 3.4)."""

    code: InputErrorCode
    """``InvalidJson``, ``UnknownPolicyShape``, ``InvalidOption``, ``InputTooLarge``, ..."""
    path: str
    """A JSON pointer into the document (``/3/scheduleInfo/...`` in ``check_many``), or the option's name."""
    message: str
    hint: str | None
    index: int | None
    """The position of the bad request in ``check_many``; ``None`` elsewhere."""

class InternalError(RuntimeError):
    """A bug in pimcheck (code ``Internal``): a panic in the core, caught before it could take the
    interpreter down; the message says where to report it."""

    code: Literal["Internal"]
    path: str
    message: str
    hint: str | None
    index: int | None
    """In ``check_many``: the position of the request whose check failed; ``None`` elsewhere."""

class ConversionWarning(UserWarning):
    """A setting that ``convert`` could not express in the target generation."""

class Finding:
    """One violation, obligation or warning."""

    @property
    def code(self) -> str: ...
    @property
    def rule(self) -> str | None: ...
    @property
    def path(self) -> str | None: ...
    @property
    def message(self) -> str: ...
    @property
    def service_rule(self) -> str | None: ...
    @property
    def service_error(self) -> str | None: ...
    @property
    def limit(self) -> str | None: ...
    @property
    def actual(self) -> str | None: ...
    @property
    def hint(self) -> str | None: ...
    @property
    def approvers(self) -> list[dict[str, str]] | None: ...
    @property
    def claim_value(self) -> str | None: ...
    def to_dict(self) -> dict[str, Any]: ...

class Report:
    """The verdict on one request (contract section 2)."""

    @property
    def allowed(self) -> bool: ...
    @property
    def request(self) -> RequestSummary: ...
    @property
    def violations(self) -> list[Finding]: ...
    @property
    def obligations(self) -> list[Finding]: ...
    @property
    def warnings(self) -> list[Finding]: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...

class Policy:
    """Role settings parsed once, checked many times; immutable and safe to share between threads."""

    def __init__(self, policy: Document, *, max_input_bytes: int | None = None) -> None:
        """``max_input_bytes``: the largest policy JSON text (default 16 MiB); see ``check``."""
    def check(
        self,
        request: Document,
        *,
        now: Now = None,
        mfa: bool | None = None,
        level: Level | None = None,
        max_input_bytes: int | None = None,
        redact: bool = False,
    ) -> Report: ...
    def show(
        self, *, format: ShowFormat = "json", redact: bool = False
    ) -> dict[str, Any] | str:
        """The policy in the portal's words: a ``dict`` for ``json``, a ``str`` otherwise."""
    def check_many(
        self,
        requests: Iterable[Document],
        *,
        now: Now = None,
        mfa: bool | None = None,
        level: Level | None = None,
        threads: int | None = None,
        max_input_bytes: int | None = None,
    ) -> list[Report]: ...

def check(
    policy: Document,
    request: Document,
    *,
    now: Now = None,
    mfa: bool | None = None,
    level: Level | None = None,
    max_input_bytes: int | None = None,
    redact: bool = False,
) -> Report:
    """Checks one request against a policy.

    ``max_input_bytes`` (default 16 MiB) limits each document's JSON text: a ``str`` or ``bytes``
    as given, a ``dict`` or SDK model as its compact JSON (``json.dumps(d, separators=(",", ":"),
    ensure_ascii=False)``, in UTF-8). Over it: ``InputError`` ``InputTooLarge`` at path ``""``. Not
    an ``int`` of 0 or more: ``InputError`` ``InvalidOption``.
    """
def show(
    policy: Document,
    *,
    format: ShowFormat = "json",
    redact: bool = False,
    max_input_bytes: int | None = None,
) -> dict[str, Any] | str:
    """The policy as the Entra admin center names its settings (``pimcheck show``): a ``dict``
    equal to ``json.loads`` of ``pimcheck show --format json`` for ``json``, the text or Markdown
    the command prints for ``text`` and ``markdown``. ``redact`` replaces approvers and recipients.
    """
def convert(
    policy: Document, *, to: Literal["graph", "arm", "iteration2"]
) -> dict[str, Any]: ...

def audit(
    policies: str | bytes | Mapping[str, Any] | Sequence[Any],
    schedules: str | bytes | Mapping[str, Any] | Sequence[Any],
    *,
    now: Now = None,
    expiring_within: str | None = None,
    max_input_bytes: int | None = None,
) -> dict[str, Any]:
    """Audits existing assignments and eligibilities (a schedule list of any generation: a list
    response, an array or NDJSON, as text or as a ``dict`` / ``list``) against their role's policy
    of today (``policies``, a policy set as ``check`` reads it; contract section 7). Returns the
    ``dict`` that ``json.loads`` makes of ``pimcheck audit --format json``: ``findings``, ``errors``
    (entries that could not be read; the others are still judged) and ``summary``. A bad option or
    an unreadable policy set raises ``InputError``."""
def lint(
    policy: Document, profile: Literal["baseline"] | None = None
) -> dict[str, Any]:
    """Lints a policy of any generation (a single policy, a set, a PATCH body): ``{"findings":
    [...], "policies": N}``, each finding with ``id``, ``name``, ``severity``, ``policy``,
    ``rule``, ``path`` (a JSON pointer), ``message`` and ``hint``; the dict equals ``json.loads``
    of ``pimcheck lint --format json`` (without ``policy.file``). The baseline lints (PIMB01-06)
    only with ``profile="baseline"``; another profile is ``InputError`` ``InvalidOption``. A
    document that is not a policy is ``InputError`` (``InvalidJson``, ``UnknownPolicyShape``).
    """

def plan(
    plan: Document,
    policies: Document | Policy | None = None,
    *,
    parameters: Document | None = None,
    now: Now = None,
    max_input_bytes: int | None = None,
) -> dict[str, Any]:
    """Checks every PIM request resource of a Terraform plan (``terraform show -json``) or an ARM
    template against ``policies`` (one policy or a set); ``parameters`` is an ARM parameters file.

    Returns ``{"resources": [{"address", "type", "actions", "report" | "error" | "skipped",
    "fix"}], "allowed"}``, equal to ``json.loads`` of ``pimcheck plan --format json``. A document
    that is not a plan or a template raises ``InputError``; a resource that cannot be read is an
    entry with its ``error``.
    """
