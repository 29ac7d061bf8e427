"""Authentication against Microsoft Entra ID: the one way the harness gets tokens.

``TokenProvider`` fetches and caches client-credentials tokens with msal;
``auth_error`` turns an AADSTS refusal into a message naming the setting to
change; ``redact`` masks secrets and tokens in any text shown to a person.
"""

from leadharness.auth.aadsts import aadsts_code, auth_error
from leadharness.auth.provider import TokenProvider
from leadharness.auth.redact import redact
from leadharness.auth.trust import ssl_context, trust_file

__all__ = [
    "TokenProvider",
    "aadsts_code",
    "auth_error",
    "redact",
    "ssl_context",
    "trust_file",
]
