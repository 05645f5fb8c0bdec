//! The model: plain typed values that every reader produces and the evaluator consumes, whatever
//! API generation a document was written in. A rule is known by its kind and its target (caller,
//! level), as in iteration 3 ([`RuleKind`], [`RoleSettings::rules`]). Two things keep a trace of
//! the documents: the JSON pointers of a request's fields ([`RequestPaths`], so that findings point
//! into the request as given) and the settings of notification rules, kept verbatim as JSON so that
//! a conversion writes them back ([`NotificationRule`]).

mod request;
mod rule_id;
mod settings;

pub use request::{EligibilityLink, ExpirationType, Request, RequestPaths, Schedule};
pub use rule_id::{rule_id, RuleId, RuleKind};
pub use settings::{
    ApprovalRule, Approver, AuthenticationContextRule, CustomExtensionRule, EnablementRule,
    ExpirationRule, KeptRule, NotificationRule, PolicyDocument, RoleSettings, RuleSet,
};

/// Who makes a request: an administrator for someone else, or the user for themselves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Caller {
    /// An administrator (`Admin*` requests, iteration-3 `adminAssign` ...).
    Admin,
    /// The user themselves (`User*` requests, iteration-3 `self*`); Microsoft's `EndUser`.
    EndUser,
}

/// What a request creates or changes: an eligibility, or an active assignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Level {
    /// An eligible assignment, to be activated later.
    Eligibility,
    /// An active assignment (including a user's activation).
    Assignment,
}

/// What a request does (contract section 1.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Operation {
    /// An administrator creates an assignment or eligibility.
    Assign,
    /// A user activates an eligibility.
    Activate,
    /// An administrator changes an existing assignment or eligibility.
    Update,
    /// An existing assignment or eligibility is extended.
    Extend,
    /// An expired assignment or eligibility is renewed.
    Renew,
    /// An administrator removes an assignment or eligibility.
    Remove,
    /// A user deactivates an activation or gives up an eligibility.
    Deactivate,
}

impl Caller {
    /// The name used in reports: `admin` or `user`.
    pub fn as_str(self) -> &'static str {
        match self {
            Caller::Admin => "admin",
            Caller::EndUser => "user",
        }
    }
    /// The name used in iteration-3 rule ids: `Admin` or `EndUser`.
    pub fn rule_id_part(self) -> &'static str {
        match self {
            Caller::Admin => "Admin",
            Caller::EndUser => "EndUser",
        }
    }
}

impl Level {
    /// The name used in reports: `assignment` or `eligibility`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Eligibility => "eligibility",
            Level::Assignment => "assignment",
        }
    }
    /// The name used in iteration-3 rule ids: `Eligibility` or `Assignment`.
    pub fn rule_id_part(self) -> &'static str {
        match self {
            Level::Eligibility => "Eligibility",
            Level::Assignment => "Assignment",
        }
    }
    /// Reads `assignment` or `eligibility` (any case), as the `level` option and iteration-3
    /// targets write them.
    pub fn parse(text: &str) -> Option<Level> {
        if text.eq_ignore_ascii_case("assignment") {
            Some(Level::Assignment)
        } else if text.eq_ignore_ascii_case("eligibility") {
            Some(Level::Eligibility)
        } else {
            None
        }
    }
}

impl Operation {
    /// The name used in reports (`assign`, `activate`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Operation::Assign => "assign",
            Operation::Activate => "activate",
            Operation::Update => "update",
            Operation::Extend => "extend",
            Operation::Renew => "renew",
            Operation::Remove => "remove",
            Operation::Deactivate => "deactivate",
        }
    }
}
