//! Conversion: one role's settings written in another generation's JSON (contract section 4,
//! `pimcheck convert`). The model is the pivot: any policy is read into [`RoleSettings`], then
//! written by the module of the target generation (`graph.rs` and `arm.rs`, which share
//! `iteration3.rs`, and `iteration2.rs`) as the json module's tree, then as text. Every
//! evaluated setting (expiration, enablement, approval and its approvers, authentication context)
//! survives a round trip through any generation; what the target cannot express is named in a
//! warning instead of being dropped silently.

mod arm;
mod graph;
mod iteration2;
mod iteration3;
mod newer_rules;

use serde_json::Value;

use crate::error::{Error, ErrorCode};
use crate::json::Json;
use crate::model::PolicyDocument;
use crate::model::{Caller, Level, RoleSettings, RuleSet};
use crate::read;

/// An API generation that policies can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
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
    /// The converted policy, written as JSON by [`Conversion::to_json`].
    policy: Json<'static>,
    /// What was not carried over, or carried over approximately.
    pub warnings: Vec<String>,
}

impl Conversion {
    fn new(policy: Json<'static>, warnings: Vec<String>) -> Self {
        Conversion { policy, warnings }
    }

    /// The converted policy as compact JSON (keys in byte order).
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        crate::json::write_json(&mut out, &self.policy, false);
        out
    }

    /// The converted policy as JSON indented by two spaces, as `pimcheck convert` writes it.
    pub fn to_json_pretty(&self) -> String {
        let mut out = String::new();
        crate::json::write_json(&mut out, &self.policy, true);
        out
    }
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
