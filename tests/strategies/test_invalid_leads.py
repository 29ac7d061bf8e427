"""Every invalid lead fails for exactly the violations it carries, and no others."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis.errors import InvalidArgument
from strategy_checks import error_names, schema_errors

from leadharness.contract.rules import check_lead
from strategies import (
    LEAD_FIELDS,
    MASKED_FIELDS,
    InvalidLead,
    invalid_leads,
    valid_leads,
    violation_rules,
)
from strategies.catalog import SCHEMA_RULES
from strategies.hostile import CONTROL_INSERTS


def assert_fails_exactly(case: InvalidLead) -> None:
    """Coercion and check_lead report what the case says, nothing more."""
    errors = schema_errors(case.payload)
    if case.kind == "schema":
        assert errors, f"{case.id}: coercion accepted the payload"
        for violation in case.expected:
            assert any(error_names(e, violation.field) for e in errors), violation.id
        for error in errors:
            assert any(error_names(error, f) for f in case.fields), (
                f"{case.id}: extra error"
            )
    else:
        assert errors == [], f"{case.id}: the schema refused a domain-only case"
        found = {(v.field, v.rule) for v in check_lead(case.payload)}
        assert found == {(v.field, v.rule) for v in case.violations}, case.id


@settings(max_examples=400, database=None)
@given(invalid_leads())
def test_every_invalid_lead_breaks_exactly_its_one_violation(case):
    assert len(case.violations) == 1
    assert_fails_exactly(case)


RULES = violation_rules()


@pytest.mark.parametrize(
    ("field", "rule", "kind"), RULES, ids=[f"{f}.{r}" for f, r, _ in RULES]
)
def test_each_catalogued_violation_is_real(field, rule, kind):
    fields = None if field == "*" else [field]

    @settings(max_examples=8, database=None)
    @given(invalid_leads(fields=fields, rules=[rule]))
    def check(case):
        (violation,) = case.violations
        assert (violation.rule, violation.kind) == (rule, kind)
        assert field in ("*", violation.field)
        assert_fails_exactly(case)

    check()


def test_every_domain_rule_of_rules_py_is_covered():
    domain_rules = {rule for _, rule, kind in RULES if kind == "domain"}
    assert domain_rules == {
        "not_blank",
        "max_length",
        "no_control_chars",
        "iso_date",
        "not_future",
        "plausible_age",
        "adult",
        "email",
        "nanp_phone",
        "zip5",
        "ssn_digits",
        "ssn_blocks",
        "us_state",
        "ip_address",
        "site_url",
        "affiliate_id",
        "range",
    }
    schema = {(field, rule) for field, rule, kind in RULES if kind == "schema"}
    for field in LEAD_FIELDS:
        assert {
            (field, r) for r in ("missing_required", "null", "wrong_type")
        } <= schema


@settings(max_examples=150, database=None)
@given(invalid_leads(kinds="domain", min_violations=2, max_violations=4))
def test_several_domain_violations_are_all_reported(case):
    assert 2 <= len(case.violations) <= 4
    assert len(case.fields) == len(case.violations)
    assert_fails_exactly(case)


@settings(max_examples=100, database=None)
@given(invalid_leads(min_violations=3, max_violations=3))
def test_a_schema_violation_decides_what_a_mixed_case_expects(case):
    kinds = {v.kind for v in case.violations}
    assert case.kind == ("schema" if "schema" in kinds else "domain")
    assert all(v.kind == case.kind for v in case.expected)
    assert_fails_exactly(case)


@pytest.mark.parametrize(
    "field", ["firstName", "lastName", "address1", "city", "leadId"]
)
def test_every_control_insert_is_refused_in_free_text(field):
    for insert in CONTROL_INSERTS:
        for value in (insert + "Ann", "A" + insert + "nn", "Ann" + insert):
            rules = [v.rule for v in check_lead({field: value})]
            assert rules == ["no_control_chars"], (field, hex(ord(insert[0])))


@settings(max_examples=200, database=None)
@given(invalid_leads(fields=sorted(MASKED_FIELDS)))
def test_violation_details_never_quote_a_personal_value(case):
    (violation,) = case.violations
    value = case.payload.get(violation.field)
    if isinstance(value, str) and len(value) >= 4:
        assert value not in violation.detail
        assert value not in repr(case)


def test_catalogued_rule_ids_are_unique():
    ids = [f"{f}.{r}" for f, r, _ in RULES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kinds": ["typo"]}, "kinds must be a non-empty subset"),
        ({"kinds": []}, "kinds must be a non-empty subset"),
        ({"fields": ["middleName"]}, r"fields=\.\.\.\): \['middleName'\] given"),
        ({"rules": ["zip9"]}, r"rules=\.\.\.\): \['zip9'\] given"),
        ({"fields": ["state"], "rules": ["email"]}, "no violation matches"),
        ({"kinds": "schema", "rules": ["zip5"]}, "no violation matches"),
        ({"min_violations": 2, "max_violations": 1}, "need 1 <= min <= max"),
        ({"fields": ["state"], "max_violations": 2}, r"need 1 <= min <= max <= 1"),
        ({"min_violations": 0}, "need 1 <= min <= max"),
    ],
)
def test_impossible_requests_are_refused_loudly(kwargs, message):
    with pytest.raises(InvalidArgument, match=message):
        invalid_leads(**kwargs)


def test_schema_rule_names_are_the_documented_ones():
    assert set(SCHEMA_RULES) == {r for _, r, k in RULES if k == "schema"}


@settings(max_examples=50, database=None)
@given(invalid_leads(kinds="domain", fields=["zipCode"], base=valid_leads(state="TX")))
def test_invalid_leads_build_on_a_given_base(case):
    assert case.payload["state"] == "TX"
    assert [v.id for v in case.violations] == ["zipCode.zip5"]
    assert_fails_exactly(case)
