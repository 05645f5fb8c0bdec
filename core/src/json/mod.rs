//! JSON in and out, with no knowledge of PIM: the size limit of an input ([`InputLimits`]), the byte
//! scan both directions share, and the string escaper ([`write_str`]).

mod bytes;
mod input_limits;
mod write;

pub(crate) use bytes::first_special;
pub use input_limits::InputLimits;
pub use write::write_str;
