"""Result-code invariants (clauses 1-4, 8) as properties over generated leads.

Whatever code the target gives a lead, the rules for that code must hold:
a processing code settles, a final one stays, a qualified one submits once
(1021, then 1022 with the same record) and reads 1021 after, anything else is
refused and left as it was. The test does not predict the code; it checks
the consequences of the code it got, so it runs on any target.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leadharness.client import LeadClient
from leadharness.contract.codes import PROCESSING_CODES, QUALIFIED_CODES
from strategies import lead_for_code, valid_leads
from tests_contract import budget
from tests_contract.checks import (
    check_created,
    check_status,
    check_submit_accepted,
    check_submit_refused,
    read_status,
    wait_settled,
)
from tests_contract.leads import create, submit
from tests_contract.rulebook import check
from tests_contract.target import TargetUnderTest

pytestmark = [pytest.mark.destructive, pytest.mark.rule("codes.invariants")]

# Each example costs one create and up to five reads and submits.
_EXAMPLES = budget.examples(1 / 2, floor=5)


def _code_rules_hold(
    client: LeadClient, lead: dict[str, Any], settle_deadline: float
) -> None:
    created = check_created(create(client, lead))
    lead_id, partner = str(created["id"]), lead["leadId"]
    code = created["resultCode"]
    if code in PROCESSING_CODES:
        code = wait_settled(client, lead_id, partner, settle_deadline)["resultCode"]
    check_status(
        code, read_status(client, lead_id, partner)["resultCode"], submitted=False
    )

    if code in QUALIFIED_CODES:
        record = check_submit_accepted(submit(client, lead_id), lead_id, None)
        check_status(
            code, read_status(client, lead_id, partner)["resultCode"], submitted=True
        )
        check_submit_accepted(submit(client, lead_id), lead_id, record)
        return
    check_submit_refused(submit(client, lead_id), code)
    after = read_status(client, lead_id, partner)["resultCode"]
    check(
        after == code,
        "submit.status_unchanged",
        f"a refused submit moved the status from {code} to {after}",
    )


@settings(max_examples=_EXAMPLES)
@given(lead=valid_leads())
def test_any_lead_obeys_its_code(
    client: LeadClient, lead_target: TargetUnderTest, lead: dict[str, Any]
) -> None:
    _code_rules_hold(client, dict(lead), lead_target.settle_deadline())


@settings(max_examples=_EXAMPLES)
@given(data=st.data())
def test_persona_lead_obeys_its_code(
    client: LeadClient, lead_target: TargetUnderTest, data: st.DataObject
) -> None:
    book = lead_target.personas
    code = data.draw(st.sampled_from(sorted(book.codes)), label="code")
    lead = data.draw(lead_for_code(code, personas=book), label="lead")
    _code_rules_hold(client, dict(lead), lead_target.settle_deadline())
