"""The general GraphQL path: graphql-core parses, validates and executes.

Any document is answered here, introspection included. Each distinct document
is parsed and validated once and the outcome cached. Request-level failures
(parse, validation, variable coercion, operation choice) become HTTP 400 with
an extensions.code; resolver failures become the domain errors the service
raised, one GraphQL error per entry.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

from graphql import (
    DocumentNode,
    ExecutionResult,
    GraphQLError,
    GraphQLSchema,
    execute,
    parse,
    validate,
)
from graphql.pyutils import is_awaitable

from leadharness.contract.schema import lead_schema
from leadharness.simulator.service import DomainErrors, LeadService, ServerFault
from leadharness.simulator.timing import CapacityExceeded

__all__ = ["GraphQLAnswer", "GraphQLExecutor"]

_DOCUMENT_CACHE_LIMIT = 1_000
# graphql-core quotes the offending variable value (", found: {...}" or
# "value: 123456789"); the value may be an SSN or a date of birth.
_ECHOED_VALUE = re.compile(
    r"(?:; |, )found: .*$|(?<=value): (?!Expected).*$", re.DOTALL
)
logger = logging.getLogger("leadharness.simulator")


@dataclass(frozen=True)
class GraphQLAnswer:
    """An HTTP status and the JSON body of a GraphQL response."""

    status: int
    body: dict[str, Any]


@dataclass(frozen=True)
class _Prepared:
    document: DocumentNode | None
    errors: tuple[dict[str, Any], ...]


def request_error(message: str, code: str, status: int = 400) -> GraphQLAnswer:
    """A request-level failure: no data, one error with an extensions.code."""
    return GraphQLAnswer(
        status, {"errors": [{"message": message, "extensions": {"code": code}}]}
    )


def _redact(message: str) -> str:
    """Drop the echoed input graphql-core appends, so no personal datum is sent back."""
    return _ECHOED_VALUE.sub(".", message)


def _with_code(error: GraphQLError, code: str) -> dict[str, Any]:
    formatted: dict[str, Any] = dict(error.formatted)
    formatted["message"] = _redact(str(formatted["message"]))
    formatted["extensions"] = {**(error.extensions or {}), "code": code}
    return formatted


class _Root:
    """Root value whose methods graphql-core's default resolver calls."""

    def __init__(self, service: LeadService) -> None:
        self._service = service

    async def createLead(self, _info: Any, input: Mapping[str, Any]) -> Any:
        return await self._service.create_lead(dict(input))

    def getLeadStatus(self, _info: Any, id: str) -> Any:
        return self._service.get_lead_status(id)

    def submitLead(self, _info: Any, input: Mapping[str, Any]) -> Any:
        return self._service.submit_lead(str(input["leadId"]))


class GraphQLExecutor:
    """Answers any GraphQL request against the Lead API schema."""

    def __init__(
        self, service: LeadService, schema: GraphQLSchema | None = None
    ) -> None:
        self._schema = schema or lead_schema()
        self._root = _Root(service)
        self._cache: dict[str, _Prepared] = {}
        self._lock = threading.Lock()

    def prepare(self, query: str) -> _Prepared:
        """The parsed and validated document, from the cache when seen before."""
        prepared = self._cache.get(query)
        if prepared is not None:
            return prepared
        try:
            document = parse(query)
        except GraphQLError as exc:
            prepared = _Prepared(None, (_with_code(exc, "GRAPHQL_PARSE_FAILED"),))
        else:
            found = validate(self._schema, document)
            errors = tuple(_with_code(e, "GRAPHQL_VALIDATION_FAILED") for e in found)
            prepared = _Prepared(None if errors else document, errors)
        with self._lock:
            if len(self._cache) >= _DOCUMENT_CACHE_LIMIT:
                self._cache.clear()
            self._cache[query] = prepared
        return prepared

    async def run(
        self,
        query: str,
        variables: Mapping[str, Any] | None,
        operation_name: str | None,
    ) -> GraphQLAnswer:
        """Execute one request and classify the outcome into status and body."""
        prepared = self.prepare(query)
        if prepared.document is None:
            return GraphQLAnswer(400, {"errors": list(prepared.errors)})
        result = execute(
            self._schema,
            prepared.document,
            root_value=self._root,
            variable_values=dict(variables or {}),
            operation_name=operation_name,
        )
        if is_awaitable(result):
            result = await result
        return self._classify(cast(ExecutionResult, result))

    @staticmethod
    def _classify(result: ExecutionResult) -> GraphQLAnswer:
        errors = result.errors or []
        if result.data is None and errors:
            # No field ran: variables did not coerce or no operation was chosen.
            return GraphQLAnswer(
                400, {"errors": [_with_code(e, "BAD_USER_INPUT") for e in errors]}
            )
        formatted: list[dict[str, Any]] = []
        for error in errors:
            original = error.original_error
            if isinstance(original, ServerFault):
                return request_error(
                    str(original), "INTERNAL_SERVER_ERROR", original.status
                )
            if isinstance(original, CapacityExceeded):
                raise original
            if isinstance(original, DomainErrors):
                base = error.formatted
                formatted.extend(_locate(entry, base) for entry in original.entries)
            elif original is not None:
                logger.error("simulator resolver failed", exc_info=original)
                return request_error(
                    "Internal server error", "INTERNAL_SERVER_ERROR", 500
                )
            else:
                formatted.append(_with_code(error, "INTERNAL_SERVER_ERROR"))
        body: dict[str, Any] = {"data": result.data}
        if formatted:
            body["errors"] = formatted
        return GraphQLAnswer(200, body)


def _locate(entry: Mapping[str, Any], base: Mapping[str, Any]) -> dict[str, Any]:
    located: dict[str, Any] = {"message": entry["message"]}
    if "locations" in base:
        located["locations"] = base["locations"]
    if "path" in base:
        located["path"] = base["path"]
    located["extensions"] = dict(entry["extensions"])
    return located
