//! Python values as JSON: a `dict`, `list`, `str`, ... written as compact JSON text (how a request
//! crosses to the core), or converted to a `serde_json::Value` (a policy, and a request that JSON
//! text cannot carry exactly); and the core's JSON back to Python. Only generic JSON here: what it
//! means is the core's business. Strings are escaped by the core's one escaper,
//! [`pimcheck::json::write_str`].

use std::fmt::Write as _;

use pyo3::exceptions::{PySystemError, PyTypeError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::{Map, Number, Value};

/// The UTF-8 text of a `str`, borrowed from the string object itself: no temporary `bytes` (as
/// `str.encode` and PyO3's `to_cow` make under the limited API of Python 3.9) and no copy. CPython
/// keeps the UTF-8 form with the string: its own bytes for an ASCII string, else a copy made on
/// the first call and cached until the string is freed. A string without a UTF-8 form (a lone
/// surrogate) raises what `encode_utf8` raised, the `UnicodeEncodeError` of `str.encode("utf-8")`.
///
/// The only `unsafe` of this crate's own code. `PyUnicode_AsUTF8AndSize` is declared here because
/// `pyo3::ffi` declares it only for Python 3.10 and later under the limited API (it joined the
/// limited API in 3.10, with this signature); CPython has exported it since 3.3, so an abi3 wheel
/// for 3.9 finds it in every interpreter it loads into.
#[allow(unsafe_code)]
pub(crate) fn utf8<'a>(text: &'a Bound<'_, PyString>) -> PyResult<&'a str> {
    extern "C" {
        fn PyUnicode_AsUTF8AndSize(
            unicode: *mut pyo3::ffi::PyObject,
            size: *mut pyo3::ffi::Py_ssize_t,
        ) -> *const std::os::raw::c_char;
    }
    let mut size: pyo3::ffi::Py_ssize_t = 0;
    // SAFETY: `text` is a live reference to a `str` (or a subclass: `PyUnicode_Check` holds), and
    // the GIL is held (`Bound<'py, _>`). The function only reads the string (filling its UTF-8
    // cache) and writes `size`, a valid `Py_ssize_t`.
    let data = unsafe { PyUnicode_AsUTF8AndSize(text.as_ptr(), &mut size) };
    if data.is_null() {
        // Python's exception, set by the call (`PyErr::fetch` makes a `SystemError` if none is).
        return Err(PyErr::fetch(text.py()));
    }
    let Ok(len) = usize::try_from(size) else {
        return Err(PySystemError::new_err(
            "PyUnicode_AsUTF8AndSize gave a negative size",
        ));
    };
    // SAFETY: on success `data` points to `size` bytes of UTF-8 owned by the string object, which
    // are neither moved nor freed nor changed until the object is freed (strings are immutable,
    // and the cache, once made, stays). The object outlives `'a`: `text`, a strong reference, is
    // borrowed for `'a`, and `'py` (the GIL) outlives `'a`.
    let bytes = unsafe { std::slice::from_raw_parts(data.cast::<u8>(), len) };
    // The bytes are valid UTF-8: CPython's UTF-8 encoder wrote them, and it refuses (the null
    // return above) the only code points without a UTF-8 form, lone surrogates. Not checked again
    // on every key and value of a request (the old writer took the bytes as they are, too); a
    // debug build (the tests) checks.
    debug_assert!(std::str::from_utf8(bytes).is_ok());
    // SAFETY: valid UTF-8, as just said.
    Ok(unsafe { std::str::from_utf8_unchecked(bytes) })
}

/// How deep [`to_value`] goes: deeper values are left to the core as text, so that its own depth
/// limit (and its error) applies, and a cyclic `dict` cannot overflow the stack.
const MAX_DEPTH: usize = 128;

/// How deep [`to_text`] nests: well within serde_json's limit of 128 levels, which the core applies
/// to text, so that a request written as text reads as the value [`to_value`] makes of it. Deeper
/// requests are converted as values.
const TEXT_DEPTH: usize = 64;

/// `value` (the argument `name`: `request`, `requests[3]`) as the compact JSON text serde_json
/// writes for the value [`to_value`] makes of it, or `None` where it must be converted as a value
/// instead: nested deeper than [`TEXT_DEPTH`], or holding a float (or an `int` beyond 64 bits, read
/// as one), which serde_json does not always read back from text to the same bits. Only the order
/// of an object's keys may differ (the `dict`'s, not sorted), which neither the core's reading nor
/// the length depends on. A value that is not JSON is a `TypeError` naming the argument and the path.
pub(crate) fn to_text(
    value: &Bound<'_, PyAny>,
    name: &dyn std::fmt::Display,
) -> PyResult<Option<String>> {
    let mut out = String::with_capacity(512);
    match write(value, 0, &mut out) {
        Ok(()) => Ok(Some(out)),
        Err(Failure::TooDeep | Failure::Float) => Ok(None),
        Err(failure) => Err(failure.into_py(name)),
    }
}

/// `value` (the argument `name`) as a JSON value, or `None` when it is nested deeper than
/// [`MAX_DEPTH`]. Objects that are not JSON are given to the host adapters (`pimcheck._sdk`); what
/// they cannot convert is a `TypeError` naming the argument and the path to the value.
pub(crate) fn to_value(
    value: &Bound<'_, PyAny>,
    name: &dyn std::fmt::Display,
) -> PyResult<Option<Value>> {
    match convert(value, 0) {
        Ok(converted) => Ok(Some(converted)),
        Err(Failure::TooDeep) => Ok(None),
        Err(failure) => Err(failure.into_py(name)),
    }
}

/// Why a value was not written or converted.
enum Failure {
    /// Nested more than [`MAX_DEPTH`] levels ([`write`]: [`TEXT_DEPTH`]).
    TooDeep,
    /// A number [`write`] leaves to [`convert`] (see [`to_text`]).
    Float,
    /// A value that is not JSON; `path` from the innermost key outwards.
    NotJson { path: Vec<String>, found: String },
    /// Python raised.
    Python(PyErr),
}

impl From<PyErr> for Failure {
    fn from(error: PyErr) -> Self {
        Failure::Python(error)
    }
}

impl Failure {
    /// A value that is not JSON, of `found` (`a `set``) at the innermost place.
    fn not_json(found: String) -> Self {
        Failure::NotJson {
            path: Vec::new(),
            found,
        }
    }

    /// The exception for the argument `name`: a `TypeError` for a value that is not JSON (a
    /// `SystemError` for the failures the callers handle themselves, which never get here).
    fn into_py(self, name: &dyn std::fmt::Display) -> PyErr {
        match self {
            Failure::NotJson { path, found } => PyTypeError::new_err(format!(
                "{} holds {} at `{}`, which is not a JSON value",
                name,
                found,
                pointer(&path)
            )),
            Failure::Python(error) => error,
            Failure::TooDeep | Failure::Float => {
                PySystemError::new_err("pimcheck: a JSON value was neither written nor converted")
            }
        }
    }
}

/// `result`, its path (if it is a value that is not JSON) under `key`.
fn within<T>(result: Result<T, Failure>, key: impl FnOnce() -> String) -> Result<T, Failure> {
    result.map_err(|failure| match failure {
        Failure::NotJson { mut path, found } => {
            path.push(key());
            Failure::NotJson { path, found }
        }
        other => other,
    })
}

/// What a host value is as JSON, recognised once for both readings of it ([`convert`] and
/// [`write`]): exact `str`, `dict`, `None`, `bool`, `list` and `int` first by their type (a pointer
/// comparison), then the subclasses of each in the order the JSON types are tried, then the host
/// adapters (an SDK model, another mapping).
enum Kind<'a, 'py> {
    Str(&'a Bound<'py, PyString>),
    Dict(&'a Bound<'py, PyDict>),
    Null,
    Bool(bool),
    List(&'a Bound<'py, PyList>),
    Tuple(&'a Bound<'py, PyTuple>),
    Int,
    Float,
    /// The JSON-like form a host adapter gave.
    Adapted(Bound<'py, PyAny>),
    /// Not JSON, and no adapter knows it.
    Unknown,
}

fn kind<'a, 'py>(value: &'a Bound<'py, PyAny>) -> PyResult<Kind<'a, 'py>> {
    if value.is_exact_instance_of::<PyString>() {
        if let Ok(text) = value.cast_exact::<PyString>() {
            return Ok(Kind::Str(text));
        }
    }
    if value.is_exact_instance_of::<PyDict>() {
        if let Ok(dict) = value.cast_exact::<PyDict>() {
            return Ok(Kind::Dict(dict));
        }
    }
    if value.is_none() {
        return Ok(Kind::Null);
    }
    if value.is_exact_instance_of::<PyBool>() {
        if let Ok(flag) = value.cast_exact::<PyBool>() {
            return Ok(Kind::Bool(flag.is_true()));
        }
    }
    if value.is_exact_instance_of::<PyList>() {
        if let Ok(list) = value.cast_exact::<PyList>() {
            return Ok(Kind::List(list));
        }
    }
    if value.is_exact_instance_of::<PyInt>() {
        return Ok(Kind::Int);
    }
    // Subclasses of the JSON types, in the order they are tried.
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(Kind::Str(text));
    }
    if let Ok(dict) = value.cast::<PyDict>() {
        return Ok(Kind::Dict(dict));
    }
    if let Ok(list) = value.cast::<PyList>() {
        return Ok(Kind::List(list));
    }
    if let Ok(tuple) = value.cast::<PyTuple>() {
        return Ok(Kind::Tuple(tuple));
    }
    if value.is_instance_of::<PyInt>() {
        return Ok(Kind::Int);
    }
    if value.is_instance_of::<PyFloat>() {
        return Ok(Kind::Float);
    }
    Ok(match adapt(value)? {
        Some(adapted) => Kind::Adapted(adapted),
        None => Kind::Unknown,
    })
}

/// The failure of a value that is not JSON.
fn unknown(value: &Bound<'_, PyAny>) -> Failure {
    Failure::not_json(format!("a `{}`", type_name(value)))
}

/// A `dict` key as a `str`, or the failure of a key that is not one.
fn key_str<'a, 'py>(key: &'a Bound<'py, PyAny>) -> Result<&'a Bound<'py, PyString>, Failure> {
    let text = if key.is_exact_instance_of::<PyString>() {
        key.cast_exact::<PyString>()
    } else {
        key.cast::<PyString>()
    };
    text.map_err(|_| Failure::not_json(format!("a key of type `{}`", type_name(key))))
}

/// Writes `value` as compact JSON text, the types recognised by the same [`kind`] as [`convert`]:
/// the same adapters called and the same failures.
fn write(value: &Bound<'_, PyAny>, depth: usize, out: &mut String) -> Result<(), Failure> {
    if depth > TEXT_DEPTH {
        return Err(Failure::TooDeep);
    }
    match kind(value)? {
        Kind::Str(text) => pimcheck::json::write_str(out, utf8(text)?),
        Kind::Dict(dict) => write_object(dict, depth, out)?,
        Kind::Null => out.push_str("null"),
        Kind::Bool(flag) => out.push_str(if flag { "true" } else { "false" }),
        Kind::List(list) => write_sequence(list.iter(), depth, out)?,
        Kind::Tuple(tuple) => write_sequence(tuple.iter(), depth, out)?,
        Kind::Int => write_int(value, out)?,
        Kind::Float => return Err(Failure::Float),
        Kind::Adapted(adapted) => write(&adapted, depth + 1, out)?,
        Kind::Unknown => return Err(unknown(value)),
    }
    Ok(())
}

/// An `int` of 64 bits as serde_json writes it; a larger one is read as a float ([`int`]).
fn write_int(value: &Bound<'_, PyAny>, out: &mut String) -> Result<(), Failure> {
    // Writing into a `String` cannot fail.
    if let Ok(n) = value.extract::<i64>() {
        let _ = write!(out, "{}", n);
        return Ok(());
    }
    if let Ok(n) = value.extract::<u64>() {
        let _ = write!(out, "{}", n);
        return Ok(());
    }
    Err(Failure::Float)
}

fn write_object(dict: &Bound<'_, PyDict>, depth: usize, out: &mut String) -> Result<(), Failure> {
    out.push('{');
    for (index, (key, item)) in dict.iter().enumerate() {
        let key = key_str(&key)?;
        if index > 0 {
            out.push(',');
        }
        pimcheck::json::write_str(out, utf8(key)?);
        out.push(':');
        within(write(&item, depth + 1, out), || key.to_string())?;
    }
    out.push('}');
    Ok(())
}

fn write_sequence<'py>(
    items: impl Iterator<Item = Bound<'py, PyAny>>,
    depth: usize,
    out: &mut String,
) -> Result<(), Failure> {
    out.push('[');
    for (index, item) in items.enumerate() {
        if index > 0 {
            out.push(',');
        }
        within(write(&item, depth + 1, out), || index.to_string())?;
    }
    out.push(']');
    Ok(())
}

/// Converts `value` to a JSON value.
fn convert(value: &Bound<'_, PyAny>, depth: usize) -> Result<Value, Failure> {
    if depth > MAX_DEPTH {
        return Err(Failure::TooDeep);
    }
    Ok(match kind(value)? {
        Kind::Str(text) => Value::String(utf8(text)?.to_owned()),
        Kind::Dict(dict) => object(dict, depth)?,
        Kind::Null => Value::Null,
        Kind::Bool(flag) => Value::Bool(flag),
        Kind::List(list) => sequence(list.iter(), depth)?,
        Kind::Tuple(tuple) => sequence(tuple.iter(), depth)?,
        Kind::Int => int(value)?,
        Kind::Float => float(value.extract()?, value)?,
        Kind::Adapted(adapted) => convert(&adapted, depth + 1)?,
        Kind::Unknown => return Err(unknown(value)),
    })
}

fn object(dict: &Bound<'_, PyDict>, depth: usize) -> Result<Value, Failure> {
    let mut map = Map::new();
    for (key, item) in dict.iter() {
        let key = utf8(key_str(&key)?)?.to_owned();
        let converted = within(convert(&item, depth + 1), || key.clone())?;
        map.insert(key, converted);
    }
    Ok(Value::Object(map))
}

fn sequence<'py>(
    items: impl ExactSizeIterator<Item = Bound<'py, PyAny>>,
    depth: usize,
) -> Result<Value, Failure> {
    let mut out = Vec::with_capacity(items.len());
    for (index, item) in items.enumerate() {
        out.push(within(convert(&item, depth + 1), || index.to_string())?);
    }
    Ok(Value::Array(out))
}

/// An `int` of 64 bits as a JSON integer; a larger one as a float, as Python's `json` module and
/// serde_json read it.
fn int(value: &Bound<'_, PyAny>) -> Result<Value, Failure> {
    if let Ok(n) = value.extract::<i64>() {
        return Ok(Value::Number(n.into()));
    }
    if let Ok(n) = value.extract::<u64>() {
        return Ok(Value::Number(n.into()));
    }
    float(value.extract()?, value)
}

/// A finite float as a JSON number; `nan` and the infinities are not JSON.
fn float(n: f64, value: &Bound<'_, PyAny>) -> Result<Value, Failure> {
    match Number::from_f64(n) {
        Some(number) => Ok(Value::Number(number)),
        None => Err(Failure::not_json(format!(
            "the float `{}`",
            value.repr().map(|r| r.to_string()).unwrap_or_default()
        ))),
    }
}

/// Asks the host adapters (`pimcheck._sdk.adapt`) for a JSON-like form of an object: a `dict` for
/// an Azure SDK model or any other mapping, `None` when no adapter knows it.
pub(crate) fn adapt<'py>(value: &Bound<'py, PyAny>) -> PyResult<Option<Bound<'py, PyAny>>> {
    static ADAPT: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let py = value.py();
    let adapt = ADAPT.get_or_try_init(py, || -> PyResult<Py<PyAny>> {
        Ok(py.import("pimcheck._sdk")?.getattr("adapt")?.unbind())
    })?;
    let adapted = adapt.bind(py).call1((value,))?;
    Ok((!adapted.is_none()).then_some(adapted))
}

fn pointer(path: &[String]) -> String {
    path.iter()
        .rev()
        .map(|key| format!("/{}", key.replace('~', "~0").replace('/', "~1")))
        .collect()
}

/// The name of a value's type, for messages (`int`, `datetime`).
pub(crate) fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map(|name| name.to_string())
        .unwrap_or_else(|_| "object".to_owned())
}

/// `json.loads(text)`: JSON the core wrote (a report, a converted policy) as Python objects, keys in
/// the order the core wrote them.
pub(crate) fn loads<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    static LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    LOADS.import(py, "json", "loads")?.call1((text,))
}
