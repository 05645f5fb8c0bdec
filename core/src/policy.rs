//! A parsed policy, ready to check many requests.

use serde_json::Value;

use crate::error::{Error, ErrorCode};
use crate::evaluate::evaluate;
use crate::model::{Request, RoleSettings};
use crate::options::Options;
use crate::read::{self, PolicyDocument};
use crate::report::Report;

/// A policy (one role's settings, or a set of them), parsed once and checked many times.
/// Immutable, `Send` and `Sync`.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    document: PolicyDocument,
}

impl Policy {
    /// Parses a policy of any generation from JSON text.
    pub fn from_json(text: &str) -> Result<Policy, Error> {
        Policy::from_value(&read::parse_json(text, "policy")?)
    }

    /// Reads a policy of any generation from a parsed JSON value.
    pub fn from_value(value: &Value) -> Result<Policy, Error> {
        Ok(Policy {
            document: read::policy(value)?,
        })
    }

    /// Wraps settings built in code (or by a reader) as a policy.
    pub fn from_settings(settings: RoleSettings) -> Policy {
        Policy {
            document: PolicyDocument::Single(Box::new(settings)),
        }
    }

    /// What the policy holds.
    pub fn document(&self) -> &PolicyDocument {
        &self.document
    }

    /// The role settings that govern `request`: the policy itself, or the one entry of a set that
    /// matches the request's role and scope.
    pub fn settings_for(&self, request: &Request) -> Result<&RoleSettings, Error> {
        match &self.document {
            PolicyDocument::Single(settings) => Ok(settings),
            PolicyDocument::Set(entries) => {
                let _ = entries;
                Err(Error::new(
                    ErrorCode::NoMatchingPolicy,
                    "",
                    format!(
                        "no policy in the set matches the role `{}`",
                        request.role_definition_id.as_deref().unwrap_or("")
                    ),
                ))
            }
        }
    }

    /// Checks a request that is already read.
    pub fn check(&self, request: &Request, options: &Options) -> Result<Report, Error> {
        Ok(evaluate(
            self.settings_for(request)?,
            request,
            &options.context(),
        ))
    }

    /// Checks a request given as JSON text.
    pub fn check_json(&self, request: &str, options: &Options) -> Result<Report, Error> {
        self.check_value(&read::parse_json(request, "request")?, options)
    }

    /// Checks a request given as a parsed JSON value.
    pub fn check_value(&self, request: &Value, options: &Options) -> Result<Report, Error> {
        let request = read::request(request, options.level)?;
        self.check(&request, options)
    }

    /// Checks many requests given as JSON texts, on up to `threads` threads; the reports come back
    /// in input order. The first bad request (lowest index) gives the error, with its index set
    /// and its path under `/index` ([`Error::at_index`]); nothing is returned half-done.
    pub fn check_many_json<S: AsRef<str> + Sync>(
        &self,
        requests: &[S],
        options: &Options,
        threads: usize,
    ) -> Result<Vec<Report>, Error> {
        self.check_many_with(requests, threads, |r| self.check_json(r.as_ref(), options))
    }

    /// Checks many requests given as parsed JSON values; as [`Policy::check_many_json`].
    pub fn check_many_values(
        &self,
        requests: &[Value],
        options: &Options,
        threads: usize,
    ) -> Result<Vec<Report>, Error> {
        self.check_many_with(requests, threads, |r| self.check_value(r, options))
    }

    fn check_many_with<R: Sync>(
        &self,
        requests: &[R],
        threads: usize,
        check: impl Fn(&R) -> Result<Report, Error> + Sync,
    ) -> Result<Vec<Report>, Error> {
        let run = |offset: usize, part: &[R]| -> Result<Vec<Report>, Error> {
            part.iter()
                .enumerate()
                .map(|(i, r)| check(r).map_err(|e| e.at_index(offset + i)))
                .collect()
        };
        let threads = threads.clamp(1, 64);
        if threads == 1 || requests.len() < 256 {
            return run(0, requests);
        }
        let per_thread = requests.len().div_ceil(threads);
        let parts: Vec<Result<Vec<Report>, Error>> = std::thread::scope(|scope| {
            let handles: Vec<_> = requests
                .chunks(per_thread)
                .enumerate()
                .map(|(n, part)| {
                    let run = &run;
                    scope.spawn(move || run(n * per_thread, part))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join().unwrap_or_else(|_| {
                        Err(Error::new(
                            ErrorCode::InvalidRequest,
                            "",
                            "internal error while checking a batch",
                        ))
                    })
                })
                .collect()
        });
        let mut reports = Vec::with_capacity(requests.len());
        for part in parts {
            reports.extend(part?);
        }
        Ok(reports)
    }
}
