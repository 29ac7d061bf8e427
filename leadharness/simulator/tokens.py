"""RS256 access tokens: the signing key, its JWKS, issuing and verifying.

Verification is the hot path of every API request, so each distinct token is
verified once and its claims kept until the token expires.
"""

from __future__ import annotations

import base64
import hashlib
import threading
import time
import uuid
from dataclasses import dataclass
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

__all__ = ["SigningKey", "TokenRejected", "TokenVerifier"]

_CACHE_LIMIT = 10_000


def _b64(number: int) -> str:
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


class SigningKey:
    """A fresh RSA key pair with a kid, as Entra ID publishes in its JWKS."""

    def __init__(self) -> None:
        self._private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        numbers = self._private.public_key().public_numbers()
        self._jwk = {
            "kty": "RSA",
            "use": "sig",
            "n": _b64(numbers.n),
            "e": _b64(numbers.e),
        }
        digest = hashlib.sha256(self._jwk["n"].encode("ascii")).digest()
        self.kid = base64.urlsafe_b64encode(digest[:15]).decode("ascii")
        self._jwk["kid"] = self.kid
        self.public_pem = self._private.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    def jwks(self) -> dict[str, Any]:
        """The JSON Web Key Set naming this key."""
        return {"keys": [dict(self._jwk)]}

    def issue(self, claims: dict[str, Any]) -> str:
        """A compact RS256 JWT carrying ``claims`` and this key's kid."""
        return jwt.encode(
            claims,
            self._private,
            algorithm="RS256",
            headers={"kid": self.kid, "typ": "JWT"},
        )


def access_token_claims(
    *,
    issuer: str,
    audience: str,
    tenant_id: str,
    client_id: str,
    lifetime: int,
    now: float | None = None,
) -> dict[str, Any]:
    """The claims Entra ID v2 puts in an app-only access token."""
    issued = int(now if now is not None else time.time())
    return {
        "iss": issuer,
        "aud": audience,
        "tid": tenant_id,
        "appid": client_id,
        "azp": client_id,
        "sub": client_id,
        "oid": client_id,
        "ver": "2.0",
        "idtyp": "app",
        "roles": [],
        "uti": uuid.uuid4().hex,
        "iat": issued,
        "nbf": issued,
        "exp": issued + lifetime,
    }


class TokenRejected(Exception):
    """A bearer token the API refuses; ``reason`` goes into WWW-Authenticate."""

    def __init__(self, reason: str, description: str):
        super().__init__(description)
        self.reason = reason
        self.description = description


@dataclass(frozen=True)
class _Checks:
    signature: bool = True
    audience: bool = True
    expiry: bool = True


class TokenVerifier:
    """Check bearer tokens against one key, issuer and audience, with a cache."""

    def __init__(
        self,
        key: SigningKey,
        *,
        issuer: str,
        audience: str,
        check_signature: bool = True,
        check_audience: bool = True,
        check_expiry: bool = True,
    ) -> None:
        self._key = key
        self._issuer = issuer
        self._audience = audience
        self._checks = _Checks(check_signature, check_audience, check_expiry)
        self._cache: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()

    def verify(self, token: str) -> dict[str, Any]:
        """The token's claims, or TokenRejected saying what is wrong."""
        claims = self._cache.get(token)
        now = time.time()
        if claims is not None:
            if self._checks.expiry and now >= claims["exp"]:
                raise TokenRejected("invalid_token", "the access token has expired")
            return claims
        claims = self._decode(token)
        with self._lock:
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            self._cache[token] = claims
        return claims

    def _decode(self, token: str) -> dict[str, Any]:
        checks = self._checks
        options: Any = {
            "verify_signature": checks.signature,
            "verify_aud": checks.audience,
            "verify_exp": checks.expiry,
            "verify_nbf": checks.expiry,
            "verify_iat": False,
            "require": ["exp", "nbf", "iss", "aud"],
        }
        try:
            header = jwt.get_unverified_header(token)
            if checks.signature and header.get("kid") != self._key.kid:
                raise TokenRejected(
                    "invalid_token", "the token's kid is not in the JWKS"
                )
            return jwt.decode(
                token,
                self._key.public_pem,
                algorithms=["RS256"],
                options=options,
                audience=self._audience if checks.audience else None,
                issuer=self._issuer,
                leeway=0,
            )
        except jwt.ExpiredSignatureError:
            raise TokenRejected(
                "invalid_token", "the access token has expired"
            ) from None
        except jwt.ImmatureSignatureError:
            raise TokenRejected(
                "invalid_token", "the access token is not valid yet"
            ) from None
        except jwt.InvalidAudienceError:
            raise TokenRejected(
                "invalid_token", f"the token's audience is not {self._audience}"
            ) from None
        except jwt.InvalidIssuerError:
            raise TokenRejected(
                "invalid_token", "the token's issuer is not trusted"
            ) from None
        except jwt.InvalidSignatureError:
            raise TokenRejected(
                "invalid_token", "the token's signature is invalid"
            ) from None
        except jwt.PyJWTError as exc:
            raise TokenRejected(
                "invalid_token", f"the token is malformed ({exc})"
            ) from None
