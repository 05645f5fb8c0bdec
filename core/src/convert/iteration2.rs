//! Writes role settings as an iteration-2 `governanceRoleSetting`: four lists of
//! `governanceRuleSetting {ruleIdentifier, setting}`, each `setting` a JSON *string*, as the service
//! writes it (`ApprovalRule` keys in PascalCase, the others in camelCase).

use chrono::TimeDelta;
use serde_json::{json, Map, Value};

use crate::convert::{
    is_iteration3_notification, newer_rules, object_of, unknown_rule_warnings, Conversion,
};
use crate::duration::format_iso8601;
use crate::model::RoleSettings;
use crate::read::iteration2::SETTING_LISTS;

fn entry(identifier: &str, setting: &Value) -> Value {
    json!({"ruleIdentifier": identifier, "setting": setting.to_string()})
}

/// Writes `settings` as a `governanceRoleSetting`.
pub fn write(settings: &RoleSettings) -> Conversion {
    let mut warnings = Vec::new();
    unknown_rule_warnings(settings, &mut warnings);
    let mut object = Map::new();
    if let Some(id) = &settings.id {
        object.insert("id".into(), Value::String(id.clone()));
    }
    if let Some(role) = &settings.role_definition_id {
        object.insert("roleDefinitionId".into(), Value::String(role.clone()));
    }
    if let Some(scope) = &settings.scope {
        object.insert("resourceId".into(), Value::String(scope.clone()));
    }
    for (list, caller, level) in SETTING_LISTS {
        let rules = settings.rules(caller, level);
        let mut out = Vec::new();
        if let Some(expiration) = &rules.expiration {
            let mut setting = Map::new();
            setting.insert(
                "permanentAssignment".into(),
                Value::Bool(expiration.permanent_allowed),
            );
            if let Some(maximum) = expiration.maximum {
                let minutes = maximum.num_minutes();
                if TimeDelta::try_minutes(minutes) != Some(maximum) {
                    warnings.push(format!(
                        "the maximum `{}` of `{}` is not a whole number of minutes; iteration 2 gets `{}` minutes (rounded down)",
                        format_iso8601(maximum),
                        list,
                        minutes
                    ));
                }
                setting.insert("maximumGrantPeriodInMinutes".into(), json!(minutes));
            }
            out.push(entry("ExpirationRule", &Value::Object(setting)));
        }
        if let Some(enablement) = &rules.enablement {
            out.push(entry("MfaRule", &json!({"mfaRequired": enablement.mfa})));
            out.push(entry(
                "JustificationRule",
                &json!({"required": enablement.justification}),
            ));
            out.push(entry(
                "TicketingRule",
                &json!({"ticketingRequired": enablement.ticketing}),
            ));
        }
        if let Some(approval) = &rules.approval {
            if approval.required_for_extension {
                warnings.push(format!(
                    "approval for extensions (`isApprovalRequiredForExtension`) of `{}` has no iteration-2 form and is not converted",
                    list
                ));
            }
            let approvers: Vec<Value> = approval
                .approvers
                .iter()
                .map(|a| {
                    object_of(&[
                        ("Id", a.id.as_ref()),
                        ("Type", a.kind.as_ref()),
                        ("DisplayName", a.display_name.as_ref()),
                    ])
                })
                .collect();
            out.push(entry(
                "ApprovalRule",
                &json!({"Enabled": approval.required, "Approvers": approvers}),
            ));
        }
        if let Some(context) = &rules.authentication_context {
            out.push(entry(
                "AcrsRule",
                &json!({"acrsRequired": context.enabled, "acrs": context.claim_value}),
            ));
        }
        for notification in &rules.notifications {
            if is_iteration3_notification(&notification.id) {
                warnings.push(format!(
                    "the notification rule `{}` has no iteration-2 form and is not converted",
                    notification.id
                ));
            } else {
                out.push(entry(&notification.id, &notification.settings));
            }
        }
        for (identifier, setting) in
            newer_rules::iteration2_rules(settings, caller, level, &mut warnings)
        {
            out.push(entry(&identifier, &setting));
        }
        object.insert(list.to_owned(), Value::Array(out));
    }
    Conversion {
        value: Value::Object(object),
        warnings,
    }
}
