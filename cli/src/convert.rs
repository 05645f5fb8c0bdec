//! `pimcheck convert`: one role's settings in another generation's JSON (contract section 4).
//! Reads the file, calls the core, writes the JSON to standard output and each warning as one line
//! on standard error. Exit 0 on success; 2 on an input error (reported as `check` reports it), or
//! with `--strict` on any warning.

use std::io::Write;
use std::process::ExitCode;

use pimcheck::convert::{convert_json, Generation};
use pimcheck::InputLimits;

use crate::Format;

/// Arguments of `pimcheck convert`.
#[derive(clap::Args)]
pub(crate) struct ConvertArgs {
    /// The generation to write: `graph`, `arm` or `iteration2`.
    #[arg(long, value_name = "graph|arm|iteration2")]
    to: String,
    /// Treat a setting the target cannot express as an error (exit 2, nothing on standard output).
    #[arg(long)]
    strict: bool,
    /// How an input error is reported: `text`, one line on standard error; `json`, also the error
    /// object on standard output.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub(crate) format: Format,
    /// The role settings (any generation) as a JSON file, or `-` for standard input.
    #[arg(value_name = "POLICY")]
    policy: String,
}

/// Runs `pimcheck convert`.
pub(crate) fn run(args: &ConvertArgs, format: Format) -> ExitCode {
    let converted = Generation::parse(&args.to).and_then(|to| {
        crate::input::read_input(&args.policy, "policy", &InputLimits::default())
            .and_then(|text| convert_json(&text, to))
    });
    let conversion = match converted {
        Ok(conversion) => conversion,
        Err(error) => return crate::output::fail(&error, format),
    };
    let mut err = std::io::stderr().lock();
    if Generation::parse(&args.to) == Ok(Generation::Iteration2) {
        let _ = writeln!(err, "note: {}", pimcheck::convert::ITERATION2_RETIRED);
    }
    for warning in &conversion.warnings {
        let _ = writeln!(err, "warning: {}", warning);
    }
    if args.strict && !conversion.warnings.is_empty() {
        let _ = writeln!(
            err,
            "error: {} setting(s) cannot be expressed in `{}` (--strict)",
            conversion.warnings.len(),
            args.to
        );
        return ExitCode::from(2);
    }
    let text = conversion.to_json_pretty();
    if writeln!(std::io::stdout().lock(), "{}", text).is_err() {
        return ExitCode::from(2);
    }
    ExitCode::SUCCESS
}
