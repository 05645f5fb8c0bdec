//! Writes role settings as an ARM `roleManagementPolicy` (api-version 2020-10-01):
//! `{"properties": {"rules": [...]}}`, each rule with `ruleType`, `id` and `target`.

use crate::convert::iteration3::{self, Dialect};
use crate::convert::{Conversion, Generation};
use crate::json::{Json, Object};
use crate::model::{Approver, RoleSettings};

const ARM: Dialect = Dialect {
    rule_type: |kind| ("ruleType", format!("RoleManagementPolicy{}Rule", kind)),
    approver,
    generation: Generation::Arm,
};

/// An ARM `userSet`: `id`, `description`, `isBackup`, `userType` (`User` or `Group`).
fn approver(approver: &Approver) -> Json<'static> {
    Json::Object(
        Object::new()
            .with_some("id", approver.id.as_deref())
            .with_some("description", approver.display_name.as_deref())
            .with("isBackup", Json::Bool(false))
            .with_some("userType", approver.kind.as_deref()),
    )
}

/// Writes `settings` as a `roleManagementPolicy`.
pub fn write(settings: &RoleSettings) -> Conversion {
    let mut warnings = Vec::new();
    let rules = iteration3::rules(settings, &ARM, &mut warnings);
    let properties = Object::new()
        .with_some("scope", settings.scope.as_deref())
        .with("rules", Json::Array(rules));
    let object = Object::new().with("properties", Json::Object(properties));
    Conversion::new(Json::Object(object), warnings)
}
