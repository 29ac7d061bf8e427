"""A fast path for the onboarding document's three documents.

Full graphql-core execution costs more than the rest of a createLead together.
When a request carries one of the three known documents verbatim and its
variables already have exactly the types the schema wants, this path calls the
service directly and builds the same JSON graphql-core would (the tests
compare the two). Anything else, including every malformed variable, returns
None and is left to the general path, which produces the exact errors.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from graphql import FieldNode, OperationDefinitionNode, parse

from leadharness.contract import operations
from leadharness.contract.schema import lead_schema
from leadharness.simulator.graphql_exec import GraphQLAnswer
from leadharness.simulator.service import DomainErrors, LeadService

__all__ = ["FastPath"]

_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1


def _is_string(value: object) -> bool:
    return isinstance(value, str)


def _is_int(value: object) -> bool:
    return type(value) is int and _INT_MIN <= value <= _INT_MAX


def _is_float(value: object) -> bool:
    return (type(value) is int or type(value) is float) and math.isfinite(value)


def _input_checkers() -> dict[str, Callable[[object], bool]]:
    """LeadInput's fields mapped to the check their scalar type needs."""
    by_type = {"String": _is_string, "Int": _is_int, "Float": _is_float}
    input_type = lead_schema().get_type("LeadInput")
    checkers: dict[str, Callable[[object], bool]] = {}
    for name, field in input_type.fields.items():  # type: ignore[union-attr]
        checkers[name] = by_type[str(field.type).rstrip("!")]
    return checkers


class _Known:
    """One known document: its operation, root field and where that field sits."""

    def __init__(self, query: str) -> None:
        operation = parse(query).definitions[0]
        assert isinstance(operation, OperationDefinitionNode)
        field = operation.selection_set.selections[0]
        assert isinstance(field, FieldNode)
        self.operation_name = operation.name.value if operation.name else None
        self.field = field.name.value
        loc = field.loc
        assert loc is not None
        token = loc.start_token
        self.location = [{"line": token.line, "column": token.column}]


class FastPath:
    """Answers the three known documents directly, or returns None to decline."""

    def __init__(self, service: LeadService) -> None:
        self._service = service
        self._known = {
            operations.CREATE_LEAD: _Known(operations.CREATE_LEAD),
            operations.GET_LEAD_STATUS: _Known(operations.GET_LEAD_STATUS),
            operations.SUBMIT_LEAD: _Known(operations.SUBMIT_LEAD),
        }
        self._checkers = _input_checkers()
        self._float_fields = frozenset(
            name for name, check in self._checkers.items() if check is _is_float
        )

    async def run(
        self, query: str, variables: object, operation_name: object
    ) -> GraphQLAnswer | None:
        """The answer for a known document with well-typed variables, else None."""
        known = self._known.get(query)
        if known is None or not isinstance(variables, dict):
            return None
        if operation_name is not None and operation_name != known.operation_name:
            return None
        try:
            if known.field == "createLead":
                lead = self._lead_input(variables.get("input"))
                if lead is None:
                    return None
                data = await self._service.create_lead(lead)
            else:
                lead_id = self._lead_id(known.field, variables)
                if lead_id is None:
                    return None
                if known.field == "getLeadStatus":
                    data = self._service.get_lead_status(lead_id)
                else:
                    data = self._service.submit_lead(lead_id)
        except DomainErrors as exc:
            return self._errors(known, exc)
        return GraphQLAnswer(200, {"data": {known.field: data}})

    def _lead_input(self, value: object) -> dict[str, Any] | None:
        if not isinstance(value, dict) or value.keys() != self._checkers.keys():
            return None
        checkers = self._checkers
        for name, item in value.items():
            if not checkers[name](item):
                return None
        # graphql-core orders coerced input by the schema's fields; so do we.
        lead = {name: value[name] for name in checkers}
        for name in self._float_fields:
            lead[name] = float(lead[name])
        return lead

    @staticmethod
    def _lead_id(field: str, variables: Mapping[str, Any]) -> str | None:
        if field == "getLeadStatus":
            lead_id = variables.get("id")
        else:
            submitted = variables.get("input")
            if not isinstance(submitted, dict) or submitted.keys() != {"leadId"}:
                return None
            lead_id = submitted["leadId"]
        return lead_id if isinstance(lead_id, str) else None

    @staticmethod
    def _errors(known: _Known, exc: DomainErrors) -> GraphQLAnswer:
        errors = [
            {
                "message": entry["message"],
                "locations": known.location,
                "path": [known.field],
                "extensions": dict(entry["extensions"]),
            }
            for entry in exc.entries
        ]
        return GraphQLAnswer(200, {"data": {known.field: None}, "errors": errors})
