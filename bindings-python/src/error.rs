//! The core's input errors as `pimcheck.InputError`, and panics as `RuntimeError`.

use std::panic::{catch_unwind, AssertUnwindSafe};

use pyo3::create_exception;
use pyo3::exceptions::{PyRuntimeError, PyUserWarning, PyValueError};
use pyo3::prelude::*;

create_exception!(
    pimcheck,
    InputError,
    PyValueError,
    "The input could not be read, so there is no report (contract 3.4): `.code` (`InvalidJson`, \
     `InvalidOption`, ...), `.path` (a JSON pointer, or the option's name), `.message`, `.hint` \
     (or None) and `.index` (the request's position in `check_many`, or None)."
);

create_exception!(
    pimcheck,
    ConversionWarning,
    PyUserWarning,
    "A setting that `pimcheck.convert` could not express in the target generation (the CLI's \
     warning lines). Turn it into an error with `warnings.simplefilter(\"error\", \
     pimcheck.ConversionWarning)`, as `pimcheck convert --strict` does."
);

/// The core's error as a `pimcheck.InputError` carrying its code, path, message, hint and index.
/// `str()` of it is the core's one-line form, as the CLI prints it.
pub(crate) fn input_error(error: pimcheck::Error) -> PyErr {
    Python::attach(|py| {
        let raised = InputError::new_err(error.one_line());
        let value = raised.value(py);
        let set = || -> PyResult<()> {
            value.setattr("code", error.code().as_str())?;
            value.setattr("path", error.path())?;
            value.setattr("message", error.message())?;
            value.setattr("hint", error.hint())?;
            value.setattr("index", error.index())?;
            Ok(())
        };
        match set() {
            Ok(()) => raised,
            Err(failed) => failed,
        }
    })
}

/// Runs a call into the core; a panic there (a bug) becomes a `RuntimeError` instead of taking
/// the interpreter down.
pub(crate) fn guarded<T>(call: impl FnOnce() -> Result<T, pimcheck::Error>) -> PyResult<T> {
    match unwinding(call) {
        Ok(result) => result.map_err(input_error),
        Err(reason) => Err(internal_error(&reason)),
    }
}

/// Runs `call`, catching a panic: its reason, if it panicked. For threads that cannot hold the
/// GIL to make the `RuntimeError` themselves ([`internal_error`]).
pub(crate) fn unwinding<T>(call: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(call)).map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown cause".to_owned())
    })
}

/// The `RuntimeError` for a panic in the core, with its reason.
pub(crate) fn internal_error(reason: &str) -> PyErr {
    PyRuntimeError::new_err(format!(
        "internal error in pimcheck: {}; please report it with the input",
        reason
    ))
}
