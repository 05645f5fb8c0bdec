//! The native module `pimcheck._native` of the Python package `pimcheck` (contract section 5).
//!
//! Thin by design: host values become the core's inputs (`document`, `json`, `options`), the core
//! decides (a batch on the core's threads: `batch`), and its report and errors come back as Python
//! objects (`report`, `error`). The Python layer
//! (`python/pimcheck/`) re-exports these and adapts SDK model objects to JSON.

mod audit;
mod batch;
mod document;
mod error;
#[cfg(feature = "bench-hooks")]
mod floor;
mod json;
mod lint;
mod options;
mod plan;
mod report;
mod show;

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString};

use document::document;
use error::{guarded, ConversionWarning, InputError, InternalError};
use report::{Finding, Report};

/// Role settings (one role's, or a set), parsed once and checked many times. Immutable and safe
/// to share between threads.
#[pyclass(module = "pimcheck", name = "Policy", frozen)]
pub struct Policy {
    inner: pimcheck::Policy,
}

#[pymethods]
impl Policy {
    /// Parses `policy`: a `dict` (or `list` of rules), JSON `str` or `bytes`, or an SDK model.
    /// `max_input_bytes` limits the policy's JSON text (default 16 MiB).
    #[new]
    #[pyo3(signature = (policy, *, max_input_bytes=None))]
    fn new(
        py: Python<'_>,
        policy: &Bound<'_, PyAny>,
        max_input_bytes: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        read_policy(py, policy, &options::limits(max_input_bytes)?)
    }

    /// Checks one request against the policy; `redact` replaces principals, approvers,
    /// justifications and tickets in the report by placeholders.
    #[pyo3(signature = (request, *, now=None, mfa=None, level=None, max_input_bytes=None, redact=false))]
    fn check(
        &self,
        request: &Bound<'_, PyAny>,
        now: Option<&Bound<'_, PyAny>>,
        mfa: Option<&Bound<'_, PyAny>>,
        level: Option<&Bound<'_, PyAny>>,
        max_input_bytes: Option<&Bound<'_, PyAny>>,
        redact: bool,
    ) -> PyResult<Report> {
        let options = options::options(now, mfa, level, max_input_bytes)?;
        let request = document(request, "request", &"request")?;
        guarded(|| request.check(&self.inner, &options))
            .map(Report::from)
            .map(|report| report.redacted_if(redact))
    }

    #[cfg(feature = "bench-hooks")]
    /// Does nothing and returns `None`, with the signature of `check`: what a call costs before
    /// the binding reads anything. Exists only for `benches/python/bench.py` (its floor runner
    /// `python-floor-call`); private, not in the stubs.
    #[pyo3(signature = (request, *, now=None, mfa=None, level=None, max_input_bytes=None))]
    fn _call_floor(
        &self,
        request: &Bound<'_, PyAny>,
        now: Option<&Bound<'_, PyAny>>,
        mfa: Option<&Bound<'_, PyAny>>,
        level: Option<&Bound<'_, PyAny>>,
        max_input_bytes: Option<&Bound<'_, PyAny>>,
    ) {
        let _ = (request, now, mfa, level, max_input_bytes);
    }

    #[cfg(feature = "bench-hooks")]
    /// Visits every key and value of the request (a `dict`, nested `dict`s and `list`s) and reads
    /// each `str`'s UTF-8 (borrowed, nothing copied or built), then returns `None`: the least any
    /// binding pays to read a request given as a `dict`, whatever it makes of it. Exists only for
    /// `benches/python/bench.py` (its floor runner `python-floor-visit`); private, not in the stubs.
    #[pyo3(signature = (request, *, now=None, mfa=None, level=None, max_input_bytes=None))]
    fn _visit_floor(
        &self,
        request: &Bound<'_, PyAny>,
        now: Option<&Bound<'_, PyAny>>,
        mfa: Option<&Bound<'_, PyAny>>,
        level: Option<&Bound<'_, PyAny>>,
        max_input_bytes: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        let _ = (now, mfa, level, max_input_bytes);
        std::hint::black_box(floor::visit(request, 0)?);
        Ok(())
    }

    #[cfg(feature = "bench-hooks")]
    /// Converts the options and the request exactly as `check` does, then returns `None` without
    /// checking: what a call costs before the core does any work. Exists only for
    /// `benches/python/bench.py` (its floor runner `python-floor-convert`); private, not in the
    /// stubs. Raises what `check` raises for a bad option or a request that is not JSON.
    #[pyo3(signature = (request, *, now=None, mfa=None, level=None, max_input_bytes=None))]
    fn _convert_floor(
        &self,
        request: &Bound<'_, PyAny>,
        now: Option<&Bound<'_, PyAny>>,
        mfa: Option<&Bound<'_, PyAny>>,
        level: Option<&Bound<'_, PyAny>>,
        max_input_bytes: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        let options = options::options(now, mfa, level, max_input_bytes)?;
        let request = document(request, "request", &"request")?;
        // Kept until here and dropped, as `check` drops them.
        std::hint::black_box((&options, &request));
        Ok(())
    }

    /// Checks many requests with the same options; the reports come back in order. The GIL is
    /// released while checking, on `threads` threads (default: the available cores, as the CLI's
    /// `--jobs`); the calling thread converts the requests meanwhile, in chunks. The first bad
    /// request raises its `InputError`, with `.index` set and its path under `/index`; nothing is
    /// returned half-done.
    #[pyo3(signature = (requests, *, now=None, mfa=None, level=None, threads=None, max_input_bytes=None))]
    #[allow(clippy::too_many_arguments)] // the keyword options of the Python signature
    fn check_many(
        &self,
        py: Python<'_>,
        requests: &Bound<'_, PyAny>,
        now: Option<&Bound<'_, PyAny>>,
        mfa: Option<&Bound<'_, PyAny>>,
        level: Option<&Bound<'_, PyAny>>,
        threads: Option<usize>,
        max_input_bytes: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Vec<Report>> {
        let options = options::options(now, mfa, level, max_input_bytes)?;
        if requests.is_instance_of::<PyString>()
            || requests.is_instance_of::<PyBytes>()
            || requests.is_instance_of::<PyDict>()
        {
            return Err(pyo3::exceptions::PyTypeError::new_err(format!(
                "requests must be a list of requests (dicts, JSON strs or bytes), not {}",
                json::type_name(requests)
            )));
        }
        let threads =
            threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
        batch::check_many(py, &self.inner, requests, &options, threads)
    }

    /// The policy in the portal's words (`pimcheck show`): `format` `json` (default, a `dict`),
    /// `text` or `markdown` (a `str`); `redact` replaces approvers and recipients.
    #[pyo3(signature = (*, format=None, redact=false))]
    fn show<'py>(
        &self,
        py: Python<'py>,
        format: Option<&str>,
        redact: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        show::render(py, &self.inner, format, redact)
    }

    fn __repr__(&self) -> String {
        match self.inner.document() {
            pimcheck::model::PolicyDocument::Set(entries) => {
                format!(
                    "<pimcheck.Policy: a set of {} role settings>",
                    entries.len()
                )
            }
            _ => "<pimcheck.Policy: one role's settings>".to_owned(),
        }
    }
}

/// Reads a policy argument within `limits`; the core reads it with the GIL released.
fn read_policy(
    py: Python<'_>,
    policy: &Bound<'_, PyAny>,
    limits: &pimcheck::InputLimits,
) -> PyResult<Policy> {
    let policy = document(policy, "policy", &"policy")?;
    let inner = guarded(|| py.detach(|| policy.read_policy(limits)))?;
    Ok(Policy { inner })
}

/// Checks one request against a policy (both a `dict`, JSON `str` or `bytes`, or an SDK model).
/// `max_input_bytes` limits each of the two JSON texts.
#[pyfunction]
#[pyo3(signature = (policy, request, *, now=None, mfa=None, level=None, max_input_bytes=None, redact=false))]
#[allow(clippy::too_many_arguments)] // the keyword options of the Python signature
fn check(
    py: Python<'_>,
    policy: &Bound<'_, PyAny>,
    request: &Bound<'_, PyAny>,
    now: Option<&Bound<'_, PyAny>>,
    mfa: Option<&Bound<'_, PyAny>>,
    level: Option<&Bound<'_, PyAny>>,
    max_input_bytes: Option<&Bound<'_, PyAny>>,
    redact: bool,
) -> PyResult<Report> {
    // The options first: a bad option is reported whatever the documents hold, as in the CLI.
    let options = options::options(now, mfa, level, max_input_bytes)?;
    let policy = read_policy(py, policy, &options.input_limits)?;
    let request = document(request, "request", &"request")?;
    guarded(|| request.check(&policy.inner, &options))
        .map(Report::from)
        .map(|report| report.redacted_if(redact))
}

/// Writes one role's settings (any generation) in the JSON of another generation, `to` being
/// `graph`, `arm` or `iteration2` (contract section 4, `pimcheck convert`). Each setting the target
/// cannot express is issued as a `ConversionWarning`.
#[pyfunction]
#[pyo3(signature = (policy, *, to))]
fn convert<'py>(
    py: Python<'py>,
    policy: &Bound<'py, PyAny>,
    to: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    use pimcheck::convert::Generation;
    // A `to` that is not a str is read as its repr, so that it gets the core's `InvalidOption`.
    let to = match to.cast::<PyString>() {
        Ok(text) => text.to_cow()?.into_owned(),
        Err(_) => to.repr()?.to_string(),
    };
    let to = guarded(|| Generation::parse(&to))?;
    let policy = document(policy, "policy", &"policy")?;
    let conversion = guarded(|| policy.convert(to))?;
    let category = py.get_type::<ConversionWarning>();
    for warning in &conversion.warnings {
        PyErr::warn(py, &category, &std::ffi::CString::new(warning.as_str())?, 1)?;
    }
    json::loads(py, &conversion.to_json())
}

/// The native module; `pimcheck/__init__.py` re-exports it.
#[pymodule]
#[pyo3(name = "_native")]
fn native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<Policy>()?;
    m.add_class::<Report>()?;
    m.add_class::<Finding>()?;
    m.add_function(wrap_pyfunction!(check, m)?)?;
    m.add_function(wrap_pyfunction!(convert, m)?)?;
    m.add_function(wrap_pyfunction!(show::show, m)?)?;
    m.add_function(wrap_pyfunction!(audit::audit, m)?)?;
    m.add_function(wrap_pyfunction!(lint::lint, m)?)?;
    m.add_function(wrap_pyfunction!(plan::plan, m)?)?;
    #[cfg(feature = "bench-hooks")]
    m.add_function(wrap_pyfunction!(floor::_panic_for_tests, m)?)?;
    m.add("InputError", py.get_type::<InputError>())?;
    m.add("InternalError", py.get_type::<InternalError>())?;
    m.add("ConversionWarning", py.get_type::<ConversionWarning>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
