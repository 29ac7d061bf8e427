"""One GraphQL answer as received, and its reading into a result or an error.

``GraphQLResponse`` never raises: suites inspect status, headers and errors
themselves. :func:`operation_data` is what the typed methods use: it turns
an answer into the operation's payload or into the matching error class.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import httpx

from leadharness.auth.redact import redact, redact_personal
from leadharness.errors import ContractViolation, GraphQLResponseError, HttpStatusError

__all__ = ["GraphQLResponse", "operation_data", "parse_retry_after"]

_EXCERPT = 300


@dataclass(frozen=True)
class GraphQLResponse:
    """An HTTP answer to a GraphQL request, with its body parsed when it is JSON.

    Its repr leaves out the body and headers: an answer may quote the lead's
    personal data back, and a repr ends up in test reports.
    """

    status: int
    headers: httpx.Headers = field(repr=False)
    text: str = field(repr=False)
    json: Any = field(repr=False)
    operation: str | None = None
    elapsed_seconds: float = 0.0
    attempts: int = 1
    url: str = field(default="", repr=False)

    @classmethod
    def from_httpx(
        cls, response: httpx.Response, *, operation: str | None, attempts: int = 1
    ) -> GraphQLResponse:
        """Read an httpx response; a body that is not JSON leaves ``json`` None."""
        try:
            body = json.loads(response.text) if response.text else None
        except ValueError:
            body = None
        return cls(
            status=response.status_code,
            headers=response.headers,
            text=response.text,
            json=body,
            operation=operation,
            elapsed_seconds=_elapsed(response),
            attempts=attempts,
            url=str(response.request.url),
        )

    @property
    def data(self) -> dict[str, Any] | None:
        """The ``data`` object, or None when absent, null or not an object."""
        data = self.json.get("data") if isinstance(self.json, dict) else None
        return data if isinstance(data, dict) else None

    @property
    def errors(self) -> list[dict[str, Any]]:
        """The ``errors`` list as sent (entries that are not objects dropped)."""
        errors = self.json.get("errors") if isinstance(self.json, dict) else None
        if not isinstance(errors, list):
            return []
        return [error for error in errors if isinstance(error, dict)]

    @property
    def error_codes(self) -> list[str]:
        """The ``extensions.code`` of each error that has one."""
        return [
            error["extensions"]["code"]
            for error in self.errors
            if isinstance(error.get("extensions"), dict)
            and isinstance(error["extensions"].get("code"), str)
        ]

    def field(self, name: str) -> Any:
        """``data[name]``: the operation's payload, or None."""
        return (self.data or {}).get(name)

    def retry_after(self) -> float | None:
        """The Retry-After header in seconds, when present and a number."""
        return parse_retry_after(self.headers.get("retry-after"))


def _elapsed(response: httpx.Response) -> float:
    try:
        return response.elapsed.total_seconds()
    except RuntimeError:  # a mock transport's response never sets it
        return 0.0


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header's delta form; None otherwise."""
    try:
        seconds = float(value) if value is not None else None
    except ValueError:
        return None  # an HTTP date: rare from APIs, and the backoff still applies
    return seconds if seconds is not None and seconds >= 0 else None


def _excerpt(text: str) -> str:
    flat = " ".join(redact_personal(redact(text)).split())
    return flat if len(flat) <= _EXCERPT else flat[: _EXCERPT - 3] + "..."


def _describe_errors(errors: list[dict[str, Any]]) -> str:
    parts = []
    for error in errors[:3]:
        found = error.get("extensions")
        extensions: dict[str, Any] = found if isinstance(found, dict) else {}
        code = extensions.get("code", "no code")
        where = f" on {extensions['field']}" if "field" in extensions else ""
        rule = f" (rule {extensions['rule']})" if "rule" in extensions else ""
        message = _excerpt(str(error.get("message", "")))[:160]
        parts.append(f"{code}{where}{rule}: {message}")
    more = f"; and {len(errors) - 3} more" if len(errors) > 3 else ""
    text = "; ".join(parts) + more
    if "NOT_FOUND" in text and "createLead" not in text:
        text += (
            " (use the id createLead returned, not your own leadId, on the "
            "environment that created the lead)"
        )
    return text


def _http_error(response: GraphQLResponse, operation: str) -> HttpStatusError:
    status = response.status
    if status == 401:
        challenge = _excerpt(response.headers.get("www-authenticate", "none"))
        hint = (
            "the token had expired; it was re-acquired once and still refused"
            if "expired" in challenge.lower()
            else "the token was refused even after re-acquiring it once"
        )
        advice = (
            f"{hint} (WWW-Authenticate: {challenge}); check LEAD_DEBT_CORE_APP_ID "
            "(the audience), LEAD_TENANT_ID and that LEAD_LOGIN_URL is the login "
            "host this API trusts"
        )
    elif status == 429:
        wait = response.headers.get("retry-after", "none")
        advice = f"rate limited (Retry-After: {wait}); slow down or lower the load"
    elif status >= 500:
        advice = (
            "the service failed; retry later or report it with the time and operation"
        )
    else:
        advice = "the request was rejected before GraphQL ran; check the base URL"
    return HttpStatusError(
        f"{operation}: HTTP {status} from {response.url or 'the Lead API'}: {advice}; "
        f"body: {_excerpt(response.text) or 'empty'}",
        operation=operation,
        status=status,
        retry_after=response.retry_after(),
        body_excerpt=_excerpt(response.text),
    )


def operation_data(response: GraphQLResponse, operation: str, field_name: str) -> Any:
    """The payload of ``field_name``, or the error class that fits the answer.

    HTTP 200 and 400 answers carrying GraphQL errors become
    GraphQLResponseError (GraphQL over HTTP answers a rejected document with
    400); any other status is an HttpStatusError; an answer with neither a
    payload nor errors is a ContractViolation.
    """
    if response.errors and response.status in (200, 400):
        raise GraphQLResponseError(
            f"{operation} answered GraphQL errors (HTTP {response.status}): "
            f"{_describe_errors(response.errors)}",
            operation=operation,
            errors=response.errors,
            status=response.status,
            data=response.data,
        )
    if response.status != 200:
        raise _http_error(response, operation)
    if not isinstance(response.json, dict) or "data" not in response.json:
        raise ContractViolation(
            f"{operation} answered HTTP 200 without a GraphQL result "
            f"(body: {_excerpt(response.text) or 'empty'}); expected JSON with 'data'",
            operation=operation,
            rule="response.shape",
        )
    payload = response.field(field_name)
    if payload is None:
        raise ContractViolation(
            f"{operation} answered data.{field_name}=null without any error; "
            "a null result must come with an error saying why",
            operation=operation,
            rule="response.null",
        )
    return payload
