//! An ARM template (hand-written, or `bicep build` output): its
//! `Microsoft.Authorization/role{Eligibility,Assignment}ScheduleRequests` and
//! `roleManagementPolicies` resources, including those of nested deployments and child `resources`.
//! A template expression (`[utcNow()]`) is a value not known until deployment, unless it is a plain
//! `[parameters('x')]` that the parameters file (or the parameter's default) gives.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::fix::ResourceKind;
use super::overlay::Overlay;
use super::values::{kind_of, Depends, Unknown};
use super::{Candidate, Planned, Reading, SkipReason, Unplanned};
use crate::error::{Error, ErrorCode};
use crate::model::{PolicyDocument, Request};

const ELIGIBILITY_REQUESTS: &str = "microsoft.authorization/roleeligibilityschedulerequests";
const ASSIGNMENT_REQUESTS: &str = "microsoft.authorization/roleassignmentschedulerequests";
const POLICIES: &str = "microsoft.authorization/rolemanagementpolicies";
const DEPLOYMENTS: &str = "microsoft.resources/deployments";

/// Templates nest at most this deep (nested deployments and child resources together).
const MAX_DEPTH: usize = 32;

/// Whether the document is an ARM template: `resources` with a `$schema` or `contentVersion`.
pub(crate) fn is_template(document: &Value) -> bool {
    document.get("resources").is_some()
        && (document.get("$schema").is_some() || document.get("contentVersion").is_some())
}

/// A resource of the template with where it is.
struct Found<'v> {
    address: String,
    pointer: String,
    resource_type: String,
    resource: &'v Value,
}

/// Reads the template's requests and policies. `parameters` is a parameters file
/// (`{"parameters": {"x": {"value": ...}}}`).
pub(crate) fn read(template: &Value, parameters: Option<&Value>) -> Result<Reading, Error> {
    let known = known_parameters(template, parameters)?;
    let mut found = Vec::new();
    collect(template.get("resources"), "/resources", 0, &mut found)?;
    let mut reading = Reading {
        candidates: Vec::new(),
        overlays: Vec::new(),
        failed_policies: Vec::new(),
    };
    let mut policies = Vec::new();
    for item in &found {
        let lower = item.resource_type.to_ascii_lowercase();
        if lower == POLICIES {
            match read_policy(item, &known) {
                Ok(settings) => policies.push(settings),
                Err(error) => reading
                    .failed_policies
                    .push(candidate(item, Err(Unplanned::Failed(error)))),
            }
        } else {
            reading
                .candidates
                .push(candidate(item, read_request(item, &known)));
        }
    }
    // An ARM policy names no role: only a template's one policy is known to govern its requests.
    if let [only] = policies.as_slice() {
        reading.overlays.push(Overlay::whole_rules(only.clone()));
    }
    Ok(reading)
}

fn candidate(item: &Found<'_>, planned: Result<Planned, Unplanned>) -> Candidate {
    Candidate {
        address: item.address.clone(),
        resource_type: item.resource_type.clone(),
        actions: vec!["create".to_owned()],
        pointer: item.pointer.clone(),
        planned,
    }
}

/// The parameters a plain `[parameters('x')]` resolves to: the parameters file's `value`, else the
/// template's `defaultValue` where that is not itself an expression. Names are matched without
/// regard to case, as ARM does.
fn known_parameters(
    template: &Value,
    parameters: Option<&Value>,
) -> Result<HashMap<String, Value>, Error> {
    let mut known = HashMap::new();
    if let Some(declared) = template.get("parameters").and_then(Value::as_object) {
        for (name, declaration) in declared {
            if let Some(default) = declaration
                .get("defaultValue")
                .filter(|v| !is_expression(v))
            {
                known.insert(name.to_ascii_lowercase(), default.clone());
            }
        }
    }
    let Some(file) = parameters else {
        return Ok(known);
    };
    let values = file.get("parameters").unwrap_or(file);
    let Some(values) = values.as_object() else {
        return Err(Error::new(
            ErrorCode::InvalidOption,
            "parameters",
            format!(
                "the parameters file must be an object with `parameters`, found {}",
                kind_of(values)
            ),
        ));
    };
    for (name, entry) in values {
        if let Some(value) = entry.get("value").filter(|v| !is_expression(v)) {
            known.insert(name.to_ascii_lowercase(), value.clone());
        }
    }
    Ok(known)
}

fn is_expression(value: &Value) -> bool {
    value
        .as_str()
        .is_some_and(|text| text.starts_with('[') && !text.starts_with("[[") && text.ends_with(']'))
}

/// Every resource below `resources` (an array, or an object of symbolic names), nested
/// deployments' templates and child `resources` included.
fn collect<'v>(
    resources: Option<&'v Value>,
    pointer: &str,
    depth: usize,
    out: &mut Vec<Found<'v>>,
) -> Result<(), Error> {
    if depth > MAX_DEPTH {
        return Ok(());
    }
    let entries: Vec<(String, String, &Value)> = match resources {
        None | Some(Value::Null) => return Ok(()),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, r)| (format!("{pointer}/{i}"), format!("{pointer}/{i}"), r))
            .collect(),
        Some(Value::Object(named)) => named
            .iter()
            .map(|(name, r)| (name.clone(), format!("{pointer}/{}", escape(name)), r))
            .collect(),
        Some(other) => {
            return Err(Error::new(
                ErrorCode::InvalidRequest,
                pointer,
                format!(
                    "`resources` must be an array or an object, found {}",
                    kind_of(other)
                ),
            ))
        }
    };
    for (address, at, resource) in entries {
        let resource_type = resource
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let lower = resource_type.to_ascii_lowercase();
        if [ELIGIBILITY_REQUESTS, ASSIGNMENT_REQUESTS, POLICIES].contains(&lower.as_str()) {
            out.push(Found {
                address,
                pointer: at.clone(),
                resource_type: resource_type.to_owned(),
                resource,
            });
        } else if lower == DEPLOYMENTS {
            let inner = resource
                .get("properties")
                .and_then(|p| p.get("template"))
                .and_then(|t| t.get("resources"));
            collect(
                inner,
                &format!("{at}/properties/template/resources"),
                depth + 1,
                out,
            )?;
        }
        collect(
            resource.get("resources"),
            &format!("{at}/resources"),
            depth + 1,
            out,
        )?;
    }
    Ok(())
}

fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// A request resource read as the ARM request it will send. The request names no scope (it is the
/// deployment's), so it matches the policy set on its role alone.
fn read_request(item: &Found<'_>, known: &HashMap<String, Value>) -> Result<Planned, Unplanned> {
    let mut unknown = Vec::new();
    let properties = match item.resource.get("properties") {
        Some(Value::Object(properties)) => {
            resolve_object(properties, "/properties", known, &mut unknown)
        }
        found => {
            return Err(Unplanned::Failed(Error::new(
                ErrorCode::InvalidRequest,
                format!("{}/properties", item.pointer),
                format!(
                    "a schedule request's `properties` must be an object, found {}",
                    found.map_or("nothing", kind_of)
                ),
            )))
        }
    };
    if unknown
        .iter()
        .any(|u| u.attribute == "properties.requestType")
    {
        return Err(Unplanned::Skipped(SkipReason::UnknownAtPlanTime));
    }
    let mut document = Map::new();
    document.insert("type".to_owned(), Value::String(item.resource_type.clone()));
    document.insert("properties".to_owned(), Value::Object(properties));
    let mut request = Request::from_value(&Value::Object(document), None)
        .map_err(|e| Unplanned::Failed(e.under(&item.pointer)))?;
    request.scope = None;
    Ok(Planned {
        request,
        unknown,
        kind: ResourceKind::Template,
    })
}

fn read_policy(
    item: &Found<'_>,
    known: &HashMap<String, Value>,
) -> Result<crate::model::RoleSettings, Error> {
    let mut unknown = Vec::new();
    let properties = match item.resource.get("properties") {
        Some(Value::Object(properties)) => {
            resolve_object(properties, "/properties", known, &mut unknown)
        }
        _ => Map::new(),
    };
    let mut document = Map::new();
    document.insert("properties".to_owned(), Value::Object(properties));
    let policy =
        crate::Policy::from_value(&Value::Object(document)).map_err(|e| e.under(&item.pointer))?;
    match policy.document() {
        PolicyDocument::Single(settings) => Ok((**settings).clone()),
        _ => Err(Error::new(
            ErrorCode::InvalidPolicy,
            format!("{}/properties", item.pointer),
            "a `roleManagementPolicies` resource must hold one policy's `rules`",
        )),
    }
}

/// The object with its expressions resolved: a known `[parameters('x')]` becomes its value, a
/// `roleDefinitionId` expression the role GUID it names, any other expression is left out and
/// recorded in `unknown` where a rule reads it.
fn resolve_object(
    object: &Map<String, Value>,
    pointer: &str,
    known: &HashMap<String, Value>,
    unknown: &mut Vec<Unknown>,
) -> Map<String, Value> {
    let mut out = Map::new();
    for (key, value) in object {
        let at = format!("{pointer}/{}", escape(key));
        if let Some(resolved) = resolve(key, value, &at, known, unknown) {
            out.insert(key.clone(), resolved);
        }
    }
    out
}

fn resolve(
    key: &str,
    value: &Value,
    at: &str,
    known: &HashMap<String, Value>,
    unknown: &mut Vec<Unknown>,
) -> Option<Value> {
    match value {
        Value::Object(object) => Some(Value::Object(resolve_object(object, at, known, unknown))),
        Value::Array(items) => Some(Value::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    resolve(key, item, &format!("{at}/{i}"), known, unknown).unwrap_or(Value::Null)
                })
                .collect(),
        )),
        Value::String(text) if text.starts_with("[[") => {
            Some(Value::String(text.get(1..).unwrap_or_default().to_owned()))
        }
        Value::String(text) if is_expression(value) => {
            if let Some(value) = plain_parameter(text).and_then(|name| known.get(&name)) {
                return Some(value.clone());
            }
            if key.eq_ignore_ascii_case("roleDefinitionId") {
                if let Some(guid) = role_guid(text, known) {
                    return Some(Value::String(guid));
                }
            }
            if let Some(depends) = depends_on(at) {
                unknown.push(Unknown {
                    attribute: at.trim_start_matches('/').replace('/', "."),
                    path: at.to_owned(),
                    depends,
                });
            }
            None
        }
        other => Some(other.clone()),
    }
}

/// The name in a plain `[parameters('name')]`, in lower case.
fn plain_parameter(expression: &str) -> Option<String> {
    let inner = expression.strip_prefix('[')?.strip_suffix(']')?.trim();
    let name = inner
        .strip_prefix("parameters(")?
        .strip_suffix(')')?
        .trim()
        .strip_prefix('\'')?
        .strip_suffix('\'')?;
    (!name.contains('\'')).then(|| name.to_ascii_lowercase())
}

/// The role GUID a `roleDefinitionId` expression names, such as
/// `[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'b24988ac-...')]`, with
/// `parameters('x')` replaced by known string values: the one GUID in it, else `None`.
fn role_guid(expression: &str, known: &HashMap<String, Value>) -> Option<String> {
    let mut text = expression.to_owned();
    for (name, value) in known {
        if let Some(value) = value.as_str() {
            let lowered = text.to_ascii_lowercase();
            let call = format!("parameters('{name}')");
            if let Some(start) = lowered.find(&call) {
                text.replace_range(start..start + call.len(), value);
            }
        }
    }
    let guids: Vec<&str> = text
        .split(|c: char| !(c.is_ascii_hexdigit() || c == '-'))
        .filter(|word| is_guid(word))
        .collect();
    match guids.as_slice() {
        [only] => Some((*only).to_ascii_lowercase()),
        _ => None,
    }
}

fn is_guid(text: &str) -> bool {
    text.len() == 36
        && text.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// What a property of a request can change where its value is not known.
fn depends_on(pointer: &str) -> Option<Depends> {
    let lower = pointer.to_ascii_lowercase();
    if lower.contains("/scheduleinfo/startdatetime") {
        Some(Depends::Start)
    } else if lower.contains("/scheduleinfo") {
        Some(Depends::Expiration)
    } else if lower.contains("/justification") {
        Some(Depends::Justification)
    } else if lower.contains("/ticketinfo") {
        Some(Depends::Ticket)
    } else if lower.ends_with("/roledefinitionid") || lower.ends_with("/requesttype") {
        Some(Depends::Target)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_role_expression_names_its_guid() {
        let known = HashMap::from([(
            "role".to_owned(),
            Value::String("ACDD72A7-3385-48EF-BD42-F606FBA81AE7".to_owned()),
        )]);
        assert_eq!(
            role_guid(
                "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', parameters('role'))]",
                &known
            )
            .as_deref(),
            Some("acdd72a7-3385-48ef-bd42-f606fba81ae7")
        );
        assert_eq!(role_guid("[parameters('other')]", &known), None);
        assert_eq!(
            plain_parameter("[parameters('Days')]").as_deref(),
            Some("days")
        );
        assert_eq!(plain_parameter("[parameters('a').b]"), None);
    }
}
