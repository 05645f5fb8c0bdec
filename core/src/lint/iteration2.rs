//! The lints an iteration-2 `governanceRoleSetting` can express: its four setting lists hold rules
//! (`ExpirationRule`, `MfaRule`, `AcrsRule`, `ApprovalRule`, ...) whose settings are JSON objects
//! written in a string. A finding points at the entry's `setting` (a pointer cannot go into the
//! string) and names the rule by its iteration-3 id, as the reports do.

use chrono::TimeDelta;

use super::iteration3::{activation_maximum, assignment_maximum, policy_wide, Facts};
use super::{pointer, Findings};
use crate::json::{get_ci, key, parse_embedded, Json, Object};
use crate::model::{Caller, Level, RuleKind};

const SETTING_LISTS: [(&str, Caller, Level); 4] = [
    ("adminEligibleSettings", Caller::Admin, Level::Eligibility),
    ("adminMemberSettings", Caller::Admin, Level::Assignment),
    ("userEligibleSettings", Caller::EndUser, Level::Eligibility),
    ("userMemberSettings", Caller::EndUser, Level::Assignment),
];

/// Lints one `governanceRoleSetting` at `at`.
pub(crate) fn check(setting: &Object<'_>, at: &str, out: &mut Findings<'_>) {
    let mut facts = Facts::default();
    for (list_key, caller, level) in SETTING_LISTS {
        let Some(Json::Array(entries)) = setting.get(list_key) else {
            continue;
        };
        let list_at = pointer(at, list_key);
        let mut seen: Vec<String> = Vec::new();
        for (index, entry) in entries.iter().enumerate() {
            let Some(entry) = entry.as_object() else {
                continue;
            };
            let entry_at = pointer(&list_at, &index.to_string());
            let Some((_, Json::String(identifier))) = get_ci(entry, key!("ruleIdentifier")) else {
                continue;
            };
            if seen.iter().any(|s| s.eq_ignore_ascii_case(identifier)) {
                out.add_with(
                    "PIM009",
                    None,
                    None,
                    pointer(&entry_at, "ruleIdentifier"),
                    format!("the rule `{identifier}` is in `{list_key}` twice"),
                    Some("keep one of the two entries".to_owned()),
                );
            }
            seen.push(identifier.to_string());
            let setting_at = pointer(&entry_at, "setting");
            let Some(parsed) = setting_object(entry) else {
                continue;
            };
            let Some(fields) = parsed.as_object() else {
                continue;
            };
            let place = Place {
                caller,
                level,
                at: setting_at,
            };
            rule(identifier, fields, &place, out, &mut facts);
        }
    }
    policy_wide(&facts, at, out);
}

/// Where an entry is: its list's caller and level, and the pointer of its `setting`.
struct Place {
    caller: Caller,
    level: Level,
    at: String,
}

impl Place {
    fn rule_id(&self, kind: RuleKind) -> String {
        kind.rule_id(self.caller, self.level).into_owned()
    }
}

/// The entry's setting as a tree: a JSON object in a string, or an object.
fn setting_object<'e>(entry: &'e Object<'e>) -> Option<Json<'e>> {
    match get_ci(entry, key!("setting")) {
        Some((_, Json::String(text))) => parse_embedded(text).ok().map(Json::into_owned),
        Some((_, Json::Object(object))) => Some(Json::Object(object.clone())),
        _ => None,
    }
}

fn rule(
    identifier: &str,
    fields: &Object<'_>,
    place: &Place,
    out: &mut Findings<'_>,
    facts: &mut Facts,
) {
    let flag = |name: &str| {
        fields
            .find(|key, _| key.eq_ignore_ascii_case(name))
            .and_then(|(_, value)| match value {
                Json::Bool(flag) => Some(*flag),
                _ => None,
            })
    };
    let activation = place.caller == Caller::EndUser && place.level == Level::Assignment;
    match identifier.to_ascii_lowercase().as_str() {
        "expirationrule" => expiration(fields, flag("permanentAssignment"), place, out),
        "mfarule" => {
            let required = flag("mfaRequired") == Some(true);
            if required && place.caller == Caller::Admin && place.level == Level::Eligibility {
                let id = place.rule_id(RuleKind::Enablement);
                out.add_with("PIM013", None, Some(&id), place.at.clone(),
                    "MFA is required to make eligible assignments: no portal setting shows it, and it blocks assignments made by automation".to_owned(),
                    Some("set `mfaRequired` to false in `adminEligibleSettings`".to_owned()));
            }
            if activation {
                facts.activation_enablement = Some((place.at.clone(), required));
            }
        }
        "acrsrule" if activation => {
            facts.authentication_context = flag("acrsRequired") == Some(true)
        }
        "approvalrule" => approval(fields, flag("Enabled") == Some(true), place, out, facts),
        _ => {}
    }
}

fn expiration(fields: &Object<'_>, permanent: Option<bool>, place: &Place, out: &mut Findings<'_>) {
    let id = place.rule_id(RuleKind::Expiration);
    let minutes = fields
        .find(|key, _| key.eq_ignore_ascii_case("maximumGrantPeriodInMinutes"))
        .and_then(|(_, value)| match value {
            Json::Number(number) => number.as_i64(),
            _ => None,
        });
    if place.caller == Caller::Admin && place.level == Level::Assignment && permanent == Some(true)
    {
        out.add_with("PIMB01", None, Some(&id), place.at.clone(),
            "permanent active assignment is allowed (`permanentAssignment` is true)".to_owned(),
            Some("set `permanentAssignment` to false with a `maximumGrantPeriodInMinutes` (MS.AAD.7.4)".to_owned()));
    }
    let Some(minutes) = minutes else {
        return;
    };
    if minutes == 0 {
        out.add_with("PIM001", None, Some(&id), place.at.clone(),
            "the maximum duration is `0` minutes: every request that has an end is refused".to_owned(),
            Some("write the longest duration allowed in `maximumGrantPeriodInMinutes`, such as `480`".to_owned()));
        return;
    }
    if permanent == Some(true) {
        out.add_with("PIM003", None, Some(&id), place.at.clone(),
            "a maximum duration is set while permanent assignment is allowed (`permanentAssignment` is true): the maximum still binds every request that has an end".to_owned(),
            Some("remove `maximumGrantPeriodInMinutes`, or set `permanentAssignment` to false".to_owned()));
    }
    let duration = TimeDelta::try_minutes(minutes).unwrap_or(TimeDelta::MAX);
    if place.caller == Caller::EndUser && place.level == Level::Assignment {
        activation_maximum(duration, Some(&id), &place.at, out);
    } else if place.caller == Caller::Admin && permanent != Some(true) {
        assignment_maximum(duration, Some(&id), &place.at, out);
    }
}

fn approval(
    fields: &Object<'_>,
    enabled: bool,
    place: &Place,
    out: &mut Findings<'_>,
    facts: &mut Facts,
) {
    let id = place.rule_id(RuleKind::Approval);
    if place.caller == Caller::EndUser && place.level == Level::Assignment {
        facts.activation_approval = Some((place.at.clone(), enabled));
    }
    let approvers = fields
        .find(|key, _| key.eq_ignore_ascii_case("Approvers"))
        .and_then(|(_, value)| value.as_array().map(<[Json<'_>]>::len))
        .unwrap_or(0);
    if enabled && approvers == 0 {
        out.add_with("PIM005", None, Some(&id), place.at.clone(),
            "approval is required and no approver is listed: directory roles fall back to the Privileged Role Administrators and Global Administrators".to_owned(),
            Some("list the approvers in the setting's `Approvers`".to_owned()));
    }
}
