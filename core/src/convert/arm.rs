//! Writes role settings as an ARM `roleManagementPolicy` (api-version 2020-10-01):
//! `{"properties": {"rules": [...]}}`, each rule with `ruleType`, `id` and `target`.

use serde_json::{Map, Value};

use crate::convert::{iteration3_rules, newer_rules, object_of, Conversion, Generation};
use crate::model::{Approver, RoleSettings};

fn rule_type(kind: &str) -> (&'static str, String) {
    ("ruleType", format!("RoleManagementPolicy{}Rule", kind))
}

/// An ARM `userSet`: `id`, `description`, `isBackup`, `userType` (`User` or `Group`).
fn approver(approver: &Approver) -> Value {
    let mut value = object_of(&[
        ("id", approver.id.as_ref()),
        ("description", approver.display_name.as_ref()),
    ]);
    if let Value::Object(object) = &mut value {
        object.insert("isBackup".into(), Value::Bool(false));
        if let Some(kind) = &approver.kind {
            object.insert("userType".into(), Value::String(kind.clone()));
        }
    }
    value
}

/// Writes `settings` as a `roleManagementPolicy`.
pub fn write(settings: &RoleSettings) -> Conversion {
    let mut warnings = Vec::new();
    let mut rules = iteration3_rules(settings, rule_type, approver, &mut warnings);
    newer_rules::add_exception_members(settings, &mut rules, approver);
    rules.extend(newer_rules::iteration3_rules(
        settings,
        Generation::Arm,
        rule_type,
        &mut warnings,
    ));
    let mut properties = Map::new();
    if let Some(scope) = &settings.scope {
        properties.insert("scope".into(), Value::String(scope.clone()));
    }
    properties.insert("rules".into(), Value::Array(rules));
    let mut object = Map::new();
    object.insert("properties".into(), Value::Object(properties));
    Conversion {
        value: Value::Object(object),
        warnings,
    }
}
