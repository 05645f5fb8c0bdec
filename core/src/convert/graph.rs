//! Writes role settings as a Microsoft Graph `unifiedRoleManagementPolicy` with `rules`, each with
//! `@odata.type`, `id` and `target`.

use serde_json::{Map, Value};

use crate::convert::{iteration3_rules, newer_rules, object_of, Conversion, Generation};
use crate::model::{Approver, RoleSettings};

fn rule_type(kind: &str) -> (&'static str, String) {
    (
        "@odata.type",
        format!("#microsoft.graph.unifiedRoleManagementPolicy{}Rule", kind),
    )
}

/// A Graph `subjectSet`: `singleUser` (`userId`) for a user, `groupMembers` (`groupId`) for a
/// group, the kind as written otherwise.
fn approver(approver: &Approver) -> Value {
    let kind = approver.kind.as_deref();
    let (odata, id_key) = match kind {
        Some(k) if k.eq_ignore_ascii_case("User") => (Some("singleUser".to_owned()), "userId"),
        Some(k) if k.eq_ignore_ascii_case("Group") => (Some("groupMembers".to_owned()), "groupId"),
        Some(k) => (Some(k.to_owned()), "id"),
        None => (None, "id"),
    };
    let mut object = Map::new();
    if let Some(odata) = odata {
        object.insert(
            "@odata.type".into(),
            Value::String(format!("#microsoft.graph.{}", odata)),
        );
    }
    if let Value::Object(fields) = object_of(&[
        (id_key, approver.id.as_ref()),
        ("description", approver.display_name.as_ref()),
    ]) {
        object.extend(fields);
    }
    Value::Object(object)
}

/// Writes `settings` as a `unifiedRoleManagementPolicy`.
pub fn write(settings: &RoleSettings) -> Conversion {
    let mut warnings = Vec::new();
    let mut rules = iteration3_rules(settings, rule_type, approver, &mut warnings);
    rules.extend(newer_rules::iteration3_rules(
        settings,
        Generation::Graph,
        rule_type,
        &mut warnings,
    ));
    let mut object = Map::new();
    if let Some(id) = &settings.id {
        object.insert("id".into(), Value::String(id.clone()));
    }
    if let Some(scope) = &settings.scope {
        object.insert("scopeId".into(), Value::String(scope.clone()));
    }
    object.insert("rules".into(), Value::Array(rules));
    Conversion {
        value: Value::Object(object),
        warnings,
    }
}
