//! The catalogue of lints: stable ids, names, severities and descriptions (docs/lints.md has one
//! section per entry with the failure it prevents). The CLI's SARIF `tool.driver.rules` is this
//! table.

/// How serious a lint finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Severity {
    /// Risky or surprising, but the service accepts it.
    Warning,
    /// The service refuses it, or it cannot do what it says.
    Error,
}

impl Severity {
    /// `error` or `warning`, as the JSON writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// The set of lints a run applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Profile {
    /// The correctness lints only (`PIM0xx`): always on.
    Correctness,
    /// The correctness lints and the baseline posture lints (`PIMBxx`, CISA SCuBA MS.AAD.7).
    Baseline,
}

impl Profile {
    /// The profile named `name` (`baseline`), in any case.
    pub fn parse(name: &str) -> Option<Profile> {
        if name.eq_ignore_ascii_case("baseline") {
            Some(Profile::Baseline)
        } else {
            None
        }
    }
}

/// One entry of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lint {
    /// The stable id (`PIM003`).
    pub id: &'static str,
    /// The name (`MaximumWithPermanent`).
    pub name: &'static str,
    /// The severity it has unless its description says when it is the other one.
    pub default_severity: Severity,
    /// Whether only `--profile baseline` applies it.
    pub baseline: bool,
    /// One sentence: what it finds.
    pub short_description: &'static str,
    /// What it finds and why it matters.
    pub full_description: &'static str,
}

macro_rules! lint {
    ($id:literal, $name:literal, $severity:ident, $baseline:literal, $short:literal, $full:literal) => {
        Lint {
            id: $id,
            name: $name,
            default_severity: Severity::$severity,
            baseline: $baseline,
            short_description: $short,
            full_description: $full,
        }
    };
}

/// Every lint, correctness first, in id order.
pub const CATALOGUE: [Lint; 19] = [
    lint!("PIM001", "ZeroMaximum", Error, false,
        "An expiration rule's maximum duration is zero.",
        "An expiration rule whose maximum is zero (`PT0S`, `0` minutes) refuses every request that has an end: nobody can activate or be assigned for any length of time."),
    lint!("PIM002", "MaximumMissing", Error, false,
        "Expiration is required and no maximum duration is given.",
        "Graph and ARM require `maximumDuration` when `isExpirationRequired` is true; the update is refused as an invalid policy."),
    lint!("PIM003", "MaximumWithPermanent", Warning, false,
        "A maximum duration is set while permanent assignment is allowed.",
        "With `isExpirationRequired: false` and a `maximumDuration`, ARM refuses the update (an error in ARM documents); elsewhere the maximum still binds every request that has an end, which surprises (a warning)."),
    lint!("PIM004", "MfaWithAuthenticationContext", Warning, false,
        "Activation requires both MFA and an authentication context.",
        "The portal offers MFA or a Conditional Access authentication context on activation, not both; Terraform declares the two settings conflicting."),
    lint!("PIM005", "ApprovalWithoutApprovers", Warning, false,
        "Approval is required and no approver is listed.",
        "Azure resource (ARM) policies have no default approvers, so activation waits for nobody (an error there); directory roles and groups fall back to Privileged Role Administrators and Global Administrators (a warning)."),
    lint!("PIM006", "ActivationMaximumOutOfRange", Warning, false,
        "The activation maximum is under 30 minutes or over 24 hours.",
        "The portal offers activation maximums from 30 minutes to 24 hours; a policy outside that range cannot be saved from the portal unchanged."),
    lint!("PIM007", "AssignmentMaximumNotOffered", Warning, false,
        "An assignment maximum the portal cannot show.",
        "The portal offers eligible and active assignment maximums of 15 days, 1, 3, 6 months or 1 year (`P15D`, `P30D`, `P90D`, `P180D`, `P365D`); any other value changes when the policy is saved in the portal."),
    lint!("PIM008", "TargetMismatch", Error, false,
        "A rule's target caller or level disagrees with its id.",
        "A rule such as `Expiration_Admin_Eligibility` must target caller `Admin` and level `Eligibility`; the service refuses a rule sent with another target."),
    lint!("PIM009", "DuplicateRule", Error, false,
        "The same rule id appears twice in one policy.",
        "A policy holds each rule once; with two, which one the service keeps is not defined."),
    lint!("PIM010", "MissingRule", Warning, false,
        "A whole policy lacks one of the 17 standard rules.",
        "Every PIM policy has 17 rules (3 expiration, 3 enablement, 1 approval, 1 authentication context, 9 notification); a whole policy without one of them was truncated or hand-made."),
    lint!("PIM011", "UnknownValue", Error, false,
        "A value outside its enumeration.",
        "`enabledRules`, `ruleType` / `@odata.type`, `notificationLevel`, `recipientType`, `notificationType`, `caller` and `level` take a fixed set of values; the service refuses any other."),
    lint!("PIM012", "DurationNotServiceForm", Error, false,
        "A duration the service refuses.",
        "The service reads ISO 8601 durations in days, hours, minutes and seconds; years and months (`P1Y`, `P1M`), negative and unreadable durations are refused."),
    lint!("PIM013", "MfaOnEligibleAssignment", Warning, false,
        "MFA is required to make eligible assignments.",
        "`Enablement_Admin_Eligibility` with `MultiFactorAuthentication` has no portal setting, and it blocks eligible assignments made by automation (a service principal cannot do MFA)."),
    lint!("PIMB01", "PermanentActiveAllowed", Warning, true,
        "Permanent active assignment is allowed.",
        "Active assignments should expire (CISA SCuBA MS.AAD.7.4: permanent active assignment shall not be allowed for highly privileged roles)."),
    lint!("PIMB02", "ActivationWithoutStrongAuth", Warning, true,
        "Activation requires neither MFA nor an authentication context.",
        "Activating a privileged role should require MFA or a Conditional Access authentication context (CISA SCuBA MS.AAD.3 and MS.AAD.7)."),
    lint!("PIMB03", "PrivilegedRoleWithoutApproval", Warning, true,
        "Global Administrator or Privileged Role Administrator activates without approval.",
        "Activation of the Global Administrator role shall require approval (CISA SCuBA MS.AAD.7.6); the same holds for Privileged Role Administrator."),
    lint!("PIMB04", "LongActivation", Warning, true,
        "The activation maximum is over 8 hours.",
        "Activations should last a working day at most (the PIM default is 8 hours)."),
    lint!("PIMB05", "NoAssignmentAlert", Warning, true,
        "Eligible or active assignments alert nobody.",
        "An eligible or active assignment alert with the default recipients off and no additional recipients tells nobody (CISA SCuBA MS.AAD.7.7)."),
    lint!("PIMB06", "NoActivationAlert", Warning, true,
        "Activations alert nobody.",
        "An activation alert with the default recipients off and no additional recipients tells nobody (CISA SCuBA MS.AAD.7.8)."),
];

/// The catalogue entry of `id`.
pub fn lint_by_id(id: &str) -> Option<&'static Lint> {
    CATALOGUE.iter().find(|lint| lint.id == id)
}
