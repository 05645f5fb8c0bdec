//! SARIF 2.1.0 logs for the commands that report findings in files (`lint`, `audit`, `plan`), built
//! on the `serde-sarif` crate's types so that the log has the schema's shape by construction.
//!
//! A command hands over its rule catalogue ([`Rule`]) and its results ([`Finding`]); this module
//! knows nothing of PIM. Every catalogue entry goes into `tool.driver.rules`, whether or not a result
//! uses it, so that code-scanning tools can show the whole catalogue.

use serde_sarif::sarif::{
    ArtifactLocation, Location, LogicalLocation as SarifLogicalLocation, Message,
    MultiformatMessageString, PhysicalLocation, Region, ReportingConfiguration,
    ReportingDescriptor, Result as SarifResult, ResultLevel, Run, Sarif, Tool, ToolComponent,
};

/// The schema URI written in the log's `$schema`.
const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Where the project's documentation lives on the web: a rule's help URI is a page below it.
const DOCS_BASE: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/docs/");

/// The absolute URI of a section of one of the project's documents, for a rule's `helpUri`
/// (for example `help_uri("lints.md", "pim001")`).
pub(crate) fn help_uri(document: &str, anchor: &str) -> String {
    format!("{DOCS_BASE}{document}#{anchor}")
}

/// One entry of a command's rule catalogue, as `tool.driver.rules` lists it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Rule<'a> {
    /// The stable id results refer to (`PIM003`).
    pub id: &'a str,
    /// The rule's name in UpperCamelCase (`MaximumWithPermanent`).
    pub name: &'a str,
    /// One sentence: what the rule finds.
    pub short_description: &'a str,
    /// What the rule finds, why it matters, and what to do.
    pub full_description: &'a str,
    /// An absolute URI of the rule's documentation (see [`help_uri`]).
    pub help_uri: &'a str,
    /// The level a result of this rule has unless it says otherwise.
    pub default_level: Level,
}

/// How serious a result is, in SARIF's words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Level {
    /// The input is wrong: the service refuses it, or it cannot do what it says.
    Error,
    /// The input works but is risky or surprising.
    Warning,
    /// For information (no lint result is one; audit and plan may use it).
    #[allow(dead_code)]
    Note,
}

impl Level {
    fn to_sarif(self) -> ResultLevel {
        match self {
            Level::Error => ResultLevel::Error,
            Level::Warning => ResultLevel::Warning,
            Level::Note => ResultLevel::Note,
        }
    }
}

/// Where a result is, in a program's terms rather than a file's (a policy, a plan address).
#[derive(Clone, Copy, Debug)]
pub(crate) struct LogicalPlace<'a> {
    /// The place's full name (`azurerm_role_management_policy.admins`, a policy's id).
    pub fully_qualified_name: &'a str,
    /// What kind of place it is (`resource`, `object`).
    pub kind: &'a str,
}

/// One result: which rule, how serious, what happened, and where.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Finding<'a> {
    /// The id of a rule of the catalogue handed to [`log`].
    pub rule_id: &'a str,
    /// The result's level (it may differ from the rule's default).
    pub level: Level,
    /// What was found, with the hint if there is one.
    pub message: &'a str,
    /// The file as the user named it (`None` for standard input).
    pub file: Option<&'a str>,
    /// The 1-based line in that file, where it could be found.
    pub line: Option<usize>,
    /// The result's place in the program's terms.
    pub logical: Option<LogicalPlace<'a>>,
}

/// The SARIF log of one run of the tool: the whole catalogue as `tool.driver.rules`, one result per
/// finding, written as pretty JSON.
pub(crate) fn log(
    rules: &[Rule<'_>],
    findings: &[Finding<'_>],
) -> Result<String, serde_json::Error> {
    let descriptors: Vec<ReportingDescriptor> = rules.iter().map(descriptor).collect();
    let driver = ToolComponent::builder()
        .name("pimcheck")
        .version(env!("CARGO_PKG_VERSION"))
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .information_uri(env!("CARGO_PKG_REPOSITORY"))
        .rules(descriptors)
        .build();
    let results: Vec<SarifResult> = findings
        .iter()
        .map(|finding| result(rules, finding))
        .collect();
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .results(results)
        .build();
    let sarif = Sarif::builder()
        .schema(SCHEMA_URI)
        .version(serde_json::json!("2.1.0"))
        .runs(vec![run])
        .build();
    serde_json::to_string_pretty(&sarif)
}

fn descriptor(rule: &Rule<'_>) -> ReportingDescriptor {
    let level = match rule.default_level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Note => "note",
    };
    ReportingDescriptor::builder()
        .id(rule.id)
        .name(rule.name)
        .short_description(text(rule.short_description))
        .full_description(text(rule.full_description))
        .help_uri(rule.help_uri)
        .default_configuration(
            ReportingConfiguration::builder()
                .level(serde_json::json!(level))
                .build(),
        )
        .build()
}

fn text(words: &str) -> MultiformatMessageString {
    MultiformatMessageString::builder().text(words).build()
}

fn result(rules: &[Rule<'_>], finding: &Finding<'_>) -> SarifResult {
    let message = Message::builder().text(finding.message).build();
    let mut location = Location::default();
    if let Some(file) = finding.file {
        let artifact = ArtifactLocation::builder().uri(file_uri(file)).build();
        let mut physical = PhysicalLocation::builder()
            .artifact_location(artifact)
            .build();
        if let Some(line) = finding.line.and_then(|line| i64::try_from(line).ok()) {
            physical.region = Some(Region::builder().start_line(line).build());
        }
        location.physical_location = Some(physical);
    }
    if let Some(place) = finding.logical {
        location.logical_locations = Some(vec![SarifLogicalLocation::builder()
            .fully_qualified_name(place.fully_qualified_name)
            .kind(place.kind)
            .build()]);
    }
    let mut sarif_result = SarifResult::builder()
        .rule_id(finding.rule_id)
        .level(finding.level.to_sarif())
        .message(message)
        .build();
    if let Some(index) = rules.iter().position(|rule| rule.id == finding.rule_id) {
        sarif_result.rule_index = i64::try_from(index).ok();
    }
    if location.physical_location.is_some() || location.logical_locations.is_some() {
        sarif_result.locations = Some(vec![location]);
    }
    sarif_result
}

/// A file path as a relative URI reference: `/` separators, and every byte outside RFC 3986's
/// unreserved set and `/` percent-encoded (a space or `#` in a file name would break the URI).
fn file_uri(path: &str) -> String {
    let mut uri = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'\\' => uri.push('/'),
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                uri.push(char::from(byte));
            }
            other => uri.push_str(&format!("%{other:02X}")),
        }
    }
    uri
}

#[cfg(test)]
mod tests {
    #![allow(clippy::expect_used, clippy::indexing_slicing)]

    use super::*;

    fn schema_validator() -> jsonschema::Validator {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/schemas/sarif-schema-2.1.0.json"
        );
        let schema: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).expect("the vendored schema"))
                .expect("the schema is JSON");
        // Formats assert (`uri`, `date-time`), so a help URI that is not absolute fails here.
        jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .expect("the schema compiles")
    }

    const RULES: [Rule<'static>; 2] = [
        Rule {
            id: "X001",
            name: "FirstThing",
            short_description: "the first thing is wrong",
            full_description: "The first thing is wrong, and here is why.",
            help_uri: "https://example.invalid/docs/x.md#x001",
            default_level: Level::Error,
        },
        Rule {
            id: "X002",
            name: "SecondThing",
            short_description: "the second thing is risky",
            full_description: "The second thing is risky.",
            help_uri: "https://example.invalid/docs/x.md#x002",
            default_level: Level::Warning,
        },
    ];

    #[test]
    fn a_log_with_every_kind_of_location_validates_against_the_schema() {
        let findings = [
            Finding {
                rule_id: "X001",
                level: Level::Error,
                message: "the maximum is `PT0S`",
                file: Some("dir with space/policy #1.json"),
                line: Some(12),
                logical: Some(LogicalPlace {
                    fully_qualified_name: "azurerm_role_management_policy.admins",
                    kind: "resource",
                }),
            },
            Finding {
                rule_id: "X002",
                level: Level::Note,
                message: "no line known",
                file: Some("policy.json"),
                line: None,
                logical: None,
            },
            Finding {
                rule_id: "X002",
                level: Level::Warning,
                message: "from standard input",
                file: None,
                line: None,
                logical: None,
            },
        ];
        let text = log(&RULES, &findings).expect("the log serializes");
        let instance: serde_json::Value = serde_json::from_str(&text).expect("the log is JSON");
        let validator = schema_validator();
        let errors: Vec<String> = validator
            .iter_errors(&instance)
            .map(|error| format!("{} at {}", error, error.instance_path()))
            .collect();
        assert!(errors.is_empty(), "schema errors: {errors:?}\n{text}");

        let run = &instance["runs"][0];
        assert_eq!(
            run["tool"]["driver"]["rules"].as_array().map(Vec::len),
            Some(2)
        );
        assert_eq!(run["tool"]["driver"]["rules"][1]["name"], "SecondThing");
        assert_eq!(
            run["tool"]["driver"]["rules"][0]["defaultConfiguration"]["level"],
            "error"
        );
        let first = &run["results"][0];
        assert_eq!(first["ruleId"], "X001");
        assert_eq!(first["ruleIndex"], 0);
        assert_eq!(first["level"], "error");
        let physical = &first["locations"][0]["physicalLocation"];
        assert_eq!(
            physical["artifactLocation"]["uri"],
            "dir%20with%20space/policy%20%231.json"
        );
        assert_eq!(physical["region"]["startLine"], 12);
        assert_eq!(
            first["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
            "azurerm_role_management_policy.admins"
        );
        assert_eq!(run["results"][1]["level"], "note");
        assert!(run["results"][1]["locations"][0]["physicalLocation"]
            .get("region")
            .is_none());
        assert!(run["results"][2].get("locations").is_none());
    }

    #[test]
    fn an_empty_run_still_lists_the_catalogue_and_validates() {
        let text = log(&RULES, &[]).expect("the log serializes");
        let instance: serde_json::Value = serde_json::from_str(&text).expect("the log is JSON");
        assert!(schema_validator().is_valid(&instance), "{text}");
        assert_eq!(instance["version"], "2.1.0");
        assert_eq!(instance["runs"][0]["results"], serde_json::json!([]));
        assert_eq!(
            instance["runs"][0]["tool"]["driver"]["rules"][0]["helpUri"],
            "https://example.invalid/docs/x.md#x001"
        );
    }

    #[test]
    fn the_schema_rejects_a_broken_log() {
        // The validator must be able to fail: a level SARIF does not know is refused.
        let text = log(&RULES, &[]).expect("the log serializes");
        let mut instance: serde_json::Value = serde_json::from_str(&text).expect("the log is JSON");
        instance["runs"][0]["results"] = serde_json::json!([
            {"ruleId": "X001", "level": "fatal", "message": {"text": "x"}}
        ]);
        assert!(!schema_validator().is_valid(&instance));
    }

    #[test]
    fn help_uris_point_into_the_repository_docs() {
        assert!(help_uri("lints.md", "pim001").ends_with("/blob/main/docs/lints.md#pim001"));
        assert!(help_uri("lints.md", "pim001").starts_with("https://"));
    }
}
