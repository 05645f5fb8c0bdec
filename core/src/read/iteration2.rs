//! Reader for iteration 2 (Graph beta `privilegedAccess`): `governanceRoleSetting` and
//! `governanceRoleAssignmentRequest`. It only translates into the model; it decides nothing.

use crate::json::{Json, Object};
use chrono::{DateTime, TimeDelta, Utc};

use crate::error::{Error, ErrorCode};
use crate::json::{get, get_ci, key, At, Key};
use crate::model::{
    ApprovalRule, Approver, AuthenticationContextRule, Caller, EligibilityLink, EnablementRule,
    ExpirationRule, ExpirationType, KeptRule, Level, NotificationRule, Operation, Request,
    RequestPaths, RoleSettings, RuleKind, RuleSet, Schedule,
};
use crate::read::fields::{as_array, as_bool, as_object, as_str, expected, one_of, opt_str, Doc};
use crate::read::values::{read_date_time, read_duration};

/// The four lists of a `governanceRoleSetting`, with the (caller, level) each governs.
pub(crate) const SETTING_LISTS: [(&str, Caller, Level); 4] = [
    ("adminEligibleSettings", Caller::Admin, Level::Eligibility),
    ("adminMemberSettings", Caller::Admin, Level::Assignment),
    ("userEligibleSettings", Caller::EndUser, Level::Eligibility),
    ("userMemberSettings", Caller::EndUser, Level::Assignment),
];

/// Whether an object has the shape of a `governanceRoleSetting`.
pub(crate) fn is_role_setting(object: &Object<'_>) -> bool {
    SETTING_LISTS
        .iter()
        .any(|(key, _, _)| object.contains_key(key))
}

/// Whether an object has the shape of a `governanceRoleAssignmentRequest`.
pub(crate) fn is_request(object: &Object<'_>) -> bool {
    object.contains_key("type") && object.contains_key("assignmentState")
}

/// Reads a `governanceRoleSetting`.
pub(crate) fn read_policy(object: &Object<'_>, at: &At<'_>) -> Result<RoleSettings, Error> {
    let doc = Doc::Policy;
    let mut settings = RoleSettings {
        id: opt_str(object, "id", at, doc)?.map(str::to_owned),
        role_definition_id: opt_str(object, "roleDefinitionId", at, doc)?.map(str::to_owned),
        scope: opt_str(object, "resourceId", at, doc)?.map(str::to_owned),
        ..RoleSettings::default()
    };
    for (key, caller, level) in SETTING_LISTS {
        let Some(list) = get(object, key) else {
            continue;
        };
        let list_at = at.field(key);
        let rules = settings.rules_mut(caller, level);
        for (index, entry) in as_array(list, &list_at, doc)?.iter().enumerate() {
            read_rule_setting(entry, &list_at.index(index), caller, level, rules)?;
        }
    }
    Ok(settings)
}

/// One entry of a setting list: its `ruleIdentifier` and its `setting` (a JSON object in a string,
/// or an object), read by the reader of its rule.
/// Documented iteration-2 rules that never affect a request, in lower case: kept for conversions,
/// never evaluated, never `UnknownRule` (`NotificationRule` has its own model type).
const KEPT_IDENTIFIERS: [&str; 1] = ["attributeconditionrule"];

fn read_rule_setting(
    entry: &Json<'_>,
    at: &At<'_>,
    caller: Caller,
    level: Level,
    rules: &mut RuleSet,
) -> Result<(), Error> {
    let doc = Doc::Policy;
    let entry = as_object(entry, at, doc)?;
    let identifier = match get_ci(entry, key!("ruleIdentifier")) {
        Some((key, value)) => as_str(value, &at.field(key), doc)?,
        None => {
            return Err(at.error(
                ErrorCode::InvalidPolicy,
                "a rule setting must have a `ruleIdentifier`",
            ))
        }
    };
    let setting_at = at.field("setting");
    let parsed;
    let setting: &Object<'_> = match get_ci(entry, key!("setting")) {
        Some((_, Json::String(text))) => {
            parsed = crate::json::parse_embedded(text).map_err(|e| {
                setting_at.error(
                    ErrorCode::InvalidPolicy,
                    format!(
                        "expected a JSON object in a string, found `{}` ({})",
                        crate::json::shorten(text),
                        e
                    ),
                )
            })?;
            as_object(&parsed, &setting_at, doc)?
        }
        Some((_, value @ Json::Object(_))) => as_object(value, &setting_at, doc)?,
        Some((_, other)) => {
            return Err(expected(
                &setting_at,
                doc,
                "a JSON object in a string",
                other,
            ))
        }
        None => {
            return Err(at.error(
                ErrorCode::InvalidPolicy,
                "a rule setting must have a `setting`",
            ))
        }
    };
    let rule = Rule {
        identifier,
        setting,
        setting_at: &setting_at,
        entry_at: at,
        caller,
        level,
    };
    match identifier.to_ascii_lowercase().as_str() {
        "expirationrule" => read_expiration(&rule, rules),
        "mfarule" => read_enablement(&rule, key!("mfaRequired"), rules),
        "justificationrule" => read_enablement(&rule, key!("required"), rules),
        "ticketingrule" => read_enablement(&rule, key!("ticketingRequired"), rules),
        "approvalrule" => read_approval(&rule, rules),
        "acrsrule" => read_authentication_context(&rule, rules),
        "notificationrule" => {
            rules.notifications.push(NotificationRule {
                id: identifier.to_owned(),
                settings: serde_json::Value::Object(setting.to_map()),
            });
            Ok(())
        }
        known if KEPT_IDENTIFIERS.contains(&known) => {
            rules.iteration2_kept.push(KeptRule {
                id: identifier.to_owned(),
                settings: serde_json::Value::Object(setting.to_map()),
            });
            Ok(())
        }
        _ => {
            rules.unknown.push(identifier.to_owned());
            Ok(())
        }
    }
}

/// One rule setting of a list, its setting parsed.
struct Rule<'r, 't> {
    identifier: &'r str,
    setting: &'r Object<'t>,
    setting_at: &'r At<'r>,
    entry_at: &'r At<'r>,
    caller: Caller,
    level: Level,
}

impl Rule<'_, '_> {
    /// The model's id of this rule's kind for the list's (caller, level).
    fn id(&self, kind: RuleKind) -> crate::model::RuleId {
        kind.rule_id(self.caller, self.level)
    }

    /// The error for a second rule of this kind in one list.
    fn repeated(&self) -> Error {
        self.entry_at.error(
            ErrorCode::InvalidPolicy,
            format!(
                "repeats the rule `{}` of an earlier entry of the same list",
                self.identifier
            ),
        )
    }

    /// The boolean field `key` of the setting; absent is `false`.
    fn flag(&self, key: &Key) -> Result<bool, Error> {
        match get_ci(self.setting, key) {
            Some((written, value)) => as_bool(value, &self.setting_at.field(written), Doc::Policy),
            None => Ok(false),
        }
    }

    /// The string field `key` of `object` (at `at`), where given.
    fn text(object: &Object<'_>, key: &Key, at: &At<'_>) -> Result<Option<String>, Error> {
        match get_ci(object, key) {
            Some((written, value)) => {
                as_str(value, &at.field(written), Doc::Policy).map(|s| Some(s.to_owned()))
            }
            None => Ok(None),
        }
    }
}

/// `ExpirationRule`: `permanentAssignment` (absent: allowed) and the maximum ([`read_maximum`]).
fn read_expiration(rule: &Rule<'_, '_>, rules: &mut RuleSet) -> Result<(), Error> {
    if rules.expiration.is_some() {
        return Err(rule.repeated());
    }
    let permanent_allowed = match get_ci(rule.setting, key!("permanentAssignment")) {
        Some((written, value)) => as_bool(value, &rule.setting_at.field(written), Doc::Policy)?,
        None => true,
    };
    rules.expiration = Some(ExpirationRule {
        id: rule.id(RuleKind::Expiration),
        permanent_allowed,
        maximum: read_maximum(rule.setting, rule.setting_at)?,
        exception_members: Vec::new(),
    });
    Ok(())
}

/// `MfaRule`, `JustificationRule`, `TicketingRule`: one flag each (`flag`) of the one enablement
/// rule of the model.
fn read_enablement(rule: &Rule<'_, '_>, flag: &Key, rules: &mut RuleSet) -> Result<(), Error> {
    let on = rule.flag(flag)?;
    let enablement = rules.enablement.get_or_insert_with(|| EnablementRule {
        id: rule.id(RuleKind::Enablement),
        ..EnablementRule::default()
    });
    match flag.name {
        "mfaRequired" => enablement.mfa = on,
        "required" => enablement.justification = on,
        _ => enablement.ticketing = on,
    }
    Ok(())
}

/// `ApprovalRule`: `Enabled` and the `Approvers` (`Id`, `Type`, `DisplayName`).
fn read_approval(rule: &Rule<'_, '_>, rules: &mut RuleSet) -> Result<(), Error> {
    if rules.approval.is_some() {
        return Err(rule.repeated());
    }
    let mut approvers = Vec::new();
    if let Some((written, list)) = get_ci(rule.setting, key!("Approvers")) {
        let list_at = rule.setting_at.field(written);
        for (i, approver) in as_array(list, &list_at, Doc::Policy)?.iter().enumerate() {
            let approver_at = list_at.index(i);
            let approver = as_object(approver, &approver_at, Doc::Policy)?;
            approvers.push(Approver {
                id: Rule::text(approver, key!("Id"), &approver_at)?,
                kind: Rule::text(approver, key!("Type"), &approver_at)?,
                display_name: Rule::text(approver, key!("DisplayName"), &approver_at)?,
            });
        }
    }
    rules.approval = Some(ApprovalRule {
        id: rule.id(RuleKind::Approval),
        required: rule.flag(key!("Enabled"))?,
        required_for_extension: false,
        approvers: approvers.into(),
    });
    Ok(())
}

/// `AcrsRule`: `acrsRequired` and the claim value `acrs`.
fn read_authentication_context(rule: &Rule<'_, '_>, rules: &mut RuleSet) -> Result<(), Error> {
    if rules.authentication_context.is_some() {
        return Err(rule.repeated());
    }
    let claim_value = Rule::text(rule.setting, key!("acrs"), rule.setting_at)?;
    rules.authentication_context = Some(AuthenticationContextRule {
        id: rule.id(RuleKind::AuthenticationContext),
        enabled: rule.flag(key!("acrsRequired"))?,
        claim_value: claim_value.filter(|c| !c.is_empty()),
    });
    Ok(())
}

/// `maximumGrantPeriodInMinutes` (a whole number) wins over `maximumGrantPeriod` (a TimeSpan).
fn read_maximum(setting: &Object<'_>, at: &At<'_>) -> Result<Option<TimeDelta>, Error> {
    if let Some((written, value)) = get_ci(setting, key!("maximumGrantPeriodInMinutes")) {
        let value_at = at.field(written);
        let minutes = value
            .as_u64()
            .or_else(|| {
                value
                    .as_f64()
                    .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f < 9.0e15)
                    .map(|f| f as u64)
            })
            .ok_or_else(|| expected(&value_at, Doc::Policy, "a whole number of minutes", value))?;
        return i64::try_from(minutes)
            .ok()
            .and_then(TimeDelta::try_minutes)
            .map(Some)
            .ok_or_else(|| {
                value_at.error(
                    ErrorCode::InvalidPolicy,
                    format!("too large to be a duration, found `{}`", minutes),
                )
            });
    }
    if let Some((written, value)) = get_ci(setting, key!("maximumGrantPeriod")) {
        let value_at = at.field(written);
        let text = as_str(value, &value_at, Doc::Policy)?;
        let maximum = read_duration(text, &value_at, true)?;
        if maximum < TimeDelta::zero() {
            return Err(value_at.error(
                ErrorCode::InvalidPolicy,
                format!("a duration must not be negative, found `{}`", text),
            ));
        }
        return Ok(Some(maximum));
    }
    Ok(None)
}

/// Where findings point in an iteration-2 request.
pub(crate) static PATHS: RequestPaths = RequestPaths {
    start: "/schedule/startDateTime",
    end: "/schedule/endDateTime",
    duration: "/schedule/duration",
    expiration: "/schedule/endDateTime",
    pattern: "/schedule/type",
    justification: "/reason",
    ticket: "/ticketInfo/ticketNumber",
    eligibility_link: "/linkedEligibleRoleAssignmentId",
    operation: "/type",
};

const REQUEST_TYPES: [(&str, (Operation, Caller)); 9] = [
    ("AdminAdd", (Operation::Assign, Caller::Admin)),
    ("AdminUpdate", (Operation::Update, Caller::Admin)),
    ("AdminExtend", (Operation::Extend, Caller::Admin)),
    ("AdminRenew", (Operation::Renew, Caller::Admin)),
    ("AdminRemove", (Operation::Remove, Caller::Admin)),
    ("UserAdd", (Operation::Activate, Caller::EndUser)),
    ("UserExtend", (Operation::Extend, Caller::EndUser)),
    ("UserRenew", (Operation::Renew, Caller::EndUser)),
    ("UserRemove", (Operation::Deactivate, Caller::EndUser)),
];

const ASSIGNMENT_STATES: [(&str, Level); 2] = [
    ("Eligible", Level::Eligibility),
    ("Active", Level::Assignment),
];

/// Reads a `governanceRoleAssignmentRequest`.
pub(crate) fn read_request(object: &Object<'_>, at: &At<'_>) -> Result<Request, Error> {
    let doc = Doc::Request;
    let type_at = at.field("type");
    let type_value = object.get("type").unwrap_or(&Json::Null);
    let type_text = as_str(type_value, &type_at, doc)?;
    let (operation, caller) = one_of(&REQUEST_TYPES, type_text, &type_at, doc, str::to_owned)?;
    let state_at = at.field("assignmentState");
    let state_value = object.get("assignmentState").unwrap_or(&Json::Null);
    let state_text = as_str(state_value, &state_at, doc)?;
    let level = one_of(
        &ASSIGNMENT_STATES,
        state_text,
        &state_at,
        doc,
        str::to_owned,
    )?;
    let schedule = match get(object, "schedule") {
        Some(value) => Some(read_schedule(
            as_object(value, &at.field("schedule"), doc)?,
            &at.field("schedule"),
        )?),
        None => None,
    };
    let ticket_number = match get(object, "ticketInfo") {
        Some(value) => {
            let ticket_at = at.field("ticketInfo");
            opt_str(
                as_object(value, &ticket_at, doc)?,
                "ticketNumber",
                &ticket_at,
                doc,
            )?
            .map(str::to_owned)
        }
        None => None,
    };
    let eligibility_link = match opt_str(object, "linkedEligibleRoleAssignmentId", at, doc)? {
        Some(id) if !id.trim().is_empty() => EligibilityLink::Given(id.to_owned()),
        _ => EligibilityLink::Missing,
    };
    Ok(Request {
        operation,
        caller,
        level,
        schedule,
        justification: opt_str(object, "reason", at, doc)?.map(str::to_owned),
        ticket_number,
        eligibility_link,
        principal_id: opt_str(object, "subjectId", at, doc)?.map(str::to_owned),
        role_definition_id: opt_str(object, "roleDefinitionId", at, doc)?.map(str::to_owned),
        scope: opt_str(object, "resourceId", at, doc)?.map(str::to_owned),
        paths: &PATHS,
    })
}

/// The service's "not given" date-time.
const NOT_GIVEN_TIME: &str = "0001-01-01T00:00:00";

fn read_schedule(object: &Object<'_>, at: &At<'_>) -> Result<Schedule, Error> {
    let doc = Doc::Request;
    let time = |key: &'static str| -> Result<Option<DateTime<Utc>>, Error> {
        match opt_str(object, key, at, doc)? {
            None => Ok(None),
            Some(text) if text.starts_with(NOT_GIVEN_TIME) => Ok(None),
            Some(text) => read_date_time(text, &at.field(key)).map(Some),
        }
    };
    let duration = match opt_str(object, "duration", at, doc)? {
        None => None,
        Some(text) => {
            let value = read_duration(text, &at.field("duration"), true)?;
            // `PT0S` is how the service writes "not given".
            (value != TimeDelta::zero()).then_some(value)
        }
    };
    Ok(Schedule {
        start: time("startDateTime")?,
        expiration: ExpirationType::NotSpecified,
        end: time("endDateTime")?,
        duration,
        pattern: opt_str(object, "type", at, doc)?.map(str::to_owned),
        recurrence: false,
    })
}
