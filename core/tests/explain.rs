//! `Policy::limits` and `Policy::fix_value` through the public API: concrete cases in each
//! generation, and the property of issue #16: a suggestion with its needs supplied always passes,
//! and a request that already passes gets no change.

#![allow(clippy::indexing_slicing)] // serde_json `Value` indexing gives `Null`, it does not panic

use pimcheck::{parse_now, Fix, Need, Options, Policy, Request};
use proptest::prelude::*;
use serde_json::{json, Value};

const NOW: &str = "2026-01-01T00:00:00Z";

fn options(mfa: Option<bool>) -> Options {
    let now = parse_now(NOW).unwrap_or_default();
    Options::new(now).with_mfa(mfa)
}

/// A Graph policy: the end user's expiration, enablement and approval rules, and the admin's
/// assignment expiration.
fn graph_policy(maximum: Option<&str>, enabled: &[&str], permanent_admin: bool) -> Value {
    json!({"rules": [
        {"@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyExpirationRule",
         "id": "Expiration_EndUser_Assignment", "isExpirationRequired": true,
         "maximumDuration": maximum.unwrap_or("P365D"),
         "target": {"caller": "EndUser", "level": "Assignment"}},
        {"@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyEnablementRule",
         "id": "Enablement_EndUser_Assignment", "enabledRules": enabled,
         "target": {"caller": "EndUser", "level": "Assignment"}},
        {"@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyExpirationRule",
         "id": "Expiration_Admin_Assignment", "isExpirationRequired": !permanent_admin,
         "maximumDuration": "P90D",
         "target": {"caller": "Admin", "level": "Assignment"}}
    ]})
}

fn policy(value: &Value) -> Policy {
    let policy = Policy::from_value(value);
    assert!(policy.is_ok(), "{policy:?}");
    policy.unwrap_or_else(|_| Policy::from_settings(Default::default()))
}

fn suggested(fix: Result<Fix, pimcheck::Error>) -> pimcheck::Suggestion {
    match fix {
        Ok(Fix::Suggested(s)) => s,
        other => {
            assert!(
                matches!(other, Ok(Fix::Suggested(_))),
                "expected a suggestion, got {other:?}"
            );
            pimcheck::Suggestion {
                request: Value::Null,
                needs: vec![],
                changes: vec![],
            }
        }
    }
}

#[test]
fn limits_list_the_three_kinds_with_the_latest_end_from_now() {
    let policy = policy(&graph_policy(
        Some("PT8H"),
        &["MultiFactorAuthentication", "Justification"],
        false,
    ));
    let limits = policy.limits(None, parse_now(NOW).ok());
    let json = limits.map(|l| l.to_json()).unwrap_or_default();
    let value: Value = serde_json::from_str(&json).unwrap_or_default();
    assert_eq!(
        value["limits"][0],
        json!({"operation": "activate", "caller": "user", "level": "assignment",
               "permanentAllowed": false, "maximumDuration": "PT8H", "minimumDuration": "PT5M",
               "latestEnd": "2026-01-01T08:00:00Z",
               "requires": {"mfa": true, "justification": true, "ticket": false, "approval": false,
                            "authenticationContext": null},
               "approvers": []})
    );
    assert_eq!(value["limits"][1]["permanentAllowed"], json!(true));
    assert_eq!(value["limits"][1]["maximumDuration"], Value::Null);
    assert_eq!(value["limits"][2]["maximumDuration"], json!("P90D"));
    let without_now = policy
        .limits(None, None)
        .map(|l| l.to_json())
        .unwrap_or_default();
    assert!(without_now.contains("\"latestEnd\":null"), "{without_now}");
}

#[test]
fn limits_of_a_request_are_its_one_entry_from_its_start() {
    let policy = policy(&graph_policy(Some("PT8H"), &[], false));
    let request = json!({"action": "selfActivate", "principalId": "p", "roleDefinitionId": "r",
        "directoryScopeId": "/", "justification": "j",
        "scheduleInfo": {"startDateTime": "2026-02-01T10:00:00Z",
                         "expiration": {"type": "afterDuration", "duration": "PT9H"}}});
    let request = Request::from_value(&request, pimcheck::model::Level::parse("assignment"));
    let limits = request.and_then(|r| policy.limits(Some(&r), parse_now(NOW).ok()));
    let limits = limits.map(|l| l.entries).unwrap_or_default();
    assert_eq!(limits.len(), 1);
    assert_eq!(
        limits
            .first()
            .and_then(|l| l.latest_end)
            .map(pimcheck::format_date_time),
        Some("2026-02-01T18:00:00Z".to_owned())
    );
}

#[test]
fn an_over_long_duration_is_clamped_in_the_form_given() {
    let policy = policy(&graph_policy(Some("PT8H"), &["Justification"], false));
    let request = json!({"action": "selfActivate", "principalId": "p", "roleDefinitionId": "r",
        "directoryScopeId": "/", "customField": {"kept": true},
        "ScheduleInfo": {"expiration": {"type": "afterDuration", "duration": "PT9H"}}});
    let options = options(None).with_level(pimcheck::model::Level::parse("assignment"));
    let suggestion = suggested(policy.fix_value(&request, &options));
    assert_eq!(suggestion.needs, vec![Need::Justification]);
    let mut expected = request.clone();
    expected["ScheduleInfo"]["expiration"]["duration"] = json!("PT8H");
    assert_eq!(suggestion.request, expected);
    assert_eq!(suggestion.changes.len(), 1);
    assert_eq!(
        suggestion
            .changes
            .first()
            .map(|c| (c.path.as_str(), c.from.clone(), c.to.clone())),
        Some((
            "/ScheduleInfo/expiration/duration",
            Some(json!("PT9H")),
            json!("PT8H")
        ))
    );
}

#[test]
fn an_end_past_the_maximum_moves_to_the_latest_end() {
    let policy = policy(
        &json!({"userMemberSettings": [{"ruleIdentifier": "ExpirationRule",
        "setting": "{\"permanentAssignment\":false,\"maximumGrantPeriodInMinutes\":480}"}]}),
    );
    let request = json!({"type": "UserAdd", "assignmentState": "Active",
        "linkedEligibleRoleAssignmentId": "e",
        "schedule": {"type": "Once", "startDateTime": "2026-01-02T00:00:00Z",
                     "endDateTime": "2026-01-03T00:00:00Z"}});
    let suggestion = suggested(policy.fix_value(&request, &options(None)));
    assert_eq!(suggestion.needs, vec![]);
    assert_eq!(
        suggestion.request["schedule"]["endDateTime"],
        json!("2026-01-02T08:00:00Z")
    );
}

#[test]
fn a_permanent_assignment_gets_the_maximum_as_an_expiration() {
    let policy = policy(&graph_policy(None, &[], false));
    let request = json!({"action": "adminAssign", "principalId": "p", "roleDefinitionId": "r",
        "directoryScopeId": "/", "scheduleInfo": {"expiration": {"type": "noExpiration"}}});
    let options = options(None).with_level(pimcheck::model::Level::parse("assignment"));
    let suggestion = suggested(policy.fix_value(&request, &options));
    assert_eq!(
        suggestion.request["scheduleInfo"]["expiration"],
        json!({"type": "afterDuration", "duration": "P90D"})
    );
}

#[test]
fn an_unsupported_request_has_no_fix() {
    let policy = policy(&graph_policy(None, &[], false));
    let request = json!({"action": "adminAssign", "principalId": "p", "roleDefinitionId": "r",
        "directoryScopeId": "/", "scheduleInfo": {"expiration": {"type": "afterDuration", "duration": "PT1H"}}});
    let options = options(None).with_level(pimcheck::model::Level::parse("eligibility"));
    // Allowed (no eligibility rules): no change.
    let allowed = suggested(policy.fix_value(&request, &options));
    assert!(allowed.changes.is_empty() && allowed.needs.is_empty());
    let activation_of_eligibility = json!({"action": "selfActivate", "principalId": "p",
        "roleDefinitionId": "r", "directoryScopeId": "/"});
    let fix = policy.fix_value(&activation_of_eligibility, &options);
    assert!(
        matches!(&fix, Ok(Fix::Unavailable(reason)) if reason.starts_with("UnsupportedRequest")),
        "{fix:?}"
    );
}

/// One random policy (Graph) and request (Graph or iteration 2 style schedule fields).
fn case() -> impl Strategy<Value = (Value, Value, Option<bool>)> {
    let maximum = prop::option::of(prop::sample::select(vec![
        "PT1M", "PT5M", "PT30M", "PT8H", "P1D",
    ]));
    let enabled = prop::sample::subsequence(
        vec!["MultiFactorAuthentication", "Justification", "Ticketing"],
        0..=3,
    );
    let duration = prop::option::of(prop::sample::select(vec![
        "PT1M", "PT5M", "PT8H", "PT9H", "P2D", "-PT1H",
    ]));
    let end = prop::option::of(prop::sample::select(vec![
        "2025-12-31T00:00:00Z",
        "2026-01-01T00:03:00Z",
        "2026-01-01T08:00:00Z",
        "2026-01-05T00:00:00Z",
    ]));
    let start = prop::option::of(prop::sample::select(vec![
        "2025-12-31T20:00:00Z",
        "2026-01-01T00:00:00Z",
        "2026-01-02T00:00:00Z",
    ]));
    let kind = prop::sample::select(vec![
        "noExpiration",
        "afterDuration",
        "afterDateTime",
        "notSpecified",
        "none",
    ]);
    let action = prop::sample::select(vec![
        "selfActivate",
        "adminAssign",
        "selfExtend",
        "adminRemove",
    ]);
    // Mostly one of duration and end (both given seldom agree: ConflictingExpiration, no fix).
    let form = prop::sample::select(vec![0u8, 1, 1, 1, 2, 2, 2, 3]);
    (maximum, enabled, any::<bool>(), (duration, end, form), start, kind, action, any::<bool>(),
     prop::option::of(any::<bool>()))
        .prop_map(|(maximum, enabled, permanent, (duration, end, form), start, kind, action, justified, mfa)| {
            let duration = duration.filter(|_| form & 1 == 1);
            let end = end.filter(|_| form & 2 == 2);
            let policy = graph_policy(maximum, &enabled, permanent);
            let mut expiration = serde_json::Map::new();
            if kind != "none" {
                expiration.insert("type".into(), json!(kind));
            }
            if let Some(d) = duration { expiration.insert("duration".into(), json!(d)); }
            if let Some(e) = end { expiration.insert("endDateTime".into(), json!(e)); }
            let mut schedule = json!({"expiration": expiration});
            if let Some(s) = start { schedule["startDateTime"] = json!(s); }
            let mut request = json!({"action": action, "principalId": "p", "roleDefinitionId": "r",
                "directoryScopeId": "/", "scheduleInfo": schedule, "unknownKey": [1, 2]});
            if justified { request["justification"] = json!("because"); }
            (policy, request, mfa)
        })
}

/// The request with what the user supplies for `needs`.
fn supply(request: &Value, needs: &[Need], mfa: Option<bool>) -> (Value, Option<bool>) {
    let mut request = request.clone();
    let mut mfa = mfa;
    for need in needs {
        match need {
            Need::Justification => request["justification"] = json!("supplied"),
            Need::Ticket => {
                request["ticketInfo"] = json!({"ticketNumber": "T-1", "ticketSystem": "S"})
            }
            Need::Mfa => mfa = Some(true),
            _ => {}
        }
    }
    (request, mfa)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn a_suggestion_with_its_needs_supplied_passes((policy_json, request, mfa) in case()) {
        let policy = Policy::from_value(&policy_json).map_err(|e| TestCaseError::fail(e.message().to_owned()))?;
        let options = options(mfa).with_level(pimcheck::model::Level::parse("assignment"));
        let before = policy.check_value(&request, &options);
        let fix = policy.fix_value(&request, &options);
        match (&before, &fix) {
            (Ok(report), Ok(Fix::Suggested(suggestion))) => {
                if report.allowed {
                    prop_assert!(suggestion.changes.is_empty() && suggestion.needs.is_empty(), "{suggestion:?}");
                    prop_assert_eq!(&suggestion.request, &request);
                }
                let (supplied, mfa) = supply(&suggestion.request, &suggestion.needs, mfa);
                let after = policy.check_value(&supplied, &options.with_mfa(mfa));
                prop_assert!(after.as_ref().is_ok_and(|r| r.allowed), "{after:?} from {suggestion:?}");
                let as_printed = policy.check_value(&suggestion.request, &options);
                prop_assert_eq!(as_printed.is_ok_and(|r| r.allowed), suggestion.needs.is_empty());
            }
            (Ok(report), Ok(Fix::Unavailable(reason))) => {
                prop_assert!(!report.allowed, "an allowed request got no fix: {reason}");
            }
            (Err(a), Err(b)) => prop_assert_eq!(a.code(), b.code()),
            other => prop_assert!(false, "check and fix disagree: {other:?}"),
        }
    }
}
