//! Writes role settings as an iteration-2 `governanceRoleSetting`: four lists of
//! `governanceRuleSetting {ruleIdentifier, setting}`, each `setting` a JSON *string*, as the service
//! writes it (`ApprovalRule` keys in PascalCase, the others in camelCase).

use chrono::TimeDelta;

use crate::convert::{is_iteration3_notification, newer_rules, unknown_rule_warnings, Conversion};
use crate::duration::format_iso8601;
use crate::json::{write_json, Json, Object};
use crate::model::{ApprovalRule, ExpirationRule, RoleSettings, RuleSet};
use crate::read::iteration2::SETTING_LISTS;

/// A `governanceRuleSetting`: the identifier, and the setting written as a JSON string.
fn entry(identifier: &str, setting: Object<'_>) -> Json<'static> {
    entry_of(identifier, &Json::Object(setting))
}

fn entry_of(identifier: &str, setting: &Json<'_>) -> Json<'static> {
    let mut text = String::new();
    write_json(&mut text, setting, false);
    Json::Object(
        Object::new()
            .with("ruleIdentifier", Json::string(identifier))
            .with("setting", Json::string(text)),
    )
}

/// Writes `settings` as a `governanceRoleSetting`.
pub fn write(settings: &RoleSettings) -> Conversion {
    let mut warnings = Vec::new();
    unknown_rule_warnings(settings, &mut warnings);
    let mut object = Object::new()
        .with_some("id", settings.id.as_deref())
        .with_some("roleDefinitionId", settings.role_definition_id.as_deref())
        .with_some("resourceId", settings.scope.as_deref());
    for (list, caller, level) in SETTING_LISTS {
        let entries = write_list(list, settings.rules(caller, level), &mut warnings);
        object = object.with(list, Json::Array(entries));
    }
    Conversion::new(Json::Object(object), warnings)
}

/// The entries of one list (`list` names it in warnings).
fn write_list(list: &str, rules: &RuleSet, warnings: &mut Vec<String>) -> Vec<Json<'static>> {
    let mut out = Vec::new();
    if let Some(expiration) = &rules.expiration {
        out.push(entry(
            "ExpirationRule",
            expiration_setting(list, expiration, warnings),
        ));
    }
    if let Some(enablement) = &rules.enablement {
        let flag = |key: &'static str, on: bool| Object::new().with(key, Json::Bool(on));
        out.push(entry("MfaRule", flag("mfaRequired", enablement.mfa)));
        out.push(entry(
            "JustificationRule",
            flag("required", enablement.justification),
        ));
        out.push(entry(
            "TicketingRule",
            flag("ticketingRequired", enablement.ticketing),
        ));
    }
    if let Some(approval) = &rules.approval {
        out.push(entry(
            "ApprovalRule",
            approval_setting(list, approval, warnings),
        ));
    }
    if let Some(context) = &rules.authentication_context {
        let claim = context
            .claim_value
            .as_deref()
            .map_or(Json::Null, Json::string);
        let setting = Object::new()
            .with("acrsRequired", Json::Bool(context.enabled))
            .with("acrs", claim);
        out.push(entry("AcrsRule", setting));
    }
    for notification in &rules.notifications {
        if is_iteration3_notification(&notification.id) {
            warnings.push(format!(
                "the notification rule `{}` has no iteration-2 form and is not converted",
                notification.id
            ));
        } else {
            let setting = Json::from_value(&notification.settings);
            out.push(entry_of(&notification.id, &setting));
        }
    }
    for (identifier, setting) in newer_rules::iteration2_entries(rules, warnings) {
        out.push(entry(&identifier, setting));
    }
    out
}

/// `permanentAssignment` and `maximumGrantPeriodInMinutes` (whole minutes, rounded down with a
/// warning).
fn expiration_setting(
    list: &str,
    expiration: &ExpirationRule,
    warnings: &mut Vec<String>,
) -> Object<'static> {
    let setting = Object::new().with(
        "permanentAssignment",
        Json::Bool(expiration.permanent_allowed),
    );
    let Some(maximum) = expiration.maximum else {
        return setting;
    };
    let minutes = maximum.num_minutes();
    if TimeDelta::try_minutes(minutes) != Some(maximum) {
        warnings.push(format!(
            "the maximum `{}` of `{}` is not a whole number of minutes; iteration 2 gets `{}` minutes (rounded down)",
            format_iso8601(maximum),
            list,
            minutes
        ));
    }
    setting.with("maximumGrantPeriodInMinutes", Json::Number(minutes.into()))
}

/// `Enabled` and `Approvers` (`Id`, `Type`, `DisplayName`); approval for extensions has no
/// iteration-2 form.
fn approval_setting(
    list: &str,
    approval: &ApprovalRule,
    warnings: &mut Vec<String>,
) -> Object<'static> {
    if approval.required_for_extension {
        warnings.push(format!(
            "approval for extensions (`isApprovalRequiredForExtension`) of `{}` has no iteration-2 form and is not converted",
            list
        ));
    }
    let approvers = approval
        .approvers
        .iter()
        .map(|a| {
            Json::Object(
                Object::new()
                    .with_some("Id", a.id.as_deref())
                    .with_some("Type", a.kind.as_deref())
                    .with_some("DisplayName", a.display_name.as_deref()),
            )
        })
        .collect();
    Object::new()
        .with("Enabled", Json::Bool(approval.required))
        .with("Approvers", Json::Array(approvers))
}
