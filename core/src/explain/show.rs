//! A policy in the portal's words (issue #16, section 3): each setting of the Microsoft Entra admin
//! center's role settings page, in its three sections (Activation, Assignment, Notification), with
//! the rule id behind it; then what the policy sets that the portal does not show, and the rules
//! pimcheck does not know.
//!
//! [`PORTAL`] is the one table of rule id → portal label, after Microsoft's "Rules in PIM – mapping
//! guide" and "Configure Microsoft Entra role settings in PIM" (docs/settings.md lists both, and
//! where the guide is wrong). Every interface writes a [`Show`] with `show_render.rs`.

use std::sync::Arc;

use chrono::TimeDelta;

use super::show_notification::{notifications, NotificationSetting};
use crate::duration::format_iso8601;
use crate::model::{Approver, Caller, Level, RoleSettings, RuleKind, RuleSet};
use crate::report::redact::{Redactor, Secret};

/// Where a setting is on the portal's role settings page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Section {
    /// The Activation tab.
    Activation,
    /// The Assignment tab.
    Assignment,
    /// The Notification tab.
    Notification,
    /// Set in the policy (through the API) but not shown by the portal.
    NotInPortal,
    /// A rule pimcheck does not know: shown as written, not explained.
    Unknown,
    /// A rule whose target names no caller or level: its id is shown, its settings are not read.
    Untargeted,
}

impl Section {
    /// The section's heading, as the portal names it.
    pub fn as_str(self) -> &'static str {
        match self {
            Section::Activation => "Activation",
            Section::Assignment => "Assignment",
            Section::Notification => "Notification",
            Section::NotInPortal => "Not shown in the portal",
            Section::Unknown => "Unknown rules",
            Section::Untargeted => "Rules without a target",
        }
    }
}

/// The value of one setting.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SettingValue {
    /// A check box: `yes` or `no`.
    YesNo(bool),
    /// A value in the portal's words (`8`, `Azure MFA`, `1 year`).
    Text(String),
    /// Whether approval is required, and by whom.
    Approval {
        /// The check box.
        required: bool,
        /// The approvers the policy names.
        approvers: Arc<[Approver]>,
    },
    /// One notification row.
    Notification(NotificationSetting),
    /// The policy does not set it (the service's default applies).
    NotSet,
}

/// One line: a setting, its rule id and its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting {
    /// Where it is on the portal's page.
    pub section: Section,
    /// The group of notification rows the portal heads it with (`Send notifications when ...`).
    pub group: Option<&'static str>,
    /// The portal's label.
    pub label: &'static str,
    /// The rule it is read from, as iteration 3 names it (iteration-2 settings are named by their
    /// iteration-3 equivalent).
    pub rule: String,
    /// Its value.
    pub value: SettingValue,
}

/// One role's settings in the portal's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleShow {
    /// The policy's id, where the document gives one.
    pub id: Option<String>,
    /// The role definition, where the document says.
    pub role_definition_id: Option<String>,
    /// The scope, where the document says.
    pub scope: Option<String>,
    /// Every setting, in the portal's order, then the hidden ones, then the unknown ones.
    pub settings: Vec<Setting>,
}

/// A policy in the portal's words: one [`RoleShow`] per role (one for a single policy).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Show {
    /// The roles, in the document's order.
    pub roles: Vec<RoleShow>,
}

/// How a row of [`PORTAL`] reads its value from a role's settings.
type Reader = fn(&RoleSettings) -> (String, SettingValue);

/// One row of the portal: its section, the group it is listed under, its label, and how its rule
/// id and value are read.
pub struct PortalRow {
    /// The portal's section.
    pub section: Section,
    /// The group of notification rows.
    pub group: Option<&'static str>,
    /// The portal's label.
    pub label: &'static str,
    /// The rule id and value.
    read: Reader,
}

const ELIGIBLE: Option<&str> =
    Some("Send notifications when members are assigned as eligible to this role");
const ACTIVE: Option<&str> =
    Some("Send notifications when members are assigned as active to this role");
const ACTIVATE: Option<&str> = Some("Send notifications when eligible members activate this role");

macro_rules! row {
    ($section:ident, $group:expr, $label:literal, $read:expr) => {
        PortalRow {
            section: Section::$section,
            group: $group,
            label: $label,
            read: $read,
        }
    };
}

/// The one table of the portal's settings and the rules behind them.
pub const PORTAL: [PortalRow; 20] = [
    row!(
        Activation,
        None,
        "Activation maximum duration (hours)",
        |s| { expiration_hours(s.rules(Caller::EndUser, Level::Assignment)) }
    ),
    row!(Activation, None, "On activation, require", |s| {
        activation_requirement(s.rules(Caller::EndUser, Level::Assignment))
    }),
    row!(
        Activation,
        None,
        "Require justification on activation",
        |s| { enablement(s, Caller::EndUser, Level::Assignment, |e| e.justification) }
    ),
    row!(
        Activation,
        None,
        "Require ticket information on activation",
        |s| { enablement(s, Caller::EndUser, Level::Assignment, |e| e.ticketing) }
    ),
    row!(Activation, None, "Require approval to activate", |s| {
        approval(
            s.rules(Caller::EndUser, Level::Assignment),
            Caller::EndUser,
            Level::Assignment,
        )
    }),
    row!(
        Assignment,
        None,
        "Allow permanent eligible assignment",
        |s| { permanent(s, Level::Eligibility) }
    ),
    row!(Assignment, None, "Expire eligible assignments after", |s| {
        expire_after(s, Level::Eligibility)
    }),
    row!(Assignment, None, "Allow permanent active assignment", |s| {
        permanent(s, Level::Assignment)
    }),
    row!(Assignment, None, "Expire active assignments after", |s| {
        expire_after(s, Level::Assignment)
    }),
    row!(
        Assignment,
        None,
        "Require Azure Multi-Factor Authentication on active assignment",
        |s| enablement(s, Caller::Admin, Level::Assignment, |e| e.mfa)
    ),
    row!(
        Assignment,
        None,
        "Require justification on active assignment",
        |s| { enablement(s, Caller::Admin, Level::Assignment, |e| e.justification) }
    ),
    row!(Notification, ELIGIBLE, "Role assignment alert", |s| {
        notification(s, "Notification_Admin_Admin_Eligibility")
    }),
    row!(
        Notification,
        ELIGIBLE,
        "Notification to the assigned user (assignee)",
        |s| { notification(s, "Notification_Requestor_Admin_Eligibility") }
    ),
    row!(
        Notification,
        ELIGIBLE,
        "Request to approve a role assignment renewal/extension",
        |s| notification(s, "Notification_Approver_Admin_Eligibility")
    ),
    row!(Notification, ACTIVE, "Role assignment alert", |s| {
        notification(s, "Notification_Admin_Admin_Assignment")
    }),
    row!(
        Notification,
        ACTIVE,
        "Notification to the assigned user (assignee)",
        |s| { notification(s, "Notification_Requestor_Admin_Assignment") }
    ),
    row!(
        Notification,
        ACTIVE,
        "Request to approve a role assignment renewal/extension",
        |s| notification(s, "Notification_Approver_Admin_Assignment")
    ),
    row!(Notification, ACTIVATE, "Role activation alert", |s| {
        notification(s, "Notification_Admin_EndUser_Assignment")
    }),
    row!(
        Notification,
        ACTIVATE,
        "Notification to activated user (requestor)",
        |s| { notification(s, "Notification_Requestor_EndUser_Assignment") }
    ),
    row!(
        Notification,
        ACTIVATE,
        "Request to approve an activation",
        |s| { notification(s, "Notification_Approver_EndUser_Assignment") }
    ),
];

impl Show {
    /// The settings of every role of `roles`, in the portal's words.
    pub fn of_roles<'a>(roles: impl IntoIterator<Item = &'a RoleSettings>) -> Show {
        Show {
            roles: roles.into_iter().map(RoleShow::of).collect(),
        }
    }

    /// The same, with approvers, display names and notification recipients replaced by the
    /// redactor's placeholders.
    pub fn redacted(&self, redactor: &mut Redactor) -> Show {
        let mut out = self.clone();
        for setting in out.roles.iter_mut().flat_map(|r| r.settings.iter_mut()) {
            match &mut setting.value {
                SettingValue::Approval { approvers, .. } => {
                    *approvers = redactor.approvers(approvers);
                }
                SettingValue::Notification(notification) => {
                    for recipient in &mut notification.additional_recipients {
                        *recipient = redactor.placeholder(Secret::Recipient, recipient);
                    }
                }
                _ => {}
            }
        }
        out
    }
}

impl RoleShow {
    /// One role's settings: the portal's rows, then the rules set but not shown, then the unknown.
    pub fn of(settings: &RoleSettings) -> RoleShow {
        let mut rows: Vec<Setting> = PORTAL
            .iter()
            .map(|row| {
                let (rule, value) = (row.read)(settings);
                Setting {
                    section: row.section,
                    group: row.group,
                    label: row.label,
                    rule,
                    value,
                }
            })
            .collect();
        rows.extend(not_in_portal(settings));
        rows.extend(unknown(settings));
        RoleShow {
            id: settings.id.clone(),
            role_definition_id: settings.role_definition_id.clone(),
            scope: settings.scope.clone(),
            settings: rows,
        }
    }
}

fn id(kind: RuleKind, caller: Caller, level: Level) -> String {
    kind.rule_id(caller, level).into_owned()
}

/// Hours as the portal writes them: `8`, `1.5`, `0.25`.
fn hours(duration: TimeDelta) -> String {
    let minutes = duration.num_minutes();
    if minutes % 60 == 0 {
        return (minutes / 60).to_string();
    }
    let text = format!("{:.2}", minutes as f64 / 60.0);
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// A period as the portal's `Expire ... after` list names it (15 days, 1, 3 or 6 months, 1 year),
/// else in days, else as an ISO 8601 duration.
fn period(duration: TimeDelta) -> String {
    let whole_days = duration.num_seconds() % 86_400 == 0;
    match duration.num_days() {
        365 if whole_days => "1 year".into(),
        180 if whole_days => "6 months".into(),
        90 if whole_days => "3 months".into(),
        30 if whole_days => "1 month".into(),
        1 if whole_days => "1 day".into(),
        days if whole_days && days > 0 => format!("{} days", days),
        _ => format_iso8601(duration),
    }
}

fn expiration_hours(rules: &RuleSet) -> (String, SettingValue) {
    let rule = id(RuleKind::Expiration, Caller::EndUser, Level::Assignment);
    let value = match &rules.expiration {
        None => SettingValue::NotSet,
        Some(expiration) => match expiration.maximum {
            Some(maximum) => SettingValue::Text(hours(maximum)),
            None => SettingValue::Text("no maximum".into()),
        },
    };
    (rule, value)
}

fn activation_requirement(rules: &RuleSet) -> (String, SettingValue) {
    if let Some(context) = rules.authentication_context.as_ref().filter(|c| c.enabled) {
        let words = match &context.claim_value {
            Some(claim) => format!(
                "Microsoft Entra Conditional Access authentication context ({})",
                claim
            ),
            None => "Microsoft Entra Conditional Access authentication context".into(),
        };
        return (context.id.clone().into_owned(), SettingValue::Text(words));
    }
    let rule = id(RuleKind::Enablement, Caller::EndUser, Level::Assignment);
    let value = match &rules.enablement {
        None if rules.authentication_context.is_none() => SettingValue::NotSet,
        Some(enablement) if enablement.mfa => SettingValue::Text("Azure MFA".into()),
        _ => SettingValue::Text("None".into()),
    };
    (rule, value)
}

fn enablement(
    settings: &RoleSettings,
    caller: Caller,
    level: Level,
    flag: fn(&crate::model::EnablementRule) -> bool,
) -> (String, SettingValue) {
    let value = match &settings.rules(caller, level).enablement {
        Some(enablement) => SettingValue::YesNo(flag(enablement)),
        None => SettingValue::NotSet,
    };
    (id(RuleKind::Enablement, caller, level), value)
}

fn approval(rules: &RuleSet, caller: Caller, level: Level) -> (String, SettingValue) {
    let value = match &rules.approval {
        Some(approval) => SettingValue::Approval {
            required: approval.required,
            approvers: approval.approvers.clone(),
        },
        None => SettingValue::NotSet,
    };
    (id(RuleKind::Approval, caller, level), value)
}

fn permanent(settings: &RoleSettings, level: Level) -> (String, SettingValue) {
    let value = match &settings.rules(Caller::Admin, level).expiration {
        Some(expiration) => SettingValue::YesNo(expiration.permanent_allowed),
        None => SettingValue::NotSet,
    };
    (id(RuleKind::Expiration, Caller::Admin, level), value)
}

fn expire_after(settings: &RoleSettings, level: Level) -> (String, SettingValue) {
    let value = match &settings.rules(Caller::Admin, level).expiration {
        Some(expiration) => match expiration.maximum {
            Some(maximum) => SettingValue::Text(period(maximum)),
            None => SettingValue::Text("no maximum".into()),
        },
        None => SettingValue::NotSet,
    };
    (id(RuleKind::Expiration, Caller::Admin, level), value)
}

fn notification(settings: &RoleSettings, rule: &'static str) -> (String, SettingValue) {
    let value = notifications(settings)
        .into_iter()
        .find(|(id, _)| id.eq_ignore_ascii_case(rule))
        .map_or(SettingValue::NotSet, |(_, value)| {
            SettingValue::Notification(value)
        });
    (rule.to_owned(), value)
}

/// What the policy sets that the portal does not show: the rules of the model's kinds no
/// [`PORTAL`] row reads, where the policy has them, and the notifications of users at eligibility
/// level (iteration 2's `userEligibleSettings`).
fn not_in_portal(settings: &RoleSettings) -> Vec<Setting> {
    let mut rows = Vec::new();
    let mut add = |label: &'static str, rule: String, value: SettingValue| {
        rows.push(Setting {
            section: Section::NotInPortal,
            group: None,
            label,
            rule,
            value,
        });
    };
    for (caller, level) in [
        (Caller::Admin, Level::Eligibility),
        (Caller::Admin, Level::Assignment),
        (Caller::EndUser, Level::Eligibility),
    ] {
        let rules = settings.rules(caller, level);
        if let Some(enablement) = &rules.enablement {
            let (mfa, justification, ticket) = hidden_enablement(caller, level);
            let rule = id(RuleKind::Enablement, caller, level);
            if let Some(mfa) = mfa {
                add(mfa, rule.clone(), SettingValue::YesNo(enablement.mfa));
            }
            if let Some(justification) = justification {
                add(
                    justification,
                    rule.clone(),
                    SettingValue::YesNo(enablement.justification),
                );
            }
            add(ticket, rule, SettingValue::YesNo(enablement.ticketing));
        }
        if rules.approval.is_some() {
            let label = match level {
                Level::Eligibility => "Require approval for eligible assignment",
                Level::Assignment => "Require approval for active assignment",
            };
            let (rule, value) = approval(rules, caller, level);
            add(label, rule, value);
        }
        if let Some(context) = &rules.authentication_context {
            let words = match (&context.claim_value, context.enabled) {
                (Some(claim), true) => claim.clone(),
                (None, true) => "yes".into(),
                (_, false) => "no".into(),
            };
            add(
                "Require a Conditional Access authentication context",
                context.id.clone().into_owned(),
                SettingValue::Text(words),
            );
        }
        if let Some(expiration) = &rules.expiration {
            if caller == Caller::EndUser {
                let words = expiration.maximum.map_or("no maximum".into(), period);
                add(
                    "Maximum duration for users at eligibility level",
                    expiration.id.clone().into_owned(),
                    SettingValue::Text(words),
                );
            }
        }
    }
    for (rule, value) in notifications(settings) {
        if rule.to_ascii_lowercase().ends_with("_enduser_eligibility") {
            add(
                "Notification for users at eligibility level",
                rule,
                SettingValue::Notification(value),
            );
        }
    }
    rows
}

/// The labels of the settings of an enablement rule the portal does not show: MFA, justification
/// (where hidden) and ticket.
fn hidden_enablement(
    caller: Caller,
    level: Level,
) -> (Option<&'static str>, Option<&'static str>, &'static str) {
    match (caller, level) {
        // The portal shows this rule's MFA and justification (the Assignment tab).
        (Caller::Admin, Level::Assignment) => (
            None,
            None,
            "Require ticket information on active assignment",
        ),
        (Caller::Admin, Level::Eligibility) => (
            Some("Require Azure Multi-Factor Authentication on eligible assignment"),
            Some("Require justification on eligible assignment"),
            "Require ticket information on eligible assignment",
        ),
        _ => (
            Some("Require Azure Multi-Factor Authentication for users at eligibility level"),
            Some("Require justification for users at eligibility level"),
            "Require ticket information for users at eligibility level",
        ),
    }
}

/// The rules pimcheck does not know, by id, marked unknown; then the rules whose target names no
/// caller or level (their settings are not read).
fn unknown(settings: &RoleSettings) -> Vec<Setting> {
    let untargeted = settings.untargeted.iter().map(|rule| Setting {
        section: Section::Untargeted,
        group: None,
        label: "A rule whose target names no caller or level",
        rule: rule.clone(),
        value: SettingValue::NotSet,
    });
    let unknown = [
        (Caller::Admin, Level::Eligibility),
        (Caller::Admin, Level::Assignment),
        (Caller::EndUser, Level::Assignment),
        (Caller::EndUser, Level::Eligibility),
    ]
    .iter()
    .flat_map(|(caller, level)| settings.rules(*caller, *level).unknown.iter())
    .map(|rule| Setting {
        section: Section::Unknown,
        group: None,
        label: "A rule not known to pimcheck",
        rule: rule.clone(),
        value: SettingValue::NotSet,
    });
    unknown.chain(untargeted).collect()
}
