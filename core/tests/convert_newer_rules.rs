//! Conversion of the rules issue #15 made known: each generation writes what it can express (custom
//! extensions: Graph; PIM-only mode and `exceptionMembers`: ARM; `AttributeConditionRule`:
//! iteration 2) and names everything else in one warning, and what is written reads back the same.

use pimcheck::convert::{convert_value, Conversion, Generation};
use pimcheck::{Options, Policy};
use serde_json::{json, Value};

const PRINCIPAL: &str = "071cc716-8147-4397-a5ba-b2105951cc0b";

fn target(caller: &str, level: &str) -> Value {
    json!({"caller": caller, "operations": ["All"], "level": level})
}

/// A Graph policy with an activation maximum and an enabled custom extension.
fn graph_with_custom_extension() -> Value {
    json!({"rules": [
        {"@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyExpirationRule",
         "id": "Expiration_EndUser_Assignment", "isExpirationRequired": true,
         "maximumDuration": "PT8H", "target": target("EndUser", "Assignment")},
        {"@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyCustomExtensionRule",
         "id": "CustomExtension_PreApproval_EndUser_Assignment",
         "customExtensionId": "9a4d3b1c-2f6e-4c8a-b1d7-5e0f3a2c7d91", "isEnabled": true,
         "target": target("EndUser", "Assignment")}
    ]})
}

/// An ARM policy with a PIM-only-mode rule and an eligibility rule that exempts the principal.
fn arm_with_preview_rules() -> Value {
    json!({"properties": {"rules": [
        {"ruleType": "RoleManagementPolicyExpirationRule", "id": "Expiration_Admin_Eligibility",
         "isExpirationRequired": true, "maximumDuration": "P365D",
         "exceptionMembers": [{"id": PRINCIPAL, "userType": "User", "isBackup": false}],
         "target": target("Admin", "Eligibility")},
        {"ruleType": "RoleManagementPolicyPimOnlyModeRule", "id": "PIMOnlyMode_Admin_Assignment",
         "pimOnlyModeSettings": {"mode": "Enabled", "excludes": [], "excludedAssignmentTypes": []},
         "target": target("Admin", "Assignment")}
    ]}})
}

fn convert(policy: &Value, to: Generation) -> Result<Conversion, String> {
    convert_value(policy, to).map_err(|e| e.one_line())
}

/// The converted policy, read back as JSON.
fn written(conversion: &Conversion) -> Result<Value, String> {
    serde_json::from_str(&conversion.to_json()).map_err(|e| e.to_string())
}

fn rules(value: &Value) -> Vec<Value> {
    let list = value
        .get("rules")
        .or_else(|| value.pointer("/properties/rules"));
    list.and_then(Value::as_array).cloned().unwrap_or_default()
}

/// The verdict, the obligation codes and the warning codes of `request` against `policy`.
type Verdict = (bool, Vec<&'static str>, Vec<&'static str>);

fn codes(policy: &Value, request: &Value) -> Result<Verdict, String> {
    let policy = Policy::from_value(policy).map_err(|e| e.one_line())?;
    let now = pimcheck::parse_now("2026-01-01T00:00:00Z").map_err(|e| e.one_line())?;
    let report = policy
        .check_value(request, &Options::new(now))
        .map_err(|e| e.one_line())?;
    let list = |findings: &[pimcheck::Finding]| findings.iter().map(|f| f.code.as_str()).collect();
    Ok((
        report.allowed,
        list(&report.obligations),
        list(&report.warnings),
    ))
}

#[test]
fn a_custom_extension_is_carried_to_graph_and_warned_about_elsewhere() -> Result<(), String> {
    let policy = graph_with_custom_extension();
    let graph = convert(&policy, Generation::Graph)?;
    assert!(graph.warnings.is_empty(), "{:?}", graph.warnings);
    let listed = rules(&written(&graph)?);
    let extension = listed
        .iter()
        .find(|r| r["id"] == "CustomExtension_PreApproval_EndUser_Assignment");
    assert_eq!(
        extension.map(|r| (&r["customExtensionId"], &r["isEnabled"])),
        Some((&json!("9a4d3b1c-2f6e-4c8a-b1d7-5e0f3a2c7d91"), &json!(true)))
    );
    let activation = json!({"@odata.type": "#microsoft.graph.unifiedRoleAssignmentScheduleRequest",
        "action": "selfActivate", "principalId": PRINCIPAL,
        "scheduleInfo": {"startDateTime": "2026-01-01T00:00:00Z",
                         "expiration": {"type": "afterDuration", "duration": "PT1H"}}});
    assert_eq!(
        codes(&written(&graph)?, &activation)?,
        (true, vec!["CustomExtensionDecision"], vec![])
    );
    for to in [Generation::Arm, Generation::Iteration2] {
        let other = convert(&policy, to)?;
        assert_eq!(other.warnings.len(), 1, "{:?}", other.warnings);
        assert!(
            other
                .warnings
                .first()
                .is_some_and(|w| w.contains("`CustomExtension_PreApproval_EndUser_Assignment`")),
            "{:?}",
            other.warnings
        );
    }
    Ok(())
}

#[test]
fn pim_only_mode_and_exception_members_are_carried_to_arm_and_warned_about_elsewhere(
) -> Result<(), String> {
    let policy = arm_with_preview_rules();
    let arm = convert(&policy, Generation::Arm)?;
    assert!(arm.warnings.is_empty(), "{:?}", arm.warnings);
    let listed = rules(&written(&arm)?);
    assert!(listed
        .iter()
        .any(|r| r["ruleType"] == "RoleManagementPolicyPimOnlyModeRule"
            && r.pointer("/pimOnlyModeSettings/mode") == Some(&json!("Enabled"))));
    let expiration = listed
        .iter()
        .find(|r| r["id"] == "Expiration_Admin_Eligibility");
    assert_eq!(
        expiration.and_then(|r| r.pointer("/exceptionMembers/0/id")),
        Some(&json!(PRINCIPAL))
    );
    // The exemption survives the round trip: a permanent eligibility of the principal passes.
    let permanent = json!({"type": "Microsoft.Authorization/roleEligibilityScheduleRequests",
        "properties": {"principalId": PRINCIPAL, "requestType": "AdminAssign",
            "scheduleInfo": {"startDateTime": "2026-01-01T00:00:00Z",
                             "expiration": {"type": "NoExpiration"}}}});
    assert_eq!(codes(&written(&arm)?, &permanent)?, (true, vec![], vec![]));
    for to in [Generation::Graph, Generation::Iteration2] {
        let other = convert(&policy, to)?;
        assert_eq!(other.warnings.len(), 2, "{:?}", other.warnings);
        assert!(other.warnings.iter().any(|w| w.contains("PIM-only-mode")));
        assert!(other
            .warnings
            .iter()
            .any(|w| w.contains("exceptionMembers")));
    }
    Ok(())
}

#[test]
fn attribute_condition_rule_is_kept_in_iteration2_and_warned_about_elsewhere() -> Result<(), String>
{
    let policy = json!({"userMemberSettings": [
        {"ruleIdentifier": "ExpirationRule",
         "setting": "{\"permanentAssignment\":false,\"maximumGrantPeriodInMinutes\":480}"},
        {"ruleIdentifier": "AttributeConditionRule",
         "setting": "{\"isEnabled\":false,\"condition\":\"\"}"}
    ]});
    let iteration2 = convert(&policy, Generation::Iteration2)?;
    assert!(iteration2.warnings.is_empty(), "{:?}", iteration2.warnings);
    let kept = written(&iteration2)?
        .get("userMemberSettings")
        .and_then(Value::as_array)
        .and_then(|list| {
            list.iter()
                .find(|r| r["ruleIdentifier"] == "AttributeConditionRule")
        })
        .and_then(|r| r["setting"].as_str())
        .and_then(|text| serde_json::from_str::<Value>(text).ok());
    assert_eq!(kept, Some(json!({"isEnabled": false, "condition": ""})));
    for to in [Generation::Graph, Generation::Arm] {
        let other = convert(&policy, to)?;
        assert_eq!(other.warnings.len(), 1, "{:?}", other.warnings);
        assert!(other
            .warnings
            .first()
            .is_some_and(|w| w.contains("`AttributeConditionRule`")));
    }
    Ok(())
}
