//! A Terraform plan (`terraform show -json`): its `resource_changes` read into the requests the
//! `azurerm` and `azuread` providers will send, field by field as the providers' own code maps
//! them (azurerm `pim_eligible_role_assignment_resource.go`, azuread
//! `privileged_access_group_schedule.go`).

use std::collections::HashMap;

use chrono::TimeDelta;
use serde_json::{Map, Value};

use super::fix::ResourceKind;
use super::overlay;
use super::values::{describe, Depends, Resource, Unknown};
use super::{Candidate, Planned, Reading, Unplanned};
use crate::error::{Error, ErrorCode};
use crate::model::{
    Caller, EligibilityLink, ExpirationType, Level, Operation, Request, RequestPaths, Schedule,
};

/// Where findings point in an `azurerm` PIM resource with `duration_days` (or no duration).
static AZURERM_DAYS: RequestPaths = RequestPaths {
    start: "/schedule/0/start_date_time",
    end: "/schedule/0/expiration/0/end_date_time",
    duration: "/schedule/0/expiration/0/duration_days",
    expiration: "/schedule",
    pattern: "",
    justification: "/justification",
    ticket: "/ticket/0/number",
    eligibility_link: "",
    operation: "",
};

/// Where findings point in an `azurerm` PIM resource with `duration_hours`.
static AZURERM_HOURS: RequestPaths = RequestPaths {
    duration: "/schedule/0/expiration/0/duration_hours",
    ..AZURERM_DAYS
};

/// Where findings point in an `azuread` PIM for Groups schedule.
static AZUREAD_GROUP: RequestPaths = RequestPaths {
    start: "/start_date",
    end: "/expiration_date",
    duration: "/duration",
    expiration: "/permanent_assignment",
    pattern: "",
    justification: "/justification",
    ticket: "/ticket_number",
    eligibility_link: "",
    operation: "",
};

/// Where findings point in an `azuread_directory_role_eligibility_schedule_request`: it has no
/// schedule attributes, so a schedule finding points at the resource.
static AZUREAD_DIRECTORY_ROLE: RequestPaths = RequestPaths {
    start: "",
    end: "",
    duration: "",
    expiration: "",
    pattern: "",
    justification: "/justification",
    ticket: "",
    eligibility_link: "",
    operation: "",
};

/// The resource types that send a request, and at which level.
const REQUEST_TYPES: [(&str, ResourceKind, Level); 5] = [
    (
        "azurerm_pim_eligible_role_assignment",
        ResourceKind::Azurerm,
        Level::Eligibility,
    ),
    (
        "azurerm_pim_active_role_assignment",
        ResourceKind::Azurerm,
        Level::Assignment,
    ),
    (
        "azuread_privileged_access_group_eligibility_schedule",
        ResourceKind::AzureadGroup,
        Level::Eligibility,
    ),
    (
        "azuread_privileged_access_group_assignment_schedule",
        ResourceKind::AzureadGroup,
        Level::Assignment,
    ),
    (
        "azuread_directory_role_eligibility_schedule_request",
        ResourceKind::AzureadDirectoryRole,
        Level::Eligibility,
    ),
];

/// Whether the document is a plan: `format_version` with `resource_changes` (or another key only
/// `terraform show -json` writes).
pub(crate) fn is_plan(document: &Value) -> bool {
    document.get("format_version").is_some()
        && [
            "resource_changes",
            "planned_values",
            "terraform_version",
            "configuration",
        ]
        .iter()
        .any(|key| document.get(key).is_some())
}

/// A resource change, as far as it was read before its type is known.
struct Change<'v> {
    index: usize,
    object: &'v Map<String, Value>,
    address: String,
    resource_type: String,
    actions: Vec<String>,
}

/// Reads every created, updated or replaced PIM resource of the plan; deletes and no-ops are left
/// out. `resource_changes` that is not an array is an error of the whole plan.
pub(crate) fn read(plan: &Value) -> Result<Reading, Error> {
    let changes = match plan.get("resource_changes") {
        None | Some(Value::Null) => &[][..],
        Some(Value::Array(changes)) => changes.as_slice(),
        Some(other) => {
            return Err(Error::new(
                ErrorCode::InvalidRequest,
                "/resource_changes",
                format!(
                    "`resource_changes` must be an array, found {}",
                    describe(other)
                ),
            ))
        }
    };
    let configs = config_index(plan.get("configuration"));
    let mut reading = Reading {
        candidates: Vec::new(),
        overlays: Vec::new(),
        failed_policies: Vec::new(),
    };
    for (index, change) in changes.iter().enumerate() {
        let change = match read_change(index, change) {
            Ok(Some(change)) => change,
            Ok(None) => continue,
            Err(candidate) => {
                reading.candidates.push(*candidate);
                continue;
            }
        };
        read_resource(&change, &configs, &mut reading);
    }
    Ok(reading)
}

/// The change's address, type and actions; `None` for a resource pimcheck does not read or an
/// action that sends nothing (delete, no-op, read).
fn read_change(index: usize, change: &Value) -> Result<Option<Change<'_>>, Box<Candidate>> {
    let at = format!("/resource_changes/{index}");
    let Some(object) = change.as_object() else {
        return Err(Box::new(failed(
            at.clone(),
            String::new(),
            Vec::new(),
            at.clone(),
            Error::new(
                ErrorCode::InvalidRequest,
                at,
                format!(
                    "a resource change must be an object, found {}",
                    describe(change)
                ),
            ),
        )));
    };
    let resource_type = object
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if !is_read(resource_type) {
        return Ok(None);
    }
    let address = object
        .get("address")
        .and_then(Value::as_str)
        .map_or_else(|| at.clone(), str::to_owned);
    let actions = match object.get("change").and_then(|c| c.get("actions")) {
        Some(Value::Array(actions)) if actions.iter().all(Value::is_string) => actions
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect::<Vec<_>>(),
        found => {
            let error = Error::new(
                ErrorCode::InvalidRequest,
                format!("{at}/change/actions"),
                format!(
                    "`change.actions` must be an array of strings, found {}",
                    found.map_or_else(|| "nothing".to_owned(), describe)
                ),
            );
            let pointer = format!("{at}/change/after");
            return Err(Box::new(failed(
                address,
                resource_type.to_owned(),
                Vec::new(),
                pointer,
                error,
            )));
        }
    };
    if !actions.iter().any(|a| a == "create" || a == "update") {
        return Ok(None);
    }
    Ok(Some(Change {
        index,
        object,
        address,
        resource_type: resource_type.to_owned(),
        actions,
    }))
}

fn is_read(resource_type: &str) -> bool {
    REQUEST_TYPES
        .iter()
        .any(|(name, ..)| *name == resource_type)
        || overlay::TERRAFORM_POLICY_TYPES.contains(&resource_type)
}

fn failed(
    address: String,
    resource_type: String,
    actions: Vec<String>,
    pointer: String,
    error: Error,
) -> Candidate {
    Candidate {
        address,
        resource_type,
        actions,
        pointer,
        planned: Err(Unplanned::Failed(error)),
    }
}

/// Reads one change into a candidate request or a policy overlay.
fn read_resource(change: &Change<'_>, configs: &HashMap<String, &Value>, reading: &mut Reading) {
    let at = format!("/resource_changes/{}/change/after", change.index);
    let body = change.object.get("change");
    let after = body.and_then(|c| c.get("after")).unwrap_or(&Value::Null);
    let candidate = |planned: Result<Planned, Error>| Candidate {
        address: change.address.clone(),
        resource_type: change.resource_type.clone(),
        actions: change.actions.clone(),
        pointer: format!("/resource_changes/{}/change/after", change.index),
        planned: planned.map_err(Unplanned::Failed),
    };
    if !after.is_object() {
        let error = Error::new(
            ErrorCode::InvalidRequest,
            at,
            format!(
                "`change.after` must be an object, found {}",
                describe(after)
            ),
        );
        reading.candidates.push(candidate(Err(error)));
        return;
    }
    let resource = Resource {
        after,
        after_unknown: body.and_then(|c| c.get("after_unknown")),
        config: config_of(change.object, configs),
        at,
    };
    let found = REQUEST_TYPES
        .iter()
        .find(|(name, ..)| *name == change.resource_type);
    let Some((_, kind, level)) = found else {
        match overlay::read_terraform(&change.resource_type, &change.address, &resource) {
            Ok(overlay) => reading.overlays.push(overlay),
            Err(error) => reading.failed_policies.push(candidate(Err(error))),
        }
        return;
    };
    let operation = if change.actions.iter().any(|a| a == "create") {
        Operation::Assign
    } else {
        Operation::Update
    };
    let planned = match kind {
        ResourceKind::Azurerm => read_azurerm(&resource, *level, operation),
        ResourceKind::AzureadGroup => read_group(&resource, *level, operation),
        _ => read_directory_role(&resource, operation),
    };
    reading.candidates.push(candidate(planned));
}

fn request(operation: Operation, level: Level, paths: &'static RequestPaths) -> Request {
    Request {
        operation,
        caller: Caller::Admin,
        level,
        schedule: None,
        justification: None,
        ticket_number: None,
        eligibility_link: EligibilityLink::FoundByService,
        principal_id: None,
        role_definition_id: None,
        scope: None,
        paths,
    }
}

/// `azurerm_pim_{eligible,active}_role_assignment`: `AdminAssign` with `schedule.expiration`
/// `duration_days` → `P{n}D`, else `duration_hours` → `PT{n}H`, else `end_date_time`, else no
/// expiration (a missing `schedule` or `expiration` block is permanent).
fn read_azurerm(
    resource: &Resource<'_>,
    level: Level,
    operation: Operation,
) -> Result<Planned, Error> {
    let mut unknown = Vec::new();
    let days_at = "schedule.0.expiration.0.duration_days";
    let hours_at = "schedule.0.expiration.0.duration_hours";
    let end_at = "schedule.0.expiration.0.end_date_time";
    let start_at = "schedule.0.start_date_time";
    let days = resource.integer(days_at, Depends::Expiration, &mut unknown)?;
    let hours = resource.integer(hours_at, Depends::Expiration, &mut unknown)?;
    let end = resource.text(end_at, Depends::Expiration, &mut unknown)?;
    let start = resource.text(start_at, Depends::Start, &mut unknown)?;
    let start = date(resource, start_at, start)?;
    let (expiration, duration, end, paths) = match (days, hours, end) {
        (Some(days), ..) if days != 0 => {
            let length = TimeDelta::try_days(days).ok_or_else(|| too_long(resource, days_at))?;
            (
                ExpirationType::AfterDuration,
                Some(length),
                None,
                &AZURERM_DAYS,
            )
        }
        (_, Some(hours), _) if hours != 0 => {
            let length = TimeDelta::try_hours(hours).ok_or_else(|| too_long(resource, hours_at))?;
            (
                ExpirationType::AfterDuration,
                Some(length),
                None,
                &AZURERM_HOURS,
            )
        }
        (_, _, Some(end)) if !end.is_empty() => {
            let end = date(resource, end_at, Some(end))?;
            (ExpirationType::AfterDateTime, None, end, &AZURERM_DAYS)
        }
        _ => (ExpirationType::NoExpiration, None, None, &AZURERM_DAYS),
    };
    let mut request = request(operation, level, paths);
    request.schedule = Some(Schedule {
        start,
        expiration,
        end,
        duration,
        pattern: None,
        recurrence: false,
    });
    request.justification = resource
        .text("justification", Depends::Justification, &mut unknown)?
        .map(str::to_owned);
    request.ticket_number = resource
        .text("ticket.0.number", Depends::Ticket, &mut unknown)?
        .map(str::to_owned);
    request.role_definition_id = target(resource, "role_definition_id", &mut unknown)?;
    request.scope = target(resource, "scope", &mut unknown)?;
    request.principal_id = resource
        .text("principal_id", Depends::Target, &mut Vec::new())?
        .map(str::to_owned);
    Ok(Planned {
        request,
        unknown,
        kind: ResourceKind::Azurerm,
    })
}

/// `azuread_privileged_access_group_{eligibility,assignment}_schedule`: `adminAssign` (or
/// `adminUpdate` on an update) with `expiration_date`, else `duration`, else
/// `permanent_assignment = true` → no expiration; with none of them the provider refuses the
/// resource before sending anything.
fn read_group(
    resource: &Resource<'_>,
    level: Level,
    operation: Operation,
) -> Result<Planned, Error> {
    let mut unknown = Vec::new();
    let end_text = resource.text("expiration_date", Depends::Expiration, &mut unknown)?;
    let duration_text = resource.text("duration", Depends::Expiration, &mut unknown)?;
    let permanent = resource.boolean("permanent_assignment", Depends::Expiration, &mut unknown)?;
    let start_text = resource.text("start_date", Depends::Start, &mut unknown)?;
    let start = date(resource, "start_date", start_text)?;
    let expiration_unknown = unknown.iter().any(|u| u.depends == Depends::Expiration);
    let (expiration, end, duration) = match (end_text, duration_text, permanent) {
        (Some(end), ..) if !end.is_empty() => (
            ExpirationType::AfterDateTime,
            date(resource, "expiration_date", Some(end))?,
            None,
        ),
        (_, Some(duration), _) if !duration.is_empty() => {
            let length = crate::duration::parse_iso8601(duration)
                .map_err(|e| resource.error_at("duration", e))?;
            (ExpirationType::AfterDuration, None, Some(length))
        }
        (_, _, Some(true)) => (ExpirationType::NoExpiration, None, None),
        _ if expiration_unknown => (ExpirationType::NoExpiration, None, None),
        _ => return Err(no_expiration_given(resource)),
    };
    let mut request = request(operation, level, &AZUREAD_GROUP);
    request.schedule = Some(Schedule {
        start,
        expiration,
        end,
        duration,
        pattern: None,
        recurrence: false,
    });
    request.justification = resource
        .text("justification", Depends::Justification, &mut unknown)?
        .map(str::to_owned);
    request.ticket_number = resource
        .text("ticket_number", Depends::Ticket, &mut unknown)?
        .map(str::to_owned);
    request.role_definition_id = target(resource, "assignment_type", &mut unknown)?;
    request.scope = target(resource, "group_id", &mut unknown)?;
    request.principal_id = resource
        .text("principal_id", Depends::Target, &mut Vec::new())?
        .map(str::to_owned);
    Ok(Planned {
        request,
        unknown,
        kind: ResourceKind::AzureadGroup,
    })
}

/// `azuread_directory_role_eligibility_schedule_request`: `adminAssign` of an eligibility with
/// no expiration (the resource has no schedule attributes).
fn read_directory_role(resource: &Resource<'_>, operation: Operation) -> Result<Planned, Error> {
    let mut unknown = Vec::new();
    let mut request = request(operation, Level::Eligibility, &AZUREAD_DIRECTORY_ROLE);
    request.schedule = Some(Schedule {
        start: None,
        expiration: ExpirationType::NoExpiration,
        end: None,
        duration: None,
        pattern: None,
        recurrence: false,
    });
    request.justification = resource
        .text("justification", Depends::Justification, &mut unknown)?
        .map(str::to_owned);
    request.role_definition_id = target(resource, "role_definition_id", &mut unknown)?;
    request.scope = target(resource, "directory_scope_id", &mut unknown)?;
    request.principal_id = resource
        .text("principal_id", Depends::Target, &mut Vec::new())?
        .map(str::to_owned);
    Ok(Planned {
        request,
        unknown,
        kind: ResourceKind::AzureadDirectoryRole,
    })
}

fn target(
    resource: &Resource<'_>,
    dotted: &str,
    unknown: &mut Vec<Unknown>,
) -> Result<Option<String>, Error> {
    Ok(resource
        .text(dotted, Depends::Target, unknown)?
        .filter(|t| !t.is_empty())
        .map(str::to_owned))
}

fn date(
    resource: &Resource<'_>,
    dotted: &str,
    text: Option<&str>,
) -> Result<Option<chrono::DateTime<chrono::Utc>>, Error> {
    match text.filter(|t| !t.is_empty()) {
        Some(text) => crate::time::parse_date_time(text)
            .map(Some)
            .map_err(|e| resource.error_at(dotted, e)),
        None => Ok(None),
    }
}

fn too_long(resource: &Resource<'_>, dotted: &str) -> Error {
    Error::new(
        ErrorCode::InvalidDuration,
        format!("{}{}", resource.at, super::values::pointer_of(dotted)),
        format!("`{dotted}` is too long to be a duration"),
    )
}

fn no_expiration_given(resource: &Resource<'_>) -> Error {
    Error::new(
        ErrorCode::InvalidRequest,
        resource.at.clone(),
        "none of `expiration_date`, `duration` and `permanent_assignment = true` is set: the \
         provider refuses the resource before sending a request",
    )
    .with_hint("set `duration` (e.g. `duration = \"P365D\"`) or `expiration_date`")
}

/// The configuration's `expressions` of every resource, by module path and `type.name` without
/// instance keys (`module.net.azurerm_x.y`).
fn config_index(configuration: Option<&Value>) -> HashMap<String, &Value> {
    let mut index = HashMap::new();
    if let Some(root) = configuration.and_then(|c| c.get("root_module")) {
        index_module(root, "", &mut index, 0);
    }
    index
}

/// Modules nest at most this deep in the index (a hostile plan could nest deeper).
const MAX_MODULE_DEPTH: usize = 64;

fn index_module<'v>(
    module: &'v Value,
    prefix: &str,
    index: &mut HashMap<String, &'v Value>,
    depth: usize,
) {
    if depth > MAX_MODULE_DEPTH {
        return;
    }
    for resource in module
        .get("resources")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice)
    {
        let (Some(kind), Some(name)) = (
            resource.get("type").and_then(Value::as_str),
            resource.get("name").and_then(Value::as_str),
        ) else {
            continue;
        };
        if resource.get("mode").and_then(Value::as_str) == Some("data") {
            continue;
        }
        let expressions = resource.get("expressions").unwrap_or(&Value::Null);
        index.insert(format!("{prefix}{kind}.{name}"), expressions);
    }
    if let Some(calls) = module.get("module_calls").and_then(Value::as_object) {
        for (name, call) in calls {
            if let Some(inner) = call.get("module") {
                index_module(inner, &format!("{prefix}module.{name}."), index, depth + 1);
            }
        }
    }
}

/// The configuration of a change: by its `module_address` and `type.name`, instance keys removed.
fn config_of<'v>(
    change: &Map<String, Value>,
    configs: &HashMap<String, &'v Value>,
) -> Option<&'v Value> {
    let kind = change.get("type").and_then(Value::as_str)?;
    let name = change.get("name").and_then(Value::as_str)?;
    let module = change
        .get("module_address")
        .and_then(Value::as_str)
        .map(without_instance_keys);
    let key = match module {
        Some(module) if !module.is_empty() => format!("{module}.{kind}.{name}"),
        _ => format!("{kind}.{name}"),
    };
    configs.get(&key).copied()
}

/// An address without its instance keys: `module.a[0].module.b["x"]` → `module.a.module.b`.
fn without_instance_keys(address: &str) -> String {
    let mut out = String::with_capacity(address.len());
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for c in address.chars() {
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            '"' if depth > 0 => in_string = true,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instance_keys_are_removed_from_module_addresses() {
        assert_eq!(
            without_instance_keys(r#"module.a[0].module.b["x]\"y"]"#),
            "module.a.module.b"
        );
        assert_eq!(without_instance_keys("module.a"), "module.a");
    }
}
