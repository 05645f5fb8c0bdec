//! `lint(policy, { profile })`: the core's lint (issue #17). The result crosses as the core's JSON
//! (`JSON.parse` of it), so `JSON.stringify(result)` is `pimcheck lint --format json` without the
//! findings' `policy.file`.

use napi::bindgen_prelude::{FromNapiValue, JsObjectValue, Object, Unknown};
use napi::{Env, Result, ValueType};
use napi_derive::napi;

use crate::host;

/// Lints a policy of any generation (a single policy, a set, a PATCH body): `{ findings,
/// policies }`. The baseline lints (PIMB01-PIMB06) only with `{ profile: 'baseline' }`.
#[napi(
    catch_unwind,
    ts_args_type = "policy: PolicyInput, options?: LintOptions | null",
    ts_return_type = "LintResult"
)]
pub fn lint<'env>(
    env: &'env Env,
    policy: Unknown<'env>,
    options: Option<Unknown<'env>>,
) -> Result<Unknown<'env>> {
    let text = host::json_text(env, policy, "policy")?;
    let options = pimcheck::LintOptions::new().with_profile(profile(env, options)?);
    let report = pimcheck::lint(&text, &options).map_err(|e| host::input_error(env, &e))?;
    host::parse(env, &report.to_json())
}

/// The `profile` of the options: absent, `undefined` or `null` for none, `'baseline'`; anything
/// else is the core's `InvalidOption`.
fn profile(env: &Env, options: Option<Unknown>) -> Result<Option<pimcheck::lint::Profile>> {
    let value: Unknown = match options {
        None => return Ok(None),
        Some(options) => match options.get_type()? {
            ValueType::Undefined | ValueType::Null => return Ok(None),
            ValueType::Object => Object::from_unknown(options)?.get_named_property_unchecked("profile")?,
            found => {
                return Err(host::js_type_error(
                    env,
                    &format!(
                        "argument `options` must be an object such as `{{ profile: 'baseline' }}`, found {}",
                        host::type_name(found)
                    ),
                ))
            }
        },
    };
    let name = match value.get_type()? {
        ValueType::Undefined | ValueType::Null => return Ok(None),
        ValueType::String => String::from_unknown(value)?,
        _ => host::shown(value)?,
    };
    match pimcheck::lint::Profile::parse(&name) {
        Some(profile) => Ok(Some(profile)),
        None => Err(host::input_error(
            env,
            &pimcheck::Error::new(
                pimcheck::ErrorCode::InvalidOption,
                "profile",
                format!("option `profile` must be `baseline` or null, found `{name}`"),
            ),
        )),
    }
}
