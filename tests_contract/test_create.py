"""createLead (contract clause 1 and 8): id, documented code, echo, bid range.

Each persona lead of the session batch is checked on its own, so a target
that breaks one code's answer fails that code's test and no other.
"""

from __future__ import annotations

import pytest

from leadharness.client import LeadClient
from leadharness.contract.operations import EXAMPLE_LEAD
from tests_contract.answers import code_text, describe
from tests_contract.checks import check_created
from tests_contract.conftest import PERSONA_CODES
from tests_contract.leads import Created, create
from tests_contract.rulebook import check

pytestmark = pytest.mark.destructive


@pytest.mark.rule("create.example_accepted", "create.echo")
def test_onboarding_example_is_accepted(client: LeadClient) -> None:
    created = create(client, dict(EXAMPLE_LEAD))
    check(
        created.lead is not None and created.id and not created.response.errors,
        "create.example_accepted",
        "the onboarding document's example was not accepted: "
        f"{describe(created.response)}",
    )
    check_created(created)


@pytest.mark.rule(
    "create.id", "create.documented_code", "create.echo", "create.bid_range"
)
@pytest.mark.parametrize("batch_lead", PERSONA_CODES, indirect=True, ids=str)
def test_persona_lead_answer_fits_contract(batch_lead: Created) -> None:
    check_created(batch_lead)


@pytest.mark.rule("create.persona_code")
@pytest.mark.parametrize("batch_lead", PERSONA_CODES, indirect=True, ids=str)
def test_persona_lead_gets_declared_code(batch_lead: Created) -> None:
    assert batch_lead.persona is not None
    expected, got = batch_lead.persona.code, batch_lead.code
    check(
        got == expected,
        "create.persona_code",
        f"persona {batch_lead.persona.name!r} declares {code_text(expected)}, "
        f"the target answered {code_text(got)}",
    )
