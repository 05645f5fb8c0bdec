//! Input errors: the one error type of every fallible entry point (contract section 3.4).
//!
//! Style (shared by every message in pimcheck): lowercase, no trailing period, the user's value in
//! backticks, what was expected; a separate `hint` where a fix exists.

use std::fmt;

/// Where to report a bug (the `Internal` error says it).
const REPORT_BUGS_AT: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/issues");

/// The stable code of an input error (contract section 3.4). Serialized as its name. New codes may
/// be added, so a `match` on it needs a `_` arm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// The text is not JSON (truncated, empty, invalid UTF-8, ...).
    InvalidJson,
    /// The policy JSON matches none of the known role-settings shapes.
    UnknownPolicyShape,
    /// The request JSON matches none of the known request shapes.
    UnknownRequestShape,
    /// The policy has a known shape but a field has the wrong type or value.
    InvalidPolicy,
    /// The request has a known shape but a field has the wrong type or value.
    InvalidRequest,
    /// A date-time that is not RFC 3339 / ISO 8601, or an impossible date.
    InvalidDateTime,
    /// A duration that is not ISO 8601 in the service's form (`P[nD][T[nH][nM][nS]]`).
    InvalidDuration,
    /// An iteration-3 request whose level (assignment or eligibility) nothing tells.
    AmbiguousLevel,
    /// A policy set in which no entry, or more than one, matches the request.
    NoMatchingPolicy,
    /// A bad option value (`now`, `mfa`, `level`, ...).
    InvalidOption,
    /// A policy, a request or a line of a batch over the input size limit
    /// ([`crate::InputLimits`]).
    InputTooLarge,
    /// A file or standard input that cannot be read (missing, a directory, no permission, ...).
    Unreadable,
    /// A bug in pimcheck: a panic caught at a boundary (a batch's worker, a binding's call).
    Internal,
    /// An entry of a schedule list (`pimcheck audit`) matches none of the known schedule shapes.
    UnknownScheduleShape,
    /// An entry of a schedule list has a known shape but a field has the wrong type or value.
    InvalidSchedule,
}

impl ErrorCode {
    /// The code's stable name, as written in reports and exceptions.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidJson => "InvalidJson",
            ErrorCode::UnknownPolicyShape => "UnknownPolicyShape",
            ErrorCode::UnknownRequestShape => "UnknownRequestShape",
            ErrorCode::InvalidPolicy => "InvalidPolicy",
            ErrorCode::InvalidRequest => "InvalidRequest",
            ErrorCode::InvalidDateTime => "InvalidDateTime",
            ErrorCode::InvalidDuration => "InvalidDuration",
            ErrorCode::AmbiguousLevel => "AmbiguousLevel",
            ErrorCode::NoMatchingPolicy => "NoMatchingPolicy",
            ErrorCode::InvalidOption => "InvalidOption",
            ErrorCode::InputTooLarge => "InputTooLarge",
            ErrorCode::Unreadable => "Unreadable",
            ErrorCode::Internal => "Internal",
            ErrorCode::UnknownScheduleShape => "UnknownScheduleShape",
            ErrorCode::InvalidSchedule => "InvalidSchedule",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An input error: the input could not be read, so there is no report.
///
/// `path` is a JSON pointer into the document that was being read (the policy, the request, or an
/// option name such as `now`); `message` names the value and what was expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct Error {
    code: ErrorCode,
    path: String,
    message: String,
    hint: Option<String>,
    index: Option<usize>,
}

impl Error {
    /// A new error; `message` follows the style above.
    pub fn new(code: ErrorCode, path: impl Into<String>, message: impl Into<String>) -> Self {
        Error {
            code,
            path: path.into(),
            message: message.into(),
            hint: None,
            index: None,
        }
    }

    /// The `Internal` error: a panic caught while `what` (e.g. `checking a batch`), which is a bug
    /// in pimcheck; the message says so and where to report it.
    pub fn internal(what: &str) -> Self {
        Error::new(
            ErrorCode::Internal,
            "",
            format!(
                "internal error in pimcheck while {}: this is a bug, please report it with the input at {}",
                what, REPORT_BUGS_AT
            ),
        )
    }

    /// The `Unreadable` error for an input that cannot be read: `source` is the file's path, or `-`
    /// for standard input; `what` names the input (`policy`, `request`, `requests`) and is the
    /// error's path, as the option that named the file; `reason` is the system's error text.
    pub fn unreadable(source: &str, what: &str, reason: &str) -> Self {
        let message = if source == "-" {
            format!("cannot read the {} from standard input: {}", what, reason)
        } else {
            format!("cannot read the {} file `{}`: {}", what, source, reason)
        };
        Error::new(ErrorCode::Unreadable, what, message)
    }

    /// The same error for the request at `index` of a batch: `index` is set and the path is put
    /// under `/index` (`/3/scheduleInfo/...`), as the bindings' `check_many` report it.
    pub fn at_index(self, index: usize) -> Self {
        let mut error = self.under(&format!("/{}", index));
        error.index = Some(index);
        error
    }

    /// The same error with `index` set and its path unchanged: for an entry of a list whose path
    /// already says where it is (`/value/3/endDateTime` of a schedule list).
    pub fn with_index(mut self, index: usize) -> Self {
        self.index = Some(index);
        self
    }

    /// The position of the offending request in a batch, where the error came from one.
    pub fn index(&self) -> Option<usize> {
        self.index
    }

    /// The same error with a hint (how to fix it).
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The same error with its path put under `prefix` (a JSON pointer), e.g. `/3` for the fourth
    /// request of a batch, or `/adminMemberSettings/0/setting` for a parsed setting string.
    pub fn under(mut self, prefix: &str) -> Self {
        let mut path = String::with_capacity(prefix.len() + self.path.len());
        path.push_str(prefix);
        path.push_str(&self.path);
        self.path = path;
        self
    }

    /// The same error with its message and hint replaced (code, path and index kept): redaction.
    pub(crate) fn with_texts(mut self, message: String, hint: Option<String>) -> Self {
        self.message = message;
        self.hint = hint;
        self
    }

    /// The stable code (contract section 3.4).
    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// The JSON pointer of the offending value (empty for the whole document).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The message: what was found and what was expected.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// How to fix it, where a fix is known.
    pub fn hint(&self) -> Option<&str> {
        self.hint.as_deref()
    }

    /// The code, the message, the path and the hint, on one line: what the CLI prints. Messages
    /// never repeat their path: a JSON pointer (a path that starts with `/`) is added here as
    /// ` (at `PATH`)`. The path of an option or input error (`InvalidOption`, `Unreadable`) is the
    /// option's or input's name, which its message says in its own words, so it is not repeated.
    pub fn one_line(&self) -> String {
        let mut line = format!("{}: {}", self.code, self.message);
        if self.path.starts_with('/') {
            line.push_str(" (at `");
            line.push_str(&self.path);
            line.push_str("`)");
        }
        if let Some(hint) = &self.hint {
            line.push_str("; hint: ");
            line.push_str(hint);
        }
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_adds_a_json_pointer_once_and_no_option_name() {
        let at_field = Error::new(
            ErrorCode::InvalidRequest,
            "/schedule/type",
            "expected a string, found the number `5`",
        );
        assert_eq!(
            at_field.one_line(),
            "InvalidRequest: expected a string, found the number `5` (at `/schedule/type`)"
        );
        let in_batch = at_field.at_index(3);
        assert_eq!(
            (in_batch.path(), in_batch.index()),
            ("/3/schedule/type", Some(3))
        );
        let option = Error::new(
            ErrorCode::InvalidOption,
            "mfa",
            "option `mfa` must be `true` or `false`, found `yes`",
        )
        .with_hint("say `true` or `false`");
        assert_eq!(
            option.one_line(),
            "InvalidOption: option `mfa` must be `true` or `false`, found `yes`; hint: say `true` or `false`"
        );
    }

    #[test]
    fn internal_and_unreadable_say_what_happened() {
        let internal = Error::internal("checking a batch");
        assert_eq!(internal.code(), ErrorCode::Internal);
        assert!(internal
            .message()
            .contains("while checking a batch: this is a bug"));
        assert!(internal.message().ends_with(REPORT_BUGS_AT));
        let file = Error::unreadable("p.json", "policy", "No such file or directory (os error 2)");
        assert_eq!(
            (file.code(), file.path()),
            (ErrorCode::Unreadable, "policy")
        );
        assert_eq!(
            file.message(),
            "cannot read the policy file `p.json`: No such file or directory (os error 2)"
        );
        let stdin = Error::unreadable("-", "requests", "stream did not contain valid UTF-8");
        assert_eq!(
            stdin.message(),
            "cannot read the requests from standard input: stream did not contain valid UTF-8"
        );
        assert_eq!(stdin.one_line(), format!("Unreadable: {}", stdin.message()));
    }
}
