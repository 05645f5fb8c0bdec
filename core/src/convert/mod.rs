//! Conversion: one role's settings written in another generation's JSON (contract section 4,
//! `pimcheck convert`). The model is the pivot: any policy is read into [`RoleSettings`], then
//! written by the module of the target generation ([`graph`], [`arm`], [`iteration2`]). Every
//! evaluated setting (expiration, enablement, approval and its approvers, authentication context)
//! survives a round trip through any generation; what the target cannot express is named in a
//! warning instead of being dropped silently.

pub mod arm;
pub mod graph;
pub mod iteration2;
mod newer_rules;

use serde_json::{Map, Value};

use crate::error::{Error, ErrorCode};
use crate::model::PolicyDocument;
use crate::model::{Caller, Level, RoleSettings, RuleKind, RuleSet};
use crate::read;

/// An API generation that policies can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Generation {
    /// Iteration 2: a `governanceRoleSetting` with its four lists.
    Iteration2,
    /// Microsoft Graph iteration 3: a `unifiedRoleManagementPolicy` with `rules`.
    Graph,
    /// Azure Resource Manager iteration 3: a `roleManagementPolicy` (`properties.rules`).
    Arm,
}

impl Generation {
    /// Every generation, in the order the contract names them.
    pub const ALL: [Generation; 3] = [Generation::Graph, Generation::Arm, Generation::Iteration2];

    /// Reads `graph`, `arm` or `iteration2` (any case); anything else is the input error
    /// `InvalidOption` for the option `to`.
    pub fn parse(text: &str) -> Result<Generation, Error> {
        Generation::ALL
            .into_iter()
            .find(|g| g.as_str().eq_ignore_ascii_case(text))
            .ok_or_else(|| {
                Error::new(
                    ErrorCode::InvalidOption,
                    "to",
                    format!(
                        "option `to` must be `graph`, `arm` or `iteration2`, found `{}`",
                        text
                    ),
                )
            })
    }

    /// The name `parse` reads: `graph`, `arm` or `iteration2`.
    pub fn as_str(self) -> &'static str {
        match self {
            Generation::Iteration2 => "iteration2",
            Generation::Graph => "graph",
            Generation::Arm => "arm",
        }
    }
}

/// What `convert --to iteration2` says once: the target API is retired (pimcheck still reads it,
/// for exports and old documents).
pub const ITERATION2_RETIRED: &str = "the iteration-2 API (Graph beta `privilegedAccess`) is retired: Microsoft's iteration-2 API for Azure resources stopped returning data on 28 October 2026; use `--to graph` or `--to arm` for a policy the service takes";

/// The result of a conversion: the policy in the target generation's JSON, and one warning for each
/// setting the target cannot express (house style: lowercase, values in backticks).
#[derive(Debug, Clone, PartialEq)]
pub struct Conversion {
    /// The converted policy.
    pub value: Value,
    /// What was not carried over, or carried over approximately.
    pub warnings: Vec<String>,
}

/// Writes `settings` in the JSON of `generation`.
pub fn to_generation(settings: &RoleSettings, generation: Generation) -> Conversion {
    match generation {
        Generation::Iteration2 => iteration2::write(settings),
        Generation::Graph => graph::write(settings),
        Generation::Arm => arm::write(settings),
    }
}

/// Reads a policy of any generation from JSON text and writes it in the JSON of `generation`.
/// The text is read within the default [`crate::InputLimits`].
pub fn convert_json(policy: &str, generation: Generation) -> Result<Conversion, Error> {
    let tree = crate::json::parse_tree(policy, "policy", &crate::InputLimits::default())?;
    convert_document(read::policy_tree(&tree)?, generation)
}

/// Reads a policy of any generation and writes it in the JSON of `generation`. A policy set is the
/// input error `InvalidPolicy`: a conversion takes one role's settings.
pub fn convert_value(policy: &Value, generation: Generation) -> Result<Conversion, Error> {
    convert_document(read::policy(policy)?, generation)
}

fn convert_document(policy: PolicyDocument, generation: Generation) -> Result<Conversion, Error> {
    match policy {
        PolicyDocument::Single(settings) => Ok(to_generation(&settings, generation)),
        PolicyDocument::Set(entries) => Err(Error::new(
            ErrorCode::InvalidPolicy,
            "",
            format!(
                "a conversion takes one role's settings, found a set of {} policies",
                entries.len()
            ),
        )
        .with_hint("convert the entries of the set one at a time")),
    }
}

/// The three (caller, level) pairs that iteration 3 has rules for, in Microsoft's order.
pub(crate) const ITERATION3_TARGETS: [(Caller, Level); 3] = [
    (Caller::Admin, Level::Eligibility),
    (Caller::Admin, Level::Assignment),
    (Caller::EndUser, Level::Assignment),
];

/// Warnings every target shares: rules pimcheck did not know cannot be written anywhere.
pub(crate) fn unknown_rule_warnings(settings: &RoleSettings, warnings: &mut Vec<String>) {
    for (caller, level) in [
        (Caller::Admin, Level::Eligibility),
        (Caller::Admin, Level::Assignment),
        (Caller::EndUser, Level::Assignment),
        (Caller::EndUser, Level::Eligibility),
    ] {
        for id in &settings.rules(caller, level).unknown {
            warnings.push(format!(
                "the rule `{}` is not known to pimcheck and is not converted",
                id
            ));
        }
    }
    for id in &settings.untargeted {
        warnings.push(format!(
            "the rule `{}` has no known target and is not converted",
            id
        ));
    }
}

/// The names of the rules a rule set holds, for warnings (`Expiration`, `Enablement`, ...).
pub(crate) fn rule_names(rules: &RuleSet) -> Vec<&'static str> {
    let mut names = Vec::new();
    if rules.expiration.is_some() {
        names.push("expiration");
    }
    if rules.enablement.is_some() {
        names.push("enablement");
    }
    if rules.approval.is_some() {
        names.push("approval");
    }
    if rules.authentication_context.is_some() {
        names.push("authentication context");
    }
    if !rules.notifications.is_empty() {
        names.push("notification");
    }
    names
}

/// Whether a notification rule was read from iteration 3 (its id is `Notification_...`); its
/// settings are then the iteration-3 fields, which Graph and ARM share.
pub(crate) fn is_iteration3_notification(id: &str) -> bool {
    id.get(..13)
        .is_some_and(|p| p.eq_ignore_ascii_case("Notification_"))
}

/// The rules of `settings` in iteration-3 form, Graph or ARM: each rule with its type (`type_of`
/// gives the key and value, `@odata.type` or `ruleType`), `id` and `target`, and approvers written
/// by `approver`.
pub(crate) fn iteration3_rules(
    settings: &RoleSettings,
    type_of: fn(&str) -> (&'static str, String),
    approver: fn(&crate::model::Approver) -> Value,
    warnings: &mut Vec<String>,
) -> Vec<Value> {
    let mut out = Vec::new();
    let eligible = settings.rules(Caller::EndUser, Level::Eligibility);
    let names = rule_names(eligible);
    if !names.is_empty() {
        warnings.push(format!(
            "the end-user eligibility rules (iteration 2 `userEligibleSettings`: {}) have no iteration-3 equivalent and are not converted",
            names.join(", ")
        ));
    }
    unknown_rule_warnings(settings, warnings);
    for (caller, level) in ITERATION3_TARGETS {
        let rules = settings.rules(caller, level);
        let target = serde_json::json!({
            "caller": caller.rule_id_part(),
            "operations": ["All"],
            "level": level.rule_id_part(),
        });
        let rule = |kind: &str, id: String, fields: Map<String, Value>| -> Value {
            let mut object = Map::new();
            let (key, value) = type_of(kind);
            object.insert(key.to_owned(), Value::String(value));
            object.insert("id".to_owned(), Value::String(id));
            object.extend(fields);
            object.insert("target".to_owned(), target.clone());
            Value::Object(object)
        };
        if let Some(expiration) = &rules.expiration {
            let mut fields = Map::new();
            fields.insert(
                "isExpirationRequired".into(),
                Value::Bool(!expiration.permanent_allowed),
            );
            if let Some(maximum) = expiration.maximum {
                fields.insert(
                    "maximumDuration".into(),
                    Value::String(crate::duration::format_iso8601(maximum)),
                );
            }
            out.push(rule(
                "Expiration",
                RuleKind::Expiration.rule_id(caller, level).into_owned(),
                fields,
            ));
        }
        if let Some(enablement) = &rules.enablement {
            let enabled: Vec<Value> = [
                (enablement.mfa, "MultiFactorAuthentication"),
                (enablement.justification, "Justification"),
                (enablement.ticketing, "Ticketing"),
            ]
            .into_iter()
            .filter(|(on, _)| *on)
            .map(|(_, name)| Value::String(name.to_owned()))
            .collect();
            let mut fields = Map::new();
            fields.insert("enabledRules".into(), Value::Array(enabled));
            out.push(rule(
                "Enablement",
                RuleKind::Enablement.rule_id(caller, level).into_owned(),
                fields,
            ));
        }
        if let Some(approval) = &rules.approval {
            let stages = if approval.approvers.is_empty() {
                Vec::new()
            } else {
                vec![serde_json::json!({
                    "primaryApprovers": approval.approvers.iter().map(approver).collect::<Vec<_>>(),
                })]
            };
            let mut fields = Map::new();
            fields.insert(
                "setting".into(),
                serde_json::json!({
                    "isApprovalRequired": approval.required,
                    "isApprovalRequiredForExtension": approval.required_for_extension,
                    "approvalMode": "SingleStage",
                    "approvalStages": stages,
                }),
            );
            out.push(rule(
                "Approval",
                RuleKind::Approval.rule_id(caller, level).into_owned(),
                fields,
            ));
        }
        if let Some(context) = &rules.authentication_context {
            let mut fields = Map::new();
            fields.insert("isEnabled".into(), Value::Bool(context.enabled));
            fields.insert(
                "claimValue".into(),
                Value::String(context.claim_value.clone().unwrap_or_default()),
            );
            out.push(rule(
                "AuthenticationContext",
                RuleKind::AuthenticationContext
                    .rule_id(caller, level)
                    .into_owned(),
                fields,
            ));
        }
        for notification in &rules.notifications {
            match (&notification.settings, is_iteration3_notification(&notification.id)) {
                (Value::Object(fields), true) => {
                    out.push(rule("Notification", notification.id.clone(), fields.clone()))
                }
                _ => warnings.push(format!(
                    "the iteration-2 notification rule `{}` of `{}` `{}` has no iteration-3 form and is not converted",
                    notification.id,
                    caller.rule_id_part(),
                    level.rule_id_part()
                )),
            }
        }
    }
    out
}

/// The string fields of `pairs` that are present, as a JSON object.
pub(crate) fn object_of(pairs: &[(&str, Option<&String>)]) -> Value {
    Value::Object(
        pairs
            .iter()
            .filter_map(|(k, v)| v.map(|v| ((*k).to_owned(), Value::String(v.clone()))))
            .collect(),
    )
}
