//! The report's compact JSON, written by hand: the contract's one serialization, on the hot path
//! of every interface (a CLI batch writes one per line). It writes exactly what `serde_json`
//! writes for the derived `Serialize` of [`Report`] (the vectors' test and a property compare the
//! two byte for byte); it exists because serde_json escapes strings one byte at a time, and a
//! report is mostly text with nothing to escape, which this writer copies eight bytes at a time.

use super::{Finding, Report, Words};
use crate::duration::write_iso8601;
use crate::model::Approver;

/// Appends the compact JSON of `report` to `out`.
pub(crate) fn write_report(out: &mut String, report: &Report) {
    out.push_str("{\"allowed\":");
    out.push_str(if report.allowed { "true" } else { "false" });
    out.push_str(",\"request\":{\"operation\":");
    write_str(out, &report.request.operation);
    out.push_str(",\"caller\":");
    write_str(out, &report.request.caller);
    out.push_str(",\"level\":");
    write_str(out, &report.request.level);
    out.push_str("},\"violations\":");
    write_findings(out, &report.violations);
    out.push_str(",\"obligations\":");
    write_findings(out, &report.obligations);
    out.push_str(",\"warnings\":");
    write_findings(out, &report.warnings);
    out.push('}');
}

fn write_findings(out: &mut String, findings: &[Finding]) {
    out.push('[');
    for (i, finding) in findings.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_finding(out, finding);
    }
    out.push(']');
}

fn write_finding(out: &mut String, finding: &Finding) {
    out.push_str("{\"code\":\"");
    out.push_str(finding.code.as_str());
    out.push('"');
    if let Some(rule) = &finding.rule {
        out.push_str(",\"rule\":");
        write_str(out, rule);
    }
    if let Some(path) = &finding.path {
        out.push_str(",\"path\":");
        write_str(out, path);
    }
    out.push_str(",\"message\":");
    match &finding.words {
        Words::Written { message, .. } => write_str(out, message),
        // Typed words are durations, times and fixed text: nothing in them to escape.
        Words::OverMaximum { .. } => {
            out.push('"');
            finding.write_message(out);
            out.push('"');
        }
    }
    if let Some(rule) = finding.service_rule {
        out.push_str(",\"serviceRule\":\"");
        out.push_str(rule.as_str());
        out.push('"');
    }
    if let Some(error) = finding.service_error {
        out.push_str(",\"serviceError\":\"");
        out.push_str(error.as_str());
        out.push('"');
    }
    match &finding.words {
        Words::Written {
            limit,
            actual,
            hint,
            ..
        } => {
            if let Some(limit) = limit {
                out.push_str(",\"limit\":");
                write_str(out, limit);
            }
            if let Some(actual) = actual {
                out.push_str(",\"actual\":");
                write_str(out, actual);
            }
            if let Some(hint) = hint {
                out.push_str(",\"hint\":");
                write_str(out, hint);
            }
        }
        Words::OverMaximum {
            requested, maximum, ..
        } => {
            out.push_str(",\"limit\":\"");
            write_iso8601(out, *maximum);
            out.push_str("\",\"actual\":\"");
            write_iso8601(out, *requested);
            out.push_str("\",\"hint\":\"");
            finding.write_hint(out);
            out.push('"');
        }
    }
    if let Some(approvers) = &finding.approvers {
        out.push_str(",\"approvers\":[");
        for (i, approver) in approvers.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_approver(out, approver);
        }
        out.push(']');
    }
    if let Some(claim) = &finding.claim_value {
        out.push_str(",\"claimValue\":");
        write_str(out, claim);
    }
    out.push('}');
}

fn write_approver(out: &mut String, approver: &Approver) {
    out.push('{');
    let mut first = true;
    let fields = [
        ("\"id\":", &approver.id),
        ("\"kind\":", &approver.kind),
        ("\"displayName\":", &approver.display_name),
    ];
    for (key, value) in fields {
        if let Some(value) = value {
            if !first {
                out.push(',');
            }
            first = false;
            out.push_str(key);
            write_str(out, value);
        }
    }
    out.push('}');
}

/// Appends `text` as a JSON string, escaped as serde_json escapes: `"` and `\`, the short forms
/// `\b \t \n \f \r`, and `\u00xx` (lowercase hex) for the other control characters.
pub(crate) fn write_str(out: &mut String, text: &str) {
    out.push('"');
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut at = crate::json_bytes::first_special(bytes, 0);
    while let Some(i) = at {
        out.push_str(text.get(start..i).unwrap_or_default());
        let byte = bytes.get(i).copied().unwrap_or_default();
        match byte {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            0x08 => out.push_str("\\b"),
            0x09 => out.push_str("\\t"),
            0x0A => out.push_str("\\n"),
            0x0C => out.push_str("\\f"),
            0x0D => out.push_str("\\r"),
            _ => {
                // Only control characters get here: `\u00` and two lowercase hex digits.
                let hex = |nibble: u8| char::from_digit(u32::from(nibble), 16).unwrap_or('0');
                out.push_str("\\u00");
                out.push(hex(byte >> 4));
                out.push(hex(byte & 0xF));
            }
        }
        start = i + 1;
        at = crate::json_bytes::first_special(bytes, start);
    }
    out.push_str(text.get(start..).unwrap_or_default());
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn written(text: &str) -> String {
        let mut out = String::new();
        write_str(&mut out, text);
        out
    }

    #[test]
    fn escapes_as_serde_json_does() {
        for text in [
            "",
            "plain text, longer than eight bytes",
            "\"",
            "a\\b",
            "tab\there, newline\n, nul\u{0}, esc\u{1b}, del\u{7f}",
            "é – “quoted” ✓",
            "12345678\"12345678\\",
        ] {
            assert_eq!(
                written(text),
                serde_json::to_string(text).unwrap_or_default()
            );
        }
        for byte in 0u8..=0x7f {
            let text = format!("abcdefg{}hijklmn", char::from(byte));
            assert_eq!(
                written(&text),
                serde_json::to_string(&text).unwrap_or_default()
            );
        }
    }

    proptest! {
        #[test]
        fn any_string_is_written_as_serde_json_writes_it(text in any::<String>()) {
            prop_assert_eq!(written(&text), serde_json::to_string(&text).unwrap_or_default());
        }
    }
}
