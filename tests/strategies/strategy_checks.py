"""Checks the strategy tests share: SDL coercion and the synthetic-source rules."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql.utilities import validate_input_value

from leadharness.contract.personas import load_personas
from leadharness.contract.rules import check_lead
from leadharness.contract.schema import lead_schema
from strategies.synthetic import (
    DEFAULT_EMAIL_DOMAINS,
    is_documentation_ip,
    is_fictional_phone,
    is_synthetic_ssn,
)

BUILTIN_PERSONAS = load_personas()


def schema_errors(payload: Mapping[str, Any]) -> list[tuple[list[Any], str]]:
    """(path, message) of every error coercing ``payload`` as the $input LeadInput."""
    found: list[tuple[list[Any], str]] = []
    lead_input = lead_schema().type_map["LeadInput"]
    validate_input_value(
        dict(payload),
        lead_input,
        lambda error, path: found.append((path, error.message)),
    )
    return found


def error_names(error: tuple[list[Any], str], field: str) -> bool:
    """True when the coercion error points at ``field`` (by path or by name)."""
    path, message = error
    return (bool(path) and path[0] == field) or f"'{field}'" in message


def same(first: Mapping[str, Any], second: Mapping[str, Any], *fields: str) -> bool:
    """True when both leads agree on ``fields``; a bool, so a failure prints no value."""
    return all(first[field] == second[field] for field in fields)


def assert_valid_and_synthetic(
    lead: Mapping[str, Any], *, domains=DEFAULT_EMAIL_DOMAINS
) -> None:
    """The lead fits the SDL and the rules, and every personal value is synthetic."""
    assert schema_errors(lead) == []
    assert check_lead(lead) == []
    assert is_synthetic_ssn(lead["socialSecurityNumber"])
    assert is_fictional_phone(lead["homePhone"])
    assert is_documentation_ip(lead["clientIP"])
    assert lead["email"].rsplit("@", 1)[1] in domains
