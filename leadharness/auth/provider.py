"""The token provider: one cached client-credentials token per process.

Built on ``msal.ConfidentialClientApplication``. msal keeps its own token
cache but treats any token within 300 s of expiry as expired, so a token
that lives under 300 s (a test target's, say) would be fetched anew on every
call. The provider therefore keeps the current token itself and reuses it
until a margin before its expiry (10% of its lifetime, at least 1.5 s and at
most 300 s, never more than half the lifetime), and only then asks msal,
whose cache then also counts it as stale.

Concurrency: one ``threading.Lock`` guards acquisition. Locust monkey-patches
``threading`` with gevent before any user code runs, so a lock created in
``__init__`` (never at import time) is a gevent lock there and a waiting
greenlet yields instead of blocking the hub; without gevent it is an
ordinary thread lock. Either way, concurrent callers share one acquisition.

msal's own traps, handled here:

- The constructor fetches the tenant's OpenID configuration, so a wrong
  tenant surfaces there as ValueError; the application is therefore built
  lazily, inside the retry loop, on the first :meth:`TokenProvider.token`.
- msal replays an identical HTTP 400 token answer for 60 s without sending
  it, and a 5xx/429 answer for its Retry-After (5 s by default). Every
  provider has its own HTTP cache, so a negative test needs a fresh
  provider; the provider clears that cache before each of its own retries so
  a retry is really sent.
- msal talks only to ``https`` authorities; ``instance_discovery`` is turned
  off for login hosts that are not Microsoft's, and ``verify`` gets the CA
  bundle (plus the public roots) when ``LEAD_CA_BUNDLE`` is set.
"""

from __future__ import annotations

import functools
import json
import logging
import re
import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import jwt
import msal
import requests
from msal.authority import WELL_KNOWN_AUTHORITY_HOSTS
from msal.exceptions import MsalServiceError

from leadharness.auth.aadsts import aadsts_code, auth_error
from leadharness.auth.redact import redact
from leadharness.auth.trust import trust_file
from leadharness.errors import AuthError
from leadharness.settings import Settings

__all__ = ["TokenProvider"]

logger = logging.getLogger("leadharness.auth")

_SSL_REASON = re.compile(r"\[(?:SSL|X509)[^\]]*\][^'\")]*")
_MAX_MARGIN = 300.0
_MARGIN_SHARE = 0.1
# A JWT's exp is whole seconds and may be up to a second earlier than
# "now + expires_in" measured here, so a short token needs this much room.
_MIN_MARGIN = 1.5


@dataclass(frozen=True)
class _Held:
    """The current token and the monotonic times that bound its reuse."""

    token: str
    refresh_at: float
    expires_at: float
    lifetime: float


class _Retryable(Exception):
    """A token-endpoint failure worth another attempt (transport, 5xx, 429)."""


class TokenProvider:
    """Client-credentials tokens for the Lead API, cached and shared.

    ``token()`` is cheap once a token is held; ``acquisitions`` counts the
    tokens really fetched from the identity provider. ``scope`` defaults to
    the Lead API's (``api://{debt_core_app_id}/.default``); a suite may ask
    for another (Microsoft Graph's, say) to hold a wrong-audience token.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        refresh_margin: float | None = None,
        retries: int = 2,
        backoff_seconds: float = 0.5,
        timeout_seconds: float = 30.0,
        scope: str | None = None,
    ):
        settings.require_credentials()
        if retries < 0 or backoff_seconds < 0 or timeout_seconds <= 0:
            raise ValueError(
                f"TokenProvider(retries={retries}, backoff_seconds={backoff_seconds}, "
                f"timeout_seconds={timeout_seconds}): retries and backoff must be >= 0 "
                "and the timeout positive"
            )
        self._settings = settings
        self.scope = scope or settings.scope
        self._refresh_margin = refresh_margin
        self._retries = retries
        self._backoff = backoff_seconds
        self._timeout = timeout_seconds
        self._lock = threading.Lock()
        self._http_cache: dict[str, Any] = {}
        self._app: msal.ConfidentialClientApplication | None = None
        self._session_in_use: requests.Session | None = None
        self._held: _Held | None = None
        self.acquisitions = 0

    def __repr__(self) -> str:
        s = self._settings
        return (
            f"TokenProvider(client_app_id={s.client_app_id!r}, "
            f"authority={s.authority!r}, acquisitions={self.acquisitions})"
        )

    def __enter__(self) -> TokenProvider:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connections to the login host; the held token stays usable."""
        with self._lock:
            session, self._session_in_use = self._session_in_use, None
            self._app = None
        if session is not None:
            session.close()

    @property
    def settings(self) -> Settings:
        """The settings this provider authenticates with."""
        return self._settings

    def token(self) -> str:
        """A valid access token, fetched only when none is held or it is aging."""
        held = self._held
        if held is not None and time.monotonic() < held.refresh_at:
            return held.token
        with self._lock:
            held = self._held
            if held is not None and time.monotonic() < held.refresh_at:
                return held.token
            return self._acquire().token

    def cached_token(self) -> str | None:
        """The held token if it is still fresh, without blocking or fetching."""
        held = self._held
        if held is not None and time.monotonic() < held.refresh_at:
            return held.token
        return None

    def invalidate(self, token: str | None = None) -> None:
        """Drop the held token so the next call fetches a new one.

        With ``token``, drop it only if it is still the held one: when many
        callers see the same 401, the first one's refresh stands.
        """
        with self._lock:
            if token is not None and (self._held is None or self._held.token != token):
                return
            self._held = None
            if self._app is not None:
                cache = self._app.token_cache
                for entry in list(
                    cache.search(msal.TokenCache.CredentialType.ACCESS_TOKEN)
                ):
                    cache.remove_at(entry)

    def seconds_left(self) -> float | None:
        """Seconds until the held token expires, or None when none is held."""
        held = self._held
        return None if held is None else held.expires_at - time.monotonic()

    def claims(self) -> dict[str, Any]:
        """The current token's claims, decoded without verification, for display."""
        return dict(jwt.decode(self.token(), options={"verify_signature": False}))

    def _acquire(self) -> _Held:
        last: _Retryable | None = None
        for attempt in range(self._retries + 1):
            if attempt:
                self._http_cache.clear()  # else msal replays the failure unsent
                time.sleep(self._backoff * 2 ** (attempt - 1))
            try:
                return self._attempt()
            except _Retryable as exc:
                last = exc
                logger.warning(
                    "token request failed (attempt %d): %s", attempt + 1, exc
                )
            finally:
                # Tokens are fetched about hourly: an idle keep-alive connection
                # to the login host would only outlive a short-lived one (the
                # simulator's), so connections close after every attempt.
                if self._session_in_use is not None:
                    self._session_in_use.close()
        raise AuthError(
            f"token endpoint at {self._settings.login_url} failed "
            f"{self._retries + 1} times, last: {last}; check the login host is up "
            "and reachable (LEAD_LOGIN_URL, LEAD_CA_BUNDLE), then try again",
            error="unavailable",
        )

    def _attempt(self) -> _Held:
        try:
            app = self._application()
            result = app.acquire_token_for_client(scopes=[self.scope])
        except MsalServiceError as exc:
            raise _Retryable(f"the login host answered {exc}") from None
        except requests.exceptions.SSLError as exc:
            raise AuthError(self._safe(self._tls_message(exc)), error="tls") from None
        except requests.RequestException as exc:
            raise _Retryable(self._safe(f"{type(exc).__name__}: {exc}")) from None
        if not isinstance(result, dict) or "access_token" not in result:
            result = result if isinstance(result, dict) else {}
            raise auth_error(
                self._settings, result.get("error"), result.get("error_description")
            )
        return self._hold(result)

    def _tls_message(self, exc: Exception) -> str:
        """What went wrong in the TLS handshake with the login host, and the fix."""
        text = str(exc)
        # requests nests the ssl error three deep; its [SSL: ...] part is the news.
        found = _SSL_REASON.search(text)
        reason = found.group(0).split(" (_ssl.c")[0].strip() if found else text
        where = self._settings.login_url
        if "WRONG_VERSION_NUMBER" in text:
            return (
                f"TLS with {where} failed ({reason}): nothing speaks TLS there, "
                "perhaps a plain-HTTP port; check LEAD_LOGIN_URL"
            )
        return (
            f"TLS verification of {where} failed ({reason}); set LEAD_CA_BUNDLE to "
            "the CA file that signed its certificate (`leadharness simulator` "
            "prints its own)"
        )

    def _hold(self, result: dict[str, Any]) -> _Held:
        lifetime = float(result.get("expires_in") or 0)
        margin = self._refresh_margin
        if margin is None:
            share = min(_MAX_MARGIN, lifetime * _MARGIN_SHARE)
            margin = min(lifetime / 2, max(_MIN_MARGIN, share))
        now = time.monotonic()
        held = _Held(
            result["access_token"], now + lifetime - margin, now + lifetime, lifetime
        )
        if result.get("token_source", "identity_provider") == "identity_provider":
            self.acquisitions += 1
            logger.info("acquired a token for %s, valid %.0f s", self.scope, lifetime)
        self._held = held
        return held

    def _application(self) -> msal.ConfidentialClientApplication:
        if self._app is not None:
            return self._app
        s = self._settings
        client_id, secret = s.require_credentials()
        options: dict[str, Any] = {
            "authority": s.authority,
            "client_credential": secret,
            "token_cache": msal.TokenCache(),
            "http_cache": self._http_cache,
            "timeout": self._timeout,
        }
        if (urlsplit(s.login_url).hostname or "") not in WELL_KNOWN_AUTHORITY_HOSTS:
            options["instance_discovery"] = False
        options["http_client"] = self._session()
        try:
            self._app = msal.ConfidentialClientApplication(client_id, **options)
        except ValueError as exc:
            # msal re-raises discovery failures with a generic text; the
            # identity provider's answer (and its AADSTS code) is the context.
            said = " ".join(str(e) for e in (exc.__context__, exc) if e is not None)
            raise self._discovery_error(said) from None
        return self._app

    def _session(self) -> requests.Session:
        """The HTTP session msal uses, with the trust store pinned per request.

        requests lets REQUESTS_CA_BUNDLE/CURL_CA_BUNDLE override a session's
        ``verify`` (psf/requests#3829), which is how msal applies ``verify``;
        passing it on every request is the only way the CA bundle always wins.
        """
        session = requests.Session()
        ca_bundle = self._settings.ca_bundle
        verify: str | bool = (
            str(trust_file(ca_bundle)) if ca_bundle is not None else True
        )
        session.request = functools.partial(  # type: ignore[method-assign]
            session.request, verify=verify, timeout=self._timeout
        )
        self._session_in_use = session
        return session

    def _discovery_error(self, text: str) -> AuthError:
        """msal's ValueError from tenant discovery, as an actionable AuthError."""
        error: str | None = None
        description: str | None = text
        start, end = text.find("{"), text.rfind("}")
        if 0 <= start < end:
            try:
                body = json.loads(text[start : end + 1])
            except ValueError:
                body = None
            if isinstance(body, dict):
                error, description = body.get("error"), body.get("error_description")
        if aadsts_code(description) or error:
            return auth_error(self._settings, error, description)
        return AuthError(
            self._safe(
                f"tenant discovery at {self._settings.authority} failed: {text[:300]}; "
                "check LEAD_LOGIN_URL and LEAD_TENANT_ID"
            ),
            error="discovery",
        )

    def _safe(self, text: str) -> str:
        secret = self._settings.client_secret
        return redact(text, secret.get_secret_value() if secret else None)
