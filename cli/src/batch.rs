//! `--requests`: NDJSON in, one report (or error) per non-blank line out, in input order.
//!
//! Lines are read in chunks and checked on `jobs` threads; a chunk is written before the next is
//! read, so memory stays bounded by the chunk, whatever the size of the stream.

use std::io::{BufReader, BufWriter, Read, Write};
use std::process::ExitCode;

use pimcheck::{Error, ErrorCode, Options, Policy};

use crate::lines::read_line;
use crate::Format;

/// Lines checked per thread before the output is written.
const LINES_PER_JOB: usize = 2048;

enum Outcome {
    Allowed(String),
    Denied(String),
    Invalid(String),
}

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
                let error = Error::new(
                    ErrorCode::InvalidOption,
                    "requests",
                    format!("cannot read the requests file `{}`: {}", path, e),
                );
                return crate::output::fail(&error, format);
            }
        }
    };
    let mut reader = BufReader::with_capacity(1 << 20, input);
    let mut out = BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
    let (mut denied, mut invalid) = (false, false);
    let mut line_number = 0usize;
    let mut buffer = Vec::new();
    let max_line = options.limits.max_input_bytes;
    loop {
        let mut chunk: Vec<(usize, Result<String, Error>)> = Vec::new();
        let mut end_of_input = false;
        while chunk.len() < LINES_PER_JOB * jobs {
            buffer.clear();
            match read_line(&mut reader, &mut buffer, max_line) {
                Ok(0) => {
                    end_of_input = true;
                    break;
                }
                Ok(_) => {
                    line_number += 1;
                    let text = options
                        .limits
                        .check_size("request", buffer.len())
                        .and_then(|()| pimcheck::utf8_text(&buffer, "request"))
                        .map(|text| text.trim().to_owned());
                    if matches!(&text, Ok(t) if t.is_empty()) {
                        continue;
                    }
                    chunk.push((line_number, text));
                }
                Err(e) => {
                    let error = Error::new(
                        ErrorCode::InvalidOption,
                        "requests",
                        format!("cannot read the requests file `{}`: {}", path, e),
                    );
                    let _ = out.flush();
                    return crate::output::fail(&error, format);
                }
            }
        }
        let outcomes = check_chunk(policy, options, &chunk, format, jobs);
        for outcome in outcomes {
            let text = match outcome {
                Outcome::Allowed(text) => text,
                Outcome::Denied(text) => {
                    denied = true;
                    text
                }
                Outcome::Invalid(text) => {
                    invalid = true;
                    text
                }
            };
            if out.write_all(text.as_bytes()).is_err() {
                return ExitCode::from(2);
            }
        }
        if end_of_input {
            break;
        }
    }
    if out.flush().is_err() {
        return ExitCode::from(2);
    }
    ExitCode::from(if invalid {
        2
    } else if denied {
        1
    } else {
        0
    })
}

fn check_chunk(
    policy: &Policy,
    options: &Options,
    chunk: &[(usize, Result<String, Error>)],
    format: Format,
    jobs: usize,
) -> Vec<Outcome> {
    let check_one = |(line, text): &(usize, Result<String, Error>)| -> Outcome {
        match text
            .as_ref()
            .map_err(Clone::clone)
            .and_then(|t| policy.check_json(t, options))
        {
            Ok(report) => {
                let text = match format {
                    Format::Json => {
                        let mut text = String::with_capacity(1024);
                        report.write_json(&mut text);
                        text.push('\n');
                        text
                    }
                    Format::Text => format!("line {}:\n{}", line, crate::output::text(&report)),
                };
                if report.allowed {
                    Outcome::Allowed(text)
                } else {
                    Outcome::Denied(text)
                }
            }
            Err(error) => invalid(*line, &error, format),
        }
    };
    if jobs <= 1 || chunk.len() < 64 {
        return chunk.iter().map(check_one).collect();
    }
    let per_job = chunk.len().div_ceil(jobs);
    std::thread::scope(|scope| {
        let handles: Vec<_> = chunk
            .chunks(per_job)
            .map(|part| {
                let handle = scope.spawn(move || part.iter().map(check_one).collect::<Vec<_>>());
                (part, handle)
            })
            .collect();
        // A thread that panicked still answers every one of its lines, so the output keeps one
        // line per input line.
        handles
            .into_iter()
            .flat_map(|(part, handle)| {
                handle.join().unwrap_or_else(|_| {
                    let error = Error::new(
                        ErrorCode::InvalidRequest,
                        "",
                        "internal error while checking this line",
                    );
                    part.iter()
                        .map(|(line, _)| invalid(*line, &error, format))
                        .collect()
                })
            })
            .collect()
    })
}

/// The output of a line that is an input error.
fn invalid(line: usize, error: &Error, format: Format) -> Outcome {
    let mut text = match format {
        Format::Json => error.to_json(Some(line)),
        Format::Text => format!("line {}: error: {}", line, error.one_line()),
    };
    text.push('\n');
    Outcome::Invalid(text)
}
