#!/usr/bin/env python3
"""Writes vectors/lint/*.json: for every lint of the catalogue, a policy that triggers it and a
near-identical one that does not, in every generation that can express it (vectors/README.md,
section "Lint cases"). Each case says by hand which lint ids it expects (`lint.ids`); `--bless`
fills `lint.result`, the whole JSON result, from `pimcheck lint` (review the diff before committing).

    python3 scripts/gen-lint-vectors.py [--bless target/debug/pimcheck]
"""
import copy
import json
import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "vectors" / "lint"
GA = "62e90394-69f5-4237-9190-012177145e10"
HELPDESK = "729827e3-9c14-49f7-bb1b-9608f156bbb8"


def graph_rules():
    rules = json.loads((ROOT / "examples/payloads/g3-policy-rules-list-directoryrole.json").read_text())["value"]
    by_id = {r["id"]: r for r in rules}
    by_id["Expiration_Admin_Eligibility"].update(isExpirationRequired=True, maximumDuration="P365D")
    by_id["Expiration_Admin_Assignment"].update(isExpirationRequired=True, maximumDuration="P180D")
    by_id["Expiration_EndUser_Assignment"].update(maximumDuration="PT8H")
    by_id["Enablement_EndUser_Assignment"]["enabledRules"] = ["MultiFactorAuthentication", "Justification"]
    by_id["Enablement_Admin_Eligibility"]["enabledRules"] = []
    by_id["Approval_EndUser_Assignment"]["setting"]["isApprovalRequired"] = False
    by_id["AuthenticationContext_EndUser_Assignment"].update(isEnabled=False, claimValue=None)
    for rule in rules:
        if rule["id"].startswith("Notification_"):
            rule.update(isDefaultRecipientsEnabled=True, notificationRecipients=[])
    return rules


def graph_policy():
    return {"id": "DirectoryRole_84841066-274d-4ec0-a5c1-276be684bdd3_200ec19a-09e7-4e7a-9515-cf1ee64b96f9",
            "displayName": "DirectoryRole", "scopeId": "/", "scopeType": "DirectoryRole", "rules": graph_rules()}


def arm_rule(rule):
    out = {k: v for k, v in rule.items() if k != "@odata.type"}
    kind = rule["@odata.type"].split("unifiedRoleManagementPolicy")[1]
    out["ruleType"] = "RoleManagementPolicy" + kind
    out["target"] = {k: v for k, v in rule["target"].items() if k in ("caller", "operations", "level")}
    return out


def arm_policy():
    scope = "/subscriptions/2e4bd9ed-0cd5-4b0f-8d17-1e3a2c9f1f10"
    return {"id": scope + "/providers/Microsoft.Authorization/roleManagementPolicies/5a1a3e0e-7c2f-4f6b-9f0e-8f3c1a2b4c5d",
            "name": "5a1a3e0e-7c2f-4f6b-9f0e-8f3c1a2b4c5d", "type": "Microsoft.Authorization/RoleManagementPolicies",
            "properties": {"scope": scope, "rules": [arm_rule(r) for r in graph_rules()]}}


def iteration2_policy(role=HELPDESK):
    def entry(rule, setting):
        return {"ruleIdentifier": rule, "setting": json.dumps(setting, separators=(",", ":"))}
    return {"id": "5c6ee4bb-2b4d-4d04-8fcf-0a0b0f9e0f1a", "resourceId": "84841066-274d-4ec0-a5c1-276be684bdd3",
            "roleDefinitionId": role, "isDefault": False,
            "adminEligibleSettings": [entry("ExpirationRule", {"permanentAssignment": False, "maximumGrantPeriodInMinutes": 525600}),
                                      entry("MfaRule", {"mfaRequired": False})],
            "adminMemberSettings": [entry("ExpirationRule", {"permanentAssignment": False, "maximumGrantPeriodInMinutes": 259200})],
            "userEligibleSettings": [],
            "userMemberSettings": [entry("ExpirationRule", {"permanentAssignment": False, "maximumGrantPeriodInMinutes": 480}),
                                   entry("MfaRule", {"mfaRequired": True}),
                                   entry("JustificationRule", {"required": True}),
                                   entry("ApprovalRule", {"Enabled": False, "Approvers": []})]}


def rules_of(policy):
    return policy["properties"]["rules"] if "properties" in policy else policy["rules"]


def rule(policy, rule_id):
    return next(r for r in rules_of(policy) if r["id"] == rule_id)


def i2(policy, list_key, identifier, **setting):
    for entry in policy[list_key]:
        if entry["ruleIdentifier"] == identifier:
            merged = {**json.loads(entry["setting"]), **setting}
            entry["setting"] = json.dumps({k: v for k, v in merged.items() if v is not None}, separators=(",", ":"))
            return policy
    policy[list_key].append({"ruleIdentifier": identifier, "setting": json.dumps(setting, separators=(",", ":"))})
    return policy


def case(name, policy, ids, profile=None):
    return {"name": name, "policy": policy, "lint": {"profile": profile, "ids": ids}}


def both(lint, what, change, ids_graph, ids_arm=None, profile=None):
    """The same change to the Graph and the ARM base policy."""
    out = []
    for generation, base, ids in (("graph", graph_policy, ids_graph), ("arm", arm_policy, ids_arm if ids_arm is not None else ids_graph)):
        policy = base()
        change(policy)
        out.append(case(f"lint {lint} {generation}: {what}", policy, ids, profile))
    return out


def set_rule(rule_id, **fields):
    def change(policy):
        target = rule(policy, rule_id)
        for key, value in fields.items():
            if value is None:
                target.pop(key, None)
            else:
                target[key] = value
    return change


def correctness_cases():
    cases = []
    cases += both("base", "a clean policy has no finding", lambda p: None, [])
    cases += both("PIM001", "a zero activation maximum", set_rule("Expiration_EndUser_Assignment", maximumDuration="PT0S"), ["PIM001"])
    cases += both("PIM001", "a thirty-minute maximum is not zero", set_rule("Expiration_EndUser_Assignment", maximumDuration="PT30M"), [])
    cases += both("PIM002", "expiration required without a maximum", set_rule("Expiration_Admin_Eligibility", maximumDuration=None), ["PIM002"])
    cases += both("PIM002", "permanent allowed without a maximum is complete", set_rule("Expiration_Admin_Eligibility", maximumDuration=None, isExpirationRequired=False), [])
    cases += both("PIM003", "a maximum next to permanent eligibility", set_rule("Expiration_Admin_Eligibility", isExpirationRequired=False), ["PIM003"])
    cases += both("PIM003", "permanent eligibility without a maximum", set_rule("Expiration_Admin_Eligibility", isExpirationRequired=False, maximumDuration=None), [])

    def mfa_and_context(mfa):
        def change(policy):
            rule(policy, "Enablement_EndUser_Assignment")["enabledRules"] = (["MultiFactorAuthentication"] if mfa else []) + ["Justification"]
            rule(policy, "AuthenticationContext_EndUser_Assignment").update(isEnabled=True, claimValue="c1")
        return change
    cases += both("PIM004", "MFA and an authentication context on activation", mfa_and_context(True), ["PIM004"])
    cases += both("PIM004", "an authentication context alone", mfa_and_context(False), [])

    def approval(approvers):
        def change(policy):
            setting = rule(policy, "Approval_EndUser_Assignment")["setting"]
            setting["isApprovalRequired"] = True
            setting["approvalStages"][0]["primaryApprovers"] = approvers
        return change
    approver = [{"@odata.type": "#microsoft.graph.singleUser", "userId": "20083cf1-b8d8-43be-9d37-96adfb09e619"}]
    cases += both("PIM005", "approval required with no approver", approval([]), ["PIM005"])
    cases += both("PIM005", "approval required with one approver", approval(approver), [])
    cases += both("PIM006", "an activation maximum of 25 hours", set_rule("Expiration_EndUser_Assignment", maximumDuration="PT25H"), ["PIM006"])
    cases += both("PIM006", "an activation maximum of 24 hours", set_rule("Expiration_EndUser_Assignment", maximumDuration="PT24H"), [])
    cases += both("PIM006", "an activation maximum of 15 minutes", set_rule("Expiration_EndUser_Assignment", maximumDuration="PT15M"), ["PIM006"])
    cases += both("PIM007", "an eligible assignment maximum of 60 days", set_rule("Expiration_Admin_Eligibility", maximumDuration="P60D"), ["PIM007"])
    cases += both("PIM007", "an eligible assignment maximum of 90 days", set_rule("Expiration_Admin_Eligibility", maximumDuration="P90D"), [])
    cases += both("PIM007", "an active assignment maximum of 2 weeks", set_rule("Expiration_Admin_Assignment", maximumDuration="P2W"), ["PIM007"])

    def target(level):
        def change(policy):
            rule(policy, "Expiration_Admin_Eligibility")["target"]["level"] = level
        return change
    cases += both("PIM008", "an eligibility rule targeting assignments", target("Assignment"), ["PIM008"])
    cases += both("PIM008", "an eligibility rule targeting eligibility, in another case", target("eligibility"), [])

    def duplicate(policy):
        rules_of(policy).append(copy.deepcopy(rule(policy, "Expiration_EndUser_Assignment")))
    cases += both("PIM009", "the activation expiration rule twice", duplicate, ["PIM009"])

    def missing(whole):
        def change(policy):
            rules = rules_of(policy)
            rules.remove(rule(policy, "Notification_Approver_EndUser_Assignment"))
            if not whole:
                for key in ("id", "name", "type"):
                    policy.pop(key, None)
        return change
    cases += both("PIM010", "a whole policy without an approver notification", missing(True), ["PIM010"])
    cases += both("PIM010", "the same rules as a PATCH body", missing(False), [])
    cases += both("PIM011", "MFA spelled `MFA` in enabledRules", set_rule("Enablement_EndUser_Assignment", enabledRules=["MFA", "Justification"]), ["PIM011", "PIMB02"], profile="baseline")
    cases += both("PIM011", "a notification level `Everything`", set_rule("Notification_Admin_Admin_Eligibility", notificationLevel="Everything"), ["PIM011"])
    cases += both("PIM011", "a recipient type `Owner`", set_rule("Notification_Admin_Admin_Eligibility", recipientType="Owner"), ["PIM011"])
    cases += both("PIM011", "a notification level in lower case", set_rule("Notification_Admin_Admin_Eligibility", notificationLevel="all"), [])

    def caller(value):
        def change(policy):
            rule(policy, "Enablement_Admin_Eligibility")["target"]["caller"] = value
        return change
    cases += both("PIM011", "a target caller `User`", caller("User"), ["PIM011"])

    def rule_type(policy):
        target = rule(policy, "Enablement_Admin_Eligibility")
        if "ruleType" in target:
            target["ruleType"] = "RoleManagementPolicyEnablementRules"
        else:
            target["@odata.type"] = "#microsoft.graph.unifiedRoleManagementPolicyEnablingRule"
    cases += both("PIM011", "a rule type the service does not know", rule_type, ["PIM011"])
    cases += both("PIM012", "a maximum of one year (`P1Y`)", set_rule("Expiration_Admin_Eligibility", maximumDuration="P1Y"), ["PIM012"])
    cases += both("PIM012", "a maximum of 365 days (`P365D`)", set_rule("Expiration_Admin_Eligibility", maximumDuration="P365D"), [])
    cases += both("PIM012", "a negative activation maximum", set_rule("Expiration_EndUser_Assignment", maximumDuration="-PT8H"), ["PIM012"])
    cases += both("PIM012", "an activation maximum in words", set_rule("Expiration_EndUser_Assignment", maximumDuration="8 hours"), ["PIM012"])
    cases += both("PIM013", "MFA on eligible assignment", set_rule("Enablement_Admin_Eligibility", enabledRules=["MultiFactorAuthentication"]), ["PIM013"])
    cases += both("PIM013", "justification on eligible assignment", set_rule("Enablement_Admin_Eligibility", enabledRules=["Justification"]), [])
    return cases


def baseline_cases():
    cases = []
    cases += both("base", "a clean policy has no baseline finding", lambda p: None, [], profile="baseline")
    cases += both("PIMB01", "permanent active assignment", set_rule("Expiration_Admin_Assignment", isExpirationRequired=False, maximumDuration=None), ["PIMB01"], profile="baseline")
    cases += both("PIMB01", "permanent active assignment, without the profile", set_rule("Expiration_Admin_Assignment", isExpirationRequired=False, maximumDuration=None), [])
    cases += both("PIMB02", "activation with justification only", set_rule("Enablement_EndUser_Assignment", enabledRules=["Justification"]), ["PIMB02"], profile="baseline")

    def context_only(policy):
        rule(policy, "Enablement_EndUser_Assignment")["enabledRules"] = ["Justification"]
        rule(policy, "AuthenticationContext_EndUser_Assignment").update(isEnabled=True, claimValue="c1")
    cases += both("PIMB02", "activation with an authentication context", context_only, [], profile="baseline")
    cases += both("PIMB04", "activations of 10 hours", set_rule("Expiration_EndUser_Assignment", maximumDuration="PT10H"), ["PIMB04"], profile="baseline")
    cases += both("PIMB04", "activations of 8 hours", set_rule("Expiration_EndUser_Assignment", maximumDuration="PT8H"), [], profile="baseline")
    cases += both("PIMB05", "an eligible assignment alert to nobody", set_rule("Notification_Admin_Admin_Eligibility", isDefaultRecipientsEnabled=False), ["PIMB05"], profile="baseline")
    cases += both("PIMB05", "an eligible assignment alert to an added recipient", set_rule("Notification_Admin_Admin_Eligibility", isDefaultRecipientsEnabled=False, notificationRecipients=["pim-alerts@contoso.com"]), [], profile="baseline")
    cases += both("PIMB05", "an active assignment alert to nobody", set_rule("Notification_Admin_Admin_Assignment", isDefaultRecipientsEnabled=False), ["PIMB05"], profile="baseline")
    cases += both("PIMB06", "an activation alert to nobody", set_rule("Notification_Admin_EndUser_Assignment", isDefaultRecipientsEnabled=False), ["PIMB06"], profile="baseline")
    cases += both("PIMB06", "an activation alert with the default recipients", set_rule("Notification_Admin_EndUser_Assignment", isDefaultRecipientsEnabled=True), [], profile="baseline")
    for role, ids, what in ((GA, ["PIMB03"], "Global Administrator"), (HELPDESK, [], "Helpdesk Administrator")):
        assignment = {"id": "Directory_84841066_" + role, "policyId": graph_policy()["id"], "scopeId": "/", "scopeType": "Directory",
                      "roleDefinitionId": role, "policy": graph_policy()}
        cases.append(case(f"lint PIMB03 graph: {what} activating without approval (policy assignment)", assignment, ids, "baseline"))
    return cases


def iteration2_cases():
    def c(lint, what, change, ids, profile=None, role=HELPDESK):
        policy = iteration2_policy(role)
        change(policy)
        return case(f"lint {lint} iteration2: {what}", policy, ids, profile)
    return [
        c("base", "a clean role setting has no finding", lambda p: None, [], "baseline"),
        c("PIM001", "a zero activation maximum", lambda p: i2(p, "userMemberSettings", "ExpirationRule", maximumGrantPeriodInMinutes=0), ["PIM001"]),
        c("PIM001", "a thirty-minute activation maximum", lambda p: i2(p, "userMemberSettings", "ExpirationRule", maximumGrantPeriodInMinutes=30), []),
        c("PIM003", "a maximum next to permanent eligibility", lambda p: i2(p, "adminEligibleSettings", "ExpirationRule", permanentAssignment=True), ["PIM003"]),
        c("PIM003", "permanent eligibility without a maximum", lambda p: i2(p, "adminEligibleSettings", "ExpirationRule", permanentAssignment=True, maximumGrantPeriodInMinutes=None), []),
        c("PIM004", "MFA and an authentication context", lambda p: i2(p, "userMemberSettings", "AcrsRule", acrsRequired=True, acrs="c1"), ["PIM004"]),
        c("PIM004", "an authentication context alone", lambda p: i2(i2(p, "userMemberSettings", "MfaRule", mfaRequired=False), "userMemberSettings", "AcrsRule", acrsRequired=True, acrs="c1"), []),
        c("PIM005", "approval required with no approver", lambda p: i2(p, "userMemberSettings", "ApprovalRule", Enabled=True), ["PIM005"]),
        c("PIM005", "approval required with one approver", lambda p: i2(p, "userMemberSettings", "ApprovalRule", Enabled=True, Approvers=[{"Id": "20083cf1-b8d8-43be-9d37-96adfb09e619", "Type": "User"}]), []),
        c("PIM006", "an activation maximum of 25 hours", lambda p: i2(p, "userMemberSettings", "ExpirationRule", maximumGrantPeriodInMinutes=1500), ["PIM006"]),
        c("PIM006", "an activation maximum of 24 hours", lambda p: i2(p, "userMemberSettings", "ExpirationRule", maximumGrantPeriodInMinutes=1440), []),
        c("PIM007", "an eligible assignment maximum of 60 days", lambda p: i2(p, "adminEligibleSettings", "ExpirationRule", maximumGrantPeriodInMinutes=86400), ["PIM007"]),
        c("PIM007", "an eligible assignment maximum of 90 days", lambda p: i2(p, "adminEligibleSettings", "ExpirationRule", maximumGrantPeriodInMinutes=129600), []),
        c("PIM009", "the MFA rule twice in one list", lambda p: p["userMemberSettings"].append(copy.deepcopy(p["userMemberSettings"][1])), ["PIM009"]),
        c("PIM009", "the MFA rule once in each of two lists", lambda p: i2(p, "adminMemberSettings", "MfaRule", mfaRequired=True), []),
        c("PIM013", "MFA on eligible assignment", lambda p: i2(p, "adminEligibleSettings", "MfaRule", mfaRequired=True), ["PIM013"]),
        c("PIMB01", "permanent active assignment", lambda p: i2(p, "adminMemberSettings", "ExpirationRule", permanentAssignment=True, maximumGrantPeriodInMinutes=None), ["PIMB01"], "baseline"),
        c("PIMB02", "activation without MFA", lambda p: i2(p, "userMemberSettings", "MfaRule", mfaRequired=False), ["PIMB02"], "baseline"),
        c("PIMB03", "Global Administrator activating without approval", lambda p: None, ["PIMB03"], "baseline", GA),
        c("PIMB03", "Global Administrator activating with approval", lambda p: i2(p, "userMemberSettings", "ApprovalRule", Enabled=True, Approvers=[{"Id": "20083cf1-b8d8-43be-9d37-96adfb09e619", "Type": "User"}]), [], "baseline", GA),
        c("PIMB04", "activations of 10 hours", lambda p: i2(p, "userMemberSettings", "ExpirationRule", maximumGrantPeriodInMinutes=600), ["PIMB04"], "baseline"),
    ]


def shape_cases():
    single_rule = copy.deepcopy(rule(graph_policy(), "Expiration_EndUser_Assignment"))
    single_rule["maximumDuration"] = "PT0S"
    policy_set = {"value": [graph_policy(), graph_policy()]}
    rule(policy_set["value"][1], "Expiration_Admin_Eligibility")["maximumDuration"] = "P1M"
    patch = {"properties": {"rules": [copy.deepcopy(rule(arm_policy(), "Expiration_Admin_Eligibility"))]}}
    patch["properties"]["rules"][0].update(isExpirationRequired=False, maximumDuration="P180D")
    return [
        case("lint shapes graph: a single rule (a rule's PATCH body)", single_rule, ["PIM001"]),
        case("lint shapes graph: a policy set whose second policy has a month", policy_set, ["PIM012"]),
        case("lint shapes arm: the EasyPIM#272 PATCH body (permanent eligibility with P180D)", patch, ["PIM003"]),
        {"name": "lint shapes: a truncated file is an input error", "policyText": "{\"rules\": [", "lint": {"profile": None, "error": "InvalidJson"}},
        {"name": "lint shapes: a request is not a policy", "policy": {"action": "selfActivate", "principalId": "x"}, "lint": {"profile": None, "error": "UnknownPolicyShape"}},
    ]


def bless(cli, cases):
    with tempfile.TemporaryDirectory() as tmp:
        for c in cases:
            if "error" in c["lint"]:
                continue
            path = pathlib.Path(tmp) / "policy.json"
            path.write_text(json.dumps(c["policy"], indent=2))
            args = [cli, "lint", "--format", "json", "-"]
            if c["lint"]["profile"]:
                args += ["--profile", c["lint"]["profile"]]
            run = subprocess.run(args, input=json.dumps(c["policy"]), capture_output=True, text=True)
            result = json.loads(run.stdout)
            for finding in result["findings"]:
                finding["policy"].pop("file", None)
            ids = sorted({f["id"] for f in result["findings"]})
            if ids != sorted(c["lint"]["ids"]):
                sys.exit(f"{c['name']}: expected {sorted(c['lint']['ids'])}, pimcheck found {ids}")
            c["lint"]["result"] = result


def main():
    groups = {"correctness.json": correctness_cases(), "baseline.json": baseline_cases(),
              "iteration2.json": iteration2_cases(), "shapes.json": shape_cases()}
    if len(sys.argv) == 3 and sys.argv[1] == "--bless":
        for cases in groups.values():
            bless(sys.argv[2], cases)
    OUT.mkdir(parents=True, exist_ok=True)
    for name, cases in groups.items():
        (OUT / name).write_text(json.dumps(cases, indent=1) + "\n")
        print(f"{name}: {len(cases)} cases")


main()
