#!/usr/bin/env python3
"""Writes vectors/graph/from-iteration2.json and vectors/arm/from-iteration2.json.

For each case of vectors/iteration2/ that is not an input error and not iteration-2-specific
(LinkedEligibilityRequired, InvalidScheduleType, the `PT0S` / `0001-01-01` sentinels, TimeSpan
durations), it writes the same settings and the same request in Graph and in ARM form, with the same
expected codes. The policy is converted by `pimcheck convert` itself (so the vectors also test the
conversion); the request is translated here, field by field (contract 1.4 maps the operations).
Iteration-2 rules that pimcheck does not know are re-added as iteration-3 rules of an unknown type,
so that the UnknownRule warning carries over too.

Run from anywhere after a change to vectors/iteration2/ and commit the output:
    scripts/gen-cross-generation-vectors.py            # uses `cargo run -p pimcheck-cli`
    PIMCHECK=target/debug/pimcheck scripts/gen-cross-generation-vectors.py
"""

import json
import os
import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
VECTORS = ROOT / "vectors"

ACTIONS = {
    "adminadd": "adminAssign",
    "adminupdate": "adminUpdate",
    "adminextend": "adminExtend",
    "adminrenew": "adminRenew",
    "adminremove": "adminRemove",
    "useradd": "selfActivate",
    "userextend": "selfExtend",
    "userrenew": "selfRenew",
    "userremove": "selfDeactivate",
}
KNOWN_RULES = {
    "expirationrule", "mfarule", "justificationrule", "ticketingrule",
    "approvalrule", "acrsrule", "notificationrule", "attributeconditionrule",
}
TARGETS = {
    "adminEligibleSettings": ("Admin", "Eligibility"),
    "adminMemberSettings": ("Admin", "Assignment"),
    "userMemberSettings": ("EndUser", "Assignment"),
}
ITERATION2_ONLY_CODES = {"LinkedEligibilityRequired", "InvalidScheduleType"}
SUBSCRIPTION = "/subscriptions/dfa2a084-766f-4003-8ae1-c4aeb893a99f"


def pimcheck_command():
    binary = os.environ.get("PIMCHECK")
    if binary:
        return [binary]
    return ["cargo", "run", "--quiet", "--manifest-path", str(ROOT / "Cargo.toml"),
            "-p", "pimcheck-cli", "--"]


def convert(policy, to):
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(policy, f)
        path = f.name
    try:
        out = subprocess.run(pimcheck_command() + ["convert", "--to", to, path],
                             check=True, capture_output=True, text=True)
    finally:
        os.unlink(path)
    return json.loads(out.stdout)


def skip_reason(case):
    expect = case.get("expect", {})
    if "error" in expect:
        return "input error"
    if "policyText" in case or "requestText" in case:
        return "raw text"
    codes = set(expect.get("violations", []))
    if codes & ITERATION2_ONLY_CODES:
        return "iteration-2-specific code"
    schedule = case["request"].get("schedule") or {}
    if not isinstance(schedule, dict):
        return "odd schedule"
    duration = schedule.get("duration")
    end = schedule.get("endDateTime")
    if duration is not None and (duration == "PT0S" or ":" in duration):
        return "iteration-2 duration form"
    if isinstance(end, str) and end.startswith("0001-01-01"):
        return "iteration-2 sentinel"
    if schedule.get("type") not in (None, "Once", "once"):
        return "schedule type"
    return None


def unknown_rules(policy, dialect):
    """Iteration-2 rules pimcheck does not know, as iteration-3 rules of an unknown type."""
    rules = []
    for key, (caller, level) in TARGETS.items():
        for entry in policy.get(key) or []:
            ident = entry.get("ruleIdentifier", "")
            if ident.lower() in KNOWN_RULES:
                continue
            stem = ident[:-4] if ident.lower().endswith("rule") else ident
            rule = {"id": f"{stem}_{caller}_{level}",
                    "target": {"caller": caller, "operations": ["All"], "level": level}}
            if dialect == "graph":
                rule["@odata.type"] = f"#microsoft.graph.unifiedRoleManagementPolicy{stem}Rule"
            else:
                rule["ruleType"] = f"RoleManagementPolicy{stem}Rule"
            rules.append(rule)
    return rules


def schedule_info(request, pascal):
    if "schedule" not in request or request["schedule"] is None:
        return None
    schedule = request["schedule"]
    start, end, duration = (schedule.get(k) for k in ("startDateTime", "endDateTime", "duration"))
    name = (lambda t: t[0].upper() + t[1:]) if pascal else (lambda t: t)
    if end is None and duration is None:
        expiration = {"type": name("noExpiration")}
    elif duration is None:
        expiration = {"type": name("afterDateTime"), "endDateTime": end}
    elif end is None:
        expiration = {"type": name("afterDuration"), "duration": duration}
    else:
        # both given: the evaluator checks that they agree, as for iteration 2
        expiration = {"type": name("afterDateTime"), "endDateTime": end, "duration": duration}
    info = {}
    if start is not None:
        info["startDateTime"] = start
    info["expiration"] = expiration
    return info


def graph_request(request):
    level = "Eligibility" if request["assignmentState"].lower() == "eligible" else "Assignment"
    out = {"@odata.type": f"#microsoft.graph.unifiedRole{level}ScheduleRequest",
           "action": ACTIONS[request["type"].lower()]}
    for old, new in (("subjectId", "principalId"), ("roleDefinitionId", "roleDefinitionId"),
                     ("resourceId", "directoryScopeId"), ("reason", "justification"),
                     ("ticketInfo", "ticketInfo")):
        if old in request:
            out[new] = request[old]
    info = schedule_info(request, pascal=False)
    if info is not None:
        out["scheduleInfo"] = info
    return out


def arm_request(request, with_type):
    level = "Eligibility" if request["assignmentState"].lower() == "eligible" else "Assignment"
    action = ACTIONS[request["type"].lower()]
    props = {"requestType": action[0].upper() + action[1:]}
    if "subjectId" in request:
        props["principalId"] = request["subjectId"]
    if "roleDefinitionId" in request:
        props["roleDefinitionId"] = (f"{SUBSCRIPTION}/providers/Microsoft.Authorization/"
                                     f"roleDefinitions/{request['roleDefinitionId']}")
    props["scope"] = SUBSCRIPTION
    info = schedule_info(request, pascal=True)
    if info is not None:
        props["scheduleInfo"] = info
    if "reason" in request:
        props["justification"] = request["reason"]
    if "ticketInfo" in request:
        props["ticketInfo"] = request["ticketInfo"]
    if action == "selfActivate" and request.get("linkedEligibleRoleAssignmentId"):
        props["linkedRoleEligibilityScheduleId"] = request["linkedEligibleRoleAssignmentId"]
    out = {"properties": props}
    if with_type:
        out["type"] = f"Microsoft.Authorization/role{level}ScheduleRequests"
    return out, level.lower()


def main():
    graph_cases, arm_cases, skipped = [], [], {}
    for path in sorted((VECTORS / "iteration2").glob("*.json")):
        cases = json.loads(path.read_text())
        cases = cases if isinstance(cases, list) else [cases]
        for case in cases:
            reason = skip_reason(case)
            if reason:
                skipped[reason] = skipped.get(reason, 0) + 1
                continue
            policy, request = case["policy"], case["request"]
            graph_policy = convert(policy, "graph")
            graph_policy["rules"].extend(unknown_rules(policy, "graph"))
            arm_policy = convert(policy, "arm")
            arm_policy["properties"]["rules"].extend(unknown_rules(policy, "arm"))
            graph_cases.append({
                "name": f"{case['name']} (graph)",
                "policy": graph_policy,
                "request": graph_request(request),
                "context": case.get("context", {}),
                "expect": case["expect"],
            })
            # every other ARM case leaves the level to the `level` option
            with_type = len(arm_cases) % 2 == 0
            arm_req, level = arm_request(request, with_type)
            context = dict(case.get("context", {}))
            if not with_type:
                context["level"] = level
            arm_cases.append({
                "name": f"{case['name']} (arm)",
                "policy": arm_policy,
                "request": arm_req,
                "context": context,
                "expect": case["expect"],
            })
    for folder, cases in (("graph", graph_cases), ("arm", arm_cases)):
        (VECTORS / folder).mkdir(exist_ok=True)
        out = VECTORS / folder / "from-iteration2.json"
        out.write_text(json.dumps(cases, indent=2, ensure_ascii=False) + "\n")
        print(f"wrote {len(cases)} cases to {out.relative_to(ROOT)}")
    print("skipped:", ", ".join(f"{n} {r}" for r, n in sorted(skipped.items())), file=sys.stderr)


if __name__ == "__main__":
    main()
