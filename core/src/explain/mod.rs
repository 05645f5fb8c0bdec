//! Answers after a verdict, built on the model: a policy in the portal's words (`show.rs`, its
//! notification rows in `show_notification.rs`, its writers in `show_render.rs`). Pure: nothing is
//! read from a clock or a file.

mod show;
mod show_notification;
mod show_render;

pub use show::{PortalRow, RoleShow, Section, Setting, SettingValue, Show, PORTAL};
pub use show_notification::NotificationSetting;
pub use show_render::ShowFormat;
