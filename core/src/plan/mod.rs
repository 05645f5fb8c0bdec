//! `plan`: the PIM requests a Terraform plan (`terraform show -json`) or an ARM/Bicep template will
//! send, each checked against its role's policy before anything is applied (issue #19).
//!
//! - `terraform.rs` reads a plan's `resource_changes` into the requests the providers will send
//!   (`azurerm` and `azuread` PIM resources), as the providers' own code builds them;
//! - `template.rs` reads an ARM template's schedule requests (nested deployments included);
//! - `values.rs` tells a value known at plan time from one that is not (`after_unknown`, template
//!   expressions) and reads it as the type it must have;
//! - `overlay.rs` lays a policy resource of the same plan over the matching `--policies` entry;
//! - `judge.rs` picks the policy, calls the one evaluator and sets aside the findings that depend
//!   on values not known at plan time;
//! - `fix.rs` says the fix in Terraform's own words; `write.rs` is the result's one JSON writer.
//!
//! Pure: the document is text in, the result out; `now` comes with the options.

mod fix;
mod judge;
mod overlay;
mod template;
mod terraform;
mod values;
mod write;

use crate::error::{Error, ErrorCode};
use crate::model::Request;
use crate::options::Options;
use crate::policy::Policy;
use crate::report::Report;

/// What `plan` made of one resource that sends a PIM request.
#[derive(Debug, Clone)]
pub struct PlanEntry {
    /// The resource's address: Terraform's (`module.ops.azurerm_pim_eligible_role_assignment.x`),
    /// or in a template its symbolic name or JSON pointer (`/resources/1`).
    pub address: String,
    /// The resource type as the document writes it.
    pub resource_type: String,
    /// Terraform's planned actions (`create`, `update`, `delete`); a template's resources `create`.
    pub actions: Vec<String>,
    /// The JSON pointer, in the document, of what the report's finding paths are relative to: a
    /// plan's `/resource_changes/N/change/after`, a template's resource (`/resources/1`).
    pub pointer: String,
    /// The verdict, an input error, or why the resource was not judged.
    pub outcome: Outcome,
}

/// The result for one resource.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Outcome {
    /// The request was checked: its report, and where the report denies, the change that would
    /// pass in the document's own words (Terraform attributes).
    Checked {
        /// The check's report; finding paths point into the resource (`change.after` of a plan,
        /// the resource object of a template).
        report: Report,
        /// The fix in Terraform's words, where one is known.
        fix: Option<String>,
    },
    /// The resource could not be read as a request (its error's path points into the document).
    Failed(Error),
    /// The resource was not judged.
    Skipped(SkipReason),
}

/// Why a resource was not judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SkipReason {
    /// No policy in the plan and no entry of `--policies` governs the resource's role and scope.
    NoPolicyForResource,
    /// The role or scope that picks the policy is not known until apply.
    UnknownAtPlanTime,
}

impl SkipReason {
    /// The reason's stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            SkipReason::NoPolicyForResource => "NoPolicyForResource",
            SkipReason::UnknownAtPlanTime => "UnknownAtPlanTime",
        }
    }
}

/// The result of `plan`: one entry per created, updated or replaced PIM request resource, in the
/// document's order.
#[derive(Debug, Clone)]
pub struct PlanReport {
    /// One entry per resource.
    pub resources: Vec<PlanEntry>,
    /// True when no report denies and no resource failed to read.
    pub allowed: bool,
}

impl PlanReport {
    /// Whether any resource could not be read (the CLI's exit 2).
    pub fn has_errors(&self) -> bool {
        self.resources
            .iter()
            .any(|entry| matches!(entry.outcome, Outcome::Failed(_)))
    }

    /// The result as compact JSON: the exact bytes every interface gives.
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(256 * (self.resources.len() + 1));
        write::write_plan(&mut out, self);
        out
    }
}

/// Inputs of a plan check besides the document itself.
#[derive(Debug, Clone, Copy)]
pub struct PlanInputs<'a> {
    /// The live policies (`--policies`): one role's settings or a set (contract 1.1).
    pub policies: Option<&'a Policy>,
    /// An ARM parameters file's text (`--parameters`), which resolves `parameters('x')`.
    pub parameters: Option<&'a str>,
}

/// A request as a resource will send it, with what of it is not known at plan time.
#[derive(Debug, Clone)]
pub(crate) struct Planned {
    pub(crate) request: Request,
    pub(crate) unknown: Vec<values::Unknown>,
    pub(crate) kind: fix::ResourceKind,
}

/// One resource read from the document, before it is judged.
pub(crate) struct Candidate {
    pub(crate) address: String,
    pub(crate) resource_type: String,
    pub(crate) actions: Vec<String>,
    pub(crate) pointer: String,
    /// The request, or what stands for the resource's result without one (an error, a skip).
    pub(crate) planned: Result<Planned, Unplanned>,
}

/// Why a resource has no request to judge.
pub(crate) enum Unplanned {
    /// It could not be read.
    Failed(Error),
    /// It cannot be judged.
    Skipped(SkipReason),
}

impl From<Unplanned> for Outcome {
    fn from(unplanned: Unplanned) -> Outcome {
        match unplanned {
            Unplanned::Failed(error) => Outcome::Failed(error),
            Unplanned::Skipped(reason) => Outcome::Skipped(reason),
        }
    }
}

/// What a document holds: its request resources, and the policies it sets itself.
pub(crate) struct Reading {
    pub(crate) candidates: Vec<Candidate>,
    pub(crate) overlays: Vec<overlay::Overlay>,
    /// A policy resource that could not be read: reported as an entry of its own.
    pub(crate) failed_policies: Vec<Candidate>,
}

/// Checks every PIM request resource of a Terraform plan (`terraform show -json`) or of an ARM
/// template (`bicep build` output) against its policy: a policy resource of the same document laid
/// over the matching entry of `inputs.policies`, else that entry, else the resource is skipped.
///
/// An error is returned only when the document as a whole cannot be read (not JSON, over the size
/// limit, neither a plan nor a template, a `parameters` text that is not a parameters file); a
/// resource that cannot be read is an entry with its error, and the others are still judged.
pub fn check_plan(
    text: &str,
    inputs: PlanInputs<'_>,
    options: &Options,
) -> Result<PlanReport, Error> {
    let document = crate::json::parse_value(text, "plan", &options.input_limits)?;
    let reading = if terraform::is_plan(&document) {
        terraform::read(&document)?
    } else if template::is_template(&document) {
        let parameters = match inputs.parameters {
            Some(text) => Some(crate::json::parse_value(
                text,
                "parameters",
                &options.input_limits,
            )?),
            None => None,
        };
        template::read(&document, parameters.as_ref())?
    } else {
        return Err(unknown_document(&document));
    };
    Ok(judge::judge(reading, inputs.policies, options))
}

fn unknown_document(document: &serde_json::Value) -> Error {
    let keys = match document.as_object() {
        Some(object) if object.is_empty() => "an empty object".to_owned(),
        Some(object) => {
            let mut keys: Vec<String> = object.keys().take(8).map(|k| format!("`{k}`")).collect();
            if object.len() > 8 {
                keys.push(format!("and {} more", object.len() - 8));
            }
            format!("an object with {}", keys.join(", "))
        }
        None => values::kind_of(document).to_owned(),
    };
    Error::new(
        ErrorCode::UnknownRequestShape,
        "",
        format!(
            "expected a Terraform plan (`format_version` and `resource_changes`) or an ARM template \
             (`$schema` and `resources`), found {keys}"
        ),
    )
    .with_hint("write the plan with `terraform show -json PLANFILE > plan.json`")
}
