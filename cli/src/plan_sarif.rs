//! `pimcheck plan --format sarif`: the plan's findings as SARIF results (through `sarif.rs`), each
//! with the resource address as its logical location and the line of the finding in the plan or
//! template file. A plan's JSON carries no `.tf` file positions, so the file is the plan itself.

use pimcheck::plan::{Outcome, PlanEntry};
use pimcheck::{Finding, PlanReport};

use crate::json_line::line_of_pointer;
use crate::sarif::{self, Level, LogicalPlace, Rule};

/// What one catalogue entry says, before its help URI is made.
struct Entry {
    id: &'static str,
    short: &'static str,
    full: &'static str,
    level: Level,
}

/// Every result a plan can give: the finding codes of contract section 3, a resource that cannot
/// be read, and the two reasons a resource is skipped.
const CATALOGUE: [Entry; 17] = [
    entry(
        "PermanentNotAllowed",
        "the resource asks for a permanent assignment the policy forbids",
        Level::Error,
    ),
    entry(
        "DurationExceedsMaximum",
        "the requested length is longer than the policy's maximum",
        Level::Error,
    ),
    entry(
        "JustificationRequired",
        "the policy requires a justification the resource does not give",
        Level::Error,
    ),
    entry(
        "TicketRequired",
        "the policy requires ticket information the resource does not give",
        Level::Error,
    ),
    entry(
        "MfaRequired",
        "the policy requires multi-factor authentication",
        Level::Error,
    ),
    entry(
        "EndNotAfterStart",
        "the requested end is not after the start",
        Level::Error,
    ),
    entry(
        "EndInPast",
        "the requested end is in the past",
        Level::Error,
    ),
    entry(
        "ConflictingExpiration",
        "the schedule's fields disagree",
        Level::Error,
    ),
    entry(
        "UnsupportedRequest",
        "the service does not accept this kind of request",
        Level::Error,
    ),
    entry(
        "ApprovalRequired",
        "the service will route the request to approvers",
        Level::Note,
    ),
    entry(
        "AuthenticationContextRequired",
        "the service will ask for an authentication context",
        Level::Note,
    ),
    entry(
        "UnknownRule",
        "the policy has a rule pimcheck does not know",
        Level::Warning,
    ),
    entry(
        "StartInPast",
        "the start is in the past; the service starts the request now",
        Level::Warning,
    ),
    entry(
        "UnknownAtPlanTime",
        "a value a rule reads is not known until apply",
        Level::Warning,
    ),
    entry(
        "NoPolicyForResource",
        "no policy governs the resource's role and scope: it was not judged",
        Level::Warning,
    ),
    entry(
        "InvalidResource",
        "the resource cannot be read as the request the provider will send",
        Level::Error,
    ),
    entry(
        "LinkedEligibilityRequired",
        "the request does not name the eligibility it activates",
        Level::Error,
    ),
];

const fn entry(id: &'static str, short: &'static str, level: Level) -> Entry {
    Entry {
        id,
        short,
        full: short,
        level,
    }
}

/// The SARIF log of `plan`; `file` is the plan's path as the user named it (`-`: standard input)
/// and `text` its content, in which each result's line is found.
pub(crate) fn sarif(
    plan: &PlanReport,
    file: &str,
    text: &str,
) -> Result<String, serde_json::Error> {
    let help = sarif::help_uri("contract.md", "7-plan");
    let rules: Vec<Rule<'_>> = CATALOGUE
        .iter()
        .map(|e| Rule {
            id: e.id,
            name: e.id,
            short_description: e.short,
            full_description: e.full,
            help_uri: &help,
            default_level: e.level,
        })
        .collect();
    let file = (file != "-").then_some(file);
    let results: Vec<Result1> = plan.resources.iter().flat_map(results_of).collect();
    let findings: Vec<sarif::Finding<'_>> = results
        .iter()
        .map(|r| sarif::Finding {
            rule_id: r.rule_id,
            level: r.level,
            message: &r.message,
            file,
            // A finding about an attribute the resource leaves out points at the resource.
            line: line_of_pointer(text, &r.pointer).or_else(|| line_of_pointer(text, &r.base)),
            logical: Some(LogicalPlace {
                fully_qualified_name: &r.address,
                kind: "resource",
            }),
        })
        .collect();
    sarif::log(&rules, &findings)
}

/// One result before it borrows into a SARIF finding.
struct Result1 {
    rule_id: &'static str,
    level: Level,
    message: String,
    pointer: String,
    base: String,
    address: String,
}

fn rule_id(code: &str) -> &'static str {
    CATALOGUE
        .iter()
        .find(|e| e.id == code)
        .map_or("InvalidResource", |e| e.id)
}

fn results_of(entry: &PlanEntry) -> Vec<Result1> {
    let make = |rule_id, level, message: String, path: &str| Result1 {
        rule_id,
        level,
        message: format!("{}: {message}", entry.address),
        pointer: format!("{}{path}", entry.pointer),
        base: entry.pointer.clone(),
        address: entry.address.clone(),
    };
    match &entry.outcome {
        Outcome::Checked { report, fix } => {
            let words = |finding: &Finding, with_fix: bool| {
                let mut message = finding.message().into_owned();
                if let Some(hint) = finding.hint() {
                    message.push_str("; hint: ");
                    message.push_str(&hint);
                }
                if let (true, Some(fix)) = (with_fix, fix) {
                    message.push_str("; fix: ");
                    message.push_str(fix);
                }
                message
            };
            let groups = [
                (&report.violations, Level::Error),
                (&report.obligations, Level::Note),
                (&report.warnings, Level::Warning),
            ];
            groups
                .into_iter()
                .flat_map(|(findings, level)| findings.iter().map(move |f| (f, level)))
                .map(|(f, level)| {
                    let path = f.path.as_deref().unwrap_or_default();
                    make(
                        rule_id(f.code.as_str()),
                        level,
                        words(f, level == Level::Error),
                        path,
                    )
                })
                .collect()
        }
        Outcome::Failed(error) => {
            // The error's path is already a pointer into the whole document.
            let mut result = make("InvalidResource", Level::Error, error.one_line(), "");
            result.pointer = error.path().to_owned();
            vec![result]
        }
        Outcome::Skipped(reason) => vec![make(
            rule_id(reason.as_str()),
            Level::Warning,
            format!("not judged: {}", reason.as_str()),
            "",
        )],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::expect_used, clippy::indexing_slicing)] // tests may expect; `Value` indexing gives `Null`

    use super::*;

    fn schema_validator() -> jsonschema::Validator {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/schemas/sarif-schema-2.1.0.json"
        );
        let schema: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).expect("the vendored schema"))
                .expect("the schema is JSON");
        jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .expect("the schema compiles")
    }

    /// Every plan vector's result as SARIF validates against the SARIF 2.1.0 schema.
    #[test]
    fn the_sarif_of_every_plan_vector_validates_against_the_schema() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../vectors/plan");
        let validator = schema_validator();
        let mut checked = 0;
        for file in std::fs::read_dir(dir).expect("vectors/plan") {
            let text =
                std::fs::read_to_string(file.expect("a file").path()).expect("a vector file");
            let cases: Vec<serde_json::Value> = serde_json::from_str(&text).expect("JSON");
            for case in cases.iter().filter(|c| c.get("plan").is_some()) {
                let plan_text = case["plan"].to_string();
                let policies = case
                    .get("policies")
                    .map(|p| pimcheck::Policy::from_value(p).expect("a case's policies are valid"));
                let parameters = case.get("parameters").map(ToString::to_string);
                let now = pimcheck::parse_now(case["context"]["now"].as_str().unwrap_or_default())
                    .expect("now");
                let inputs = pimcheck::PlanInputs {
                    policies: policies.as_ref(),
                    parameters: parameters.as_deref(),
                };
                let Ok(plan) =
                    pimcheck::check_plan(&plan_text, inputs, &pimcheck::Options::new(now))
                else {
                    continue;
                };
                let log =
                    sarif(&plan, "plans/tfplan.json", &plan_text).expect("the log serializes");
                let instance: serde_json::Value = serde_json::from_str(&log).expect("JSON");
                let errors: Vec<String> = validator
                    .iter_errors(&instance)
                    .map(|e| e.to_string())
                    .collect();
                assert!(errors.is_empty(), "{}: {errors:?}", case["name"]);
                let results = instance["runs"][0]["results"]
                    .as_array()
                    .map_or(0, Vec::len);
                let denied = plan.resources.iter().any(
                    |e| matches!(&e.outcome, Outcome::Checked { report, .. } if !report.allowed),
                );
                assert!(!denied || results > 0, "{}", case["name"]);
                checked += 1;
            }
        }
        assert!(checked >= 10, "too few plan vectors: {checked}");
    }

    #[test]
    fn a_violation_names_the_address_the_line_and_the_fix() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../vectors/plan/terraform.json"
        ))
        .expect("the vectors");
        let cases: Vec<serde_json::Value> = serde_json::from_str(&text).expect("JSON");
        let case = &cases[0];
        let plan_text = serde_json::to_string_pretty(&case["plan"]).expect("JSON");
        let policies = pimcheck::Policy::from_value(&case["policies"]).expect("policies");
        let now = pimcheck::parse_now("2026-11-24T12:00:00Z").expect("now");
        let inputs = pimcheck::PlanInputs {
            policies: Some(&policies),
            parameters: None,
        };
        let plan =
            pimcheck::check_plan(&plan_text, inputs, &pimcheck::Options::new(now)).expect("a plan");
        let log: serde_json::Value =
            serde_json::from_str(&sarif(&plan, "tfplan.json", &plan_text).expect("SARIF"))
                .expect("JSON");
        let result = &log["runs"][0]["results"][0];
        assert_eq!(result["ruleId"], "PermanentNotAllowed");
        assert_eq!(result["level"], "error");
        assert_eq!(
            result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
            "azurerm_pim_eligible_role_assignment.ops"
        );
        // `schedule` is left out of the resource, so the result points at the resource's `after`.
        let line = result["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64();
        let after = line_of_pointer(&plan_text, "/resource_changes/2/change/after");
        assert!(after.is_some());
        assert_eq!(line.map(|l| l as usize), after);
        assert!(
            result["message"]["text"].as_str().is_some_and(
                |m| m.ends_with("; fix: schedule { expiration { duration_days = 365 } }")
            )
        );
    }
}
