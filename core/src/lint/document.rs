//! A policy file cut into the policies lint checks, each with its generation, what identifies it,
//! whether it is whole, and where its rules are written. The shapes are the readers' (contract
//! 1.1; `read::*::is_*` tell them apart), plus a single Graph rule (the body of a rule's PATCH).

use super::{pointer, PolicyRef};
use crate::error::{Error, ErrorCode};
use crate::json::{get_key, key, Json, Object};
use crate::read::{arm, graph, iteration2, iteration3};

/// The generation of a policy, as far as lint needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Generation {
    /// `governanceRoleSetting` (iteration 2).
    Iteration2,
    /// Microsoft Graph `unifiedRoleManagementPolicy` and its rules.
    Graph,
    /// ARM `roleManagementPolicies` and their rules.
    Arm,
}

/// Where a policy's rules are.
pub(crate) enum Body<'a> {
    /// Iteration-3 rules: the array and its pointer.
    Rules { rules: &'a [Json<'a>], at: String },
    /// One rule (the body of a Graph rule's PATCH) and its pointer.
    Rule { rule: &'a Object<'a>, at: String },
    /// An iteration-2 role setting and its pointer.
    Iteration2 { setting: &'a Object<'a>, at: String },
}

/// One policy of the file.
pub(crate) struct Unit<'a> {
    pub(crate) generation: Generation,
    pub(crate) reference: PolicyRef,
    pub(crate) whole: bool,
    pub(crate) body: Body<'a>,
}

/// The policies of a document, or the reader's error where it has no policy shape.
pub(crate) fn policies<'a>(tree: &'a Json<'a>) -> Result<Vec<Unit<'a>>, Error> {
    let found = match tree {
        Json::Array(list) => list_units(list, "", false),
        Json::Object(object) => match single(object, "", 0) {
            Some(unit) => Some(vec![unit]),
            None => match get_key(object, key!("value")) {
                Some((key, Json::Array(list))) => {
                    let from_rules_get = string(object, "@odata.context")
                        .is_some_and(|context| context.ends_with("/rules"));
                    list_units(list, &pointer("", key), from_rules_get)
                }
                _ => None,
            },
        },
        _ => None,
    };
    found.ok_or_else(|| shape_error(tree))
}

/// The error the readers give for a document of no policy shape.
fn shape_error(tree: &Json<'_>) -> Error {
    match crate::read::policy_tree(tree) {
        Err(error) => error,
        Ok(_) => Error::new(
            ErrorCode::UnknownPolicyShape,
            "",
            "expected role settings of a generation lint reads",
        ),
    }
}

/// A list of rules (one partial policy, whole when it is a `GET .../rules` response) or of
/// policies (a set); `None` where an entry is neither.
fn list_units<'a>(list: &'a [Json<'a>], at: &str, whole_rules: bool) -> Option<Vec<Unit<'a>>> {
    let Some(first) = list.first() else {
        return Some(Vec::new());
    };
    if first.as_object().is_some_and(iteration3::is_rule) {
        return Some(vec![Unit {
            generation: rules_generation(list),
            reference: PolicyRef::default(),
            whole: whole_rules,
            body: Body::Rules {
                rules: list,
                at: at.to_owned(),
            },
        }]);
    }
    list.iter()
        .enumerate()
        .map(|(index, entry)| single(entry.as_object()?, &pointer(at, &index.to_string()), index))
        .collect()
}

/// ARM where the rules say `ruleType`, Graph otherwise.
fn rules_generation(rules: &[Json<'_>]) -> Generation {
    let arm = rules.iter().any(|rule| {
        rule.as_object()
            .is_some_and(|rule| get_key(rule, key!("ruleType")).is_some())
    });
    if arm {
        Generation::Arm
    } else {
        Generation::Graph
    }
}

/// One policy object of any generation at `at`, or a single rule; `None` for anything else.
fn single<'a>(object: &'a Object<'a>, at: &str, index: usize) -> Option<Unit<'a>> {
    if iteration2::is_role_setting(object) {
        return Some(Unit {
            generation: Generation::Iteration2,
            reference: reference(object, object, index),
            // Iteration 2 has no fixed set of rules to miss (PIM010 is iteration 3's).
            whole: false,
            body: Body::Iteration2 {
                setting: object,
                at: at.to_owned(),
            },
        });
    }
    if arm::is_policy(object) {
        if let Some((key, Json::Object(properties))) = get_key(object, key!("properties")) {
            return arm_policy(object, properties, &pointer(at, key), index);
        }
    }
    if graph::is_policy(object) {
        return graph_policy(object, at, index);
    }
    if iteration3::is_rule(object) {
        let arm = get_key(object, key!("ruleType")).is_some();
        return Some(Unit {
            generation: if arm {
                Generation::Arm
            } else {
                Generation::Graph
            },
            reference: PolicyRef::default(),
            whole: false,
            body: Body::Rule {
                rule: object,
                at: at.to_owned(),
            },
        });
    }
    None
}

/// An ARM policy (`properties.rules`) or policy assignment (`properties.effectiveRules`).
fn arm_policy<'a>(
    object: &'a Object<'a>,
    properties: &'a Object<'a>,
    at: &str,
    index: usize,
) -> Option<Unit<'a>> {
    let (key, rules) = match get_key(properties, key!("rules")) {
        Some((key, Json::Array(rules))) => (key, rules),
        _ => match get_key(properties, key!("effectiveRules")) {
            Some((key, Json::Array(rules))) => (key, rules),
            _ => return None,
        },
    };
    let mut reference = reference(object, properties, index);
    if reference.id.is_none() {
        reference.id = string(object, "name").map(str::to_owned);
    }
    Some(Unit {
        generation: Generation::Arm,
        // A GET response names the policy; a PATCH body is `properties` alone.
        whole: string(object, "id").is_some() || string(object, "name").is_some(),
        reference,
        body: Body::Rules {
            rules: rules.as_slice(),
            at: pointer(at, key),
        },
    })
}

/// A Graph policy (`rules`) or policy assignment with its expanded `policy`.
fn graph_policy<'a>(object: &'a Object<'a>, at: &str, index: usize) -> Option<Unit<'a>> {
    if let Some((key, Json::Object(policy))) = get_key(object, key!("policy")) {
        let mut unit = graph_policy(policy, &pointer(at, key), index)?;
        let outer = reference(object, object, index);
        unit.reference.role_definition_id = outer.role_definition_id;
        unit.reference.scope = outer.scope.or(unit.reference.scope);
        unit.reference.id = string(object, "policyId")
            .map(str::to_owned)
            .or(unit.reference.id);
        return Some(unit);
    }
    let (key, rules) = match get_key(object, key!("rules")) {
        Some((key, Json::Array(rules))) => (key, rules.as_slice()),
        _ => return None,
    };
    Some(Unit {
        generation: rules_generation(rules),
        reference: reference(object, object, index),
        whole: string(object, "id").is_some(),
        body: Body::Rules {
            rules,
            at: pointer(at, key),
        },
    })
}

/// The policy's id, role and scope: the id from `object`, the rest from `fields` (ARM keeps them
/// in `properties`).
fn reference(object: &Object<'_>, fields: &Object<'_>, index: usize) -> PolicyRef {
    PolicyRef {
        file: None,
        index,
        id: string(object, "id").map(str::to_owned),
        role_definition_id: string(fields, "roleDefinitionId").map(str::to_owned),
        scope: string(fields, "scopeId")
            .or_else(|| string(fields, "scope"))
            .or_else(|| string(fields, "resourceId"))
            .map(str::to_owned),
    }
}

/// The string value of `name` (any case), if it is a string.
pub(crate) fn string<'v>(object: &'v Object<'_>, name: &str) -> Option<&'v str> {
    object
        .find(|key, value| crate::json::key_matches(key, name) && !value.is_null())
        .and_then(|(_, value)| value.as_str())
}
