//! Date-time and duration fields: parsed, with the field's JSON pointer as the error's path.

use chrono::{DateTime, TimeDelta, Utc};

use crate::duration::{parse_iso8601, parse_timespan};
use crate::error::Error;
use crate::json::At;

/// Reads a date-time field, or the `InvalidDateTime` error at it.
pub(crate) fn read_date_time(text: &str, at: &At<'_>) -> Result<DateTime<Utc>, Error> {
    crate::time::parse_date_time(text).map_err(|e| e.under(&at.pointer()))
}

/// Reads a duration field: ISO 8601, or (where `timespan` is allowed, iteration 2) a .NET TimeSpan
/// such as `365.00:00:00`; else the `InvalidDuration` error at it.
pub(crate) fn read_duration(text: &str, at: &At<'_>, timespan: bool) -> Result<TimeDelta, Error> {
    let parsed = if timespan && text.contains(':') {
        parse_timespan(text)
    } else {
        parse_iso8601(text)
    };
    parsed.map_err(|e| e.under(&at.pointer()))
}
