//! `audit(policies, schedules, { now, expiringWithin, maxInputBytes })` (contract section 7): the
//! policy set and the schedule list as objects or JSON text, the core's audit, and its JSON result
//! as a plain object (`JSON.stringify` of it is the CLI's `--format json` line).

use napi::bindgen_prelude::{FromNapiValue, JsObjectValue, Object, Unknown};
use napi::{Env, JsValue, Result, ValueType};
use napi_derive::napi;

use crate::host;

/// Audits existing assignments and eligibilities against their role's policy of today.
#[napi(
    catch_unwind,
    ts_args_type = "policies: PolicyInput, schedules: ScheduleListInput, options?: AuditOptions | null",
    ts_return_type = "AuditResult"
)]
pub fn audit<'env>(
    env: &'env Env,
    policies: Unknown<'env>,
    schedules: Unknown<'env>,
    options: Option<Unknown<'env>>,
) -> Result<Unknown<'env>> {
    let policies = host::json_text(env, policies, "policies")?;
    let schedules = host::json_text(env, schedules, "schedules")?;
    let window = expiring_within(env, options)?;
    let options = host::options(env, options)?;
    let mut audit_options =
        pimcheck::AuditOptions::new(options.now).with_input_limits(options.input_limits);
    if let Some(window) = window {
        audit_options = audit_options.with_expiring_within(window);
    }
    let policy = pimcheck::Policy::from_json_with_input_limits(&policies, &options.input_limits)
        .map_err(|e| host::input_error(env, &e))?;
    let report = pimcheck::audit_texts(&policy, &[schedules], &audit_options);
    host::parse(env, &report.to_json())
}

/// The `expiringWithin` option: an ISO 8601 duration string; absent, `undefined` or `null` is the
/// default. Anything else is the input error `InvalidOption`.
fn expiring_within(env: &Env, options: Option<Unknown>) -> Result<Option<chrono::TimeDelta>> {
    let Some(options) = options else {
        return Ok(None);
    };
    if options.get_type()? != ValueType::Object {
        return Ok(None);
    }
    let object = Object::from_unknown(options)?;
    let value: Unknown = object.get_named_property_unchecked("expiringWithin")?;
    let text = match value.get_type()? {
        ValueType::Undefined | ValueType::Null => return Ok(None),
        ValueType::String => value.coerce_to_string()?.into_utf8()?.as_str()?.to_owned(),
        _ => format!("{:?}", value.get_type()?),
    };
    pimcheck::audit::parse_expiring_within(&text)
        .map(Some)
        .map_err(|e| host::input_error(env, &e))
}
