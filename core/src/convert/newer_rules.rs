//! Conversion of the rules the newer API versions added: custom extension rules (Graph only),
//! PIM-only-mode rules and expiration `exceptionMembers` (ARM 2024-09-01-preview only), and the
//! documented iteration-2 rules kept as written (iteration 2 only). Each generation writes what it
//! can express; everything else is named in a warning, as every conversion does.

use crate::convert::iteration3::Dialect;
use crate::convert::Generation;
use crate::json::{Json, Object};
use crate::model::{Caller, ExpirationRule, KeptRule, Level, RoleSettings, RuleSet};

/// The three (caller, level) pairs that iteration 3 has rules for, in Microsoft's order.
const TARGETS: [(Caller, Level); 3] = [
    (Caller::Admin, Level::Eligibility),
    (Caller::Admin, Level::Assignment),
    (Caller::EndUser, Level::Assignment),
];

/// The rules of the newer kinds that the dialect's generation (Graph or ARM) can express, with a
/// warning for each it cannot.
pub(crate) fn iteration3_rules(
    settings: &RoleSettings,
    dialect: &Dialect,
    warnings: &mut Vec<String>,
) -> Vec<Json<'static>> {
    let generation = dialect.generation;
    let mut out = Vec::new();
    for (caller, level) in TARGETS {
        let rules = settings.rules(caller, level);
        let rule = |kind: &str, id: &str, fields: Object<'static>| -> Json<'static> {
            let (type_key, type_value) = (dialect.rule_type)(kind);
            let target = Object::new()
                .with("caller", Json::string(caller.rule_id_part()))
                .with("operations", Json::Array(vec![Json::string("All")]))
                .with("level", Json::string(level.rule_id_part()));
            Json::Object(
                fields
                    .with(type_key, Json::string(type_value))
                    .with("id", Json::string(id))
                    .with("target", Json::Object(target)),
            )
        };
        for extension in &rules.custom_extensions {
            if generation == Generation::Graph {
                let fields = Object::new()
                    .with_some("customExtensionId", extension.extension_id.as_deref())
                    .with("isEnabled", Json::Bool(extension.enabled));
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
            match (generation, kept_fields(kept)) {
                (Generation::Arm, Some(fields)) => out.push(rule("PimOnlyMode", &kept.id, fields)),
                _ => warnings.push(not_expressed("PIM-only-mode rule", &kept.id, generation)),
            }
        }
        warnings.extend(kept_iteration2_warnings(rules, generation));
        if generation != Generation::Arm {
            warnings.extend(exception_member_warning(rules, generation));
        }
    }
    out
}

/// The expiration rule's `fields` with its `exceptionMembers` where the dialect is ARM's (each
/// member written as an approver, an ARM `userSet`); unchanged elsewhere (warned about above).
pub(crate) fn with_exception_members(
    fields: Object<'static>,
    expiration: &ExpirationRule,
    dialect: &Dialect,
) -> Object<'static> {
    if dialect.generation != Generation::Arm || expiration.exception_members.is_empty() {
        return fields;
    }
    let members = expiration
        .exception_members
        .iter()
        .map(dialect.approver)
        .collect();
    fields.with("exceptionMembers", Json::Array(members))
}

/// The documented iteration-2 rules of one list kept as written, as `(identifier, setting)`;
/// custom extensions, PIM-only mode and exception members have no iteration-2 form: warned about.
pub(crate) fn iteration2_entries(
    rules: &RuleSet,
    warnings: &mut Vec<String>,
) -> Vec<(String, Object<'static>)> {
    let generation = Generation::Iteration2;
    for extension in &rules.custom_extensions {
        warnings.push(not_expressed(
            "custom extension rule",
            &extension.id,
            generation,
        ));
    }
    for kept in &rules.pim_only_mode {
        warnings.push(not_expressed("PIM-only-mode rule", &kept.id, generation));
    }
    warnings.extend(exception_member_warning(rules, generation));
    rules
        .iteration2_kept
        .iter()
        .filter_map(|kept| kept_fields(kept).map(|fields| (kept.id.clone(), fields)))
        .collect()
}

/// A kept rule's settings as an object of the json module's tree.
fn kept_fields(kept: &KeptRule) -> Option<Object<'static>> {
    match Json::from_value(&kept.settings).into_owned() {
        Json::Object(fields) => Some(fields),
        _ => None,
    }
}

fn kept_iteration2_warnings(rules: &RuleSet, generation: Generation) -> Vec<String> {
    rules
        .iteration2_kept
        .iter()
        .map(|kept| not_expressed("iteration-2 rule", &kept.id, generation))
        .collect()
}

fn exception_member_warning(rules: &RuleSet, generation: Generation) -> Option<String> {
    let expiration = rules.expiration.as_ref()?;
    (!expiration.exception_members.is_empty()).then(|| {
        not_expressed(
            "`exceptionMembers` of the expiration rule",
            &expiration.id,
            generation,
        )
    })
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
