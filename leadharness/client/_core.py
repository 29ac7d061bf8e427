"""What the sync and async clients share: endpoint, request body, error mapping."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from leadharness import __version__
from leadharness.auth.redact import redact
from leadharness.client.policy import Safety
from leadharness.contract import operations as ops
from leadharness.errors import ConfigError, TransportError
from leadharness.settings import Settings

logger = logging.getLogger("leadharness.client")

AUTO = "auto"

HEADERS = {
    "User-Agent": f"leadharness/{__version__}",
    "Accept": "application/graphql-response+json, application/json",
}


@dataclass(frozen=True)
class Operation:
    """One of the onboarding document's operations and how safe it is to repeat."""

    name: str
    document: str
    field: str
    safety: Safety
    create: bool = False


CREATE = Operation(
    ops.CREATE_LEAD_OPERATION, ops.CREATE_LEAD, "createLead", Safety.UNSAFE, create=True
)
STATUS = Operation(
    ops.GET_LEAD_STATUS_OPERATION, ops.GET_LEAD_STATUS, "getLeadStatus", Safety.READ
)
SUBMIT = Operation(
    ops.SUBMIT_LEAD_OPERATION, ops.SUBMIT_LEAD, "submitLead", Safety.IDEMPOTENT
)


def graphql_url(settings: Settings) -> str:
    """``{base_url}/graphql``; ConfigError when the settings name no URL yet."""
    base = settings.resolved_base_url()
    if base is None:
        raise ConfigError(
            "no Lead API base URL: target 'local' means the embedded simulator, which "
            "this code path does not start; set LEAD_BASE_URL (or --base-url) to the "
            "URL `leadharness simulator` prints, or pass --target sandbox"
        )
    return base if base.endswith("/graphql") else f"{base}/graphql"


def request_body(
    query: str, variables: Mapping[str, Any] | None, operation_name: str | None
) -> dict[str, Any]:
    """The JSON body of a GraphQL POST."""
    body: dict[str, Any] = {"query": query, "variables": dict(variables or {})}
    if operation_name:
        body["operationName"] = operation_name
    return body


def headers_for(bearer: str | None) -> dict[str, str]:
    """Request headers, with ``Authorization`` only when a bearer is given."""
    if bearer is None:
        return dict(HEADERS)
    return {**HEADERS, "Authorization": f"Bearer {bearer}"}


def check_token_mode(token: object) -> None:
    """Refuse a token argument that is neither "auto", None nor a string."""
    if token is not None and not isinstance(token, str):
        raise TypeError(
            f"token must be 'auto', None (no Authorization header) or a bearer "
            f"string, got {type(token).__name__}"
        )


def transport_error(
    exc: httpx.TransportError, operation: str, url: str, timeout: httpx.Timeout
) -> TransportError:
    """An httpx failure as a TransportError saying whether the request was sent."""
    unsent = isinstance(
        exc, (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
    )
    is_timeout = isinstance(exc, httpx.TimeoutException)
    if isinstance(exc, httpx.ReadTimeout):
        what = f"no answer within the {timeout.read:g} s read timeout" + (
            "; createLead may take up to 30 s for the credit pull and the sandbox "
            "may be cold: raise --timeout rather than retrying (a repeated create "
            "is a duplicate)"
            if operation == CREATE.name
            else "; retry later"
        )
    elif unsent:
        detail = redact(str(exc)) or "no detail"
        what = (
            f"could not connect ({type(exc).__name__}: {detail}); "
            "check the base URL, that the service is up, and LEAD_CA_BUNDLE for TLS"
        )
    else:
        what = (
            f"the connection failed after the request was sent ({type(exc).__name__}: "
            f"{redact(str(exc)) or 'no detail'}); the service may or may not have acted"
        )
    return TransportError(
        f"{operation} to {url}: {what}",
        operation=operation,
        sent=not unsent,
        timeout=is_timeout,
    )
