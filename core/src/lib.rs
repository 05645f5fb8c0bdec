//! # pimcheck
//!
//! Checks Azure Privileged Identity Management (PIM) requests against role settings offline,
//! before anything is sent, and explains every broken rule: which rule, which field, the limit, the
//! requested value and the fix.
//!
//! It reads all three generations of the PIM API (iteration 2 `governanceRoleSetting`, Graph
//! `unifiedRoleManagementPolicy`, ARM `roleManagementPolicies`) into one model ([`model`]),
//! decides in one evaluator and writes one report ([`report`]). The crate is pure: no files, no
//! network, no clock (the evaluation time is an input).
//!
//! The facade: [`Policy`] (parse once, check many; [`Policy::check_many`] on threads, through
//! [`batch`]), [`check_json`] for callers that hold text, [`Options`] and its parsers, the one error
//! type [`Error`] with its [`ErrorCode`], [`Report`] with its one JSON writer, [`convert`] (a policy
//! in another generation), and of the json module what hosts need ([`InputLimits`],
//! [`json::write_str`]). The date-time and duration forms are re-exported for the fuzz targets and
//! the tests ([`parse_date_time`], [`parse_iso8601`], ...).
//!
//! ```
//! let policy = r#"{"userMemberSettings": [{"ruleIdentifier": "ExpirationRule",
//!     "setting": "{\"permanentAssignment\":false,\"maximumGrantPeriodInMinutes\":480}"}]}"#;
//! let request = r#"{"type": "UserAdd", "assignmentState": "Active",
//!     "linkedEligibleRoleAssignmentId": "e327f4be",
//!     "schedule": {"type": "Once", "duration": "PT9H"}}"#;
//! let options = pimcheck::Options::new(pimcheck::parse_now("2026-01-01T00:00:00Z").unwrap());
//! let report = pimcheck::check_json(policy, request, &options).unwrap();
//! assert!(!report.allowed);
//! assert_eq!(report.violations[0].hint().as_deref(),
//!     Some("request at most PT8H, ending no later than 2026-01-01T08:00:00Z"));
//! ```

// The developers' guide's 80-line limit (clippy.toml), enforced here until the workspace lints
// enable it for every crate.
#![warn(clippy::too_many_lines)]

pub mod audit;
pub mod batch;
pub mod convert;
mod duration;
mod error;
mod evaluate;
mod explain;
pub mod json;
pub mod lint;
pub mod model;
mod options;
pub mod plan;
mod policy;
mod read;
pub mod report;
mod time;

pub use audit::{audit, audit_texts, read_schedules, AuditOptions, AuditReport};
pub use duration::{format_iso8601, parse_iso8601, parse_timespan};
pub use error::{Error, ErrorCode};
pub use evaluate::Context;
pub use explain::{
    NotificationSetting, PortalRow, RoleShow, Section, Setting, SettingValue, Show, ShowFormat,
    PORTAL,
};
pub use json::{utf8_text, InputLimits};
pub use lint::{lint, lint_value, LintFinding, LintOptions, LintReport};
pub use model::{PolicyDocument, Request};
pub use options::{parse_level, parse_mfa, parse_now, Options};
pub use plan::{check_plan, PlanInputs, PlanReport};
pub use policy::Policy;
pub use report::redact::{Redactor, Secret};
pub use report::{Code, Finding, Report};
pub use time::{format_date_time, parse_date_time};

/// Checks one request (JSON text) against a policy (JSON text): the one door for callers that hold
/// text, used by the CLI and the bindings.
pub fn check_json(policy: &str, request: &str, options: &Options) -> Result<Report, Error> {
    Policy::from_json_with_input_limits(policy, &options.input_limits)?.check_json(request, options)
}

/// Checks one request against a policy, both as parsed JSON values.
pub fn check_value(
    policy: &serde_json::Value,
    request: &serde_json::Value,
    options: &Options,
) -> Result<Report, Error> {
    Policy::from_value(policy)?.check_value(request, options)
}
