"""Actionable messages for the identity provider's AADSTS errors.

Entra ID answers a refused token request with an OAuth error and a
description that starts with an ``AADSTSnnnnn`` code. The onboarding document
names the usual causes (wrong tenant, unregistered application, the secret's
id used instead of its value); each gets a message that says which setting
to change.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from leadharness.auth.redact import redact
from leadharness.errors import AuthError
from leadharness.settings import DEFAULT_DEBT_CORE_APP_ID, DEFAULT_TENANT_ID, Settings

__all__ = ["aadsts_code", "auth_error"]

_CODE = re.compile(r"AADSTS(\d+)")
# Entra ID appends trace and correlation ids and a timestamp; they help a
# support ticket, not the person reading the message, and make lines long.
_TRAILER = re.compile(r"\s*(Trace ID|Correlation ID|Timestamp):.*$", re.DOTALL)


def aadsts_code(text: str | None) -> str | None:
    """The first ``AADSTSnnnnn`` code in ``text``, or None."""
    match = _CODE.search(text or "")
    return f"AADSTS{match.group(1)}" if match else None


def _wrong_tenant(s: Settings) -> str:
    return (
        f"tenant {s.tenant_id} was not found at {s.login_url}: set LEAD_TENANT_ID "
        f"to Alleviate's tenant id ({DEFAULT_TENANT_ID} per the onboarding document)"
    )


def _unregistered(s: Settings) -> str:
    return (
        f"application {s.client_app_id} is not registered in tenant {s.tenant_id}: "
        "check that LEAD_CLIENT_APP_ID is the client id you were given at "
        "onboarding and that Alleviate has registered it"
    )


def _bad_secret(s: Settings) -> str:
    return (
        f"the client secret for application {s.client_app_id} was refused: "
        "LEAD_CLIENT_SECRET must be the secret's Value, not its Secret ID; check "
        "it has not expired"
    )


def _expired_secret(s: Settings) -> str:
    return (
        f"the client secret for application {s.client_app_id} has expired: ask "
        "Alleviate for a new one and set LEAD_CLIENT_SECRET to its value"
    )


def _bad_scope(s: Settings) -> str:
    return (
        f"the scope {s.scope} was refused (the API app was not found or the scope "
        "is malformed): set LEAD_DEBT_CORE_APP_ID to the Lead "
        f"API's app id ({DEFAULT_DEBT_CORE_APP_ID} per the onboarding document)"
    )


_EXPLAIN: dict[str, Callable[[Settings], str]] = {
    "AADSTS90002": _wrong_tenant,
    "AADSTS90013": _wrong_tenant,
    "AADSTS700016": _unregistered,
    "AADSTS7000215": _bad_secret,
    "AADSTS7000222": _expired_secret,
    "AADSTS70011": _bad_scope,
    "AADSTS500011": _bad_scope,
    "AADSTS1002012": _bad_scope,
}


def auth_error(
    settings: Settings, error: str | None, description: str | None
) -> AuthError:
    """An AuthError for an OAuth ``error`` and its ``description``.

    A known AADSTS code gets a message naming the setting to change; any other
    refusal quotes the description's first part, with secrets masked.
    """
    code = aadsts_code(description) or aadsts_code(error)
    secret = (
        settings.client_secret.get_secret_value() if settings.client_secret else None
    )
    explain = _EXPLAIN.get(code or "")
    if explain is None and error == "invalid_client":
        explain = _bad_secret if "secret" in (description or "").lower() else None
    if explain is not None:
        message = f"token request refused ({code or error}): {explain(settings)}"
    else:
        said = _TRAILER.sub("", (description or "").strip()) or "no description"
        message = (
            f"token request to {settings.login_url} refused ({code or error}): "
            f"{said[:300]}; check LEAD_TENANT_ID, LEAD_CLIENT_APP_ID, "
            "LEAD_CLIENT_SECRET and LEAD_DEBT_CORE_APP_ID"
        )
    return AuthError(redact(message, secret), aadsts=code, error=error)
