//! The parts of iteration-3 rules that newer API versions added, read for [`super::iteration3`]:
//! Graph custom extension rules (`unifiedRoleManagementPolicyCustomExtensionRule`, preview), the
//! ARM 2024-09-01-preview `RoleManagementPolicyPimOnlyModeRule`, and the `exceptionMembers` of an
//! expiration rule (ARM 2024-09-01-preview; Graph beta where it carries them).

use crate::error::Error;
use crate::json::{get_key, key, key_matches, At, Object};
use crate::model::{Approver, CustomExtensionRule, KeptRule, RuleId};
use crate::read::fields::{as_array, as_object, key_bool, key_str, Doc};

/// A custom extension rule: its `customExtensionId` and `isEnabled` (absent means off, as for
/// the other rules' switches).
pub(crate) fn read_custom_extension(
    rule: &Object<'_>,
    at: &At<'_>,
    id: RuleId,
) -> Result<CustomExtensionRule, Error> {
    let doc = Doc::Policy;
    Ok(CustomExtensionRule {
        id,
        extension_id: key_str(rule, key!("customExtensionId"), at, doc)?
            .filter(|text| !text.trim().is_empty())
            .map(str::to_owned),
        enabled: key_bool(rule, key!("isEnabled"), at, doc)?.unwrap_or(false),
    })
}

/// A rule kept as written (its fields but `id`, its type and `target`), for conversions.
pub(crate) fn read_kept(rule: &Object<'_>, id: String) -> KeptRule {
    KeptRule {
        id,
        settings: kept_settings(rule),
    }
}

/// A rule's fields but `id`, its type and `target` (what a conversion writes back under a new id,
/// type and target), as written.
pub(crate) fn kept_settings(rule: &Object<'_>) -> serde_json::Value {
    let settings: serde_json::Map<String, serde_json::Value> = rule
        .iter()
        .filter(|(k, _)| {
            !["id", "@odata.type", "ruleType", "target"]
                .iter()
                .any(|w| key_matches(k, w))
        })
        .map(|(k, v)| (k.to_owned(), v.to_value()))
        .collect();
    serde_json::Value::Object(settings)
}

/// An expiration rule's `exceptionMembers`: ARM `userSet`s (`id`, `userType`) or Graph subject
/// sets (`singleUser` / `groupMembers`), read as approvers are. `null` or absent is none.
pub(crate) fn read_exception_members(
    rule: &Object<'_>,
    at: &At<'_>,
) -> Result<Vec<Approver>, Error> {
    let doc = Doc::Policy;
    let Some((key, list)) = get_key(rule, key!("exceptionMembers")) else {
        return Ok(Vec::new());
    };
    let list_at = at.field(key);
    let mut members = Vec::new();
    for (index, member) in as_array(list, &list_at, doc)?.iter().enumerate() {
        let member_at = list_at.index(index);
        let member = as_object(member, &member_at, doc)?;
        members.push(super::iteration3::read_approver(member, &member_at)?);
    }
    Ok(members)
}
