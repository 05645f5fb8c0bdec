//! A policy resource of the same plan or template (`azurerm_role_management_policy`,
//! `azuread_group_role_management_policy`, `Microsoft.Authorization/roleManagementPolicies`), laid
//! over the matching entry of `--policies`: the attributes it sets replace the live values, the
//! others keep them.

use chrono::TimeDelta;

use super::values::{Depends, Resource, Unknown};
use crate::error::Error;
use crate::model::{
    ApprovalRule, Caller, EnablementRule, ExpirationRule, Level, Request, RoleSettings, RuleKind,
    RuleSet,
};
use crate::policy::{role_key, scope_key};

/// The Terraform policy resources read from a plan.
pub(crate) const TERRAFORM_POLICY_TYPES: [&str; 2] = [
    "azurerm_role_management_policy",
    "azuread_group_role_management_policy",
];

/// One setting of a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Setting {
    /// `expiration_required`: permanence is allowed when it is false.
    ExpirationRequired,
    /// `expire_after`, `maximum_duration`: the maximum length.
    Maximum,
    /// `require_multifactor_authentication`.
    Mfa,
    /// `require_justification`.
    Justification,
    /// `require_ticket_info`.
    Ticket,
    /// `require_approval`.
    Approval,
}

/// A known value of a setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SettingValue {
    Flag(bool),
    Length(TimeDelta),
}

/// The policy attributes of both providers (they share the block and attribute names), each with
/// the rule set it lands in.
const ATTRIBUTES: [(&str, Setting, Caller, Level); 11] = [
    (
        "eligible_assignment_rules.0.expiration_required",
        Setting::ExpirationRequired,
        Caller::Admin,
        Level::Eligibility,
    ),
    (
        "eligible_assignment_rules.0.expire_after",
        Setting::Maximum,
        Caller::Admin,
        Level::Eligibility,
    ),
    (
        "active_assignment_rules.0.expiration_required",
        Setting::ExpirationRequired,
        Caller::Admin,
        Level::Assignment,
    ),
    (
        "active_assignment_rules.0.expire_after",
        Setting::Maximum,
        Caller::Admin,
        Level::Assignment,
    ),
    (
        "active_assignment_rules.0.require_multifactor_authentication",
        Setting::Mfa,
        Caller::Admin,
        Level::Assignment,
    ),
    (
        "active_assignment_rules.0.require_justification",
        Setting::Justification,
        Caller::Admin,
        Level::Assignment,
    ),
    (
        "active_assignment_rules.0.require_ticket_info",
        Setting::Ticket,
        Caller::Admin,
        Level::Assignment,
    ),
    (
        "activation_rules.0.maximum_duration",
        Setting::Maximum,
        Caller::EndUser,
        Level::Assignment,
    ),
    (
        "activation_rules.0.require_multifactor_authentication",
        Setting::Mfa,
        Caller::EndUser,
        Level::Assignment,
    ),
    (
        "activation_rules.0.require_justification",
        Setting::Justification,
        Caller::EndUser,
        Level::Assignment,
    ),
    (
        "activation_rules.0.require_approval",
        Setting::Approval,
        Caller::EndUser,
        Level::Assignment,
    ),
];

/// What a policy resource changes.
#[derive(Debug, Clone)]
enum Changes {
    /// Attribute by attribute (Terraform).
    Settings(Vec<(Setting, Caller, Level, SettingValue)>),
    /// Whole rules (a template's ARM policy): each rule it has replaces the live one.
    Rules(Box<RoleSettings>),
}

/// A policy resource of the document.
#[derive(Debug, Clone)]
pub(crate) struct Overlay {
    /// A template's policy, which names no role: it applies to every request of its template.
    every_request: bool,
    /// The role it governs (`None` where it is not known at plan time: it then governs nothing).
    role: Option<String>,
    /// The scope it governs.
    scope: Option<String>,
    changes: Changes,
    /// Settings set to values only apply will know, with the rule set they land in.
    unknown: Vec<(Caller, Level, Unknown)>,
}

impl Overlay {
    /// A template's policy, which applies to every request of the template.
    pub(crate) fn whole_rules(settings: RoleSettings) -> Overlay {
        Overlay {
            every_request: true,
            role: None,
            scope: None,
            changes: Changes::Rules(Box::new(settings)),
            unknown: Vec::new(),
        }
    }

    /// Whether the overlay governs `request`: the same role and scope (both known).
    pub(crate) fn governs(&self, request: &Request) -> bool {
        if self.every_request {
            return true;
        }
        let Some(role) = &self.role else {
            return false;
        };
        let same_role = request
            .role_definition_id
            .as_deref()
            .is_some_and(|r| role_key(r) == role_key(role));
        let same_scope = match (&self.scope, &request.scope) {
            (Some(a), Some(b)) => scope_key(a) == scope_key(b),
            _ => false,
        };
        same_role && same_scope
    }

    /// The settings of `base` (the live policy, or none) with this overlay laid over them.
    pub(crate) fn lay_over(&self, base: Option<&RoleSettings>) -> RoleSettings {
        let mut settings = base.cloned().unwrap_or_default();
        match &self.changes {
            Changes::Settings(changes) => {
                for (setting, caller, level, value) in changes {
                    apply(
                        settings.rules_mut(*caller, *level),
                        *setting,
                        *caller,
                        *level,
                        *value,
                    );
                }
            }
            Changes::Rules(top) => {
                for (caller, level) in TARGETS {
                    replace_rules(settings.rules_mut(caller, level), top.rules(caller, level));
                }
            }
        }
        settings
    }

    /// The overlay's unknown settings that bear on a request at `(caller, level)`.
    pub(crate) fn unknown_for(
        &self,
        caller: Caller,
        level: Level,
    ) -> impl Iterator<Item = &Unknown> {
        self.unknown
            .iter()
            .filter(move |(c, l, _)| *c == caller && *l == level)
            .map(|(_, _, unknown)| unknown)
    }
}

const TARGETS: [(Caller, Level); 4] = [
    (Caller::Admin, Level::Eligibility),
    (Caller::Admin, Level::Assignment),
    (Caller::EndUser, Level::Assignment),
    (Caller::EndUser, Level::Eligibility),
];

fn replace_rules(rules: &mut RuleSet, top: &RuleSet) {
    if top.expiration.is_some() {
        rules.expiration.clone_from(&top.expiration);
    }
    if top.enablement.is_some() {
        rules.enablement.clone_from(&top.enablement);
    }
    if top.approval.is_some() {
        rules.approval.clone_from(&top.approval);
    }
    if top.authentication_context.is_some() {
        rules
            .authentication_context
            .clone_from(&top.authentication_context);
    }
}

fn expiration_of(rules: &mut RuleSet, caller: Caller, level: Level) -> &mut ExpirationRule {
    rules.expiration.get_or_insert_with(|| ExpirationRule {
        id: RuleKind::Expiration.rule_id(caller, level),
        // An administrator's rule the live policy lacks allows permanence; an activation never.
        permanent_allowed: caller == Caller::Admin,
        maximum: None,
        exception_members: Vec::new(),
    })
}

fn enablement_of(rules: &mut RuleSet, caller: Caller, level: Level) -> &mut EnablementRule {
    rules.enablement.get_or_insert_with(|| EnablementRule {
        id: RuleKind::Enablement.rule_id(caller, level),
        ..EnablementRule::default()
    })
}

fn apply(rules: &mut RuleSet, setting: Setting, caller: Caller, level: Level, value: SettingValue) {
    match (setting, value) {
        (Setting::ExpirationRequired, SettingValue::Flag(required)) => {
            expiration_of(rules, caller, level).permanent_allowed = !required;
        }
        (Setting::Maximum, SettingValue::Length(length)) => {
            expiration_of(rules, caller, level).maximum = Some(length);
        }
        (Setting::Mfa, SettingValue::Flag(on)) => enablement_of(rules, caller, level).mfa = on,
        (Setting::Justification, SettingValue::Flag(on)) => {
            enablement_of(rules, caller, level).justification = on;
        }
        (Setting::Ticket, SettingValue::Flag(on)) => {
            enablement_of(rules, caller, level).ticketing = on;
        }
        (Setting::Approval, SettingValue::Flag(on)) => {
            rules
                .approval
                .get_or_insert_with(|| ApprovalRule {
                    id: RuleKind::Approval.rule_id(caller, level),
                    ..ApprovalRule::default()
                })
                .required = on;
        }
        _ => {}
    }
}

/// Reads a Terraform policy resource: its target (`scope` and `role_definition_id`, or `group_id`
/// and `role_id`) and every rule attribute it sets. A target not known at plan time governs
/// nothing pimcheck can match, so its overlay matches no request.
pub(crate) fn read_terraform(
    resource_type: &str,
    address: &str,
    resource: &Resource<'_>,
) -> Result<Overlay, Error> {
    let (role_at, scope_at) = if resource_type == "azuread_group_role_management_policy" {
        ("role_id", "group_id")
    } else {
        ("role_definition_id", "scope")
    };
    let mut ignored = Vec::new();
    let role = resource.text(role_at, Depends::Target, &mut ignored)?;
    let scope = resource.text(scope_at, Depends::Target, &mut ignored)?;
    let mut changes = Vec::new();
    let mut unknown = Vec::new();
    for (dotted, setting, caller, level) in ATTRIBUTES {
        let depends = match setting {
            Setting::Justification => Depends::Justification,
            Setting::Ticket => Depends::Ticket,
            _ => Depends::Expiration,
        };
        let mut found = Vec::new();
        let value = match setting {
            Setting::Maximum => match resource.text(dotted, depends, &mut found)? {
                Some(text) if !text.is_empty() => Some(SettingValue::Length(
                    crate::duration::parse_iso8601(text)
                        .map_err(|e| resource.error_at(dotted, e))?,
                )),
                _ => None,
            },
            _ => resource
                .boolean(dotted, depends, &mut found)?
                .map(SettingValue::Flag),
        };
        if let Some(value) = value {
            changes.push((setting, caller, level, value));
        }
        unknown.extend(found.into_iter().map(|u| {
            let attribute = format!("{address}.{}", u.attribute);
            (
                caller,
                level,
                Unknown {
                    attribute,
                    path: String::new(),
                    ..u
                },
            )
        }));
    }
    Ok(Overlay {
        every_request: false,
        role: role.map(str::to_owned),
        scope: scope.map(str::to_owned),
        changes: Changes::Settings(changes),
        unknown,
    })
}
