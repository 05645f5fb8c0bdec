//! Values at plan time: known, left out, or not known until apply; read as the type they must have,
//! or an error at their JSON pointer in the document.

use serde_json::Value;

use crate::error::{Error, ErrorCode};

/// What of a request a value not known at plan time can change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Depends {
    /// The start: whether it is in the past, and the length of a schedule with an end date.
    Start,
    /// Whether and when the request ends: permanence, the length, the end.
    Expiration,
    /// The justification.
    Justification,
    /// The ticket.
    Ticket,
    /// The role or scope, which pick the policy.
    Target,
}

/// A value a request needs that is not known until apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unknown {
    /// The attribute as the document names it (`schedule.0.expiration.0.duration_days`, a
    /// template's `properties.scheduleInfo.expiration.duration`).
    pub(crate) attribute: String,
    /// Its JSON pointer in the resource (empty for an attribute of a policy resource).
    pub(crate) path: String,
    /// What it can change.
    pub(crate) depends: Depends,
}

/// A value of a resource at plan time.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Attr<'v> {
    /// Known: its value (never `null`).
    Known(&'v Value),
    /// Not set: the provider sends the empty value.
    Absent,
    /// Set by the configuration to a value only apply will know.
    Unknown,
}

/// One resource of a plan: its planned values, which of them are unknown, and its configuration.
pub(crate) struct Resource<'v> {
    /// `change.after`.
    pub(crate) after: &'v Value,
    /// `change.after_unknown` (`true` where a value is unknown; a whole block may be `true`).
    pub(crate) after_unknown: Option<&'v Value>,
    /// The resource's `expressions` in the plan's `configuration`; `None` where the plan has none
    /// for it, so that an unknown value cannot be told from an attribute left out.
    pub(crate) config: Option<&'v Value>,
    /// The JSON pointer of `change.after` in the plan, for errors.
    pub(crate) at: String,
}

impl<'v> Resource<'v> {
    /// The attribute at `dotted` (`schedule.0.expiration.0.duration_days`). An attribute that
    /// `after_unknown` marks is unknown only where the configuration sets it: the providers mark
    /// their Optional+Computed attributes unknown whenever the configuration leaves them out, and
    /// then send the empty value.
    pub(crate) fn attr(&self, dotted: &str) -> Attr<'v> {
        if let Some(value) = walk(self.after, dotted).filter(|v| !v.is_null()) {
            return Attr::Known(value);
        }
        let marked = self
            .after_unknown
            .is_some_and(|u| marked_unknown(u, dotted));
        if !marked {
            return Attr::Absent;
        }
        match self.config {
            Some(config) if walk(config, dotted).is_none_or(Value::is_null) => Attr::Absent,
            _ => Attr::Unknown,
        }
    }

    /// A string attribute; an unknown one is recorded in `unknown` and read as absent.
    pub(crate) fn text(
        &self,
        dotted: &str,
        depends: Depends,
        unknown: &mut Vec<Unknown>,
    ) -> Result<Option<&'v str>, Error> {
        match self.known(dotted, depends, unknown) {
            Some(Value::String(text)) => Ok(Some(text)),
            Some(other) => Err(self.wrong_type(dotted, "a string", other)),
            None => Ok(None),
        }
    }

    /// A whole-number attribute, as [`Resource::text`].
    pub(crate) fn integer(
        &self,
        dotted: &str,
        depends: Depends,
        unknown: &mut Vec<Unknown>,
    ) -> Result<Option<i64>, Error> {
        match self.known(dotted, depends, unknown) {
            Some(value) => match value.as_i64() {
                Some(number) => Ok(Some(number)),
                None => Err(self.wrong_type(dotted, "a whole number", value)),
            },
            None => Ok(None),
        }
    }

    /// A boolean attribute, as [`Resource::text`].
    pub(crate) fn boolean(
        &self,
        dotted: &str,
        depends: Depends,
        unknown: &mut Vec<Unknown>,
    ) -> Result<Option<bool>, Error> {
        match self.known(dotted, depends, unknown) {
            Some(Value::Bool(flag)) => Ok(Some(*flag)),
            Some(other) => Err(self.wrong_type(dotted, "`true` or `false`", other)),
            None => Ok(None),
        }
    }

    fn known(
        &self,
        dotted: &str,
        depends: Depends,
        unknown: &mut Vec<Unknown>,
    ) -> Option<&'v Value> {
        match self.attr(dotted) {
            Attr::Known(value) => Some(value),
            Attr::Absent => None,
            Attr::Unknown => {
                unknown.push(Unknown {
                    attribute: dotted.to_owned(),
                    path: pointer_of(dotted),
                    depends,
                });
                None
            }
        }
    }

    /// The `InvalidRequest` error of an attribute of the wrong type.
    pub(crate) fn wrong_type(&self, dotted: &str, expected: &str, found: &Value) -> Error {
        Error::new(
            ErrorCode::InvalidRequest,
            format!("{}{}", self.at, pointer_of(dotted)),
            format!("`{dotted}` must be {expected}, found {}", describe(found)),
        )
    }

    /// An error of another code about the attribute at `dotted`.
    pub(crate) fn error_at(&self, dotted: &str, error: Error) -> Error {
        Error::new(
            error.code(),
            format!("{}{}", self.at, pointer_of(dotted)),
            format!("`{dotted}`: {}", error.message()),
        )
        .with_hint_of(&error)
    }
}

trait HintOf {
    fn with_hint_of(self, other: &Error) -> Self;
}

impl HintOf for Error {
    fn with_hint_of(self, other: &Error) -> Self {
        match other.hint() {
            Some(hint) => self.with_hint(hint),
            None => self,
        }
    }
}

/// The JSON pointer of a dotted attribute (`schedule.0.start_date_time` →
/// `/schedule/0/start_date_time`).
pub(crate) fn pointer_of(dotted: &str) -> String {
    let mut out = String::with_capacity(dotted.len() + 1);
    for step in dotted.split('.') {
        out.push('/');
        out.push_str(&step.replace('~', "~0").replace('/', "~1"));
    }
    out
}

/// The value at `dotted` below `value`: a number steps into an array, a name into an object.
pub(crate) fn walk<'v>(value: &'v Value, dotted: &str) -> Option<&'v Value> {
    dotted.split('.').try_fold(value, |at, step| match at {
        Value::Array(items) => step.parse::<usize>().ok().and_then(|i| items.get(i)),
        Value::Object(object) => object.get(step),
        _ => None,
    })
}

/// Whether `after_unknown` marks `dotted` (or a block that holds it) as unknown.
fn marked_unknown(after_unknown: &Value, dotted: &str) -> bool {
    let mut at = after_unknown;
    for step in dotted.split('.') {
        if at == &Value::Bool(true) {
            return true;
        }
        let next = match at {
            Value::Array(items) => step.parse::<usize>().ok().and_then(|i| items.get(i)),
            Value::Object(object) => object.get(step),
            _ => None,
        };
        match next {
            Some(value) => at = value,
            None => return false,
        }
    }
    at == &Value::Bool(true)
}

/// A value as messages show it: short, in backticks, or its kind where it is large.
pub(crate) fn describe(value: &Value) -> String {
    match value {
        Value::Array(items) if !items.is_empty() => kind_of(value).to_owned(),
        Value::Object(object) if !object.is_empty() => kind_of(value).to_owned(),
        _ => format!("`{}`", crate::json::shorten(&value.to_string())),
    }
}

/// The kind of a JSON value, as messages name it.
pub(crate) fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "`null`",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn resource<'v>(
        after: &'v Value,
        unknown: &'v Value,
        config: Option<&'v Value>,
    ) -> Resource<'v> {
        Resource {
            after,
            after_unknown: Some(unknown),
            config,
            at: "/resource_changes/0/change/after".to_owned(),
        }
    }

    #[test]
    fn an_unknown_attribute_the_configuration_leaves_out_is_absent() {
        let after = json!({"justification": null});
        let unknown = json!({"justification": true, "schedule": true});
        let config = json!({"justification": {"references": ["var.why"]}});
        let with_config = resource(&after, &unknown, Some(&config));
        assert!(matches!(with_config.attr("justification"), Attr::Unknown));
        assert!(matches!(
            with_config.attr("schedule.0.start_date_time"),
            Attr::Absent
        ));
        let without_config = resource(&after, &unknown, None);
        assert!(matches!(
            without_config.attr("schedule.0.start_date_time"),
            Attr::Unknown
        ));
    }

    #[test]
    fn a_value_of_the_wrong_type_is_an_error_at_its_pointer() {
        let after = json!({"schedule": [{"expiration": [{"duration_days": "30"}]}]});
        let unknown = json!({});
        let read = resource(&after, &unknown, None);
        let error = read
            .integer(
                "schedule.0.expiration.0.duration_days",
                Depends::Expiration,
                &mut Vec::new(),
            )
            .err();
        assert_eq!(
            error.as_ref().map(Error::path),
            Some("/resource_changes/0/change/after/schedule/0/expiration/0/duration_days")
        );
        assert_eq!(
            error.as_ref().map(Error::message),
            Some("`schedule.0.expiration.0.duration_days` must be a whole number, found `\"30\"`")
        );
    }
}
