"""Reading raw GraphQL answers the way the contract talks about them.

The suites send requests with the client's raw ``execute()`` so they see the
exact answer (status, data, errors); these helpers name what the contract
asks about it: is there data, which error codes, is it a server error, and a
short description safe to put in a failure message (ids and codes, never the
lead's personal fields, which the answers do not carry anyway).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from leadharness.client import GraphQLResponse
from leadharness.contract.codes import describe as describe_code

__all__ = [
    "code_text",
    "describe",
    "error_codes",
    "error_fields",
    "field_of",
    "has_no_data",
    "is_not_found",
    "is_server_error",
]

_MAX_DESCRIPTION = 600


def code_text(value: object) -> str:
    """``1013 PRODUCT_CODE_3225`` for a documented code, the value's repr otherwise."""
    if isinstance(value, int) and not isinstance(value, bool):
        return describe_code(value)
    return f"{value!r} (not an integer code)"


def field_of(response: GraphQLResponse, name: str) -> dict[str, Any] | None:
    """``data[name]`` when it is an object, else None."""
    data = response.data
    if not isinstance(data, Mapping):
        return None
    value = data.get(name)
    return dict(value) if isinstance(value, Mapping) else None


def has_no_data(response: GraphQLResponse, name: str) -> bool:
    """True when ``data`` is null or absent, or its ``name`` field is null."""
    data = response.data
    return not isinstance(data, Mapping) or data.get(name) is None


def error_codes(response: GraphQLResponse) -> list[str]:
    """The ``extensions.code`` of each GraphQL error that has one."""
    return list(response.error_codes)


def error_fields(response: GraphQLResponse) -> set[str]:
    """Every field an error names, in ``extensions.field`` or in its message."""
    named: set[str] = set()
    for error in response.errors or []:
        if not isinstance(error, Mapping):
            continue
        extensions = error.get("extensions")
        if isinstance(extensions, Mapping) and isinstance(extensions.get("field"), str):
            named.add(extensions["field"])
        named.add(str(error.get("message", "")))
    return named


def names_field(response: GraphQLResponse, field: str) -> bool:
    """True when some error's ``extensions.field`` or message names ``field``."""
    return any(field == entry or field in entry for entry in error_fields(response))


def is_server_error(response: GraphQLResponse) -> bool:
    """True for an HTTP 5xx or an INTERNAL_SERVER_ERROR GraphQL error."""
    return response.status >= 500 or "INTERNAL_SERVER_ERROR" in error_codes(response)


def is_not_found(response: GraphQLResponse) -> bool:
    """True when an error says the lead was not found (code NOT_FOUND or the words)."""
    if "NOT_FOUND" in error_codes(response):
        return True
    messages = [
        str(e.get("message", ""))
        for e in response.errors or []
        if isinstance(e, Mapping)
    ]
    return any("not found" in message.lower() for message in messages)


def describe(response: GraphQLResponse) -> str:
    """``HTTP 200, data {...}, errors [...]`` shortened for a failure message."""
    errors = [
        {"message": e.get("message"), "extensions": e.get("extensions")}
        for e in response.errors or []
        if isinstance(e, Mapping)
    ]
    text = f"HTTP {response.status}, data {json.dumps(response.data, default=str)}"
    if errors:
        text += f", errors {json.dumps(errors, default=str)}"
    return text if len(text) <= _MAX_DESCRIPTION else text[:_MAX_DESCRIPTION] + "..."
