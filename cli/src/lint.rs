//! `pimcheck lint`: broken and risky policies found before they are deployed (issue #17). Reads
//! each file, calls the core's `lint`, and writes the findings as text, the core's JSON, SARIF
//! 2.1.0 or Markdown. Exit 0 when no finding is at or above `--fail-on`, 1 when one is, 2 on an
//! input error (the other files are still linted and reported).

use std::fmt::Write as _;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use pimcheck::lint::{Profile, Severity, CATALOGUE};
use pimcheck::{Error, ErrorCode, InputLimits, LintOptions, LintReport};

use crate::json_line::line_of_pointer;
use crate::sarif;

/// Arguments of `pimcheck lint`.
#[derive(clap::Args)]
pub(crate) struct LintArgs {
    /// Policy files (any generation, single policies or sets, PATCH bodies); `-` for standard input.
    #[arg(value_name = "POLICY", required = true)]
    policies: Vec<String>,
    /// Also apply the baseline lints (PIMB01-PIMB06, CISA SCuBA MS.AAD.7).
    #[arg(long, value_name = "baseline")]
    profile: Option<String>,
    /// The lowest severity that makes the exit status 1.
    #[arg(long, value_enum, default_value = "error")]
    fail_on: FailOn,
    /// Output format; default: `text` on a terminal, `json` otherwise.
    #[arg(long, value_enum)]
    format: Option<LintFormat>,
    /// The largest policy file accepted, in bytes (default: 16 MiB).
    #[arg(long, value_name = "BYTES")]
    max_input_bytes: Option<usize>,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum FailOn {
    Error,
    Warning,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum LintFormat {
    /// One line per finding, `file:line:` first, with its hint.
    Text,
    /// The core's JSON: `{"findings": [...], "policies": N}`.
    Json,
    /// SARIF 2.1.0, for code-scanning tools.
    Sarif,
    /// A Markdown table, for pull-request comments.
    Markdown,
}

impl LintArgs {
    /// How an error that ends the run is written (`pimcheck check`'s formats): JSON for
    /// `--format json`, else text.
    pub(crate) fn error_format(&self) -> crate::Format {
        match self.format {
            Some(LintFormat::Json) => crate::Format::Json,
            Some(_) => crate::Format::Text,
            None if std::io::stdout().is_terminal() => crate::Format::Text,
            None => crate::Format::Json,
        }
    }
}

/// A file's text, kept for the lines of the findings' pointers.
struct Linted {
    file: String,
    text: String,
}

/// Runs `pimcheck lint`.
pub(crate) fn run(args: &LintArgs) -> ExitCode {
    let format = args.format.unwrap_or(if std::io::stdout().is_terminal() {
        LintFormat::Text
    } else {
        LintFormat::Json
    });
    let options = match lint_options(args) {
        Ok(options) => options,
        Err(error) => return fail(&error, None, format),
    };
    let mut report = LintReport::default();
    let mut texts = Vec::new();
    let mut failed = Vec::new();
    for file in &args.policies {
        let result = crate::input::read_input(file, "policy", &options.input_limits)
            .and_then(|text| pimcheck::lint(&text, &options).map(|linted| (text, linted)));
        match result {
            Ok((text, mut linted)) => {
                linted.set_file(file);
                report.append(linted);
                texts.push(Linted {
                    file: file.clone(),
                    text,
                });
            }
            Err(error) => failed.push((file.clone(), error)),
        }
    }
    if let [(file, error)] = failed.as_slice() {
        if args.policies.len() == 1 {
            return fail(error, Some(file), format);
        }
    }
    for (file, error) in &failed {
        let _ = writeln!(
            std::io::stderr(),
            "pimcheck: {}: {}",
            file,
            error.one_line()
        );
    }
    let written = match format {
        LintFormat::Json => Ok(report.to_json()),
        LintFormat::Text => Ok(text(&report, &texts)),
        LintFormat::Markdown => Ok(markdown(&report, &texts)),
        LintFormat::Sarif => sarif_log(&report, &texts),
    };
    let printed = written
        .ok()
        .is_some_and(|out| writeln!(std::io::stdout().lock(), "{}", out.trim_end()).is_ok());
    if !printed || !failed.is_empty() {
        return ExitCode::from(2);
    }
    let level = match args.fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
    };
    ExitCode::from(u8::from(report.fails_at(level)))
}

fn lint_options(args: &LintArgs) -> Result<LintOptions, Error> {
    let profile = match args.profile.as_deref() {
        None => None,
        Some(name) => Some(Profile::parse(name).ok_or_else(|| {
            Error::new(
                ErrorCode::InvalidOption,
                "profile",
                format!("option `--profile` must be `baseline`, found `{name}`"),
            )
        })?),
    };
    let limits = InputLimits {
        max_input_bytes: args
            .max_input_bytes
            .unwrap_or(InputLimits::DEFAULT_MAX_INPUT_BYTES),
    };
    Ok(LintOptions::new()
        .with_profile(profile)
        .with_input_limits(limits))
}

/// An input error (exit 2): one line on stderr naming the file, and with `--format json` the
/// error object on stdout too.
fn fail(error: &Error, file: Option<&String>, format: LintFormat) -> ExitCode {
    if format == LintFormat::Json {
        let _ = writeln!(std::io::stdout(), "{}", error.to_json(None));
    }
    let place = file.map(|f| format!("{f}: ")).unwrap_or_default();
    let _ = writeln!(std::io::stderr(), "pimcheck: {}{}", place, error.one_line());
    ExitCode::from(2)
}

/// The line of a finding's pointer in its file, where it can be found.
fn line(texts: &[Linted], file: Option<&str>, path: &str) -> Option<usize> {
    let linted = texts.iter().find(|t| Some(t.file.as_str()) == file)?;
    line_of_pointer(&linted.text, path)
}

fn text(report: &LintReport, texts: &[Linted]) -> String {
    let mut out = String::new();
    for finding in &report.findings {
        let file = finding.policy.file.as_deref().unwrap_or("-");
        let at = match line(texts, finding.policy.file.as_deref(), &finding.path) {
            Some(line) => format!("{file}:{line}"),
            None => file.to_owned(),
        };
        let rule = finding
            .rule
            .as_deref()
            .map(|r| format!(" [{r}]"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{at}: {} {} {}{rule} at {}: {}",
            finding.severity.as_str(),
            finding.lint.id,
            finding.lint.name,
            finding.path,
            finding.message
        );
        if let Some(hint) = &finding.hint {
            let _ = writeln!(out, "  hint: {hint}");
        }
    }
    let _ = writeln!(out, "{}", summary(report));
    out
}

fn summary(report: &LintReport) -> String {
    let errors = report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = report.findings.len() - errors;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let policies = if report.policies == 1 {
        "policy"
    } else {
        "policies"
    };
    format!(
        "{} {policies} linted: {}, {}",
        report.policies,
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}

fn markdown(report: &LintReport, texts: &[Linted]) -> String {
    let mut out =
        String::from("| Severity | Lint | Where | Rule | Message |\n|---|---|---|---|---|\n");
    let cell = |text: &str| text.replace('|', "\\|").replace('\n', " ");
    for finding in &report.findings {
        let file = finding.policy.file.as_deref().unwrap_or("-");
        let place = match line(texts, finding.policy.file.as_deref(), &finding.path) {
            Some(line) => format!("{file}:{line} `{}`", finding.path),
            None => format!("{file} `{}`", finding.path),
        };
        let mut message = cell(&finding.message);
        if let Some(hint) = &finding.hint {
            let _ = write!(message, " *Hint:* {}", cell(hint));
        }
        let _ = writeln!(
            out,
            "| {} | {} {} | {} | {} | {} |",
            finding.severity.as_str(),
            finding.lint.id,
            finding.lint.name,
            cell(&place),
            cell(finding.rule.as_deref().unwrap_or("")),
            message
        );
    }
    let _ = writeln!(out, "\n{}", summary(report));
    out
}

fn sarif_log(report: &LintReport, texts: &[Linted]) -> Result<String, serde_json::Error> {
    let help: Vec<String> = CATALOGUE
        .iter()
        .map(|lint| sarif::help_uri("lints.md", &lint.id.to_ascii_lowercase()))
        .collect();
    let rules: Vec<sarif::Rule<'_>> = CATALOGUE
        .iter()
        .zip(&help)
        .map(|(lint, help_uri)| sarif::Rule {
            id: lint.id,
            name: lint.name,
            short_description: lint.short_description,
            full_description: lint.full_description,
            help_uri,
            default_level: level(lint.default_severity),
        })
        .collect();
    let messages: Vec<String> = report
        .findings
        .iter()
        .map(|f| match &f.hint {
            Some(hint) => format!("{} (hint: {hint})", f.message),
            None => f.message.clone(),
        })
        .collect();
    let names: Vec<String> = report
        .findings
        .iter()
        .map(|f| {
            let policy = f
                .policy
                .id
                .clone()
                .unwrap_or_else(|| format!("policy {}", f.policy.index));
            match &f.rule {
                Some(rule) => format!("{policy}/{rule}"),
                None => policy,
            }
        })
        .collect();
    let results: Vec<sarif::Finding<'_>> = report
        .findings
        .iter()
        .zip(messages.iter().zip(&names))
        .map(|(finding, (message, name))| sarif::Finding {
            rule_id: finding.lint.id,
            level: level(finding.severity),
            message,
            file: finding.policy.file.as_deref().filter(|f| *f != "-"),
            line: line(texts, finding.policy.file.as_deref(), &finding.path),
            logical: Some(sarif::LogicalPlace {
                fully_qualified_name: name,
                kind: "object",
            }),
        })
        .collect();
    sarif::log(&rules, &results)
}

fn level(severity: Severity) -> sarif::Level {
    match severity {
        Severity::Error => sarif::Level::Error,
        _ => sarif::Level::Warning,
    }
}
