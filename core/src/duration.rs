//! ISO 8601 durations in the service's own form, and .NET TimeSpans (iteration 2).
//!
//! Reading uses the `iso8601` crate for the grammar, with three checks around it that the crate does
//! not make: the whole text must be consumed, a `T` must be followed by a component, and years or
//! months (which have no fixed length, and which the service refuses) are an error whose hint gives
//! the equivalent in days. Writing produces the canonical form `P[nD][T[nH][nM][n[.f]S]]`.

use chrono::TimeDelta;

use crate::error::{Error, ErrorCode};

/// The `InvalidDuration` error (its path is set by the reader that read the field).
fn invalid(message: String) -> Error {
    Error::new(ErrorCode::InvalidDuration, "", message)
}

fn refuse(text: &str) -> Error {
    invalid(format!(
        "expected an ISO 8601 duration such as `PT8H` or `P365D`, found `{}`",
        crate::json::shorten(text)
    ))
    .with_hint("write days, hours, minutes and seconds: `P[nD][T[nH][nM][nS]]`")
}

/// Reads an ISO 8601 duration such as `PT8H`, `P365D`, `P1DT2H30M`, `PT1.5S` or `P2W` (a week is
/// 7 days). A leading `-` gives a negative duration (Graph's `Edm.Duration` allows it; a negative
/// request is then refused by the evaluator, not here). Years and months are refused. The error is
/// `InvalidDuration`, with a hint, and an empty path.
pub fn parse_iso8601(text: &str) -> Result<TimeDelta, Error> {
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    // The crate also reads the alternative form `P0001-02-03T04:05:06` and stops at the first byte
    // it cannot read; neither is the service's form.
    let well_formed = body.len() > 1
        && body.starts_with('P')
        && !body.ends_with('T')
        && body
            .bytes()
            .all(|b| b.is_ascii_digit() || b"PTWDHMSY.,".contains(&b));
    if !well_formed {
        return Err(refuse(text));
    }
    if let Some(millis) = simple_millis(body.as_bytes()) {
        let magnitude = TimeDelta::milliseconds(millis);
        if !within_range(magnitude) {
            return Err(refuse(text));
        }
        return Ok(if negative { -magnitude } else { magnitude });
    }
    let (rest, parsed) =
        iso8601::parsers::parse_duration(body.as_bytes()).map_err(|_| refuse(text))?;
    if !rest.is_empty() {
        return Err(refuse(text));
    }
    let magnitude = match parsed {
        // As many days as a `nD` component can hold, so that every duration read can be written
        // in days and read again.
        iso8601::Duration::Weeks(weeks) if u64::from(weeks) * 7 <= u64::from(u32::MAX) => {
            TimeDelta::try_days(i64::from(weeks) * 7)
        }
        iso8601::Duration::Weeks(_) => None,
        iso8601::Duration::YMDHMS {
            year,
            month,
            day,
            hour,
            minute,
            second,
            millisecond,
        } => {
            if year != 0 || month != 0 {
                let days = u64::from(year) * 365 + u64::from(month) * 30 + u64::from(day);
                return Err(invalid(format!(
                    "years and months have no fixed length and the service refuses them, found `{}`",
                    crate::json::shorten(text)
                ))
                .with_hint(format!("write the length in days, e.g. `P{}D`", days)));
            }
            let millis = i64::from(day) * 86_400_000
                + i64::from(hour) * 3_600_000
                + i64::from(minute) * 60_000
                + i64::from(second) * 1_000
                + i64::from(millisecond);
            Some(TimeDelta::milliseconds(millis))
        }
    };
    let magnitude = magnitude
        .filter(|m| within_range(*m))
        .ok_or_else(|| refuse(text))?;
    Ok(if negative { -magnitude } else { magnitude })
}

/// The milliseconds of the forms nearly every document writes (`PT8H`, `P90D`, `P1DT2H30M`: whole
/// numbers of at most nine digits, a day count, then hours, minutes and seconds in that order),
/// read without the crate's parser combinators; `None` for any other text, which the crate then
/// reads. The crate reads these forms to the same value (a property below checks it).
fn simple_millis(body: &[u8]) -> Option<i64> {
    const MAX_DIGITS: usize = 9;
    let mut rest = body.strip_prefix(b"P")?;
    let mut millis: i64 = 0;
    // The rank of the last unit read (D 1, H 2, M 3, S 4); units must come in that order.
    let mut rank = 0;
    let mut after_t = false;
    while let Some((&first, tail)) = rest.split_first() {
        if first == b'T' {
            // Once, and followed by a component.
            if after_t || tail.is_empty() {
                return None;
            }
            after_t = true;
            rest = tail;
            continue;
        }
        let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 || digits > MAX_DIGITS {
            return None;
        }
        let (number, tail) = rest.split_at(digits);
        let value = number
            .iter()
            .fold(0i64, |n, d| n * 10 + i64::from(d - b'0'));
        let (&unit, tail) = tail.split_first()?;
        let (unit_rank, unit_millis) = match (unit, after_t) {
            (b'D', false) => (1, 86_400_000),
            (b'H', true) => (2, 3_600_000),
            (b'M', true) => (3, 60_000),
            (b'S', true) => (4, 1_000),
            _ => return None,
        };
        if unit_rank <= rank {
            return None;
        }
        rank = unit_rank;
        millis += value * unit_millis;
        rest = tail;
    }
    (rank > 0).then_some(millis)
}

/// Reads a .NET TimeSpan as iteration 2 writes it: `[-][d.]hh:mm[:ss[.fffffff]]`, e.g.
/// `365.00:00:00` or `2:00:00`. The error is `InvalidDuration`, with an empty path.
pub fn parse_timespan(text: &str) -> Result<TimeDelta, Error> {
    let refuse_span = || {
        invalid(format!(
            "expected a TimeSpan such as `365.00:00:00` or `8:00:00`, found `{}`",
            crate::json::shorten(text)
        ))
    };
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let mut parts = body.split(':');
    let (days, hours) = match parts.next() {
        Some(first) => match first.split_once('.') {
            Some((d, h)) => (parse_digits(d), parse_digits(h)),
            None => (Some(0), parse_digits(first)),
        },
        None => (None, None),
    };
    let minutes = parts.next().and_then(parse_digits);
    let (seconds, nanos) = match parts.next() {
        None => (Some(0), Some(0)),
        Some(sec) => match sec.split_once('.') {
            Some((s, frac)) => (parse_digits(s), parse_fraction_nanos(frac)),
            None => (parse_digits(sec), Some(0)),
        },
    };
    if parts.next().is_some() {
        return Err(refuse_span());
    }
    let (Some(days), Some(hours), Some(minutes), Some(seconds), Some(nanos)) =
        (days, hours, minutes, seconds, nanos)
    else {
        return Err(refuse_span());
    };
    if hours > 23 || minutes > 59 || seconds > 59 {
        return Err(refuse_span());
    }
    let secs = days
        .checked_mul(86_400)
        .and_then(|d| d.checked_add(hours * 3_600 + minutes * 60 + seconds))
        .and_then(|s| i64::try_from(s).ok())
        .ok_or_else(refuse_span)?;
    let delta = TimeDelta::new(secs, nanos)
        .filter(|d| within_range(*d))
        .ok_or_else(refuse_span)?;
    Ok(if negative { -delta } else { delta })
}

/// At most as many whole days as a `nD` component can hold (about 11.7 million years), so every
/// duration read can be written in the canonical form and read again.
fn within_range(duration: TimeDelta) -> bool {
    duration.num_days() <= i64::from(u32::MAX)
}

fn parse_digits(text: &str) -> Option<u64> {
    if text.is_empty() || text.len() > 12 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn parse_fraction_nanos(text: &str) -> Option<u32> {
    if text.is_empty() || text.len() > 7 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Kept to the millisecond, like the ISO 8601 form (the `iso8601` crate's precision).
    let millis: u32 = format!("{:0<3}", text).get(..3)?.parse().ok()?;
    Some(millis * 1_000_000)
}

/// Writes a duration in the canonical form `P[nD][T[nH][nM][n[.f]S]]`: `PT8H`, `P365D`,
/// `P1DT2H30M`, `PT1.5S`; zero is `PT0S`, a negative duration starts with `-`.
pub fn format_iso8601(duration: TimeDelta) -> String {
    let mut out = String::with_capacity(16);
    write_iso8601(&mut out, duration);
    out
}

/// Appends [`format_iso8601`]'s text to `out` (no allocation of its own: the report's hot path).
pub(crate) fn write_iso8601(out: &mut String, duration: TimeDelta) {
    if duration < TimeDelta::zero() {
        out.push('-');
    }
    let abs = duration.abs();
    let total = abs.num_seconds().unsigned_abs();
    let nanos = abs.subsec_nanos().unsigned_abs();
    let (days, hours, minutes, seconds) = (
        total / 86_400,
        total % 86_400 / 3_600,
        total % 3_600 / 60,
        total % 60,
    );
    out.push('P');
    if days > 0 {
        push_number(out, days);
        out.push('D');
    }
    if hours > 0 || minutes > 0 || seconds > 0 || nanos > 0 || days == 0 {
        out.push('T');
        if hours > 0 {
            push_number(out, hours);
            out.push('H');
        }
        if minutes > 0 {
            push_number(out, minutes);
            out.push('M');
        }
        if seconds > 0 || nanos > 0 || (days == 0 && hours == 0 && minutes == 0) {
            push_number(out, seconds);
            if nanos > 0 {
                // Nine digits, trailing zeros dropped.
                let mut digits = *b"000000000";
                let mut rest = nanos;
                for digit in digits.iter_mut().rev() {
                    *digit = b'0' + (rest % 10) as u8;
                    rest /= 10;
                }
                let used = digits.iter().rposition(|&d| d != b'0').map_or(0, |i| i + 1);
                out.push('.');
                for &digit in digits.iter().take(used) {
                    out.push(char::from(digit));
                }
            }
            out.push('S');
        }
    }
}

/// Appends a number in decimal.
fn push_number(out: &mut String, mut value: u64) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        if let Some(digit) = digits.get_mut(start) {
            *digit = b'0' + (value % 10) as u8;
        }
        value /= 10;
        if value == 0 || start == 0 {
            break;
        }
    }
    for &digit in digits.iter().skip(start) {
        out.push(char::from(digit));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// [`parse_iso8601`] with the crate alone, as it read every duration before the fast path.
    fn by_the_crate(body: &str) -> Option<TimeDelta> {
        let (rest, parsed) = iso8601::parsers::parse_duration(body.as_bytes()).ok()?;
        match (rest.is_empty(), parsed) {
            (
                true,
                iso8601::Duration::YMDHMS {
                    year: 0,
                    month: 0,
                    day,
                    hour,
                    minute,
                    second,
                    millisecond,
                },
            ) => Some(TimeDelta::milliseconds(
                i64::from(day) * 86_400_000
                    + i64::from(hour) * 3_600_000
                    + i64::from(minute) * 60_000
                    + i64::from(second) * 1_000
                    + i64::from(millisecond),
            )),
            _ => None,
        }
    }

    proptest! {
        /// Every text the fast path reads, the crate reads to the same value.
        #[test]
        fn the_fast_path_reads_as_the_crate_does(
            text in "P([0-9]{1,10}D)?(T([0-9]{1,10}H)?([0-9]{1,10}M)?([0-9]{1,10}S)?)?",
            noise in "[PTDHMS0-9]{0,12}",
        ) {
            for body in [text.as_str(), noise.as_str()] {
                if let Some(millis) = simple_millis(body.as_bytes()) {
                    prop_assert_eq!(Some(TimeDelta::milliseconds(millis)), by_the_crate(body), "{}", body);
                }
            }
        }
    }

    #[test]
    fn reads_the_service_forms() {
        assert_eq!(parse_iso8601("PT8H"), Ok(TimeDelta::hours(8)));
        assert_eq!(parse_iso8601("P365D"), Ok(TimeDelta::days(365)));
        assert_eq!(parse_iso8601("P2W"), Ok(TimeDelta::days(14)));
        assert!(parse_iso8601("P909009097W").is_err());
        assert_eq!(parse_iso8601("PT1.5S"), Ok(TimeDelta::milliseconds(1500)));
        assert_eq!(parse_iso8601("-PT1H"), Ok(TimeDelta::hours(-1)));
        assert_eq!(
            parse_iso8601("P1DT2H30M"),
            Ok(TimeDelta::minutes(24 * 60 + 150))
        );
    }

    #[test]
    fn refuses_what_the_service_refuses() {
        for bad in [
            "",
            "P",
            "PT",
            "P1DT",
            "PT1.5.5S",
            "8 hours",
            "PT8H ",
            "P2015-11-03T21:56",
            "pt8h",
        ] {
            assert!(parse_iso8601(bad).is_err(), "{bad:?} was accepted");
        }
        let years = parse_iso8601("P1Y").err();
        assert_eq!(
            years.as_ref().and_then(|e| e.hint()),
            Some("write the length in days, e.g. `P365D`")
        );
        assert_eq!(
            years.map(|e| e.code()),
            Some(crate::ErrorCode::InvalidDuration)
        );
    }

    #[test]
    fn reads_timespans() {
        assert_eq!(parse_timespan("365.00:00:00"), Ok(TimeDelta::days(365)));
        assert_eq!(parse_timespan("2:00:00"), Ok(TimeDelta::hours(2)));
        assert_eq!(
            parse_timespan("0:00:01.5"),
            Ok(TimeDelta::milliseconds(1500))
        );
        assert!(parse_timespan("1:60:00").is_err());
        assert!(parse_timespan("abc").is_err());
    }

    #[test]
    fn writes_the_canonical_form() {
        assert_eq!(format_iso8601(TimeDelta::hours(8)), "PT8H");
        assert_eq!(format_iso8601(TimeDelta::days(365)), "P365D");
        assert_eq!(format_iso8601(TimeDelta::zero()), "PT0S");
        assert_eq!(format_iso8601(TimeDelta::milliseconds(1500)), "PT1.5S");
        assert_eq!(format_iso8601(TimeDelta::seconds(86_401)), "P1DT1S");
        assert_eq!(format_iso8601(TimeDelta::hours(-1)), "-PT1H");
    }

    #[test]
    fn writes_what_the_old_formatter_wrote() {
        fn reference(duration: TimeDelta) -> String {
            let mut out = String::new();
            if duration < TimeDelta::zero() {
                out.push('-');
            }
            let abs = duration.abs();
            let total = abs.num_seconds();
            let nanos = abs.subsec_nanos();
            let (d, h, m, s) = (
                total / 86_400,
                total % 86_400 / 3_600,
                total % 3_600 / 60,
                total % 60,
            );
            out.push('P');
            if d > 0 {
                out.push_str(&format!("{d}D"));
            }
            if h > 0 || m > 0 || s > 0 || nanos > 0 || d == 0 {
                out.push('T');
                if h > 0 {
                    out.push_str(&format!("{h}H"));
                }
                if m > 0 {
                    out.push_str(&format!("{m}M"));
                }
                if s > 0 || nanos > 0 || (d == 0 && h == 0 && m == 0) {
                    out.push_str(&s.to_string());
                    if nanos > 0 {
                        out.push('.');
                        out.push_str(format!("{:09}", nanos).trim_end_matches('0'));
                    }
                    out.push('S');
                }
            }
            out
        }
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for i in 0..20_000u64 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let magnitude = match i % 5 {
                0 => (seed % 1_000) as i64,
                1 => (seed % 100_000_000) as i64 * 1_000_000,
                2 => (seed % 3_000) as i64 * 60_000_000_000,
                3 => (seed % 1_000_000_000_000_000_000) as i64,
                _ => (seed % 10_000) as i64 * 86_400_000_000_000,
            };
            let d = TimeDelta::nanoseconds(if i % 7 == 0 { -magnitude } else { magnitude });
            assert_eq!(format_iso8601(d), reference(d), "{d:?}");
        }
        assert_eq!(format_iso8601(TimeDelta::MAX), reference(TimeDelta::MAX));
        assert_eq!(format_iso8601(TimeDelta::MIN), reference(TimeDelta::MIN));
    }
}
