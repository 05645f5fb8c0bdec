//! Answers after a verdict, built on the model and the one evaluator: what a policy lets each kind
//! of request do (`limits.rs`, [`Limits`]), the nearest request it accepts (`fix.rs`,
//! [`Suggestion`]) and a policy in the portal's words (`show.rs`, its notification rows in
//! `show_notification.rs`, its writers in `show_render.rs`). Pure: `now` is an input, nothing is
//! read from a clock or a file.

mod show;
mod show_notification;
mod show_render;

pub use show::{PortalRow, RoleShow, Section, Setting, SettingValue, Show, PORTAL};
pub use show_notification::NotificationSetting;
pub use show_render::ShowFormat;

mod fix;
mod limits;
mod pointer;

pub use fix::{Change, Fix, Need, Suggestion};
pub use limits::{Limit, Limits, Requires};

/// The shortest schedule the service accepts, whatever the policy says (`DurationTooShort`).
pub(crate) use crate::evaluate::service_refusals::MINIMUM as MINIMUM_DURATION;

/// `true` or `false`, as JSON writes them.
fn bool_text(value: bool) -> &'static str {
    if value {
        "true"
    } else {
        "false"
    }
}

/// Appends `value` as a JSON string, or `null`.
fn write_optional(out: &mut String, value: Option<&str>) {
    match value {
        Some(text) => crate::json::write_str(out, text),
        None => out.push_str("null"),
    }
}
