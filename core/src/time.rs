//! Date-times: RFC 3339 / ISO 8601 in, RFC 3339 UTC with `Z` out.

use chrono::{DateTime, Datelike, NaiveDateTime, SecondsFormat, Timelike, Utc};

use crate::error::{Error, ErrorCode};

/// Reads an RFC 3339 date-time such as `2026-11-24T12:00:00Z` or `2026-11-24T13:00:00.5+01:00`.
/// A time without an offset is read as UTC, as the service does. The error is `InvalidDateTime`,
/// with an empty path.
pub fn parse_date_time(text: &str) -> Result<DateTime<Utc>, Error> {
    let parsed = parse_common(text.as_bytes())
        .or_else(|| {
            DateTime::parse_from_rfc3339(text)
                .map(|t| t.with_timezone(&Utc))
                .ok()
        })
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
    Err(Error::new(
        ErrorCode::InvalidDateTime,
        "",
        format!(
            "expected an RFC 3339 date-time such as `2026-11-24T12:00:00Z`, found `{}`",
            crate::json::shorten(text)
        ),
    ))
}

/// The form every documented payload uses, `YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|±HH:MM)`, read by hand
/// (a request carries two; chrono's general parser costs several times more). Anything else,
/// including what this form would read but chrono reads differently (leap seconds), gives `None`
/// and goes through chrono; where both read a text they give the same time (tested below).
fn parse_common(text: &[u8]) -> Option<DateTime<Utc>> {
    fn digits(text: &[u8], from: usize, count: usize) -> Option<u32> {
        let mut value = 0u32;
        for &byte in text.get(from..from + count)? {
            if !byte.is_ascii_digit() {
                return None;
            }
            value = value * 10 + u32::from(byte - b'0');
        }
        Some(value)
    }
    let separators = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')];
    if separators
        .iter()
        .any(|&(at, byte)| text.get(at) != Some(&byte))
    {
        return None;
    }
    let (year, month, day) = (
        digits(text, 0, 4)?,
        digits(text, 5, 2)?,
        digits(text, 8, 2)?,
    );
    let (hour, minute, second) = (
        digits(text, 11, 2)?,
        digits(text, 14, 2)?,
        digits(text, 17, 2)?,
    );
    if second > 59 {
        return None;
    }
    let mut at = 19;
    let mut nanos = 0;
    if text.get(at) == Some(&b'.') {
        let count = text
            .get(at + 1..)?
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if !(1..=9).contains(&count) {
            return None;
        }
        nanos = digits(text, at + 1, count)? * 10u32.pow(9 - count as u32);
        at += 1 + count;
    }
    let offset_seconds = match text.get(at..)? {
        b"Z" => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let hours = digits(&[*h1, *h2], 0, 2)?;
            let minutes = digits(&[*m1, *m2], 0, 2)?;
            if hours > 23 || minutes > 59 {
                return None;
            }
            let seconds = i64::from(hours * 3600 + minutes * 60);
            if *sign == b'-' {
                -seconds
            } else {
                seconds
            }
        }
        _ => return None,
    };
    let local = chrono::NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?
        .and_hms_nano_opt(hour, minute, second, nanos)?;
    let utc = local.checked_sub_signed(chrono::TimeDelta::seconds(offset_seconds))?;
    Some(utc.and_utc())
}

/// Writes a date-time as RFC 3339 in UTC with `Z`; fractions of a second only where present.
pub fn format_date_time(time: DateTime<Utc>) -> String {
    let mut out = String::with_capacity(30);
    write_date_time(&mut out, time);
    out
}

/// Appends [`format_date_time`]'s text to `out` without allocating on its own. The same bytes as
/// chrono's `to_rfc3339_opts(SecondsFormat::AutoSi, true)`, written by hand for years 0 to 9999
/// (the report's hot path); other years and leap seconds go through chrono.
pub(crate) fn write_date_time(out: &mut String, time: DateTime<Utc>) {
    let (year, nanos) = (time.year(), time.nanosecond());
    if !(0..=9999).contains(&year) || nanos >= 1_000_000_000 {
        out.push_str(&time.to_rfc3339_opts(SecondsFormat::AutoSi, true));
        return;
    }
    let seconds = time.num_seconds_from_midnight();
    let mut buffer = *b"0000-00-00T00:00:00";
    let fields = [
        (0, year as u32, 4),
        (5, time.month(), 2),
        (8, time.day(), 2),
        (11, seconds / 3600, 2),
        (14, seconds / 60 % 60, 2),
        (17, seconds % 60, 2),
    ];
    for (at, mut value, width) in fields {
        for i in (at..at + width).rev() {
            if let Some(digit) = buffer.get_mut(i) {
                *digit = b'0' + (value % 10) as u8;
            }
            value /= 10;
        }
    }
    out.push_str(std::str::from_utf8(&buffer).unwrap_or_default());
    if nanos != 0 {
        let (value, width) = if nanos % 1_000_000 == 0 {
            (nanos / 1_000_000, 3)
        } else if nanos % 1_000 == 0 {
            (nanos / 1_000, 6)
        } else {
            (nanos, 9)
        };
        let mut fraction = *b".000000000";
        let mut rest = value;
        for i in (1..=width).rev() {
            if let Some(digit) = fraction.get_mut(i) {
                *digit = b'0' + (rest % 10) as u8;
            }
            rest /= 10;
        }
        out.push_str(
            std::str::from_utf8(fraction.get(..=width).unwrap_or_default()).unwrap_or_default(),
        );
    }
    out.push('Z');
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

    #[test]
    fn writes_the_same_bytes_as_chrono() {
        use chrono::TimeDelta;
        let base = parse_date_time("2026-11-24T12:00:00Z").unwrap_or_default();
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for i in 0..20_000i64 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let nanos = match i % 4 {
                0 => 0,
                1 => (seed % 1000) as i64 * 1_000_000,
                2 => (seed % 1_000_000) as i64 * 1_000,
                _ => (seed % 1_000_000_000) as i64,
            };
            let seconds = (seed >> 20) as i64 % (400 * 366 * 86_400) - 200 * 366 * 86_400;
            let time = base + TimeDelta::seconds(seconds) + TimeDelta::nanoseconds(nanos);
            assert_eq!(
                format_date_time(time),
                time.to_rfc3339_opts(SecondsFormat::AutoSi, true)
            );
        }
        for text in ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z"] {
            let time = parse_date_time(text).unwrap_or_default();
            assert_eq!(format_date_time(time), text);
        }
        let far = base + TimeDelta::days(365 * 9000);
        assert_eq!(
            format_date_time(far),
            far.to_rfc3339_opts(SecondsFormat::AutoSi, true)
        );
    }

    #[test]
    fn the_common_form_reads_as_chrono_reads_it() {
        let texts = [
            "2026-11-24T12:00:00Z",
            "2018-05-12T23:28:43.537Z",
            "2020-09-09T21:35:27.91Z",
            "2021-03-17T16:35:27.91+00:00",
            "2026-11-24T13:00:00.5+01:00",
            "2026-11-24T13:00:00.123456789-05:30",
            "0001-01-01T00:00:00Z",
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999999Z",
            "9999-12-31T23:00:00-02:00",
            "2024-02-29T00:00:00Z",
            "2026-02-29T00:00:00Z",
            "2026-02-30T00:00:00Z",
            "2026-01-01T24:00:00Z",
            "2026-01-01T23:60:00Z",
            "2026-01-01T23:59:60Z",
            "2026-01-01T00:00:00+24:00",
            "2026-01-01T00:00:00+23:59",
            "2026-01-01T00:00:00.Z",
            "2026-01-01T00:00:00.1234567891Z",
            "2026-01-01t00:00:00z",
            "2026-01-01 00:00:00Z",
            "2026-1-01T00:00:00Z",
            "2026-01-01T00:00:00",
            "2026-01-01T00:00:00+0100",
            "+2026-01-01T00:00:00Z",
        ];
        for text in texts {
            let chrono = DateTime::parse_from_rfc3339(text)
                .map(|t| t.with_timezone(&Utc))
                .ok();
            if let Some(fast) = parse_common(text.as_bytes()) {
                assert_eq!(Some(fast), chrono, "{text}");
            }
        }
        let mut seed: u64 = 0x853c_49e6_748f_ea9b;
        for i in 0..20_000u64 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let fraction = match i % 4 {
                0 => String::new(),
                1 => format!(".{}", seed % 1000),
                2 => format!(".{:06}", seed % 1_000_000),
                _ => format!(".{:09}", seed % 1_000_000_000),
            };
            let offset = match i % 3 {
                0 => "Z".to_owned(),
                1 => format!("+{:02}:{:02}", seed % 24, (seed >> 8) % 60),
                _ => format!("-{:02}:{:02}", (seed >> 16) % 24, (seed >> 24) % 60),
            };
            let text = format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}{}",
                (seed >> 32) % 10_000,
                (seed >> 20) % 13,
                (seed >> 12) % 32,
                (seed >> 4) % 25,
                (seed >> 40) % 61,
                (seed >> 48) % 61,
                fraction,
                offset
            );
            let chrono = DateTime::parse_from_rfc3339(&text)
                .map(|t| t.with_timezone(&Utc))
                .ok();
            if let Some(fast) = parse_common(text.as_bytes()) {
                assert_eq!(Some(fast), chrono, "{text}");
            } else if i % 3 == 0 && !text.contains(":60") {
                // Only leap seconds and invalid dates may leave the fast path.
                assert!(chrono.is_none(), "{text}");
            }
        }
        assert!(parse_common(b"2018-05-12T23:28:43.537Z").is_some());
        assert!(parse_common(b"2026-11-24T13:00:00.5+01:00").is_some());
    }
}
