//! A floor for the benchmarks (`benches/node/bench.mjs`, runner `node-floor-visit`), not part of
//! the API: what it costs to read the requests of a batch as objects through napi, every key and
//! every value (each string's UTF-8 copied out, as any native reader must), building nothing.
//! It tells whether reading objects in Rust could beat the package's `JSON.stringify` crossing.

use napi::bindgen_prelude::{FromNapiValue, JsObjectValue, Object, Unknown};
use napi::{JsValue, Result, ValueType};

/// How deep the visit goes (the core's own limit of nesting).
const MAX_DEPTH: usize = 128;

/// The bytes of text read from `value`: its strings and its objects' keys, at any depth.
pub(crate) fn visit(value: Unknown, depth: usize) -> Result<usize> {
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
