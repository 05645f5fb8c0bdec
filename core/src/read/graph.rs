//! Reader for Microsoft Graph iteration 3 (`policies/roleManagementPolicies`, v1.0 and beta):
//! `unifiedRoleManagementPolicy`, `unifiedRoleManagementPolicyAssignment` with an expanded `policy`,
//! lists of `unifiedRoleManagementPolicyRule`, and the schedule requests of directory roles
//! (`unifiedRole{Assignment,Eligibility}ScheduleRequest`) and of PIM for Groups
//! (`privilegedAccessGroup{Assignment,Eligibility}ScheduleRequest`). The rules and the request fields
//! are read by [`super::iteration3`], shared with ARM. It only translates; it decides nothing.

use crate::json::{Json, Object};

use crate::error::Error;
use crate::json::{get_key, has_key, key, At, Key};
use crate::model::{EligibilityLink, Level, Request, RequestPaths, RoleSettings};
use crate::read::fields::{as_array, key_str, Doc};
use crate::read::iteration3::{ambiguous_level, level_named_by, read_common, read_rules};

/// Where findings point in a Graph schedule request (directory roles and groups alike).
pub(crate) static PATHS: RequestPaths = RequestPaths {
    start: "/scheduleInfo/startDateTime",
    end: "/scheduleInfo/expiration/endDateTime",
    duration: "/scheduleInfo/expiration/duration",
    expiration: "/scheduleInfo/expiration",
    pattern: "/scheduleInfo/recurrence",
    justification: "/justification",
    ticket: "/ticketInfo/ticketNumber",
    eligibility_link: "",
    operation: "/action",
};

/// Whether an object is a Graph policy (`rules`) or a policy assignment with an expanded `policy`.
pub(crate) fn is_policy(object: &Object<'_>) -> bool {
    has_key(object, key!("rules"))
        || matches!(get_key(object, key!("policy")), Some((_, Json::Object(_))))
}

/// Reads a `unifiedRoleManagementPolicy` (`id`, `scopeId`, `rules`), or a
/// `unifiedRoleManagementPolicyAssignment` (`roleDefinitionId`, `scopeId`) with its expanded
/// `policy`. Also reads an Azure SDK model object of an ARM policy, whose fields sit at the root
/// ([`super::arm`] sends those here: the fields are the same).
pub(crate) fn read_policy(object: &Object<'_>, at: &At<'_>) -> Result<RoleSettings, Error> {
    let doc = Doc::Policy;
    let mut settings = RoleSettings {
        id: key_str(object, key!("id"), at, doc)?.map(str::to_owned),
        role_definition_id: key_str(object, key!("roleDefinitionId"), at, doc)?.map(str::to_owned),
        scope: match key_str(object, key!("scopeId"), at, doc)? {
            Some(scope) => Some(scope.to_owned()),
            None => key_str(object, key!("scope"), at, doc)?.map(str::to_owned),
        },
        ..RoleSettings::default()
    };
    if let Some((key, Json::Object(policy))) = get_key(object, key!("policy")) {
        let policy_at = at.field(key);
        let inner = read_policy(policy, &policy_at)?;
        if let Some(id) = key_str(object, key!("policyId"), at, doc)? {
            settings.id = Some(id.to_owned());
        } else if inner.id.is_some() {
            settings.id = inner.id;
        }
        return Ok(RoleSettings {
            id: settings.id,
            role_definition_id: settings.role_definition_id.or(inner.role_definition_id),
            scope: settings.scope.or(inner.scope),
            ..inner
        });
    }
    // A policy's own `rules` win over the service's computed `effectiveRules`, so that a policy a
    // user edited is checked as edited; an assignment carries only `effectiveRules`.
    let rules = get_key(object, key!("rules")).or_else(|| get_key(object, key!("effectiveRules")));
    if let Some((key, list)) = rules {
        let list_at = at.field(key);
        read_rules(as_array(list, &list_at, doc)?, &list_at, &mut settings)?;
    }
    Ok(settings)
}

/// Whether an object is a Graph schedule request (it has an `action`).
pub(crate) fn is_request(object: &Object<'_>) -> bool {
    has_key(object, key!("action"))
}

/// Reads a Graph schedule request of a directory role or of a group (PIM for Groups: `accessId`
/// `member`/`owner` is the role, `groupId` the scope). The level comes from `@odata.type` or
/// `@odata.context`, else `level`, else the request is `AmbiguousLevel`.
pub(crate) fn read_request(
    object: &Object<'_>,
    at: &At<'_>,
    level: Option<Level>,
) -> Result<Request, Error> {
    let doc = Doc::Request;
    let said = level_named_by(object, &[key!("@odata.type"), key!("@odata.context")]);
    let group = has_key(object, key!("accessId")) || has_key(object, key!("groupId"));
    let level = said
        .or(level)
        .or_else(|| level_of_action(object))
        .ok_or_else(|| {
            ambiguous_level(
                "Graph schedule request",
                "`@odata.type` or `@odata.context`",
            )
        })?;
    let mut common = read_common(object, at, key!("action"), false)?;
    if let Some(schedule) = common.schedule.as_mut() {
        schedule.recurrence = recurrence_given(object);
    }
    let text = |key: &Key| -> Result<Option<String>, Error> {
        Ok(key_str(object, key, at, doc)?.map(str::to_owned))
    };
    let (role_definition_id, scope) = if group {
        (text(key!("accessId"))?, text(key!("groupId"))?)
    } else {
        let scope = match text(key!("directoryScopeId"))? {
            Some(scope) => Some(scope),
            None => text(key!("appScopeId"))?,
        };
        (text(key!("roleDefinitionId"))?, scope)
    };
    Ok(Request {
        operation: common.operation,
        caller: common.caller,
        level,
        schedule: common.schedule,
        justification: common.justification,
        ticket_number: common.ticket_number,
        eligibility_link: EligibilityLink::FoundByService,
        principal_id: text(key!("principalId"))?,
        role_definition_id,
        scope,
        paths: &PATHS,
    })
}

/// The level where the action allows only one: `selfActivate` exists only on assignment requests
/// (an activation makes an active assignment). `adminAssign` and the others exist on both.
fn level_of_action(object: &Object<'_>) -> Option<Level> {
    match get_key(object, key!("action")) {
        Some((_, Json::String(action))) if action.eq_ignore_ascii_case("selfActivate") => {
            Some(Level::Assignment)
        }
        _ => None,
    }
}

/// Whether `scheduleInfo.recurrence` is given and not null (Graph `requestSchedule`: "currently
/// unsupported in PIM").
fn recurrence_given(object: &Object<'_>) -> bool {
    match get_key(object, key!("scheduleInfo")) {
        Some((_, Json::Object(schedule))) => get_key(schedule, key!("recurrence")).is_some(),
        _ => false,
    }
}
