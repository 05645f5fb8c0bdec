//! `Report` and `Finding`: read-only views of the core's report. Every value comes from the core's
//! `Report`; `to_json()` is its one serialization and `to_dict()` that same JSON as Python objects.

use std::borrow::Cow;

use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::json::loads;

/// The verdict on one request (contract section 2).
#[pyclass(module = "pimcheck", name = "Report", frozen, eq)]
#[derive(PartialEq)]
pub struct Report {
    inner: pimcheck::Report,
}

impl From<pimcheck::Report> for Report {
    fn from(inner: pimcheck::Report) -> Self {
        Report { inner }
    }
}

impl Report {
    /// The report with its secrets replaced where `redact` (`check(..., redact=True)`): a new
    /// redactor for each call, as each CLI run has its own.
    pub(crate) fn redacted_if(self, redact: bool) -> Report {
        if !redact {
            return self;
        }
        Report {
            inner: pimcheck::Redactor::new().report(&self.inner),
        }
    }
}

fn findings(findings: &[pimcheck::Finding]) -> Vec<Finding> {
    findings
        .iter()
        .map(|f| Finding { inner: f.clone() })
        .collect()
}

fn codes(findings: &[pimcheck::Finding]) -> String {
    let codes: Vec<&str> = findings.iter().map(|f| f.code.as_str()).collect();
    format!("[{}]", codes.join(", "))
}

#[pymethods]
impl Report {
    /// True exactly when there are no violations.
    #[getter]
    fn allowed(&self) -> bool {
        self.inner.allowed
    }

    /// What the request was reduced to: `{"operation", "caller", "level"}`.
    #[getter]
    fn request<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let summary = &self.inner.request;
        let dict = PyDict::new(py);
        dict.set_item("operation", &summary.operation)?;
        dict.set_item("caller", &summary.caller)?;
        dict.set_item("level", &summary.level)?;
        Ok(dict)
    }

    /// What the service would refuse.
    #[getter]
    fn violations(&self) -> Vec<Finding> {
        findings(&self.inner.violations)
    }

    /// What the service will still ask for (approval, an MFA prompt, an authentication context).
    #[getter]
    fn obligations(&self) -> Vec<Finding> {
        findings(&self.inner.obligations)
    }

    /// Things worth knowing that never deny.
    #[getter]
    fn warnings(&self) -> Vec<Finding> {
        findings(&self.inner.warnings)
    }

    /// The report as the contract's JSON object, in Python types (`json.loads(self.to_json())`).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        loads(py, &self.inner.to_json())
    }

    /// The report as compact JSON: the same text as the CLI's `--format json` line.
    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    fn __repr__(&self) -> String {
        let r = &self.inner;
        format!(
            "<Report allowed={} {} by {} ({}): violations={} obligations={} warnings={}>",
            if r.allowed { "True" } else { "False" },
            r.request.operation,
            r.request.caller,
            r.request.level,
            codes(&r.violations),
            codes(&r.obligations),
            codes(&r.warnings)
        )
    }
}

/// One finding: a violation, an obligation or a warning.
#[pyclass(module = "pimcheck", name = "Finding", frozen, eq)]
#[derive(PartialEq)]
pub struct Finding {
    inner: pimcheck::Finding,
}

#[pymethods]
impl Finding {
    /// The stable code (`DurationExceedsMaximum`, `ApprovalRequired`, ...).
    #[getter]
    fn code(&self) -> &'static str {
        self.inner.code.as_str()
    }

    /// The policy rule behind it (the iteration-3 rule id where one exists).
    #[getter]
    fn rule(&self) -> Option<&str> {
        self.inner.rule.as_deref()
    }

    /// A JSON pointer into the request as given.
    #[getter]
    fn path(&self) -> Option<&str> {
        self.inner.path.as_deref()
    }

    /// What is wrong, with the values in backticks.
    #[getter]
    fn message(&self) -> String {
        self.inner.message().into_owned()
    }

    /// The rule name the service puts in its refusal (`ExpirationRule`, `MfaRule`, ...).
    #[getter]
    fn service_rule(&self) -> Option<&'static str> {
        self.inner.service_rule.map(|rule| rule.as_str())
    }

    /// The error code the service answers with for a refusal that is not a policy rule
    /// (`ActiveDurationTooShort`).
    #[getter]
    fn service_error(&self) -> Option<&'static str> {
        self.inner.service_error.map(|error| error.as_str())
    }

    /// The limit that was broken (a duration or a time).
    #[getter]
    fn limit(&self) -> Option<String> {
        self.inner.limit().map(Cow::into_owned)
    }

    /// The requested value that broke it.
    #[getter]
    fn actual(&self) -> Option<String> {
        self.inner.actual().map(Cow::into_owned)
    }

    /// How to fix it.
    #[getter]
    fn hint(&self) -> Option<String> {
        self.inner.hint().map(Cow::into_owned)
    }

    /// Who will be asked to approve (`ApprovalRequired`), as `{"id", "kind", "displayName"}` dicts,
    /// where the policy lists them.
    #[getter]
    fn approvers<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.inner
            .approvers
            .as_ref()
            .map(|a| {
                let mut text = String::new();
                pimcheck::report::write_approvers(&mut text, a);
                loads(py, &text)
            })
            .transpose()
    }

    /// The authentication context asked for (`AuthenticationContextRequired`).
    #[getter]
    fn claim_value(&self) -> Option<&str> {
        self.inner.claim_value.as_deref()
    }

    /// The finding as in the report's JSON, in Python types (the core's one report writer).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        loads(py, &self.inner.to_json())
    }

    fn __repr__(&self) -> String {
        let f = &self.inner;
        let mut parts = vec![format!("code={:?}", f.code.as_str())];
        for (name, value) in [("rule", &f.rule), ("path", &f.path)] {
            if let Some(value) = value {
                parts.push(format!("{}={:?}", name, value));
            }
        }
        parts.push(format!("message={:?}", f.message()));
        format!("Finding({})", parts.join(", "))
    }
}
