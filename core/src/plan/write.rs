//! The one JSON writer of a plan's result: every interface gives these bytes.
//!
//! `{"resources": [{"address", "type", "actions", "pointer", "report", "fix"} | {..., "error": {"code", "path",
//! "message", "hint"}} | {..., "skipped"}], "allowed"}`, keys in that order, absent optional
//! fields left out.

use super::{Outcome, PlanEntry, PlanReport};
use crate::error::Error;
use crate::json::write_str;

/// Appends the compact JSON of `plan` to `out`.
pub(crate) fn write_plan(out: &mut String, plan: &PlanReport) {
    out.push_str("{\"resources\":[");
    for (i, entry) in plan.resources.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_entry(out, entry);
    }
    out.push_str("],\"allowed\":");
    out.push_str(if plan.allowed { "true" } else { "false" });
    out.push('}');
}

fn write_entry(out: &mut String, entry: &PlanEntry) {
    out.push_str("{\"address\":");
    write_str(out, &entry.address);
    out.push_str(",\"type\":");
    write_str(out, &entry.resource_type);
    out.push_str(",\"actions\":[");
    for (i, action) in entry.actions.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_str(out, action);
    }
    out.push_str("],\"pointer\":");
    write_str(out, &entry.pointer);
    match &entry.outcome {
        Outcome::Checked { report, fix } => {
            out.push_str(",\"report\":");
            report.write_json(out);
            if let Some(fix) = fix {
                out.push_str(",\"fix\":");
                write_str(out, fix);
            }
        }
        Outcome::Failed(error) => {
            out.push_str(",\"error\":");
            write_error(out, error);
        }
        Outcome::Skipped(reason) => {
            out.push_str(",\"skipped\":\"");
            out.push_str(reason.as_str());
            out.push('"');
        }
    }
    out.push('}');
}

/// The contract's error object (section 3.4) without its `{"error": ...}` wrapper.
fn write_error(out: &mut String, error: &Error) {
    out.push_str("{\"code\":\"");
    out.push_str(error.code().as_str());
    out.push_str("\",\"path\":");
    write_str(out, error.path());
    out.push_str(",\"message\":");
    write_str(out, error.message());
    if let Some(hint) = error.hint() {
        out.push_str(",\"hint\":");
        write_str(out, hint);
    }
    out.push('}');
}
