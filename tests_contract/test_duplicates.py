"""Duplicates (contract clause 4): phone AND email match an existing lead.

A duplicate is judged on the pair: a lead sharing only the phone, or only the
email, is a new lead. Every lead here gets a unique phone and email first, so
no other test's lead can make these duplicates by accident.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leadharness.client import LeadClient
from strategies import duplicate_of, valid_leads
from tests_contract import budget
from tests_contract.answers import code_text
from tests_contract.checks import check_created, check_submit_accepted
from tests_contract.leads import create, fresh_lead, submit
from tests_contract.rulebook import check
from tests_contract.target import TargetUnderTest

pytestmark = pytest.mark.destructive

DUPLICATE_CODES = (1003, 1004)
# Each example creates two leads: a fifth of the profile's examples.
_EXAMPLES = budget.examples(1 / 5)


def _code_of(client: LeadClient, lead: dict[str, object]) -> object:
    return check_created(create(client, lead))["resultCode"]


@pytest.mark.rule("dup.phone_email")
def test_same_phone_and_email_is_a_duplicate(client: LeadClient) -> None:
    first = fresh_lead()
    check_created(create(client, first))
    again = fresh_lead(homePhone=first["homePhone"], email=first["email"])
    code = _code_of(client, again)
    check(
        code in DUPLICATE_CODES,
        "dup.phone_email",
        f"a lead with an existing phone and email got {code_text(code)}, "
        "expected 1003 or 1004",
    )


@pytest.mark.rule("dup.phone_email")
def test_duplicate_of_a_submitted_lead_is_1004(
    client: LeadClient, lead_target: TargetUnderTest
) -> None:
    persona = (
        lead_target.personas.for_code(1013)
        if 1013 in lead_target.persona_codes()
        else None
    )
    if persona is None:
        pytest.skip("the target declares no persona producing 1013")
    first = persona.apply(fresh_lead())
    created = check_created(create(client, first))
    check_submit_accepted(submit(client, str(created["id"])), str(created["id"]), None)
    code = _code_of(
        client, fresh_lead(homePhone=first["homePhone"], email=first["email"])
    )
    check(
        code == 1004,
        "dup.phone_email",
        f"a duplicate of a lead in the CRM got {code_text(code)}, expected 1004",
    )


@pytest.mark.rule("dup.distinct")
@pytest.mark.parametrize("shared", ["homePhone", "email"])
def test_sharing_only_phone_or_email_is_not_a_duplicate(
    client: LeadClient, shared: str
) -> None:
    first = fresh_lead()
    check_created(create(client, first))
    code = _code_of(client, fresh_lead(**{shared: first[shared]}))
    check(
        code not in DUPLICATE_CODES,
        "dup.distinct",
        f"a lead sharing only {shared} with another got {code_text(code)}",
    )


@pytest.mark.rule("dup.phone_email")
@settings(max_examples=_EXAMPLES)
@given(lead=valid_leads(), data=st.data())
def test_generated_duplicate_is_detected(
    client: LeadClient, lead: dict[str, object], data: st.DataObject
) -> None:
    check_created(create(client, dict(lead)))
    code = _code_of(client, dict(data.draw(duplicate_of(lead), label="duplicate")))
    check(
        code in DUPLICATE_CODES,
        "dup.phone_email",
        f"a generated duplicate got {code_text(code)}, expected 1003 or 1004",
    )
