"""Bad bearer tokens for the authentication suite, made the way mistakes happen.

A wrong-audience token is a genuine token from the same identity provider for
another API (Microsoft Graph), so the target's audience check is what is
tested, not its signature check. A tampered token keeps header and claims and
changes one signature character in the middle, where every base64url
character carries whole bits (the last one may only carry padding).
"""

from __future__ import annotations

from leadharness.auth import TokenProvider
from leadharness.settings import Settings

__all__ = ["GRAPH_SCOPE", "tampered", "token_for_scope"]

GRAPH_SCOPE = "https://graph.microsoft.com/.default"


def token_for_scope(settings: Settings, scope: str) -> str:
    """A client-credentials token for ``scope`` with the settings' credentials."""
    return TokenProvider(settings, scope=scope).token()


def tampered(token: str) -> str:
    """``token`` with one character of its signature changed."""
    header, claims, signature = token.split(".")
    middle = len(signature) // 2
    swapped = "A" if signature[middle] != "A" else "B"
    return ".".join(
        (header, claims, signature[:middle] + swapped + signature[middle + 1 :])
    )
