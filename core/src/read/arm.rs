//! Reader for Azure Resource Manager iteration 3 (`Microsoft.Authorization`, api-version
//! 2020-10-01): `roleManagementPolicies` (`properties.rules`), `roleManagementPolicyAssignments`
//! (`properties.effectiveRules`), `roleAssignmentScheduleRequests` and
//! `roleEligibilityScheduleRequests` (`properties.requestType`); and the same objects as the Azure
//! SDKs' model objects give them, with `properties` flattened away (`@azure/arm-authorization`, and
//! Python `azure-mgmt-authorization` `.as_dict()` with snake_case keys). Rules and request fields
//! are read by [`super::iteration3`], shared with Graph. It only translates; it decides nothing.

use crate::json::{Json, Object};

use crate::error::Error;
use crate::json::{get_key, has_key, key, At, Key};
use crate::model::{EligibilityLink, Level, Request, RequestPaths, RoleSettings};
use crate::read::fields::{key_str, Doc};
use crate::read::graph;
use crate::read::iteration3::{ambiguous_level, level_named_by, read_common};

/// Where findings point in an ARM schedule request (`properties.*`).
pub(crate) static PATHS: RequestPaths = RequestPaths {
    start: "/properties/scheduleInfo/startDateTime",
    end: "/properties/scheduleInfo/expiration/endDateTime",
    duration: "/properties/scheduleInfo/expiration/duration",
    expiration: "/properties/scheduleInfo/expiration",
    pattern: "/properties/scheduleInfo/recurrence",
    justification: "/properties/justification",
    ticket: "/properties/ticketInfo/ticketNumber",
    eligibility_link: "/properties/linkedRoleEligibilityScheduleId",
    operation: "/properties/requestType",
};

/// Where findings point in an ARM request as an SDK model object with camelCase keys
/// (`@azure/arm-authorization`): the fields of `properties` at the root.
pub(crate) static SDK_PATHS: RequestPaths = RequestPaths {
    start: "/scheduleInfo/startDateTime",
    end: "/scheduleInfo/expiration/endDateTime",
    duration: "/scheduleInfo/expiration/duration",
    expiration: "/scheduleInfo/expiration",
    pattern: "/scheduleInfo/recurrence",
    justification: "/justification",
    ticket: "/ticketInfo/ticketNumber",
    eligibility_link: "/linkedRoleEligibilityScheduleId",
    operation: "/requestType",
};

/// Where findings point in an ARM request from the Python SDK's `as_dict()` (snake_case keys).
pub(crate) static PYTHON_SDK_PATHS: RequestPaths = RequestPaths {
    start: "/schedule_info/start_date_time",
    end: "/schedule_info/expiration/end_date_time",
    duration: "/schedule_info/expiration/duration",
    expiration: "/schedule_info/expiration",
    pattern: "/schedule_info/recurrence",
    justification: "/justification",
    ticket: "/ticket_info/ticket_number",
    eligibility_link: "/linked_role_eligibility_schedule_id",
    operation: "/request_type",
};

fn properties<'v, 't>(object: &'v Object<'t>) -> Option<(&'v str, &'v Object<'t>)> {
    match get_key(object, key!("properties")) {
        Some((key, Json::Object(properties))) => Some((key, properties)),
        _ => None,
    }
}

/// Whether an object is an ARM policy or policy assignment: `properties` with `rules` or
/// `effectiveRules`, or (an SDK model object) `effectiveRules` at the root.
pub(crate) fn is_policy(object: &Object<'_>) -> bool {
    match properties(object) {
        Some((_, props)) => has_key(props, key!("rules")) || has_key(props, key!("effectiveRules")),
        None => has_key(object, key!("effectiveRules")),
    }
}

/// Reads an ARM `roleManagementPolicy` or `roleManagementPolicyAssignment` (its role from
/// `properties.roleDefinitionId`, its scope from `properties.scope`), or either as an SDK model
/// object.
pub(crate) fn read_policy(object: &Object<'_>, at: &At<'_>) -> Result<RoleSettings, Error> {
    let Some((key, props)) = properties(object) else {
        return graph::read_policy(object, at);
    };
    let mut settings = graph::read_policy(props, &at.field(key))?;
    if let Some(id) = key_str(props, key!("policyId"), &at.field(key), Doc::Policy)? {
        settings.id = Some(id.to_owned());
    } else if settings.id.is_none() {
        settings.id = key_str(object, key!("id"), at, Doc::Policy)?.map(str::to_owned);
    }
    Ok(settings)
}

/// Whether an object is an ARM schedule request: `properties.requestType`, or (an SDK model
/// object) `requestType` / `request_type` at the root.
pub(crate) fn is_request(object: &Object<'_>) -> bool {
    match properties(object) {
        Some((_, props)) if has_key(props, key!("requestType")) => true,
        _ => has_key(object, key!("requestType")),
    }
}

/// Reads an ARM `roleAssignmentScheduleRequest` or `roleEligibilityScheduleRequest`. The level comes
/// from the resource `type` (`Microsoft.Authorization/roleEligibilityScheduleRequests`) or `id`,
/// else `level`, else the request is `AmbiguousLevel`.
pub(crate) fn read_request(
    object: &Object<'_>,
    at: &At<'_>,
    level: Option<Level>,
) -> Result<Request, Error> {
    let doc = Doc::Request;
    let said = level_named_by(object, &[key!("type"), key!("id")]);
    let level = said
        .or(level)
        .or_else(|| level_of_activation(object))
        .ok_or_else(|| ambiguous_level("ARM schedule request", "resource `type` or `id`"))?;
    let (fields, fields_at, paths) = match properties(object) {
        Some((key, props)) if has_key(props, key!("requestType")) => (props, at.field(key), &PATHS),
        _ => {
            let snake = object.keys().any(|k| k == "request_type");
            (
                object,
                *at,
                if snake { &PYTHON_SDK_PATHS } else { &SDK_PATHS },
            )
        }
    };
    let common = read_common(fields, &fields_at, key!("requestType"), true)?;
    let text = |key: &Key| -> Result<Option<String>, Error> {
        Ok(key_str(fields, key, &fields_at, doc)?.map(str::to_owned))
    };
    let scope = match text(key!("scope"))? {
        Some(scope) => Some(scope),
        // The scope is in the URL of a PUT; a response's `id` still carries it.
        None => key_str(object, key!("id"), at, doc)?.and_then(|id| {
            let lower = id.to_ascii_lowercase();
            lower
                .find("/providers/microsoft.authorization/")
                .and_then(|end| id.get(..end))
                .filter(|scope| !scope.is_empty())
                .map(str::to_owned)
        }),
    };
    let eligibility_link = match text(key!("linkedRoleEligibilityScheduleId"))? {
        Some(id) if !id.trim().is_empty() => EligibilityLink::Given(id),
        _ => EligibilityLink::FoundByService,
    };
    Ok(Request {
        operation: common.operation,
        caller: common.caller,
        level,
        schedule: common.schedule,
        justification: common.justification,
        ticket_number: common.ticket_number,
        eligibility_link,
        principal_id: text(key!("principalId"))?,
        role_definition_id: text(key!("roleDefinitionId"))?,
        scope,
        paths,
    })
}

/// The level where only one is possible: `SelfActivate`, or a `linkedRoleEligibilityScheduleId`
/// (the eligibility an activation uses), exists only on assignment requests.
fn level_of_activation(object: &Object<'_>) -> Option<Level> {
    let fields = match properties(object) {
        Some((_, props)) if has_key(props, key!("requestType")) => props,
        _ => object,
    };
    let activation = matches!(
        get_key(fields, key!("requestType")),
        Some((_, Json::String(kind))) if kind.eq_ignore_ascii_case("SelfActivate")
    );
    let linked = matches!(
        get_key(fields, key!("linkedRoleEligibilityScheduleId")),
        Some((_, Json::String(id))) if !id.trim().is_empty()
    );
    (activation || linked).then_some(Level::Assignment)
}
