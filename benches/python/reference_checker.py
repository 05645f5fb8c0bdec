"""A plain-Python checker of iteration-2 role settings, written by hand: the yardstick that
`bench.py` compares the pimcheck binding with (runner `python-plain` of benches/CONTRACT.md).

It is meant to be what a careful Python developer would write for the same job, not a strawman:
the policy is parsed once (`Policy`), each check reads the request with compiled regular
expressions and `datetime`, applies the same rules as pimcheck's evaluator for iteration 2
(contract sections 1.4 to 3) and returns the same report as a `dict`, messages and hints included.
`bench.py` verifies, before timing, that its reports equal pimcheck's on the benchmark payloads.
It reads iteration 2 only; Graph and ARM scenarios are skipped for it.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone
from typing import Any, Optional

_ISO = re.compile(
    r"^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$", re.IGNORECASE
)
_TIMESPAN = re.compile(r"^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d+))?$")
_SETS = {
    "adminEligibleSettings": ("Admin", "Eligibility"),
    "adminMemberSettings": ("Admin", "Assignment"),
    "userEligibleSettings": ("EndUser", "Eligibility"),
    "userMemberSettings": ("EndUser", "Assignment"),
}
_NOT_GIVEN_END = "0001-01-01T00:00:00Z"
RANK = {
    "PermanentNotAllowed": 0, "DurationExceedsMaximum": 1, "JustificationRequired": 2,
    "TicketRequired": 3, "MfaRequired": 4, "EndNotAfterStart": 5, "EndInPast": 6,
    "InvalidScheduleType": 7, "ConflictingExpiration": 8, "LinkedEligibilityRequired": 9,
    "UnsupportedRequest": 10,
}


class InputError(ValueError):
    def __init__(self, code: str, path: str, message: str) -> None:
        super().__init__(message)
        self.code, self.path, self.message = code, path, message


def parse_duration(text: str, path: str) -> timedelta:
    m = _ISO.match(text)
    if m and text.upper() not in ("P", "PT") and not text.upper().endswith("T"):
        weeks, days, hours, minutes, seconds = m.groups()
        return timedelta(weeks=int(weeks or 0), days=int(days or 0), hours=int(hours or 0),
                         minutes=int(minutes or 0), seconds=float(seconds or 0))
    m = _TIMESPAN.match(text)
    if m:
        days, hours, minutes, seconds, fraction = m.groups()
        return timedelta(days=int(days or 0), hours=int(hours), minutes=int(minutes),
                         seconds=int(seconds), microseconds=int((fraction or "0")[:6].ljust(6, "0")))
    raise InputError("InvalidDuration", path, f"the duration `{text}` is not ISO 8601")


def format_duration(value: timedelta) -> str:
    seconds = int(value.total_seconds())
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    time = (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "") + (f"{secs}S" if secs else "")
    out = "P" + (f"{days}D" if days else "") + (f"T{time}" if time else "")
    return out if out != "P" else "PT0S"


def parse_time(text: str, path: str) -> datetime:
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise InputError("InvalidDateTime", path, f"`{text}` is not a date-time") from None
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


def format_time(value: datetime) -> str:
    base = value.strftime("%Y-%m-%dT%H:%M:%S")
    micros = value.microsecond
    if micros == 0:
        return base + "Z"
    return base + (f".{micros // 1000:03d}" if micros % 1000 == 0 else f".{micros:06d}") + "Z"


def _ci(setting: dict[str, Any], key: str) -> Any:
    for k, v in setting.items():
        if k.lower() == key:
            return v
    return None


class Policy:
    """An iteration-2 `governanceRoleSetting`, parsed once."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.sets: dict[tuple[str, str], dict[str, Any]] = {}
        for key, (caller, level) in _SETS.items():
            rules: dict[str, Any] = {"unknown": []}
            for i, rule in enumerate(document.get(key) or []):
                name = rule["ruleIdentifier"]
                setting = rule.get("setting")
                setting = json.loads(setting) if isinstance(setting, str) else (setting or {})
                suffix = f"{caller}_{level}"
                if name == "ExpirationRule":
                    minutes = _ci(setting, "maximumgrantperiodinminutes")
                    period = _ci(setting, "maximumgrantperiod")
                    maximum = (timedelta(minutes=minutes) if minutes is not None else
                               parse_duration(period, f"/{key}/{i}/setting") if period else None)
                    rules["expiration"] = (f"Expiration_{suffix}", bool(_ci(setting, "permanentassignment")), maximum)
                elif name == "MfaRule":
                    rules["mfa"] = (f"Enablement_{suffix}", bool(_ci(setting, "mfarequired")))
                elif name == "JustificationRule":
                    rules["justification"] = (f"Enablement_{suffix}", bool(_ci(setting, "required")))
                elif name == "TicketingRule":
                    rules["ticket"] = (f"Enablement_{suffix}", bool(_ci(setting, "ticketingrequired")))
                elif name == "ApprovalRule":
                    approvers = [{"id": a.get("Id") or a.get("id"), "kind": a.get("Type") or a.get("type"),
                                  "displayName": a.get("DisplayName") or a.get("displayName")}
                                 for a in (_ci(setting, "approvers") or [])]
                    rules["approval"] = (f"Approval_{suffix}", bool(_ci(setting, "enabled")), approvers)
                elif name == "AcrsRule":
                    rules["acrs"] = (f"AuthenticationContext_{suffix}", bool(_ci(setting, "acrsrequired")),
                                     _ci(setting, "acrs"))
                else:
                    rules["unknown"].append(name)
            self.sets[(caller, level)] = rules

    def check(self, request: dict[str, Any], now: datetime, mfa: Optional[bool] = None) -> dict[str, Any]:
        kind, state = request.get("type"), request.get("assignmentState")
        if not isinstance(kind, str) or not isinstance(state, str):
            raise InputError("UnknownRequestShape", "", "expected a governanceRoleAssignmentRequest")
        kind, level = kind.lower(), ("Eligibility" if state.lower() == "eligible" else "Assignment")
        violations: list[dict[str, Any]] = []
        obligations: list[dict[str, Any]] = []
        warnings: list[dict[str, Any]] = []
        operation, caller = {
            "adminadd": ("assign", "admin"), "adminupdate": ("update", "admin"),
            "adminextend": ("extend", "admin"), "adminrenew": ("renew", "admin"),
            "adminremove": ("remove", "admin"), "useradd": ("activate", "user"),
            "userextend": ("extend", "user"), "userrenew": ("renew", "user"),
            "userremove": ("deactivate", "user"),
        }.get(kind, (None, None))
        if operation is None:
            raise InputError("InvalidRequest", "/type", f"unknown request type `{request['type']}`")
        summary = {"operation": operation, "caller": caller, "level": level.lower()}
        if operation in ("remove", "deactivate"):
            return self._report(summary, violations, obligations, warnings)
        if operation == "activate" and level == "Eligibility":
            violations.append({"code": "UnsupportedRequest", "path": "/type",
                               "message": "a user cannot add an eligibility (`UserAdd` + `Eligible`)"})
            return self._report(summary, violations, obligations, warnings)
        user = caller == "user"
        rules = self.sets[("EndUser", level) if operation == "activate" else ("Admin", level)]
        for name in rules["unknown"]:
            warnings.append({"code": "UnknownRule", "rule": name,
                             "message": f"the rule `{name}` is not known and was not evaluated"})
        self._schedule(request, rules, now, operation == "activate", violations, warnings)
        if operation == "activate" and not request.get("linkedEligibleRoleAssignmentId"):
            violations.append({"code": "LinkedEligibilityRequired", "path": "/linkedEligibleRoleAssignmentId",
                               "message": "an activation must name its eligibility",
                               "serviceRule": "EligibilityRule"})
        if user and operation in ("extend", "renew"):
            obligations.append({"code": "ApprovalRequired",
                                "message": f"an administrator decides on a user {operation} request"})
        elif operation == "activate" or not user:
            self._enablement(request, rules, mfa, violations, obligations)
        return self._report(summary, violations, obligations, warnings)

    def _schedule(self, request: dict[str, Any], rules: dict[str, Any], now: datetime, activation: bool,
                  violations: list[dict[str, Any]], warnings: list[dict[str, Any]]) -> None:
        schedule = request.get("schedule") or {}
        pattern = schedule.get("type")
        if pattern is not None and pattern.lower() != "once":
            violations.append({"code": "InvalidScheduleType", "path": "/schedule/type",
                               "message": f"the schedule type `{pattern}` is not supported"})
        start_text = schedule.get("startDateTime")
        start = parse_time(start_text, "/schedule/startDateTime") if start_text else now
        if start < now:
            warnings.append({"code": "StartInPast", "path": "/schedule/startDateTime",
                             "message": f"the start `{format_time(start)}` is before now `{format_time(now)}`; "
                                        "the service starts the request now"})
        effective = max(start, now)
        end_text = schedule.get("endDateTime")
        end = parse_time(end_text, "/schedule/endDateTime") if end_text and end_text != _NOT_GIVEN_END else None
        duration_text = schedule.get("duration")
        duration = parse_duration(duration_text, "/schedule/duration") if duration_text else None
        if duration is not None and duration == timedelta(0):
            duration = None
        rule_id, permanent_ok, maximum = rules.get("expiration", (None, True, None))
        if end is None and duration is None:
            if activation or not permanent_ok:
                violations.append({"code": "PermanentNotAllowed", "rule": rule_id, "path": "/schedule",
                                   "message": "a request without an end is not allowed",
                                   "serviceRule": "ExpirationRule"})
            return
        if end is not None and duration is not None and start + duration != end:
            violations.append({"code": "ConflictingExpiration", "path": "/schedule",
                               "message": "the end and the duration disagree"})
            return
        if end is not None:
            length, path, actual = end - effective, "/schedule/endDateTime", end - start
            if end <= effective:
                violations.append({"code": "EndNotAfterStart", "path": path,
                                   "message": f"the end `{format_time(end)}` is not after the start"})
            if end <= now:
                violations.append({"code": "EndInPast", "path": path,
                                   "message": f"the end `{format_time(end)}` is not after now"})
        else:
            assert duration is not None
            length, path, actual = duration, "/schedule/duration", duration
            if duration <= timedelta(0):
                violations.append({"code": "EndNotAfterStart", "path": path,
                                   "message": f"the duration `{duration_text}` is not positive"})
        if maximum is not None and length > maximum:
            shown = format_duration(actual if end is None else length)
            violations.append({
                "code": "DurationExceedsMaximum", "rule": rule_id, "path": path,
                "message": f"requested duration `{shown}` exceeds the maximum `{format_duration(maximum)}`",
                "serviceRule": "ExpirationRule", "limit": format_duration(maximum), "actual": shown,
                "hint": f"request at most {format_duration(maximum)}, ending no later than "
                        f"{format_time(effective + maximum)}"})

    def _enablement(self, request: dict[str, Any], rules: dict[str, Any], mfa: Optional[bool],
                    violations: list[dict[str, Any]], obligations: list[dict[str, Any]]) -> None:
        if rules.get("justification", (None, False))[1] and not (request.get("reason") or "").strip():
            violations.append({"code": "JustificationRequired", "rule": rules["justification"][0],
                               "path": "/reason", "message": "a justification is required",
                               "serviceRule": "JustificationRule"})
        if rules.get("ticket", (None, False))[1] and not ((request.get("ticketInfo") or {}).get("ticketNumber") or "").strip():
            violations.append({"code": "TicketRequired", "rule": rules["ticket"][0], "path": "/ticketInfo",
                               "message": "ticket information is required", "serviceRule": "TicketingRule"})
        if rules.get("mfa", (None, False))[1] and mfa is not True:
            finding = {"code": "MfaRequired", "rule": rules["mfa"][0], "message": "the rule requires MFA",
                       "serviceRule": "MfaRule"}
            (violations if mfa is False else obligations).append(finding)
        approval = rules.get("approval")
        if approval and approval[1]:
            finding = {"code": "ApprovalRequired", "rule": approval[0],
                       "message": "the request will wait for approval before it takes effect"}
            if approval[2]:
                finding["approvers"] = approval[2]
            obligations.append(finding)
        acrs = rules.get("acrs")
        if acrs and acrs[1]:
            obligations.append({"code": "AuthenticationContextRequired", "rule": acrs[0],
                                "message": f"the authentication context `{acrs[2]}` is required",
                                "claimValue": acrs[2]})

    @staticmethod
    def _report(summary: dict[str, str], violations: list[dict[str, Any]], obligations: list[dict[str, Any]],
                warnings: list[dict[str, Any]]) -> dict[str, Any]:
        violations.sort(key=lambda f: (RANK[f["code"]], f.get("path") or ""))
        return {"allowed": not violations, "request": summary, "violations": violations,
                "obligations": obligations, "warnings": warnings}
