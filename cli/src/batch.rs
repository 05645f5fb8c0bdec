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

/// What a run of lines found, for the exit code.
#[derive(Default, Clone, Copy)]
struct Verdicts {
    denied: bool,
    invalid: bool,
}

impl Verdicts {
    fn add(&mut self, other: Verdicts) {
        self.denied |= other.denied;
        self.invalid |= other.invalid;
    }
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
    let mut verdicts = Verdicts::default();
    let mut line_number = 0usize;
    let mut buffer = Vec::new();
    let max_line = options.input_limits.max_input_bytes;
    // Kept from chunk to chunk, so that their memory is allocated once (a chunk's lines and
    // output are large enough that fresh buffers would be fresh pages every time).
    let mut chunk: Vec<(usize, Result<String, Error>)> = Vec::new();
    let mut outputs: Vec<String> = vec![String::new(); jobs.max(1)];
    loop {
        chunk.clear();
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
                        .input_limits
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
        verdicts.add(check_chunk(policy, options, &chunk, format, &mut outputs));
        for output in &mut outputs {
            if out.write_all(output.as_bytes()).is_err() {
                return ExitCode::from(2);
            }
            output.clear();
        }
        if end_of_input {
            break;
        }
    }
    if out.flush().is_err() {
        return ExitCode::from(2);
    }
    ExitCode::from(if verdicts.invalid {
        2
    } else if verdicts.denied {
        1
    } else {
        0
    })
}

/// Checks a chunk on `outputs.len()` threads, each writing its share of the lines, in order,
/// to its own output.
fn check_chunk(
    policy: &Policy,
    options: &Options,
    chunk: &[(usize, Result<String, Error>)],
    format: Format,
    outputs: &mut [String],
) -> Verdicts {
    let check_part = |part: &[(usize, Result<String, Error>)], out: &mut String| -> Verdicts {
        let mut verdicts = Verdicts::default();
        for (line, text) in part {
            match text
                .as_ref()
                .map_err(Clone::clone)
                .and_then(|t| policy.check_json(t, options))
            {
                Ok(report) => {
                    match format {
                        Format::Json => report.write_json(out),
                        Format::Text => out.push_str(&format!(
                            "line {}:\n{}",
                            line,
                            crate::output::text(&report)
                        )),
                    }
                    if format == Format::Json {
                        out.push('\n');
                    }
                    verdicts.denied |= !report.allowed;
                }
                Err(error) => {
                    invalid(out, *line, &error, format);
                    verdicts.invalid = true;
                }
            }
        }
        verdicts
    };
    let jobs = outputs.len();
    if jobs <= 1 || chunk.len() < 64 {
        let Some(out) = outputs.first_mut() else {
            return Verdicts::default();
        };
        return check_part(chunk, out);
    }
    let per_job = chunk.len().div_ceil(jobs);
    let (mut verdicts, panicked) = std::thread::scope(|scope| {
        let handles: Vec<_> = chunk
            .chunks(per_job)
            .zip(outputs.iter_mut())
            .map(|(part, out)| {
                let check_part = &check_part;
                scope.spawn(move || check_part(part, out))
            })
            .collect();
        let mut verdicts = Verdicts::default();
        let mut panicked = Vec::new();
        for (job, handle) in handles.into_iter().enumerate() {
            match handle.join() {
                Ok(found) => verdicts.add(found),
                Err(_) => panicked.push(job),
            }
        }
        (verdicts, panicked)
    });
    // A thread that panicked still answers every one of its lines, so the output keeps one line
    // per input line.
    let error = Error::new(
        ErrorCode::InvalidRequest,
        "",
        "internal error while checking this line",
    );
    for job in panicked {
        let (Some(part), Some(out)) = (chunk.chunks(per_job).nth(job), outputs.get_mut(job)) else {
            continue;
        };
        out.clear();
        for (line, _) in part {
            invalid(out, *line, &error, format);
        }
        verdicts.invalid = true;
    }
    verdicts
}

/// Writes the output of a line that is an input error.
fn invalid(out: &mut String, line: usize, error: &Error, format: Format) {
    match format {
        Format::Json => out.push_str(&error.to_json(Some(line))),
        Format::Text => out.push_str(&format!("line {}: error: {}", line, error.one_line())),
    }
    out.push('\n');
}
