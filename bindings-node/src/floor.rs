//! The hooks of `benches/node/bench.mjs` and of the tests, not part of the API (absent from the
//! types), built only with the cargo feature `bench-hooks` (which `scripts/bench.sh` and
//! `scripts/test.sh` turn on): a default addon has none of them.
//!
//! `__visitFloor` is the floor of the runner `node-floor-visit`: what it costs to read the requests
//! of a batch as objects through napi, every key and every value (each string's UTF-8 copied out,
//! as any native reader must), building nothing. It tells whether reading objects in Rust could
//! beat the package's `JSON.stringify` crossing. `__panicForTests` and `__panicForTestsAsync` show
//! that a panic becomes a thrown `Error` or a rejected promise, never an abort.

use napi::bindgen_prelude::{AsyncTask, FromNapiValue, JsObjectValue, Object, Unknown};
use napi::{Env, JsValue, Result, ScopedTask, ValueType};
use napi_derive::napi;

use crate::host::{self, Failure};

/// How deep the visit goes (the core's own limit of nesting).
const MAX_DEPTH: usize = 128;

/// The bytes of text read from `value`: its strings and its objects' keys, at any depth.
fn visit(value: Unknown, depth: usize) -> Result<usize> {
    if depth > MAX_DEPTH {
        return Ok(0);
    }
    match value.get_type()? {
        ValueType::String => Ok(String::from_unknown(value)?.len()),
        ValueType::Object if value.is_array()? => {
            let array = Object::from_unknown(value)?;
            let mut seen = 0;
            for index in 0..array.get_array_length()? {
                seen += visit(array.get_element::<Unknown>(index)?, depth + 1)?;
            }
            Ok(seen)
        }
        ValueType::Object => {
            let object = Object::from_unknown(value)?;
            let names = object.get_property_names()?;
            let mut seen = 0;
            for index in 0..names.get_array_length()? {
                let name = names.get_element::<Unknown>(index)?;
                let item = object.get_property_unchecked::<Unknown, Unknown>(name)?;
                seen += String::from_unknown(name)?.len();
                seen += visit(item, depth + 1)?;
            }
            Ok(seen)
        }
        _ => Ok(0),
    }
}

/// Reads every key and value of `value` (a request object, or an array of them) through napi and
/// builds nothing: the bytes of text read.
#[napi(js_name = "__visitFloor", catch_unwind, skip_typescript)]
pub fn visit_floor(value: Unknown) -> Result<u32> {
    Ok(u32::try_from(visit(value, 0)?).unwrap_or(u32::MAX))
}

/// Panics inside a guarded call into the core, as every entry point makes: the panic becomes the
/// core's `Internal` error, thrown.
#[napi(js_name = "__panicForTests", catch_unwind, skip_typescript)]
pub fn panic_for_tests(env: Env) -> Result<()> {
    host::guarded(&env, || -> std::result::Result<(), pimcheck::Error> {
        std::panic::resume_unwind(Box::new("a deliberate panic (test hook)"))
    })
}

/// A promise whose work panics on the libuv worker thread, as `checkManyAsync`'s would; it
/// rejects, and the process goes on.
#[napi(js_name = "__panicForTestsAsync", skip_typescript)]
pub fn panic_for_tests_async() -> AsyncTask<PanicTask> {
    AsyncTask::new(PanicTask)
}

/// The work of `__panicForTestsAsync`: guarded as `CheckManyTask`'s is.
pub struct PanicTask;

impl<'task> ScopedTask<'task> for PanicTask {
    type Output = std::result::Result<String, Failure>;
    type JsValue = Unknown<'task>;

    fn compute(&mut self) -> Result<Self::Output> {
        Ok(host::catching(|| {
            std::panic::resume_unwind(Box::new("a deliberate panic (test hook)"))
        }))
    }

    fn resolve(&mut self, env: &'task Env, output: Self::Output) -> Result<Self::JsValue> {
        host::parse(env, &output.map_err(|f| f.throw(env))?)
    }
}
