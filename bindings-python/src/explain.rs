//! `Policy.limits` and `check(..., fix=True)` (issue #16, sections 1 and 2): the core's
//! `Policy::limits` and `Policy::fix_json` / `fix_value` on a document as the host gave it. The
//! limits cross as the core's JSON (a `dict` equal to `json.loads` of `pimcheck limits --format
//! json`); a fix rides on the `Report` (`suggestion`, `suggestion_unavailable`).

use pimcheck::{Fix, Options, Redactor};
use pyo3::prelude::*;

use crate::document::{document, Document};
use crate::error::guarded;
use crate::json::loads;
use crate::report::Report;

impl Document {
    /// Reads the document as a request (for `limits`), within the options' size limit.
    fn read_request(&self, options: &Options) -> Result<pimcheck::Request, pimcheck::Error> {
        let limits = &options.input_limits;
        match self {
            Document::Text(text) => pimcheck::Request::from_json(text, options.level, limits),
            Document::Bytes(bytes) => pimcheck::Request::from_json(
                pimcheck::utf8_text(bytes, "request")?,
                options.level,
                limits,
            ),
            Document::Value(value) => {
                limits.check_size("request", crate::document::serialized_len(value))?;
                pimcheck::Request::from_value(value, options.level)
            }
        }
    }

    /// The nearest request `policy` accepts, in the shape of this document.
    pub(crate) fn fix(
        &self,
        policy: &pimcheck::Policy,
        options: &Options,
    ) -> Result<Fix, pimcheck::Error> {
        match self {
            Document::Text(text) => policy.fix_json(text, options),
            Document::Bytes(bytes) => {
                policy.fix_json(pimcheck::utf8_text(bytes, "request")?, options)
            }
            Document::Value(value) => policy.fix_value(value, options),
        }
    }
}

/// `Policy.limits(request=None, *, now=None, level=None, redact=False)`: the core's limits JSON
/// as Python objects. `now` (an RFC 3339 `str` or an aware `datetime`) is only the start of
/// `latestEnd` where the request gives none; without either, `latestEnd` is `None`.
pub(crate) fn limits<'py>(
    py: Python<'py>,
    policy: &pimcheck::Policy,
    request: Option<&Bound<'py, PyAny>>,
    now: Option<&Bound<'py, PyAny>>,
    level: Option<&Bound<'py, PyAny>>,
    redact: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let options = crate::options::options(None, None, level, None)?;
    let now = match now.filter(|v| !v.is_none()) {
        Some(value) => Some(crate::options::read_now(value)?),
        None => None,
    };
    let request = match request.filter(|v| !v.is_none()) {
        Some(value) => Some(document(value, "request", &"request")?),
        None => None,
    };
    let mut redactor = Redactor::new();
    let json = guarded(|| {
        let request = request.map(|r| r.read_request(&options)).transpose()?;
        if let Some(request) = request.as_ref().filter(|_| redact) {
            redactor.learn_request(request);
        }
        match (policy.limits(request.as_ref(), now), redact) {
            (Ok(limits), true) => Ok(limits.redacted(&mut redactor).to_json()),
            (Ok(limits), false) => Ok(limits.to_json()),
            (Err(error), true) => Err(redactor.error(&error)),
            (Err(error), false) => Err(error),
        }
    })?;
    loads(py, &json)
}

/// Checks `request` against `policy`; with `fix` and a denied request, the report carries the
/// fix (`suggestion`).
pub(crate) fn check(
    request: &Document,
    policy: &pimcheck::Policy,
    options: &Options,
    fix: bool,
) -> PyResult<Report> {
    guarded(|| {
        let report = request.check(policy, options)?;
        let fix = match fix && !report.allowed {
            true => Some(request.fix(policy, options)?),
            false => None,
        };
        Ok(Report::with_fix(report, fix))
    })
}
