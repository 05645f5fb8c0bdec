//! The lints of Graph and ARM rules (iteration 3), read where they are written: a rule's kind from
//! `@odata.type` / `ruleType`, its fields case- and underscore-blind as the readers find them.

use chrono::TimeDelta;

use super::document::Generation;
use super::{pointer, Findings, Severity};
use crate::json::{get_key, key, Json, Object};

/// The 17 rules of every PIM policy.
const STANDARD_RULES: [&str; 17] = [
    "Expiration_Admin_Eligibility",
    "Expiration_Admin_Assignment",
    "Expiration_EndUser_Assignment",
    "Enablement_Admin_Eligibility",
    "Enablement_Admin_Assignment",
    "Enablement_EndUser_Assignment",
    "Approval_EndUser_Assignment",
    "AuthenticationContext_EndUser_Assignment",
    "Notification_Admin_Admin_Eligibility",
    "Notification_Requestor_Admin_Eligibility",
    "Notification_Approver_Admin_Eligibility",
    "Notification_Admin_Admin_Assignment",
    "Notification_Requestor_Admin_Assignment",
    "Notification_Approver_Admin_Assignment",
    "Notification_Admin_EndUser_Assignment",
    "Notification_Requestor_EndUser_Assignment",
    "Notification_Approver_EndUser_Assignment",
];

const KINDS: [&str; 7] = [
    "Expiration",
    "Enablement",
    "Approval",
    "AuthenticationContext",
    "Notification",
    "CustomExtension",
    "PimOnlyMode",
];
const CALLERS: [&str; 2] = ["Admin", "EndUser"];
const LEVELS: [&str; 2] = ["Eligibility", "Assignment"];
const ENABLED_RULES: [&str; 3] = ["MultiFactorAuthentication", "Justification", "Ticketing"];
const NOTIFICATION_LEVELS: [&str; 3] = ["None", "Critical", "All"];
const RECIPIENT_TYPES: [&str; 3] = ["Requestor", "Approver", "Admin"];
const NOTIFICATION_TYPES: [&str; 1] = ["Email"];

/// Global Administrator and Privileged Role Administrator (PIMB03).
pub(crate) const PRIVILEGED_ROLES: [(&str, &str); 2] = [
    (
        "62e90394-69f5-4237-9190-012177145e10",
        "Global Administrator",
    ),
    (
        "e8611ab8-c189-4e3a-8417-5d9b60e4f2e0",
        "Privileged Role Administrator",
    ),
];

/// The assignment maximums the portal offers (PIM007), in days.
pub(crate) const OFFERED_ASSIGNMENT_DAYS: [i64; 5] = [15, 30, 90, 180, 365];

/// What the policy-wide lints need from the rules, gathered rule by rule.
#[derive(Default)]
pub(crate) struct Facts {
    pub(crate) ids: Vec<String>,
    /// `Enablement_EndUser_Assignment`: its pointer and whether it lists MFA.
    pub(crate) activation_enablement: Option<(String, bool)>,
    /// `AuthenticationContext_EndUser_Assignment` is enabled.
    pub(crate) authentication_context: bool,
    /// `Approval_EndUser_Assignment`: its pointer and whether approval is required.
    pub(crate) activation_approval: Option<(String, bool)>,
}

/// Lints the rules of one policy (`rules`: each rule and its pointer).
pub(crate) fn check(rules: Vec<(&Object<'_>, String)>, rules_at: &str, out: &mut Findings<'_>) {
    let mut facts = Facts::default();
    for (rule, at) in &rules {
        check_rule(rule, at, out, &mut facts);
    }
    policy_wide(&facts, rules_at, out);
}

fn check_rule(rule: &Object<'_>, at: &str, out: &mut Findings<'_>, facts: &mut Facts) {
    let id = super::document::string(rule, "id")
        .unwrap_or_default()
        .to_owned();
    if !id.is_empty() {
        if facts.ids.iter().any(|seen| seen.eq_ignore_ascii_case(&id)) {
            let message = format!("the rule `{id}` is in the policy twice");
            let hint = Some("keep one of the two rules".to_owned());
            out.add_with(
                "PIM009",
                None,
                Some(&id),
                field_at(rule, at, "id"),
                message,
                hint,
            );
        }
        facts.ids.push(id.clone());
    }
    let rule_id = (!id.is_empty()).then_some(id.as_str());
    let kind = rule_kind(rule, at, rule_id, out);
    check_target(rule, at, &id, out);
    match kind.as_deref() {
        Some("Expiration") => expiration(rule, at, &id, out),
        Some("Enablement") => enablement(rule, at, &id, out, facts),
        Some("Approval") => approval(rule, at, &id, out, facts),
        Some("AuthenticationContext")
            if id.eq_ignore_ascii_case("AuthenticationContext_EndUser_Assignment") =>
        {
            facts.authentication_context = bool_field(rule, "isEnabled") == Some(true);
        }
        Some("Notification") => notification(rule, at, &id, out),
        _ => {}
    }
}

/// The pointer of `name` in the rule at `at`, with the key as written (or as documented where the
/// rule lacks it).
fn field_at(rule: &Object<'_>, at: &str, name: &'static str) -> String {
    let written = rule
        .keys()
        .find(|key| crate::json::key_matches(key, name))
        .unwrap_or(name);
    pointer(at, written)
}

fn bool_field(object: &Object<'_>, name: &str) -> Option<bool> {
    object
        .find(|key, value| crate::json::key_matches(key, name) && !value.is_null())
        .and_then(|(_, value)| match value {
            Json::Bool(flag) => Some(*flag),
            _ => None,
        })
}

/// The rule's kind from its type name (PIM011 where the name is not one), else from its id.
fn rule_kind(
    rule: &Object<'_>,
    at: &str,
    id: Option<&str>,
    out: &mut Findings<'_>,
) -> Option<String> {
    let written = get_key(rule, key!("@odata.type")).or_else(|| get_key(rule, key!("ruleType")));
    let Some((key, value)) = written else {
        let prefix = id?.split('_').next()?;
        return known(&KINDS, prefix).map(str::to_owned);
    };
    let text = value.as_str().unwrap_or_default();
    let name = text
        .rsplit('.')
        .next()
        .unwrap_or(text)
        .trim_start_matches('#');
    let lower = name.to_ascii_lowercase();
    let stem = lower
        .strip_prefix("unifiedrolemanagementpolicy")
        .or_else(|| lower.strip_prefix("rolemanagementpolicy"))
        .and_then(|stem| stem.strip_suffix("rule"));
    if let Some(kind) = stem.and_then(|stem| known(&KINDS, stem)) {
        return Some(kind.to_owned());
    }
    let expected = match out.generation() {
        Generation::Arm => "`RoleManagementPolicy<Kind>Rule`",
        _ => "`#microsoft.graph.unifiedRoleManagementPolicy<Kind>Rule`",
    };
    out.add_with(
        "PIM011",
        None,
        id,
        pointer(at, key),
        format!("the rule type `{text}` is not one the service knows"),
        Some(format!(
            "write {expected} with a kind of {}",
            listing(&KINDS)
        )),
    );
    None
}

/// The entry of `names` equal to `value` without regard to case.
fn known<'n>(names: &[&'n str], value: &str) -> Option<&'n str> {
    names
        .iter()
        .find(|name| name.eq_ignore_ascii_case(value))
        .copied()
}

fn listing(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|name| format!("`{name}`")).collect();
    quoted.join(", ")
}

/// PIM011 for a value of `field` outside `names`; the value as the enumeration spells it if known.
fn enumerated<'n>(
    value: &Json<'_>,
    names: &[&'n str],
    field: &str,
    path: String,
    rule: &str,
    out: &mut Findings<'_>,
) -> Option<&'n str> {
    let text = value.as_str();
    if let Some(found) = text.and_then(|text| known(names, text)) {
        return Some(found);
    }
    let shown = text.map_or_else(|| crate::json::describe(value), |t| format!("`{t}`"));
    out.add_with(
        "PIM011",
        None,
        (!rule.is_empty()).then_some(rule),
        path,
        format!("`{field}` must be one of {}, found {shown}", listing(names)),
        None,
    );
    None
}

/// PIM011 for an unknown `caller` or `level`, PIM008 where a known one disagrees with the id.
fn check_target(rule: &Object<'_>, at: &str, id: &str, out: &mut Findings<'_>) {
    let Some((target_key, Json::Object(target))) = get_key(rule, key!("target")) else {
        return;
    };
    let target_at = pointer(at, target_key);
    let parts: Vec<&str> = id.split('_').collect();
    let (id_caller, id_level) = match parts.as_slice() {
        [_, caller, level] | [_, _, caller, level] => (Some(*caller), Some(*level)),
        _ => (None, None),
    };
    for (field, names, from_id) in [
        ("caller", &CALLERS, id_caller),
        ("level", &LEVELS, id_level),
    ] {
        let Some((key, value)) =
            target.find(|k, v| crate::json::key_matches(k, field) && !v.is_null())
        else {
            continue;
        };
        let path = pointer(&target_at, key);
        let Some(found) = enumerated(value, names, field, path.clone(), id, out) else {
            continue;
        };
        if let Some(expected) = from_id.and_then(|part| known(names, part)) {
            if expected != found {
                out.add_with(
                    "PIM008",
                    None,
                    Some(id),
                    path,
                    format!(
                        "the rule `{id}` targets {field} `{found}`, but its id says `{expected}`"
                    ),
                    Some(format!("set `target.{field}` to `{expected}`")),
                );
            }
        }
    }
}

/// The maximum duration of an expiration rule: `None` if absent; PIM012 where unreadable.
fn maximum(
    rule: &Object<'_>,
    at: &str,
    id: &str,
    out: &mut Findings<'_>,
) -> Option<(String, Option<TimeDelta>)> {
    let (key, value) = get_key(rule, key!("maximumDuration"))?;
    let path = pointer(at, key);
    let rule_id = (!id.is_empty()).then_some(id);
    let Some(text) = value.as_str() else {
        let message = format!(
            "`maximumDuration` must be an ISO 8601 duration, found {}",
            crate::json::describe(value)
        );
        out.add_with("PIM012", None, rule_id, path.clone(), message, None);
        return Some((path, None));
    };
    if text.is_empty() {
        return None;
    }
    match crate::duration::parse_iso8601(text) {
        Ok(duration) if duration < TimeDelta::zero() => {
            let message = format!("the maximum duration `{text}` is negative");
            let hint = Some("write a positive duration such as `PT8H`".to_owned());
            out.add_with("PIM012", None, rule_id, path.clone(), message, hint);
            Some((path, None))
        }
        Ok(duration) => Some((path, Some(duration))),
        Err(error) => {
            let hint = error.hint().map(str::to_owned);
            let message = format!("the service refuses this duration: {}", error.message());
            out.add_with("PIM012", None, rule_id, path.clone(), message, hint);
            Some((path, None))
        }
    }
}

fn expiration(rule: &Object<'_>, at: &str, id: &str, out: &mut Findings<'_>) {
    let required = bool_field(rule, "isExpirationRequired");
    let rule_id = (!id.is_empty()).then_some(id);
    let required_at = field_at(rule, at, "isExpirationRequired");
    if id.eq_ignore_ascii_case("Expiration_Admin_Assignment") && required == Some(false) {
        let message =
            "permanent active assignment is allowed (`isExpirationRequired` is false)".to_owned();
        let hint = Some(
            "set `isExpirationRequired` to true with a `maximumDuration` (MS.AAD.7.4)".to_owned(),
        );
        out.add_with("PIMB01", None, rule_id, required_at.clone(), message, hint);
    }
    let Some((path, duration)) = maximum(rule, at, id, out) else {
        if required == Some(true) {
            let message = "expiration is required and no `maximumDuration` is given".to_owned();
            let hint = Some(
                "add a `maximumDuration` such as `P365D`, or allow permanent assignment".to_owned(),
            );
            out.add_with("PIM002", None, rule_id, required_at, message, hint);
        }
        return;
    };
    if required == Some(false) {
        maximum_with_permanent(rule_id, &path, out);
    }
    let Some(duration) = duration else {
        return;
    };
    if duration.is_zero() {
        let message =
            "the maximum duration is zero: every request that has an end is refused".to_owned();
        let hint = Some("write the longest duration allowed, such as `PT8H`".to_owned());
        out.add_with("PIM001", None, rule_id, path, message, hint);
        return;
    }
    if id.eq_ignore_ascii_case("Expiration_EndUser_Assignment") {
        activation_maximum(duration, rule_id, &path, out);
    } else if (id.eq_ignore_ascii_case("Expiration_Admin_Eligibility")
        || id.eq_ignore_ascii_case("Expiration_Admin_Assignment"))
        && required != Some(false)
    {
        assignment_maximum(duration, rule_id, &path, out);
    }
}

fn maximum_with_permanent(rule: Option<&str>, path: &str, out: &mut Findings<'_>) {
    let arm = out.generation() == Generation::Arm;
    let (severity, consequence) = if arm {
        (Severity::Error, "ARM refuses the update")
    } else {
        (
            Severity::Warning,
            "the maximum still binds every request that has an end",
        )
    };
    out.add_with(
        "PIM003",
        Some(severity),
        rule,
        path.to_owned(),
        format!("a maximum duration is set while permanent assignment is allowed (`isExpirationRequired` is false): {consequence}"),
        Some("remove `maximumDuration`, or set `isExpirationRequired` to true".to_owned()),
    );
}

/// PIM006 (the portal's 30 minutes to 24 hours) and PIMB04 (over 8 hours).
pub(crate) fn activation_maximum(
    duration: TimeDelta,
    rule: Option<&str>,
    path: &str,
    out: &mut Findings<'_>,
) {
    let shown = crate::duration::format_iso8601(duration);
    if duration < TimeDelta::minutes(30) || duration > TimeDelta::hours(24) {
        out.add_with(
            "PIM006",
            None,
            rule,
            path.to_owned(),
            format!("the activation maximum `{shown}` is outside the portal's range of 30 minutes to 24 hours"),
            Some("write a maximum from `PT30M` to `PT24H`".to_owned()),
        );
    }
    if duration > TimeDelta::hours(8) {
        out.add_with(
            "PIMB04",
            None,
            rule,
            path.to_owned(),
            format!("activations may last `{shown}`, over 8 hours"),
            Some("write a maximum of `PT8H` or less".to_owned()),
        );
    }
}

/// PIM007: an assignment maximum the portal's list does not offer.
pub(crate) fn assignment_maximum(
    duration: TimeDelta,
    rule: Option<&str>,
    path: &str,
    out: &mut Findings<'_>,
) {
    if OFFERED_ASSIGNMENT_DAYS
        .iter()
        .any(|days| duration == TimeDelta::days(*days))
    {
        return;
    }
    let shown = crate::duration::format_iso8601(duration);
    out.add_with(
        "PIM007",
        None,
        rule,
        path.to_owned(),
        format!("the assignment maximum `{shown}` is not one the portal offers, so saving the policy in the portal changes it"),
        Some("write one of `P15D`, `P30D`, `P90D`, `P180D`, `P365D`".to_owned()),
    );
}

fn enablement(rule: &Object<'_>, at: &str, id: &str, out: &mut Findings<'_>, facts: &mut Facts) {
    let Some((key, Json::Array(values))) = get_key(rule, key!("enabledRules")) else {
        if id.eq_ignore_ascii_case("Enablement_EndUser_Assignment") {
            facts.activation_enablement = Some((at.to_owned(), false));
        }
        return;
    };
    let list_at = pointer(at, key);
    let mut mfa = false;
    for (index, value) in values.iter().enumerate() {
        let path = pointer(&list_at, &index.to_string());
        let found = enumerated(value, &ENABLED_RULES, "enabledRules", path, id, out);
        mfa |= found == Some("MultiFactorAuthentication");
    }
    let rule_id = (!id.is_empty()).then_some(id);
    if mfa && id.eq_ignore_ascii_case("Enablement_Admin_Eligibility") {
        out.add_with(
            "PIM013",
            None,
            rule_id,
            list_at.clone(),
            "MFA is required to make eligible assignments: no portal setting shows it, and it blocks assignments made by automation".to_owned(),
            Some("remove `MultiFactorAuthentication` from `enabledRules`".to_owned()),
        );
    }
    if id.eq_ignore_ascii_case("Enablement_EndUser_Assignment") {
        facts.activation_enablement = Some((list_at, mfa));
    }
}

fn approval(rule: &Object<'_>, at: &str, id: &str, out: &mut Findings<'_>, facts: &mut Facts) {
    let Some((setting_key, Json::Object(setting))) = get_key(rule, key!("setting")) else {
        return;
    };
    let setting_at = pointer(at, setting_key);
    let required = bool_field(setting, "isApprovalRequired") == Some(true);
    let required_at = field_at(setting, &setting_at, "isApprovalRequired");
    if id.eq_ignore_ascii_case("Approval_EndUser_Assignment") {
        facts.activation_approval = Some((required_at.clone(), required));
    }
    if !required {
        return;
    }
    let approvers: usize = match get_key(setting, key!("approvalStages")) {
        Some((_, Json::Array(stages))) => stages
            .iter()
            .filter_map(Json::as_object)
            .filter_map(|stage| match get_key(stage, key!("primaryApprovers")) {
                Some((_, Json::Array(list))) => Some(list.len()),
                _ => None,
            })
            .sum(),
        _ => 0,
    };
    if approvers > 0 {
        return;
    }
    let (severity, message) = if out.generation() == Generation::Arm {
        (Severity::Error, "approval is required and no approver is listed: Azure resources have no default approvers, so every activation waits for nobody")
    } else {
        (Severity::Warning, "approval is required and no approver is listed: directory roles and groups fall back to the Privileged Role Administrators and Global Administrators")
    };
    out.add_with(
        "PIM005",
        Some(severity),
        (!id.is_empty()).then_some(id),
        required_at,
        message.to_owned(),
        Some("list the approvers in `approvalStages[0].primaryApprovers`".to_owned()),
    );
}

fn notification(rule: &Object<'_>, at: &str, id: &str, out: &mut Findings<'_>) {
    for (field, names) in [
        ("notificationLevel", &NOTIFICATION_LEVELS[..]),
        ("recipientType", &RECIPIENT_TYPES[..]),
        ("notificationType", &NOTIFICATION_TYPES[..]),
    ] {
        if let Some((key, value)) =
            rule.find(|k, v| crate::json::key_matches(k, field) && !v.is_null())
        {
            enumerated(value, names, field, pointer(at, key), id, out);
        }
    }
    let lint = if id.eq_ignore_ascii_case("Notification_Admin_Admin_Eligibility")
        || id.eq_ignore_ascii_case("Notification_Admin_Admin_Assignment")
    {
        "PIMB05"
    } else if id.eq_ignore_ascii_case("Notification_Admin_EndUser_Assignment") {
        "PIMB06"
    } else {
        return;
    };
    let recipients = match get_key(rule, key!("notificationRecipients")) {
        Some((_, Json::Array(list))) => list.len(),
        _ => 0,
    };
    if bool_field(rule, "isDefaultRecipientsEnabled") == Some(false) && recipients == 0 {
        let what = if lint == "PIMB05" {
            "assignment"
        } else {
            "activation"
        };
        out.add_with(
            lint,
            None,
            Some(id),
            field_at(rule, at, "isDefaultRecipientsEnabled"),
            format!("the {what} alert goes to nobody: the default recipients are off and no additional recipient is listed"),
            Some("turn `isDefaultRecipientsEnabled` on or list `notificationRecipients`".to_owned()),
        );
    }
}

/// The lints about the policy as a whole: PIM004, PIM010, PIMB02, PIMB03.
pub(crate) fn policy_wide(facts: &Facts, rules_at: &str, out: &mut Findings<'_>) {
    let activation_rule = Some("Enablement_EndUser_Assignment");
    if let Some((path, mfa)) = &facts.activation_enablement {
        if *mfa && facts.authentication_context {
            out.add_with("PIM004", None, activation_rule, path.clone(),
                "activation requires both MFA and an authentication context; the portal offers one or the other".to_owned(),
                Some("keep either `MultiFactorAuthentication` or the authentication context".to_owned()));
        }
        if !*mfa && !facts.authentication_context {
            out.add_with("PIMB02", None, activation_rule, path.clone(),
                "activation requires neither MFA nor an authentication context".to_owned(),
                Some("add `MultiFactorAuthentication` to `enabledRules`, or enable an authentication context".to_owned()));
        }
    }
    if let (Some((path, false)), Some(role)) = (&facts.activation_approval, out.role()) {
        let named = PRIVILEGED_ROLES
            .iter()
            .find(|(id, _)| role.eq_ignore_ascii_case(id) || role.ends_with(id));
        if let Some((_, name)) = named {
            let message = format!("{name} activates without approval");
            let hint = Some("require approval and list approvers (MS.AAD.7.6)".to_owned());
            out.add_with(
                "PIMB03",
                None,
                Some("Approval_EndUser_Assignment"),
                path.clone(),
                message,
                hint,
            );
        }
    }
    if out.whole() {
        for id in STANDARD_RULES {
            if !facts.ids.iter().any(|seen| seen.eq_ignore_ascii_case(id)) {
                let message = format!("the policy has no `{id}` rule");
                let hint = Some("add the rule, or lint the complete policy".to_owned());
                out.add_with("PIM010", None, Some(id), rules_at.to_owned(), message, hint);
            }
        }
    }
}
