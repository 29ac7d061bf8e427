"""The simulator accepts generated leads and answers each as its strategy says.

Plain httpx against a simulator this module starts on loopback (no client
layer), so a disagreement points at either the strategies or the simulator.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategy_checks import BUILTIN_PERSONAS

from leadharness.contract.codes import is_documented
from leadharness.contract.operations import CREATE_LEAD, CREATE_LEAD_OPERATION
from strategies import (
    InvalidLead,
    LeadFactory,
    duplicate_of,
    hostile_valid_leads,
    invalid_leads,
    lead_for_code,
    valid_leads,
)

simulator = pytest.importorskip("leadharness.simulator")


def network(examples: int) -> settings:
    """Settings for a test that sends each example to the simulator."""
    # The client fixture is module-scoped; Hypothesis need not warn about it.
    return settings(
        max_examples=examples,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )


@pytest.fixture(scope="module")
def api() -> Iterator[httpx.Client]:
    config = simulator.SimulatorConfig(time_scale=0, seed=7)
    with simulator.start_simulator(config) as sim:
        verify = str(sim.ca_file)
        token = httpx.post(
            f"{sim.login_url}/{sim.tenant_id}/oauth2/v2.0/token",
            data={
                "grant_type": "client_credentials",
                "client_id": sim.client_id,
                "client_secret": sim.client_secret,
                "scope": f"api://{sim.debt_core_app_id}/.default",
            },
            verify=verify,
            timeout=30,
        ).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(
            base_url=sim.base_url, verify=verify, headers=headers, timeout=30
        ) as client:
            yield client


def create(api: httpx.Client, lead: Any) -> httpx.Response:
    body = {
        "query": CREATE_LEAD,
        "variables": {"input": lead},
        "operationName": CREATE_LEAD_OPERATION,
    }
    return api.post("/graphql", json=body)


def created(api: httpx.Client, lead: Any) -> dict[str, Any]:
    response = create(api, lead)
    assert response.status_code == 200, response.status_code
    answer = response.json()
    assert not answer.get("errors"), [e.get("message") for e in answer["errors"]]
    return answer["data"]["createLead"]


@network(40)
@given(lead=valid_leads())
def test_valid_leads_are_accepted_and_never_duplicates(api, lead):
    answer = created(api, lead)
    assert is_documented(answer["resultCode"])
    assert answer["resultCode"] not in (1003, 1004)
    assert answer["partnerLeadId"] == lead["leadId"]


@network(25)
@given(lead=hostile_valid_leads())
def test_hostile_but_valid_leads_are_accepted_and_echoed_exactly(api, lead):
    answer = created(api, lead)
    assert answer["partnerLeadId"] == lead["leadId"]


@pytest.mark.parametrize("code", sorted(BUILTIN_PERSONAS.codes))
def test_a_targeted_lead_gets_its_code(api, code):
    @network(2)
    @given(lead=lead_for_code(code))
    def check(lead):
        assert created(api, lead)["resultCode"] == code

    check()


@network(10)
@given(data=st.data())
def test_a_duplicate_of_a_created_lead_gets_1003(api, data):
    lead = data.draw(valid_leads())
    created(api, lead)
    assert created(api, data.draw(duplicate_of(lead)))["resultCode"] == 1003


def answered_violations(answer: dict[str, Any]) -> set[tuple[str, str]]:
    found = set()
    for error in answer.get("errors") or []:
        extensions = error.get("extensions") or {}
        found.add((str(extensions.get("field")), str(extensions.get("rule"))))
    return found


@network(80)
@given(case=invalid_leads(max_violations=2))
def test_invalid_leads_are_refused_for_exactly_their_violations(api, case: InvalidLead):
    response = create(api, case.payload)
    answer = response.json()
    assert response.status_code < 500
    assert not (answer.get("data") or {}).get("createLead")
    assert answer.get("errors")
    if case.kind == "schema":
        assert response.status_code == 400
        text = " ".join(e.get("message", "") for e in answer["errors"])
        assert all(f in text for f in case.fields), case.id
    else:
        assert response.status_code == 200
        expected = {(v.field, v.rule) for v in case.expected}
        assert answered_violations(answer) == expected, case.id


def test_factory_leads_are_accepted_and_its_duplicates_are_not(api):
    factory = LeadFactory(seed=11)
    leads = [factory.lead() for _ in range(30)]
    codes = {created(api, lead)["resultCode"] for lead in leads}
    assert codes and codes.isdisjoint({1003, 1004})
    assert created(api, factory.duplicate_of(leads[0]))["resultCode"] == 1003
    assert created(api, factory.for_code(1017))["resultCode"] == 1017
