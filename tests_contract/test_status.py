"""getLeadStatus (contract clauses 2 and 7): consistent, settling, final, not found."""

from __future__ import annotations

import time

import pytest

from leadharness.client import LeadClient
from leadharness.contract.codes import PROCESSING_CODES
from tests_contract.answers import code_text
from tests_contract.checks import (
    check_created,
    check_not_found,
    check_status,
    read_status,
    wait_settled,
)
from tests_contract.conftest import PERSONA_CODES
from tests_contract.leads import Created, status, unknown_id
from tests_contract.rulebook import check
from tests_contract.target import TargetUnderTest

FINAL_CODES = [code for code in PERSONA_CODES if code not in PROCESSING_CODES]


@pytest.mark.destructive
@pytest.mark.rule("status.consistent", "status.documented_code", "status.final_stable")
@pytest.mark.parametrize("batch_lead", FINAL_CODES, indirect=True, ids=str)
def test_status_agrees_with_create_and_stays(
    batch_lead: Created, client: LeadClient, lead_target: TargetUnderTest
) -> None:
    created = check_created(batch_lead)
    lead_id, partner = str(created["id"]), batch_lead.sent["leadId"]
    first = read_status(client, lead_id, partner)
    check_status(created["resultCode"], first["resultCode"], submitted=False)
    # Long enough for anything asynchronous on the target to have happened.
    time.sleep(min(lead_target.settle_deadline() / 20, 1.0))
    later = read_status(client, lead_id, partner)
    check_status(created["resultCode"], later["resultCode"], submitted=False)


@pytest.mark.destructive
@pytest.mark.rule("status.settles", "status.consistent", "status.final_stable")
@pytest.mark.parametrize("batch_lead", sorted(PROCESSING_CODES), indirect=True, ids=str)
def test_processing_code_settles_then_stays(
    batch_lead: Created, client: LeadClient, lead_target: TargetUnderTest
) -> None:
    created = check_created(batch_lead)
    lead_id, partner = str(created["id"]), batch_lead.sent["leadId"]
    settled = wait_settled(client, lead_id, partner, lead_target.settle_deadline())
    persona = batch_lead.persona
    if persona is not None and persona.settles_to is not None:
        check(
            settled["resultCode"] == persona.settles_to,
            "create.persona_code",
            f"persona {persona.name!r} declares it settles to "
            f"{code_text(persona.settles_to)}, it settled to "
            f"{code_text(settled['resultCode'])}",
        )
    again = read_status(client, lead_id, partner)
    check_status(settled["resultCode"], again["resultCode"], submitted=False)


@pytest.mark.rule("status.not_found")
def test_unknown_id_is_not_found(client: LeadClient) -> None:
    check_not_found(status(client, unknown_id()), "getLeadStatus", "status.not_found")


@pytest.mark.destructive
@pytest.mark.rule("status.not_found")
@pytest.mark.parametrize("batch_lead", [1008], indirect=True, ids=str)
def test_partner_lead_id_is_not_a_lead_id(
    batch_lead: Created, client: LeadClient
) -> None:
    partner = batch_lead.sent["leadId"]
    if batch_lead.id == partner:
        pytest.skip("the target uses the partner's leadId as its own id")
    check_not_found(status(client, partner), "getLeadStatus", "status.not_found")
