"""Judge each load response: classify failures and check the contract.

Under load a response that breaks the contract is a failure with a reason,
not a success, and every failure falls into one kind (transport, timeout,
throttled, server_error, contract_violation, auth) so a run under injected
faults still says what went wrong. These functions see only the status,
headers and body, so they work for any HTTP client and are tested without
Locust. Reasons are stable texts that never carry personal data.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from leadharness.contract.codes import PROCESSING_CODES, QUALIFIED_CODES, is_documented

__all__ = [
    "Problem",
    "check_create",
    "check_status",
    "check_submit",
    "classify_status",
    "classify_transport",
    "parse_graphql",
]

_LEAD_FIELDS = frozenset({"id", "resultCode", "note", "partnerLeadId", "bidValue"})
_SUBMIT_FIELDS = frozenset({"leadId", "statusCode", "crmRecordId", "crm"})


@dataclass(frozen=True, slots=True)
class Problem:
    """Why a response is a failure: its kind and a stable reason."""

    kind: str
    reason: str
    retry_after: float | None = None

    def __str__(self) -> str:
        return f"{self.kind}: {self.reason}"


def _violation(rule: str, message: str) -> Problem:
    return Problem("contract_violation", f"[{rule}] {message}")


def classify_transport(error: BaseException) -> Problem:
    """A request that got no HTTP answer: timeout or transport failure."""
    # geventhttpclient wraps the real cause in RetriesExceeded(original=...).
    seen = 0
    while getattr(error, "original", None) is not None and seen < 5:
        error, seen = error.original, seen + 1  # type: ignore[attr-defined]
    name = type(error).__name__
    if isinstance(error, TimeoutError) or "Timeout" in name:
        return Problem("timeout", f"no answer in time ({name})")
    return Problem("transport", f"no HTTP answer ({name})")


def classify_status(status: int, retry_after: str | None = None) -> Problem | None:
    """The failure an HTTP status means, or None for 200."""
    if status == 200:
        return None
    if status in (401, 403):
        return Problem("auth", f"HTTP {status} from the Lead API")
    wait = _seconds(retry_after)
    if status == 429 or (status == 503 and wait is not None):
        return Problem("throttled", f"HTTP {status} (throttled)", wait)
    if status >= 500:
        return Problem("server_error", f"HTTP {status}")
    return _violation("http.status", f"HTTP {status} for a valid request")


def _seconds(header: str | None) -> float | None:
    if header is None:
        return None
    try:
        return max(0.0, float(header))
    except ValueError:
        return None


def parse_graphql(body: bytes | str | None, field: str) -> tuple[Any, Problem | None]:
    """The ``data[field]`` object of a GraphQL answer, or the problem with it."""
    try:
        document = json.loads(body or b"")
    except (ValueError, UnicodeDecodeError):
        return None, _violation("response.json", "body is not JSON")
    if not isinstance(document, dict):
        return None, _violation("response.shape", "body is not a JSON object")
    errors = document.get("errors")
    if errors:
        return None, _graphql_error(errors)
    data = document.get("data")
    value = data.get(field) if isinstance(data, dict) else None
    if not isinstance(value, dict):
        return None, _violation("response.data", f"no {field} object and no error")
    return value, None


def _graphql_error(errors: object) -> Problem:
    first = errors[0] if isinstance(errors, list) and errors else {}
    extensions = first.get("extensions") if isinstance(first, dict) else None
    code = extensions.get("code") if isinstance(extensions, dict) else None
    if code == "INTERNAL_SERVER_ERROR":
        return Problem("server_error", "GraphQL INTERNAL_SERVER_ERROR")
    if code in ("UNAUTHENTICATED", "UNAUTHORIZED"):
        return Problem("auth", f"GraphQL {code}")
    return _violation(
        "response.errors",
        f"GraphQL error {code or 'without a code'} for a valid request",
    )


def check_create(lead: Mapping[str, Any], partner_lead_id: str) -> Problem | None:
    """Contract checks of a createLead answer (semantics 1 and 8)."""
    problem = _shape(lead, _LEAD_FIELDS, "create")
    if problem:
        return problem
    if not isinstance(lead["id"], str) or not lead["id"]:
        return _violation("create.id", "id is empty or not a string")
    if not is_documented(lead["resultCode"]):
        return _violation(
            "create.code", f"resultCode {lead['resultCode']!r} is undocumented"
        )
    if lead["partnerLeadId"] != partner_lead_id:
        return _violation(
            "create.echo", "partnerLeadId differs from the input's leadId"
        )
    return _bid(lead, "create")


def check_status(
    lead: Mapping[str, Any], lead_id: str, partner_lead_id: str, last_code: int
) -> Problem | None:
    """Contract checks of a getLeadStatus answer against earlier ones (semantics 2)."""
    problem = _shape(lead, _LEAD_FIELDS, "status")
    if problem:
        return problem
    if lead["id"] != lead_id:
        return _violation("status.id", "id differs from the lead asked for")
    if lead["partnerLeadId"] != partner_lead_id:
        return _violation("status.echo", "partnerLeadId differs from the lead's")
    code = lead["resultCode"]
    if not is_documented(code):
        return _violation("status.code", f"resultCode {code!r} is undocumented")
    if code != last_code and last_code not in PROCESSING_CODES:
        return _violation("status.final", f"final code {last_code} changed to {code}")
    return _bid(lead, "status")


def check_submit(result: Mapping[str, Any], lead_id: str, code: int) -> Problem | None:
    """Contract checks of the first submitLead of a qualified lead (semantics 3)."""
    if code not in QUALIFIED_CODES:
        return _violation("submit.eligible", f"submit attempted for {code}")
    problem = _shape(result, _SUBMIT_FIELDS, "submit")
    if problem:
        return problem
    if result["leadId"] != lead_id:
        return _violation("submit.id", "leadId differs from the lead submitted")
    if result["statusCode"] != 1021:
        return _violation(
            "submit.first", f"first submit answered {result['statusCode']!r}, not 1021"
        )
    if not result["crmRecordId"] or not result["crm"]:
        return _violation("submit.record", "crmRecordId or crm is empty")
    return None


def _shape(
    value: Mapping[str, Any], fields: frozenset[str], rule: str
) -> Problem | None:
    missing = fields - value.keys()
    if missing:
        return _violation(
            f"{rule}.shape", f"fields missing: {', '.join(sorted(missing))}"
        )
    return None


def _bid(lead: Mapping[str, Any], rule: str) -> Problem | None:
    bid = lead["bidValue"]
    if bid is None:
        return None
    if isinstance(bid, bool) or not isinstance(bid, (int, float)) or bid < 0:
        return _violation(f"{rule}.bid", "bidValue is not a non-negative number")
    return None
