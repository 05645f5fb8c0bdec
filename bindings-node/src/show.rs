//! `show(policy, { format, redact, maxInputBytes })` and `policy.show({ format, redact })`: a policy
//! in the portal's words (issue #16, section 3), the JSON form as a plain object (`JSON.parse` of
//! `pimcheck show --format json`), text and Markdown as strings; and the redacted check
//! (`check(policy, request, { redact: true })`, through `main.js`). The core writes everything.

use napi::bindgen_prelude::{FromNapiValue, JsObjectValue, Object, Unknown};
use napi::{Env, JsValue, Result, ValueType};
use napi_derive::napi;

use crate::host;
use crate::Policy;

/// `format` and `redact` of an options object (`undefined` or `null`: `json`, no redaction). A
/// `format` that is not a string is the core's `InvalidOption` for `format`.
fn show_options(env: &Env, options: Option<Unknown>) -> Result<(pimcheck::ShowFormat, bool)> {
    let Some(options) = options.filter(|o| o.get_type().is_ok_and(|t| t == ValueType::Object))
    else {
        return Ok((pimcheck::ShowFormat::Json, false));
    };
    let options = Object::from_unknown(options)?;
    let format: Unknown = options.get_named_property_unchecked("format")?;
    let format = match format.get_type()? {
        ValueType::Undefined | ValueType::Null => Ok(pimcheck::ShowFormat::Json),
        ValueType::String => pimcheck::ShowFormat::parse(&String::from_unknown(format)?),
        _ => pimcheck::ShowFormat::parse("(not a string)"),
    }
    .map_err(|e| host::input_error(env, &e))?;
    Ok((format, redacting(options)?))
}

/// Whether the options object asks for `redact: true`.
fn redacting(options: Object) -> Result<bool> {
    let redact: Unknown = options.get_named_property_unchecked("redact")?;
    Ok(redact.get_type()? == ValueType::Boolean && bool::from_unknown(redact)?)
}

fn render<'env>(
    env: &'env Env,
    policy: &pimcheck::Policy,
    format: pimcheck::ShowFormat,
    redact: bool,
) -> Result<Unknown<'env>> {
    let mut show = policy.show();
    if redact {
        show = show.redacted(&mut pimcheck::Redactor::new());
    }
    let text = show.render(format);
    if format == pimcheck::ShowFormat::Json {
        host::parse(env, &text)
    } else {
        env.create_string(&text).map(|s| s.to_unknown())
    }
}

/// Shows a policy as the Entra admin center names its settings: `{ format: 'json' }` (default, an
/// object), `'text'` or `'markdown'` (a string); `redact` replaces approvers and recipients.
#[napi(
    catch_unwind,
    ts_args_type = "policy: PolicyInput, options?: ShowOptions | null",
    ts_return_type = "PolicyShow | string"
)]
pub fn show<'env>(
    env: &'env Env,
    policy: Unknown<'env>,
    options: Option<Unknown<'env>>,
) -> Result<Unknown<'env>> {
    let limits = host::read_limits(env, options)?;
    let (format, redact) = show_options(env, options)?;
    let text = host::json_text(env, policy, "policy")?;
    let policy = pimcheck::Policy::from_json_with_input_limits(&text, &limits)
        .map_err(|e| host::input_error(env, &e))?;
    render(env, &policy, format, redact)
}

#[napi]
impl Policy {
    /// The policy in the portal's words: `{ format, redact }` as for `show`.
    #[napi(
        js_name = "show",
        catch_unwind,
        ts_args_type = "options?: ShowOptions | null",
        ts_return_type = "PolicyShow | string"
    )]
    pub fn show_settings<'env>(
        &self,
        env: &'env Env,
        options: Option<Unknown<'env>>,
    ) -> Result<Unknown<'env>> {
        let (format, redact) = show_options(env, options)?;
        render(env, &self.inner, format, redact)
    }

    /// `check` with `{ redact: true }` (called by `main.js`): the report, or the input error, with
    /// principals, approvers, justifications and tickets as placeholders.
    #[napi(js_name = "__checkRedacted", catch_unwind, skip_typescript)]
    pub fn check_redacted<'env>(
        &self,
        env: &'env Env,
        request: Unknown<'env>,
        options: Option<Unknown<'env>>,
    ) -> Result<Unknown<'env>> {
        checked_redacted(env, &self.inner, request, options)
    }
}

/// `check(policy, request, { redact: true })` (called by `main.js`).
#[napi(js_name = "__checkRedacted", catch_unwind, skip_typescript)]
pub fn check_redacted<'env>(
    env: &'env Env,
    policy: Unknown<'env>,
    request: Unknown<'env>,
    options: Option<Unknown<'env>>,
) -> Result<Unknown<'env>> {
    let policy_text = host::json_text(env, policy, "policy")?;
    let checked = host::options(env, options).and_then(|options| {
        pimcheck::Policy::from_json_with_input_limits(&policy_text, &options.input_limits)
            .map_err(|e| host::input_error(env, &pimcheck::Redactor::new().error(&e)))
    })?;
    checked_redacted(env, &checked, request, options)
}

fn checked_redacted<'env>(
    env: &'env Env,
    policy: &pimcheck::Policy,
    request: Unknown<'env>,
    options: Option<Unknown<'env>>,
) -> Result<Unknown<'env>> {
    let text = host::json_text(env, request, "request")?;
    let options = host::options(env, options)?;
    let mut redactor = pimcheck::Redactor::new();
    match policy.check_json(&text, &options) {
        Ok(report) => host::parse(env, &redactor.report(&report).to_json()),
        Err(error) => Err(host::input_error(env, &redactor.error(&error))),
    }
}
