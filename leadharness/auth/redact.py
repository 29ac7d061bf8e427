"""Masking of secrets and bearer tokens in text the harness shows or logs.

Every message built from something a server or library said (an AADSTS
description, an exception's text, a response excerpt) passes through
:func:`redact` first, because those texts can echo what was sent.
"""

from __future__ import annotations

import re
from urllib.parse import quote, quote_plus

__all__ = ["MASK", "redact", "redact_personal"]

MASK = "[redacted]"

_JWT = re.compile(r"eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*")
_BEARER = re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]{8,}")


def redact(text: str, *secrets: str | None) -> str:
    """``text`` with each secret (plain or URL-encoded) and any JWT masked."""
    for secret in secrets:
        if not secret:
            continue
        for form in {secret, quote(secret, safe=""), quote_plus(secret)}:
            text = text.replace(form, MASK)
    text = _JWT.sub(MASK, text)
    return _BEARER.sub(lambda match: match.group(1) + MASK, text)


# Values shaped like an SSN (nine digits, dashed or not), an ISO date (a date
# of birth), a ten-digit phone or an email: a server's error message may quote
# the input it refused.
_PERSONAL = (
    (re.compile(r"(?<![\w-])\d{3}-?\d{2}-?\d{4}(?![\w-])"), "[ssn]"),
    (re.compile(r"(?<![\w-])\d{4}-\d{2}-\d{2}(?![\w-])"), "[date]"),
    (re.compile(r"(?<![\w-])\d{10}(?![\w-])"), "[phone]"),
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[email]"),
)


def redact_personal(text: str) -> str:
    """``text`` with SSN-, date-, phone- and email-shaped values masked."""
    for pattern, mask in _PERSONAL:
        text = pattern.sub(mask, text)
    return text
