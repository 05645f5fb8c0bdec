//! Reading a policy or request file (or standard input) as UTF-8 text, within the input limit.

use std::io::Read;

use pimcheck::{Error, InputLimits};

/// Reads a whole file (or standard input for `-`) as UTF-8 text; reads at most one byte more than
/// the input limit, so a huge file costs no more memory than the limit (the core then refuses it).
/// A file that cannot be opened or read (missing, a directory, no permission) is `Unreadable`.
pub(crate) fn read_input(path: &str, what: &str, limits: &InputLimits) -> Result<String, Error> {
    let mut bytes = Vec::new();
    let cap = u64::try_from(limits.max_input_bytes)
        .unwrap_or(u64::MAX)
        .saturating_add(1);
    let read = if path == "-" {
        std::io::stdin().lock().take(cap).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(cap).read_to_end(&mut bytes))
    };
    read.map_err(|e| Error::unreadable(path, what, &e.to_string()))?;
    limits.check_size(what, bytes.len())?;
    pimcheck::utf8_text(&bytes, what).map(str::to_owned)
}
