//! `Policy.check_many`: the requests are converted on the calling thread, which needs the GIL, and
//! checked by the core's batch ([`pimcheck::batch::for_each_ordered`]) on its threads, which never
//! touch Python. The GIL is released for the whole batch and taken back only to convert the next
//! chunk of requests, so that other Python threads run while this one waits for reports.

use std::collections::VecDeque;
use std::ops::ControlFlow;

use pimcheck::batch::{for_each_ordered, CHUNK};
use pimcheck::Options;
use pyo3::prelude::*;
use pyo3::types::{PyIterator, PyList, PyTuple};

use crate::document::{document, Document};
use crate::error::core_error;
use crate::report::Report;

/// Checks every request of `requests` (an iterable) against `policy` on up to `threads` threads;
/// the reports in input order. The outcome is the one of converting them all, then checking them
/// all: a request that cannot be converted (a `TypeError`, or what the iterable raises) is raised
/// first, wherever it is; otherwise the first request the core refuses, with its index.
pub(crate) fn check_many(
    py: Python<'_>,
    policy: &pimcheck::Policy,
    requests: &Bound<'_, PyAny>,
    options: &Options,
    threads: usize,
) -> PyResult<Vec<Report>> {
    let mut pull = Pull {
        requests: requests.try_iter()?.unbind(),
        converted: VecDeque::with_capacity(CHUNK),
        next_index: 0,
        failed: None,
        ended: false,
    };
    let mut reports: Vec<pimcheck::Report> = Vec::with_capacity(known_len(requests));
    let mut refused = None;
    py.detach(|| {
        for_each_ordered(
            std::iter::from_fn(|| pull.next()),
            threads,
            |request: Document| request.check(policy, options),
            |result| match result.and_then(|checked| checked) {
                Ok(report) => {
                    reports.push(report);
                    ControlFlow::Continue(())
                }
                Err(error) => {
                    refused = Some(error.at_index(reports.len()));
                    ControlFlow::Break(())
                }
            },
        );
    });
    if refused.is_some() {
        // The rest are only converted: a request that cannot be, anywhere, is raised first.
        pull.convert_rest(py);
    }
    if let Some(error) = pull.failed {
        return Err(error);
    }
    match refused {
        Some(error) => Err(core_error(error)),
        None => Ok(reports.into_iter().map(Report::from).collect()),
    }
}

/// The length of a `list` or `tuple` of requests (read without calling Python code), else 0.
fn known_len(requests: &Bound<'_, PyAny>) -> usize {
    if let Ok(list) = requests.cast::<PyList>() {
        return list.len();
    }
    requests.cast::<PyTuple>().map_or(0, |tuple| tuple.len())
}

/// The requests of a batch, converted [`CHUNK`] at a time with the GIL taken back for each chunk.
/// Conversion stops at the first request that cannot be converted: its exception is kept for
/// `check_many` to raise.
struct Pull {
    requests: Py<PyIterator>,
    converted: VecDeque<Document>,
    next_index: usize,
    failed: Option<PyErr>,
    ended: bool,
}

impl Pull {
    /// The next request; called without the GIL.
    fn next(&mut self) -> Option<Document> {
        if self.converted.is_empty() && !self.ended {
            Python::attach(|py| self.convert_chunk(py));
        }
        self.converted.pop_front()
    }

    fn convert_chunk(&mut self, py: Python<'_>) {
        while self.converted.len() < CHUNK && !self.ended {
            if let Some(request) = self.convert_next(py) {
                self.converted.push_back(request);
            }
        }
    }

    /// Converts the requests not pulled yet, only to find one that cannot be converted.
    fn convert_rest(&mut self, py: Python<'_>) {
        while !self.ended {
            self.convert_next(py);
        }
    }

    fn convert_next(&mut self, py: Python<'_>) -> Option<Document> {
        let index = self.next_index;
        let Some(next) = self.requests.bind(py).clone().next() else {
            self.ended = true;
            return None;
        };
        let converted = match next {
            Ok(request) => document(&request, "request", &format_args!("requests[{}]", index)),
            Err(error) => Err(error),
        };
        self.next_index += 1;
        match converted {
            Ok(request) => Some(request),
            Err(error) => {
                self.failed = Some(error);
                self.ended = true;
                None
            }
        }
    }
}
