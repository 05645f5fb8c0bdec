//! Writes role settings as a Microsoft Graph `unifiedRoleManagementPolicy` with `rules`, each with
//! `@odata.type`, `id` and `target`.

use crate::convert::iteration3::{self, Dialect};
use crate::convert::{Conversion, Generation};
use crate::json::{Json, Object};
use crate::model::{Approver, RoleSettings};

const GRAPH: Dialect = Dialect {
    rule_type: |kind| {
        (
            "@odata.type",
            format!("#microsoft.graph.unifiedRoleManagementPolicy{}Rule", kind),
        )
    },
    approver,
    generation: Generation::Graph,
};

/// A Graph `subjectSet`: `singleUser` (`userId`) for a user, `groupMembers` (`groupId`) for a
/// group, the kind as written otherwise.
fn approver(approver: &Approver) -> Json<'static> {
    let (odata, id_key) = match approver.kind.as_deref() {
        Some(k) if k.eq_ignore_ascii_case("User") => (Some("singleUser"), "userId"),
        Some(k) if k.eq_ignore_ascii_case("Group") => (Some("groupMembers"), "groupId"),
        Some(k) => (Some(k), "id"),
        None => (None, "id"),
    };
    let mut object = Object::new();
    if let Some(odata) = odata {
        object = object.with(
            "@odata.type",
            Json::string(format!("#microsoft.graph.{}", odata)),
        );
    }
    Json::Object(
        object
            .with_some(id_key, approver.id.as_deref())
            .with_some("description", approver.display_name.as_deref()),
    )
}

/// Writes `settings` as a `unifiedRoleManagementPolicy`.
pub fn write(settings: &RoleSettings) -> Conversion {
    let mut warnings = Vec::new();
    let rules = iteration3::rules(settings, &GRAPH, &mut warnings);
    let object = Object::new()
        .with_some("id", settings.id.as_deref())
        .with_some("scopeId", settings.scope.as_deref())
        .with("rules", Json::Array(rules));
    Conversion::new(Json::Object(object), warnings)
}
