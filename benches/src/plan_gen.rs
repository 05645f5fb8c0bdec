//! A Terraform plan of many PIM resources, made in memory (the same bytes on every run), for the
//! `plan` bench and `pimcheck-plan-gen`: azurerm eligible and active assignments and azuread PIM for
//! Groups schedules in the shape `terraform show -json` writes, a third of them over the policy's
//! maximum or permanent, some with values unknown at plan time, with their `configuration`.

use serde_json::{json, Value};

const SUBSCRIPTION: &str = "/subscriptions/dfa2a084-766f-4003-8ae1-c4aeb893a99f";
const READER: &str = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
const GROUP: &str = "68e55cce-cf7e-4a2d-9046-3e4e75c4bfa7";

fn role_definition() -> String {
    format!("{SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/{READER}")
}

/// The policies the generated plan is checked against: the subscription's Reader role (ARM) and
/// the group's member role (Graph), as one set.
pub fn plan_policies() -> String {
    let arm_rule = |level: &str, maximum: &str| {
        json!({"isExpirationRequired": true, "maximumDuration": maximum,
               "id": format!("Expiration_Admin_{level}"), "ruleType": "RoleManagementPolicyExpirationRule",
               "target": {"caller": "Admin", "operations": ["All"], "level": level}})
    };
    let graph_rule = |level: &str, maximum: &str| {
        json!({"@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyExpirationRule",
               "id": format!("Expiration_Admin_{level}"), "isExpirationRequired": true,
               "maximumDuration": maximum,
               "target": {"caller": "Admin", "operations": ["all"], "level": level}})
    };
    json!({"value": [
        {"properties": {"scope": SUBSCRIPTION, "roleDefinitionId": role_definition(),
            "effectiveRules": [arm_rule("Eligibility", "P365D"), arm_rule("Assignment", "P180D")]}},
        {"roleDefinitionId": "member", "scopeId": GROUP, "scopeType": "Group",
            "policy": {"rules": [graph_rule("Eligibility", "P180D"), graph_rule("Assignment", "P30D")]}}
    ]})
    .to_string()
}

fn azurerm(i: usize) -> (Value, Value) {
    let kind = if i.is_multiple_of(2) {
        "azurerm_pim_eligible_role_assignment"
    } else {
        "azurerm_pim_active_role_assignment"
    };
    let name = format!("r{i}");
    // A third permanent (no schedule), a third within the maximum, a third over it.
    let (schedule, unknown) = match i % 3 {
        0 => (
            Value::Null,
            json!({"id": true, "schedule": true, "justification": true, "ticket": true}),
        ),
        1 => (
            json!([{"expiration": [{"duration_days": 30, "duration_hours": null, "end_date_time": null}], "start_date_time": null}]),
            json!({"id": true, "justification": true, "ticket": true, "schedule": [{"start_date_time": true, "expiration": [{"duration_hours": true, "end_date_time": true}]}]}),
        ),
        _ => (
            json!([{"expiration": [{"duration_days": 400, "duration_hours": null, "end_date_time": null}], "start_date_time": "2026-12-01T00:00:00Z"}]),
            json!({"id": true, "justification": true, "ticket": true, "schedule": [{"expiration": [{"duration_hours": true, "end_date_time": true}]}]}),
        ),
    };
    let after = json!({"condition": null, "condition_version": null, "principal_id": "3cce9d87-3986-4f19-8335-7ed075408ca2",
        "role_definition_id": role_definition(), "scope": SUBSCRIPTION, "schedule": schedule, "timeouts": null});
    let change = json!({"address": format!("module.team[\"t{}\"].{kind}.{name}", i % 7), "module_address": format!("module.team[\"t{}\"]", i % 7),
        "mode": "managed", "type": kind, "name": name, "provider_name": "registry.terraform.io/hashicorp/azurerm",
        "change": {"actions": ["create"], "before": null, "after": after, "after_unknown": unknown,
                   "before_sensitive": false, "after_sensitive": {}}});
    let config = json!({"address": format!("{kind}.{name}"), "mode": "managed", "type": kind, "name": name,
        "provider_config_key": "azurerm",
        "expressions": {"principal_id": {"references": ["var.principal_id"]}, "scope": {"references": ["var.scope"]},
                        "role_definition_id": {"references": ["var.role"]}}});
    (change, config)
}

fn group(i: usize) -> (Value, Value) {
    let kind = "azuread_privileged_access_group_eligibility_schedule";
    let name = format!("g{i}");
    let (duration, permanent) = if i.is_multiple_of(2) {
        (json!("P90D"), json!(false))
    } else {
        (Value::Null, json!(true))
    };
    let after = json!({"assignment_type": "member", "group_id": GROUP, "principal_id": "3cce9d87-3986-4f19-8335-7ed075408ca2",
        "duration": duration, "permanent_assignment": permanent, "justification": "on call", "ticket_number": null,
        "ticket_system": null, "timeouts": null});
    let change = json!({"address": format!("{kind}.{name}"), "mode": "managed", "type": kind, "name": name,
        "provider_name": "registry.terraform.io/hashicorp/azuread",
        "change": {"actions": ["create"], "before": null, "after": after,
                   "after_unknown": {"expiration_date": true, "id": true, "start_date": true, "status": true},
                   "before_sensitive": false, "after_sensitive": {}}});
    let config = json!({"address": format!("{kind}.{name}"), "mode": "managed", "type": kind, "name": name,
        "provider_config_key": "azuread",
        "expressions": {"group_id": {"constant_value": GROUP}, "assignment_type": {"constant_value": "member"}}});
    (change, config)
}

/// A plan of `resources` PIM resources (four in five azurerm, one in five azuread), with one
/// unrelated resource group every ten and a delete every hundred, which the check leaves out.
pub fn terraform_plan(resources: usize) -> String {
    let mut changes = Vec::with_capacity(resources + resources / 10);
    let mut root = Vec::new();
    let mut module = Vec::new();
    for i in 0..resources {
        let (mut change, config) = if i % 5 == 4 { group(i) } else { azurerm(i) };
        if i % 100 == 99 {
            if let Some(actions) = change.pointer_mut("/change/actions") {
                *actions = json!(["delete"]);
            }
        }
        if change.get("module_address").is_some() {
            module.push(config);
        } else {
            root.push(config);
        }
        changes.push(change);
        if i.is_multiple_of(10) {
            changes.push(json!({"address": format!("azurerm_resource_group.rg{i}"), "mode": "managed",
                "type": "azurerm_resource_group", "name": format!("rg{i}"),
                "change": {"actions": ["create"], "before": null, "after": {"location": "westeurope", "name": format!("rg{i}")},
                           "after_unknown": {"id": true}}}));
        }
    }
    json!({"format_version": "1.2", "terraform_version": "1.9.5", "resource_changes": changes,
           "configuration": {"root_module": {"resources": root,
               "module_calls": {"team": {"source": "./team", "module": {"resources": module}}}}}})
    .to_string()
}
