//! The batch whose output is made in input order on the calling thread: with `--redact` (the
//! placeholders are numbered in the order lines are written, whatever the threads), with
//! `--format markdown` or `junit`, and on a terminal (the progress bar). The lines are checked on
//! `jobs` threads by the core's [`pimcheck::batch::for_each_ordered`]; the plain batch
//! (`batch.rs`) writes on the worker threads instead.

use std::io::{BufReader, Read, Write};
use std::ops::ControlFlow;
use std::process::ExitCode;

use pimcheck::{Error, Options, Policy, Redactor, Report, Request};

use crate::junit::Junit;
use crate::lines::read_line;
use crate::progress::Progress;
use crate::Format;

/// The output formats of `check`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum CheckFormat {
    /// For people: one line per finding, the verdict last (in colour on a terminal).
    Text,
    /// The contract's JSON report.
    Json,
    /// A Markdown heading with the verdict and a table of findings, for a pull-request comment.
    Markdown,
    /// JUnit XML, one test case per request: violations are failures, input errors errors.
    Junit,
}

impl CheckFormat {
    /// How an input error that stops the run is written: the JSON error object on standard output
    /// only for `json` (it would break a Markdown or JUnit document).
    pub(crate) fn errors(self) -> Format {
        match self {
            CheckFormat::Json => Format::Json,
            _ => Format::Text,
        }
    }

    /// The format of the plain batch (`batch.rs`), where it can write this one.
    pub(crate) fn plain(self) -> Option<Format> {
        match self {
            CheckFormat::Json => Some(Format::Json),
            CheckFormat::Text => Some(Format::Text),
            _ => None,
        }
    }
}

/// Writes the outcome of one request (`--request`) in `format`, redacted with `redact`; the exit
/// code is 0 allowed, 1 denied, 2 an input error.
pub(crate) fn one(result: Result<Report, Error>, format: CheckFormat, redact: bool) -> ExitCode {
    let mut sink = Sink::new(format, redact, "request");
    let _ = sink.write(Checked {
        line: 1,
        principal: None,
        role: None,
        result,
    });
    sink.finish()
}

/// One line checked: its number, the request's principal and role where it could be read, and
/// its report or error.
struct Checked {
    line: usize,
    principal: Option<String>,
    role: Option<String>,
    result: Result<Report, Error>,
}

/// Runs a batch in input order; exit 2 if any line was an input error, else 1 if any was denied.
pub(crate) fn run(
    policy: &Policy,
    options: &Options,
    path: &str,
    format: CheckFormat,
    jobs: usize,
    redact: bool,
) -> ExitCode {
    let input: Box<dyn Read> = if path == "-" {
        Box::new(std::io::stdin())
    } else {
        match std::fs::File::open(path) {
            Ok(file) => Box::new(file),
            Err(e) => {
                let error = Error::unreadable(path, "requests", &e.to_string());
                return crate::output::fail(&error, format.errors());
            }
        }
    };
    let mut reader = BufReader::with_capacity(1 << 20, input);
    let max = options.input_limits.max_input_bytes;
    let mut read_error = None;
    let mut number = 0;
    let lines = std::iter::from_fn(|| {
        let mut buffer = Vec::new();
        loop {
            buffer.clear();
            match read_line(&mut reader, &mut buffer, max) {
                Ok(0) => return None,
                Ok(_) => {
                    number += 1;
                    if !buffer.iter().all(u8::is_ascii_whitespace) {
                        return Some((number, buffer));
                    }
                }
                Err(e) => {
                    read_error = Some(Error::unreadable(path, "requests", &e.to_string()));
                    return None;
                }
            }
        }
    });
    let work = |(line, bytes): (usize, Vec<u8>)| check_line(policy, options, line, &bytes);
    let mut sink = Sink::new(format, redact, path);
    pimcheck::batch::for_each_ordered(lines, jobs, work, |checked| match checked {
        Ok(checked) => sink.write(checked),
        Err(error) => sink.write(Checked {
            line: sink.lines + 1,
            principal: None,
            role: None,
            result: Err(error),
        }),
    });
    let code = sink.finish();
    match read_error {
        Some(error) => crate::output::fail(&error, format.errors()),
        None => code,
    }
}

fn check_line(policy: &Policy, options: &Options, line: usize, bytes: &[u8]) -> Checked {
    let request = options
        .input_limits
        .check_size("request", bytes.len())
        .and_then(|()| pimcheck::utf8_text(bytes, "request"))
        .and_then(|text| Request::from_json(text.trim(), options.level, &options.input_limits));
    match request {
        Ok(request) => Checked {
            line,
            principal: request.principal_id.clone(),
            role: request.role_definition_id.clone(),
            result: policy.check(&request, options),
        },
        Err(error) => Checked {
            line,
            principal: None,
            role: None,
            result: Err(error),
        },
    }
}

/// Where checked lines go, in order.
struct Sink {
    format: CheckFormat,
    /// A single request: its output has no line number, and an input error goes to standard error.
    single: bool,
    redactor: Option<Redactor>,
    junit: Option<Junit>,
    out: std::io::BufWriter<anstream::AutoStream<std::io::StdoutLock<'static>>>,
    progress: Progress,
    lines: usize,
    denied: bool,
    invalid: bool,
    failed: bool,
}

impl Sink {
    fn new(format: CheckFormat, redact: bool, path: &str) -> Sink {
        Sink {
            format,
            single: path == "request",
            redactor: redact.then(Redactor::new),
            junit: (format == CheckFormat::Junit).then(|| Junit::new(path)),
            out: std::io::BufWriter::with_capacity(
                1 << 20,
                anstream::AutoStream::auto(std::io::stdout().lock()),
            ),
            progress: Progress::new(),
            lines: 0,
            denied: false,
            invalid: false,
            failed: false,
        }
    }

    fn write(&mut self, mut checked: Checked) -> ControlFlow<()> {
        self.lines += 1;
        self.progress.tick();
        if let Some(redactor) = &mut self.redactor {
            checked.principal = checked
                .principal
                .map(|p| redactor.placeholder(pimcheck::Secret::Principal, &p));
            checked.result = match &checked.result {
                Ok(report) => Ok(redactor.report(report)),
                Err(error) => Err(redactor.error(error)),
            };
        }
        match &checked.result {
            Ok(report) => self.denied |= !report.allowed,
            Err(_) => self.invalid = true,
        }
        let text = match (&mut self.junit, &checked.result) {
            (Some(junit), result) => {
                let (principal, role) = (checked.principal.as_deref(), checked.role.as_deref());
                junit.add(checked.line, principal, role, result);
                return ControlFlow::Continue(());
            }
            (None, Ok(report)) if self.single => single_output(self.format, report),
            (None, Err(error)) if self.single => {
                let _ = self.out.flush();
                let _ = crate::output::fail(error, self.format.errors());
                return ControlFlow::Continue(());
            }
            (None, Ok(report)) => line_output(self.format, checked.line, report),
            (None, Err(error)) => error_output(self.format, checked.line, error),
        };
        if self.out.write_all(text.as_bytes()).is_err() {
            self.failed = true;
            return ControlFlow::Break(());
        }
        ControlFlow::Continue(())
    }

    fn finish(mut self) -> ExitCode {
        self.progress.finish();
        if let Some(junit) = self.junit.take() {
            match junit.finish() {
                Ok(xml) => self.failed |= self.out.write_all(xml.as_bytes()).is_err(),
                Err(error) => return crate::output::fail(&error, Format::Text),
            }
        }
        if self.failed || self.out.flush().is_err() {
            return ExitCode::from(2);
        }
        ExitCode::from(if self.invalid {
            2
        } else if self.denied {
            1
        } else {
            0
        })
    }
}

/// The output of one request: as `check --request` writes it.
fn single_output(format: CheckFormat, report: &Report) -> String {
    match format {
        CheckFormat::Json | CheckFormat::Junit => {
            let mut out = report.to_json();
            out.push('\n');
            out
        }
        CheckFormat::Text => crate::colour::paint(&crate::output::text(report)),
        CheckFormat::Markdown => crate::markdown::report(report),
    }
}

/// The output of one line of a batch.
fn line_output(format: CheckFormat, line: usize, report: &Report) -> String {
    match format {
        CheckFormat::Json | CheckFormat::Junit => single_output(format, report),
        CheckFormat::Text => format!("line {}:\n{}", line, single_output(format, report)),
        CheckFormat::Markdown => {
            format!("#### line {}\n\n{}\n", line, single_output(format, report))
        }
    }
}

/// The output of a line of a batch that is an input error.
fn error_output(format: CheckFormat, line: usize, error: &Error) -> String {
    match format {
        CheckFormat::Json | CheckFormat::Junit => format!("{}\n", error.to_json(Some(line))),
        CheckFormat::Text => format!("line {}: error: {}\n", line, error.one_line()),
        CheckFormat::Markdown => format!(
            "#### line {}\n\n**error** `{}`: {}\n\n",
            line,
            error.code().as_str(),
            error.one_line()
        ),
    }
}
