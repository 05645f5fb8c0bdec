//! Rule kinds and rule ids: the one table of the model's ids, derived from (kind, caller, level).

use super::{Caller, Level};

/// The kinds of rule the model knows, in iteration-3 terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RuleKind {
    /// How long an assignment may last and whether it may be permanent.
    Expiration,
    /// MFA, justification and ticket requirements.
    Enablement,
    /// Approval before activation.
    Approval,
    /// A Conditional Access authentication context on activation.
    AuthenticationContext,
}

/// A rule's id as a policy names it. The ids of the model's own kinds
/// (`Expiration_EndUser_Assignment`, ...), which every iteration-2 setting and the documented
/// iteration-3 policies use, are borrowed: a finding names its rule without copying it.
pub type RuleId = std::borrow::Cow<'static, str>;

/// The ids `{kind}_{caller}_{level}` of every kind, caller and level, in the order of
/// [`RuleKind::ALL`], then `Admin`, `EndUser`, then `Eligibility`, `Assignment` ([`table_index`]).
macro_rules! rule_ids {
    ($($kind:literal),*) => {
        [$(
            concat!($kind, "_Admin_Eligibility"),
            concat!($kind, "_Admin_Assignment"),
            concat!($kind, "_EndUser_Eligibility"),
            concat!($kind, "_EndUser_Assignment"),
        )*]
    };
}

/// The model's rule ids ([`rule_ids`]); the kinds' names are [`RuleKind::id_part`]'s.
const RULE_IDS: [&str; 16] = rule_ids!(
    "Expiration",
    "Enablement",
    "Approval",
    "AuthenticationContext"
);

fn table_index(kind: RuleKind, caller: Caller, level: Level) -> usize {
    let kind = match kind {
        RuleKind::Expiration => 0,
        RuleKind::Enablement => 1,
        RuleKind::Approval => 2,
        RuleKind::AuthenticationContext => 3,
    };
    let caller = match caller {
        Caller::Admin => 0,
        Caller::EndUser => 1,
    };
    let level = match level {
        Level::Eligibility => 0,
        Level::Assignment => 1,
    };
    kind * 4 + caller * 2 + level
}

impl RuleKind {
    /// Every kind, in the order of the table of ids.
    pub const ALL: [RuleKind; 4] = [
        RuleKind::Expiration,
        RuleKind::Enablement,
        RuleKind::Approval,
        RuleKind::AuthenticationContext,
    ];

    /// The iteration-3 id of the rule of this kind for `(caller, level)`, e.g.
    /// `Expiration_EndUser_Assignment`. Iteration-2 settings are reported under these ids.
    pub fn rule_id(self, caller: Caller, level: Level) -> RuleId {
        let id = RULE_IDS
            .get(table_index(self, caller, level))
            .copied()
            .unwrap_or_default();
        RuleId::Borrowed(id)
    }

    /// The kind's part of an iteration-3 rule id and of its type name: `Expiration`,
    /// `Enablement`, `Approval`, `AuthenticationContext`.
    pub fn id_part(self) -> &'static str {
        match self {
            RuleKind::Expiration => "Expiration",
            RuleKind::Enablement => "Enablement",
            RuleKind::Approval => "Approval",
            RuleKind::AuthenticationContext => "AuthenticationContext",
        }
    }

    /// The kind whose [`RuleKind::id_part`] is `name`, in any case.
    pub fn from_id_part(name: &str) -> Option<RuleKind> {
        RuleKind::ALL
            .into_iter()
            .find(|kind| kind.id_part().eq_ignore_ascii_case(name))
    }
}

/// The [`RuleId`] of an id as written: borrowed where it is one of the model's own.
pub fn rule_id(written: &str) -> RuleId {
    match RULE_IDS.iter().find(|id| **id == written) {
        Some(id) => RuleId::Borrowed(id),
        None => RuleId::Owned(written.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    #[test]
    fn every_kind_caller_and_level_has_its_own_id() {
        let mut seen = std::collections::HashSet::new();
        for kind in RuleKind::ALL {
            for (caller, caller_part) in [(Caller::Admin, "Admin"), (Caller::EndUser, "EndUser")] {
                for level in [Level::Eligibility, Level::Assignment] {
                    let id = kind.rule_id(caller, level);
                    let expected = format!(
                        "{}_{}_{}",
                        kind.id_part(),
                        caller_part,
                        level.rule_id_part()
                    );
                    assert_eq!(id, expected);
                    assert!(matches!(rule_id(&expected), Cow::Borrowed(_)));
                    assert!(seen.insert(id));
                }
            }
        }
        assert!(matches!(
            rule_id("Expiration_EndUser_assignment"),
            Cow::Owned(_)
        ));
        assert!(matches!(
            rule_id("Notification_Admin_Admin_Eligibility"),
            Cow::Owned(_)
        ));
        assert_eq!(
            RuleKind::from_id_part("authenticationcontext"),
            Some(RuleKind::AuthenticationContext)
        );
        assert_eq!(RuleKind::from_id_part("notification"), None);
    }
}
