//! Rules of the newer API versions: the `exceptionMembers` of an expiration rule (ARM
//! 2024-09-01-preview) and custom extension rules (Graph, preview).

use super::Findings;
use crate::model::{ExpirationRule, Request, RuleSet};
use crate::report::{Code, Finding};

/// The expiration rule that binds `request`: none where its principal is listed among the rule's
/// exception members. A listed group cannot be resolved offline: the rule still binds, and each
/// such group gets an `ExceptionMembershipUnknown` warning.
pub(super) fn binding_expiration<'a>(
    rule: Option<&'a ExpirationRule>,
    request: &Request,
    out: &mut Findings,
) -> Option<&'a ExpirationRule> {
    let rule = rule?;
    let is_group = |kind: &Option<String>| {
        kind.as_deref()
            .is_some_and(|k| k.eq_ignore_ascii_case("Group"))
    };
    let listed = request.principal_id.as_deref().is_some_and(|principal| {
        rule.exception_members.iter().any(|member| {
            !is_group(&member.kind)
                && member
                    .id
                    .as_deref()
                    .is_some_and(|id| id.trim().eq_ignore_ascii_case(principal.trim()))
        })
    });
    if listed {
        return None;
    }
    for group in rule.exception_members.iter().filter(|m| is_group(&m.kind)) {
        let named = group
            .id
            .as_deref()
            .or(group.display_name.as_deref())
            .unwrap_or("(no id)");
        out.warnings.push(
            Finding::new(
                Code::ExceptionMembershipUnknown,
                format!(
                    "the expiration rule exempts the members of the group `{}`; whether the principal is one is not known offline, so the rule was applied",
                    named
                ),
            )
            .rule(&rule.id)
            .with_hint("if the principal is a member of the group, the service does not apply this expiration rule"),
        );
    }
    Some(rule)
}

/// `CustomExtensionDecision` for every enabled custom extension rule of the rule set.
pub(super) fn custom_extension_obligations(rules: &RuleSet, out: &mut Findings) {
    for extension in rules.custom_extensions.iter().filter(|e| e.enabled) {
        let message = match &extension.extension_id {
            Some(id) => format!(
                "the custom extension `{}` will be called and will approve or deny the request",
                id
            ),
            None => {
                "a custom extension will be called and will approve or deny the request".to_owned()
            }
        };
        out.obligations
            .push(Finding::new(Code::CustomExtensionDecision, message).rule(&extension.id));
    }
}
