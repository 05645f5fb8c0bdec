//! `--requests`: NDJSON in, one report (or error) per non-blank line out, in input order.
//!
//! Lines are read here, on the calling thread, keeping at most the input limit of each; the core's
//! [`pimcheck::batch::for_each_ordered`] checks them on `jobs` threads (a line's output is written
//! there too) and hands the output lines back in input order, with bounded memory whatever the
//! length of the stream.

use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::ops::ControlFlow;
use std::process::ExitCode;

use pimcheck::{Error, InputLimits, Options, Policy};

use crate::lines::read_line;
use crate::Format;

/// Bytes reserved for a line's JSON report, so that most are written without growing the string
/// (the reports of the benchmark's stream are 135 to 762 bytes); the string is then shrunk to its
/// length, so that a chunk of output lines holds no more memory than it needs.
const REPORT_CAPACITY: usize = 1024;

/// Runs a batch; returns exit 2 if any line was an input error, else 1 if any was denied, else 0.
pub(crate) fn run(
    policy: &Policy,
    options: &Options,
    path: &str,
    format: Format,
    jobs: usize,
) -> ExitCode {
    let input: Box<dyn Read> = if path == "-" {
        Box::new(std::io::stdin())
    } else {
        match std::fs::File::open(path) {
            Ok(file) => Box::new(file),
            Err(e) => {
                let error = Error::unreadable(path, "requests", &e.to_string());
                return crate::output::fail(&error, format);
            }
        }
    };
    let mut lines = Lines {
        reader: BufReader::with_capacity(1 << 20, input),
        buffer: Vec::new(),
        number: 0,
        limits: options.input_limits,
        path,
        error: None,
    };
    let mut out = BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
    let (mut denied, mut invalid, mut written) = (false, false, true);
    let mut line = 0;
    let work = |input| check_line(policy, options, format, input);
    pimcheck::batch::for_each_ordered(&mut lines, jobs, work, |checked| {
        line += 1;
        // A line whose check panicked is answered too, so the output keeps one line per input line.
        let checked = checked.unwrap_or_else(|error| Checked::invalid(line, &error, format));
        denied |= checked.verdict == Verdict::Denied;
        invalid |= checked.verdict == Verdict::Invalid;
        written = out.write_all(checked.output.as_bytes()).is_ok();
        if written {
            ControlFlow::Continue(())
        } else {
            ControlFlow::Break(())
        }
    });
    if !written || out.flush().is_err() {
        return ExitCode::from(2);
    }
    if let Some(error) = lines.error {
        return crate::output::fail(&error, format);
    }
    ExitCode::from(if invalid {
        2
    } else if denied {
        1
    } else {
        0
    })
}

/// The lines of a batch, numbered from 1, each as its bytes or, over the input limit, its error
/// (only `max_input_bytes + 1` bytes of such a line are kept). A read error ends the lines; it is
/// kept in `error` for the caller to report after the lines before it.
struct Lines<'a, R> {
    reader: R,
    buffer: Vec<u8>,
    number: usize,
    limits: InputLimits,
    path: &'a str,
    error: Option<Error>,
}

impl<R: BufRead> Iterator for Lines<'_, R> {
    type Item = (usize, Result<Vec<u8>, Error>);

    fn next(&mut self) -> Option<Self::Item> {
        self.buffer.clear();
        match read_line(
            &mut self.reader,
            &mut self.buffer,
            self.limits.max_input_bytes,
        ) {
            Ok(0) => None,
            Ok(_) => {
                self.number += 1;
                let bytes = self
                    .limits
                    .check_size("request", self.buffer.len())
                    .map(|()| self.buffer.clone());
                Some((self.number, bytes))
            }
            Err(e) => {
                self.error = Some(Error::unreadable(self.path, "requests", &e.to_string()));
                None
            }
        }
    }
}

/// What a line was, for the exit code.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Blank,
    Allowed,
    Denied,
    Invalid,
}

/// A line's output (empty for a blank line) and its verdict.
struct Checked {
    output: String,
    verdict: Verdict,
}

impl Checked {
    /// The output of a line that is an input error.
    fn invalid(line: usize, error: &Error, format: Format) -> Checked {
        let mut output = match format {
            Format::Json => error.to_json(Some(line)),
            Format::Text => format!("line {}: error: {}", line, error.one_line()),
        };
        output.push('\n');
        Checked {
            output,
            verdict: Verdict::Invalid,
        }
    }
}

/// Checks one line and writes its output (on a worker thread).
fn check_line(
    policy: &Policy,
    options: &Options,
    format: Format,
    (line, bytes): (usize, Result<Vec<u8>, Error>),
) -> Checked {
    let report = bytes.and_then(|bytes| {
        let text = pimcheck::utf8_text(&bytes, "request")?.trim();
        if text.is_empty() {
            return Ok(None);
        }
        crate::check_request(policy, text, options).map(Some)
    });
    let report = match report {
        Ok(Some(report)) => report,
        Ok(None) => {
            return Checked {
                output: String::new(),
                verdict: Verdict::Blank,
            }
        }
        Err(error) => return Checked::invalid(line, &error, format),
    };
    let output = match format {
        Format::Json => {
            let mut output = String::with_capacity(REPORT_CAPACITY);
            report.write_json(&mut output);
            output.push('\n');
            output.shrink_to_fit();
            output
        }
        Format::Text => format!("line {}:\n{}", line, crate::output::text(&report)),
    };
    let verdict = if report.allowed {
        Verdict::Allowed
    } else {
        Verdict::Denied
    };
    Checked { output, verdict }
}
