"""Schema fuzzing with schemathesis: no 5xx, and every answer fits the schema.

Schemathesis generates GraphQL documents and variables from the project's
SDL (leadharness/contract/schema.graphql), mostly invalid as leads, and sends
them with a valid token. An answer may refuse them, but never with a server
error, and whatever data it gives must fit the schema: the answer's data is
run back through the schema (graphql-core completes it against the same
document), so a null in a non-null field or a string where an Int belongs is
caught here even when no other suite asks for that field.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from graphql import execute_sync, parse
from hypothesis import settings

from leadharness.auth import TokenProvider, trust_file
from leadharness.client import LeadClient
from leadharness.contract.schema import SCHEMA_SDL, lead_schema
from tests_contract import budget
from tests_contract.rulebook import check

SCHEMA = schemathesis.graphql.from_file(SCHEMA_SDL)
_MAX_TEXT = 400
_EXAMPLES = budget.examples(1)


def _send(case: Any, client: LeadClient, tokens: TokenProvider) -> Any:
    settings = client.settings
    verify: Any = str(trust_file(settings.ca_bundle)) if settings.ca_bundle else True
    return case.call(
        base_url=client.url,
        headers={"Authorization": f"Bearer {tokens.token()}"},
        verify=verify,
        timeout=60,
    )


def _response_key(source: Any, info: Any, **_args: Any) -> Any:
    return source.get(info.path.key) if isinstance(source, dict) else None


def _fits_schema(case: Any, data: dict[str, Any]) -> list[str]:
    """Problems graphql-core finds completing ``data`` for the case's document."""
    body = case.body if isinstance(case.body, dict) else {"query": case.body}
    result = execute_sync(
        lead_schema(),
        parse(body["query"]),
        root_value=data,
        variable_values=body.get("variables"),
        field_resolver=_response_key,
    )
    return [error.message for error in result.errors or []]


def _judge(case: Any, client: LeadClient, tokens: TokenProvider) -> None:
    response = _send(case, client, tokens)
    text = response.text[:_MAX_TEXT]
    check(
        response.status_code < 500,
        "schema.no_5xx",
        f"HTTP {response.status_code}: {text}",
    )
    try:
        payload = response.json()
    except ValueError:
        payload = None
    check(
        isinstance(payload, dict),
        "schema.conforms",
        f"the body is not a JSON object: {text}",
    )
    codes = [
        (e.get("extensions") or {}).get("code")
        for e in payload.get("errors") or []
        if isinstance(e, dict)
    ]
    check(
        "INTERNAL_SERVER_ERROR" not in codes, "schema.no_5xx", f"internal error: {text}"
    )
    if response.status_code == 200 and isinstance(payload.get("data"), dict):
        problems = _fits_schema(case, payload["data"])
        check(
            not problems, "schema.conforms", f"data does not fit the schema: {problems}"
        )


@pytest.mark.rule("schema.no_5xx", "schema.conforms")
@SCHEMA.include(name="Query.getLeadStatus").parametrize()
@settings(max_examples=_EXAMPLES)
def test_generated_queries_are_answered_within_the_schema(
    case: Any, client: LeadClient, tokens: TokenProvider
) -> None:
    _judge(case, client, tokens)


@pytest.mark.destructive
@pytest.mark.rule("schema.no_5xx", "schema.conforms")
@SCHEMA.exclude(name="Query.getLeadStatus").parametrize()
@settings(max_examples=_EXAMPLES)
def test_generated_mutations_are_answered_within_the_schema(
    case: Any, client: LeadClient, tokens: TokenProvider
) -> None:
    _judge(case, client, tokens)
