//! A policy or request argument as the core reads it ([`Document`]), and the core's calls on one:
//! read a policy, check a request, convert a policy.

use pimcheck::convert::{Conversion, Generation};
use pimcheck::{InputLimits, Options, Report};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyList, PyString};
use serde_json::Value;

use crate::json::{self, type_name, utf8};

/// A policy or request as the host gave it: JSON text (to be parsed by the core), or a JSON value.
pub(crate) enum Document {
    /// A `str`, or a request given as a `dict` written as compact JSON text ([`json::to_text`]).
    Text(String),
    /// `bytes` or a `bytearray`, to be decoded as UTF-8 by the core.
    Bytes(Vec<u8>),
    /// A `dict`, a `list` or an SDK model turned into a JSON value ([`json::to_value`]): a policy,
    /// or a request that JSON text cannot carry exactly.
    Value(Value),
}

impl Document {
    /// Reads the document as a policy; `limits` applies to its JSON text (for a value, the compact
    /// text serde_json writes for it).
    pub(crate) fn read_policy(
        &self,
        limits: &InputLimits,
    ) -> Result<pimcheck::Policy, pimcheck::Error> {
        match self {
            Document::Text(text) => pimcheck::Policy::from_json_with_input_limits(text, limits),
            Document::Bytes(bytes) => pimcheck::Policy::from_json_with_input_limits(
                pimcheck::utf8_text(bytes, "policy")?,
                limits,
            ),
            Document::Value(value) => {
                limits.check_size("policy", serialized_len(value))?;
                pimcheck::Policy::from_value(value)
            }
        }
    }

    /// Checks the document as a request against `policy`; the size limit of `options` applies as
    /// in [`Document::read_policy`].
    pub(crate) fn check(
        &self,
        policy: &pimcheck::Policy,
        options: &Options,
    ) -> Result<Report, pimcheck::Error> {
        match self {
            Document::Text(text) => policy.check_json(text, options),
            Document::Bytes(bytes) => {
                policy.check_json(pimcheck::utf8_text(bytes, "request")?, options)
            }
            Document::Value(value) => {
                options
                    .input_limits
                    .check_size("request", serialized_len(value))?;
                policy.check_value(value, options)
            }
        }
    }

    /// Writes the document, a policy of one role, in the JSON of generation `to`, within the
    /// default size limit.
    pub(crate) fn convert(&self, to: Generation) -> Result<Conversion, pimcheck::Error> {
        match self {
            Document::Text(text) => pimcheck::convert::convert_json(text, to),
            Document::Bytes(bytes) => {
                pimcheck::convert::convert_json(pimcheck::utf8_text(bytes, "policy")?, to)
            }
            Document::Value(value) => {
                InputLimits::default().check_size("policy", serialized_len(value))?;
                pimcheck::convert::convert_value(value, to)
            }
        }
    }
}

/// The length of the compact JSON text serde_json writes for `value` (what `max_input_bytes`
/// limits), counted by serializing it into a counter: no text is built.
pub(crate) fn serialized_len(value: &Value) -> usize {
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
) -> PyResult<Document> {
    // The common case first: an exact `dict` (a pointer comparison).
    if value.is_exact_instance_of::<PyDict>() {
        return json_like(value, what, name);
    }
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(Document::Text(utf8(text)?.to_owned()));
    }
    if let Ok(bytes) = value.cast::<PyBytes>() {
        return Ok(Document::Bytes(bytes.as_bytes().to_vec()));
    }
    if let Ok(bytes) = value.cast::<PyByteArray>() {
        return Ok(Document::Bytes(bytes.to_vec()));
    }
    if value.is_instance_of::<PyDict>() || value.is_instance_of::<PyList>() {
        return json_like(value, what, name);
    }
    match json::adapt(value)? {
        Some(adapted) => json_like(&adapted, what, name),
        None => Err(PyTypeError::new_err(format!(
            "{} must be a dict, a JSON str or bytes, or an Azure SDK model, not {}",
            name,
            type_name(value)
        ))),
    }
}

/// A JSON-like value (a `dict`, a `list`, what an adapter made of an SDK model) as a document. A
/// request is written as compact JSON text, which the core reads without building a
/// `serde_json::Value`: the faster way. A policy (read once), and a request that text cannot carry
/// exactly, become a value; a value nested deeper than the core reads is handed to it as the text
/// Python's `json` writes, so that the core's depth limit and its error apply.
fn json_like(
    value: &Bound<'_, PyAny>,
    what: &str,
    name: &dyn std::fmt::Display,
) -> PyResult<Document> {
    if what == "request" {
        if let Some(text) = json::to_text(value, name)? {
            return Ok(Document::Text(text));
        }
    }
    if let Some(converted) = json::to_value(value, name)? {
        return Ok(Document::Value(converted));
    }
    let text = value
        .py()
        .import("json")?
        .call_method1("dumps", (value,))?
        .extract()?;
    Ok(Document::Text(text))
}
