"""The fast lead factory makes unique, valid, synthetic leads."""

from __future__ import annotations

from collections import Counter

import pytest
from graphql import graphql_sync

from leadharness.contract.operations import CREATE_LEAD
from leadharness.contract.personas import load_personas
from leadharness.contract.rules import check_lead
from leadharness.contract.schema import lead_schema
from leadharness.errors import ConfigError
from leadharness.loadkit.leads import LeadFactory, parse_mix


def test_every_lead_is_valid_for_the_schema_and_the_domain_rules() -> None:
    factory = LeadFactory(seed=1)
    for n in range(2000):
        lead = factory()
        assert check_lead(lead) == [], lead
        if n % 10 == 0:  # coercion through graphql-core is the slow part
            # No resolvers: only variable coercion can produce an error here.
            result = graphql_sync(
                lead_schema(), CREATE_LEAD, variable_values={"input": lead}
            )
            assert not any("$input" in e.message for e in result.errors or []), (
                result.errors
            )


def test_phone_and_email_never_repeat_so_no_lead_is_an_accidental_duplicate() -> None:
    factory = LeadFactory(seed=2)
    leads = [factory() for _ in range(5000)]
    assert len({lead["email"] for lead in leads}) == 5000
    assert len({lead["leadId"] for lead in leads}) == 5000
    assert all(lead["email"].endswith("@example.com") for lead in leads)


def test_synthetic_sources_stay_in_never_issued_or_fictional_ranges() -> None:
    factory = LeadFactory(seed=3)
    persona_ssns = {
        p.match.get("socialSecurityNumber") for p in load_personas().personas
    }
    for _ in range(2000):
        lead = factory()
        ssn, phone = lead["socialSecurityNumber"], lead["homePhone"]
        assert 901 <= int(ssn[:3]) <= 999 and 1 <= int(ssn[3:5]) <= 49
        assert ssn not in persona_ssns
        assert phone[3:8] == "55501"
        assert lead["clientIP"].startswith(("192.0.2.", "198.51.100.", "203.0.113."))


def test_a_persona_mix_follows_its_weights_exactly() -> None:
    book = load_personas()
    factory = LeadFactory(
        book, {"qualified-3225": 2, "bid-failed": 1, "1018": 1}, seed=4
    )
    codes = Counter(book.find(factory()).code for _ in range(400))
    assert codes == {1013: 200, 1008: 100, 1018: 100}


def test_a_mix_naming_an_unknown_persona_is_refused() -> None:
    with pytest.raises(ConfigError, match="not in"):
        LeadFactory(load_personas(), {"platinum": 1})
    with pytest.raises(ConfigError, match="needs the target's personas"):
        LeadFactory(None, {"bid-failed": 1})


def test_mix_text_parses_and_rejects_nonsense() -> None:
    assert parse_mix("qualified-3225=2, bid-failed") == {
        "qualified-3225": 2.0,
        "bid-failed": 1.0,
    }
    for bad in ("a=0", "a=-1", "=2", "a=x"):
        with pytest.raises(ConfigError, match="NAME=WEIGHT"):
            parse_mix(bad)
