"""The one scrubber every report passes through before it is written.

A report may quote a failing answer, a Hypothesis example or a Locust error
line, and any of those can carry what must never leave the run: the client
secret, a bearer token, a social security number or a date of birth. The
stages that write reports mask what they know about; this module is the last
line, applied to every file under a run directory (including files written by
other processes, such as pytest's junit.xml and Locust's CSV and HTML).

What it masks:

- the client secret's value (and its URL-encoded form), wherever it appears;
- JWT-shaped strings (``eyJ...``.``eyJ...``.signature) and ``Bearer`` values;
- nine-digit SSN-shaped values next to an SSN key, and every known SSN value
  (the persona file's, plus any the caller names) anywhere;
- ISO dates next to a date-of-birth key;
- the values of sensitive keys when scrubbing a JSON-like object.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus

__all__ = [
    "Scrubber",
    "MASK_SECRET",
    "MASK_TOKEN",
    "MASK_SSN",
    "MASK_DOB",
    "TEXT_SUFFIXES",
]

MASK_SECRET = "[secret]"
MASK_TOKEN = "[token]"
MASK_SSN = "[ssn]"
MASK_DOB = "[date-of-birth]"

#: Files under a run directory that are scrubbed in place; anything else is left.
TEXT_SUFFIXES = frozenset(
    {".json", ".xml", ".html", ".htm", ".csv", ".txt", ".log", ".md"}
)

# Each pattern opens with a lookahead on its first letter: on a 5 MB page (the
# inline plotly.js) that lets the engine skip most positions, three times faster.
_JWT = re.compile(r"eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*")
_BEARER = re.compile(r"(?=[bB])((?i:bearer)\s+)(?!\[token\])[A-Za-z0-9._~+/=-]{8,}")
# Between a key and its value: quotes (plain, escaped or as HTML entities),
# colons, equals signs and blanks, in any mix.
_SEP = r"(?:\\*[\"']|&quot;|&#x?[0-9a-fA-F]+;|&apos;|[\s:=,(])*"
_SSN_CONTEXT = re.compile(
    r"(?=[sS])((?i:social_?security_?number|\bssn)" + _SEP + r")"
    r"(\d{3}-?\d{2}-?\d{4})(?!\d)"
)
_DOB_CONTEXT = re.compile(
    r"(?=[dDbB])((?i:date_?of_?birth|\bdob|\bbirth_?date)" + _SEP + r")"
    r"(\d{4}-\d{2}-\d{2})(?!\d)"
)
_SENSITIVE_KEYS = frozenset(
    {
        "client_secret",
        "clientsecret",
        "secret",
        "password",
        "access_token",
        "refresh_token",
        "id_token",
        "authorization",
        "bearer",
        "socialsecuritynumber",
        "social_security_number",
        "ssn",
        "dateofbirth",
        "date_of_birth",
        "dob",
    }
)
# Values a sensitive key may keep because they say nothing (settings.redacted()).
_HARMLESS = frozenset(
    {"", "set", "not set", MASK_SECRET, MASK_TOKEN, MASK_SSN, MASK_DOB}
)


class Scrubber:
    """Masks secrets, tokens, SSNs and dates of birth in text, objects and files."""

    def __init__(self, secrets: Iterable[str] = (), ssns: Iterable[str] = ()) -> None:
        self._secrets = _expand_secrets(secrets)
        digits = {re.sub(r"\D", "", s) for s in ssns}
        known = sorted(d for d in digits if len(d) == 9)
        first_digits = "".join(sorted({d[0] for d in known}))
        self._known_ssn = (
            re.compile(
                f"(?=[{first_digits}])"
                + r"(?<!\d)(?:"
                + "|".join(f"{d[:3]}-?{d[3:5]}-?{d[5:]}" for d in known)
                + r")(?!\d)"
            )
            if known
            else None
        )

    @classmethod
    def for_settings(
        cls, settings: Any, *, secrets: Iterable[str] = (), ssns: Iterable[str] = ()
    ) -> Scrubber:
        """A scrubber knowing the settings' secret and the target's persona SSNs."""
        found = list(secrets)
        secret = getattr(settings, "client_secret", None)
        if secret is not None:
            found.append(secret.get_secret_value())
        known = list(ssns) + persona_ssns(getattr(settings, "personas", None))
        return cls(found, known)

    def text(self, text: str) -> str:
        """``text`` with every secret, token, SSN and date of birth masked."""
        for secret in self._secrets:
            text = text.replace(secret, MASK_SECRET)
        text = _JWT.sub(MASK_TOKEN, text)
        text = _BEARER.sub(lambda m: m.group(1) + MASK_TOKEN, text)
        text = _SSN_CONTEXT.sub(lambda m: m.group(1) + MASK_SSN, text)
        if self._known_ssn is not None:
            text = self._known_ssn.sub(MASK_SSN, text)
        return _DOB_CONTEXT.sub(lambda m: m.group(1) + MASK_DOB, text)

    def value(self, value: Any, key: str | None = None) -> Any:
        """A copy of a JSON-like value with sensitive keys and strings masked."""
        if isinstance(value, Mapping):
            return {k: self.value(v, str(k)) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [self.value(v) for v in value]
        if key is not None and key.lower() in _SENSITIVE_KEYS:
            if isinstance(value, (str, int)) and not isinstance(value, bool):
                if str(value).lower() not in _HARMLESS:
                    return _mask_for(key.lower())
        if isinstance(value, str):
            return self.text(value)
        return value

    def write_text(self, path: Path, text: str) -> Path:
        """Write ``text`` scrubbed to ``path`` (UTF-8), creating its folder."""
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.text(text), encoding="utf-8")
        return path

    def write_json(self, path: Path, document: Any) -> Path:
        """Write ``document`` scrubbed as indented JSON to ``path``."""
        text = json.dumps(self.value(document), indent=2, sort_keys=False) + "\n"
        return self.write_text(path, text)

    def file(self, path: Path) -> bool:
        """Scrub one text file in place; True when it had to change."""
        try:
            original = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            return False
        cleaned = self.text(original)
        if cleaned == original:
            return False
        path.write_text(cleaned, encoding="utf-8")
        return True

    def tree(self, root: Path) -> list[Path]:
        """Scrub every text file under ``root``; the files that changed."""
        changed = []
        for path in sorted(root.rglob("*")):
            if (
                path.is_file()
                and not path.is_symlink()
                and path.suffix in TEXT_SUFFIXES
            ):
                if self.file(path):
                    changed.append(path)
        return changed


def persona_ssns(path: str | Path | None) -> list[str]:
    """Every SSN a persona file names (the built-in file when ``path`` is None)."""
    from leadharness.contract.personas import load_personas
    from leadharness.errors import ConfigError

    try:
        book = load_personas(path)
    except ConfigError:
        return []
    return [
        str(value)
        for persona in book.personas
        for key, value in persona.match.items()
        if key.lower() in _SENSITIVE_KEYS and key.lower().startswith(("social", "ssn"))
    ]


def _expand_secrets(secrets: Iterable[str]) -> list[str]:
    # A secret can travel form-encoded (token requests) or JSON-escaped.
    found: set[str] = set()
    for secret in secrets:
        # Very short values would mask ordinary words; no real secret is that short.
        if not secret or len(secret) < 6:
            continue
        found.update(
            {
                secret,
                quote_plus(secret),
                quote(secret, safe=""),
                json.dumps(secret)[1:-1],
                html.escape(secret),
            }
        )
    return sorted(found, key=len, reverse=True)


def _mask_for(key: str) -> str:
    if "secret" in key or key == "password":
        return MASK_SECRET
    if "ssn" in key or "social" in key:
        return MASK_SSN
    if "birth" in key or key == "dob":
        return MASK_DOB
    return MASK_TOKEN
