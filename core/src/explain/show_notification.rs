//! The notification rows of `pimcheck show`: the notification rules the model keeps as written,
//! read in either generation's shape and named by their iteration-3 ids.
//!
//! Iteration 3 writes one rule per row (`Notification_Admin_Admin_Eligibility`, with
//! `isDefaultRecipientsEnabled`, `notificationLevel`, `notificationRecipients`). Iteration 2 writes
//! one `NotificationRule` per rule list, whose `policies[].setting[]` hold one entry per recipient
//! type (`recipienttype`, `isdefaultreceiverenabled`, `notificationlevel`, `customreceivers`, in
//! any case). Its numbers follow the order of Graph's enumerations (docs/settings.md): recipient
//! type 0 `Requestor`, 1 `Approver`, 2 `Admin`; level 0 `None`, 1 `Critical`, 2 `All`.

use serde_json::Value;

use crate::json::key_matches;
use crate::model::{Caller, Level, NotificationRule, RoleSettings};

/// One notification row as the portal shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotificationSetting {
    /// "Default recipients": the role's admins, approvers or the assignee get the mail.
    pub default_recipients: bool,
    /// "Additional recipients": email addresses.
    pub additional_recipients: Vec<String>,
    /// "Critical emails only" (`notificationLevel` `Critical`).
    pub critical_emails_only: bool,
    /// The level as the policy says it: `All`, `Critical` or `None`; empty where it says none.
    pub level: String,
}

/// Every notification rule of `settings` with its iteration-3 id, in rule-set order.
pub(super) fn notifications(settings: &RoleSettings) -> Vec<(String, NotificationSetting)> {
    let mut out = Vec::new();
    for (caller, level) in [
        (Caller::Admin, Level::Eligibility),
        (Caller::Admin, Level::Assignment),
        (Caller::EndUser, Level::Assignment),
        (Caller::EndUser, Level::Eligibility),
    ] {
        for rule in &settings.rules(caller, level).notifications {
            if is_iteration3(&rule.id) {
                out.push((rule.id.clone(), iteration3(&rule.settings)));
            } else {
                out.extend(iteration2(rule, caller, level));
            }
        }
    }
    out
}

fn is_iteration3(id: &str) -> bool {
    id.get(..13)
        .is_some_and(|p| p.eq_ignore_ascii_case("Notification_"))
}

/// The value of the key `wanted` (case- and underscore-blind) of an object.
fn field<'v>(value: &'v Value, wanted: &str) -> Option<&'v Value> {
    value
        .as_object()?
        .iter()
        .find(|(key, _)| key_matches(key, wanted))
        .map(|(_, value)| value)
}

fn recipients(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

fn iteration3(settings: &Value) -> NotificationSetting {
    let level = field(settings, "notificationLevel")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    NotificationSetting {
        default_recipients: field(settings, "isDefaultRecipientsEnabled")
            .and_then(Value::as_bool)
            .unwrap_or(true),
        additional_recipients: recipients(field(settings, "notificationRecipients")),
        critical_emails_only: level.eq_ignore_ascii_case("critical"),
        level,
    }
}

/// One iteration-2 `NotificationRule`: a row per entry of its policies' settings.
fn iteration2(
    rule: &NotificationRule,
    caller: Caller,
    level: Level,
) -> Vec<(String, NotificationSetting)> {
    let policies = field(&rule.settings, "policies").and_then(Value::as_array);
    let entries = policies
        .into_iter()
        .flatten()
        .filter_map(|policy| field(policy, "setting").and_then(Value::as_array))
        .flatten();
    entries
        .filter_map(|entry| {
            let recipient = match field(entry, "recipienttype").and_then(Value::as_u64)? {
                0 => "Requestor",
                1 => "Approver",
                2 => "Admin",
                _ => return None,
            };
            let level_name = match field(entry, "notificationlevel").and_then(Value::as_u64) {
                Some(0) => "None",
                Some(1) => "Critical",
                Some(2) => "All",
                _ => "",
            };
            let id = format!(
                "Notification_{}_{}_{}",
                recipient,
                caller.rule_id_part(),
                level.rule_id_part()
            );
            let setting = NotificationSetting {
                default_recipients: field(entry, "isdefaultreceiverenabled")
                    .and_then(Value::as_bool)
                    .unwrap_or(true),
                additional_recipients: recipients(field(entry, "customreceivers")),
                critical_emails_only: level_name == "Critical",
                level: level_name.to_owned(),
            };
            Some((id, setting))
        })
        .collect()
}
