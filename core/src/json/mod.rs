//! JSON in and out, with no knowledge of PIM: the strict parse of a document within its
//! [`InputLimits`] (a fast parser for the common case, serde_json for the rest), the tree the
//! readers walk, where a reader is (`At`) and how it finds a key (`Key`), the byte scan both
//! directions share, and the one string escaper ([`write_str`]).
//!
//! Public: [`InputLimits`], [`utf8_text`], [`parse_value`] and [`write_str`]; the rest is the
//! readers'.

mod at;
mod bytes;
mod describe;
mod fast;
mod input_limits;
mod parse;
mod tree;
mod write;

pub(crate) use at::{get, get_ci, get_key, has_key, key, key_matches, At, Key};
pub(crate) use describe::shorten;
pub use input_limits::InputLimits;
pub(crate) use parse::{parse_embedded, parse_tree};
pub use parse::{parse_value, utf8_text};
pub(crate) use tree::{describe, Json, Object};
pub(crate) use write::write_json;
pub use write::write_str;
