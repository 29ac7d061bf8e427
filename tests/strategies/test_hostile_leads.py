"""Hostile-looking text that breaks no rule makes leads a target must accept."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from strategy_checks import BUILTIN_PERSONAS, assert_valid_and_synthetic

from leadharness.contract.rules import MAX_LENGTHS, check_lead
from strategies import hostile_valid_leads
from strategies.hostile import (
    HOSTILE_EMAIL_LOCALS,
    HOSTILE_SITE_URLS,
    INJECTION_TEXT,
    hostile_values,
)


@settings(max_examples=300, database=None)
@given(hostile_valid_leads())
def test_every_hostile_lead_is_still_valid_and_synthetic(lead):
    assert_valid_and_synthetic(lead)
    assert BUILTIN_PERSONAS.find(lead) is None


@pytest.mark.parametrize(
    "field", ["firstName", "lastName", "address1", "city", "leadId"]
)
def test_every_hostile_text_passes_the_rules_for_each_field(field):
    values = hostile_values(field)
    assert any(len(v) == MAX_LENGTHS[field] for v in values)
    assert [v for v in values if check_lead({field: v})] == []


def test_hostile_sites_and_email_locals_pass_the_rules():
    assert [u for u in HOSTILE_SITE_URLS if check_lead({"siteURL": u})] == []
    emails = [f"{local}.tag@example.com" for local in HOSTILE_EMAIL_LOCALS]
    assert [e for e in emails if check_lead({"email": e})] == []


def text_of(lead) -> str:
    return "".join(lead[f] for f in ("firstName", "lastName", "address1", "city"))


def test_hostile_leads_reach_injection_unicode_and_limits():
    wanted = {
        "injection": lambda lead: any(t in text_of(lead) for t in INJECTION_TEXT),
        "rtl": lambda lead: any("\u0590" <= ch <= "\u06ff" for ch in text_of(lead)),
        "emoji": lambda lead: "😀" in text_of(lead),
        "hostile email": lambda lead: "'" in lead["email"] or "!" in lead["email"],
        "hostile lead id": lambda lead: " " in lead["leadId"],
        "hostile site": lambda lead: lead["siteURL"] in HOSTILE_SITE_URLS,
    }
    missing = set(wanted)

    @settings(max_examples=400, database=None)
    @given(hostile_valid_leads())
    def record(lead):
        missing.difference_update({name for name in missing if wanted[name](lead)})

    record()
    assert missing == set()


def test_overrides_are_never_replaced_by_hostile_values():
    @settings(max_examples=50, database=None)
    @given(hostile_valid_leads(leadId="PL-fixed", city="Dallas"))
    def check(lead):
        assert (lead["leadId"], lead["city"]) == ("PL-fixed", "Dallas")

    check()
