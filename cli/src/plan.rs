//! `pimcheck plan`: the PIM requests of a Terraform plan (`terraform show -json`) or an ARM/Bicep
//! template, checked before apply. Exit 0 allowed, 1 denied, 2 an input error (of the document, or
//! of any resource).

use std::fmt::Write as _;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::ValueEnum;
use pimcheck::plan::{Outcome, PlanEntry};
use pimcheck::{Error, InputLimits, Options, PlanInputs, PlanReport, Policy};

use crate::{input, output, Format};

/// Check the PIM assignments of a Terraform plan or an ARM template before apply.
#[derive(clap::Args)]
pub(crate) struct PlanArgs {
    /// The plan as JSON (`terraform show -json PLANFILE`) or an ARM template (`bicep build`
    /// output), or `-` for standard input.
    #[arg(value_name = "PLAN.json")]
    plan: String,
    /// The live role settings: one policy, or a set (`{"value": [...]}`) matched by role and scope.
    #[arg(long, value_name = "FILE")]
    policies: Option<String>,
    /// An ARM parameters file: resolves a template's plain `[parameters('x')]`.
    #[arg(long, value_name = "FILE")]
    parameters: Option<String>,
    /// The evaluation time (RFC 3339); default: the system clock.
    #[arg(long, value_name = "T")]
    now: Option<String>,
    /// Output format; default: `text` on a terminal, `json` otherwise.
    #[arg(long, value_enum)]
    format: Option<PlanFormat>,
    /// The largest plan, template or policy file accepted, in bytes (default: 16 MiB).
    #[arg(long, value_name = "BYTES")]
    max_input_bytes: Option<usize>,
}

/// How a plan's result is written.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum PlanFormat {
    /// For people: each resource, its verdict, findings and the fix in Terraform's words.
    Text,
    /// The result's JSON: `{"resources": [...], "allowed"}`.
    Json,
    /// SARIF 2.1.0 for code scanning: the resource address as a logical location, the line in
    /// the plan or template file.
    Sarif,
    /// A pull-request comment.
    Markdown,
}

fn format_of(args: &PlanArgs) -> PlanFormat {
    args.format.unwrap_or(if std::io::stdout().is_terminal() {
        PlanFormat::Text
    } else {
        PlanFormat::Json
    })
}

/// How an input error of `pimcheck plan` is written: as JSON with `--format json`, else as text.
pub(crate) fn error_format(args: &PlanArgs) -> Format {
    if format_of(args) == PlanFormat::Json {
        Format::Json
    } else {
        Format::Text
    }
}

/// Runs `pimcheck plan`.
pub(crate) fn run(args: &PlanArgs) -> ExitCode {
    let format = format_of(args);
    let error_format = error_format(args);
    let (plan, document) = match check(args) {
        Ok(checked) => checked,
        Err(error) => return output::fail(&error, error_format),
    };
    let written = match format {
        PlanFormat::Json => plan.to_json() + "\n",
        PlanFormat::Text => text(&plan),
        PlanFormat::Markdown => markdown(&plan),
        PlanFormat::Sarif => match crate::plan_sarif::sarif(&plan, &args.plan, &document) {
            Ok(log) => log + "\n",
            Err(error) => {
                let reason = format!("the SARIF log could not be written: {error}");
                return output::fail(&Error::internal(&reason), error_format);
            }
        },
    };
    if std::io::stdout()
        .lock()
        .write_all(written.as_bytes())
        .is_err()
    {
        return ExitCode::from(2);
    }
    ExitCode::from(if plan.has_errors() {
        2
    } else if plan.allowed {
        0
    } else {
        1
    })
}

/// The plan's result and the document's text (in which SARIF finds lines).
fn check(args: &PlanArgs) -> Result<(PlanReport, String), Error> {
    let now = match &args.now {
        Some(text) => pimcheck::parse_now(text)?,
        None => chrono::Utc::now(),
    };
    let limits = InputLimits {
        max_input_bytes: args
            .max_input_bytes
            .unwrap_or(InputLimits::DEFAULT_MAX_INPUT_BYTES),
    };
    let options = Options::new(now).with_input_limits(limits);
    let policies = match &args.policies {
        Some(path) => {
            let text = input::read_input(path, "policies", &limits)?;
            Some(Policy::from_json_with_input_limits(&text, &limits)?)
        }
        None => None,
    };
    let parameters = match &args.parameters {
        Some(path) => Some(input::read_input(path, "parameters", &limits)?),
        None => None,
    };
    let text = input::read_input(&args.plan, "plan", &limits)?;
    let inputs = PlanInputs {
        policies: policies.as_ref(),
        parameters: parameters.as_deref(),
    };
    let plan = pimcheck::check_plan(&text, inputs, &options)?;
    Ok((plan, text))
}

/// The verdict word of an entry.
pub(crate) fn verdict(entry: &PlanEntry) -> &'static str {
    match &entry.outcome {
        Outcome::Checked { report, .. } if report.allowed => "allowed",
        Outcome::Checked { .. } => "denied",
        Outcome::Failed(_) => "error",
        Outcome::Skipped(_) => "skipped",
        _ => "unknown",
    }
}

fn text(plan: &PlanReport) -> String {
    let mut out = String::new();
    for entry in &plan.resources {
        let _ = writeln!(
            out,
            "{} ({}): {}",
            entry.address,
            entry.actions.join(", "),
            verdict(entry).to_ascii_uppercase()
        );
        match &entry.outcome {
            Outcome::Checked { report, fix } => {
                for line in output::text(report).lines() {
                    let _ = writeln!(out, "  {line}");
                }
                if let Some(fix) = fix {
                    let _ = writeln!(out, "  fix: {fix}");
                }
            }
            Outcome::Failed(error) => {
                let _ = writeln!(out, "  error {}", error.one_line());
            }
            Outcome::Skipped(reason) => {
                let _ = writeln!(out, "  skipped: {}", skip_reason(reason.as_str()));
            }
            _ => {}
        }
    }
    let _ = writeln!(out, "{}", summary(plan));
    out
}

fn skip_reason(code: &str) -> String {
    match code {
        "NoPolicyForResource" => {
            "NoPolicyForResource (no policy resource in the plan and no entry of \
             --policies governs its role and scope)"
                .to_owned()
        }
        "UnknownAtPlanTime" => {
            "UnknownAtPlanTime (its role or scope is not known until apply)".to_owned()
        }
        other => other.to_owned(),
    }
}

/// The last line: the verdict and the counts.
pub(crate) fn summary(plan: &PlanReport) -> String {
    let count = |word: &str| plan.resources.iter().filter(|e| verdict(e) == word).count();
    format!(
        "{}: {} PIM resource{}, {} denied, {} allowed, {} skipped, {} error{}",
        if plan.allowed { "ALLOWED" } else { "DENIED" },
        plan.resources.len(),
        if plan.resources.len() == 1 { "" } else { "s" },
        count("denied"),
        count("allowed"),
        count("skipped"),
        count("error"),
        if count("error") == 1 { "" } else { "s" },
    )
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn markdown(plan: &PlanReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "### pimcheck plan: {}\n", summary(plan));
    let _ = writeln!(out, "| Resource | Actions | Verdict | Findings | Fix |");
    let _ = writeln!(out, "|---|---|---|---|---|");
    for entry in &plan.resources {
        let (findings, fix) = match &entry.outcome {
            Outcome::Checked { report, fix } => {
                let listed: Vec<String> = report
                    .violations
                    .iter()
                    .chain(&report.warnings)
                    .map(|f| format!("`{}`: {}", f.code.as_str(), f.message()))
                    .collect();
                (listed.join("<br>"), fix.clone().unwrap_or_default())
            }
            Outcome::Failed(error) => (error.one_line(), String::new()),
            Outcome::Skipped(reason) => (format!("`{}`", reason.as_str()), String::new()),
            _ => (String::new(), String::new()),
        };
        let fix = if fix.is_empty() {
            String::new()
        } else {
            format!("`{}`", fix)
        };
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} |",
            cell(&entry.address),
            entry.actions.join(", "),
            verdict(entry),
            cell(&findings),
            cell(&fix)
        );
    }
    out
}
