//! Which generation a document is, told by its shape (contract 1.1, 1.2), and the reader it goes
//! to; a shape none of them has is `UnknownPolicyShape` / `UnknownRequestShape`, naming the keys
//! found.

use super::{arm, graph, iteration2, iteration3};
use crate::error::{Error, ErrorCode};
use crate::json::{describe, At, Json, Object};
use crate::model::{Level, PolicyDocument, Request, RoleSettings};

/// Reads a policy of any generation from its tree (contract 1.1).
pub(crate) fn policy_tree(value: &Json<'_>) -> Result<PolicyDocument, Error> {
    let at = At::ROOT;
    match value {
        Json::Array(list) => read_list(list, &at, value),
        Json::Object(object) => {
            if let Some(settings) = read_single(object, &at)? {
                return Ok(PolicyDocument::Single(Box::new(settings)));
            }
            match crate::json::get(object, "value") {
                Some(Json::Array(list)) => read_list(list, &at.field("value"), value),
                _ => Err(unknown_policy(value)),
            }
        }
        _ => Err(unknown_policy(value)),
    }
}

/// One role's settings in any generation, or `None` where the object is none of them.
fn read_single(object: &Object<'_>, at: &At<'_>) -> Result<Option<RoleSettings>, Error> {
    if iteration2::is_role_setting(object) {
        return iteration2::read_policy(object, at).map(Some);
    }
    if arm::is_policy(object) {
        return arm::read_policy(object, at).map(Some);
    }
    if graph::is_policy(object) {
        return graph::read_policy(object, at).map(Some);
    }
    Ok(None)
}

/// A list (`{"value": [...]}` or a bare array): of rules (one policy) or of policies (a set). The
/// first entry says which; every other entry must be of the same kind.
fn read_list(list: &[Json<'_>], at: &At<'_>, whole: &Json<'_>) -> Result<PolicyDocument, Error> {
    let Some(first) = list.first() else {
        return Ok(PolicyDocument::Set(Vec::new()));
    };
    let rules = first.as_object().is_some_and(iteration3::is_rule);
    if rules {
        if let Some((index, entry)) = list
            .iter()
            .enumerate()
            .find(|(_, e)| !e.as_object().is_some_and(iteration3::is_rule))
        {
            let entry_at = at.index(index);
            return Err(entry_at.error(
                ErrorCode::UnknownPolicyShape,
                format!(
                    "expected a rule like the first entry of the list, found {}",
                    found(entry)
                ),
            ));
        }
        let mut settings = RoleSettings::default();
        iteration3::read_rules(list, at, &mut settings)?;
        return Ok(PolicyDocument::Single(Box::new(settings)));
    }
    let mut set = Vec::with_capacity(list.len());
    for (index, entry) in list.iter().enumerate() {
        let entry_at = at.index(index);
        let single = match entry.as_object() {
            Some(object) => read_single(object, &entry_at)?,
            None => None,
        };
        match single {
            Some(settings) => set.push(settings),
            None if index == 0 => return Err(unknown_policy(whole)),
            None => {
                return Err(entry_at.error(
                    ErrorCode::UnknownPolicyShape,
                    format!(
                        "expected a policy like the first entry of the list, found {}",
                        found(entry)
                    ),
                ))
            }
        }
    }
    Ok(PolicyDocument::Set(set))
}

fn found(value: &Json<'_>) -> String {
    match value {
        Json::Object(object) => format!("an object with the keys {}", key_list(object)),
        other => describe(other),
    }
}

fn unknown_policy(value: &Json<'_>) -> Error {
    let found = found(value);
    Error::new(
        ErrorCode::UnknownPolicyShape,
        "",
        format!(
            "expected role settings (a `governanceRoleSetting`, a `unifiedRoleManagementPolicy` with `rules` or an assignment with an expanded `policy`, a list of rules, an ARM `roleManagementPolicy` with `properties.rules`, or `{{\"value\": [...]}}` of these), found {}",
            found
        ),
    )
}

/// Reads a request of any generation from its tree (contract 1.2).
pub(crate) fn request_tree(value: &Json<'_>, level: Option<Level>) -> Result<Request, Error> {
    let at = At::ROOT;
    let Some(object) = value.as_object() else {
        return Err(unknown_request(value));
    };
    if iteration2::is_request(object) {
        return iteration2::read_request(object, &at);
    }
    if arm::is_request(object) {
        return arm::read_request(object, &at, level);
    }
    if graph::is_request(object) {
        return graph::read_request(object, &at, level);
    }
    Err(unknown_request(value))
}

fn unknown_request(value: &Json<'_>) -> Error {
    let found = found(value);
    Error::new(
        ErrorCode::UnknownRequestShape,
        "",
        format!(
            "expected a request (a `governanceRoleAssignmentRequest` with `type` and `assignmentState`, a Graph schedule request with `action`, or an ARM schedule request with `properties.requestType`), found {}",
            found
        ),
    )
}

fn key_list(object: &Object<'_>) -> String {
    if object.is_empty() {
        return "(none)".into();
    }
    let mut keys: Vec<String> = object
        .sorted_keys()
        .into_iter()
        .take(8)
        .map(|k| format!("`{}`", crate::json::shorten(k)))
        .collect();
    if object.len() > 8 {
        keys.push("…".into());
    }
    keys.join(", ")
}
