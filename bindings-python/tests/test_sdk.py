"""SDK model objects, accepted as they are: azure-mgmt-authorization (their REST form) and
msgraph-sdk (the SDK's own JSON writer). Each gives the same report as the JSON it came from."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

import pimcheck

from conftest import EXAMPLES, example

azure_models = pytest.importorskip("azure.mgmt.authorization.models")
pytest.importorskip("msgraph")


def same_report(a: pimcheck.Report, b: pimcheck.Report) -> None:
    assert a.to_json() == b.to_json()


class TestAzureMgmtAuthorization:
    NOW = "2020-09-09T21:00:00Z"

    def test_documented_policy_and_request(self) -> None:
        policy_json = example("arm-policy-patch-partial-response-rules.json")
        request_json = example("arm-request-assignment-selfactivate.json")
        policy = azure_models.RoleManagementPolicy.deserialize(policy_json)
        request = azure_models.RoleAssignmentScheduleRequest.deserialize(request_json)
        from_sdk = pimcheck.check(policy, request, now=self.NOW, mfa=True, level="assignment")
        same_report(from_sdk, pimcheck.check(policy_json, request_json, now=self.NOW, mfa=True, level="assignment"))
        assert from_sdk.request["operation"] == "activate"
        same_report(pimcheck.Policy(policy).check(request, now=self.NOW, mfa=True, level="assignment"), from_sdk)

    def test_request_built_in_code(self) -> None:
        policy = azure_models.RoleManagementPolicy.deserialize(example("arm-policy-patch-partial-response-rules.json"))
        request = azure_models.RoleAssignmentScheduleRequest(
            principal_id="a3bb8764-cb92-4276-9d2a-ca1e895e55ea",
            role_definition_id="/subscriptions/dfa2a084-766f-4003-8ae1-c4aeb893a99f/providers/Microsoft.Authorization/roleDefinitions/c8d4ff99-41c3-41a8-9f60-21dfdad59608",
            request_type="SelfActivate",
            justification="deploy the hotfix",
            schedule_info=azure_models.RoleAssignmentScheduleRequestPropertiesScheduleInfo(
                start_date_time=datetime(2020, 9, 9, 22, tzinfo=timezone.utc),
                expiration=azure_models.RoleAssignmentScheduleRequestPropertiesScheduleInfoExpiration(
                    type="AfterDuration", duration="PT9H"
                ),
            ),
        )
        report = pimcheck.check(policy, request, now=self.NOW, mfa=True, level="assignment")
        rest = request.serialize(keep_readonly=True)
        assert rest["properties"]["requestType"] == "SelfActivate"
        same_report(report, pimcheck.check(policy.serialize(keep_readonly=True), rest, now=self.NOW, mfa=True, level="assignment"))
        assert "DurationExceedsMaximum" in {v.code for v in report.violations}

    def test_read_only_type_tells_the_level(self) -> None:
        """A request read from the service carries its ARM `type`; no `level` is needed."""
        body = dict(example("arm-request-assignment-selfactivate-response.json"))
        request = azure_models.RoleAssignmentScheduleRequest.deserialize(body)
        assert request.type
        policy = azure_models.RoleManagementPolicy.deserialize(example("arm-policy-patch-partial-response-rules.json"))
        report = pimcheck.check(policy, request, now=self.NOW, mfa=True)
        assert report.request["level"] == "assignment"

    def test_check_many_with_models(self) -> None:
        policy = pimcheck.Policy(azure_models.RoleManagementPolicy.deserialize(example("arm-policy-patch-partial-response-rules.json")))
        request = azure_models.RoleAssignmentScheduleRequest.deserialize(example("arm-request-assignment-selfactivate.json"))
        reports = policy.check_many([request] * 3, now=self.NOW, level="assignment")
        assert len({r.to_json() for r in reports}) == 1


def graph_model(name: str, cls: Any, child: str | None = None) -> Any:
    from kiota_serialization_json.json_parse_node_factory import JsonParseNodeFactory

    node = JsonParseNodeFactory().get_root_parse_node("application/json", (EXAMPLES / name).read_bytes())
    if child:
        return node.get_child_node(child).get_collection_of_object_values(cls)
    return node.get_object_value(cls)


class TestMsgraphSdk:
    NOW = "2022-04-14T00:00:00Z"

    def policy(self) -> Any:
        from msgraph.generated.models.unified_role_management_policy import UnifiedRoleManagementPolicy
        from msgraph.generated.models.unified_role_management_policy_rule import UnifiedRoleManagementPolicyRule

        rules = graph_model("g3-policy-rules-list-directoryrole.json", UnifiedRoleManagementPolicyRule, "value")
        assert isinstance(rules[0].maximum_duration, timedelta)  # the SDK reads durations as timedelta
        return UnifiedRoleManagementPolicy(rules=rules)

    def test_documented_policy_and_request(self) -> None:
        from msgraph.generated.models.unified_role_assignment_schedule_request import (
            UnifiedRoleAssignmentScheduleRequest,
        )

        request = graph_model("g3-request-selfactivate.json", UnifiedRoleAssignmentScheduleRequest)
        from_sdk = pimcheck.check(self.policy(), request, now=self.NOW, mfa=True)
        from_json = pimcheck.check(
            example("g3-policy-rules-list-directoryrole.json"),
            example("g3-request-selfactivate.json"),
            now=self.NOW,
            mfa=True,
            level="assignment",  # the documented JSON has no @odata.type; the SDK class tells it
        )
        same_report(from_sdk, from_json)

    def test_request_built_in_code_with_timedelta(self) -> None:
        from msgraph.generated.models.expiration_pattern import ExpirationPattern
        from msgraph.generated.models.expiration_pattern_type import ExpirationPatternType
        from msgraph.generated.models.request_schedule import RequestSchedule
        from msgraph.generated.models.unified_role_assignment_schedule_request import (
            UnifiedRoleAssignmentScheduleRequest,
        )
        from msgraph.generated.models.unified_role_schedule_request_actions import (
            UnifiedRoleScheduleRequestActions,
        )

        def request(duration: Any) -> Any:
            return UnifiedRoleAssignmentScheduleRequest(
                action=UnifiedRoleScheduleRequestActions.SelfActivate,
                principal_id="071cc716-8147-4397-a5ba-b2105951cc0b",
                role_definition_id="8424c6f0-a189-499e-bbd0-26c1753c96d4",
                directory_scope_id="/",
                justification="rotate the keys",
                schedule_info=RequestSchedule(
                    start_date_time=datetime(2022, 4, 14, tzinfo=timezone.utc),
                    expiration=ExpirationPattern(type=ExpirationPatternType.AfterDuration, duration=duration),
                ),
            )

        policy = pimcheck.Policy(self.policy())
        as_timedelta = policy.check(request(timedelta(hours=9)), now=self.NOW, mfa=True)
        as_text = policy.check(request("PT9H"), now=self.NOW, mfa=True)
        same_report(as_timedelta, as_text)
        assert as_timedelta.request == {"operation": "activate", "caller": "user", "level": "assignment"}
        assert "DurationExceedsMaximum" in {v.code for v in as_timedelta.violations}
        fits = policy.check(request(timedelta(hours=1, minutes=30)), now=self.NOW, mfa=True)
        assert "DurationExceedsMaximum" not in {v.code for v in fits.violations}

    def test_eligibility_request_class_tells_the_level(self) -> None:
        from msgraph.generated.models.unified_role_eligibility_schedule_request import (
            UnifiedRoleEligibilityScheduleRequest,
        )

        request = graph_model("g3-request-eligibility-adminassign-afterdatetime.json", UnifiedRoleEligibilityScheduleRequest)
        report = pimcheck.check(self.policy(), request, now="2022-03-01T00:00:00Z", mfa=True)
        assert report.request["level"] == "eligibility"
        assert report.request["caller"] == "admin"

    def test_adapter_output_is_the_sdk_json(self) -> None:
        from pimcheck._sdk import adapt

        rules = adapt(self.policy())["rules"]
        assert rules[0]["@odata.type"] == "#microsoft.graph.unifiedRoleManagementPolicyExpirationRule"
        assert rules[0]["maximumDuration"] == "P365D"
        assert json.dumps(rules)  # plain JSON
