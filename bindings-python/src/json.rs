//! Host values to JSON (Python `dict`/`list`/`str`/... to `serde_json::Value`, the core's input)
//! and the core's JSON back to Python. Only generic JSON here: what it means is the core's business.

use pimcheck::InputLimits;
use pyo3::exceptions::{PySystemError, PyTypeError, PyUnicodeDecodeError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{
    PyBool, PyByteArray, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple,
};
use serde_json::{Map, Number, Value};

/// The UTF-8 form of a `str`, borrowed from the string object itself: no temporary `bytes` (as
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
pub(crate) fn utf8<'a>(text: &'a Bound<'_, PyString>) -> PyResult<&'a [u8]> {
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
    Ok(unsafe { std::slice::from_raw_parts(data.cast::<u8>(), len) })
}

/// A `str` as a Rust `&str`, borrowed ([`utf8`]). CPython's UTF-8 is valid: the check (cheap next
/// to a copy) only keeps this free of `unsafe`.
pub(crate) fn utf8_str<'a>(text: &'a Bound<'_, PyString>) -> PyResult<&'a str> {
    let bytes = utf8(text)?;
    std::str::from_utf8(bytes).map_err(|error| {
        match PyUnicodeDecodeError::new_utf8(text.py(), bytes, error) {
            Ok(error) => PyErr::from_value(error.into_any()),
            Err(error) => error,
        }
    })
}

/// Visits every key and value of a JSON-like value and reads each `str`'s UTF-8 (borrowed):
/// the bytes of text seen. For the bench's floor of reading a request (`Policy._visit_floor`);
/// stops at [`MAX_DEPTH`].
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

/// How deep a host value may nest before it is handed to the core as text instead, so that the
/// core's own depth limit (and its error) applies, and a cyclic `dict` cannot overflow the stack.
const MAX_DEPTH: usize = 128;

/// A policy or request as the host gave it: JSON text (to be parsed by the core), or a JSON value.
pub(crate) enum Document {
    /// A `str`, or a request given as a `dict` written as compact JSON text ([`write`]).
    Text(String),
    /// `bytes` or a `bytearray`, to be decoded as UTF-8 by the core.
    Bytes(Vec<u8>),
    /// A `dict`, a `list` or an SDK model, already turned into a JSON value, with the length of
    /// its compact JSON text as serde_json writes it (what `max_input_bytes` limits).
    Value(Value, usize),
}

impl Document {
    /// The document as a JSON value, parsed by the core where it is text; `what` is `policy` or
    /// `request`, as the core's messages say. The limit applies to the JSON text: for a value
    /// given as a `dict`, to the compact JSON text serde_json writes for it ([`checked`]).
    pub(crate) fn into_value(
        self,
        what: &str,
        limits: &InputLimits,
    ) -> Result<Value, pimcheck::Error> {
        match self {
            Document::Value(value, len) => checked(value, len, what, limits),
            Document::Text(text) => pimcheck::json::parse_value(&text, what, limits),
            Document::Bytes(bytes) => {
                pimcheck::json::parse_value(pimcheck::utf8_text(&bytes, what)?, what, limits)
            }
        }
    }
}

/// `value` if `len`, the length of its compact JSON text, is within `limits`, else the core's
/// error for its size.
pub(crate) fn checked(
    value: Value,
    len: usize,
    what: &str,
    limits: &InputLimits,
) -> Result<Value, pimcheck::Error> {
    limits.check_size(what, len)?;
    Ok(value)
}

/// The length of the compact JSON text serde_json writes for `value`, counted by serializing it
/// into a counter (no text is built). For the rare values whose length is not counted while they
/// are converted ([`convert`]).
fn serialized_len(value: &Value) -> usize {
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 = self.0.saturating_add(buf.len());
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    // A `Value` always serializes.
    let _ = serde_json::to_writer(&mut count, value);
    count.0
}

/// Reads the argument `name` (`policy`, `request`, `requests[3]`) as a document; `what` is
/// `policy` or `request`. A value that is neither text nor JSON-like (a number, `None`, an object
/// no host adapter knows) is a `TypeError` naming the argument.
pub(crate) fn document(
    value: &Bound<'_, PyAny>,
    what: &str,
    name: &dyn std::fmt::Display,
    limits: &InputLimits,
) -> PyResult<Document> {
    // The common case first: an exact `dict` (a pointer comparison).
    if value.is_exact_instance_of::<PyDict>() {
        return json_like(value, what, name, limits);
    }
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(Document::Text(utf8_str(text)?.to_owned()));
    }
    if let Ok(bytes) = value.cast::<PyBytes>() {
        return Ok(Document::Bytes(bytes.as_bytes().to_vec()));
    }
    if let Ok(bytes) = value.cast::<PyByteArray>() {
        return Ok(Document::Bytes(bytes.to_vec()));
    }
    if value.is_instance_of::<PyDict>() || value.is_instance_of::<PyList>() {
        return json_like(value, what, name, limits);
    }
    match adapt(value)? {
        Some(adapted) => json_like(&adapted, what, name, limits),
        None => Err(PyTypeError::new_err(format!(
            "{} must be a dict, a JSON str or bytes, or an Azure SDK model, not {}",
            name,
            type_name(value)
        ))),
    }
}

/// A JSON-like value (a `dict`, a `list`, what an adapter made of an SDK model) as a document. A
/// request is written as compact JSON text, the text serde_json writes for the value [`to_value`]
/// makes of it (the same length, so the same `max_input_bytes`), and read by the core as any JSON
/// text: its reader of text builds no `serde_json::Value`, which makes this the faster way. A
/// policy (read once), and a request nested deeper than [`TEXT_DEPTH`], become a value.
fn json_like(
    value: &Bound<'_, PyAny>,
    what: &str,
    name: &dyn std::fmt::Display,
    limits: &InputLimits,
) -> PyResult<Document> {
    if what == "request" {
        let mut out = Vec::with_capacity(512);
        match write(value, 0, &mut out) {
            Ok(()) => {
                if let Ok(text) = String::from_utf8(out) {
                    return Ok(Document::Text(text));
                }
            }
            // Nested deeper than the text is written, or holding a float: a value, below.
            Err(Failure::TooDeep | Failure::Float) => {}
            Err(Failure::NotJson { path, found }) => return Err(not_json(name, &found, &path)),
            Err(Failure::Python(error)) => return Err(error),
        }
    }
    to_value(value, what, name, limits).map(|(v, len)| Document::Value(v, len))
}

/// The `TypeError` for a value that is not JSON at `path` (innermost key first) of argument `name`.
fn not_json(name: &dyn std::fmt::Display, found: &str, path: &[String]) -> PyErr {
    PyTypeError::new_err(format!(
        "{} holds {} at `{}`, which is not a JSON value",
        name,
        found,
        pointer(path)
    ))
}

/// Converts a JSON-like Python value to a JSON value, with the length of its compact JSON text.
/// Objects that are not JSON are given to the host adapters (`pimcheck._sdk`); what they cannot
/// convert is a `TypeError` naming the argument and the path to the value. A value nested deeper
/// than the core reads is handed to the core as text, so that its depth limit and its error apply
/// (and its size limit, `limits`).
pub(crate) fn to_value(
    value: &Bound<'_, PyAny>,
    what: &str,
    name: &dyn std::fmt::Display,
    limits: &InputLimits,
) -> PyResult<(Value, usize)> {
    let mut len = 0;
    match convert(value, 0, &mut len) {
        Ok(converted) => Ok((converted, len)),
        Err(Failure::TooDeep | Failure::Float) => {
            let text: String = value
                .py()
                .import("json")?
                .call_method1("dumps", (value,))?
                .extract()?;
            let parsed =
                crate::error::guarded(|| pimcheck::json::parse_value(&text, what, limits))?;
            let len = serialized_len(&parsed);
            Ok((parsed, len))
        }
        Err(Failure::NotJson { path, found }) => Err(not_json(name, &found, &path)),
        Err(Failure::Python(error)) => Err(error),
    }
}

enum Failure {
    /// Nested more than [`MAX_DEPTH`] levels ([`write`]: [`TEXT_DEPTH`]).
    TooDeep,
    /// A number [`write`] leaves to [`convert`]: a float (or an `int` beyond 64 bits, read as one),
    /// which serde_json does not always read back from text to the same bits.
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

fn within<T>(result: Result<T, Failure>, key: impl FnOnce() -> String) -> Result<T, Failure> {
    result.map_err(|failure| match failure {
        Failure::NotJson { mut path, found } => {
            path.push(key());
            Failure::NotJson { path, found }
        }
        other => other,
    })
}

/// How many bytes `byte` of a string takes in serde_json's JSON text: `"` and `\` and the control
/// characters with a short escape (`\n`, ...) two, the other control characters six (`\u001f`),
/// every other byte (UTF-8 included) one.
fn escaped_len(byte: u8) -> usize {
    match byte {
        b'"' | b'\\' | 0x08 | 0x09 | 0x0a | 0x0c | 0x0d => 2,
        0x00..=0x1f => 6,
        _ => 1,
    }
}

/// The length of `text` as a JSON string in serde_json's text, quotes included. Most strings
/// have nothing to escape, which [`needs_escape`] tells eight bytes at a time.
fn string_len(text: &str) -> usize {
    let bytes = text.as_bytes();
    if !needs_escape(bytes) {
        return bytes.len().saturating_add(2);
    }
    bytes
        .iter()
        .fold(2usize, |len, &byte| len.saturating_add(escaped_len(byte)))
}

/// Whether some byte of `bytes` is escaped in JSON text (a control character, `"` or `\`), looked
/// for in words of eight bytes: a word has a byte below `n` exactly when
/// `(word - n * ONES) & !word & HIGHS` is not zero, and a byte equal to `b` when `word ^ b * ONES`
/// has a zero byte (below 1).
fn needs_escape(bytes: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let below = |word: u64, n: u64| word.wrapping_sub(n * ONES) & !word & HIGHS;
    let mut words = bytes.chunks_exact(8);
    for chunk in &mut words {
        let Ok(word) = <[u8; 8]>::try_from(chunk) else {
            return true;
        };
        let word = u64::from_le_bytes(word);
        if below(word, 0x20)
            | below(word ^ (u64::from(b'"') * ONES), 1)
            | below(word ^ (u64::from(b'\\') * ONES), 1)
            != 0
        {
            return true;
        }
    }
    words
        .remainder()
        .iter()
        .any(|&byte| byte < 0x20 || byte == b'"' || byte == b'\\')
}

/// The number of decimal digits of `n`.
fn digits(mut n: u64) -> usize {
    let mut count = 1;
    while n >= 10 {
        n /= 10;
        count += 1;
    }
    count
}

fn string(text: &Bound<'_, PyString>, len: &mut usize) -> Result<Value, Failure> {
    let text = utf8_str(text)?.to_owned();
    *len = len.saturating_add(string_len(&text));
    Ok(Value::String(text))
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
    Failure::NotJson {
        path: Vec::new(),
        found: format!("a `{}`", type_name(value)),
    }
}

/// Converts `value`, adding the length of its compact JSON text to `len`.
fn convert(value: &Bound<'_, PyAny>, depth: usize, len: &mut usize) -> Result<Value, Failure> {
    if depth > MAX_DEPTH {
        return Err(Failure::TooDeep);
    }
    match kind(value)? {
        Kind::Str(text) => string(text, len),
        Kind::Dict(dict) => object(dict, depth, len),
        Kind::Null => {
            *len = len.saturating_add(4);
            Ok(Value::Null)
        }
        Kind::Bool(flag) => {
            *len = len.saturating_add(if flag { 4 } else { 5 });
            Ok(Value::Bool(flag))
        }
        Kind::List(list) => sequence(list.iter(), depth, len),
        Kind::Tuple(tuple) => sequence(tuple.iter(), depth, len),
        Kind::Int => int(value, len),
        Kind::Float => float(value.extract()?, value, len),
        Kind::Adapted(adapted) => convert(&adapted, depth + 1, len),
        Kind::Unknown => Err(unknown(value)),
    }
}

/// How deep [`write`] nests: well within serde_json's limit of 128 levels, which the core applies
/// to text, so that a request written as text reads as the value [`convert`] makes of it. Deeper
/// requests are converted as values.
const TEXT_DEPTH: usize = 64;

/// Writes `value` as the compact JSON text serde_json writes for the value [`convert`] makes of
/// it: the types recognised by the same [`kind`], so the same adapters called and the same failures
/// (and [`Failure::TooDeep`] past [`TEXT_DEPTH`], [`Failure::Float`] for a float: the caller then
/// converts the value instead). Only the order of an object's keys may differ (the `dict`'s, not
/// sorted), which neither the core's reading nor the length depends on.
fn write(value: &Bound<'_, PyAny>, depth: usize, out: &mut Vec<u8>) -> Result<(), Failure> {
    if depth > TEXT_DEPTH {
        return Err(Failure::TooDeep);
    }
    match kind(value)? {
        Kind::Str(text) => write_string(text, out),
        Kind::Dict(dict) => write_object(dict, depth, out),
        Kind::Null => {
            out.extend_from_slice(b"null");
            Ok(())
        }
        Kind::Bool(flag) => {
            out.extend_from_slice(if flag { b"true" } else { b"false" });
            Ok(())
        }
        Kind::List(list) => write_sequence(list.iter(), depth, out),
        Kind::Tuple(tuple) => write_sequence(tuple.iter(), depth, out),
        Kind::Int => write_int(value, out),
        Kind::Float => Err(Failure::Float),
        Kind::Adapted(adapted) => write(&adapted, depth + 1, out),
        Kind::Unknown => Err(unknown(value)),
    }
}

/// An `int` of 64 bits as serde_json writes it; a larger one is read as a float ([`int`]).
fn write_int(value: &Bound<'_, PyAny>, out: &mut Vec<u8>) -> Result<(), Failure> {
    use std::io::Write;
    // Writing into a `Vec` cannot fail.
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

/// A string as serde_json writes it: `"`, `\` and the control characters escaped (`\n`, ...,
/// `\u001f`), everything else as its UTF-8 bytes.
fn write_string(text: &Bound<'_, PyString>, out: &mut Vec<u8>) -> Result<(), Failure> {
    let bytes = utf8(text)?;
    out.push(b'"');
    if needs_escape(bytes) {
        for &byte in bytes {
            match byte {
                b'"' => out.extend_from_slice(b"\\\""),
                b'\\' => out.extend_from_slice(b"\\\\"),
                0x08 => out.extend_from_slice(b"\\b"),
                0x0c => out.extend_from_slice(b"\\f"),
                b'\n' => out.extend_from_slice(b"\\n"),
                b'\r' => out.extend_from_slice(b"\\r"),
                b'\t' => out.extend_from_slice(b"\\t"),
                0x00..=0x1f => {
                    let hex = |n: u8| if n < 10 { b'0' + n } else { b'a' + n - 10 };
                    out.extend_from_slice(b"\\u00");
                    out.push(hex(byte >> 4));
                    out.push(hex(byte & 0x0f));
                }
                _ => out.push(byte),
            }
        }
    } else {
        out.extend_from_slice(bytes);
    }
    out.push(b'"');
    Ok(())
}

fn write_object(dict: &Bound<'_, PyDict>, depth: usize, out: &mut Vec<u8>) -> Result<(), Failure> {
    out.push(b'{');
    let mut first = true;
    for (key, item) in dict.iter() {
        let text = if key.is_exact_instance_of::<PyString>() {
            key.cast_exact::<PyString>()
        } else {
            key.cast::<PyString>()
        };
        let Ok(text) = text else {
            return Err(Failure::NotJson {
                path: Vec::new(),
                found: format!("a key of type `{}`", type_name(&key)),
            });
        };
        if !first {
            out.push(b',');
        }
        first = false;
        write_string(text, out)?;
        out.push(b':');
        within(write(&item, depth + 1, out), || {
            text.to_cow()
                .map(|key| key.into_owned())
                .unwrap_or_default()
        })?;
    }
    out.push(b'}');
    Ok(())
}

fn write_sequence<'py>(
    items: impl Iterator<Item = Bound<'py, PyAny>>,
    depth: usize,
    out: &mut Vec<u8>,
) -> Result<(), Failure> {
    out.push(b'[');
    for (index, item) in items.enumerate() {
        if index > 0 {
            out.push(b',');
        }
        within(write(&item, depth + 1, out), || index.to_string())?;
    }
    out.push(b']');
    Ok(())
}

fn object(dict: &Bound<'_, PyDict>, depth: usize, len: &mut usize) -> Result<Value, Failure> {
    let mut map = Map::new();
    let mut total: usize = 0;
    let mut entries: usize = 0;
    let mut unique = true;
    for (key, item) in dict.iter() {
        let text = if key.is_exact_instance_of::<PyString>() {
            key.cast_exact::<PyString>()
        } else {
            key.cast::<PyString>()
        };
        let key = match text {
            Ok(text) => utf8_str(text)?.to_owned(),
            Err(_) => {
                return Err(Failure::NotJson {
                    path: Vec::new(),
                    found: format!("a key of type `{}`", type_name(&key)),
                })
            }
        };
        total = total.saturating_add(string_len(&key));
        let converted = within(convert(&item, depth + 1, &mut total), || key.clone())?;
        unique &= map.insert(key, converted).is_none();
        entries += 1;
    }
    // `{` and `}`, a `:` per entry and a `,` between entries.
    total = total.saturating_add(if entries == 0 { 2 } else { 1 + 2 * entries });
    let value = Value::Object(map);
    // Two keys are never the same text (`str` keys of a dict differ, and so do their UTF-8
    // forms); should they be, the value is counted as it is written.
    *len = len.saturating_add(if unique {
        total
    } else {
        serialized_len(&value)
    });
    Ok(value)
}

fn sequence<'py>(
    items: impl ExactSizeIterator<Item = Bound<'py, PyAny>>,
    depth: usize,
    len: &mut usize,
) -> Result<Value, Failure> {
    let mut out = Vec::with_capacity(items.len());
    for (index, item) in items.enumerate() {
        out.push(within(convert(&item, depth + 1, len), || {
            index.to_string()
        })?);
    }
    // `[`, `]` and a `,` between items.
    *len = len.saturating_add(1 + out.len().max(1));
    Ok(Value::Array(out))
}

fn int(value: &Bound<'_, PyAny>, len: &mut usize) -> Result<Value, Failure> {
    if let Ok(n) = value.extract::<i64>() {
        *len = len.saturating_add(usize::from(n < 0) + digits(n.unsigned_abs()));
        return Ok(Value::Number(n.into()));
    }
    if let Ok(n) = value.extract::<u64>() {
        *len = len.saturating_add(digits(n));
        return Ok(Value::Number(n.into()));
    }
    // Larger than 64 bits: as a float, as Python's `json` module and serde_json read it.
    let n: f64 = value.extract()?;
    float(n, value, len)
}

fn float(n: f64, value: &Bound<'_, PyAny>, len: &mut usize) -> Result<Value, Failure> {
    match Number::from_f64(n) {
        Some(number) => {
            let value = Value::Number(number);
            *len = len.saturating_add(serialized_len(&value));
            Ok(value)
        }
        None => Err(Failure::NotJson {
            path: Vec::new(),
            found: format!(
                "the float `{}`",
                value.repr().map(|r| r.to_string()).unwrap_or_default()
            ),
        }),
    }
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
