"""LeadFactory makes the same kind of leads as valid_leads, without Hypothesis."""

from __future__ import annotations

import pytest
from hypothesis.errors import InvalidArgument
from strategy_checks import BUILTIN_PERSONAS, assert_valid_and_synthetic, same

from strategies import LEAD_FIELDS, LeadFactory, LeadPayload


def test_every_factory_lead_is_valid_synthetic_and_unique():
    factory = LeadFactory(seed=7)
    leads = [factory.lead() for _ in range(3000)]
    for lead in leads:
        assert isinstance(lead, LeadPayload) and tuple(lead) == LEAD_FIELDS
        assert_valid_and_synthetic(lead)
        assert BUILTIN_PERSONAS.find(lead) is None
    for field in ("email", "homePhone", "leadId"):
        assert len({lead[field] for lead in leads}) == len(leads), field


def test_a_seed_repeats_the_ordinary_fields_but_never_the_unique_ones():
    first, second = LeadFactory(seed=3).lead(), LeadFactory(seed=3).lead()
    repeated = same(first, second, "firstName", "socialSecurityNumber", "dateOfBirth")
    assert repeated
    assert not same(first, second, "email") and not same(first, second, "leadId")


@pytest.mark.parametrize("code", sorted(BUILTIN_PERSONAS.codes))
def test_for_code_applies_the_persona(code):
    lead = LeadFactory().for_code(code)
    assert BUILTIN_PERSONAS.find(lead).code == code
    assert_valid_and_synthetic(lead)


def test_duplicates_and_overrides():
    factory = LeadFactory()
    original = factory.lead(state="TX")
    copy = factory.duplicate_of(original)
    assert original["state"] == "TX"
    assert same(copy, original, "homePhone", "email")
    assert copy["leadId"] != original["leadId"]


def test_bad_requests_are_refused():
    with pytest.raises(InvalidArgument, match="middleName=.*not a LeadInput field"):
        LeadFactory().lead(middleName="Q")
    with pytest.raises(InvalidArgument, match=r"for_code\(1234\)"):
        LeadFactory().for_code(1234)
