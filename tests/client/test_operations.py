"""The client sends the document's operations and returns typed results."""

from __future__ import annotations

import pytest

from leadharness.client import Lead, SubmitResult
from leadharness.contract.codes import QUALIFIED_CODES
from leadharness.errors import GraphQLResponseError, SettleTimeout


def test_create_then_status_round_trip(client, lead_for):
    sent = lead_for(1008)
    lead = client.create_lead(sent)
    assert isinstance(lead, Lead)
    assert lead.id and lead.result_code == 1008
    assert lead.partner_lead_id == sent["leadId"]
    assert lead.final and not lead.submit_eligible
    assert client.get_lead_status(lead.id) == lead


@pytest.mark.parametrize("code", sorted(QUALIFIED_CODES))
def test_qualified_lead_submits_once_then_reports_1022(client, code, lead_for):
    lead = client.create_lead(lead_for(code))
    assert lead.submit_eligible
    first = client.submit_lead(lead.id)
    again = client.submit_lead(lead.id)
    assert isinstance(first, SubmitResult)
    assert (first.status_code, again.status_code) == (1021, 1022)
    assert first.crm_record_id and again.crm_record_id == first.crm_record_id
    assert client.get_lead_status(lead.id).result_code == 1021


def test_one_token_serves_many_calls(client, lead_for):
    for _ in range(5):
        client.create_lead(lead_for(1006))
    assert client.tokens.acquisitions == 1


def test_refused_submit_is_a_graphql_error(client, lead_for):
    lead = client.create_lead(lead_for(1019))
    with pytest.raises(GraphQLResponseError) as caught:
        client.submit_lead(lead.id)
    assert caught.value.codes == ["FORBIDDEN"]
    assert caught.value.operation == "SubmitLead"


def test_unknown_id_is_a_not_found_error(client):
    with pytest.raises(GraphQLResponseError, match="NOT_FOUND") as caught:
        client.get_lead_status("no-such-lead")
    assert caught.value.status == 200


def test_domain_violation_names_the_field(client, lead_for):
    with pytest.raises(GraphQLResponseError, match="on zipCode") as caught:
        client.create_lead({**lead_for(), "zipCode": "1234"})
    assert "BAD_USER_INPUT" in caught.value.codes


def test_schema_violation_is_a_graphql_error_with_http_400(client, lead_for):
    bad = lead_for()
    del bad["zipCode"]
    with pytest.raises(GraphQLResponseError) as caught:
        client.create_lead(bad)
    assert caught.value.status == 400


def test_processing_lead_settles_by_polling(client, lead_for):
    lead = client.create_lead(lead_for(1000))
    assert lead.processing
    settled = client.wait_until_settled(lead.id, deadline_seconds=10)
    assert settled.result_code == 1013
    assert settled.final


def test_stuck_lead_times_out_with_its_last_code(make_simulator, make_client, lead_for):
    simulator = make_simulator(defect="stuck-processing")
    client = make_client(simulator.settings())
    lead = client.create_lead(lead_for(1001))
    with pytest.raises(SettleTimeout) as caught:
        client.wait_until_settled(lead.id, deadline_seconds=0.5)
    assert caught.value.last_code == 1001
    assert caught.value.lead_id == lead.id


def test_execute_returns_the_raw_answer_without_raising(client):
    response = client.execute('query { getLeadStatus(id: "x") { id } }')
    assert response.status == 200
    assert response.data == {"getLeadStatus": None}
    assert response.error_codes == ["NOT_FOUND"]


def test_execute_without_a_token_gets_401(client):
    response = client.execute("{ __typename }", token=None)
    assert response.status == 401
    assert response.headers["www-authenticate"].lower().startswith("bearer")
    assert response.data is None


def test_execute_sends_an_exact_bearer(client):
    response = client.execute("{ __typename }", token="not.a.jwt")
    assert response.status == 401
    assert client.tokens.acquisitions == 0
