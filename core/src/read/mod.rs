//! Readers: the JSON tree of any API generation in, the model out. `detect.rs` tells the
//! generation by shape (contract 1.1, 1.2), then one module per generation reads it:
//! `iteration2.rs`, `graph.rs` and `arm.rs`, the last two sharing `iteration3.rs`. `fields.rs` gives
//! them typed access with errors at the field's JSON pointer, `values.rs` reads dates and
//! durations. Readers translate; they never decide a verdict.

pub(crate) mod arm;
mod detect;
pub(crate) mod fields;
pub(crate) mod graph;
pub(crate) mod iteration2;
pub(crate) mod iteration3;
mod newer_rules;
pub(crate) mod values;

use serde_json::Value;

use crate::error::Error;
use crate::json::Json;
use crate::model::{Level, PolicyDocument, Request};
pub(crate) use detect::{policy_tree, request_tree};

/// Reads a policy of any generation (contract 1.1).
pub(crate) fn policy(value: &Value) -> Result<PolicyDocument, Error> {
    policy_tree(&Json::from_value(value))
}

impl Request {
    /// Reads a request of any generation (contract 1.2) from JSON text within `limits`. `level`
    /// is the `level` option, used where an iteration-3 request does not say whether it is an
    /// assignment or an eligibility.
    pub fn from_json(
        text: &str,
        level: Option<Level>,
        limits: &crate::json::InputLimits,
    ) -> Result<Request, Error> {
        request_tree(&crate::json::parse_tree(text, "request", limits)?, level)
    }

    /// Reads a request of any generation from a parsed JSON value; as [`Request::from_json`].
    pub fn from_value(value: &Value, level: Option<Level>) -> Result<Request, Error> {
        request_tree(&Json::from_value(value), level)
    }
}
