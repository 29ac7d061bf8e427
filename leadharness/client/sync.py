"""The synchronous Lead API client."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

import httpx

from leadharness.auth import TokenProvider, ssl_context
from leadharness.client import _core
from leadharness.client._core import AUTO, CREATE, STATUS, SUBMIT, Operation, logger
from leadharness.client.policy import DEFAULT_TIMEOUTS, RetryPolicy, Safety, Timeouts
from leadharness.client.polling import SettleSchedule
from leadharness.client.response import GraphQLResponse, operation_data
from leadharness.client.results import Lead, SubmitResult
from leadharness.errors import TransportError
from leadharness.settings import Settings

__all__ = ["LeadClient"]


class LeadClient:
    """A blocking client for the Lead API; use it as a context manager.

    ``tokens`` may be shared between clients (Locust users share one per
    process); without it the client makes its own TokenProvider. ``timeout``
    in seconds applies to every operation; by default createLead waits 45 s
    for an answer and the others 30 s.
    """

    def __init__(
        self,
        settings: Settings,
        tokens: TokenProvider | None = None,
        *,
        timeout: float | Timeouts | None = None,
        retry: RetryPolicy | None = None,
        transport: httpx.BaseTransport | None = None,
    ):
        self.settings = settings
        self.url = _core.graphql_url(settings)
        self._tokens = tokens
        self._own_tokens = tokens is None
        self.timeouts = _timeouts(timeout)
        self.retry = retry or RetryPolicy()
        self._http = httpx.Client(
            verify=ssl_context(settings.ca_bundle),
            transport=transport,
            timeout=self.timeouts.for_request(),
        )

    def __repr__(self) -> str:
        return f"LeadClient(url={self.url!r})"

    def __enter__(self) -> LeadClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool (and the token provider, if it made it)."""
        self._http.close()
        if self._own_tokens and self._tokens is not None:
            self._tokens.close()

    @property
    def tokens(self) -> TokenProvider:
        """The token provider, made on first use."""
        if self._tokens is None:
            self._tokens = TokenProvider(self.settings)
        return self._tokens

    def create_lead(self, lead: Mapping[str, Any]) -> Lead:
        """Create a lead; never retried once sent (a repeat would be a 1003)."""
        response = self._send(CREATE, {"input": dict(lead)})
        return Lead.from_graphql(
            operation_data(response, CREATE.name, CREATE.field), CREATE.name
        )

    def get_lead_status(self, lead_id: str) -> Lead:
        """Read a lead by the id createLead returned; retried when it is safe."""
        response = self._send(STATUS, {"id": lead_id})
        return Lead.from_graphql(
            operation_data(response, STATUS.name, STATUS.field), STATUS.name
        )

    def submit_lead(self, lead_id: str) -> SubmitResult:
        """Submit a qualified lead (1013-1017) to the CRM.

        Retried on transport failures, 429 and 502-504, relying on the
        contract's idempotence: a repeated submit answers 1022 with the same
        crmRecordId. So a result with ``attempts`` > 1 and 1022 may be this
        call's own first submit.
        """
        response = self._send(SUBMIT, {"input": {"leadId": lead_id}})
        payload = operation_data(response, SUBMIT.name, SUBMIT.field)
        return SubmitResult.from_graphql(payload, SUBMIT.name, response.attempts)

    def wait_until_settled(self, lead_id: str, *, deadline_seconds: float) -> Lead:
        """Poll getLeadStatus until the code is not 1000/1001; SettleTimeout past it."""
        schedule = SettleSchedule(deadline_seconds)
        while True:
            lead = self.get_lead_status(lead_id)
            if lead.final:
                return lead
            time.sleep(schedule.next_wait(lead))

    def execute(
        self,
        query: str,
        variables: Mapping[str, Any] | None = None,
        operation_name: str | None = None,
        *,
        token: str | None = AUTO,
    ) -> GraphQLResponse:
        """Send any GraphQL document; never raises on HTTP status or GraphQL errors.

        ``token="auto"`` uses the provider (and re-acquires once on a 401),
        None sends no Authorization header, any other string is sent as the
        bearer exactly. Only a request that was never sent is retried.
        Raises TransportError when no answer came.
        """
        _core.check_token_mode(token)
        raw = Operation(operation_name or "execute", query, "", Safety.UNSAFE)
        return self._send(raw, variables, token=token, operation_name=operation_name)

    def _send(
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
            bearer = self.tokens.token() if token == AUTO else token
            try:
                raw = self._http.post(
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
                self._pause(op, attempt, error, delay)
                continue
            response = GraphQLResponse.from_httpx(
                raw, operation=op.name, attempts=attempt
            )
            if response.status == 401 and token == AUTO and not refreshed:
                refreshed = True
                self.tokens.invalidate(bearer)
                continue
            delay = self.retry.after_status(
                op.safety, attempt, response.status, response.retry_after()
            )
            if delay is None:
                return response
            self._pause(op, attempt, f"HTTP {response.status}", delay)

    @staticmethod
    def _pause(op: Operation, attempt: int, reason: object, delay: float) -> None:
        reason = "transport failure" if isinstance(reason, TransportError) else reason
        logger.info(
            "retrying %s after %s (attempt %d) in %.2f s",
            op.name,
            reason,
            attempt,
            delay,
        )
        time.sleep(delay)


def _timeouts(timeout: float | Timeouts | None) -> Timeouts:
    if timeout is None:
        return DEFAULT_TIMEOUTS
    if isinstance(timeout, Timeouts):
        return timeout
    return Timeouts.uniform(float(timeout))
