//! What the service refuses or ignores whatever the policy says: a schedule shorter than five
//! minutes (`ActiveDurationTooShort`), and a Graph `recurrence` (unsupported in PIM).

use chrono::{DateTime, TimeDelta, Utc};

use super::Findings;
use crate::duration::format_iso8601;
use crate::model::Schedule;
use crate::report::{Code, Finding, ServiceError};
use crate::time::format_date_time;

/// The shortest schedule the service accepts: an assignment "can't be assigned for a duration of
/// less than five minutes" (Microsoft Learn, `pim-resource-roles-assign-roles`,
/// `groups-assign-member-owner`). Exactly five minutes passes.
pub(crate) const MINIMUM: TimeDelta = TimeDelta::minutes(5);

/// `DurationTooShort` where a positive `length` from `start` is under [`MINIMUM`].
pub(super) fn check_minimum(
    length: TimeDelta,
    start: DateTime<Utc>,
    path: &'static str,
    out: &mut Findings,
) {
    if length >= MINIMUM || length <= TimeDelta::zero() {
        return;
    }
    let earliest_end = start
        .checked_add_signed(MINIMUM)
        .map(|end| format!(", ending no earlier than {}", format_date_time(end)))
        .unwrap_or_default();
    out.violations.push(
        Finding::new(
            Code::DurationTooShort,
            format!(
                "requested duration `{}` is shorter than the service's minimum `PT5M`",
                format_iso8601(length)
            ),
        )
        .path(path)
        .service_error(ServiceError::ActiveDurationTooShort)
        .with_limit("PT5M".into())
        .with_actual(format_iso8601(length))
        .with_hint(format!("request at least PT5M{}", earliest_end)),
    );
}

/// `RecurrenceUnsupported` where a Graph request asks for a recurrence.
pub(super) fn check_recurrence(schedule: &Schedule, path: &'static str, out: &mut Findings) {
    if schedule.recurrence {
        out.warnings.push(
            Finding::new(
                Code::RecurrenceUnsupported,
                "the schedule's `recurrence` is not supported by PIM: the request will not recur",
            )
            .path(path)
            .with_hint(
                "leave out `recurrence` (or set it to null) and request each period on its own",
            ),
        );
    }
}
