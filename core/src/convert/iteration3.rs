//! The rules of role settings in iteration-3 form, which Graph and ARM share: each rule with its
//! type (Graph `@odata.type`, ARM `ruleType`), `id` and `target`; the approvers written by the
//! target's own function.

use crate::convert::{
    is_iteration3_notification, newer_rules, rule_names, unknown_rule_warnings, Generation,
};
use crate::duration::format_iso8601;
use crate::json::{Json, Object};
use crate::model::{
    ApprovalRule, Approver, AuthenticationContextRule, Caller, EnablementRule, ExpirationRule,
    Level, NotificationRule, RoleSettings, RuleKind, RuleSet,
};

/// The three (caller, level) pairs that iteration 3 has rules for, in Microsoft's order.
const TARGETS: [(Caller, Level); 3] = [
    (Caller::Admin, Level::Eligibility),
    (Caller::Admin, Level::Assignment),
    (Caller::EndUser, Level::Assignment),
];

/// How a generation writes what differs: a rule's type (the key and the value for a kind such as
/// `Expiration`) and an approver.
pub(crate) struct Dialect {
    pub(crate) rule_type: fn(&str) -> (&'static str, String),
    pub(crate) approver: fn(&Approver) -> Json<'static>,
    /// The generation written, for the rules only one of them can express.
    pub(crate) generation: Generation,
}

/// The rules of `settings` in iteration-3 form; what iteration 3 cannot express is a warning.
pub(crate) fn rules(
    settings: &RoleSettings,
    dialect: &Dialect,
    warnings: &mut Vec<String>,
) -> Vec<Json<'static>> {
    let eligible = settings.rules(Caller::EndUser, Level::Eligibility);
    let names = rule_names(eligible);
    if !names.is_empty() {
        warnings.push(format!(
            "the end-user eligibility rules (iteration 2 `userEligibleSettings`: {}) have no iteration-3 equivalent and are not converted",
            names.join(", ")
        ));
    }
    unknown_rule_warnings(settings, warnings);
    let mut out = Vec::new();
    for (caller, level) in TARGETS {
        let target = Target {
            dialect,
            caller,
            level,
        };
        target.write(settings.rules(caller, level), &mut out, warnings);
    }
    out.extend(newer_rules::iteration3_rules(settings, dialect, warnings));
    out
}

/// The rules of one (caller, level), written in one dialect.
struct Target<'d> {
    dialect: &'d Dialect,
    caller: Caller,
    level: Level,
}

impl Target<'_> {
    fn write(&self, rules: &RuleSet, out: &mut Vec<Json<'static>>, warnings: &mut Vec<String>) {
        if let Some(expiration) = &rules.expiration {
            out.push(self.expiration(expiration));
        }
        if let Some(enablement) = &rules.enablement {
            out.push(self.enablement(enablement));
        }
        if let Some(approval) = &rules.approval {
            out.push(self.approval(approval));
        }
        if let Some(context) = &rules.authentication_context {
            out.push(self.authentication_context(context));
        }
        for notification in &rules.notifications {
            match self.notification(notification) {
                Some(rule) => out.push(rule),
                None => warnings.push(format!(
                    "the iteration-2 notification rule `{}` of `{}` `{}` has no iteration-3 form and is not converted",
                    notification.id,
                    self.caller.rule_id_part(),
                    self.level.rule_id_part()
                )),
            }
        }
    }

    /// A rule of `kind` (its type name's stem, `Expiration`) with `id`, `fields` and the target.
    fn rule(&self, kind: &str, id: String, fields: Object<'static>) -> Json<'static> {
        let (type_key, type_value) = (self.dialect.rule_type)(kind);
        let target = Object::new()
            .with("caller", Json::string(self.caller.rule_id_part()))
            .with("operations", Json::Array(vec![Json::string("All")]))
            .with("level", Json::string(self.level.rule_id_part()));
        let mut object = fields
            .with(type_key, Json::string(type_value))
            .with("id", Json::string(id));
        object = object.with("target", Json::Object(target));
        Json::Object(object)
    }

    fn model_rule(&self, kind: RuleKind, fields: Object<'static>) -> Json<'static> {
        let id = kind.rule_id(self.caller, self.level).into_owned();
        self.rule(kind.id_part(), id, fields)
    }

    fn expiration(&self, expiration: &ExpirationRule) -> Json<'static> {
        let mut fields = Object::new().with(
            "isExpirationRequired",
            Json::Bool(!expiration.permanent_allowed),
        );
        if let Some(maximum) = expiration.maximum {
            fields = fields.with("maximumDuration", Json::string(format_iso8601(maximum)));
        }
        let fields = newer_rules::with_exception_members(fields, expiration, self.dialect);
        self.model_rule(RuleKind::Expiration, fields)
    }

    fn enablement(&self, enablement: &EnablementRule) -> Json<'static> {
        let enabled = [
            (enablement.mfa, "MultiFactorAuthentication"),
            (enablement.justification, "Justification"),
            (enablement.ticketing, "Ticketing"),
        ]
        .into_iter()
        .filter(|(on, _)| *on)
        .map(|(_, name)| Json::string(name))
        .collect();
        let fields = Object::new().with("enabledRules", Json::Array(enabled));
        self.model_rule(RuleKind::Enablement, fields)
    }

    fn approval(&self, approval: &ApprovalRule) -> Json<'static> {
        let stages = if approval.approvers.is_empty() {
            Vec::new()
        } else {
            let approvers = approval
                .approvers
                .iter()
                .map(self.dialect.approver)
                .collect();
            vec![Json::Object(
                Object::new().with("primaryApprovers", Json::Array(approvers)),
            )]
        };
        let setting = Object::new()
            .with("isApprovalRequired", Json::Bool(approval.required))
            .with(
                "isApprovalRequiredForExtension",
                Json::Bool(approval.required_for_extension),
            )
            .with("approvalMode", Json::string("SingleStage"))
            .with("approvalStages", Json::Array(stages));
        let fields = Object::new().with("setting", Json::Object(setting));
        self.model_rule(RuleKind::Approval, fields)
    }

    fn authentication_context(&self, context: &AuthenticationContextRule) -> Json<'static> {
        let claim = context.claim_value.clone().unwrap_or_default();
        let fields = Object::new()
            .with("isEnabled", Json::Bool(context.enabled))
            .with("claimValue", Json::string(claim));
        self.model_rule(RuleKind::AuthenticationContext, fields)
    }

    /// A notification rule read from iteration 3, as it was written; `None` for one read from
    /// iteration 2, which has no iteration-3 form.
    fn notification(&self, notification: &NotificationRule) -> Option<Json<'static>> {
        if !is_iteration3_notification(&notification.id) {
            return None;
        }
        let Json::Object(fields) = Json::from_value(&notification.settings).into_owned() else {
            return None;
        };
        Some(self.rule("Notification", notification.id.clone(), fields))
    }
}
