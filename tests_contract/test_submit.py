"""submitLead (contract clause 3): qualified leads once, everything else refused."""

from __future__ import annotations

import pytest

from leadharness.auth import TokenProvider
from leadharness.client import LeadClient
from leadharness.contract.codes import PROCESSING_CODES, QUALIFIED_CODES
from leadharness.settings import Settings
from tests_contract.checks import (
    check_created,
    check_not_found,
    check_status,
    check_submit_accepted,
    check_submit_refused,
    read_status,
)
from tests_contract.conftest import PERSONA_CODES
from tests_contract.leads import Created, create_batch, submit, unknown_id
from tests_contract.rulebook import check
from tests_contract.target import TargetUnderTest

QUALIFIED = sorted(QUALIFIED_CODES)
UNQUALIFIED = [c for c in PERSONA_CODES if c not in QUALIFIED_CODES | PROCESSING_CODES]


@pytest.fixture(scope="module")
def qualified_batch(
    lead_target: TargetUnderTest, target_settings: Settings, tokens: TokenProvider
) -> dict[int, Created]:
    """Qualified leads of this module alone submits, so no other test is disturbed."""
    book = lead_target.personas
    return create_batch(
        target_settings, tokens, book, [c for c in QUALIFIED if c in book.codes]
    )


@pytest.mark.destructive
@pytest.mark.rule("submit.qualified_accepted", "submit.once", "submit.status_1021")
@pytest.mark.parametrize("code", QUALIFIED, ids=str)
def test_qualified_lead_submits_once(
    code: int, qualified_batch: dict[int, Created], client: LeadClient
) -> None:
    if code not in qualified_batch:
        pytest.skip(f"the target declares no persona producing {code}")
    created = check_created(qualified_batch[code])
    lead_id, partner = str(created["id"]), qualified_batch[code].sent["leadId"]

    record = check_submit_accepted(submit(client, lead_id), lead_id, None)
    after = read_status(client, lead_id, partner)
    check_status(code, after["resultCode"], submitted=True)

    for _again in range(2):
        check_submit_accepted(submit(client, lead_id), lead_id, record)
    still = read_status(client, lead_id, partner)
    check_status(code, still["resultCode"], submitted=True)


@pytest.mark.destructive
@pytest.mark.rule("submit.refused", "submit.status_unchanged")
@pytest.mark.parametrize("batch_lead", UNQUALIFIED, indirect=True, ids=str)
def test_unqualified_submit_is_refused(batch_lead: Created, client: LeadClient) -> None:
    created = check_created(batch_lead)
    lead_id, partner = str(created["id"]), batch_lead.sent["leadId"]
    check_submit_refused(submit(client, lead_id), created["resultCode"])
    after = read_status(client, lead_id, partner)
    check(
        after["resultCode"] == created["resultCode"],
        "submit.status_unchanged",
        f"a refused submit moved the status from {created['resultCode']} "
        f"to {after['resultCode']}",
    )


@pytest.mark.destructive
@pytest.mark.rule("submit.not_found")
def test_unknown_id_submit_is_not_found(client: LeadClient) -> None:
    check_not_found(submit(client, unknown_id()), "submitLead", "submit.not_found")
