//! What pimcheck's benchmarks share: the scenario manifest (`benches/scenarios.json`), the payloads
//! it names, the timing loop and the JSON-lines output of `benches/CONTRACT.md`.
//!
//! The criterion benches (`benches/engine.rs`), the contract runner (`pimcheck-bench`) and the CLI
//! runner (`pimcheck-cli-bench`) all read scenarios through this crate, so every number is measured
//! on the same bytes.

use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::Deserialize;

/// The manifest: iteration counts and scenarios.
#[derive(Debug, Clone, Deserialize)]
pub struct Manifest {
    /// The version of the manifest's layout.
    pub schema_version: u32,
    /// Warm-up and measured samples for every scenario that does not override them.
    pub iteration_policy: IterationPolicy,
    /// The scenarios, by id.
    pub scenarios: Vec<Scenario>,
}

/// How many samples are taken (each sample times `inner` calls).
#[derive(Debug, Clone, Copy, Deserialize)]
pub struct IterationPolicy {
    /// Samples run and thrown away first.
    pub warmup_samples: usize,
    /// Samples measured.
    pub samples: usize,
}

/// The context of a scenario (contract 1.3), as the manifest writes it.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ScenarioContext {
    /// The evaluation time (RFC 3339).
    pub now: Option<String>,
    /// What is known of MFA.
    pub mfa: Option<bool>,
    /// `assignment` or `eligibility`.
    pub level: Option<String>,
}

/// One scenario of the manifest.
#[derive(Debug, Clone, Deserialize)]
pub struct Scenario {
    /// The stable id every runner reports under.
    pub id: String,
    /// What is measured: `parse_policy`, `parse_request`, `check`, `report_json`, `batch`,
    /// `cli_batch`.
    pub kind: String,
    /// Calls timed together as one sample (the median is per call).
    #[serde(default = "one")]
    pub inner: usize,
    /// Overrides the iteration policy's `samples`.
    pub samples: Option<usize>,
    /// Overrides the iteration policy's `warmup_samples`.
    pub warmup_samples: Option<usize>,
    /// Items per call (a batch's requests); 1 otherwise.
    #[serde(default = "one")]
    pub item_count: usize,
    /// Threads for CLI batches.
    pub jobs: Option<usize>,
    /// The policy file, relative to the manifest.
    pub policy: Option<String>,
    /// The request file, relative to the manifest.
    pub request: Option<String>,
    /// The request files of a batch, used round robin.
    #[serde(default)]
    pub requests: Vec<String>,
    /// The context of the check.
    #[serde(default)]
    pub context: ScenarioContext,
    /// What the scenario is for (documentation only).
    #[serde(default)]
    pub purpose: String,
}

fn one() -> usize {
    1
}

/// A manifest and the folder its paths are relative to.
#[derive(Debug, Clone)]
pub struct Suite {
    /// The manifest.
    pub manifest: Manifest,
    /// The folder holding `scenarios.json`.
    pub root: PathBuf,
}

/// Where `scenarios.json` is when no path is given: next to this crate's manifest.
pub fn default_manifest_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios.json")
}

impl Suite {
    /// Reads the manifest at `path`.
    pub fn load(path: &Path) -> Result<Suite, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read `{}`: {}", path.display(), e))?;
        let manifest: Manifest = serde_json::from_str(&text)
            .map_err(|e| format!("`{}` is not a scenario manifest: {}", path.display(), e))?;
        let root = path.parent().map(Path::to_path_buf).unwrap_or_default();
        Ok(Suite { manifest, root })
    }

    /// Reads the manifest next to this crate.
    pub fn load_default() -> Result<Suite, String> {
        Suite::load(&default_manifest_path())
    }

    /// The scenario with `id`.
    pub fn scenario(&self, id: &str) -> Option<&Scenario> {
        self.manifest.scenarios.iter().find(|s| s.id == id)
    }

    /// The text of a file named in the manifest.
    pub fn read(&self, relative: &str) -> Result<String, String> {
        let path = self.root.join(relative);
        std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read `{}`: {}", path.display(), e))
    }

    /// The scenario's policy text.
    pub fn policy_text(&self, scenario: &Scenario) -> Result<String, String> {
        let name = scenario
            .policy
            .as_deref()
            .ok_or_else(|| format!("scenario `{}` has no policy", scenario.id))?;
        self.read(name)
    }

    /// The scenario's request text.
    pub fn request_text(&self, scenario: &Scenario) -> Result<String, String> {
        let name = scenario
            .request
            .as_deref()
            .ok_or_else(|| format!("scenario `{}` has no request", scenario.id))?;
        self.read(name)
    }

    /// The `item_count` requests of a batch, each as one line of compact JSON, taken from the
    /// scenario's `requests` round robin.
    pub fn batch_lines(&self, scenario: &Scenario) -> Result<Vec<String>, String> {
        let mut compact = Vec::new();
        for name in &scenario.requests {
            let value: serde_json::Value = serde_json::from_str(&self.read(name)?)
                .map_err(|e| format!("`{}` is not JSON: {}", name, e))?;
            compact.push(value.to_string());
        }
        if compact.is_empty() {
            return Err(format!("scenario `{}` has no requests", scenario.id));
        }
        Ok(compact
            .iter()
            .cycle()
            .take(scenario.item_count)
            .cloned()
            .collect())
    }

    /// The scenario's options (contract 1.3).
    pub fn options(&self, scenario: &Scenario) -> Result<pimcheck::Options, String> {
        let context = &scenario.context;
        let now = pimcheck::parse_now(context.now.as_deref().unwrap_or("2026-01-01T00:00:00Z"))
            .map_err(|e| e.one_line())?;
        let level = context
            .level
            .as_deref()
            .map(pimcheck::parse_level)
            .transpose()
            .map_err(|e| e.one_line())?;
        Ok(pimcheck::Options::new(now)
            .with_mfa(context.mfa)
            .with_level(level))
    }

    /// Warm-up and measured samples for `scenario`.
    pub fn counts(&self, scenario: &Scenario) -> (usize, usize) {
        let policy = self.manifest.iteration_policy;
        (
            scenario.warmup_samples.unwrap_or(policy.warmup_samples),
            scenario.samples.unwrap_or(policy.samples).max(1),
        )
    }
}

/// What a runner reports for one scenario (one JSON line, `benches/CONTRACT.md`).
#[derive(Debug, Clone, PartialEq)]
pub struct Measurement {
    /// Calls measured (samples × inner).
    pub n: usize,
    /// The median time per call, in nanoseconds.
    pub median_ns: f64,
    /// The 95th percentile time per call, in nanoseconds.
    pub p95_ns: f64,
    /// Items per second at the median (`item_count / median`).
    pub throughput: f64,
}

/// Times `call`: `warmup` samples thrown away, then `samples` samples of `inner` calls each.
pub fn measure(
    warmup: usize,
    samples: usize,
    inner: usize,
    item_count: usize,
    mut call: impl FnMut(),
) -> Measurement {
    let inner = inner.max(1);
    for _ in 0..warmup * inner {
        call();
    }
    let mut per_call: Vec<f64> = Vec::with_capacity(samples);
    for _ in 0..samples {
        let started = Instant::now();
        for _ in 0..inner {
            call();
        }
        per_call.push(started.elapsed().as_nanos() as f64 / inner as f64);
    }
    summarize(&mut per_call, samples * inner, item_count)
}

/// The median and 95th percentile of per-call times, and the throughput at the median.
pub fn summarize(per_call: &mut [f64], n: usize, item_count: usize) -> Measurement {
    per_call.sort_by(f64::total_cmp);
    let at = |q: f64| -> f64 {
        if per_call.is_empty() {
            return 0.0;
        }
        let index = ((per_call.len() - 1) as f64 * q).round() as usize;
        per_call.get(index).copied().unwrap_or_default()
    };
    let median_ns = at(0.5);
    let throughput = if median_ns > 0.0 {
        item_count as f64 * 1e9 / median_ns
    } else {
        0.0
    };
    Measurement {
        n,
        median_ns,
        p95_ns: at(0.95),
        throughput,
    }
}

/// One JSON line for a measured scenario.
pub fn line_ok(runner: &str, scenario: &str, m: &Measurement) -> String {
    serde_json::json!({
        "runner": runner,
        "scenario": scenario,
        "n": m.n,
        "median_ns": (m.median_ns * 10.0).round() / 10.0,
        "p95_ns": (m.p95_ns * 10.0).round() / 10.0,
        "throughput": m.throughput.round(),
        "status": "ok",
    })
    .to_string()
}

/// One JSON line for a scenario the runner could not measure, with the reason.
pub fn line_skipped(runner: &str, scenario: &str, reason: &str) -> String {
    serde_json::json!({
        "runner": runner,
        "scenario": scenario,
        "status": "skipped",
        "reason": reason,
    })
    .to_string()
}
/// A generated Terraform plan of many PIM resources (the `plan` bench, `pimcheck-plan-gen`).
pub mod plan_gen;
