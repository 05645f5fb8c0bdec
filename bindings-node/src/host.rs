//! Host values in and out: JavaScript arguments to JSON text and [`pimcheck::Options`], JSON text
//! back to objects, and the core's errors to thrown JavaScript errors.

use std::borrow::Cow;
use std::panic::{catch_unwind, AssertUnwindSafe};

use napi::bindgen_prelude::{
    Date, FromNapiValue, Function, JsObjectValue, Object, Uint8ArraySlice, Unknown,
};
use napi::{Env, JsError, JsTypeError, JsValue, ValueType, JSON};

/// Where the JSON text of a value comes from: V8's `JSON.stringify`, fetched from the global
/// object on each call (the global may differ per worker thread).
fn json_object(env: &Env) -> napi::Result<JSON<'static>> {
    env.get_global()?.get_named_property_unchecked("JSON")
}

/// The JSON text of a policy or request argument: a string is taken as the text itself, an object
/// (or array) is written by `JSON.stringify`; anything else is a `TypeError` naming the argument.
pub(crate) fn json_text(env: &Env, value: Unknown, name: &str) -> napi::Result<String> {
    match value.get_type()? {
        ValueType::String => String::from_unknown(value),
        ValueType::Object if value.is_typedarray()? => {
            // A Buffer or Uint8Array: the bytes of the JSON text, read as UTF-8 by the core.
            let bytes = Uint8ArraySlice::from_unknown(value).map_err(|_| {
                js_type_error(
                    env,
                    &type_message(name, "a typed array other than Uint8Array"),
                )
            })?;
            pimcheck::utf8_text(&bytes, name)
                .map(str::to_owned)
                .map_err(|e| input_error(env, &e))
        }
        ValueType::Object => {
            let stringify: Function<Unknown, String> =
                json_object(env)?.get_named_property_unchecked("stringify")?;
            stringify.call(value)
        }
        other => Err(type_error(env, name, other)),
    }
}

/// The reports (or one report) as JSON text, turned into plain objects by `JSON.parse`.
pub(crate) fn parse<'env>(env: &'env Env, text: &str) -> napi::Result<Unknown<'env>> {
    let parse: Function<&str, Unknown> = json_object(env)?.get_named_property_unchecked("parse")?;
    parse.call(text)
}

/// The requests of a batch: the array as one JSON text (one `JSON.stringify` call for the whole
/// batch), split into its elements by `BatchInput::texts`.
pub struct BatchInput {
    array: String,
}

impl BatchInput {
    /// The batch from the JSON text of the whole array, as `JSON.stringify` wrote it (by the
    /// JavaScript wrapper `main.js`).
    pub(crate) fn from_text(array: String) -> Self {
        BatchInput { array }
    }

    /// The JSON text of every request: an element that is a string is a JSON text itself (as
    /// `check` takes it); an object or array element is its own JSON text.
    pub(crate) fn texts(&self) -> Result<Vec<Cow<'_, str>>, Failure> {
        let elements: Vec<&serde_json::value::RawValue> = serde_json::from_str(&self.array)
            .map_err(|_| Failure::Internal("splitting a batch"))?;
        elements
            .into_iter()
            .enumerate()
            .map(|(index, raw)| {
                let text = raw.get();
                match text.as_bytes().first() {
                    Some(b'{') | Some(b'[') => Ok(Cow::Borrowed(text)),
                    Some(b'"') => serde_json::from_str::<String>(text)
                        .map(Cow::Owned)
                        .map_err(|_| Failure::Internal("reading a batch's JSON string")),
                    _ => Err(Failure::Type(format!(
                        "argument `requests[{}]` must be an object or a JSON string, found {}",
                        index,
                        match text {
                            "null" => "null or undefined",
                            "true" | "false" => "boolean",
                            _ => "number",
                        },
                    ))),
                }
            })
            .collect()
    }
}

/// Reads the `requests` argument of `checkMany`: an array, else a `TypeError`.
pub(crate) fn batch(env: &Env, requests: Unknown) -> Result<BatchInput, Failure> {
    let is_array = requests.is_array().map_err(Failure::Js)?;
    if !is_array {
        let found = requests.get_type().map_err(Failure::Js)?;
        return Err(Failure::Type(format!(
            "argument `requests` must be an array of requests (objects or JSON strings), found {}",
            type_name(found)
        )));
    }
    let stringify = || -> napi::Result<String> {
        let stringify: Function<Unknown, String> =
            json_object(env)?.get_named_property_unchecked("stringify")?;
        stringify.call(requests)
    };
    Ok(BatchInput {
        array: stringify().map_err(Failure::Js)?,
    })
}

/// Reads `{ now, mfa, level, maxInputBytes }`. `now`: a `Date` or an RFC 3339 string (default: the
/// system clock); `mfa`: a boolean (absent, `undefined` or `null`: unknown); `level`: a string;
/// `maxInputBytes`: see [`read_limits`]. A value of the wrong kind is the core's `InvalidOption`;
/// options that are not an object are a `TypeError`.
pub(crate) fn options(env: &Env, options: Option<Unknown>) -> napi::Result<pimcheck::Options> {
    read_options(env, options).map_err(|f| f.throw(env))
}

/// As [`options`], the failure kept as data (for `checkManyAsync`, which rejects with it).
pub(crate) fn read_options(
    env: &Env,
    options: Option<Unknown>,
) -> Result<pimcheck::Options, Failure> {
    let Some(options) = options else {
        return Ok(pimcheck::Options::new(chrono::Utc::now()));
    };
    let options = match options.get_type().map_err(Failure::Js)? {
        ValueType::Undefined | ValueType::Null => {
            return Ok(pimcheck::Options::new(chrono::Utc::now()))
        }
        ValueType::Object => Object::from_unknown(options).map_err(Failure::Js)?,
        other => {
            return Err(Failure::Type(format!(
                "argument `options` must be an object, found {}",
                type_name(other)
            )))
        }
    };
    let _ = env;
    let read = || -> napi::Result<[Unknown; 4]> {
        Ok([
            options.get_named_property_unchecked("now")?,
            options.get_named_property_unchecked("mfa")?,
            options.get_named_property_unchecked("level")?,
            options.get_named_property_unchecked("maxInputBytes")?,
        ])
    };
    let [now, mfa, level, max_input_bytes] = read().map_err(Failure::Js)?;
    options_from(now, mfa, level, max_input_bytes)
}

/// Options from the values of `now`, `mfa`, `level` and `maxInputBytes` (read in that order from
/// the options object, by [`read_options`] or by the JavaScript wrapper `main.js`); `undefined` and
/// `null` mean "not given". A value of the wrong kind is the core's `InvalidOption`, the first of
/// `now`, `mfa`, `level`, `maxInputBytes` that is wrong.
pub(crate) fn options_from(
    now: Unknown,
    mfa: Unknown,
    level: Unknown,
    max_input_bytes: Unknown,
) -> Result<pimcheck::Options, Failure> {
    let read = || -> napi::Result<Result<pimcheck::Options, pimcheck::Error>> {
        let limits = limits_from(max_input_bytes)?;
        let now = match now.get_type()? {
            ValueType::Undefined | ValueType::Null => Ok(chrono::Utc::now()),
            ValueType::String => pimcheck::parse_now(&String::from_unknown(now)?),
            ValueType::Object if now.is_date()? => {
                let millis = Date::from_unknown(now)?.value_of()?;
                date_from_millis(millis)
                    .ok_or_else(|| pimcheck::Options::wrong_kind("now", "Invalid Date"))
            }
            _ => Err(pimcheck::Options::wrong_kind("now", &shown(now)?)),
        };
        let mfa = match mfa.get_type()? {
            ValueType::Undefined | ValueType::Null => Ok(None),
            ValueType::Boolean => Ok(Some(bool::from_unknown(mfa)?)),
            _ => Err(pimcheck::Options::wrong_kind("mfa", &shown(mfa)?)),
        };
        let level = match level.get_type()? {
            ValueType::Undefined | ValueType::Null => Ok(None),
            ValueType::String => pimcheck::parse_level(&String::from_unknown(level)?).map(Some),
            _ => Err(pimcheck::Options::wrong_kind("level", &shown(level)?)),
        };
        Ok(now.and_then(|now| {
            Ok(pimcheck::Options::new(now)
                .with_mfa(mfa?)
                .with_level(level?)
                .with_input_limits(limits?))
        }))
    };
    read().map_err(Failure::Js)?.map_err(Failure::Input)
}

/// Reads `{ maxInputBytes }` of `new Policy(policy, options)`; other keys are not read here.
pub(crate) fn read_limits(
    env: &Env,
    options: Option<Unknown>,
) -> napi::Result<pimcheck::InputLimits> {
    let options = match options {
        None => return Ok(pimcheck::InputLimits::default()),
        Some(options) => match options.get_type()? {
            ValueType::Undefined | ValueType::Null => return Ok(pimcheck::InputLimits::default()),
            ValueType::Object => Object::from_unknown(options)?,
            other => {
                return Err(js_type_error(
                    env,
                    &format!(
                        "argument `options` must be an object such as `{{ maxInputBytes: 1048576 }}`, found {}",
                        type_name(other)
                    ),
                ))
            }
        },
    };
    limits_of(&options)?.map_err(|e| input_error(env, &e))
}

/// `maxInputBytes`: the largest policy or request JSON text, in bytes (`undefined` or `null`: the
/// core's default, 16 MiB). A string or object is written by `JSON.stringify`, so the limit is on
/// that text. Anything but a whole number of 0 or more is the core's `InvalidOption`; a number
/// beyond the address space means no limit.
fn limits_of(options: &Object) -> napi::Result<Result<pimcheck::InputLimits, pimcheck::Error>> {
    limits_from(options.get_named_property_unchecked("maxInputBytes")?)
}

/// As [`limits_of`], from the value of `maxInputBytes` itself.
fn limits_from(value: Unknown) -> napi::Result<Result<pimcheck::InputLimits, pimcheck::Error>> {
    Ok(match value.get_type()? {
        ValueType::Undefined | ValueType::Null => Ok(pimcheck::InputLimits::default()),
        ValueType::Number => {
            let n = f64::from_unknown(value)?;
            // `NaN` and `Infinity` fail the test (their `fract` is `NaN`); `as` saturates, so a
            // whole number past `usize::MAX` is no limit.
            if n >= 0.0 && n.fract() == 0.0 {
                Ok(pimcheck::InputLimits {
                    max_input_bytes: n as usize,
                })
            } else {
                Err(pimcheck::Options::wrong_kind(
                    "maxInputBytes",
                    &shown(value)?,
                ))
            }
        }
        _ => Err(pimcheck::Options::wrong_kind(
            "maxInputBytes",
            &shown(value)?,
        )),
    })
}

/// Reads `{ to }` of `convert`: the generation's name (any case). Anything else, a missing `to`
/// included, is the core's `InvalidOption` for `to`.
pub(crate) fn generation(
    env: &Env,
    options: Option<Unknown>,
) -> napi::Result<pimcheck::convert::Generation> {
    let to = match options {
        Some(options) if options.get_type()? == ValueType::Object => {
            let to: Unknown = Object::from_unknown(options)?.get_named_property_unchecked("to")?;
            match to.get_type()? {
                ValueType::String => String::from_unknown(to)?,
                // Shown as JavaScript writes it: never the name of a generation.
                _ => shown(to)?,
            }
        }
        Some(options) => {
            let found = options.get_type()?;
            return Err(js_type_error(
                env,
                &format!(
                    "argument `options` must be an object such as `{{ to: 'graph' }}`, found {}",
                    type_name(found)
                ),
            ));
        }
        None => "undefined".to_owned(),
    };
    pimcheck::convert::Generation::parse(&to).map_err(|e| input_error(env, &e))
}

/// A `Date`'s time value (milliseconds since the epoch) as a UTC time; `None` for an invalid date.
fn date_from_millis(millis: f64) -> Option<chrono::DateTime<chrono::Utc>> {
    if !millis.is_finite() {
        return None;
    }
    // A valid Date holds a whole number of milliseconds within ±8.64e15.
    chrono::DateTime::from_timestamp_millis(millis as i64)
}

/// How a host value is shown in an error message: a string in JSON quotes (so that `"true"` is
/// not mistaken for `true`), a number or boolean as JavaScript writes it, else its type.
pub(crate) fn shown(value: Unknown) -> napi::Result<String> {
    Ok(match value.get_type()? {
        ValueType::String => serde_json::to_string(&String::from_unknown(value)?)
            .unwrap_or_else(|_| "string".to_owned()),
        ValueType::Number | ValueType::Boolean => {
            value.coerce_to_string()?.into_utf8()?.into_owned()?
        }
        ValueType::BigInt => format!("{}n", value.coerce_to_string()?.into_utf8()?.as_str()?),
        ValueType::Object if value.is_array()? => "array".to_owned(),
        other => type_name(other).to_owned(),
    })
}

/// The JavaScript `typeof` name of a value type (`null` apart).
pub(crate) fn type_name(value_type: ValueType) -> &'static str {
    match value_type {
        ValueType::Undefined => "undefined",
        ValueType::Null => "null",
        ValueType::Boolean => "boolean",
        ValueType::Number => "number",
        ValueType::String => "string",
        ValueType::Symbol => "symbol",
        ValueType::Object => "object",
        ValueType::Function => "function",
        ValueType::BigInt => "bigint",
        _ => "unknown",
    }
}

fn type_message(name: &str, found: &str) -> String {
    format!(
        "argument `{}` must be an object, a JSON string or its UTF-8 bytes, found {}",
        name, found
    )
}

/// A `TypeError` for a policy or request argument of the wrong type.
fn type_error(env: &Env, name: &str, found: ValueType) -> napi::Error {
    js_type_error(env, &type_message(name, type_name(found)))
}

/// A thrown `TypeError` with `code` `ERR_INVALID_ARG_TYPE` (as Node's own APIs say).
pub(crate) fn js_type_error(env: &Env, message: &str) -> napi::Error {
    let error = napi::Error::new("ERR_INVALID_ARG_TYPE", message);
    napi::Error::from(JsTypeError::from(error).into_unknown(*env))
}

/// The core's error (an input error, or `Internal`: a bug) as a thrown `Error` with `code`, `path`,
/// `message`, `hint` (where the core gives one) and `index` (for the request of a batch that gave
/// it).
pub(crate) fn input_error(env: &Env, error: &pimcheck::Error) -> napi::Error {
    match build_input_error(env, error) {
        Ok(value) => napi::Error::from(value),
        Err(e) => e,
    }
}

fn build_input_error<'env>(env: &'env Env, error: &pimcheck::Error) -> napi::Result<Unknown<'env>> {
    let code = error.code().as_str();
    let js = JsError::from(napi::Error::new(code, error.message())).into_unknown(*env);
    let mut object = Object::from_unknown(js)?;
    object.set_named_property("path", error.path())?;
    if let Some(hint) = error.hint() {
        object.set_named_property("hint", hint)?;
    }
    if let Some(index) = error.index() {
        object.set_named_property("index", index as u32)?;
    }
    Ok(object.to_unknown())
}

/// Runs a call into the core: its error is thrown as the core's error ([`input_error`]), and a
/// panic there (a bug) as the core's `Internal` error, with the panic's text, instead of the
/// process going down.
pub(crate) fn guarded<T>(
    env: &Env,
    call: impl FnOnce() -> Result<T, pimcheck::Error>,
) -> napi::Result<T> {
    catch_unwind(AssertUnwindSafe(call))
        .unwrap_or_else(|payload| Err(panicked(payload.as_ref())))
        .map_err(|error| input_error(env, &error))
}

/// Runs work that keeps its failure as data (a batch, on the main thread or a libuv worker); a
/// panic there becomes the core's `Internal` error ([`Failure::Input`]).
pub(crate) fn catching<T>(work: impl FnOnce() -> Result<T, Failure>) -> Result<T, Failure> {
    catch_unwind(AssertUnwindSafe(work))
        .unwrap_or_else(|payload| Err(Failure::Input(panicked(payload.as_ref()))))
}

/// The core's `Internal` error for a panic whose payload is `payload`, its text in the message.
fn panicked(payload: &(dyn std::any::Any + Send)) -> pimcheck::Error {
    let reason = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown cause".to_owned());
    pimcheck::Error::internal(&format!(
        "running a call from JavaScript (panic: `{}`)",
        reason
    ))
}

/// A failure, kept as data until it is thrown (or, for `checkManyAsync`, rejected) on the main
/// thread.
pub enum Failure {
    /// The core's error: an input error, or `Internal` (a bug).
    Input(pimcheck::Error),
    /// A wrong argument type: a `TypeError` with this message.
    Type(String),
    /// A JavaScript exception met while reading the arguments (a throwing getter, `JSON.stringify`
    /// of a cyclic object): thrown again as it was.
    Js(napi::Error),
    /// Something that cannot happen (a panic, JSON that V8 wrote and serde cannot read): thrown
    /// as the core's `Internal` error, a bug in pimcheck, while doing this.
    Internal(&'static str),
}

impl Failure {
    /// The failure as an error to throw (or to reject a promise with) on the main thread.
    pub(crate) fn throw(self, env: &Env) -> napi::Error {
        match self {
            Failure::Input(error) => input_error(env, &error),
            Failure::Type(message) => js_type_error(env, &message),
            Failure::Js(error) => error,
            Failure::Internal(what) => input_error(env, &pimcheck::Error::internal(what)),
        }
    }
}
