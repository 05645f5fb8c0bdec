//! The baseline of the audit benchmark (`benches/audit-tenant.sh`): reads files as the audit reads
//! them (whole, as UTF-8) and parses each into a `serde_json::Value`, NDJSON (a `.ndjson` file)
//! line by line, keeping nothing; prints how many values it parsed. What "reading the same files"
//! costs, without judging anything.

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut values = 0usize;
    for path in std::env::args().skip(1) {
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("read-json: cannot read `{path}`: {e}");
                return ExitCode::from(2);
            }
        };
        let documents: Vec<&str> = if path.ends_with(".ndjson") {
            text.lines().filter(|l| !l.trim().is_empty()).collect()
        } else {
            vec![text.as_str()]
        };
        for document in documents {
            match serde_json::from_str::<serde_json::Value>(document) {
                Ok(value) => {
                    values += 1;
                    drop(std::hint::black_box(value));
                }
                Err(e) => {
                    eprintln!("read-json: `{path}` is not JSON: {e}");
                    return ExitCode::from(2);
                }
            }
        }
    }
    println!("{values} documents parsed");
    ExitCode::SUCCESS
}
