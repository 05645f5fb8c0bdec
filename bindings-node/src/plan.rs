//! `plan(plan, policies?, { parameters, now, maxInputBytes })`: the PIM requests of a Terraform
//! plan or an ARM template, checked by the core; the result comes back as the plain object
//! `JSON.parse` of `pimcheck plan --format json` gives.

use napi::bindgen_prelude::{FromNapiValue, JsObjectValue, Object, Unknown};
use napi::{Env, Result, ValueType};
use napi_derive::napi;

use crate::host;

/// Whether a value was given (`undefined` and `null` are not).
fn given(value: &Unknown) -> Result<bool> {
    Ok(!matches!(
        value.get_type()?,
        ValueType::Undefined | ValueType::Null
    ))
}

/// The `parameters` of the options (an ARM parameters file, object or JSON string), if given.
fn parameters(env: &Env, options: Option<&Unknown>) -> Result<Option<String>> {
    let Some(options) = options else {
        return Ok(None);
    };
    if options.get_type()? != ValueType::Object {
        return Ok(None);
    }
    let object = Object::from_unknown(*options)?;
    let value: Unknown = object.get_named_property_unchecked("parameters")?;
    if !given(&value)? {
        return Ok(None);
    }
    host::json_text(env, value, "parameters").map(Some)
}

/// Checks every PIM request resource of `plan` (a `terraform show -json` plan or an ARM template,
/// as an object or JSON string) against `policies` (one policy or a set); `parameters` resolves a
/// template's `[parameters('x')]`.
#[napi(
    catch_unwind,
    ts_args_type = "plan: PlanInput, policies?: PolicyInput | null, options?: PlanOptions | null",
    ts_return_type = "PlanResult"
)]
pub fn plan<'env>(
    env: &'env Env,
    plan: Unknown<'env>,
    policies: Option<Unknown<'env>>,
    options: Option<Unknown<'env>>,
) -> Result<Unknown<'env>> {
    let plan_text = host::json_text(env, plan, "plan")?;
    let policies_text = match policies {
        Some(value) if given(&value)? => Some(host::json_text(env, value, "policies")?),
        _ => None,
    };
    let parameters = parameters(env, options.as_ref())?;
    let options = host::options(env, options)?;
    let limits = options.input_limits;
    let policies = policies_text
        .map(|text| pimcheck::Policy::from_json_with_input_limits(&text, &limits))
        .transpose()
        .map_err(|e| host::input_error(env, &e))?;
    let inputs = pimcheck::PlanInputs {
        policies: policies.as_ref(),
        parameters: parameters.as_deref(),
    };
    let result = pimcheck::check_plan(&plan_text, inputs, &options)
        .map_err(|e| host::input_error(env, &e))?;
    host::parse(env, &result.to_json())
}
