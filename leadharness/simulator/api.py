"""POST /graphql: cold start, injected faults, bearer check, then GraphQL.

The order matters: a cold start and a gateway fault happen before the service
looks at the request; the bearer is checked before the body is trusted;
known documents take the fast path and everything else graphql-core.
"""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import struct
from typing import Any

from leadharness.simulator.asgi import (
    BodyTooLarge,
    Receive,
    Scope,
    Send,
    dumps,
    header,
    read_body,
    send_json,
)
from leadharness.simulator.config import SimulatorConfig
from leadharness.simulator.fastpath import FastPath
from leadharness.simulator.faults import Fault, FaultInjector
from leadharness.simulator.graphql_exec import (
    GraphQLAnswer,
    GraphQLExecutor,
    request_error,
)
from leadharness.simulator.service import LeadService
from leadharness.simulator.timing import CapacityExceeded, ColdStart
from leadharness.simulator.tokens import TokenRejected, TokenVerifier

__all__ = ["TRANSPORT_KEY", "GraphQLEndpoint"]

# Scope extension under which the server's protocol hands over its transport.
TRANSPORT_KEY = "leadharness.transport"
_REALM = 'Bearer realm="lead-api"'
logger = logging.getLogger("leadharness.simulator")


class GraphQLEndpoint:
    """The Lead API's one endpoint."""

    def __init__(
        self,
        config: SimulatorConfig,
        service: LeadService,
        verifier: TokenVerifier,
        faults: FaultInjector,
    ) -> None:
        self._config = config
        self._verifier = verifier
        self._faults = faults
        self._cold = ColdStart(config)
        self._fast = FastPath(service)
        self._general = GraphQLExecutor(service)
        self._auth_off = config.defect == "auth-off"
        self.use_fast_path = config.fast_path

    @property
    def cold_starts(self) -> int:
        """How many requests paid the cold-start delay."""
        return self._cold.cold_starts

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer one request to /graphql."""
        await self._cold.touch()
        fault = self._faults.api_fault()
        if fault is Fault.RESET:
            await _reset(scope)
            return
        if fault is Fault.STALL:
            await asyncio.sleep(self._config.scaled(self._config.stall_seconds))
        elif fault is Fault.ERROR_5XX:
            answer = request_error(
                "Internal server error (injected fault)", "INTERNAL_SERVER_ERROR", 500
            )
            await send_json(send, answer.status, dumps(answer.body))
            return
        elif fault is Fault.THROTTLE:
            await self._refuse(
                send,
                429,
                "TOO_MANY_REQUESTS",
                "Too many requests",
                self._config.retry_after_seconds,
            )
            return
        status, body, headers = await self._answer(scope, receive)
        if fault is Fault.MALFORMED:
            body = body[: max(1, len(body) // 2)]
        await send_json(send, status, body, headers)

    async def _answer(
        self, scope: Scope, receive: Receive
    ) -> tuple[int, bytes, list[tuple[bytes, bytes]]]:
        if scope["method"] != "POST":
            answer = request_error(
                "Use POST with a JSON body {query, variables, operationName}.",
                "METHOD_NOT_ALLOWED",
                405,
            )
            return answer.status, dumps(answer.body), [(b"allow", b"POST")]
        rejected = self._authenticate(scope)
        if rejected is not None:
            return rejected
        try:
            answer = await self._execute(await read_body(receive))
        except CapacityExceeded as exc:
            retry = str(exc.retry_after).encode()
            answer = request_error(
                f"The service is at capacity; {exc}.", "SERVICE_UNAVAILABLE", 503
            )
            return answer.status, dumps(answer.body), [(b"retry-after", retry)]
        except BodyTooLarge as exc:
            answer = request_error(f"Request rejected: {exc}.", "BAD_REQUEST", 413)
        return answer.status, dumps(answer.body), []

    def _authenticate(self, scope: Scope) -> tuple[int, bytes, list[Any]] | None:
        if self._auth_off:
            return None
        value = header(scope, b"authorization")
        if value is None:
            return _unauthorized(
                None, "no bearer token: send Authorization: Bearer <token>"
            )
        scheme, _, token = value.decode("latin-1").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return _unauthorized(
                "invalid_request", "the Authorization header is not 'Bearer <token>'"
            )
        try:
            self._verifier.verify(token.strip())
        except TokenRejected as exc:
            return _unauthorized(exc.reason, exc.description)
        return None

    async def _execute(self, raw: bytes) -> GraphQLAnswer:
        try:
            request = json.loads(raw)
        except ValueError as exc:
            return request_error(
                f"The request body is not valid JSON ({exc}); send "
                '{"query": ..., "variables": {...}}.',
                "BAD_REQUEST",
            )
        if not isinstance(request, dict) or not isinstance(request.get("query"), str):
            return request_error(
                "The request body must be a JSON object with a 'query' string.",
                "BAD_REQUEST",
            )
        query = request["query"]
        variables = request.get("variables")
        operation = request.get("operationName")
        if self.use_fast_path:
            answer = await self._fast.run(query, variables, operation)
            if answer is not None:
                return answer
        if variables is not None and not isinstance(variables, dict):
            return request_error("'variables' must be a JSON object.", "BAD_USER_INPUT")
        if operation is not None and not isinstance(operation, str):
            return request_error("'operationName' must be a string.", "BAD_USER_INPUT")
        return await self._general.run(query, variables, operation)

    async def _refuse(
        self, send: Send, status: int, code: str, message: str, retry_after: int
    ) -> None:
        answer = request_error(
            f"{message}; retry after {retry_after} seconds.", code, status
        )
        await send_json(
            send,
            status,
            dumps(answer.body),
            [(b"retry-after", str(retry_after).encode())],
        )


def _unauthorized(
    error: str | None, description: str
) -> tuple[int, bytes, list[tuple[bytes, bytes]]]:
    challenge = _REALM
    if error:
        challenge += f', error="{error}", error_description="{description}"'
    body = {
        "errors": [
            {
                "message": f"Unauthorized: {description}.",
                "extensions": {"code": "UNAUTHENTICATED"},
            }
        ]
    }
    return 401, dumps(body), [(b"www-authenticate", challenge.encode("latin-1"))]


async def _reset(scope: Scope) -> None:
    """Drop the connection with a TCP reset, as a crashed gateway would."""
    transport = scope.get("extensions", {}).get(TRANSPORT_KEY)
    if transport is None:
        # Without the transport (another HTTP protocol) the best we can do is
        # return without answering, which makes the server close the connection.
        return
    sock = transport.get_extra_info("socket")
    if sock is not None:
        try:
            sock.setsockopt(
                socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
            )
        except OSError:  # pragma: no cover - platform without SO_LINGER
            pass
    transport.abort()
    # Let the protocol notice the loss before the app returns.
    await asyncio.sleep(0)
    await asyncio.sleep(0)
