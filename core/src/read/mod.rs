//! Readers: JSON of any API generation in, the model out. Detection by shape (contract 1.1, 1.2),
//! then one reader per dialect. Readers translate; they never decide a verdict.

pub(crate) mod iteration2;
pub(crate) mod json;
pub(crate) mod values;

use serde_json::Value;

use crate::error::{Error, ErrorCode};
use crate::model::{Level, Request, RoleSettings};
use json::{describe, At};

/// What a policy document holds: one role's settings, or a set to match requests against.
#[derive(Debug, Clone, PartialEq)]
pub enum PolicyDocument {
    /// One role's settings.
    Single(Box<RoleSettings>),
    /// Several roles' settings (`{"value": [...]}`); a request is checked against the one that
    /// matches its role and scope.
    Set(Vec<RoleSettings>),
}

/// Parses JSON text, or gives the `InvalidJson` error with the line and column.
/// A leading byte-order mark (as PowerShell writes) is skipped.
pub fn parse_json(text: &str, what: &str) -> Result<Value, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    serde_json::from_str(text).map_err(|e| {
        let shown = if text.trim().is_empty() {
            "the text is empty".to_owned()
        } else {
            e.to_string()
        };
        Error::new(
            ErrorCode::InvalidJson,
            "",
            format!("the {} is not valid JSON: {}", what, shown),
        )
    })
}

/// Reads a policy of any generation (contract 1.1).
pub fn policy(value: &Value) -> Result<PolicyDocument, Error> {
    let at = At::ROOT;
    let Some(object) = value.as_object() else {
        return Err(unknown_policy(value));
    };
    if iteration2::is_role_setting(object) {
        return iteration2::read_policy(object, &at).map(|s| PolicyDocument::Single(Box::new(s)));
    }
    Err(unknown_policy(value))
}

fn unknown_policy(value: &Value) -> Error {
    let found = match value {
        Value::Object(object) => format!("an object with the keys {}", key_list(object)),
        other => describe(other),
    };
    Error::new(
        ErrorCode::UnknownPolicyShape,
        "",
        format!(
            "expected role settings (a `governanceRoleSetting`, a `unifiedRoleManagementPolicy` with `rules`, a list of rules, or an ARM `roleManagementPolicy`), found {}",
            found
        ),
    )
}

/// Reads a request of any generation (contract 1.2). `level` is the `level` option, used where
/// an iteration-3 request does not say whether it is an assignment or an eligibility.
pub fn request(value: &Value, level: Option<Level>) -> Result<Request, Error> {
    let at = At::ROOT;
    let _ = level;
    let Some(object) = value.as_object() else {
        return Err(unknown_request(value));
    };
    if iteration2::is_request(object) {
        return iteration2::read_request(object, &at);
    }
    Err(unknown_request(value))
}

fn unknown_request(value: &Value) -> Error {
    let found = match value {
        Value::Object(object) => format!("an object with the keys {}", key_list(object)),
        other => describe(other),
    };
    Error::new(
        ErrorCode::UnknownRequestShape,
        "",
        format!(
            "expected a request (a `governanceRoleAssignmentRequest` with `type` and `assignmentState`, a Graph schedule request with `action`, or an ARM schedule request with `properties.requestType`), found {}",
            found
        ),
    )
}

fn key_list(object: &serde_json::Map<String, Value>) -> String {
    if object.is_empty() {
        return "(none)".into();
    }
    let mut keys: Vec<String> = object
        .keys()
        .take(8)
        .map(|k| format!("`{}`", json::shorten(k)))
        .collect();
    if object.len() > 8 {
        keys.push("…".into());
    }
    keys.join(", ")
}
