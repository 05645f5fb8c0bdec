//! `pimcheck.plan`: the PIM requests of a Terraform plan or an ARM template, checked by the core;
//! the result crosses as the core's JSON (a `dict` equal to `json.loads` of
//! `pimcheck plan --format json`).

use pyo3::prelude::*;

use crate::document::{document, Document};
use crate::error::guarded;
use crate::json;
use crate::options;

/// The text of a document: as given, or a `dict`'s compact JSON (which the core's parse then
/// holds to the size limit).
fn text_of(document: Document, what: &str) -> Result<String, pimcheck::Error> {
    match document {
        Document::Text(text) => Ok(text),
        Document::Bytes(bytes) => Ok(pimcheck::utf8_text(&bytes, what)?.to_owned()),
        Document::Value(value) => Ok(value.to_string()),
    }
}

/// Checks every PIM request resource of `plan` (a `terraform show -json` plan or an ARM template;
/// `dict`, JSON `str` or `bytes`) against `policies` (one policy or a set, any form `Policy`
/// takes, or a `Policy`); `parameters` is an ARM parameters file. Returns the result as a `dict`.
#[pyfunction]
#[pyo3(signature = (plan, policies=None, *, parameters=None, now=None, max_input_bytes=None))]
pub(crate) fn plan<'py>(
    py: Python<'py>,
    plan: &Bound<'py, PyAny>,
    policies: Option<&Bound<'py, PyAny>>,
    parameters: Option<&Bound<'py, PyAny>>,
    now: Option<&Bound<'py, PyAny>>,
    max_input_bytes: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let options = options::options(now, None, None, max_input_bytes)?;
    let limits = options.input_limits;
    let policies = match policies.filter(|p| !p.is_none()) {
        None => None,
        Some(given) => match given.cast::<crate::Policy>() {
            Ok(parsed) => Some(parsed.get().inner.clone()),
            Err(_) => Some(crate::read_policy(py, given, &limits)?.inner),
        },
    };
    let parameters = match parameters.filter(|p| !p.is_none()) {
        None => None,
        Some(given) => {
            let read = document(given, "parameters", &"parameters")?;
            Some(guarded(|| text_of(read, "parameters"))?)
        }
    };
    let read = document(plan, "plan", &"plan")?;
    let text = guarded(|| text_of(read, "plan"))?;
    let result = guarded(|| {
        py.detach(|| {
            let inputs = pimcheck::PlanInputs {
                policies: policies.as_ref(),
                parameters: parameters.as_deref(),
            };
            pimcheck::check_plan(&text, inputs, &options).map(|plan| plan.to_json())
        })
    })?;
    json::loads(py, &result)
}
