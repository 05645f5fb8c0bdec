//! Date-time and duration fields: parsed with their JSON pointer in the error.

use chrono::{DateTime, TimeDelta, Utc};

use crate::duration::{parse_iso8601, parse_timespan};
use crate::error::{Error, ErrorCode};
use crate::json::At;

/// Reads a date-time field, or the `InvalidDateTime` error naming it.
pub(crate) fn read_date_time(text: &str, at: &At<'_>) -> Result<DateTime<Utc>, Error> {
    crate::time::parse_date_time(text).map_err(|reason| {
        at.error(
            ErrorCode::InvalidDateTime,
            format!("`{}`: {}", at.pointer(), reason),
        )
    })
}

/// Reads a duration field: ISO 8601, or (where `timespan` is allowed, iteration 2) a .NET TimeSpan
/// such as `365.00:00:00`; else the `InvalidDuration` error naming it.
pub(crate) fn read_duration(text: &str, at: &At<'_>, timespan: bool) -> Result<TimeDelta, Error> {
    let parsed = if timespan && text.contains(':') {
        parse_timespan(text)
    } else {
        parse_iso8601(text)
    };
    parsed.map_err(|e| {
        let error = at.error(
            ErrorCode::InvalidDuration,
            format!("`{}`: {}", at.pointer(), e.message),
        );
        match e.hint {
            Some(hint) => error.with_hint(hint),
            None => error,
        }
    })
}
