//! Properties across the three API generations: for random role settings and requests,
//! - `convert` round-trips: model → JSON of generation G → model, equal in every evaluated setting;
//! - the iteration-2, Graph and ARM encodings of one policy and one request give the same report,
//!   apart from the `rule` names, the JSON paths and the messages that quote them.
#![allow(clippy::indexing_slicing)] // serde_json `Value` indexing gives `Null`, it does not panic

use chrono::{TimeDelta, TimeZone, Utc};
use pimcheck::convert::{to_generation, Generation};
use pimcheck::model::PolicyDocument;
use pimcheck::model::{
    ApprovalRule, Approver, AuthenticationContextRule, Caller, EnablementRule, ExpirationRule,
    Level, RoleSettings, RuleSet,
};
use pimcheck::{Options, Policy, Report};
use proptest::prelude::*;
use serde_json::{json, Value};

const TARGETS: [(Caller, Level); 3] = [
    (Caller::Admin, Level::Eligibility),
    (Caller::Admin, Level::Assignment),
    (Caller::EndUser, Level::Assignment),
];

fn approver() -> impl Strategy<Value = Approver> {
    (
        proptest::option::of("[0-9a-f]{8}"),
        proptest::option::of(prop_oneof![Just("User"), Just("Group")]),
        proptest::option::of("[A-Za-z ]{0,12}"),
    )
        .prop_map(|(id, kind, name)| Approver {
            id,
            kind: kind.map(str::to_owned),
            display_name: name,
        })
}

fn rule_set() -> impl Strategy<Value = RuleSet> {
    (
        proptest::option::of((any::<bool>(), proptest::option::of(1i64..600_000))),
        proptest::option::of((any::<bool>(), any::<bool>(), any::<bool>())),
        proptest::option::of((
            any::<bool>(),
            any::<bool>(),
            proptest::collection::vec(approver(), 0..3),
        )),
        proptest::option::of((any::<bool>(), proptest::option::of("c[0-9]{1,2}"))),
    )
        .prop_map(|(expiration, enablement, approval, context)| RuleSet {
            expiration: expiration.map(|(permanent_allowed, minutes)| ExpirationRule {
                id: Default::default(),
                permanent_allowed,
                maximum: minutes.map(TimeDelta::minutes),
                exception_members: Vec::new(),
            }),
            enablement: enablement.map(|(mfa, justification, ticketing)| EnablementRule {
                id: Default::default(),
                mfa,
                justification,
                ticketing,
            }),
            approval: approval.map(|(required, for_extension, approvers)| ApprovalRule {
                id: Default::default(),
                required,
                required_for_extension: for_extension,
                approvers: approvers.into(),
            }),
            authentication_context: context.map(|(enabled, claim_value)| {
                AuthenticationContextRule {
                    id: Default::default(),
                    enabled,
                    claim_value,
                }
            }),
            ..RuleSet::default()
        })
}

fn settings() -> impl Strategy<Value = RoleSettings> {
    (rule_set(), rule_set(), rule_set()).prop_map(|(ae, aa, ea)| RoleSettings {
        admin_eligibility: ae,
        admin_assignment: aa,
        end_user_assignment: ea,
        ..RoleSettings::default()
    })
}

/// What the evaluator uses of a rule set, without ids; `extension` says whether the target
/// generation can express approval for extensions.
type Evaluated = (
    Option<(bool, Option<TimeDelta>)>,
    Option<(bool, bool, bool)>,
    Option<(bool, bool, Vec<Approver>)>,
    Option<(bool, Option<String>)>,
);

fn evaluated(settings: &RoleSettings, extension: bool) -> Vec<Evaluated> {
    TARGETS
        .iter()
        .map(|(caller, level)| {
            let rules = settings.rules(*caller, *level);
            (
                rules
                    .expiration
                    .as_ref()
                    .map(|e| (e.permanent_allowed, e.maximum)),
                rules
                    .enablement
                    .as_ref()
                    .map(|e| (e.mfa, e.justification, e.ticketing)),
                rules.approval.as_ref().map(|a| {
                    (
                        a.required,
                        a.required_for_extension && extension,
                        a.approvers.to_vec(),
                    )
                }),
                rules
                    .authentication_context
                    .as_ref()
                    .map(|a| (a.enabled, a.claim_value.clone())),
            )
        })
        .collect()
}

fn read_back(text: &str) -> Result<RoleSettings, String> {
    let policy = Policy::from_json(text).map_err(|e| e.one_line())?;
    match policy.document() {
        PolicyDocument::Single(settings) => Ok((**settings).clone()),
        _ => Err("read back as a set".into()),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn convert_round_trips_every_evaluated_setting(settings in settings()) {
        for generation in Generation::ALL {
            let conversion = to_generation(&settings, generation);
            let text = conversion.to_json();
            let back = read_back(&text);
            prop_assert!(back.is_ok(), "{:?}: {:?}", generation, back);
            let back = back.unwrap_or_default();
            let extension = generation != Generation::Iteration2;
            prop_assert_eq!(
                evaluated(&back, extension),
                evaluated(&settings, extension),
                "{:?}: {}", generation, text
            );
            let lost_extension = !extension
                && TARGETS.iter().any(|(c, l)| {
                    settings.rules(*c, *l).approval.as_ref().is_some_and(|a| a.required_for_extension)
                });
            prop_assert_eq!(lost_extension, !conversion.warnings.is_empty(),
                "{:?}: {:?}", generation, conversion.warnings);
        }
    }
}

/// An iteration-2 request, the source of the three encodings.
#[derive(Debug, Clone)]
struct Spec {
    kind: &'static str,
    eligible: bool,
    schedule: Option<(Option<i64>, Option<i64>, Option<i64>)>,
    reason: Option<&'static str>,
    ticket: Option<&'static str>,
    mfa: Option<bool>,
}

const KINDS: [(&str, &str); 9] = [
    ("AdminAdd", "adminAssign"),
    ("AdminUpdate", "adminUpdate"),
    ("AdminExtend", "adminExtend"),
    ("AdminRenew", "adminRenew"),
    ("AdminRemove", "adminRemove"),
    ("UserAdd", "selfActivate"),
    ("UserExtend", "selfExtend"),
    ("UserRenew", "selfRenew"),
    ("UserRemove", "selfDeactivate"),
];

fn spec() -> impl Strategy<Value = Spec> {
    let minutes = prop_oneof![-600i64..-1, 1i64..600_000];
    (
        0usize..KINDS.len(),
        any::<bool>(),
        proptest::option::of((
            proptest::option::of(-600i64..600),
            proptest::option::of(-1_000i64..600_000),
            proptest::option::of(minutes),
        )),
        proptest::option::of(prop_oneof![Just(""), Just(" "), Just("incident 4711")]),
        proptest::option::of(prop_oneof![Just(""), Just("INC-1")]),
        proptest::option::of(any::<bool>()),
    )
        .prop_map(|(k, eligible, schedule, reason, ticket, mfa)| Spec {
            kind: KINDS.get(k).map_or("AdminAdd", |(kind, _)| kind),
            eligible,
            schedule,
            reason,
            ticket,
            mfa,
        })
}

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
        .single()
        .unwrap_or_default()
}

fn time(minutes: i64) -> String {
    pimcheck::format_date_time(now() + TimeDelta::minutes(minutes))
}

fn duration(minutes: i64) -> String {
    pimcheck::format_iso8601(TimeDelta::minutes(minutes))
}

fn encode(spec: &Spec, generation: Generation) -> Value {
    let mut fields = serde_json::Map::new();
    fields.insert(
        "roleDefinitionId".to_owned(),
        json!("8b4d1d51-08e9-4254-b0a6-b16177aae376"),
    );
    if let Some(reason) = spec.reason {
        let key = if generation == Generation::Iteration2 {
            "reason"
        } else {
            "justification"
        };
        fields.insert(key.to_owned(), json!(reason));
    }
    if let Some(ticket) = spec.ticket {
        fields.insert("ticketInfo".to_owned(), json!({"ticketNumber": ticket}));
    }
    if generation == Generation::Iteration2 {
        encode_iteration2(spec, fields)
    } else {
        encode_iteration3(spec, fields, generation == Generation::Arm)
    }
}

fn encode_iteration2(spec: &Spec, mut fields: serde_json::Map<String, Value>) -> Value {
    fields.insert("type".into(), json!(spec.kind));
    fields.insert(
        "assignmentState".into(),
        json!(if spec.eligible { "Eligible" } else { "Active" }),
    );
    fields.insert("linkedEligibleRoleAssignmentId".into(), json!("e327f4be"));
    if let Some((start, end, dur)) = spec.schedule {
        let mut schedule = serde_json::Map::new();
        schedule.insert("type".into(), json!("Once"));
        if let Some(s) = start {
            schedule.insert("startDateTime".into(), json!(time(s)));
        }
        if let Some(e) = end {
            schedule.insert("endDateTime".into(), json!(time(e)));
        }
        if let Some(d) = dur {
            schedule.insert("duration".into(), json!(duration(d)));
        }
        fields.insert("schedule".into(), Value::Object(schedule));
    }
    Value::Object(fields)
}

fn encode_iteration3(spec: &Spec, mut fields: serde_json::Map<String, Value>, arm: bool) -> Value {
    let action = KINDS
        .iter()
        .find(|(kind, _)| *kind == spec.kind)
        .map_or("adminAssign", |(_, a)| a);
    let level = if spec.eligible {
        "Eligibility"
    } else {
        "Assignment"
    };
    let name = |t: &str| {
        if arm {
            let mut c = t.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        } else {
            t.to_owned()
        }
    };
    let action_key = if arm { "requestType" } else { "action" };
    fields.insert(action_key.into(), json!(name(action)));
    if let Some((start, end, dur)) = spec.schedule {
        let expiration = match (end, dur) {
            (None, None) => json!({"type": name("noExpiration")}),
            (Some(e), None) => json!({"type": name("afterDateTime"), "endDateTime": time(e)}),
            (None, Some(d)) => json!({"type": name("afterDuration"), "duration": duration(d)}),
            (Some(e), Some(d)) => {
                json!({"type": name("afterDateTime"), "endDateTime": time(e), "duration": duration(d)})
            }
        };
        let mut info = serde_json::Map::new();
        info.insert("expiration".into(), expiration);
        if let Some(s) = start {
            info.insert("startDateTime".into(), json!(time(s)));
        }
        fields.insert("scheduleInfo".into(), Value::Object(info));
    }
    if arm {
        json!({"type": format!("Microsoft.Authorization/role{}ScheduleRequests", level),
               "properties": Value::Object(fields)})
    } else {
        fields.insert(
            "@odata.type".into(),
            json!(format!(
                "#microsoft.graph.unifiedRole{}ScheduleRequest",
                level
            )),
        );
        Value::Object(fields)
    }
}

/// A report without what names generation-specific things: rule ids, paths, messages.
fn neutral(report: &Report) -> Value {
    let strip = |findings: &[pimcheck::Finding]| -> Vec<String> {
        let mut out: Vec<String> = findings
            .iter()
            .map(|f| {
                let mut v: Value = serde_json::from_str(&f.to_json()).unwrap_or_default();
                if let Some(o) = v.as_object_mut() {
                    o.remove("rule");
                    o.remove("path");
                    o.remove("message");
                }
                v.to_string()
            })
            .collect();
        out.sort();
        out
    };
    json!({
        "allowed": report.allowed,
        "request": [&report.request.operation, &report.request.caller, &report.request.level],
        "violations": strip(&report.violations),
        "obligations": strip(&report.obligations),
        "warnings": strip(&report.warnings),
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn the_three_generations_give_the_same_report(settings in settings(), spec in spec()) {
        let options = Options::new(now()).with_mfa(spec.mfa);
        let mut reports = Vec::new();
        for generation in [Generation::Iteration2, Generation::Graph, Generation::Arm] {
            let policy = Policy::from_json(&to_generation(&settings, generation).to_json());
            prop_assert!(policy.is_ok(), "{:?}", policy.err());
            let request = encode(&spec, generation);
            let report = policy
                .map_err(|e| e.one_line())
                .and_then(|p| p.check_value(&request, &options).map_err(|e| e.one_line()));
            prop_assert!(report.is_ok(), "{:?} {}: {:?}", generation, request, report);
            if let Ok(report) = report {
                reports.push((generation, neutral(&report), request));
            }
        }
        if let [(_, first, first_request), rest @ ..] = reports.as_slice() {
            for (generation, report, request) in rest {
                prop_assert_eq!(report, first,
                    "{:?} differs from iteration 2\n  {}\n  {}", generation, request, first_request);
            }
        }
    }
}
