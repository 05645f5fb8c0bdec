//! A parsed policy, ready to check many requests.

use serde_json::Value;

use crate::error::{Error, ErrorCode};
use crate::evaluate::evaluate;
use crate::json::InputLimits;
use crate::model::PolicyDocument;
use crate::model::{Request, RoleSettings};
use crate::options::Options;
use crate::read;
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
        Policy::from_json_with_input_limits(text, &InputLimits::default())
    }

    /// Parses a policy of any generation from JSON text within `limits`.
    pub fn from_json_with_input_limits(text: &str, limits: &InputLimits) -> Result<Policy, Error> {
        Ok(Policy {
            document: read::policy_tree(&crate::json::parse_tree(text, "policy", limits)?)?,
        })
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
    /// matches the request's role and scope (`matches`). None, or more than one, is the input
    /// error `NoMatchingPolicy`, which says how many matched and what the set holds.
    pub fn settings_for(&self, request: &Request) -> Result<&RoleSettings, Error> {
        let entries = match &self.document {
            PolicyDocument::Single(settings) => return Ok(settings),
            PolicyDocument::Set(entries) => entries,
        };
        let matching: Vec<&RoleSettings> = entries.iter().filter(|e| matches(e, request)).collect();
        if let [only] = matching.as_slice() {
            return Ok(only);
        }
        Err(no_matching_policy(entries, &matching, request))
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
        let request = Request::from_json(request, options.level, &options.input_limits)?;
        self.check(&request, options)
    }

    /// Checks a request given as a parsed JSON value.
    pub fn check_value(&self, request: &Value, options: &Options) -> Result<Report, Error> {
        let request = Request::from_value(request, options.level)?;
        self.check(&request, options)
    }

    /// Checks many requests given as JSON texts on up to `threads` threads (see [`crate::batch`]):
    /// one result per request, in input order. An error carries its request's index
    /// ([`Error::at_index`]: `index` set, path under `/index`); one bad request never loses the
    /// others' reports.
    pub fn check_many<S: AsRef<str> + Sync>(
        &self,
        requests: &[S],
        options: &Options,
        threads: usize,
    ) -> Vec<Result<Report, Error>> {
        let mut results = Vec::with_capacity(requests.len());
        crate::batch::for_each_ordered(
            requests.iter(),
            threads,
            |request| self.check_json(request.as_ref(), options),
            |result| {
                let index = results.len();
                results.push(result.and_then(|r| r).map_err(|e| e.at_index(index)));
                std::ops::ControlFlow::Continue(())
            },
        );
        results
    }
}

/// Whether a policy-set entry governs `request`: the role definitions are the same (compared by
/// [`role_key`]: a GUID, an ARM resource id ending in the GUID, `member` / `owner` of a group), and
/// the scopes are the same (by [`scope_key`]) where both say one. An entry or a request that names
/// no role matches nothing.
pub fn matches(entry: &RoleSettings, request: &Request) -> bool {
    let same_role = match (&entry.role_definition_id, &request.role_definition_id) {
        (Some(a), Some(b)) => role_key(a) == role_key(b),
        _ => false,
    };
    let same_scope = match (&entry.scope, &request.scope) {
        (Some(a), Some(b)) => scope_key(a) == scope_key(b),
        _ => true,
    };
    same_role && same_scope
}

/// A role definition id reduced to what identifies it: the last segment of a resource id
/// (`/subscriptions/.../roleDefinitions/<guid>` → `<guid>`), the trailing GUID of an id such as
/// `DirectoryRole_<tenant>_<guid>`, in lower case.
pub fn role_key(id: &str) -> String {
    let trimmed = id.trim().trim_end_matches('/');
    let last = trimmed.rsplit('/').next().unwrap_or(trimmed);
    let last = match last.rsplit_once('_') {
        Some((_, tail)) if is_guid(tail) => tail,
        _ => last,
    };
    last.to_ascii_lowercase()
}

/// A scope reduced for comparison: lower case, without a trailing `/` (the root `/` stays).
pub fn scope_key(scope: &str) -> String {
    let trimmed = scope.trim().trim_end_matches('/');
    if trimmed.is_empty() {
        "/".to_owned()
    } else {
        trimmed.to_ascii_lowercase()
    }
}

fn is_guid(text: &str) -> bool {
    text.len() == 36
        && text.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}

fn no_matching_policy(
    entries: &[RoleSettings],
    matching: &[&RoleSettings],
    request: &Request,
) -> Error {
    const SHOWN: usize = 5;
    let show = |value: &Option<String>| match value {
        Some(v) => format!("`{}`", v),
        None => "(none)".to_owned(),
    };
    // What matched where several did; else what the set holds.
    let listed: Vec<&RoleSettings> = if matching.is_empty() {
        entries.iter().collect()
    } else {
        matching.to_vec()
    };
    let mut available: Vec<String> = listed
        .iter()
        .take(SHOWN)
        .map(|e| format!("{} at {}", show(&e.role_definition_id), show(&e.scope)))
        .collect();
    if listed.len() > SHOWN {
        available.push(format!("and {} more", listed.len() - SHOWN));
    }
    let wanted = format!(
        "the role {} at the scope {}",
        show(&request.role_definition_id),
        show(&request.scope)
    );
    let message = if entries.is_empty() {
        format!("the policy set is empty: no policy matches {}", wanted)
    } else if matching.is_empty() {
        format!(
            "0 of the {} policies in the set match {}; the set has {}",
            entries.len(),
            wanted,
            available.join(", ")
        )
    } else {
        format!(
            "{} of the {} policies in the set match {}, expected exactly one: {}",
            matching.len(),
            entries.len(),
            wanted,
            available.join(", ")
        )
    };
    let error = Error::new(ErrorCode::NoMatchingPolicy, "", message);
    if !entries.is_empty() && entries.iter().all(|e| e.role_definition_id.is_none()) {
        error.with_hint("no entry of the set names its role: list policy assignments (Graph with `$expand=policy($expand=rules)`, ARM `roleManagementPolicyAssignments` with `effectiveRules`), not policies")
    } else if request.role_definition_id.is_none() {
        error.with_hint("give the request its `roleDefinitionId` (PIM for Groups: `accessId`)")
    } else if matching.len() > 1 && request.scope.is_none() {
        error.with_hint(
            "give the request its scope (`directoryScopeId`, `scope`, `groupId` or `resourceId`)",
        )
    } else {
        error
    }
}

#[cfg(test)]
mod tests {
    /// A parsed policy is shared between threads by the CLI, the Python binding (GIL released) and
    /// the Node binding (libuv workers): it must stay `Send + Sync`.
    #[test]
    fn policy_is_send_and_sync() {
        fn shareable<T: Send + Sync + 'static>() {}
        shareable::<super::Policy>();
        shareable::<crate::Report>();
        shareable::<crate::Error>();
    }

    #[test]
    fn check_many_answers_every_request_in_order() {
        let policy = super::Policy::from_json(
            r#"{"userMemberSettings": [{"ruleIdentifier": "ExpirationRule",
                "setting": "{\"permanentAssignment\":false,\"maximumGrantPeriodInMinutes\":480}"}]}"#,
        );
        let Ok(policy) = policy else {
            return assert!(policy.is_ok(), "{policy:?}");
        };
        let request = |duration: &str| {
            format!(
                r#"{{"type": "UserAdd", "assignmentState": "Active", "linkedEligibleRoleAssignmentId": "e",
                    "schedule": {{"type": "Once", "startDateTime": "2026-01-01T00:00:00Z", "duration": "{duration}"}}}}"#
            )
        };
        let options = crate::Options::new(chrono::DateTime::UNIX_EPOCH);
        // Long enough to run on threads; every 100th request is bad, every 7th denied.
        let requests: Vec<String> = (0..3 * crate::batch::CHUNK + 5)
            .map(|i| match (i % 100, i % 7) {
                (1, _) => "{".to_owned(),
                (_, 0) => request("PT9H"),
                _ => request("PT1H"),
            })
            .collect();
        for threads in [1, 4] {
            let results = policy.check_many(&requests, &options, threads);
            assert_eq!(results.len(), requests.len());
            for (i, result) in results.iter().enumerate() {
                match result {
                    Ok(report) => assert_eq!(report.allowed, i % 7 != 0, "at {i}"),
                    Err(error) => {
                        assert_eq!(i % 100, 1, "at {i}: {error:?}");
                        assert_eq!(error.index(), Some(i));
                        assert_eq!(error.path(), format!("/{i}"));
                    }
                }
            }
        }
    }
}
