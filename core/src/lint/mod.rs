//! `lint`: broken and risky PIM policies found before they are deployed (issue #17).
//!
//! A policy file of any generation (a single policy, a policy set `{"value": [...]}`, an ARM PATCH
//! body, a Graph rule or list of rules) is cut into policies ([`document`]), and each policy's rules
//! are checked where they are written ([`iteration3`] for Graph and ARM, [`iteration2`] for
//! `governanceRoleSetting`), so that every finding carries the JSON pointer of the field as given.
//! Lint judges settings, not requests: the evaluator has nothing to say about a policy alone, and
//! a value the readers would refuse (an unknown enumeration, a duration in years) is exactly what
//! lint must report rather than stop at. The catalogue is [`CATALOGUE`]; the JSON is written by
//! [`LintReport::to_json`] only.

mod catalogue;
mod document;
mod iteration2;
mod iteration3;
mod write;

pub use catalogue::{lint_by_id, Lint, Profile, Severity, CATALOGUE};

use crate::error::Error;
use crate::json::{parse_tree, InputLimits};

/// What a lint run applies.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct LintOptions {
    /// `None`: the correctness lints; `Some(Profile::Baseline)`: the baseline ones too.
    pub profile: Option<Profile>,
    /// The largest policy text accepted.
    pub input_limits: InputLimits,
}

impl LintOptions {
    /// The correctness lints within the default input limits.
    pub fn new() -> Self {
        LintOptions::default()
    }

    /// The same options with `profile`.
    pub fn with_profile(mut self, profile: Option<Profile>) -> Self {
        self.profile = profile;
        self
    }

    /// The same options with `limits`.
    pub fn with_input_limits(mut self, limits: InputLimits) -> Self {
        self.input_limits = limits;
        self
    }

    fn baseline(&self) -> bool {
        self.profile == Some(Profile::Baseline)
    }
}

/// Which policy of a file a finding is about.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PolicyRef {
    /// The file as the user named it (set by the caller that read it; `None` otherwise).
    pub file: Option<String>,
    /// The policy's position in a set (0 for a single policy).
    pub index: usize,
    /// The policy's id (or ARM name) where the document has one.
    pub id: Option<String>,
    /// The role the policy is assigned to, where the document says it.
    pub role_definition_id: Option<String>,
    /// The policy's scope, where the document says it.
    pub scope: Option<String>,
}

/// One thing lint found.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct LintFinding {
    /// The catalogue entry (its id and name).
    pub lint: &'static Lint,
    /// The severity of this finding (`PIM003` and `PIM005` depend on the generation).
    pub severity: Severity,
    /// The policy it is in.
    pub policy: PolicyRef,
    /// The rule it is about (`Expiration_Admin_Eligibility`), where it is about one.
    pub rule: Option<String>,
    /// The JSON pointer of the field, into the file as given.
    pub path: String,
    /// What is wrong, with the value found.
    pub message: String,
    /// How to fix it, where there is a fix.
    pub hint: Option<String>,
}

/// The findings of a lint run, in document order, and how many policies were linted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct LintReport {
    /// Every finding, policy by policy, rule by rule.
    pub findings: Vec<LintFinding>,
    /// How many policies the input held.
    pub policies: usize,
}

impl LintReport {
    /// Names the file every finding of this report came from.
    pub fn set_file(&mut self, file: &str) {
        for finding in &mut self.findings {
            finding.policy.file = Some(file.to_owned());
        }
    }

    /// Adds another file's findings and policies to this report.
    pub fn append(&mut self, other: LintReport) {
        self.findings.extend(other.findings);
        self.policies += other.policies;
    }

    /// Whether a finding is at or above `level` (the CLI's `--fail-on`).
    pub fn fails_at(&self, level: Severity) -> bool {
        self.findings
            .iter()
            .any(|finding| finding.severity >= level)
    }
}

/// Lints a policy file's text (any generation, a single policy or a set, PATCH bodies included).
/// An input error (not JSON, no policy shape) is an `Error`; everything else is a finding.
pub fn lint(policy: &str, options: &LintOptions) -> Result<LintReport, Error> {
    let tree = parse_tree(policy, "policy", &options.input_limits)?;
    lint_tree(&tree, options)
}

/// Lints a policy given as a parsed JSON value (the bindings' dicts and objects).
pub fn lint_value(policy: &serde_json::Value, options: &LintOptions) -> Result<LintReport, Error> {
    lint_tree(&crate::json::Json::from_value(policy), options)
}

fn lint_tree(tree: &crate::json::Json<'_>, options: &LintOptions) -> Result<LintReport, Error> {
    let units = document::policies(tree)?;
    let mut report = LintReport {
        findings: Vec::new(),
        policies: units.len(),
    };
    for unit in &units {
        let mut out = Findings::new(unit, options.baseline());
        match &unit.body {
            document::Body::Rules { rules, at } => {
                let located = rules.iter().enumerate().filter_map(|(index, rule)| {
                    Some((rule.as_object()?, pointer(at, &index.to_string())))
                });
                iteration3::check(located.collect(), at, &mut out);
            }
            document::Body::Rule { rule, at } => {
                iteration3::check(vec![(rule, at.clone())], at, &mut out);
            }
            document::Body::Iteration2 { setting, at } => iteration2::check(setting, at, &mut out),
        }
        report.findings.extend(out.findings);
    }
    Ok(report)
}

/// The findings of one policy as the checks add them.
pub(crate) struct Findings<'u> {
    unit: &'u document::Unit<'u>,
    baseline: bool,
    findings: Vec<LintFinding>,
}

impl<'u> Findings<'u> {
    fn new(unit: &'u document::Unit<'u>, baseline: bool) -> Self {
        Findings {
            unit,
            baseline,
            findings: Vec::new(),
        }
    }

    /// The policy's generation.
    pub(crate) fn generation(&self) -> document::Generation {
        self.unit.generation
    }

    /// Whether the document is a whole policy (not a PATCH body of a few rules).
    pub(crate) fn whole(&self) -> bool {
        self.unit.whole
    }

    /// The role the policy is assigned to, where known.
    pub(crate) fn role(&self) -> Option<&str> {
        self.unit.reference.role_definition_id.as_deref()
    }

    /// Adds a finding of lint `id` (at its default severity where `severity` is `None`); the
    /// baseline lints only with the baseline profile.
    pub(crate) fn add_with(
        &mut self,
        id: &str,
        severity: Option<Severity>,
        rule: Option<&str>,
        path: String,
        message: String,
        hint: Option<String>,
    ) {
        let Some(lint) = lint_by_id(id) else {
            return;
        };
        if lint.baseline && !self.baseline {
            return;
        }
        self.findings.push(LintFinding {
            lint,
            severity: severity.unwrap_or(lint.default_severity),
            policy: self.unit.reference.clone(),
            rule: rule.map(str::to_owned),
            path,
            message,
            hint,
        });
    }
}

/// `base` followed by the JSON pointer segment `key` (RFC 6901 escapes).
pub(crate) fn pointer(base: &str, key: &str) -> String {
    let mut out = String::with_capacity(base.len() + key.len() + 1);
    out.push_str(base);
    out.push('/');
    for ch in key.chars() {
        match ch {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            other => out.push(other),
        }
    }
    out
}
