//! `pimcheck show` on every policy of `examples/payloads/` and `vectors/`: each is shown in the three
//! formats, its JSON is well formed and holds every row, and no rule Microsoft documents is marked
//! unknown (issue #16, "Done when").
#![allow(clippy::indexing_slicing)] // serde_json `Value` indexing gives `Null`, it does not panic

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use pimcheck::{Policy, Section, ShowFormat, PORTAL};
use serde_json::Value;

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            json_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

/// The policies of a file: an example payload is one document; a vector file holds cases, each
/// with a `policy`.
fn policies(path: &Path) -> Vec<(String, Value)> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let Ok(value) = serde_json::from_str::<Value>(&text) else {
        return Vec::new();
    };
    let name = path.display().to_string();
    if path.components().any(|c| c.as_os_str() == "vectors") {
        let cases = match value {
            Value::Array(cases) => cases,
            case => vec![case],
        };
        cases
            .into_iter()
            .filter_map(|case| {
                let label = format!("{} / {}", name, case.get("name")?.as_str()?);
                Some((label, case.get("policy")?.clone()))
            })
            .collect()
    } else {
        vec![(name, value)]
    }
}

/// The rule ids Microsoft documents: the portal's (the mapping guide's 17 and the model's kinds),
/// and iteration 2's rule identifiers.
fn documented() -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for kind in [
        "Expiration",
        "Enablement",
        "Approval",
        "AuthenticationContext",
    ] {
        for target in [
            "Admin_Eligibility",
            "Admin_Assignment",
            "EndUser_Eligibility",
            "EndUser_Assignment",
        ] {
            ids.insert(format!("{}_{}", kind, target).to_ascii_lowercase());
        }
    }
    for recipient in ["Admin", "Requestor", "Approver"] {
        for target in [
            "Admin_Eligibility",
            "Admin_Assignment",
            "EndUser_Assignment",
        ] {
            ids.insert(format!("Notification_{}_{}", recipient, target).to_ascii_lowercase());
        }
    }
    for id in [
        "ExpirationRule",
        "MfaRule",
        "JustificationRule",
        "TicketingRule",
        "ApprovalRule",
        "AcrsRule",
        "NotificationRule",
    ] {
        ids.insert(id.to_ascii_lowercase());
    }
    ids
}

#[test]
fn every_example_and_vector_policy_is_shown_with_no_documented_rule_unknown() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    json_files(&root.join("examples/payloads"), &mut files);
    json_files(&root.join("vectors"), &mut files);
    files.sort();
    let documented = documented();
    let (mut shown, mut problems) = (0, Vec::new());
    let mut unknown_seen = BTreeSet::new();
    for (name, value) in files.iter().flat_map(|f| policies(f)) {
        let Ok(policy) = Policy::from_value(&value) else {
            continue;
        };
        shown += 1;
        let show = policy.show();
        for role in &show.roles {
            for row in role
                .settings
                .iter()
                .filter(|r| r.section == Section::Unknown)
            {
                unknown_seen.insert(row.rule.clone());
                // Lint's PIM011 cases give a documented id a rule type no one knows
                // (`@odata.type`/`ruleType`): that rule is rightly unknown.
                let unknown_type = name.contains("a rule type the service does not know");
                if documented.contains(&row.rule.to_ascii_lowercase()) && !unknown_type {
                    problems.push(format!("{}: `{}` marked unknown", name, row.rule));
                }
            }
            let portal_rows = role
                .settings
                .iter()
                .filter(|r| {
                    !matches!(
                        r.section,
                        Section::NotInPortal | Section::Unknown | Section::Untargeted
                    )
                })
                .count();
            assert_eq!(portal_rows, PORTAL.len(), "{}", name);
        }
        let json: Value = serde_json::from_str(&show.render(ShowFormat::Json)).unwrap_or_default();
        let rows: usize = show.roles.iter().map(|r| r.settings.len()).sum();
        let json_rows: usize = json["roles"]
            .as_array()
            .map(|roles| {
                roles
                    .iter()
                    .filter_map(|r| r["settings"].as_array())
                    .map(Vec::len)
                    .sum()
            })
            .unwrap_or(0);
        assert_eq!(rows, json_rows, "{}", name);
        let text = show.render(ShowFormat::Text);
        let markdown = show.render(ShowFormat::Markdown);
        if show.roles.is_empty() {
            assert_eq!(text, "The policy set holds no role settings.\n", "{}", name);
            continue;
        }
        for row in &PORTAL {
            assert!(
                text.contains(row.label),
                "{}: no `{}` in\n{}",
                name,
                row.label,
                text
            );
            assert!(markdown.contains(row.label), "{}: no `{}`", name, row.label);
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(shown > 300, "only {} policies were shown", shown);
    eprintln!(
        "{} policies shown; unknown rules among them: {:?}",
        shown, unknown_seen
    );
}
