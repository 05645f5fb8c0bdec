//! An existing assignment or eligibility as a schedule list gives it ([`ScheduleRecord`]), and its
//! readers: Graph (`unifiedRole{Assignment,Eligibility}Schedule[Instance]`, PIM for Groups
//! `privilegedAccessGroup{Assignment,Eligibility}Schedule[Instance]`), ARM
//! (`role{Assignment,Eligibility}Schedule[Instance]s`) and iteration 2 (`governanceRoleAssignment`).
//! Like every reader they translate; the audit decides.

use chrono::{DateTime, Utc};

use crate::error::{Error, ErrorCode};
use crate::json::{get_key, has_key, key, At, Json, Key, Object};
use crate::model::{ExpirationType, Level, Schedule};
use crate::read::fields::{as_object, as_str, key_str, Doc};
use crate::read::iteration3::read_schedule;
use crate::read::values::read_date_time;

/// An existing assignment or eligibility (a schedule or a schedule instance), whatever generation
/// it was listed in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleRecord {
    /// The schedule's id, where given.
    pub id: Option<String>,
    /// Who holds it (`principalId`, iteration 2 `subjectId`).
    pub principal_id: Option<String>,
    /// The role (`roleDefinitionId`; PIM for Groups: `accessId`).
    pub role_definition_id: Option<String>,
    /// Where (`directoryScopeId`, `scope`, `resourceId`; PIM for Groups: `groupId`).
    pub scope: Option<String>,
    /// An eligibility, or an active assignment.
    pub level: Level,
    /// An active assignment that is the activation of an eligibility (`assignmentType`
    /// `Activated`, iteration 2 `linkedEligibleRoleAssignmentId`).
    pub activation: bool,
    /// When it starts and ends, as listed.
    pub schedule: Schedule,
}

/// What a list's `@odata.context` (or nothing) says its entries are.
pub(crate) fn level_from_context(context: Option<&str>) -> Option<Level> {
    context.and_then(level_from_name)
}

/// The level a type or list name says: `...EligibilitySchedule...` or `...AssignmentSchedule...`
/// (schedules, instances, their lists), in any case.
fn level_from_name(text: &str) -> Option<Level> {
    let lower = text.to_ascii_lowercase();
    if lower.contains("eligibilityschedule") {
        Some(Level::Eligibility)
    } else if lower.contains("assignmentschedule") {
        Some(Level::Assignment)
    } else {
        None
    }
}

/// Reads one entry of a schedule list; `context` is the level its list's `@odata.context` says.
pub(crate) fn read_record(
    value: &Json<'_>,
    at: &At<'_>,
    context: Option<Level>,
) -> Result<ScheduleRecord, Error> {
    let Some(object) = value.as_object() else {
        return Err(unknown_shape(at, &crate::json::describe(value)));
    };
    if let Some((written, properties)) = get_key(object, key!("properties")) {
        let fields_at = at.field(written);
        let fields = as_object(properties, &fields_at, Doc::Schedule)?;
        return read_arm(object, fields, at, &fields_at, context);
    }
    if has_key(object, key!("assignmentState")) {
        return read_iteration2(object, at);
    }
    if [
        key!("principalId"),
        key!("roleDefinitionId"),
        key!("groupId"),
    ]
    .iter()
    .any(|k| has_key(object, k))
    {
        return read_graph(object, at, context);
    }
    let keys: Vec<String> = object.keys().take(8).map(|k| format!("`{}`", k)).collect();
    let found = if keys.is_empty() {
        "an empty object".to_owned()
    } else {
        format!("an object with the keys {}", keys.join(", "))
    };
    Err(unknown_shape(at, &found))
}

fn unknown_shape(at: &At<'_>, found: &str) -> Error {
    at.error(
        ErrorCode::UnknownScheduleShape,
        format!(
            "expected a role assignment or eligibility schedule (Graph, PIM for Groups, ARM or iteration 2), found {}",
            found
        ),
    )
    .with_hint("export the list of `roleAssignmentSchedules`, `roleEligibilitySchedules` or their instances (Graph or ARM), or iteration-2 `roleAssignments`")
}

fn text(object: &Object<'_>, wanted: &Key, at: &At<'_>) -> Result<Option<String>, Error> {
    Ok(key_str(object, wanted, at, Doc::Schedule)?.map(str::to_owned))
}

/// A top-level date-time field (`startDateTime`, `endDateTime`) of an instance or an ARM or
/// iteration-2 entry; the service's "not given" `0001-01-01` is read as absent.
fn time(object: &Object<'_>, wanted: &Key, at: &At<'_>) -> Result<Option<DateTime<Utc>>, Error> {
    match get_key(object, wanted) {
        None => Ok(None),
        Some((written, value)) => {
            let value_at = at.field(written);
            let text = as_str(value, &value_at, Doc::Schedule)?;
            if text.starts_with("0001-01-01") {
                return Ok(None);
            }
            read_date_time(text, &value_at).map(Some)
        }
    }
}

fn start_and_end(object: &Object<'_>, at: &At<'_>) -> Result<Schedule, Error> {
    Ok(Schedule {
        start: time(object, key!("startDateTime"), at)?,
        expiration: ExpirationType::NotSpecified,
        end: time(object, key!("endDateTime"), at)?,
        duration: None,
        pattern: None,
        recurrence: false,
    })
}

/// Whether `assignmentType` says `Activated` (any case); its presence says the level is assignment.
fn assignment_type(object: &Object<'_>, at: &At<'_>) -> Result<Option<bool>, Error> {
    Ok(key_str(object, key!("assignmentType"), at, Doc::Schedule)?
        .map(|t| t.eq_ignore_ascii_case("activated")))
}

/// The level: the entry's type name, `assignmentType`, the id of the schedule an instance belongs
/// to, or the list's context; else `AmbiguousLevel`.
fn level(
    names: &[Option<&str>],
    activated: Option<bool>,
    fields: &Object<'_>,
    context: Option<Level>,
    at: &At<'_>,
) -> Result<Level, Error> {
    let named = names.iter().flatten().find_map(|n| level_from_name(n));
    let by_fields = if activated.is_some()
        || has_key(fields, key!("roleAssignmentScheduleId"))
        || has_key(fields, key!("assignmentScheduleId"))
    {
        Some(Level::Assignment)
    } else if has_key(fields, key!("roleEligibilityScheduleId"))
        || has_key(fields, key!("eligibilityScheduleId"))
    {
        Some(Level::Eligibility)
    } else {
        None
    };
    named.or(by_fields).or(context).ok_or_else(|| {
        at.error(
            ErrorCode::AmbiguousLevel,
            "the schedule does not say whether it is an assignment or an eligibility (no `@odata.type`, `type`, `assignmentType` or list `@odata.context` names it)",
        )
        .with_hint("export the list as the service returns it (with its `@odata.context`), or add each entry's `@odata.type` (Graph) or `type` (ARM)")
    })
}

fn read_graph(
    object: &Object<'_>,
    at: &At<'_>,
    context: Option<Level>,
) -> Result<ScheduleRecord, Error> {
    let group = has_key(object, key!("accessId")) || has_key(object, key!("groupId"));
    let (role_definition_id, scope) = if group {
        (
            text(object, key!("accessId"), at)?,
            text(object, key!("groupId"), at)?,
        )
    } else {
        let scope = match text(object, key!("directoryScopeId"), at)? {
            Some(scope) => Some(scope),
            None => text(object, key!("appScopeId"), at)?,
        };
        (text(object, key!("roleDefinitionId"), at)?, scope)
    };
    let activated = assignment_type(object, at)?;
    let odata_type = key_str(object, key!("@odata.type"), at, Doc::Schedule)?;
    let schedule = match get_key(object, key!("scheduleInfo")) {
        Some((written, value)) => {
            let schedule_at = at.field(written);
            let info = as_object(value, &schedule_at, Doc::Schedule)?;
            read_schedule(info, &schedule_at, Doc::Schedule)?
        }
        None => start_and_end(object, at)?,
    };
    Ok(ScheduleRecord {
        id: text(object, key!("id"), at)?,
        principal_id: text(object, key!("principalId"), at)?,
        role_definition_id,
        scope,
        level: level(&[odata_type], activated, object, context, at)?,
        activation: activated == Some(true),
        schedule,
    })
}

fn read_arm(
    object: &Object<'_>,
    fields: &Object<'_>,
    at: &At<'_>,
    fields_at: &At<'_>,
    context: Option<Level>,
) -> Result<ScheduleRecord, Error> {
    let id = text(object, key!("id"), at)?;
    let scope = match text(fields, key!("scope"), fields_at)? {
        Some(scope) => Some(scope),
        // A listed resource's `id` carries its scope.
        None => id.as_deref().and_then(|id| {
            let lower = id.to_ascii_lowercase();
            lower
                .find("/providers/microsoft.authorization/")
                .and_then(|end| id.get(..end))
                .filter(|scope| !scope.is_empty())
                .map(str::to_owned)
        }),
    };
    let activated = assignment_type(fields, fields_at)?;
    let arm_type = key_str(object, key!("type"), at, Doc::Schedule)?;
    let names = [arm_type, id.as_deref()];
    Ok(ScheduleRecord {
        principal_id: text(fields, key!("principalId"), fields_at)?,
        role_definition_id: text(fields, key!("roleDefinitionId"), fields_at)?,
        scope,
        level: level(&names, activated, fields, context, at)?,
        activation: activated == Some(true),
        schedule: start_and_end(fields, fields_at)?,
        id,
    })
}

fn read_iteration2(object: &Object<'_>, at: &At<'_>) -> Result<ScheduleRecord, Error> {
    let (written, state) = get_key(object, key!("assignmentState"))
        .map(|(k, v)| (k.to_owned(), v))
        .ok_or_else(|| at.error(ErrorCode::InvalidSchedule, "expected `assignmentState`"))?;
    let state_at = at.field(&written);
    let state = as_str(state, &state_at, Doc::Schedule)?;
    let level = if state.eq_ignore_ascii_case("eligible") {
        Level::Eligibility
    } else if state.eq_ignore_ascii_case("active") {
        Level::Assignment
    } else {
        return Err(state_at.error(
            ErrorCode::InvalidSchedule,
            format!(
                "expected `Eligible` or `Active`, found `{}`",
                crate::json::shorten(state)
            ),
        ));
    };
    let linked = text(object, key!("linkedEligibleRoleAssignmentId"), at)?;
    Ok(ScheduleRecord {
        id: text(object, key!("id"), at)?,
        principal_id: text(object, key!("subjectId"), at)?,
        role_definition_id: text(object, key!("roleDefinitionId"), at)?,
        scope: text(object, key!("resourceId"), at)?,
        level,
        activation: level == Level::Assignment && linked.is_some_and(|l| !l.trim().is_empty()),
        schedule: start_and_end(object, at)?,
    })
}
