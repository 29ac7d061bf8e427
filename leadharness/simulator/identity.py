"""Entra ID v2 for the client-credentials grant: discovery, JWKS and tokens.

Paths, JSON shapes, AADSTS codes and HTTP statuses follow what Entra ID
returns, so msal and a partner's Postman collection work unchanged when only
the login host is pointed here.
"""

from __future__ import annotations

import base64
import datetime as dt
import hmac
import logging
import uuid
from typing import Any
from urllib.parse import parse_qsl, unquote_plus

from leadharness.simulator.asgi import (
    Receive,
    Scope,
    Send,
    dumps,
    header,
    read_body,
    send_json,
)
from leadharness.simulator.config import SimulatorConfig
from leadharness.simulator.faults import FaultInjector
from leadharness.simulator.tokens import SigningKey, access_token_claims

__all__ = ["GRAPH_RESOURCE", "Identity"]

GRAPH_RESOURCE = "https://graph.microsoft.com"
_REFRESH_IN_FROM = 7200
logger = logging.getLogger("leadharness.simulator")


class _AadError(Exception):
    """An Entra ID error answer: HTTP status, OAuth error and AADSTS number."""

    def __init__(self, status: int, error: str, aadsts: int, description: str):
        super().__init__(description)
        self.status, self.error, self.aadsts, self.description = (
            status,
            error,
            aadsts,
            description,
        )


class Identity:
    """Serves one tenant's discovery document, JWKS and token endpoint."""

    def __init__(
        self,
        config: SimulatorConfig,
        key: SigningKey,
        faults: FaultInjector,
        login_url: str,
    ) -> None:
        self._config = config
        self._key = key
        self._faults = faults
        self.login_url = login_url
        self.issued = 0

    @property
    def issuer(self) -> str:
        """The ``iss`` of every token: ``{login_url}/{tenant}/v2.0``."""
        return f"{self.login_url}/{self._config.tenant_id}/v2.0"

    @property
    def api_audience(self) -> str:
        """The Lead API's audience: ``api://{debt_core_app_id}``."""
        return f"api://{self._config.debt_core_app_id}"

    def discovery(self, tenant: str) -> dict[str, Any]:
        """The OpenID configuration document for ``tenant``."""
        base = f"{self.login_url}/{tenant}"
        return {
            "token_endpoint": f"{base}/oauth2/v2.0/token",
            "token_endpoint_auth_methods_supported": [
                "client_secret_post",
                "private_key_jwt",
                "client_secret_basic",
            ],
            "jwks_uri": f"{base}/discovery/v2.0/keys",
            "response_modes_supported": ["query", "fragment", "form_post"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "response_types_supported": [
                "code",
                "id_token",
                "code id_token",
                "id_token token",
            ],
            "scopes_supported": ["openid", "profile", "email", "offline_access"],
            "issuer": f"{base}/v2.0",
            "request_uri_parameter_supported": False,
            "userinfo_endpoint": f"{self.login_url}/oidc/userinfo",
            "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
            "device_authorization_endpoint": f"{base}/oauth2/v2.0/devicecode",
            "http_logout_supported": True,
            "frontchannel_logout_supported": True,
            "end_session_endpoint": f"{base}/oauth2/v2.0/logout",
            "claims_supported": [
                "sub",
                "iss",
                "aud",
                "exp",
                "iat",
                "nbf",
                "tid",
                "ver",
            ],
            "kerberos_endpoint": f"{base}/kerberos",
            "tenant_region_scope": "NA",
            "cloud_instance_name": "microsoftonline.com",
            "cloud_graph_host_name": "graph.windows.net",
            "msgraph_host": "graph.microsoft.com",
            "rbac_url": "https://pas.windows.net",
        }

    async def handle(
        self, scope: Scope, receive: Receive, send: Send, tenant: str, rest: str
    ) -> None:
        """Answer one request under ``/{tenant}/``."""
        correlation = (header(scope, b"client-request-id") or b"").decode("latin-1")
        try:
            self._check_tenant(tenant)
            if (
                rest == "v2.0/.well-known/openid-configuration"
                and scope["method"] == "GET"
            ):
                await send_json(send, 200, dumps(self.discovery(tenant)))
            elif rest == "discovery/v2.0/keys" and scope["method"] == "GET":
                await send_json(send, 200, dumps(self._key.jwks()))
            elif rest == "oauth2/v2.0/token" and scope["method"] == "POST":
                form = dict(
                    parse_qsl((await read_body(receive)).decode("utf-8", "replace"))
                )
                _basic_credentials(scope, form)
                await send_json(
                    send,
                    200,
                    dumps(self._token(form)),
                    [(b"cache-control", b"no-store, no-cache")],
                )
            else:
                await send_json(
                    send,
                    404,
                    dumps(
                        {"error": "not_found", "error_description": "no such endpoint"}
                    ),
                )
        except _AadError as exc:
            await send_json(send, exc.status, dumps(self._error_body(exc, correlation)))

    def _check_tenant(self, tenant: str) -> None:
        if tenant != self._config.tenant_id:
            raise _AadError(
                400,
                "invalid_tenant",
                90002,
                f"Tenant '{tenant[:64]}' not found. Check to make sure you have the correct "
                "tenant ID and are signing into the correct cloud. Check with your "
                "subscription administrator, this may happen if there are no active "
                "subscriptions for the tenant.",
            )

    def _token(self, form: dict[str, str]) -> dict[str, Any]:
        if self._faults.token_outage():
            raise _AadError(
                503,
                "temporarily_unavailable",
                90033,
                "A transient error has occurred. Please try again.",
            )
        grant = form.get("grant_type")
        if not grant:
            raise _missing("grant_type")
        if grant != "client_credentials":
            raise _AadError(
                400,
                "unsupported_grant_type",
                70003,
                f"The app requested an unsupported grant type '{grant[:64]}'.",
            )
        client_id = form.get("client_id")
        if not client_id:
            raise _missing("client_id")
        expected = self._config.clients.get(client_id)
        if expected is None:
            raise _AadError(
                400,
                "unauthorized_client",
                700016,
                f"Application with identifier '{client_id[:64]}' was not found in the "
                f"directory '{self._config.tenant_id}'. This can happen if the application "
                "has not been installed by the administrator of the tenant or consented to "
                "by any user in the tenant. You may have sent your authentication request "
                "to the wrong tenant.",
            )
        secret = form.get("client_secret")
        if not secret:
            raise _AadError(
                401,
                "invalid_client",
                7000216,
                "'client_assertion', 'client_secret' or 'request' is required "
                "for the 'client_credentials' grant type.",
            )
        if not hmac.compare_digest(secret.encode(), expected.encode()):
            raise _AadError(
                401,
                "invalid_client",
                7000215,
                "Invalid client secret provided. Ensure the secret being sent in the "
                "request is the client secret value, not the client secret ID, for a "
                f"secret added to app '{client_id}'.",
            )
        audience = self._audience(form.get("scope"))
        return self._issue(client_id, audience)

    def _audience(self, scope: str | None) -> str:
        if not scope:
            raise _missing("scope")
        if not scope.endswith("/.default") or " " in scope.strip():
            raise _AadError(
                400,
                "invalid_scope",
                1002012,
                f"The provided value for scope {scope[:128]} is not valid. Client "
                "credential flows must have a scope value with /.default suffixed to the "
                "resource identifier (application ID URI).",
            )
        resource = scope.removesuffix("/.default")
        app_id = self._config.debt_core_app_id
        if resource in (f"api://{app_id}", app_id):
            return self.api_audience
        if resource.rstrip("/") == GRAPH_RESOURCE:
            return GRAPH_RESOURCE
        raise _AadError(
            400,
            "invalid_resource",
            500011,
            f"The resource principal named {resource[:128]} was not found in the tenant "
            f"named {self._config.tenant_id}. This can happen if the application has not "
            "been installed by the administrator of the tenant or consented to by any "
            "user in the tenant. You might have sent your authentication request to the "
            "wrong tenant.",
        )

    def _issue(self, client_id: str, audience: str) -> dict[str, Any]:
        lifetime = self._config.token_lifetime_seconds
        claims = access_token_claims(
            issuer=self.issuer,
            audience=audience,
            tenant_id=self._config.tenant_id,
            client_id=client_id,
            lifetime=lifetime,
        )
        self.issued += 1
        logger.debug("issued a token for client %s, audience %s", client_id, audience)
        answer: dict[str, Any] = {
            "token_type": "Bearer",
            "expires_in": lifetime,
            "ext_expires_in": lifetime,
            "access_token": self._key.issue(claims),
        }
        if lifetime >= _REFRESH_IN_FROM:
            # Entra ID suggests refreshing long-lived tokens at half-life; msal
            # honours it.
            answer["refresh_in"] = lifetime // 2
        return answer

    def _error_body(self, exc: _AadError, correlation: str) -> dict[str, Any]:
        now = dt.datetime.now(dt.UTC)
        trace_id = str(uuid.uuid4())
        correlation_id = correlation or str(uuid.uuid4())
        stamp = now.strftime("%Y-%m-%d %H:%M:%SZ")
        return {
            "error": exc.error,
            "error_description": (
                f"AADSTS{exc.aadsts}: {exc.description} Trace ID: {trace_id} "
                f"Correlation ID: {correlation_id} Timestamp: {stamp}"
            ),
            "error_codes": [exc.aadsts],
            "timestamp": stamp,
            "trace_id": trace_id,
            "correlation_id": correlation_id,
            "error_uri": f"{self.login_url}/error?code={exc.aadsts}",
        }


def _basic_credentials(scope: Scope, form: dict[str, str]) -> None:
    """Fill client_id and client_secret from HTTP Basic auth (client_secret_basic)."""
    value = header(scope, b"authorization")
    if value is None or value[:6].lower() != b"basic ":
        return
    try:
        decoded = base64.b64decode(value[6:].strip(), validate=True).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return
    client_id, _, secret = decoded.partition(":")
    form.setdefault("client_id", unquote_plus(client_id))
    form.setdefault("client_secret", unquote_plus(secret))


def _missing(parameter: str) -> _AadError:
    return _AadError(
        400,
        "invalid_request",
        900144,
        f"The request body must contain the following parameter: '{parameter}'.",
    )
