//! The keyword options `now`, `mfa`, `level` (contract 1.3) and `max_input_bytes` (the core's
//! `InputLimits`) as the core's `Options`. Text forms are read by the core (`parse_now`,
//! `parse_level`); here only the Python types.

use pimcheck::{InputLimits, Options};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyInt, PyString, PyType};

use crate::error::core_error;
use crate::json::{type_name, utf8};

/// Reads the options; a value of the wrong type or form is `InputError` `InvalidOption`.
pub(crate) fn options(
    now: Option<&Bound<'_, PyAny>>,
    mfa: Option<&Bound<'_, PyAny>>,
    level: Option<&Bound<'_, PyAny>>,
    max_input_bytes: Option<&Bound<'_, PyAny>>,
) -> PyResult<Options> {
    let limits = limits(max_input_bytes)?;
    let now = match now.filter(|v| !v.is_none()) {
        None => chrono::Utc::now(),
        Some(value) => read_now(value)?,
    };
    let mfa = match mfa.filter(|v| !v.is_none()) {
        None => None,
        Some(value) => match value.cast::<PyBool>() {
            Ok(flag) => Some(flag.is_true()),
            Err(_) => return Err(wrong_kind("mfa", value)),
        },
    };
    let level = match level.filter(|v| !v.is_none()) {
        None => None,
        Some(value) => match value.cast::<PyString>() {
            Ok(text) => Some(pimcheck::parse_level(utf8(text)?).map_err(core_error)?),
            Err(_) => return Err(wrong_kind("level", value)),
        },
    };
    Ok(Options::new(now)
        .with_mfa(mfa)
        .with_level(level)
        .with_input_limits(limits))
}

/// Reads `max_input_bytes`: an `int` of 0 or more (`None`: the core's default, 16 MiB). A `bool`,
/// a `float`, a `str` or a negative `int` is `InvalidOption`; an `int` beyond the address space
/// means no limit.
pub(crate) fn limits(max_input_bytes: Option<&Bound<'_, PyAny>>) -> PyResult<InputLimits> {
    let Some(value) = max_input_bytes.filter(|v| !v.is_none()) else {
        return Ok(InputLimits::default());
    };
    if !value.is_instance_of::<PyInt>() || value.is_instance_of::<PyBool>() || value.lt(0)? {
        return Err(wrong_kind("max_input_bytes", value));
    }
    Ok(InputLimits {
        max_input_bytes: value.extract::<usize>().unwrap_or(usize::MAX),
    })
}

/// `now`: an RFC 3339 `str`, or a `datetime` that knows its offset. A naive `datetime` is refused:
/// it may be local time, and reading it as UTC would silently shift every check.
pub(crate) fn read_now(value: &Bound<'_, PyAny>) -> PyResult<chrono::DateTime<chrono::Utc>> {
    if let Ok(text) = value.cast::<PyString>() {
        return pimcheck::parse_now(utf8(text)?).map_err(core_error);
    }
    let py = value.py();
    if !value.is_instance(datetime_type(py)?)? {
        return Err(wrong_kind("now", value));
    }
    if value.call_method0("utcoffset")?.is_none() {
        return Err(core_error(
            Options::wrong_kind("now", &format!("{} (a naive datetime)", value.str()?))
                .with_hint("a naive datetime may be local time: give it a time zone, e.g. `datetime.now(timezone.utc)`"),
        ));
    }
    // In UTC first, so that the offset is one RFC 3339 can write (Python allows seconds in it).
    static UTC: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let utc = UTC.get_or_try_init(py, || -> PyResult<Py<PyAny>> {
        Ok(py
            .import("datetime")?
            .getattr("timezone")?
            .getattr("utc")?
            .unbind())
    })?;
    let text = value
        .call_method1("astimezone", (utc.bind(py),))?
        .call_method0("isoformat")?;
    pimcheck::parse_now(&text.cast::<PyString>()?.to_cow()?).map_err(core_error)
}

fn datetime_type(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    static DATETIME: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    DATETIME.import(py, "datetime", "datetime")
}

/// The core's `InvalidOption` error for a Python value of the wrong type; the value as `repr`
/// writes it.
fn wrong_kind(option: &str, found: &Bound<'_, PyAny>) -> PyErr {
    let shown = found
        .repr()
        .map(|r| r.to_string())
        .unwrap_or_else(|_| type_name(found));
    core_error(Options::wrong_kind(option, &shown))
}
