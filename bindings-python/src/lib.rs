//! The native module `pimcheck._native` of the Python package `pimcheck` (contract section 5).
//!
//! Thin by design: host values become the core's inputs (`json`, `options`), the core decides,
//! and its report and errors come back as Python objects (`report`, `error`). The Python layer
//! (`python/pimcheck/`) re-exports these and adapts SDK model objects to JSON.

mod audit;
mod error;
mod json;
mod options;
mod report;

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};

use error::{guarded, ConversionWarning, InputError};
use json::{document, Document};
use report::{Finding, Report};

/// Role settings (one role's, or a set), parsed once and checked many times. Immutable and safe
/// to share between threads.
#[pyclass(module = "pimcheck", name = "Policy", frozen)]
pub struct Policy {
    inner: pimcheck::Policy,
}

#[pymethods]
impl Policy {
    /// Parses `policy`: a `dict` (or `list` of rules), JSON `str` or `bytes`, or an SDK model.
    /// `max_input_bytes` limits the policy's JSON text (default 16 MiB).
    #[new]
    #[pyo3(signature = (policy, *, max_input_bytes=None))]
    fn new(
        py: Python<'_>,
        policy: &Bound<'_, PyAny>,
        max_input_bytes: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        read_policy(py, policy, &options::limits(max_input_bytes)?)
    }

    /// Checks one request against the policy.
    #[pyo3(signature = (request, *, now=None, mfa=None, level=None, max_input_bytes=None))]
    fn check(
        &self,
        request: &Bound<'_, PyAny>,
        now: Option<&Bound<'_, PyAny>>,
        mfa: Option<&Bound<'_, PyAny>>,
        level: Option<&Bound<'_, PyAny>>,
        max_input_bytes: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Report> {
        let options = options::options(now, mfa, level, max_input_bytes)?;
        check_document(
            &self.inner,
            document(request, "request", &"request", &options.input_limits)?,
            &options,
        )
    }

    /// Does nothing and returns `None`, with the signature of `check`: what a call costs before
    /// the binding reads anything. Exists only for `benches/python/bench.py` (its floor runner
    /// `python-floor-call`); private, not in the stubs.
    #[pyo3(signature = (request, *, now=None, mfa=None, level=None, max_input_bytes=None))]
    fn _call_floor(
        &self,
        request: &Bound<'_, PyAny>,
        now: Option<&Bound<'_, PyAny>>,
        mfa: Option<&Bound<'_, PyAny>>,
        level: Option<&Bound<'_, PyAny>>,
        max_input_bytes: Option<&Bound<'_, PyAny>>,
    ) {
        let _ = (request, now, mfa, level, max_input_bytes);
    }

    /// Visits every key and value of the request (a `dict`, nested `dict`s and `list`s) and reads
    /// each `str`'s UTF-8 (borrowed, nothing copied or built), then returns `None`: the least any
    /// binding pays to read a request given as a `dict`, whatever it makes of it. Exists only for
    /// `benches/python/bench.py` (its floor runner `python-floor-visit`); private, not in the stubs.
    #[pyo3(signature = (request, *, now=None, mfa=None, level=None, max_input_bytes=None))]
    fn _visit_floor(
        &self,
        request: &Bound<'_, PyAny>,
        now: Option<&Bound<'_, PyAny>>,
        mfa: Option<&Bound<'_, PyAny>>,
        level: Option<&Bound<'_, PyAny>>,
        max_input_bytes: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        let _ = (now, mfa, level, max_input_bytes);
        std::hint::black_box(json::visit(request, 0)?);
        Ok(())
    }

    /// Converts the options and the request exactly as `check` does, then returns `None` without
    /// checking: what a call costs before the core does any work. Exists only for
    /// `benches/python/bench.py` (its floor runner `python-floor-convert`); private, not in the
    /// stubs. Raises what `check` raises for a bad option or a request that is not JSON.
    #[pyo3(signature = (request, *, now=None, mfa=None, level=None, max_input_bytes=None))]
    fn _convert_floor(
        &self,
        request: &Bound<'_, PyAny>,
        now: Option<&Bound<'_, PyAny>>,
        mfa: Option<&Bound<'_, PyAny>>,
        level: Option<&Bound<'_, PyAny>>,
        max_input_bytes: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        let options = options::options(now, mfa, level, max_input_bytes)?;
        let request = document(request, "request", &"request", &options.input_limits)?;
        // Kept until here and dropped, as `check` drops them.
        std::hint::black_box((&options, &request));
        Ok(())
    }

    /// Checks many requests with the same options; the reports come back in order. The GIL is
    /// released while checking, on `threads` threads (default: the available cores, as the CLI's
    /// `--jobs`); the calling thread converts the requests meanwhile, in chunks. The first bad
    /// request raises its `InputError`, with `.index` set and its path under `/index`; nothing is
    /// returned half-done.
    #[pyo3(signature = (requests, *, now=None, mfa=None, level=None, threads=None, max_input_bytes=None))]
    #[allow(clippy::too_many_arguments)] // the keyword options of the Python signature
    fn check_many(
        &self,
        py: Python<'_>,
        requests: &Bound<'_, PyAny>,
        now: Option<&Bound<'_, PyAny>>,
        mfa: Option<&Bound<'_, PyAny>>,
        level: Option<&Bound<'_, PyAny>>,
        threads: Option<usize>,
        max_input_bytes: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Vec<Report>> {
        let options = options::options(now, mfa, level, max_input_bytes)?;
        if requests.is_instance_of::<PyString>()
            || requests.is_instance_of::<PyBytes>()
            || requests.is_instance_of::<PyDict>()
        {
            return Err(pyo3::exceptions::PyTypeError::new_err(format!(
                "requests must be a list of requests (dicts, JSON strs or bytes), not {}",
                json::type_name(requests)
            )));
        }
        let threads = threads
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
            .max(1);
        // The core's limit, and its threshold below which threads are not worth starting.
        let threads = threads.min(64);
        if threads == 1 || known_len(requests).is_some_and(|n| n < 256) {
            return check_stream(py, &self.inner, requests, &options);
        }
        check_parallel(py, &self.inner, requests, &options, threads)
    }

    fn __repr__(&self) -> String {
        match self.inner.document() {
            pimcheck::model::PolicyDocument::Set(entries) => {
                format!(
                    "<pimcheck.Policy: a set of {} role settings>",
                    entries.len()
                )
            }
            _ => "<pimcheck.Policy: one role's settings>".to_owned(),
        }
    }
}

/// Reads a policy argument within `limits`; text is parsed with the GIL released.
fn read_policy(
    py: Python<'_>,
    policy: &Bound<'_, PyAny>,
    limits: &pimcheck::InputLimits,
) -> PyResult<Policy> {
    let inner = match document(policy, "policy", &"policy", limits)? {
        Document::Value(value, len) => {
            guarded(|| pimcheck::Policy::from_value(&json::checked(value, len, "policy", limits)?))?
        }
        Document::Text(text) => {
            guarded(|| py.detach(|| pimcheck::Policy::from_json_with_input_limits(&text, limits)))?
        }
        Document::Bytes(bytes) => guarded(|| {
            py.detach(|| {
                pimcheck::Policy::from_json_with_input_limits(
                    pimcheck::utf8_text(&bytes, "policy")?,
                    limits,
                )
            })
        })?,
    };
    Ok(Policy { inner })
}

/// How many requests `check_many` converts before they are checked with the GIL released: few
/// enough that their values stay in the cache and are freed in small pieces, enough that the GIL
/// (or a chunk, between threads) changes hands rarely.
const STREAM_CHUNK: usize = 256;

/// The length of a `list` or `tuple` of requests (read without calling Python code); `None` for
/// other iterables.
fn known_len(requests: &Bound<'_, PyAny>) -> Option<usize> {
    if let Ok(list) = requests.cast::<PyList>() {
        return Some(list.len());
    }
    requests.cast::<PyTuple>().ok().map(|tuple| tuple.len())
}

/// Checks one request of a batch, at `index`; its error is put at that index.
fn check_one(
    policy: &pimcheck::Policy,
    document: Document,
    index: usize,
    options: &pimcheck::Options,
) -> Result<pimcheck::Report, pimcheck::Error> {
    match document {
        Document::Text(text) => policy.check_json(&text, options),
        Document::Bytes(bytes) => {
            pimcheck::utf8_text(&bytes, "request").and_then(|text| policy.check_json(text, options))
        }
        Document::Value(value, len) => json::checked(value, len, "request", &options.input_limits)
            .and_then(|value| policy.check_value(&value, options)),
    }
    .map_err(|error| error.at_index(index))
}

/// Why a chunk of a batch has no reports: a request the core refused, or a panic (a bug).
enum Refusal {
    Input(pimcheck::Error),
    Panic(String),
}

impl Refusal {
    fn into_py(self) -> PyErr {
        match self {
            Refusal::Input(error) => error::input_error(error),
            Refusal::Panic(reason) => error::internal_error(&reason),
        }
    }
}

/// Checks a chunk of a batch that starts at `offset`, stopping at its first bad request.
fn check_chunk(
    policy: &pimcheck::Policy,
    chunk: Vec<Document>,
    offset: usize,
    options: &pimcheck::Options,
    reports: &mut Vec<pimcheck::Report>,
) -> Result<(), Refusal> {
    error::unwinding(|| {
        for (i, document) in chunk.into_iter().enumerate() {
            reports.push(check_one(policy, document, offset + i, options)?);
        }
        Ok(())
    })
    .map_err(Refusal::Panic)?
    .map_err(Refusal::Input)
}

/// `check_many` on one thread: the requests are converted and checked in chunks of
/// [`STREAM_CHUNK`], each converted with the GIL held and checked with it released. The outcome
/// is the one of converting them all and then checking them all: a request that cannot be
/// converted (a `TypeError`) is raised first, wherever it is; otherwise the first request the core
/// refuses. Once one is refused, the rest are only converted.
fn check_stream(
    py: Python<'_>,
    policy: &pimcheck::Policy,
    requests: &Bound<'_, PyAny>,
    options: &pimcheck::Options,
) -> PyResult<Vec<Report>> {
    let mut reports: Vec<pimcheck::Report> = Vec::with_capacity(known_len(requests).unwrap_or(0));
    let mut refused: Option<Refusal> = None;
    let mut chunk: Vec<Document> = Vec::with_capacity(STREAM_CHUNK);
    let mut run = |chunk: &mut Vec<Document>, refused: &mut Option<Refusal>| {
        let chunk = std::mem::replace(chunk, Vec::with_capacity(STREAM_CHUNK));
        let offset = reports.len();
        if let Err(refusal) =
            py.detach(|| check_chunk(policy, chunk, offset, options, &mut reports))
        {
            *refused = Some(refusal);
        }
    };
    for (index, request) in requests.try_iter()?.enumerate() {
        let document = document(
            &request?,
            "request",
            &format_args!("requests[{}]", index),
            &options.input_limits,
        )?;
        if refused.is_none() {
            chunk.push(document);
            if chunk.len() == STREAM_CHUNK {
                run(&mut chunk, &mut refused);
            }
        }
    }
    if refused.is_none() && !chunk.is_empty() {
        run(&mut chunk, &mut refused);
    }
    match refused {
        Some(refusal) => Err(refusal.into_py()),
        None => Ok(reports.into_iter().map(Report::from).collect()),
    }
}

/// `check_many` on `threads` threads: this thread converts the requests (it needs the GIL) in
/// chunks of [`STREAM_CHUNK`] while the others check the chunks already converted (they never
/// touch Python), so converting and checking overlap. The outcome is the one of converting them
/// all and then checking them all, as in [`check_stream`]; a chunk after one with a bad request
/// is not checked. The threads start with the first full chunk: an iterable of fewer requests is
/// checked on the calling thread.
fn check_parallel(
    py: Python<'_>,
    policy: &pimcheck::Policy,
    requests: &Bound<'_, PyAny>,
    options: &pimcheck::Options,
    threads: usize,
) -> PyResult<Vec<Report>> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{mpsc, Mutex};

    type Checked = (usize, Result<Vec<pimcheck::Report>, Refusal>);
    let (send, receive) = mpsc::channel::<(usize, Vec<Document>)>();
    let receive = Mutex::new(receive);
    // The offset of the first chunk known to hold a bad request.
    let first_bad = AtomicUsize::new(usize::MAX);
    let worker = || {
        let mut done: Vec<Checked> = Vec::new();
        loop {
            let next = match receive.lock() {
                Ok(receive) => receive.recv(),
                Err(_) => break,
            };
            let Ok((offset, chunk)) = next else { break };
            if offset > first_bad.load(Ordering::Relaxed) {
                continue;
            }
            let mut reports = Vec::with_capacity(chunk.len());
            let result = check_chunk(policy, chunk, offset, options, &mut reports);
            if result.is_err() {
                first_bad.fetch_min(offset, Ordering::Relaxed);
            }
            done.push((offset, result.map(|()| reports)));
        }
        done
    };
    // A batch of less than a chunk is checked here, with the GIL released: no thread is started.
    let mut here: Option<Checked> = None;
    let (converted, checked) = std::thread::scope(|scope| {
        let mut workers = Vec::new();
        let converted = (|| -> PyResult<()> {
            let mut chunk = Vec::with_capacity(STREAM_CHUNK);
            let mut offset = 0;
            for (index, request) in requests.try_iter()?.enumerate() {
                chunk.push(document(
                    &request?,
                    "request",
                    &format_args!("requests[{}]", index),
                    &options.input_limits,
                )?);
                if chunk.len() == STREAM_CHUNK {
                    if workers.is_empty() {
                        workers = (0..threads).map(|_| scope.spawn(worker)).collect();
                    }
                    let full = std::mem::replace(&mut chunk, Vec::with_capacity(STREAM_CHUNK));
                    // The workers only stop once `send` is dropped, below.
                    let _ = send.send((offset, full));
                    offset = index + 1;
                }
            }
            if workers.is_empty() {
                let mut reports = Vec::with_capacity(chunk.len());
                let result =
                    py.detach(|| check_chunk(policy, chunk, offset, options, &mut reports));
                here = Some((offset, result.map(|()| reports)));
            } else if !chunk.is_empty() {
                let _ = send.send((offset, chunk));
            }
            Ok(())
        })();
        // A bad request may have stopped the conversion: the workers need not check the rest.
        if converted.is_err() {
            first_bad.store(0, Ordering::Relaxed);
        }
        drop(send);
        let checked = py.detach(|| {
            workers
                .into_iter()
                .map(|worker| worker.join())
                .collect::<Vec<_>>()
        });
        (converted, checked)
    });
    converted?;
    let mut chunks: Vec<Checked> = here.into_iter().collect();
    for worker in checked {
        match worker {
            Ok(done) => chunks.extend(done),
            Err(_) => return Err(error::internal_error("a checking thread stopped")),
        }
    }
    chunks.sort_unstable_by_key(|(offset, _)| *offset);
    let mut reports = Vec::with_capacity(known_len(requests).unwrap_or(0));
    for (_, result) in chunks {
        match result {
            Ok(part) => reports.extend(part.into_iter().map(Report::from)),
            Err(refusal) => return Err(refusal.into_py()),
        }
    }
    Ok(reports)
}

fn check_document(
    policy: &pimcheck::Policy,
    request: Document,
    options: &pimcheck::Options,
) -> PyResult<Report> {
    let report = match request {
        Document::Value(value, len) => guarded(|| {
            policy.check_value(
                &json::checked(value, len, "request", &options.input_limits)?,
                options,
            )
        })?,
        Document::Text(text) => guarded(|| policy.check_json(&text, options))?,
        Document::Bytes(bytes) => {
            guarded(|| policy.check_json(pimcheck::utf8_text(&bytes, "request")?, options))?
        }
    };
    Ok(Report::from(report))
}

/// Checks one request against a policy (both a `dict`, JSON `str` or `bytes`, or an SDK model).
/// `max_input_bytes` limits each of the two JSON texts.
#[pyfunction]
#[pyo3(signature = (policy, request, *, now=None, mfa=None, level=None, max_input_bytes=None))]
fn check(
    py: Python<'_>,
    policy: &Bound<'_, PyAny>,
    request: &Bound<'_, PyAny>,
    now: Option<&Bound<'_, PyAny>>,
    mfa: Option<&Bound<'_, PyAny>>,
    level: Option<&Bound<'_, PyAny>>,
    max_input_bytes: Option<&Bound<'_, PyAny>>,
) -> PyResult<Report> {
    // The options first: a bad option is reported whatever the documents hold, as in the CLI.
    let options = options::options(now, mfa, level, max_input_bytes)?;
    let policy = read_policy(py, policy, &options.input_limits)?;
    check_document(
        &policy.inner,
        document(request, "request", &"request", &options.input_limits)?,
        &options,
    )
}

/// Writes one role's settings (any generation) in the JSON of another generation, `to` being
/// `graph`, `arm` or `iteration2` (contract section 4, `pimcheck convert`). Each setting the target
/// cannot express is issued as a `ConversionWarning`.
#[pyfunction]
#[pyo3(signature = (policy, *, to))]
fn convert<'py>(
    py: Python<'py>,
    policy: &Bound<'py, PyAny>,
    to: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    use pimcheck::convert::{convert_value, Generation};
    // A `to` that is not a str is read as its repr, so that it gets the core's `InvalidOption`.
    let to = match to.cast::<PyString>() {
        Ok(text) => text.to_cow()?.into_owned(),
        Err(_) => to.repr()?.to_string(),
    };
    let to = guarded(|| Generation::parse(&to))?;
    let limits = pimcheck::InputLimits::default();
    let policy = document(policy, "policy", &"policy", &limits)?;
    let value = guarded(|| policy.into_value("policy", &limits))?;
    let conversion = guarded(|| convert_value(&value, to))?;
    let category = py.get_type::<ConversionWarning>();
    for warning in &conversion.warnings {
        PyErr::warn(py, &category, &std::ffi::CString::new(warning.as_str())?, 1)?;
    }
    json::loads(py, &conversion.to_json())
}

/// A test hook: panics inside a guarded call, to show that a panic in the core becomes a
/// `RuntimeError` and never takes the interpreter down.
#[pyfunction]
fn _panic_for_tests() -> PyResult<()> {
    guarded(|| -> Result<(), pimcheck::Error> {
        std::panic::resume_unwind(Box::new("a deliberate panic (test hook)"))
    })
}

/// The native module; `pimcheck/__init__.py` re-exports it.
#[pymodule]
#[pyo3(name = "_native")]
fn native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<Policy>()?;
    m.add_class::<Report>()?;
    m.add_class::<Finding>()?;
    m.add_function(wrap_pyfunction!(check, m)?)?;
    m.add_function(wrap_pyfunction!(convert, m)?)?;
    m.add_function(wrap_pyfunction!(audit::audit, m)?)?;
    m.add_function(wrap_pyfunction!(_panic_for_tests, m)?)?;
    m.add("InputError", py.get_type::<InputError>())?;
    m.add("ConversionWarning", py.get_type::<ConversionWarning>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
