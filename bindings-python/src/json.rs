//! Host values to JSON (Python `dict`/`list`/`str`/... to `serde_json::Value`, the core's input)
//! and the core's JSON back to Python. Only generic JSON here: what it means is the core's business.

use pimcheck::Limits;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{
    PyBool, PyByteArray, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple,
};
use serde_json::{Map, Number, Value};

/// How deep a host value may nest before it is handed to the core as text instead, so that the
/// core's own depth limit (and its error) applies, and a cyclic `dict` cannot overflow the stack.
const MAX_DEPTH: usize = 128;

/// A policy or request as the host gave it: JSON text (to be parsed by the core), or a JSON value.
pub(crate) enum Document {
    /// A `str`.
    Text(String),
    /// `bytes` or a `bytearray`, to be decoded as UTF-8 by the core.
    Bytes(Vec<u8>),
    /// A `dict`, a `list` or an SDK model, already turned into a JSON value.
    Value(Value),
}

impl Document {
    /// The document as a JSON value, parsed by the core where it is text; `what` is `policy` or
    /// `request`, as the core's messages say. The limit applies to the JSON text: for a value
    /// given as a `dict`, to the compact JSON text serde_json writes for it ([`checked`]).
    pub(crate) fn into_value(self, what: &str, limits: &Limits) -> Result<Value, pimcheck::Error> {
        match self {
            Document::Value(value) => checked(value, what, limits),
            Document::Text(text) => pimcheck::limits::parse_json(&text, what, limits),
            Document::Bytes(bytes) => {
                pimcheck::limits::parse_json(pimcheck::utf8_text(&bytes, what)?, what, limits)
            }
        }
    }
}

/// `value` if its compact JSON text is within `limits`, else the core's error for its size. The
/// text is counted, never written out; counting stops one byte past the limit.
pub(crate) fn checked(value: Value, what: &str, limits: &Limits) -> Result<Value, pimcheck::Error> {
    struct Count {
        bytes: usize,
        cap: usize,
    }
    impl std::io::Write for Count {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.bytes = self.bytes.saturating_add(buf.len());
            if self.bytes > self.cap {
                return Err(std::io::ErrorKind::FileTooLarge.into());
            }
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count {
        bytes: 0,
        cap: limits.max_input_bytes,
    };
    // The only error is the count going over the limit: a `Value` always serializes.
    let _ = serde_json::to_writer(&mut count, &value);
    limits.check_size(what, count.bytes)?;
    Ok(value)
}

/// Reads the argument `name` (`policy`, `request`, `requests[3]`) as a document; `what` is
/// `policy` or `request`. A value that is neither text nor JSON-like (a number, `None`, an object
/// no host adapter knows) is a `TypeError` naming the argument.
pub(crate) fn document(
    value: &Bound<'_, PyAny>,
    what: &str,
    name: &str,
    limits: &Limits,
) -> PyResult<Document> {
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(Document::Text(text.to_cow()?.into_owned()));
    }
    if let Ok(bytes) = value.cast::<PyBytes>() {
        return Ok(Document::Bytes(bytes.as_bytes().to_vec()));
    }
    if let Ok(bytes) = value.cast::<PyByteArray>() {
        return Ok(Document::Bytes(bytes.to_vec()));
    }
    if value.is_instance_of::<PyDict>() || value.is_instance_of::<PyList>() {
        return to_value(value, what, name, limits).map(Document::Value);
    }
    match adapt(value)? {
        Some(adapted) => to_value(&adapted, what, name, limits).map(Document::Value),
        None => Err(PyTypeError::new_err(format!(
            "{} must be a dict, a JSON str or bytes, or an Azure SDK model, not {}",
            name,
            type_name(value)
        ))),
    }
}

/// Converts a JSON-like Python value to a JSON value. Objects that are not JSON are given to the
/// host adapters (`pimcheck._sdk`); what they cannot convert is a `TypeError` naming the argument
/// and the path to the value. A value nested deeper than the core reads is handed to the core as
/// text, so that its depth limit and its error apply (and its size limit, `limits`).
pub(crate) fn to_value(
    value: &Bound<'_, PyAny>,
    what: &str,
    name: &str,
    limits: &Limits,
) -> PyResult<Value> {
    match convert(value, 0) {
        Ok(value) => Ok(value),
        Err(Failure::TooDeep) => {
            let text: String = value
                .py()
                .import("json")?
                .call_method1("dumps", (value,))?
                .extract()?;
            crate::error::guarded(|| pimcheck::limits::parse_json(&text, what, limits))
        }
        Err(Failure::NotJson { path, found }) => Err(PyTypeError::new_err(format!(
            "{} holds {} at `{}`, which is not a JSON value",
            name,
            found,
            pointer(&path)
        ))),
        Err(Failure::Python(error)) => Err(error),
    }
}

enum Failure {
    /// Nested more than [`MAX_DEPTH`] levels.
    TooDeep,
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

fn within<T>(result: Result<T, Failure>, key: impl FnOnce() -> String) -> Result<T, Failure> {
    result.map_err(|failure| match failure {
        Failure::NotJson { mut path, found } => {
            path.push(key());
            Failure::NotJson { path, found }
        }
        other => other,
    })
}

fn convert(value: &Bound<'_, PyAny>, depth: usize) -> Result<Value, Failure> {
    if depth > MAX_DEPTH {
        return Err(Failure::TooDeep);
    }
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(Value::String(text.to_cow()?.into_owned()));
    }
    if let Ok(dict) = value.cast::<PyDict>() {
        let mut map = Map::new();
        for (key, item) in dict.iter() {
            let key = match key.cast::<PyString>() {
                Ok(key) => key.to_cow()?.into_owned(),
                Err(_) => {
                    return Err(Failure::NotJson {
                        path: Vec::new(),
                        found: format!("a key of type `{}`", type_name(&key)),
                    })
                }
            };
            let converted = within(convert(&item, depth + 1), || key.clone())?;
            map.insert(key, converted);
        }
        return Ok(Value::Object(map));
    }
    if value.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(flag) = value.cast::<PyBool>() {
        return Ok(Value::Bool(flag.is_true()));
    }
    if let Ok(list) = value.cast::<PyList>() {
        return sequence(list.iter(), depth);
    }
    if let Ok(tuple) = value.cast::<PyTuple>() {
        return sequence(tuple.iter(), depth);
    }
    if value.is_instance_of::<PyInt>() {
        if let Ok(n) = value.extract::<i64>() {
            return Ok(Value::Number(n.into()));
        }
        if let Ok(n) = value.extract::<u64>() {
            return Ok(Value::Number(n.into()));
        }
        // Larger than 64 bits: as a float, as Python's `json` module and serde_json read it.
        let n: f64 = value.extract()?;
        return float(n, value);
    }
    if value.is_instance_of::<PyFloat>() {
        return float(value.extract()?, value);
    }
    match adapt(value)? {
        Some(adapted) => convert(&adapted, depth + 1),
        None => Err(Failure::NotJson {
            path: Vec::new(),
            found: format!("a `{}`", type_name(value)),
        }),
    }
}

fn sequence<'py>(
    items: impl Iterator<Item = Bound<'py, PyAny>>,
    depth: usize,
) -> Result<Value, Failure> {
    let mut out = Vec::new();
    for (index, item) in items.enumerate() {
        out.push(within(convert(&item, depth + 1), || index.to_string())?);
    }
    Ok(Value::Array(out))
}

fn float(n: f64, value: &Bound<'_, PyAny>) -> Result<Value, Failure> {
    Number::from_f64(n)
        .map(Value::Number)
        .ok_or_else(|| Failure::NotJson {
            path: Vec::new(),
            found: format!(
                "the float `{}`",
                value.repr().map(|r| r.to_string()).unwrap_or_default()
            ),
        })
}

/// Asks the host adapters (`pimcheck._sdk.adapt`) for a JSON-like form of an object: a `dict` for
/// an Azure SDK model or any other mapping, `None` when no adapter knows it.
fn adapt<'py>(value: &Bound<'py, PyAny>) -> PyResult<Option<Bound<'py, PyAny>>> {
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
