//! Date-times: RFC 3339 / ISO 8601 in, RFC 3339 UTC with `Z` out.

use chrono::{DateTime, Datelike, NaiveDateTime, SecondsFormat, Utc};

/// Reads an RFC 3339 date-time such as `2026-11-24T12:00:00Z` or `2026-11-24T13:00:00.5+01:00`.
/// A time without an offset is read as UTC, as the service does. Returns the reason on failure.
pub fn parse_date_time(text: &str) -> Result<DateTime<Utc>, String> {
    let parsed = DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .ok()
        .or_else(|| {
            ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M"]
                .iter()
                .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
                .map(|naive| naive.and_utc())
        });
    // Years 1 to 9999, as RFC 3339 and the service's .NET DateTime allow.
    if let Some(time) = parsed.filter(|t| (1..=9999).contains(&t.year())) {
        return Ok(time);
    }
    Err(format!(
        "expected an RFC 3339 date-time such as `2026-11-24T12:00:00Z`, found `{}`",
        text
    ))
}

/// Writes a date-time as RFC 3339 in UTC with `Z`; fractions of a second only where present.
pub fn format_date_time(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_offsets_and_naive_times() {
        let with_offset = parse_date_time("2026-11-24T13:00:00+01:00");
        assert_eq!(
            with_offset.map(format_date_time).ok().as_deref(),
            Some("2026-11-24T12:00:00Z")
        );
        let naive = parse_date_time("2026-11-24T12:00:00.25");
        assert_eq!(
            naive.map(format_date_time).ok().as_deref(),
            Some("2026-11-24T12:00:00.250Z")
        );
    }

    #[test]
    fn refuses_impossible_dates() {
        for bad in [
            "2026-02-30T00:00:00Z",
            "2026-01-01T25:00:00Z",
            "10000-01-01T00:00:00Z",
            "yesterday",
            "",
        ] {
            assert!(parse_date_time(bad).is_err(), "{bad:?} was accepted");
        }
    }
}
