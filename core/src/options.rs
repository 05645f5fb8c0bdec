//! The options a request is checked with (contract 1.3), and the one place their text forms are
//! read, so that the CLI and the bindings give the same `InvalidOption` errors.

use chrono::{DateTime, Utc};

use crate::error::{Error, ErrorCode};
use crate::evaluate::Context;
use crate::json::InputLimits;
use crate::model::Level;

/// Options for a check: the evaluation time, what is known of MFA, and the level where a request
/// does not say it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// The evaluation time.
    pub now: DateTime<Utc>,
    /// Whether the sign-in satisfied MFA; `None` is unknown.
    pub mfa: Option<bool>,
    /// The level of an iteration-3 request that does not say it (contract 1.2).
    pub level: Option<Level>,
    /// The size limit of the request texts read with these options.
    pub input_limits: InputLimits,
}

impl Options {
    /// Options at `now`, with MFA and level unknown.
    pub fn new(now: DateTime<Utc>) -> Self {
        Options {
            now,
            mfa: None,
            level: None,
            input_limits: InputLimits::default(),
        }
    }

    /// The same options with another input size limit.
    pub fn with_input_limits(mut self, input_limits: InputLimits) -> Self {
        self.input_limits = input_limits;
        self
    }

    /// The same options with `mfa` set.
    pub fn with_mfa(mut self, mfa: Option<bool>) -> Self {
        self.mfa = mfa;
        self
    }

    /// The same options with `level` set.
    pub fn with_level(mut self, level: Option<Level>) -> Self {
        self.level = level;
        self
    }

    /// The `InvalidOption` error for an option that a binding received as a host value of the wrong
    /// kind (`mfa` given as a string, `level` as a number, an invalid `Date` as `now`, a negative or
    /// fractional input size limit); `option` is the option as the host spells it (the core reads
    /// it without regard to case or underscores), `found` the value as the host writes it. The
    /// bindings use it so that the message is the core's.
    pub fn wrong_kind(option: &str, found: &str) -> Error {
        const EXPECTED: [(&str, &str); 4] = [
            ("now", "a date-time (RFC 3339)"),
            ("mfa", "`true` or `false`"),
            ("level", "`assignment` or `eligibility`"),
            ("max_input_bytes", "a whole number of bytes (0 or more)"),
        ];
        let expected = EXPECTED
            .iter()
            .find(|(name, _)| crate::json::key_matches(option, name))
            .map_or("a known option", |(_, expected)| expected);
        Error::new(
            ErrorCode::InvalidOption,
            option,
            format!(
                "option `{}` must be {}, found `{}`",
                option, expected, found
            ),
        )
    }

    /// The evaluator's part of the options.
    pub fn context(&self) -> Context {
        Context {
            now: self.now,
            mfa: self.mfa,
        }
    }
}

/// Reads the `now` option: an RFC 3339 date-time (no offset means UTC).
pub fn parse_now(text: &str) -> Result<DateTime<Utc>, Error> {
    crate::time::parse_date_time(text).map_err(|e| {
        Error::new(
            ErrorCode::InvalidOption,
            "now",
            format!("option `now`: {}", e.message()),
        )
    })
}

/// Reads the `mfa` option: `true` or `false`.
pub fn parse_mfa(text: &str) -> Result<bool, Error> {
    match text {
        "true" => Ok(true),
        "false" => Ok(false),
        other => Err(Error::new(
            ErrorCode::InvalidOption,
            "mfa",
            format!("option `mfa` must be `true` or `false`, found `{}`", other),
        )),
    }
}

/// Reads the `level` option: `assignment` or `eligibility`.
pub fn parse_level(text: &str) -> Result<Level, Error> {
    Level::parse(text).ok_or_else(|| {
        Error::new(
            ErrorCode::InvalidOption,
            "level",
            format!(
                "option `level` must be `assignment` or `eligibility`, found `{}`",
                text
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrong_kind_of_option_is_named_as_the_host_spells_it() {
        for spelled in ["max_input_bytes", "maxInputBytes"] {
            let error = Options::wrong_kind(spelled, "-1");
            assert_eq!(
                (error.code(), error.path()),
                (ErrorCode::InvalidOption, spelled)
            );
            assert_eq!(
                error.message(),
                format!(
                    "option `{spelled}` must be a whole number of bytes (0 or more), found `-1`"
                )
            );
        }
        let unknown = Options::wrong_kind("colour", "red");
        assert!(unknown
            .message()
            .ends_with("must be a known option, found `red`"));
    }
}
