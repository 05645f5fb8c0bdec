//! `pimcheck show`: a policy (or a policy set, one section per role) in the Microsoft Entra admin
//! center's words, each line with its rule id (issue #16, section 3). The core writes every
//! format; this file reads the file and the options. Exit 0, or 2 on an input error.

use std::io::Write;
use std::process::ExitCode;

use clap::ValueEnum;
use pimcheck::{InputLimits, Policy, Redactor, ShowFormat};

use crate::Format;

/// Arguments of `pimcheck show`.
#[derive(clap::Args)]
pub(crate) struct ShowArgs {
    /// The role settings (any generation) or a policy set, as a JSON file, or `-` for standard input.
    #[arg(value_name = "POLICY")]
    policy: String,
    /// `text` (sections, for people), `json` (the normalized settings) or `markdown` (a table for a
    /// pull-request comment).
    #[arg(long, value_enum, default_value = "text")]
    format: ShowFormatArg,
    /// Approvers' ids and names and notification recipients become placeholders (`approver-1`).
    #[arg(long)]
    redact: bool,
    /// The largest policy accepted, in bytes (default: 16 MiB).
    #[arg(long, value_name = "BYTES")]
    max_input_bytes: Option<usize>,
}

/// The formats of `show`, as clap reads them.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ShowFormatArg {
    /// Sections and lines, each with its rule id.
    Text,
    /// The normalized settings as JSON.
    Json,
    /// One Markdown table per role.
    Markdown,
}

impl ShowArgs {
    /// How an input error is written: the JSON error object on standard output under `--format json`.
    pub(crate) fn error_format(&self) -> Format {
        match self.format {
            ShowFormatArg::Json => Format::Json,
            ShowFormatArg::Text | ShowFormatArg::Markdown => Format::Text,
        }
    }
}

/// Runs `pimcheck show`.
pub(crate) fn run(args: &ShowArgs) -> ExitCode {
    let format = match args.format {
        ShowFormatArg::Text => ShowFormat::Text,
        ShowFormatArg::Json => ShowFormat::Json,
        ShowFormatArg::Markdown => ShowFormat::Markdown,
    };
    let error_format = args.error_format();
    let limits = InputLimits {
        max_input_bytes: args
            .max_input_bytes
            .unwrap_or(InputLimits::DEFAULT_MAX_INPUT_BYTES),
    };
    let mut redactor = Redactor::new();
    let policy = crate::input::read_input(&args.policy, "policy", &limits)
        .and_then(|text| Policy::from_json_with_input_limits(&text, &limits));
    let show = match policy {
        Ok(policy) => policy.show(),
        Err(error) if args.redact => {
            return crate::output::fail(&redactor.error(&error), error_format)
        }
        Err(error) => return crate::output::fail(&error, error_format),
    };
    let show = if args.redact {
        show.redacted(&mut redactor)
    } else {
        show
    };
    let mut text = show.render(format);
    if format == ShowFormat::Json {
        text.push('\n');
    }
    if std::io::stdout().lock().write_all(text.as_bytes()).is_err() {
        return ExitCode::from(2);
    }
    ExitCode::SUCCESS
}
