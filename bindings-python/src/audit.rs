//! `pimcheck.audit(policies, schedules, *, now=None, expiring_within=None, max_input_bytes=None)`
//! (contract section 7). The documents cross as JSON text (a `dict` or `list` written by Python's
//! `json.dumps`), the core audits and writes its one JSON result (the CLI's `--format json`
//! output), and `json.loads` makes the `dict` returned.

use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyList, PyString};

use crate::error::guarded;

/// A document given as a `str` (its text), `bytes` (UTF-8, checked by the core), or a `dict` or
/// `list` (written by `json.dumps`).
fn text_of(value: &Bound<'_, PyAny>, what: &str) -> PyResult<String> {
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(crate::json::utf8(text)?.to_owned());
    }
    if let Ok(bytes) = value.cast::<PyBytes>() {
        return guarded(|| pimcheck::utf8_text(bytes.as_bytes(), what).map(str::to_owned));
    }
    if let Ok(bytes) = value.cast::<PyByteArray>() {
        let bytes = bytes.to_vec();
        return guarded(|| pimcheck::utf8_text(&bytes, what).map(str::to_owned));
    }
    if value.is_instance_of::<PyDict>() || value.is_instance_of::<PyList>() {
        let written = value.py().import("json")?.call_method1("dumps", (value,))?;
        return Ok(crate::json::utf8(written.cast::<PyString>()?)?.to_owned());
    }
    Err(pyo3::exceptions::PyTypeError::new_err(format!(
        "{} must be JSON text (str or bytes), a dict or a list",
        what
    )))
}

/// The window of `expiring_within`: a `str` in ISO 8601 (`P14D`), else `InvalidOption`.
fn window(value: Option<&Bound<'_, PyAny>>) -> PyResult<Option<chrono::TimeDelta>> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(None);
    };
    let text = match value.cast::<PyString>() {
        Ok(text) => crate::json::utf8(text)?.to_owned(),
        Err(_) => crate::json::utf8(&value.repr()?)?.to_owned(),
    };
    guarded(|| pimcheck::audit::parse_expiring_within(&text)).map(Some)
}

/// Audits existing assignments and eligibilities (the schedule list `schedules`) against their
/// role's policy of today (the policy set `policies`); returns the `dict` of the CLI's
/// `--format json` output. The GIL is released while auditing.
#[pyfunction]
#[pyo3(signature = (policies, schedules, *, now=None, expiring_within=None, max_input_bytes=None))]
pub(crate) fn audit<'py>(
    py: Python<'py>,
    policies: &Bound<'_, PyAny>,
    schedules: &Bound<'_, PyAny>,
    now: Option<&Bound<'_, PyAny>>,
    expiring_within: Option<&Bound<'_, PyAny>>,
    max_input_bytes: Option<&Bound<'_, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    // The options first, as the CLI reads them.
    let options = crate::options::options(now, None, None, max_input_bytes)?;
    let mut audit_options =
        pimcheck::AuditOptions::new(options.now).with_input_limits(options.input_limits);
    if let Some(window) = window(expiring_within)? {
        audit_options = audit_options.with_expiring_within(window);
    }
    let policies = text_of(policies, "policies")?;
    let schedules = text_of(schedules, "schedules")?;
    let result = guarded(|| {
        py.detach(|| {
            let policy = pimcheck::Policy::from_json_with_input_limits(
                &policies,
                &audit_options.input_limits,
            )?;
            Ok(pimcheck::audit_texts(&policy, &[schedules], &audit_options).to_json())
        })
    })?;
    py.import("json")?.call_method1("loads", (result,))
}
