//! The hooks of `benches/python/bench.py` and of the tests, built only with the cargo feature
//! `bench-hooks` (which `scripts/bench.sh` and `scripts/test.sh` turn on): a default wheel has
//! none of them. The `Policy` methods that call these (`_call_floor`, `_visit_floor`,
//! `_convert_floor`) are in `lib.rs`, beside `check`, whose signature they copy.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};

use crate::json::utf8;

/// How deep [`visit`] goes: a cyclic `dict` stops there.
const MAX_DEPTH: usize = 128;

/// Visits every key and value of a JSON-like value and reads each `str`'s UTF-8 (borrowed):
/// the bytes of text seen. For the bench's floor of reading a request (`Policy._visit_floor`).
pub(crate) fn visit(value: &Bound<'_, PyAny>, depth: usize) -> PyResult<usize> {
    if depth > MAX_DEPTH {
        return Ok(0);
    }
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(utf8(text)?.len());
    }
    let mut seen = 0;
    if let Ok(dict) = value.cast::<PyDict>() {
        for (key, item) in dict.iter() {
            if let Ok(key) = key.cast::<PyString>() {
                seen += utf8(key)?.len();
            }
            seen += visit(&item, depth + 1)?;
        }
    } else if let Ok(list) = value.cast::<PyList>() {
        for item in list.iter() {
            seen += visit(&item, depth + 1)?;
        }
    }
    Ok(seen)
}

/// A test hook: panics inside a guarded call, to show that a panic in the core becomes a
/// `pimcheck.InternalError` and never takes the interpreter down.
#[pyfunction]
pub(crate) fn _panic_for_tests() -> PyResult<()> {
    crate::error::guarded(|| -> Result<(), pimcheck::Error> {
        std::panic::resume_unwind(Box::new("a deliberate panic (test hook)"))
    })
}
