"""Targeted and duplicate leads carry exactly what selects their outcome."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from strategy_checks import BUILTIN_PERSONAS, same, schema_errors

from leadharness.contract.rules import check_lead
from leadharness.errors import ConfigError
from strategies import (
    duplicate_of,
    lead_for_code,
    near_duplicate_of,
    persona_codes,
    valid_leads,
)


@pytest.mark.parametrize("code", sorted(BUILTIN_PERSONAS.codes))
def test_a_targeted_lead_matches_the_persona_for_its_code_and_no_other(code):
    @settings(max_examples=15, database=None)
    @given(lead_for_code(code))
    def check(lead):
        assert BUILTIN_PERSONAS.find(lead).code == code
        assert schema_errors(lead) == [] and check_lead(lead) == []

    check()


def test_a_code_no_persona_produces_is_refused_listing_the_offer():
    with pytest.raises(
        InvalidArgument, match=r"lead_for_code\(1234\).*it has 1000, 1001"
    ):
        lead_for_code(1234)


def test_a_users_persona_file_targets_their_sandbox(tmp_path):
    path = tmp_path / "sandbox.json"
    path.write_text(
        json.dumps(
            {
                "personas": [
                    {
                        "name": "approve",
                        "code": 1015,
                        "match": {"lastName": "Approve", "state": "OH"},
                    },
                    {"name": "decline", "code": 1008, "match": {"lastName": "Decline"}},
                ]
            }
        ),
        encoding="utf-8",
    )
    assert persona_codes(path) == {1015, 1008}

    @settings(max_examples=30, database=None)
    @given(lead_for_code(1015, str(path)), valid_leads(personas=path))
    def check(approved, plain):
        assert (approved["lastName"], approved["state"]) == ("Approve", "OH")
        assert check_lead(approved) == []
        assert plain["lastName"] not in ("Approve", "Decline")

    check()


def test_a_broken_persona_file_is_a_config_error(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(ConfigError, match="broken.json is not readable JSON"):
        lead_for_code(1013, path)


@settings(max_examples=60, database=None)
@given(st.data())
def test_a_duplicate_shares_phone_and_email_and_nothing_it_need_not(data):
    original = data.draw(valid_leads())
    copy = data.draw(duplicate_of(original))
    assert same(copy, original, "homePhone", "email")
    assert copy["leadId"] != original["leadId"]
    assert check_lead(copy) == []
    assert data.draw(duplicate_of(original, resend=True)) == original


@settings(max_examples=60, database=None)
@given(st.data(), st.sampled_from(["homePhone", "email"]))
def test_a_near_duplicate_shares_one_field_only(data, share):
    original = data.draw(valid_leads())
    other = "email" if share == "homePhone" else "homePhone"
    near = data.draw(near_duplicate_of(original, share=share))
    assert same(near, original, share) and not same(near, original, other)


def test_duplicate_strategies_refuse_what_is_not_a_lead():
    with pytest.raises(InvalidArgument, match="needs a lead mapping"):
        duplicate_of({"email": "x@example.com"})
    with pytest.raises(InvalidArgument, match="share must be"):
        near_duplicate_of(
            {"email": "a@example.com", "homePhone": "2125550142"}, share="ssn"
        )
