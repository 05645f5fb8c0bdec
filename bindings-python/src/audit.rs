//! `pimcheck.audit(policies, schedules, *, now=None, expiring_within=None, max_input_bytes=None)`
//! (contract section 7): the native half. The Python layer (`python/pimcheck/__init__.py`) writes
//! a `dict` or `list` as JSON text and parses the result; here the texts go to the core, which
//! audits and writes the one JSON result (the CLI's `--format json` output).

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

use crate::error::guarded;

/// A document given as a `str` (its text) or `bytes` (UTF-8, checked by the core).
fn text_of(value: &Bound<'_, PyAny>, what: &str) -> PyResult<String> {
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(text.to_str()?.to_owned());
    }
    if let Ok(bytes) = value.cast::<PyBytes>() {
        return guarded(|| pimcheck::utf8_text(bytes.as_bytes(), what).map(str::to_owned));
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
        Ok(text) => text.to_str()?.to_owned(),
        Err(_) => value.repr()?.to_str()?.to_owned(),
    };
    guarded(|| pimcheck::audit::parse_expiring_within(&text)).map(Some)
}

/// Audits the schedule list `schedules` against the policy set `policies` (both JSON text) and
/// returns the result's JSON text. The GIL is released while auditing.
#[pyfunction]
#[pyo3(signature = (policies, schedules, *, now=None, expiring_within=None, max_input_bytes=None))]
pub(crate) fn _audit_json(
    py: Python<'_>,
    policies: &Bound<'_, PyAny>,
    schedules: &Bound<'_, PyAny>,
    now: Option<&Bound<'_, PyAny>>,
    expiring_within: Option<&Bound<'_, PyAny>>,
    max_input_bytes: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    // The options first, as the CLI reads them.
    let options = crate::options::options(now, None, None, max_input_bytes)?;
    let mut audit_options =
        pimcheck::AuditOptions::new(options.now).with_input_limits(options.input_limits);
    if let Some(window) = window(expiring_within)? {
        audit_options = audit_options.with_expiring_within(window);
    }
    let policies = text_of(policies, "policies")?;
    let schedules = text_of(schedules, "schedules")?;
    guarded(|| {
        py.detach(|| {
            let policy = pimcheck::Policy::from_json_with_input_limits(
                &policies,
                &audit_options.input_limits,
            )?;
            Ok(pimcheck::audit_texts(&policy, &[schedules], &audit_options).to_json())
        })
    })
}
