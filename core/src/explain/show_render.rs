//! The writers of a [`Show`]: its JSON (the one serialization, every interface's bytes), text for a
//! terminal, and a Markdown table for a pull-request comment.

use super::show::{RoleShow, Section, Setting, SettingValue, Show};
use super::show_notification::NotificationSetting;
use crate::error::{Error, ErrorCode};
use crate::json::write_str;
use crate::model::Approver;
use crate::policy::Policy;
use crate::report::write_approvers;

/// How `pimcheck show` writes a policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ShowFormat {
    /// Sections and lines for people, each with its rule id.
    Text,
    /// The normalized settings as JSON (`{"roles": [{..., "settings": [...]}]}`).
    Json,
    /// One table per role, for a pull-request comment.
    Markdown,
}

impl ShowFormat {
    /// Reads `text`, `json` or `markdown` (any case); `InvalidOption` at `format` otherwise.
    pub fn parse(text: &str) -> Result<ShowFormat, Error> {
        match text.to_ascii_lowercase().as_str() {
            "text" => Ok(ShowFormat::Text),
            "json" => Ok(ShowFormat::Json),
            "markdown" | "md" => Ok(ShowFormat::Markdown),
            _ => Err(Error::new(
                ErrorCode::InvalidOption,
                "format",
                format!(
                    "expected `text`, `json` or `markdown` for the format, found `{}`",
                    crate::json::shorten(text)
                ),
            )),
        }
    }
}

impl Policy {
    /// The policy in the portal's words: one [`RoleShow`] per role.
    pub fn show(&self) -> Show {
        match self.document() {
            crate::model::PolicyDocument::Single(settings) => Show::of_roles([settings.as_ref()]),
            crate::model::PolicyDocument::Set(entries) => Show::of_roles(entries),
        }
    }
}

impl Show {
    /// The show in `format`; text and Markdown end with a newline, JSON does not.
    pub fn render(&self, format: ShowFormat) -> String {
        match format {
            ShowFormat::Text => self.to_text(),
            ShowFormat::Json => self.to_json(),
            ShowFormat::Markdown => self.to_markdown(),
        }
    }

    /// The compact JSON: `{"roles": [{"id", "roleDefinitionId", "scope", "settings": [{"section",
    /// "group"?, "label", "rule", "value"}]}]}`.
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(4096);
        out.push_str("{\"roles\":[");
        for (i, role) in self.roles.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_role(&mut out, role);
        }
        out.push_str("]}");
        out
    }

    /// Text for people: per role, the sections and their lines, `label: value  [rule]`.
    pub fn to_text(&self) -> String {
        if self.roles.is_empty() {
            return NO_ROLES.to_owned();
        }
        let mut out = String::with_capacity(4096);
        for (i, role) in self.roles.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(&role_title(role));
            out.push('\n');
            let mut section = None;
            let mut group = None;
            for setting in &role.settings {
                if section != Some(setting.section) {
                    section = Some(setting.section);
                    group = None;
                    out.push_str(setting.section.as_str());
                    out.push('\n');
                }
                let indent = match setting.group {
                    Some(heading) => {
                        if group != Some(heading) {
                            group = Some(heading);
                            out.push_str(&format!("  {}\n", heading));
                        }
                        "    "
                    }
                    None => "  ",
                };
                out.push_str(&format!(
                    "{}{}: {}  [{}]\n",
                    indent,
                    setting.label,
                    value_text(&setting.value),
                    setting.rule
                ));
            }
        }
        out
    }

    /// Markdown: per role a heading and a table `| Section | Setting | Value | Rule |`.
    pub fn to_markdown(&self) -> String {
        if self.roles.is_empty() {
            return NO_ROLES.to_owned();
        }
        let mut out = String::with_capacity(4096);
        for (i, role) in self.roles.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(&format!("### {}\n\n", cell(&role_title(role))));
            out.push_str("| Section | Setting | Value | Rule |\n|---|---|---|---|\n");
            for setting in &role.settings {
                let label = match setting.group {
                    Some(group) => format!("{}: {}", group, setting.label),
                    None => setting.label.to_owned(),
                };
                out.push_str(&format!(
                    "| {} | {} | {} | `{}` |\n",
                    setting.section.as_str(),
                    cell(&label),
                    cell(&value_text(&setting.value)),
                    cell(&setting.rule)
                ));
            }
        }
        out
    }
}

/// What text and Markdown say of a policy set with no entries.
const NO_ROLES: &str = "The policy set holds no role settings.\n";

/// `Role settings`, with the policy's id, role and scope where the document says them.
fn role_title(role: &RoleShow) -> String {
    let mut title = String::from("Role settings");
    let parts = [
        ("", &role.id),
        ("role ", &role.role_definition_id),
        ("scope ", &role.scope),
    ];
    let named: Vec<String> = parts
        .iter()
        .filter_map(|(name, value)| value.as_ref().map(|v| format!("{}{}", name, v)))
        .collect();
    if !named.is_empty() {
        title.push_str(": ");
        title.push_str(&named.join(", "));
    }
    title
}

/// A Markdown table cell: `|` escaped, line breaks as spaces.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

fn yes_no(value: bool) -> &'static str {
    if value {
        "yes"
    } else {
        "no"
    }
}

/// A value as the text and Markdown forms show it.
fn value_text(value: &SettingValue) -> String {
    match value {
        SettingValue::YesNo(flag) => yes_no(*flag).to_owned(),
        SettingValue::Text(text) => text.clone(),
        SettingValue::Approval {
            required,
            approvers,
        } => {
            if approvers.is_empty() {
                yes_no(*required).to_owned()
            } else {
                let names: Vec<String> = approvers.iter().map(approver_text).collect();
                format!("{} (approvers: {})", yes_no(*required), names.join(", "))
            }
        }
        SettingValue::Notification(notification) => notification_text(notification),
        SettingValue::NotSet => "not set (the service's default applies)".to_owned(),
    }
}

fn approver_text(approver: &Approver) -> String {
    let name = approver
        .display_name
        .as_deref()
        .or(approver.id.as_deref())
        .unwrap_or("?");
    match &approver.kind {
        Some(kind) => format!("{} ({})", name, kind),
        None => name.to_owned(),
    }
}

fn notification_text(notification: &NotificationSetting) -> String {
    let additional = if notification.additional_recipients.is_empty() {
        "none".to_owned()
    } else {
        notification.additional_recipients.join(", ")
    };
    let mut text = format!(
        "default recipients: {}; additional recipients: {}; critical emails only: {}",
        yes_no(notification.default_recipients),
        additional,
        yes_no(notification.critical_emails_only)
    );
    if notification.level.eq_ignore_ascii_case("none") {
        text.push_str("; notification level: None");
    }
    text
}

fn write_optional(out: &mut String, value: Option<&str>) {
    match value {
        Some(text) => write_str(out, text),
        None => out.push_str("null"),
    }
}

fn write_role(out: &mut String, role: &RoleShow) {
    out.push_str("{\"id\":");
    write_optional(out, role.id.as_deref());
    out.push_str(",\"roleDefinitionId\":");
    write_optional(out, role.role_definition_id.as_deref());
    out.push_str(",\"scope\":");
    write_optional(out, role.scope.as_deref());
    out.push_str(",\"settings\":[");
    for (i, setting) in role.settings.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_setting(out, setting);
    }
    out.push_str("]}");
}

fn write_setting(out: &mut String, setting: &Setting) {
    out.push_str("{\"section\":");
    write_str(out, section_key(setting.section));
    if let Some(group) = setting.group {
        out.push_str(",\"group\":");
        write_str(out, group);
    }
    out.push_str(",\"label\":");
    write_str(out, setting.label);
    out.push_str(",\"rule\":");
    write_str(out, &setting.rule);
    out.push_str(",\"value\":");
    write_value(out, &setting.value);
    out.push('}');
}

/// The section as the JSON names it: the portal's tab, `notInPortal` or `unknown`.
fn section_key(section: Section) -> &'static str {
    match section {
        Section::Activation => "Activation",
        Section::Assignment => "Assignment",
        Section::Notification => "Notification",
        Section::NotInPortal => "notInPortal",
        Section::Unknown => "unknown",
        Section::Untargeted => "untargeted",
    }
}

fn write_value(out: &mut String, value: &SettingValue) {
    match value {
        SettingValue::YesNo(flag) => out.push_str(if *flag { "true" } else { "false" }),
        SettingValue::Text(text) => write_str(out, text),
        SettingValue::Approval {
            required,
            approvers,
        } => {
            out.push_str("{\"required\":");
            out.push_str(if *required { "true" } else { "false" });
            out.push_str(",\"approvers\":");
            write_approvers(out, approvers);
            out.push('}');
        }
        SettingValue::Notification(n) => {
            out.push_str("{\"defaultRecipients\":");
            out.push_str(if n.default_recipients {
                "true"
            } else {
                "false"
            });
            out.push_str(",\"additionalRecipients\":[");
            for (i, recipient) in n.additional_recipients.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_str(out, recipient);
            }
            out.push_str("],\"criticalEmailsOnly\":");
            out.push_str(if n.critical_emails_only {
                "true"
            } else {
                "false"
            });
            out.push_str(",\"notificationLevel\":");
            write_str(out, &n.level);
            out.push('}');
        }
        SettingValue::NotSet => out.push_str("null"),
    }
}
