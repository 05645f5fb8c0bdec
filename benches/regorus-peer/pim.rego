# pimcheck's iteration-2 checks written in Rego, as a user of OPA would write them: the peer that
# benches/regorus-peer evaluates with the regorus crate. `data.settings` holds the role setting with
# each list turned into {lower-case ruleIdentifier: parsed setting} (the host does that once, as
# it would to load data); `input` is {"request": governanceRoleAssignmentRequest, "now_ns", "mfa"}.
package pim

import rego.v1

req := input.request

type := lower(req.type)

state := lower(req.assignmentState)

list_name := "userMemberSettings" if {
	type == "useradd"
	state == "active"
}

list_name := "adminMemberSettings" if {
	startswith(type, "admin")
	type != "adminremove"
	state == "active"
}

list_name := "adminEligibleSettings" if {
	startswith(type, "admin")
	type != "adminremove"
	state == "eligible"
}

rules := data.settings[list_name]

operation := {
	"adminadd": "assign", "adminupdate": "update", "adminextend": "extend", "adminrenew": "renew",
	"adminremove": "remove", "useradd": "activate", "userextend": "extend", "userrenew": "renew",
	"userremove": "deactivate",
}[type]

caller := "admin" if startswith(type, "admin")

else := "user"

level := "assignment" if state == "active"

else := "eligibility"

schedule := object.get(req, "schedule", {})

now := input.now_ns

written_start := time.parse_rfc3339_ns(schedule.startDateTime) if schedule.startDateTime

else := now

start := max([now, written_start])

num(s) := 0 if s == ""

num(s) := to_number(s) if s != ""

# ISO 8601 P[nD][T[nH][nM][nS]] in nanoseconds.
iso_ns(d) := ns if {
	parts := regex.find_all_string_submatch_n(`^P(?:([0-9]+)D)?(?:T(?:([0-9]+)H)?(?:([0-9]+)M)?(?:([0-9]+(?:\.[0-9]+)?)S)?)?$`, d, 1)[0]
	ns := (((num(parts[1]) * 86400) + (num(parts[2]) * 3600)) + (num(parts[3]) * 60) + num(parts[4])) * 1000000000
}

given(key) if {
	v := object.get(schedule, key, null)
	v != null
	v != "PT0S"
	not startswith(v, "0001-01-01")
}

length := iso_ns(schedule.duration) if given("duration")

else := time.parse_rfc3339_ns(schedule.endDateTime) - start if given("endDateTime")

maximum := rules.expirationrule.maximumGrantPeriodInMinutes * 60000000000

rule_id(kind) := sprintf("%s_%s_%s", [kind, {"admin": "Admin", "user": "EndUser"}[caller], {"assignment": "Assignment", "eligibility": "Eligibility"}[level]])

blank(v) if trim_space(v) == ""

violations contains finding if {
	length > maximum
	finding := {
		"code": "DurationExceedsMaximum", "rule": rule_id("Expiration"), "serviceRule": "ExpirationRule",
		"message": sprintf("requested duration of %d minutes exceeds the maximum of %d minutes", [length / 60000000000, maximum / 60000000000]),
		"limit": maximum, "actual": length,
	}
}

violations contains finding if {
	not length
	any([operation == "activate", rules.expirationrule.permanentAssignment == false])
	finding := {"code": "PermanentNotAllowed", "rule": rule_id("Expiration"), "serviceRule": "ExpirationRule"}
}

violations contains finding if {
	length <= 0
	finding := {"code": "EndNotAfterStart"}
}

violations contains finding if {
	rules.justificationrule.required == true
	blank(object.get(req, "reason", ""))
	finding := {"code": "JustificationRequired", "rule": rule_id("Enablement"), "serviceRule": "JustificationRule"}
}

violations contains finding if {
	rules.ticketingrule.ticketingRequired == true
	blank(object.get(object.get(req, "ticketInfo", {}), "ticketNumber", ""))
	finding := {"code": "TicketRequired", "rule": rule_id("Enablement"), "serviceRule": "TicketingRule"}
}

violations contains finding if {
	rules.mfarule.mfaRequired == true
	input.mfa == false
	finding := {"code": "MfaRequired", "rule": rule_id("Enablement"), "serviceRule": "MfaRule"}
}

violations contains finding if {
	operation == "activate"
	blank(object.get(req, "linkedEligibleRoleAssignmentId", ""))
	finding := {"code": "LinkedEligibilityRequired", "serviceRule": "EligibilityRule"}
}

obligations contains finding if {
	operation == "activate"
	rules.approvalrule.Enabled == true
	finding := {"code": "ApprovalRequired", "rule": rule_id("Approval"), "approvers": object.get(rules.approvalrule, "Approvers", [])}
}

obligations contains finding if {
	rules.mfarule.mfaRequired == true
	input.mfa == null
	finding := {"code": "MfaRequired", "rule": rule_id("Enablement")}
}

obligations contains finding if {
	caller == "user"
	operation in {"extend", "renew"}
	finding := {"code": "ApprovalRequired"}
}

warnings contains finding if {
	written_start < now
	finding := {"code": "StartInPast"}
}

report := {
	"allowed": count(violations) == 0,
	"request": {"operation": operation, "caller": caller, "level": level},
	"violations": violations,
	"obligations": obligations,
	"warnings": warnings,
}
