//! Reports as a "tape": a string the JavaScript layer (`main.js`, `readReport`) reads into the
//! same plain objects `JSON.parse` of [`pimcheck::Report::to_json`] gives, key for key and in the
//! same order, several times faster than `JSON.parse` (no JSON to scan, no escapes: each value is
//! a slice of the tape).
//!
//! The format: numbers and strings, one after the other, in the order the report's JSON has them.
//! A number is written in base 64, most significant digit first, one character per digit: a digit
//! that is not the last is the character of code `d` (0..=63), the last is `64 + d`; so every
//! character of a number is ASCII, and numbers below 64 take one. A string is its length in
//! UTF-16 code units (a number), then its text. A report is `allowed` (0 or 1), the request's
//! `operation`, `caller` and `level`, then `violations`, `obligations` and `warnings`, each a count
//! and its findings. A finding is a number whose bits say which optional keys are present (`rule`
//! 1, `path` 2, `serviceRule` 4, `limit` 8, `actual` 16, `hint` 32, `approvers` 64, `claimValue`
//! 128, `serviceError` 256), then `code`, `rule`, `path`, `message`, `serviceRule`,
//! `serviceError`, `limit`, `actual`, `hint`,
//! `approvers` (a count, then each approver: bits for `id` 1, `kind` 2, `displayName` 4, then
//! those present), `claimValue`. A batch is the count of reports, then the reports.
//!
//! It is kept for speed (reading a report from it is several times faster than `JSON.parse` of the
//! core's JSON), and held to the core's one writer ([`pimcheck::Report::to_json`]) by
//! `__test__/tape.test.mjs`: for every vector, the objects the tape gives are the writer's JSON,
//! field for field and in order, and a field the tape misses is named there. The report and its
//! request summary are destructured without `..`, so that a field added to them stops this build;
//! a finding's fields are public and its words are methods, so a field added to a finding and its
//! writer is caught by that test.

use pimcheck::model::Approver;
use pimcheck::report::{Finding, RequestSummary};
use pimcheck::Report;

/// The tape of one report.
pub(crate) fn report(report: &Report) -> String {
    let mut out = String::with_capacity(512);
    write_report(&mut out, report);
    out
}

/// The tape of a batch of reports: their count, then each report.
pub(crate) fn reports(reports: &[Report]) -> String {
    let mut out = String::with_capacity(reports.len() * 128 + 4);
    number(&mut out, reports.len());
    for report in reports {
        write_report(&mut out, report);
    }
    out
}

fn write_report(out: &mut String, report: &Report) {
    let Report {
        allowed,
        request,
        violations,
        obligations,
        warnings,
    } = report;
    let RequestSummary {
        operation,
        caller,
        level,
    } = request;
    number(out, usize::from(*allowed));
    string(out, operation);
    string(out, caller);
    string(out, level);
    for list in [violations, obligations, warnings] {
        number(out, list.len());
        for finding in list {
            write_finding(out, finding);
        }
    }
}

fn write_finding(out: &mut String, finding: &Finding) {
    // The public fields by name (a new one stops this compiling until it is written), and the
    // words, which are methods (some findings write them only when asked).
    let Finding {
        code,
        rule,
        path,
        service_rule,
        service_error,
        approvers,
        claim_value,
        ..
    } = finding;
    let (message, limit, actual, hint) = (
        finding.message(),
        finding.limit(),
        finding.actual(),
        finding.hint(),
    );
    let bits = [
        rule.is_some(),
        path.is_some(),
        service_rule.is_some(),
        limit.is_some(),
        actual.is_some(),
        hint.is_some(),
        approvers.is_some(),
        claim_value.is_some(),
        service_error.is_some(),
    ];
    number(out, flags(&bits));
    string(out, code.as_str());
    optional(out, rule.as_deref());
    optional(out, path.as_deref());
    string(out, &message);
    optional(out, service_rule.map(|r| r.as_str()));
    optional(out, service_error.map(|e| e.as_str()));
    optional(out, limit.as_deref());
    optional(out, actual.as_deref());
    optional(out, hint.as_deref());
    if let Some(approvers) = approvers {
        number(out, approvers.len());
        for approver in approvers.iter() {
            let Approver {
                id,
                kind,
                display_name,
            } = approver;
            number(
                out,
                flags(&[id.is_some(), kind.is_some(), display_name.is_some()]),
            );
            optional(out, id.as_deref());
            optional(out, kind.as_deref());
            optional(out, display_name.as_deref());
        }
    }
    optional(out, claim_value.as_deref());
}

/// Bit `i` set for each `true` at `i`.
fn flags(bits: &[bool]) -> usize {
    bits.iter()
        .enumerate()
        .fold(0, |acc, (i, &set)| acc | (usize::from(set) << i))
}

/// A number: base 64, most significant digit first; the last digit is marked by adding 64.
fn number(out: &mut String, n: usize) {
    let mut digits = [0u8; 11];
    let mut len = 0;
    let mut rest = n;
    loop {
        if let Some(slot) = digits.get_mut(len) {
            *slot = (rest % 64) as u8;
        }
        len += 1;
        rest /= 64;
        if rest == 0 {
            break;
        }
    }
    for i in (0..len).rev() {
        let digit = digits.get(i).copied().unwrap_or(0);
        out.push(char::from(if i == 0 { 64 + digit } else { digit }));
    }
}

/// A string: its length in UTF-16 code units, then its text.
fn string(out: &mut String, text: &str) {
    let units = if text.is_ascii() {
        text.len()
    } else {
        text.encode_utf16().count()
    };
    number(out, units);
    out.push_str(text);
}

/// A string that is present (its presence is in the finding's bits).
fn optional(out: &mut String, text: Option<&str>) {
    if let Some(text) = text {
        string(out, text);
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;

    /// Reads a number back as `main.js` does.
    fn read(tape: &[u16], at: &mut usize) -> usize {
        let mut n = 0;
        loop {
            let c = usize::from(tape[*at]);
            *at += 1;
            if c < 64 {
                n = n * 64 + c;
            } else {
                return n * 64 + (c - 64);
            }
        }
    }

    #[test]
    fn numbers_read_back() {
        for n in [0, 1, 63, 64, 65, 4095, 4096, 1 << 20, usize::MAX >> 2] {
            let mut out = String::new();
            number(&mut out, n);
            assert!(out.is_ascii());
            let units: Vec<u16> = out.encode_utf16().collect();
            let mut at = 0;
            assert_eq!(read(&units, &mut at), n);
            assert_eq!(at, units.len());
        }
    }

    #[test]
    fn strings_count_utf16_units() {
        let mut out = String::new();
        string(&mut out, "é😀x");
        let units: Vec<u16> = out.encode_utf16().collect();
        let mut at = 0;
        let len = read(&units, &mut at);
        assert_eq!(len, 4);
        assert_eq!(String::from_utf16_lossy(&units[at..at + len]), "é😀x");
    }
}
