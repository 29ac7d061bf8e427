"""Input validation (contract clause 6): refused, named, no data, never a 5xx.

Every example from the invalid-lead strategies carries the violations it was
built with, so the check is exact: each violated field must be named by some
error, and the answer must have no lead in it.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from leadharness.client import LeadClient
from strategies import invalid_leads
from tests_contract import budget
from tests_contract.answers import describe, has_no_data, is_server_error, names_field
from tests_contract.leads import create
from tests_contract.rulebook import check

pytestmark = pytest.mark.destructive

# Refusals are fast even on a real target (no credit pull): the whole profile.
_EXAMPLES = budget.examples(1)


def _judge(client: LeadClient, invalid: object) -> None:
    payload = dict(invalid.payload)  # type: ignore[attr-defined]
    # With a schema violation present, coercion stops before the domain rules.
    violations = list(invalid.expected)  # type: ignore[attr-defined]
    response = create(client, payload).response
    broken = ", ".join(f"{v.field} ({v.rule})" for v in violations)
    check(
        not is_server_error(response),
        "input.no_5xx",
        f"a lead breaking {broken} got a server error: {describe(response)}",
    )
    check(
        has_no_data(response, "createLead"),
        "input.no_data",
        f"a lead breaking {broken} got data: {describe(response)}",
    )
    check(
        bool(response.errors),
        "input.field_named",
        f"a lead breaking {broken} got no GraphQL error: {describe(response)}",
    )
    for violation in violations:
        check(
            names_field(response, violation.field),
            "input.field_named",
            f"no error names {violation.field} ({violation.rule}): "
            f"{describe(response)}",
        )


@pytest.mark.rule("input.field_named", "input.no_data", "input.no_5xx")
@settings(max_examples=_EXAMPLES)
@given(invalid=invalid_leads(kinds=("domain",)))
def test_domain_violation_is_refused_naming_the_field(
    client: LeadClient, invalid: object
) -> None:
    _judge(client, invalid)


@pytest.mark.rule("input.field_named", "input.no_data", "input.no_5xx")
@settings(max_examples=_EXAMPLES)
@given(invalid=invalid_leads(kinds=("schema",)))
def test_schema_violation_is_refused_naming_the_field(
    client: LeadClient, invalid: object
) -> None:
    _judge(client, invalid)


@pytest.mark.rule("input.field_named", "input.no_data", "input.no_5xx")
@settings(max_examples=_EXAMPLES)
@given(invalid=invalid_leads(kinds=("domain",), max_violations=3))
def test_every_domain_violation_is_named(client: LeadClient, invalid: object) -> None:
    _judge(client, invalid)
