//! `pimcheck.lint(policy, profile=None)`: the core's lint (issue #17); the result crosses as the
//! core's JSON, so it is the dict `json.loads` gives for `pimcheck lint --format json`.

use pyo3::prelude::*;
use pyo3::types::PyString;

use crate::document::{document, serialized_len, Document};
use crate::error::guarded;
use crate::json::loads;

/// Lints a policy (a `dict`, a `list` of rules, JSON `str` or `bytes`, or an SDK model): the
/// findings of the correctness lints, and of the baseline ones with `profile="baseline"`, as
/// `{"findings": [...], "policies": N}`.
#[pyfunction]
#[pyo3(signature = (policy, profile=None))]
pub(crate) fn lint<'py>(
    py: Python<'py>,
    policy: &Bound<'py, PyAny>,
    profile: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let profile = match profile {
        None => None,
        Some(value) if value.is_none() => None,
        Some(value) => {
            // A value that is not a str is read as its repr, so that it gets the same error.
            let name = match value.cast::<PyString>() {
                Ok(text) => text.to_cow()?.into_owned(),
                Err(_) => value.repr()?.to_string(),
            };
            Some(guarded(|| {
                pimcheck::lint::Profile::parse(&name).ok_or_else(|| {
                    pimcheck::Error::new(
                        pimcheck::ErrorCode::InvalidOption,
                        "profile",
                        format!("option `profile` must be `baseline` or None, found `{name}`"),
                    )
                })
            })?)
        }
    };
    let options = pimcheck::LintOptions::new().with_profile(profile);
    let policy = document(policy, "policy", &"policy")?;
    let report = guarded(|| match &policy {
        Document::Text(text) => pimcheck::lint(text, &options),
        Document::Bytes(bytes) => pimcheck::lint(pimcheck::utf8_text(bytes, "policy")?, &options),
        Document::Value(value) => {
            options
                .input_limits
                .check_size("policy", serialized_len(value))?;
            pimcheck::lint_value(value, &options)
        }
    })?;
    loads(py, &report.to_json())
}
