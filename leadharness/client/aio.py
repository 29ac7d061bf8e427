"""The asynchronous Lead API client: the same surface as LeadClient, awaitable."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import anyio
import httpx

from leadharness.auth import TokenProvider, ssl_context
from leadharness.client import _core
from leadharness.client._core import AUTO, CREATE, STATUS, SUBMIT, Operation, logger
from leadharness.client.policy import RetryPolicy, Safety, Timeouts
from leadharness.client.polling import SettleSchedule
from leadharness.client.response import GraphQLResponse, operation_data
from leadharness.client.results import Lead, SubmitResult
from leadharness.client.sync import _timeouts
from leadharness.errors import TransportError
from leadharness.settings import Settings

__all__ = ["AsyncLeadClient"]


class AsyncLeadClient:
    """A non-blocking client for the Lead API; use it with ``async with``.

    Token acquisition (msal is blocking) runs in a worker thread, and only
    when the provider holds no fresh token.
    """

    def __init__(
        self,
        settings: Settings,
        tokens: TokenProvider | None = None,
        *,
        timeout: float | Timeouts | None = None,
        retry: RetryPolicy | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ):
        self.settings = settings
        self.url = _core.graphql_url(settings)
        self._tokens = tokens
        self._own_tokens = tokens is None
        self.timeouts = _timeouts(timeout)
        self.retry = retry or RetryPolicy()
        self._http = httpx.AsyncClient(
            verify=ssl_context(settings.ca_bundle),
            transport=transport,
            timeout=self.timeouts.for_request(),
        )

    def __repr__(self) -> str:
        return f"AsyncLeadClient(url={self.url!r})"

    async def __aenter__(self) -> AsyncLeadClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connection pool (and the token provider, if it made it)."""
        await self._http.aclose()
        if self._own_tokens and self._tokens is not None:
            self._tokens.close()

    @property
    def tokens(self) -> TokenProvider:
        """The token provider, made on first use."""
        if self._tokens is None:
            self._tokens = TokenProvider(self.settings)
        return self._tokens

    async def create_lead(self, lead: Mapping[str, Any]) -> Lead:
        """Create a lead; never retried once sent (a repeat would be a 1003)."""
        response = await self._send(CREATE, {"input": dict(lead)})
        return Lead.from_graphql(
            operation_data(response, CREATE.name, CREATE.field), CREATE.name
        )

    async def get_lead_status(self, lead_id: str) -> Lead:
        """Read a lead by the id createLead returned; retried when it is safe."""
        response = await self._send(STATUS, {"id": lead_id})
        return Lead.from_graphql(
            operation_data(response, STATUS.name, STATUS.field), STATUS.name
        )

    async def submit_lead(self, lead_id: str) -> SubmitResult:
        """Submit a qualified lead (1013-1017) to the CRM.

        Retried like a read, relying on the contract's idempotence: a repeated
        submit answers 1022 with the same crmRecordId (see LeadClient).
        """
        response = await self._send(SUBMIT, {"input": {"leadId": lead_id}})
        payload = operation_data(response, SUBMIT.name, SUBMIT.field)
        return SubmitResult.from_graphql(payload, SUBMIT.name, response.attempts)

    async def wait_until_settled(
        self, lead_id: str, *, deadline_seconds: float
    ) -> Lead:
        """Poll getLeadStatus until the code is not 1000/1001; SettleTimeout past it."""
        schedule = SettleSchedule(deadline_seconds)
        while True:
            lead = await self.get_lead_status(lead_id)
            if lead.final:
                return lead
            await anyio.sleep(schedule.next_wait(lead))

    async def execute(
        self,
        query: str,
        variables: Mapping[str, Any] | None = None,
        operation_name: str | None = None,
        *,
        token: str | None = AUTO,
    ) -> GraphQLResponse:
        """Send any GraphQL document; never raises on HTTP status or GraphQL errors.

        ``token`` works as in LeadClient.execute. Raises TransportError when no
        answer came.
        """
        _core.check_token_mode(token)
        raw = Operation(operation_name or "execute", query, "", Safety.UNSAFE)
        return await self._send(
            raw, variables, token=token, operation_name=operation_name
        )

    async def _bearer(self) -> str:
        cached = self.tokens.cached_token()
        if cached is not None:
            return cached
        return await anyio.to_thread.run_sync(self.tokens.token)

    async def _send(
        self,
        op: Operation,
        variables: Mapping[str, Any] | None,
        *,
        token: str | None = AUTO,
        operation_name: str | None = None,
    ) -> GraphQLResponse:
        name = op.name if op.field else operation_name  # raw documents name their own
        body = _core.request_body(op.document, variables, name)
        timeout = self.timeouts.for_request(create=op.create)
        attempt, refreshed = 0, False
        while True:
            attempt += 1
            bearer = await self._bearer() if token == AUTO else token
            try:
                raw = await self._http.post(
                    self.url,
                    json=body,
                    timeout=timeout,
                    headers=_core.headers_for(bearer),
                )
            except httpx.TransportError as exc:
                error = _core.transport_error(exc, op.name, self.url, timeout)
                delay = self.retry.after_transport_error(op.safety, attempt, error)
                if delay is None:
                    raise error from None
                await self._pause(op, attempt, error, delay)
                continue
            response = GraphQLResponse.from_httpx(
                raw, operation=op.name, attempts=attempt
            )
            if response.status == 401 and token == AUTO and not refreshed:
                refreshed = True
                await anyio.to_thread.run_sync(self.tokens.invalidate, bearer)
                continue
            delay = self.retry.after_status(
                op.safety, attempt, response.status, response.retry_after()
            )
            if delay is None:
                return response
            await self._pause(op, attempt, f"HTTP {response.status}", delay)

    @staticmethod
    async def _pause(op: Operation, attempt: int, reason: object, delay: float) -> None:
        reason = "transport failure" if isinstance(reason, TransportError) else reason
        logger.info(
            "retrying %s after %s (attempt %d) in %.2f s",
            op.name,
            reason,
            attempt,
            delay,
        )
        await anyio.sleep(delay)
