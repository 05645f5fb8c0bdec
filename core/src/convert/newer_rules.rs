//! Conversion of the rules the newer API versions added: custom extension rules (Graph only),
//! PIM-only-mode rules and expiration `exceptionMembers` (ARM 2024-09-01-preview only), and the
//! documented iteration-2 rules kept as written (iteration 2 only). Each generation writes what it
//! can express; everything else is named in a warning, as every conversion does.

use serde_json::{Map, Value};

use crate::convert::{Generation, ITERATION3_TARGETS};
use crate::model::{Approver, Caller, Level, RoleSettings, RuleKind};

/// The (caller, level) pairs whose rules are converted, with the names warnings give them.
const ALL_TARGETS: [(Caller, Level); 4] = [
    (Caller::Admin, Level::Eligibility),
    (Caller::Admin, Level::Assignment),
    (Caller::EndUser, Level::Assignment),
    (Caller::EndUser, Level::Eligibility),
];

/// The rules of the newer kinds that `generation` (Graph or ARM) can express, in its form
/// (`type_of` gives the type key and value of a kind), with a warning for each it cannot.
pub(crate) fn iteration3_rules(
    settings: &RoleSettings,
    generation: Generation,
    type_of: fn(&str) -> (&'static str, String),
    warnings: &mut Vec<String>,
) -> Vec<Value> {
    let mut out = Vec::new();
    for (caller, level) in ITERATION3_TARGETS {
        let rules = settings.rules(caller, level);
        let rule = |kind: &str, id: &str, fields: Map<String, Value>| -> Value {
            let mut object = Map::new();
            let (key, value) = type_of(kind);
            object.insert(key.to_owned(), Value::String(value));
            object.insert("id".to_owned(), Value::String(id.to_owned()));
            object.extend(fields);
            object.insert(
                "target".to_owned(),
                serde_json::json!({
                    "caller": caller.rule_id_part(),
                    "operations": ["All"],
                    "level": level.rule_id_part(),
                }),
            );
            Value::Object(object)
        };
        for extension in &rules.custom_extensions {
            if generation == Generation::Graph {
                let mut fields = Map::new();
                if let Some(id) = &extension.extension_id {
                    fields.insert("customExtensionId".into(), Value::String(id.clone()));
                }
                fields.insert("isEnabled".into(), Value::Bool(extension.enabled));
                out.push(rule("CustomExtension", &extension.id, fields));
            } else {
                warnings.push(not_expressed(
                    "custom extension rule",
                    &extension.id,
                    generation,
                ));
            }
        }
        for kept in &rules.pim_only_mode {
            match (generation, &kept.settings) {
                (Generation::Arm, Value::Object(fields)) => {
                    out.push(rule("PimOnlyMode", &kept.id, fields.clone()))
                }
                _ => warnings.push(not_expressed("PIM-only-mode rule", &kept.id, generation)),
            }
        }
    }
    warnings.extend(iteration2_kept_warnings(settings, generation));
    if generation != Generation::Arm {
        warnings.extend(exception_member_warnings(settings, generation));
    }
    out
}

/// Adds the `exceptionMembers` of each expiration rule to the ARM rule of the same id in `rules`,
/// each member written by `approver` (an ARM `userSet`).
pub(crate) fn add_exception_members(
    settings: &RoleSettings,
    rules: &mut [Value],
    approver: fn(&Approver) -> Value,
) {
    for (caller, level) in ITERATION3_TARGETS {
        let Some(expiration) = &settings.rules(caller, level).expiration else {
            continue;
        };
        if expiration.exception_members.is_empty() {
            continue;
        }
        let id = RuleKind::Expiration.rule_id(caller, level);
        let written = rules.iter_mut().find_map(|rule| match rule {
            Value::Object(object) if object.get("id").and_then(Value::as_str) == Some(&*id) => {
                Some(object)
            }
            _ => None,
        });
        if let Some(object) = written {
            let members = expiration.exception_members.iter().map(approver).collect();
            object.insert("exceptionMembers".into(), Value::Array(members));
        }
    }
}

/// The documented iteration-2 rules kept as written, for an iteration-2 list: `(identifier,
/// setting)` pairs. Custom extensions and PIM-only mode have no iteration-2 form: warned about.
pub(crate) fn iteration2_rules(
    settings: &RoleSettings,
    caller: Caller,
    level: Level,
    warnings: &mut Vec<String>,
) -> Vec<(String, Value)> {
    let rules = settings.rules(caller, level);
    for extension in &rules.custom_extensions {
        warnings.push(not_expressed(
            "custom extension rule",
            &extension.id,
            Generation::Iteration2,
        ));
    }
    for kept in &rules.pim_only_mode {
        warnings.push(not_expressed(
            "PIM-only-mode rule",
            &kept.id,
            Generation::Iteration2,
        ));
    }
    if let Some(expiration) = &rules.expiration {
        if !expiration.exception_members.is_empty() {
            warnings.push(not_expressed(
                "`exceptionMembers` of the expiration rule",
                &expiration.id,
                Generation::Iteration2,
            ));
        }
    }
    rules
        .iteration2_kept
        .iter()
        .map(|kept| (kept.id.clone(), kept.settings.clone()))
        .collect()
}

fn iteration2_kept_warnings(settings: &RoleSettings, generation: Generation) -> Vec<String> {
    ALL_TARGETS
        .iter()
        .flat_map(|(caller, level)| settings.rules(*caller, *level).iteration2_kept.iter())
        .map(|kept| not_expressed("iteration-2 rule", &kept.id, generation))
        .collect()
}

fn exception_member_warnings(settings: &RoleSettings, generation: Generation) -> Vec<String> {
    ITERATION3_TARGETS
        .iter()
        .filter_map(|(caller, level)| settings.rules(*caller, *level).expiration.as_ref())
        .filter(|expiration| !expiration.exception_members.is_empty())
        .map(|expiration| {
            not_expressed(
                "`exceptionMembers` of the expiration rule",
                &expiration.id,
                generation,
            )
        })
        .collect()
}

fn not_expressed(what: &str, id: &str, generation: Generation) -> String {
    format!(
        "the {} `{}` has no {} form and is not converted",
        what,
        id,
        match generation {
            Generation::Graph => "Graph",
            Generation::Arm => "ARM",
            Generation::Iteration2 => "iteration-2",
        }
    )
}
