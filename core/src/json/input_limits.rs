//! How large a document pimcheck reads: a plain value, read by the strict parse.

use crate::error::{Error, ErrorCode};

/// Limits on the size of what pimcheck reads (a policy, a request, a line of a batch); every
/// interface exposes them as an option. Nesting depth is not configurable: 128 levels, as serde_json.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InputLimits {
    /// The largest policy or request text, in bytes.
    pub max_input_bytes: usize,
}

impl InputLimits {
    /// The default largest input: 16 MiB (an export of a thousand roles' policies is about 10 MiB).
    pub const DEFAULT_MAX_INPUT_BYTES: usize = 16 * 1024 * 1024;

    /// The `InputTooLarge` error for a `what` (`policy` or `request`) of `len` bytes, if that is
    /// over the limit. The hint names no interface's spelling of the option (each host documents
    /// its own), so that the error is the same text from every interface.
    pub fn check_size(&self, what: &str, len: usize) -> Result<(), Error> {
        if len <= self.max_input_bytes {
            return Ok(());
        }
        Err(Error::new(
            ErrorCode::InputTooLarge,
            "",
            format!(
                "the {} is larger than the limit of `{}` bytes",
                what, self.max_input_bytes
            ),
        )
        .with_hint("raise the input size limit (the max input bytes option)"))
    }
}

impl Default for InputLimits {
    fn default() -> Self {
        InputLimits {
            max_input_bytes: InputLimits::DEFAULT_MAX_INPUT_BYTES,
        }
    }
}
