#!/usr/bin/env python3
"""Writes a tenant-sized audit input (issue 18): a policy set of ROLES roles' Graph policy
assignments (with their rules expanded) and SCHEDULES schedules across two files, as users export
them: Graph eligibility schedules as a list response (`{"value": [...]}`) and assignment schedule
instances as NDJSON. About one schedule in six breaks today's policy. Deterministic (a fixed seed).

Usage: benches/gen-audit-tenant.py OUTDIR [ROLES] [SCHEDULES]
"""
import json
import random
import sys
import uuid
from pathlib import Path

out = Path(sys.argv[1])
roles = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
schedules = int(sys.argv[3]) if len(sys.argv) > 3 else 100_000
rng = random.Random(18)
out.mkdir(parents=True, exist_ok=True)


def guid() -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def rule(caller: str, level: str, required: bool, maximum: str) -> dict:
    target = {"caller": caller, "operations": ["all"], "level": level,
              "inheritableSettings": [], "enforcedSettings": []}
    return {"@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyExpirationRule",
            "id": f"Expiration_{caller}_{level}", "isExpirationRequired": required,
            "maximumDuration": maximum, "target": target}


def enablement(caller: str, level: str, rules: list) -> dict:
    return {"@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyEnablementRule",
            "id": f"Enablement_{caller}_{level}", "enabledRules": rules,
            "target": {"caller": caller, "operations": ["all"], "level": level}}


role_ids = [guid() for _ in range(roles)]
with open(out / "policies.json", "w") as f:
    f.write('{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#policies/'
            'roleManagementPolicyAssignments(policy(rules()))", "value": [\n')
    for i, role in enumerate(role_ids):
        strict = i % 2 == 0
        policy_id = f"DirectoryRole_x_{role}"
        entry = {"id": f"{policy_id}_/", "policyId": policy_id, "scopeId": "/",
                 "scopeType": "DirectoryRole", "roleDefinitionId": role,
                 "policy": {"id": policy_id, "scopeId": "/", "scopeType": "DirectoryRole", "rules": [
                     rule("Admin", "Eligibility", strict, "P365D"),
                     enablement("Admin", "Eligibility", []),
                     rule("Admin", "Assignment", strict, "P180D"),
                     enablement("Admin", "Assignment", ["Justification"]),
                     rule("EndUser", "Assignment", True, "PT8H"),
                     enablement("EndUser", "Assignment", ["MultiFactorAuthentication", "Justification"])]}}
        f.write(("," if i else "") + json.dumps(entry) + "\n")
    f.write("]}\n")


def when(days: float) -> str:
    seconds = int(1_780_000_000 + days * 86_400)  # around 2026-05-28
    import datetime
    return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


eligibilities = schedules * 7 // 10
with open(out / "eligibility-schedules.json", "w") as f:
    f.write('{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#roleManagement/'
            'directory/roleEligibilitySchedules", "value": [\n')
    for i in range(eligibilities):
        start = -rng.uniform(0, 500)
        kind = rng.random()
        if kind < 0.1:
            expiration = {"type": "noExpiration", "endDateTime": None, "duration": None}
        else:
            length = rng.uniform(30, 420) if kind < 0.2 else rng.uniform(30, 360)
            expiration = {"type": "afterDateTime", "endDateTime": when(start + length), "duration": None}
        entry = {"id": guid(), "principalId": guid(), "roleDefinitionId": rng.choice(role_ids),
                 "directoryScopeId": "/", "appScopeId": None, "createdUsing": guid(),
                 "createdDateTime": when(start), "modifiedDateTime": None, "status": "Provisioned",
                 "memberType": "Direct",
                 "scheduleInfo": {"startDateTime": when(start), "recurrence": None, "expiration": expiration}}
        f.write(("," if i else "") + json.dumps(entry) + "\n")
    f.write("]}\n")

with open(out / "assignment-instances.ndjson", "w") as f:
    for i in range(schedules - eligibilities):
        activation = rng.random() < 0.6
        if activation:
            start = -rng.uniform(0, 0.3)
            end = when(start + rng.choice([4, 8, 8, 8, 10]) / 24)
        elif rng.random() < 0.2:
            start, end = None, None
        else:
            start = -rng.uniform(0, 300)
            end = when(start + rng.uniform(10, 200))
        entry = {"id": guid(), "principalId": guid(), "roleDefinitionId": rng.choice(role_ids),
                 "directoryScopeId": "/", "appScopeId": None,
                 "startDateTime": when(start) if start is not None else None, "endDateTime": end,
                 "memberType": "Direct", "assignmentType": "Activated" if activation else "Assigned",
                 "roleAssignmentOriginId": guid(), "roleAssignmentScheduleId": guid()}
        f.write(json.dumps(entry) + "\n")
