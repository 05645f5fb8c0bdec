//! What Graph and ARM iteration 3 share, read once for both: the rules of a role management policy
//! and the fields of a schedule request. Graph names a rule's kind in `@odata.type`
//! (`#microsoft.graph.unifiedRoleManagementPolicyExpirationRule`), ARM in `ruleType`
//! (`RoleManagementPolicyExpirationRule`); every other field is the same, up to case and, in the
//! Python SDK's `as_dict()`, underscores (`is_expiration_required`). Keys are therefore found with
//! [`get_key`], which ignores both.

use crate::json::{Json, Object};
use chrono::{DateTime, TimeDelta, Utc};

use crate::error::{Error, ErrorCode};
use crate::json::{get_key, key, shorten, At, Key};
use crate::model::{
    ApprovalRule, Approver, AuthenticationContextRule, Caller, EnablementRule, ExpirationRule,
    ExpirationType, Level, NotificationRule, Operation, RoleSettings, RuleId, RuleKind, RuleSet,
    Schedule,
};
use crate::read::fields::{as_array, as_object, as_str, key_bool, key_str, one_of, Doc};
use crate::read::newer_rules;
use crate::read::values::{read_date_time, read_duration};

/// The kind of an iteration-3 rule: one the model knows, a notification (kept for conversions),
/// or another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RuleType {
    Known(RuleKind),
    Notification,
    CustomExtension,
    PimOnlyMode,
    Unknown,
}

impl RuleType {
    fn name(self) -> &'static str {
        match self {
            RuleType::Known(kind) => kind.id_part(),
            RuleType::Notification => "Notification",
            RuleType::CustomExtension => "CustomExtension",
            RuleType::PimOnlyMode => "PimOnlyMode",
            RuleType::Unknown => "Unknown",
        }
    }

    fn from_name(name: &str) -> RuleType {
        match RuleKind::from_id_part(name) {
            Some(kind) => RuleType::Known(kind),
            None if name.eq_ignore_ascii_case("notification") => RuleType::Notification,
            None if name.eq_ignore_ascii_case("customextension") => RuleType::CustomExtension,
            None if name.eq_ignore_ascii_case("pimonlymode") => RuleType::PimOnlyMode,
            None => RuleType::Unknown,
        }
    }
}

/// The rule's kind from `@odata.type` or `ruleType` (`#microsoft.graph.unifiedRoleManagementPolicy
/// ExpirationRule`, `RoleManagementPolicyExpirationRule`), else from the prefix of its `id`
/// (`Expiration_Admin_Eligibility`).
fn rule_type(rule: &Object<'_>, at: &At<'_>) -> Result<RuleType, Error> {
    let written = match get_key(rule, key!("@odata.type")) {
        Some(found) => Some(found),
        None => get_key(rule, key!("ruleType")),
    };
    if let Some((key, value)) = written {
        let text = as_str(value, &at.field(key), Doc::Policy)?;
        let name = text
            .rsplit('.')
            .next()
            .unwrap_or(text)
            .trim_start_matches('#');
        let lower = name.to_ascii_lowercase();
        let stem = lower
            .strip_prefix("unifiedrolemanagementpolicy")
            .or_else(|| lower.strip_prefix("rolemanagementpolicy"))
            .unwrap_or(&lower);
        return Ok(match stem.strip_suffix("rule") {
            Some(kind) => RuleType::from_name(kind),
            None => RuleType::Unknown,
        });
    }
    Ok(match key_str(rule, key!("id"), at, Doc::Policy)? {
        Some(id) => RuleType::from_name(id.split('_').next().unwrap_or(id)),
        None => RuleType::Unknown,
    })
}

/// Whether an object looks like an iteration-3 rule (to tell a list of rules from a list of
/// policies): it names a rule type, or it has a `target` and no rules of its own.
pub(crate) fn is_rule(object: &Object<'_>) -> bool {
    if get_key(object, key!("ruleType")).is_some() {
        return true;
    }
    if let Some((_, Json::String(t))) = get_key(object, key!("@odata.type")) {
        let lower = t.to_ascii_lowercase();
        if lower.ends_with("rule") {
            return true;
        }
        if lower.ends_with("policy") || lower.ends_with("policyassignment") {
            return false;
        }
    }
    get_key(object, key!("target")).is_some()
        && ![
            key!("rules"),
            key!("effectiveRules"),
            key!("policy"),
            key!("properties"),
        ]
        .iter()
        .any(|k| get_key(object, k).is_some())
}

/// The caller and level a rule's `target` names; `None` where it is missing or names neither.
fn read_target(rule: &Object<'_>, at: &At<'_>) -> Result<Option<(Caller, Level)>, Error> {
    let doc = Doc::Policy;
    let Some((key, target)) = get_key(rule, key!("target")) else {
        return Ok(None);
    };
    let target_at = at.field(key);
    let target = as_object(target, &target_at, doc)?;
    let caller = match key_str(target, key!("caller"), &target_at, doc)? {
        Some(c) if c.eq_ignore_ascii_case("admin") => Some(Caller::Admin),
        Some(c) if c.eq_ignore_ascii_case("enduser") => Some(Caller::EndUser),
        _ => None,
    };
    let level = key_str(target, key!("level"), &target_at, doc)?.and_then(Level::parse);
    Ok(caller.zip(level))
}

/// Reads a list of iteration-3 rules (Graph or ARM, any mix) into `settings`: each into the rule set
/// of its `target`, unknown kinds into that set's `unknown`, rules without a usable target into
/// `untargeted`. A second rule of one kind for one target is `InvalidPolicy`.
pub(crate) fn read_rules(
    list: &[Json<'_>],
    at: &At<'_>,
    settings: &mut RoleSettings,
) -> Result<(), Error> {
    let mut seen: Vec<(RuleKind, Caller, Level, usize)> = Vec::new();
    for (index, rule) in list.iter().enumerate() {
        let rule_at = at.index(index);
        let rule = as_object(rule, &rule_at, Doc::Policy)?;
        let kind = rule_type(rule, &rule_at)?;
        let id = key_str(rule, key!("id"), &rule_at, Doc::Policy)?;
        let Some((caller, level)) = read_target(rule, &rule_at)? else {
            settings.untargeted.push(untargeted_name(rule, id, index));
            continue;
        };
        if let RuleType::Known(known) = kind {
            let first = seen
                .iter()
                .find(|(k, c, l, _)| *k == known && *c == caller && *l == level);
            if let Some((_, _, _, first)) = first {
                return Err(rule_at.error(
                    ErrorCode::InvalidPolicy,
                    format!(
                        "a second {} rule for the target `{}` `{}` (the first is `{}`)",
                        known.id_part().to_ascii_lowercase(),
                        caller.rule_id_part(),
                        level.rule_id_part(),
                        at.index(*first).pointer()
                    ),
                ));
            }
            seen.push((known, caller, level, index));
        }
        let read = ReadRule {
            rule,
            at: &rule_at,
            kind,
            id,
        };
        read.read_into(settings.rules_mut(caller, level))?;
    }
    Ok(())
}

/// How a rule without a usable target is named in the warning: its id, else its type, else its
/// place in the list.
fn untargeted_name(rule: &Object<'_>, id: Option<&str>, index: usize) -> String {
    let type_name = get_key(rule, key!("@odata.type")).or(get_key(rule, key!("ruleType")));
    match (id, type_name) {
        (Some(id), _) => id.to_owned(),
        (None, Some((_, Json::String(t)))) => t.as_ref().to_owned(),
        _ => format!("rule {}", index),
    }
}

/// One rule of a list, its kind and id read.
struct ReadRule<'r, 't> {
    rule: &'r Object<'t>,
    at: &'r At<'r>,
    kind: RuleType,
    id: Option<&'r str>,
}

impl ReadRule<'_, '_> {
    /// The rule's name in warnings: its id, else its kind's (`ExpirationRule`).
    fn name(&self) -> String {
        match self.id {
            Some(id) => id.to_owned(),
            None => format!("{}Rule", self.kind.name()),
        }
    }

    /// The rule's id in the model: borrowed where it is one of the model's own.
    fn rule_id(&self) -> RuleId {
        match self.id {
            Some(id) => crate::model::rule_id(id),
            None => RuleId::Owned(self.name()),
        }
    }

    /// Reads the rule into the rule set of its target, by its kind.
    fn read_into(self, rules: &mut RuleSet) -> Result<(), Error> {
        match self.kind {
            RuleType::Known(RuleKind::Expiration) => {
                rules.expiration = Some(self.expiration()?);
            }
            RuleType::Known(RuleKind::Enablement) => {
                rules.enablement = Some(self.enablement(&mut rules.unknown)?);
            }
            RuleType::Known(RuleKind::Approval) => {
                rules.approval = Some(read_approval(self.rule, self.at, self.rule_id())?);
            }
            RuleType::Known(RuleKind::AuthenticationContext) => {
                rules.authentication_context = Some(self.authentication_context()?);
            }
            RuleType::Notification => rules.notifications.push(self.notification()),
            RuleType::CustomExtension => {
                rules
                    .custom_extensions
                    .push(newer_rules::read_custom_extension(
                        self.rule,
                        self.at,
                        self.rule_id(),
                    )?)
            }
            RuleType::PimOnlyMode => rules
                .pim_only_mode
                .push(newer_rules::read_kept(self.rule, self.name())),
            RuleType::Unknown => rules.unknown.push(self.name()),
        }
        Ok(())
    }

    /// `isExpirationRequired` and `maximumDuration` (not negative).
    fn expiration(&self) -> Result<ExpirationRule, Error> {
        let doc = Doc::Policy;
        let required = key_bool(self.rule, key!("isExpirationRequired"), self.at, doc)?;
        let maximum = match get_key(self.rule, key!("maximumDuration")) {
            Some((key, value)) => {
                let value_at = self.at.field(key);
                let text = as_str(value, &value_at, doc)?;
                let maximum = read_duration(text, &value_at, false)?;
                if maximum < TimeDelta::zero() {
                    return Err(value_at.error(
                        ErrorCode::InvalidPolicy,
                        format!("a duration must not be negative, found `{}`", shorten(text)),
                    ));
                }
                Some(maximum)
            }
            None => None,
        };
        Ok(ExpirationRule {
            id: self.rule_id(),
            permanent_allowed: !required.unwrap_or(false),
            maximum,
            exception_members: newer_rules::read_exception_members(self.rule, self.at)?,
        })
    }

    /// `enabledRules`: MFA, justification, ticketing; any other entry is an unknown rule.
    fn enablement(&self, unknown: &mut Vec<String>) -> Result<EnablementRule, Error> {
        let doc = Doc::Policy;
        let mut enablement = EnablementRule {
            id: self.rule_id(),
            ..EnablementRule::default()
        };
        let Some((key, value)) = get_key(self.rule, key!("enabledRules")) else {
            return Ok(enablement);
        };
        let list_at = self.at.field(key);
        for (i, entry) in as_array(value, &list_at, doc)?.iter().enumerate() {
            let text = as_str(entry, &list_at.index(i), doc)?;
            if text.eq_ignore_ascii_case("MultiFactorAuthentication") {
                enablement.mfa = true;
            } else if text.eq_ignore_ascii_case("Justification") {
                enablement.justification = true;
            } else if text.eq_ignore_ascii_case("Ticketing") {
                enablement.ticketing = true;
            } else {
                unknown.push(format!("{} ({})", self.name(), shorten(text)));
            }
        }
        Ok(enablement)
    }

    /// `isEnabled` and `claimValue` (empty is none).
    fn authentication_context(&self) -> Result<AuthenticationContextRule, Error> {
        let doc = Doc::Policy;
        Ok(AuthenticationContextRule {
            id: self.rule_id(),
            enabled: key_bool(self.rule, key!("isEnabled"), self.at, doc)?.unwrap_or(false),
            claim_value: key_str(self.rule, key!("claimValue"), self.at, doc)?
                .filter(|c| !c.is_empty())
                .map(str::to_owned),
        })
    }

    /// A notification rule, kept as written (without its type, id and target) for conversions.
    fn notification(&self) -> NotificationRule {
        NotificationRule {
            id: self.name(),
            settings: newer_rules::kept_settings(self.rule),
        }
    }
}

fn read_approval(rule: &Object<'_>, at: &At<'_>, id: RuleId) -> Result<ApprovalRule, Error> {
    let doc = Doc::Policy;
    let mut approval = ApprovalRule {
        id,
        ..ApprovalRule::default()
    };
    let Some((key, setting)) = get_key(rule, key!("setting")) else {
        return Ok(approval);
    };
    let setting_at = at.field(key);
    let setting = as_object(setting, &setting_at, doc)?;
    approval.required =
        key_bool(setting, key!("isApprovalRequired"), &setting_at, doc)?.unwrap_or(false);
    approval.required_for_extension = key_bool(
        setting,
        key!("isApprovalRequiredForExtension"),
        &setting_at,
        doc,
    )?
    .unwrap_or(false);
    let Some((key, stages)) = get_key(setting, key!("approvalStages")) else {
        return Ok(approval);
    };
    let stages_at = setting_at.field(key);
    let mut all = Vec::new();
    for (s, stage) in as_array(stages, &stages_at, doc)?.iter().enumerate() {
        let stage_at = stages_at.index(s);
        let stage = as_object(stage, &stage_at, doc)?;
        let Some((key, approvers)) = get_key(stage, key!("primaryApprovers")) else {
            continue;
        };
        let list_at = stage_at.field(key);
        for (a, approver) in as_array(approvers, &list_at, doc)?.iter().enumerate() {
            let approver_at = list_at.index(a);
            let approver = as_object(approver, &approver_at, doc)?;
            all.push(read_approver(approver, &approver_at)?);
        }
    }
    approval.approvers = all.into();
    Ok(approval)
}

/// A Graph `subjectSet` (`singleUser` with `userId`, `groupMembers` with `groupId`) or an ARM
/// `userSet` (`id`, `userType`), into the model's approver (kind `User` or `Group`).
pub(crate) fn read_approver(approver: &Object<'_>, at: &At<'_>) -> Result<Approver, Error> {
    let doc = Doc::Policy;
    let kind = match key_str(approver, key!("@odata.type"), at, doc)? {
        Some(t) => {
            let name = t.rsplit('.').next().unwrap_or(t).trim_start_matches('#');
            Some(if name.eq_ignore_ascii_case("singleUser") {
                "User".to_owned()
            } else if name.eq_ignore_ascii_case("groupMembers") {
                "Group".to_owned()
            } else {
                name.to_owned()
            })
        }
        None => key_str(approver, key!("userType"), at, doc)?.map(str::to_owned),
    };
    let mut id = None;
    for key in [key!("userId"), key!("groupId"), key!("id")] {
        if let Some(found) = key_str(approver, key, at, doc)? {
            id = Some(found.to_owned());
            break;
        }
    }
    let display_name = match key_str(approver, key!("description"), at, doc)? {
        Some(d) => Some(d.to_owned()),
        None => key_str(approver, key!("displayName"), at, doc)?.map(str::to_owned),
    };
    Ok(Approver {
        id,
        kind,
        display_name,
    })
}

/// Graph `action` values (ARM `requestType` spells them with a capital first letter), with the
/// operation and caller of each (contract 1.4).
const ACTIONS: [(&str, (Operation, Caller)); 9] = [
    ("adminAssign", (Operation::Assign, Caller::Admin)),
    ("adminUpdate", (Operation::Update, Caller::Admin)),
    ("adminExtend", (Operation::Extend, Caller::Admin)),
    ("adminRenew", (Operation::Renew, Caller::Admin)),
    ("adminRemove", (Operation::Remove, Caller::Admin)),
    ("selfActivate", (Operation::Activate, Caller::EndUser)),
    ("selfExtend", (Operation::Extend, Caller::EndUser)),
    ("selfRenew", (Operation::Renew, Caller::EndUser)),
    ("selfDeactivate", (Operation::Deactivate, Caller::EndUser)),
];

/// The fields every iteration-3 schedule request has, wherever they sit (Graph: the root; ARM:
/// `properties`, or the root of an SDK model object).
pub(crate) struct CommonFields {
    pub(crate) operation: Operation,
    pub(crate) caller: Caller,
    pub(crate) schedule: Option<Schedule>,
    pub(crate) justification: Option<String>,
    pub(crate) ticket_number: Option<String>,
}

/// Reads the action (`action_key`: `action` or `requestType`), `scheduleInfo`, `justification` and
/// `ticketInfo` from `fields` (at `at`). `arm` only changes how the action names are spelt in errors.
pub(crate) fn read_common(
    fields: &Object<'_>,
    at: &At<'_>,
    action_key: &Key,
    arm: bool,
) -> Result<CommonFields, Error> {
    let doc = Doc::Request;
    let (key, value) = get_key(fields, action_key).ok_or_else(|| {
        at.error(
            ErrorCode::InvalidRequest,
            format!("the request must have `{}`", action_key.name),
        )
    })?;
    let action_at = at.field(key);
    let text = as_str(value, &action_at, doc)?;
    let spell = |name: &str| {
        if arm {
            capitalize(name)
        } else {
            name.to_owned()
        }
    };
    let (operation, caller) = one_of(&ACTIONS, text, &action_at, doc, spell)?;
    let schedule = match get_key(fields, key!("scheduleInfo")) {
        Some((key, value)) => {
            let schedule_at = at.field(key);
            Some(read_schedule(
                as_object(value, &schedule_at, doc)?,
                &schedule_at,
                doc,
            )?)
        }
        None => None,
    };
    let ticket_number = match get_key(fields, key!("ticketInfo")) {
        Some((key, value)) => {
            let ticket_at = at.field(key);
            key_str(
                as_object(value, &ticket_at, doc)?,
                key!("ticketNumber"),
                &ticket_at,
                doc,
            )?
            .map(str::to_owned)
        }
        None => None,
    };
    Ok(CommonFields {
        operation,
        caller,
        schedule,
        justification: key_str(fields, key!("justification"), at, doc)?.map(str::to_owned),
        ticket_number,
    })
}

fn capitalize(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

const EXPIRATION_TYPES: [(&str, ExpirationType); 4] = [
    ("noExpiration", ExpirationType::NoExpiration),
    ("afterDateTime", ExpirationType::AfterDateTime),
    ("afterDuration", ExpirationType::AfterDuration),
    ("notSpecified", ExpirationType::NotSpecified),
];

/// `scheduleInfo`: `startDateTime` and `expiration {type, endDateTime, duration}`; `recurrence` is
/// not read (the service takes none for role requests). `doc` says whose field a wrong type is.
pub(crate) fn read_schedule(object: &Object<'_>, at: &At<'_>, doc: Doc) -> Result<Schedule, Error> {
    let time =
        |object: &Object<'_>, at: &At<'_>, key: &Key| -> Result<Option<DateTime<Utc>>, Error> {
            match get_key(object, key) {
                None => Ok(None),
                Some((written, value)) => {
                    let value_at = at.field(written);
                    read_date_time(as_str(value, &value_at, doc)?, &value_at).map(Some)
                }
            }
        };
    let mut schedule = Schedule {
        start: time(object, at, key!("startDateTime"))?,
        expiration: ExpirationType::NotSpecified,
        end: None,
        duration: None,
        pattern: None,
        recurrence: false,
    };
    let Some((key, expiration)) = get_key(object, key!("expiration")) else {
        return Ok(schedule);
    };
    let expiration_at = at.field(key);
    let expiration = as_object(expiration, &expiration_at, doc)?;
    if let Some((key, value)) = get_key(expiration, key!("type")) {
        let type_at = expiration_at.field(key);
        let text = as_str(value, &type_at, doc)?;
        schedule.expiration = one_of(&EXPIRATION_TYPES, text, &type_at, doc, str::to_owned)?;
    }
    schedule.end = time(expiration, &expiration_at, key!("endDateTime"))?;
    schedule.duration = match get_key(expiration, key!("duration")) {
        Some((key, value)) => {
            let value_at = expiration_at.field(key);
            Some(read_duration(
                as_str(value, &value_at, doc)?,
                &value_at,
                false,
            )?)
        }
        None => None,
    };
    Ok(schedule)
}

/// The level the first of `keys` that names one says (see [`level_from_name`]).
pub(crate) fn level_named_by(object: &Object<'_>, keys: &[&Key]) -> Option<Level> {
    keys.iter().find_map(|key| match get_key(object, key) {
        Some((_, Json::String(text))) => level_from_name(text),
        _ => None,
    })
}

/// The level a name says (`@odata.type`, `@odata.context`, an ARM `type` or resource `id`):
/// `...EligibilityScheduleRequest(s)` or `...AssignmentScheduleRequest(s)`, in any case.
pub(crate) fn level_from_name(text: &str) -> Option<Level> {
    let lower = text.to_ascii_lowercase();
    if lower.contains("eligibilityschedulerequest") {
        Some(Level::Eligibility)
    } else if lower.contains("assignmentschedulerequest") {
        Some(Level::Assignment)
    } else {
        None
    }
}

/// The `AmbiguousLevel` input error (contract 1.2); `what` names the request and `where_` the
/// fields that could have said the level.
pub(crate) fn ambiguous_level(what: &str, where_: &str) -> Error {
    Error::new(
        ErrorCode::AmbiguousLevel,
        "",
        format!(
            "the {} does not say whether it is an assignment or an eligibility request (no {} names it), and the `level` option is not set",
            what, where_
        ),
    )
    .with_hint("pass the `level` option (`assignment` or `eligibility`), or add the request's `@odata.type` (Graph) or `type` (ARM)")
}
