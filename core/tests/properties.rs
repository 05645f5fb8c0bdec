//! Properties of the engine (proptest): the readers never panic, the verdict agrees with the
//! findings, a request within the maximum is never over it, and the hint's end is a fix.
#![allow(clippy::indexing_slicing)] // serde_json `Value` indexing gives `Null`, it does not panic

use chrono::{DateTime, TimeDelta, Utc};
use pimcheck::{Code, Options, Policy};
use proptest::prelude::*;
use serde_json::{json, Value};

fn arbitrary_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|f| json!(f)),
        ".{0,12}".prop_map(Value::String),
        prop_oneof![
            Just("PT8H"),
            Just("P1Y"),
            Just("PT"),
            Just("2026-02-30T00:00:00Z"),
            Just("2026-01-01T00:00:00Z"),
            Just("Once"),
            Just("UserAdd"),
            Just("Active"),
            Just("Eligible"),
            Just("{\"maximumGrantPeriodInMinutes\":60}"),
        ]
        .prop_map(|s| Value::String(s.to_owned())),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        let keys = prop_oneof![
            Just("type".to_owned()),
            Just("assignmentState".to_owned()),
            Just("schedule".to_owned()),
            Just("duration".to_owned()),
            Just("endDateTime".to_owned()),
            Just("startDateTime".to_owned()),
            Just("userMemberSettings".to_owned()),
            Just("adminEligibleSettings".to_owned()),
            Just("ruleIdentifier".to_owned()),
            Just("setting".to_owned()),
            Just("reason".to_owned()),
            "[a-z]{1,6}",
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(keys, inner, 0..5)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-06-01T12:00:00Z")
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_default()
}

fn setting(rule: &str, value: Value) -> Value {
    json!({"ruleIdentifier": rule, "setting": value.to_string()})
}

/// An iteration-2 policy with a user activation maximum of `max_minutes`.
fn policy(max_minutes: u32, permanent: bool, justification: bool, mfa: bool) -> Value {
    json!({"userMemberSettings": [
        setting("ExpirationRule", json!({"permanentAssignment": permanent, "maximumGrantPeriodInMinutes": max_minutes})),
        setting("JustificationRule", json!({"required": justification})),
        setting("MfaRule", json!({"mfaRequired": mfa})),
    ], "adminEligibleSettings": [
        setting("ExpirationRule", json!({"permanentAssignment": permanent, "maximumGrantPeriodInMinutes": max_minutes})),
    ]})
}

fn format_time(t: DateTime<Utc>) -> String {
    pimcheck::format_date_time(t)
}

/// An activation starting `start_offset` seconds from now and lasting `length` seconds, written
/// with a duration or with an end.
fn activation(start_offset: i64, length: i64, with_end: bool) -> Value {
    let start = now() + TimeDelta::seconds(start_offset);
    let mut schedule = json!({"type": "Once", "startDateTime": format_time(start)});
    if with_end {
        schedule["endDateTime"] = json!(format_time(start + TimeDelta::seconds(length)));
    } else {
        schedule["duration"] = json!(pimcheck::format_iso8601(TimeDelta::seconds(length)));
    }
    json!({"type": "UserAdd", "assignmentState": "Active", "reason": "on call",
           "linkedEligibleRoleAssignmentId": "e327f4be", "schedule": schedule})
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn readers_never_panic_on_arbitrary_json(policy in arbitrary_json(), request in arbitrary_json()) {
        let options = Options::new(now());
        let _ = pimcheck::check_value(&policy, &request, &options);
        let _ = pimcheck::check_json(&policy.to_string(), &request.to_string(), &options);
        // A real policy with an arbitrary request, and the other way round.
        let real = self::policy(480, false, true, true);
        let _ = pimcheck::check_value(&real, &request, &options);
        let _ = pimcheck::check_value(&policy, &activation(0, 3600, false), &options);
    }

    #[test]
    fn readers_never_panic_on_arbitrary_text(policy in "\\PC{0,80}", request in "\\PC{0,80}") {
        let options = Options::new(now());
        let _ = pimcheck::check_json(&policy, &request, &options);
    }

    #[test]
    fn allowed_exactly_when_no_violations(
        max in 1u32..2000, permanent: bool, justification: bool, mfa_rule: bool,
        start in -7200i64..7200, length in -3600i64..200_000, with_end: bool,
        mfa in prop::option::of(any::<bool>()),
    ) {
        let policy = Policy::from_value(&policy(max, permanent, justification, mfa_rule));
        prop_assert!(policy.is_ok());
        let Ok(policy) = policy else { return Ok(()) };
        let options = Options::new(now()).with_mfa(mfa);
        if let Ok(report) = policy.check_value(&activation(start, length, with_end), &options) {
            prop_assert_eq!(report.allowed, report.violations.is_empty());
        }
    }

    #[test]
    fn within_the_maximum_is_never_over_it(
        max in 1u32..100_000, start in 0i64..7200, fraction in 0.0f64..=1.0, with_end: bool,
    ) {
        let length = ((f64::from(max) * 60.0 * fraction) as i64).max(1);
        let policy = Policy::from_value(&policy(max, false, false, false));
        let Ok(policy) = policy else { return Err(TestCaseError::fail("policy did not read")) };
        let report = policy.check_value(&activation(start, length, with_end), &Options::new(now()));
        let Ok(report) = report else { return Err(TestCaseError::fail("request did not read")) };
        prop_assert!(!report.violation_codes().contains(&Code::DurationExceedsMaximum), "{}", report.to_json());
    }

    #[test]
    fn cutting_to_the_hint_removes_the_violation(
        max in 5u32..10_000, start in -7200i64..7200, extra in 1i64..1_000_000, with_end: bool,
    ) {
        // A maximum under the service's five minutes cannot be met at all (`DurationTooShort`).
        // With an end, a past start is measured from now: lengthen so the end stays over the maximum.
        let past = if with_end { (-start).max(0) } else { 0 };
        let length = i64::from(max) * 60 + extra + past;
        let policy = Policy::from_value(&policy(max, false, false, false));
        let Ok(policy) = policy else { return Err(TestCaseError::fail("policy did not read")) };
        let options = Options::new(now());
        let request = activation(start, length, with_end);
        let report = policy.check_value(&request, &options);
        let Ok(report) = report else { return Err(TestCaseError::fail("request did not read")) };
        let finding = report.violations.iter().find(|f| f.code == Code::DurationExceedsMaximum);
        let Some(finding) = finding else { return Err(TestCaseError::fail(report.to_json())) };
        // The hint: "request at most <max>, ending no later than <end>".
        let hint = finding.hint().map(|h| h.into_owned()).unwrap_or_default();
        let latest = hint.rsplit(' ').next().unwrap_or_default();
        let mut fixed = request.clone();
        fixed["schedule"]["endDateTime"] = json!(latest);
        if let Some(schedule) = fixed["schedule"].as_object_mut() {
            schedule.remove("duration");
        }
        let report = policy.check_value(&fixed, &options);
        let Ok(report) = report else { return Err(TestCaseError::fail("fixed request did not read")) };
        prop_assert!(report.allowed, "{} -> {}", hint, report.to_json());
    }
}

fn violation_codes(report: &pimcheck::Report) -> std::collections::BTreeSet<&'static str> {
    report.violations.iter().map(|v| v.code.as_str()).collect()
}

/// A request by `kind` (activation, admin eligible, admin active) from `start` (seconds from now)
/// to `end` (seconds from now), with or without a justification.
fn request(kind: u8, start: i64, end: i64, reason: bool) -> Value {
    let (type_, state) = match kind % 3 {
        0 => ("UserAdd", "Active"),
        1 => ("AdminAdd", "Eligible"),
        _ => ("AdminAdd", "Active"),
    };
    let mut request = json!({"type": type_, "assignmentState": state,
        "linkedEligibleRoleAssignmentId": "e327f4be",
        "schedule": {"type": "Once",
            "startDateTime": format_time(now() + TimeDelta::seconds(start)),
            "endDateTime": format_time(now() + TimeDelta::seconds(end))}});
    if reason {
        request["reason"] = json!("on call");
    }
    request
}

/// A policy with the same maximum for every list.
fn policy_everywhere(max_minutes: u32, permanent: bool, justification: bool) -> Value {
    let rules = json!([
        setting(
            "ExpirationRule",
            json!({"permanentAssignment": permanent, "maximumGrantPeriodInMinutes": max_minutes})
        ),
        setting("JustificationRule", json!({"required": justification})),
    ]);
    json!({"adminEligibleSettings": rules, "adminMemberSettings": rules, "userMemberSettings": rules})
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn shortening_the_end_never_adds_a_violation(
        kind: u8, max in 1u32..5000, permanent: bool, justification: bool, reason: bool,
        start in -7200i64..7200, length in 300i64..400_000, cut in 0.0f64..1.0,
    ) {
        let policy = Policy::from_value(&policy_everywhere(max, permanent, justification));
        let Ok(policy) = policy else { return Err(TestCaseError::fail("policy did not read")) };
        let options = Options::new(now());
        // Ends stay at least the service's five minutes (300 s) after the effective start
        // (max(start, now)), so only the length changes and no shortening is `DurationTooShort`.
        let floor = start.max(0);
        let end = floor + length;
        let shorter = floor + 300 + ((length - 300) as f64 * cut) as i64;
        let long = policy.check_value(&request(kind, start, end, reason), &options);
        let short = policy.check_value(&request(kind, start, shorter, reason), &options);
        let (Ok(long), Ok(short)) = (long, short) else { return Err(TestCaseError::fail("request did not read")) };
        prop_assert!(violation_codes(&short).is_subset(&violation_codes(&long)), "{} vs {}", short.to_json(), long.to_json());
    }

    #[test]
    fn under_five_minutes_is_duration_too_short_and_five_is_not(
        kind: u8, start in -7200i64..7200, length in 1i64..600,
    ) {
        // A policy that allows anything up to a year: only the service's minimum can deny.
        let policy = Policy::from_value(&policy_everywhere(525_600, true, false));
        let Ok(policy) = policy else { return Err(TestCaseError::fail("policy did not read")) };
        let floor = start.max(0);
        let report = policy.check_value(&request(kind, start, floor + length, true), &Options::new(now()));
        let Ok(report) = report else { return Err(TestCaseError::fail("request did not read")) };
        let too_short = violation_codes(&report).contains("DurationTooShort");
        prop_assert_eq!(too_short, length < 300, "{}", report.to_json());
    }

    #[test]
    fn raising_the_maximum_never_adds_a_violation(
        kind: u8, max in 1u32..5000, raise in 0u32..5000, permanent: bool, justification: bool,
        reason: bool, start in -7200i64..7200, end in -7200i64..400_000,
    ) {
        let low = Policy::from_value(&policy_everywhere(max, permanent, justification));
        let high = Policy::from_value(&policy_everywhere(max + raise, permanent, justification));
        let (Ok(low), Ok(high)) = (low, high) else { return Err(TestCaseError::fail("policy did not read")) };
        let request = request(kind, start, end, reason);
        let options = Options::new(now());
        let (Ok(low), Ok(high)) = (low.check_value(&request, &options), high.check_value(&request, &options)) else {
            return Err(TestCaseError::fail("request did not read"));
        };
        prop_assert!(violation_codes(&high).is_subset(&violation_codes(&low)), "{} vs {}", high.to_json(), low.to_json());
    }

    #[test]
    fn reports_write_json_that_holds_every_finding(
        kind: u8, max in 1u32..5000, permanent: bool, justification: bool, reason: bool,
        start in -7200i64..7200, end in -7200i64..400_000, mfa in prop::option::of(any::<bool>()),
    ) {
        let policy = Policy::from_value(&policy_everywhere(max, permanent, justification));
        let Ok(policy) = policy else { return Err(TestCaseError::fail("policy did not read")) };
        let report = policy.check_value(&request(kind, start, end, reason), &Options::new(now()).with_mfa(mfa));
        let Ok(report) = report else { return Err(TestCaseError::fail("request did not read")) };
        let written: Result<serde_json::Value, _> = serde_json::from_str(&report.to_json());
        prop_assert!(written.is_ok(), "{}", report.to_json());
        let written = written.unwrap_or_default();
        prop_assert_eq!(&written["allowed"], &json!(report.allowed));
        for (key, findings) in [("violations", &report.violations), ("obligations", &report.obligations), ("warnings", &report.warnings)] {
            let listed = written[key].as_array().cloned().unwrap_or_default();
            prop_assert_eq!(listed.len(), findings.len());
            for (entry, finding) in listed.iter().zip(findings.iter()) {
                let alone: serde_json::Value = serde_json::from_str(&finding.to_json()).unwrap_or_default();
                prop_assert_eq!(entry, &alone);
                let (message, hint) = (finding.message(), finding.hint());
                prop_assert_eq!(entry["message"].as_str(), Some(message.as_ref()));
                prop_assert_eq!(entry["hint"].as_str(), hint.as_deref());
            }
        }
    }

    #[test]
    fn durations_format_and_parse_back_to_the_same_value(millis in -(1i64 << 50)..(1i64 << 50)) {
        let duration = TimeDelta::milliseconds(millis);
        let written = pimcheck::format_iso8601(duration);
        prop_assert_eq!(pimcheck::parse_iso8601(&written).ok(), Some(duration), "{}", written);
    }

    #[test]
    fn date_times_format_and_parse_back_to_the_same_value(seconds in 0i64..253_402_300_799, nanos in 0u32..1_000_000_000) {
        let Some(time) = DateTime::<Utc>::from_timestamp(seconds, nanos) else { return Ok(()) };
        let written = format_time(time);
        prop_assert_eq!(pimcheck::parse_date_time(&written).ok(), Some(time), "{}", written);
    }
}
