//! `policy.limits({request, now, level, redact})` and `check(..., {fix: true})` (issue #16,
//! sections 1 and 2): the core's `Policy::limits` and `Policy::fix_json`, their results crossing as
//! the core's JSON (the objects `JSON.parse` of the CLI's output gives).

use napi::bindgen_prelude::{FromNapiValue, JsObjectValue, Object, Unknown};
use napi::{Env, ValueType};

use crate::host;

/// Whether `options` asks for a fix (`{fix: true}`); `undefined`, `null` and `false` do not,
/// anything else but a boolean is the core's `InvalidOption`.
pub(crate) fn wants_fix(env: &Env, options: Option<Unknown>) -> napi::Result<bool> {
    let Some(options) = options.filter(|o| o.get_type().is_ok_and(|t| t == ValueType::Object))
    else {
        return Ok(false);
    };
    let fix: Unknown = Object::from_unknown(options)?.get_named_property_unchecked("fix")?;
    match fix.get_type()? {
        ValueType::Undefined | ValueType::Null => Ok(false),
        ValueType::Boolean => bool::from_unknown(fix),
        _ => Err(host::input_error(
            env,
            &pimcheck::Options::wrong_kind("fix", &host::shown(fix)?),
        )),
    }
}

/// The report's JSON for `request` (JSON text) under `policy`; with `fix` and a denied request,
/// as `check --fix` writes it.
pub(crate) fn report_json(
    policy: &pimcheck::Policy,
    request: &str,
    options: &pimcheck::Options,
    fix: bool,
) -> Result<String, pimcheck::Error> {
    let report = policy.check_json(request, options)?;
    if !fix || report.allowed {
        return Ok(report.to_json());
    }
    let fixed = policy.fix_json(request, options)?;
    Ok(report.to_json_with_fix(&fixed))
}

/// The options of `limits`: the request's JSON text, `now`, the level, `redact`.
struct LimitsOptions {
    request: Option<String>,
    options: pimcheck::Options,
    now: Option<chrono::DateTime<chrono::Utc>>,
    redact: bool,
}

fn limits_options(env: &Env, options: Option<Unknown>) -> napi::Result<LimitsOptions> {
    let absent = |v: &Unknown| {
        v.get_type()
            .is_ok_and(|t| matches!(t, ValueType::Undefined | ValueType::Null))
    };
    let Some(given) = options.filter(|o| !absent(o)) else {
        return Ok(LimitsOptions {
            request: None,
            options: pimcheck::Options::new(chrono::DateTime::UNIX_EPOCH),
            now: None,
            redact: false,
        });
    };
    // `now`, `mfa`, `level` and `maxInputBytes` as `check` reads them (and a non-object as it
    // refuses it); `now` only counts where it is given.
    let options = host::read_options(env, Some(given)).map_err(|f| f.throw(env))?;
    let object = Object::from_unknown(given)?;
    let request: Unknown = object.get_named_property_unchecked("request")?;
    let now: Unknown = object.get_named_property_unchecked("now")?;
    let redact: Unknown = object.get_named_property_unchecked("redact")?;
    let request = match absent(&request) {
        true => None,
        false => Some(host::json_text(env, request, "request")?),
    };
    let redact = match redact.get_type()? {
        ValueType::Boolean => bool::from_unknown(redact)?,
        _ => false,
    };
    Ok(LimitsOptions {
        request,
        now: (!absent(&now)).then_some(options.now),
        options,
        redact,
    })
}

/// `policy.limits(options)`: the limits' JSON, as objects.
pub(crate) fn limits<'env>(
    env: &'env Env,
    policy: &pimcheck::Policy,
    options: Option<Unknown<'env>>,
) -> napi::Result<Unknown<'env>> {
    let read = limits_options(env, options)?;
    let json = host::guarded(env, || {
        let mut redactor = pimcheck::Redactor::new();
        let request = read
            .request
            .as_deref()
            .map(|text| {
                pimcheck::Request::from_json(text, read.options.level, &read.options.input_limits)
            })
            .transpose();
        let request = match (request, read.redact) {
            (Err(error), true) => return Err(redactor.error(&error)),
            (request, _) => request?,
        };
        if let Some(request) = request.as_ref().filter(|_| read.redact) {
            redactor.learn_request(request);
        }
        match (policy.limits(request.as_ref(), read.now), read.redact) {
            (Ok(limits), true) => Ok(limits.redacted(&mut redactor).to_json()),
            (Ok(limits), false) => Ok(limits.to_json()),
            (Err(error), true) => Err(redactor.error(&error)),
            (Err(error), false) => Err(error),
        }
    })?;
    host::parse(env, &json)
}
