//! The core's errors as Python exceptions: input errors as `pimcheck.InputError`, the `Internal`
//! error (a bug: a panic caught at a boundary) as `pimcheck.InternalError`.

use std::panic::{catch_unwind, AssertUnwindSafe};

use pyo3::create_exception;
use pyo3::exceptions::{PyRuntimeError, PyUserWarning, PyValueError};
use pyo3::prelude::*;

create_exception!(
    pimcheck,
    InputError,
    PyValueError,
    "The input could not be read, so there is no report (contract 3.4): `.code` (`InvalidJson`, \
     `InvalidOption`, `InputTooLarge`, ...), `.path` (a JSON pointer, or the option's name), \
     `.message`, `.hint` (or None) and `.index` (the request's position in `check_many`, or None)."
);

create_exception!(
    pimcheck,
    InternalError,
    PyRuntimeError,
    "A bug in pimcheck (contract 3.4, code `Internal`): a panic in the core, caught before it could \
     take the interpreter down. The message says where to report it; `.code` is `Internal`, and \
     `.path`, `.message`, `.hint` and `.index` are as on `InputError`."
);

create_exception!(
    pimcheck,
    ConversionWarning,
    PyUserWarning,
    "A setting that `pimcheck.convert` could not express in the target generation (the CLI's \
     warning lines). Turn it into an error with `warnings.simplefilter(\"error\", \
     pimcheck.ConversionWarning)`, as `pimcheck convert --strict` does."
);

/// The core's error as the exception of its kind ([`InternalError`] for `Internal`, else
/// [`InputError`]) carrying its code, path, message, hint and index. `str()` of it is the core's
/// one-line form, as the CLI prints it.
pub(crate) fn core_error(error: pimcheck::Error) -> PyErr {
    Python::attach(|py| {
        let raised = if error.code() == pimcheck::ErrorCode::Internal {
            InternalError::new_err(error.one_line())
        } else {
            InputError::new_err(error.one_line())
        };
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

/// Runs a call into the core; its error becomes the exception of its kind ([`core_error`]), and a
/// panic there (a bug) an [`InternalError`] instead of taking the interpreter down.
pub(crate) fn guarded<T>(call: impl FnOnce() -> Result<T, pimcheck::Error>) -> PyResult<T> {
    catch_unwind(AssertUnwindSafe(call))
        .unwrap_or_else(|payload| Err(panicked(payload.as_ref())))
        .map_err(core_error)
}

/// The `Internal` error for a panic whose payload is `payload`, its reason in the message.
fn panicked(payload: &(dyn std::any::Any + Send)) -> pimcheck::Error {
    let reason = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown cause".to_owned());
    pimcheck::Error::internal(&format!("running a call from Python (panic: `{}`)", reason))
}
