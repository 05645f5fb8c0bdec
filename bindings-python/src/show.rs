//! `pimcheck.show(policy, format=..., redact=...)` and `Policy.show(...)`: a policy in the portal's
//! words (issue #16, section 3). The core writes every format; the JSON form crosses as the core's
//! JSON text, read by Python's `json.loads` (a `dict` equal to `pimcheck show --format json`'s).

use pyo3::prelude::*;
use pyo3::types::PyString;

use crate::error::guarded;

/// The show of `policy` in `format` (`json` by default: a `dict`; `text`, `markdown`: a `str`),
/// with approvers and recipients as placeholders where `redact`.
pub(crate) fn render<'py>(
    py: Python<'py>,
    policy: &pimcheck::Policy,
    format: Option<&str>,
    redact: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let format = guarded(|| pimcheck::ShowFormat::parse(format.unwrap_or("json")))?;
    let mut show = guarded(|| Ok(policy.show()))?;
    if redact {
        show = show.redacted(&mut pimcheck::Redactor::new());
    }
    let text = show.render(format);
    if format == pimcheck::ShowFormat::Json {
        py.import("json")?.call_method1("loads", (text,))
    } else {
        Ok(PyString::new(py, &text).into_any())
    }
}

/// Shows a policy (a `dict`, JSON `str` or `bytes`, or an SDK model) as the Entra admin center
/// names its settings: `format` `json` (default, a `dict`), `text` or `markdown` (a `str`).
#[pyfunction]
#[pyo3(signature = (policy, *, format=None, redact=false, max_input_bytes=None))]
pub(crate) fn show<'py>(
    py: Python<'py>,
    policy: &Bound<'py, PyAny>,
    format: Option<&str>,
    redact: bool,
    max_input_bytes: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let limits = crate::options::limits(max_input_bytes)?;
    let policy = crate::read_policy(py, policy, &limits)?;
    render(py, &policy.inner, format, redact)
}
