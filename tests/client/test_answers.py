"""Each kind of bad answer becomes its own error class, carrying no secret."""

from __future__ import annotations

import json

import httpx
import pytest

from leadharness.client import LeadClient, RetryPolicy
from leadharness.errors import ContractViolation, HttpStatusError
from leadharness.settings import Settings

GOOD_LEAD = {
    "id": "L-1",
    "resultCode": 1008,
    "note": "no bid",
    "partnerLeadId": "p-1",
    "bidValue": None,
}


class FixedTokens:
    """A token provider stand-in: the mock transport checks no signature."""

    acquisitions = 0

    def token(self) -> str:
        return "unit-test-token"

    def invalidate(self, token: str | None = None) -> None:
        pass

    def close(self) -> None:
        pass


def _client(handler) -> LeadClient:
    settings = Settings(
        _env_file=None,
        base_url="https://leads-dev.example.com",
        client_app_id="app",
        client_secret="unit-secret",
    )
    return LeadClient(
        settings,
        FixedTokens(),
        transport=httpx.MockTransport(handler),
        retry=RetryPolicy(attempts=3, backoff_seconds=0),
    )


def _answer(payload: object, status: int = 200, headers=None):
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, json=payload, headers=headers)

    return handler


@pytest.mark.parametrize(
    ("lead", "rule"),
    [
        ({**GOOD_LEAD, "id": ""}, "lead.id"),
        ({**GOOD_LEAD, "resultCode": "1008"}, "lead.result_code"),
        ({**GOOD_LEAD, "resultCode": True}, "lead.result_code"),
        ({**GOOD_LEAD, "bidValue": "12.5"}, "lead.bid_value"),
        ({k: v for k, v in GOOD_LEAD.items() if k != "resultCode"}, "lead.result_code"),
        ([GOOD_LEAD], "lead.shape"),
    ],
)
def test_an_answer_off_the_schema_is_a_contract_violation(lead, rule):
    with _client(_answer({"data": {"getLeadStatus": lead}})) as client:
        with pytest.raises(ContractViolation) as caught:
            client.get_lead_status("L-1")
    assert caught.value.rule == rule
    assert caught.value.operation == "GetLeadStatus"


def test_a_null_result_without_errors_is_a_contract_violation():
    with _client(_answer({"data": {"getLeadStatus": None}})) as client:
        with pytest.raises(ContractViolation, match="response.null"):
            client.get_lead_status("L-1")


def test_a_body_that_is_not_graphql_is_a_contract_violation():
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text="<html>gateway</html>")

    with _client(handler) as client:
        with pytest.raises(ContractViolation, match="response.shape"):
            client.get_lead_status("L-1")


def test_a_truncated_answer_from_the_simulator_is_a_contract_violation(
    make_simulator, make_client
):
    simulator = make_simulator(malformed_rate=1.0)
    client = make_client(simulator.settings())
    with pytest.raises(ContractViolation) as caught:
        client.get_lead_status("any")
    assert caught.value.rule == "response.shape"


def test_503_is_retried_after_retry_after_for_reads():
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        if len(calls) == 1:
            return httpx.Response(
                503, json={"errors": []}, headers={"Retry-After": "0"}
            )
        return httpx.Response(200, json={"data": {"getLeadStatus": GOOD_LEAD}})

    with _client(handler) as client:
        lead = client.get_lead_status("L-1")
    assert lead.result_code == 1008
    assert len(calls) == 2


def test_a_long_retry_after_is_left_to_the_caller():
    handler = _answer({"errors": []}, 429, {"Retry-After": "3600"})
    with _client(handler) as client:
        with pytest.raises(HttpStatusError) as caught:
            client.get_lead_status("L-1")
    assert caught.value.retry_after == 3600


def test_submit_is_retried_relying_on_1022():
    calls = []
    result = {"leadId": "L-1", "statusCode": 1022, "crmRecordId": "CRM-1", "crm": "x"}

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(json.loads(request.content))
        if len(calls) == 1:
            return httpx.Response(502, text="bad gateway")
        return httpx.Response(200, json={"data": {"submitLead": result}})

    with _client(handler) as client:
        submitted = client.submit_lead("L-1")
    assert submitted.already_submitted and submitted.attempts == 2
    assert calls[0] == calls[1]


def test_requests_carry_the_documents_and_the_bearer():
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"data": {"getLeadStatus": GOOD_LEAD}})

    with _client(handler) as client:
        client.get_lead_status("L-1")
    body = json.loads(seen[0].content)
    assert seen[0].url == "https://leads-dev.example.com/graphql"
    assert seen[0].headers["authorization"] == "Bearer unit-test-token"
    assert body["operationName"] == "GetLeadStatus"
    assert body["variables"] == {"id": "L-1"}
    assert body["query"].startswith("query GetLeadStatus($id: ID!)")


def test_personal_data_quoted_by_the_server_is_masked():
    message = (
        "Variable '$input' got invalid value {socialSecurityNumber: '123456789', "
        "dateOfBirth: '1970-01-26'}"
    )
    handler = _answer({"errors": [{"message": message}]}, 500)
    with _client(handler) as client:
        with pytest.raises(HttpStatusError) as caught:
            client.get_lead_status("L-1")
    text = str(caught.value) + caught.value.body_excerpt
    assert "123456789" not in text and "1970-01-26" not in text


def test_a_client_needs_a_base_url():
    from leadharness.errors import ConfigError

    with pytest.raises(ConfigError, match="LEAD_BASE_URL"):
        LeadClient(Settings(_env_file=None, target="local", base_url=None))
