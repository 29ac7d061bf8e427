"""The lead payload type whose printed forms never show personal data.

A lead travels as a plain JSON object, but test output (pytest's failure
report, Hypothesis's falsifying example, a log line) must never show a date
of birth, an SSN, a phone number or an email address, even a synthetic one:
a suite pointed at a partner's sandbox may be fed real-looking data from a
file. :class:`LeadPayload` is a ``dict`` (so ``json.dumps`` and httpx's
``json=`` send it unchanged) whose ``repr()`` and Hypothesis pretty-printing
mask those four fields. :func:`mask` does the same for any nested structure
and :func:`mask_text` for free text such as an error message.

Hypothesis picks a printer for an object by looking, in order, for a
singleton printer, a ``_repr_pretty_`` method, a printer that shows how the
object was built (``st.builds`` records one, and it would print the raw
arguments), then printers registered for its class. Defining
``_repr_pretty_`` is the only hook that wins over the "how it was built"
printer, so that is the one used here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = [
    "MASKED_FIELDS",
    "LeadPayload",
    "assertrepr_compare",
    "mask",
    "mask_text",
    "mask_value",
]

#: LeadInput fields that identify a person; never printed in clear.
MASKED_FIELDS = frozenset({"socialSecurityNumber", "dateOfBirth", "homePhone", "email"})

# Lower-cased key spellings, in other structures, that hold the same data.
_PII_KEYS = {
    "socialsecuritynumber": "socialSecurityNumber",
    "ssn": "socialSecurityNumber",
    "dateofbirth": "dateOfBirth",
    "dob": "dateOfBirth",
    "homephone": "homePhone",
    "phone": "homePhone",
    "email": "email",
}
# Key fragments that mark a credential; their values are never shown at all.
_SECRET_MARKS = ("secret", "token", "password", "authorization", "assertion")

_SSN_SHAPE = re.compile(r"\d{9}")
_PHONE_SHAPE = re.compile(r"\d{10}")
_DATE_SHAPE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SAFE_DOMAIN = re.compile(r"[A-Za-z0-9.-]{1,64}")


def _shape(value: object) -> object:
    if value is None:
        return None  # a null is a fact about the payload, not about a person
    if isinstance(value, str):
        return f"<masked {len(value)} chars>"
    return f"<masked {type(value).__name__}>"


def mask_value(field: str, value: object) -> object:
    """The printable stand-in for ``value`` of LeadInput ``field``.

    Well-formed values keep a hint that helps debugging without identifying
    anyone (the last four SSN or phone digits, the email's domain); anything
    else is reduced to its length or type.
    """
    if not isinstance(value, str):
        return _shape(value)
    if field == "socialSecurityNumber" and _SSN_SHAPE.fullmatch(value):
        return f"***-**-{value[5:]}"
    if field == "homePhone" and _PHONE_SHAPE.fullmatch(value):
        return f"***-***-{value[6:]}"
    if field == "dateOfBirth" and _DATE_SHAPE.fullmatch(value):
        return "****-**-**"
    if field == "email" and value.count("@") == 1:
        domain = value.split("@", 1)[1]
        if _SAFE_DOMAIN.fullmatch(domain):
            return f"***@{domain}"
    return _shape(value)


def _field_for(key: object) -> str | None:
    if not isinstance(key, str):
        return None
    if key in MASKED_FIELDS:
        return key
    return _PII_KEYS.get(key.lower())


def _is_secret(key: object) -> bool:
    return isinstance(key, str) and any(mark in key.lower() for mark in _SECRET_MARKS)


def mask(obj: Any) -> Any:
    """A copy of ``obj`` with personal and secret values replaced, at any depth.

    Mappings, lists and tuples are walked; values under the LeadInput personal
    fields (and obvious spellings like ``ssn`` or ``dob``) are masked with
    :func:`mask_value`; values under keys naming a secret, token, password or
    authorization header become ``"<masked secret>"``. Everything else is
    returned as is. The result is built from plain dicts and lists, so it is
    safe to print, log or serialise.
    """
    if isinstance(obj, Mapping):
        masked: dict[Any, Any] = {}
        for key, value in obj.items():
            field = _field_for(key)
            if field is not None:
                masked[key] = mask_value(field, value)
            elif _is_secret(key) and value is not None:
                masked[key] = "<masked secret>"
            else:
                masked[key] = mask(value)
        return masked
    if isinstance(obj, list):
        return [mask(item) for item in obj]
    if isinstance(obj, tuple):
        return tuple(mask(item) for item in obj)
    return obj


_TEXT_FIELDS = "|".join(sorted(set(_PII_KEYS) | set(MASKED_FIELDS)))
_TEXT_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # "email": "x", 'ssn': 'x', dob=x: the value after a personal key.
    (
        re.compile(
            rf"""(?i)(["']?\b(?:{_TEXT_FIELDS})\b["']?\s*[:=]\s*)"""
            r"""(["']?)([^"',}\s]+)\2"""
        ),
        r"\1\2<masked>\2",
    ),
    (re.compile(r"(?i)\bbearer\s+[A-Za-z0-9._~+/-]+=*"), "Bearer <masked>"),
    (
        re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*"),
        "<masked jwt>",
    ),
    (
        re.compile(
            r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
        ),
        "<masked email>",
    ),
    (re.compile(r"\b\d{3}-\d{2}-\d{4}\b"), "<masked ssn>"),
    (re.compile(r"(?<![\d.])\d{9}(?![\d.])"), "<masked 9 digits>"),
    (re.compile(r"(?<![\d.])\d{10}(?![\d.])"), "<masked 10 digits>"),
)


def mask_text(text: str) -> str:
    """``text`` with personal data and credentials replaced by placeholders.

    Meant for free text that may quote a payload: error messages, JUnit
    messages, log lines. It masks the value after a personal key (``email``,
    ``dateOfBirth``, ``ssn`` ...), bearer tokens and JWTs, email addresses,
    SSN-shaped ``ddd-dd-dddd`` and any standalone run of exactly 9 or 10
    digits. The last rule also hides unrelated 9- and 10-digit numbers (epoch
    seconds, say): over-masking is the safe side.
    """
    for pattern, replacement in _TEXT_PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class LeadPayload(dict):  # type: ignore[type-arg]
    """A LeadInput as a plain dict whose printed forms mask personal fields.

    ``json.dumps(lead)`` and ``httpx.post(url, json=lead)`` send every value
    unchanged; ``repr(lead)``, ``str(lead)``, f-strings, pytest's ``saferepr``
    and Hypothesis's falsifying-example output show :func:`mask_value`
    stand-ins for ``socialSecurityNumber``, ``dateOfBirth``, ``homePhone`` and
    ``email``. ``copy()`` and ``|`` keep the type, so a derived lead stays
    masked; ``{**lead}`` and ``dict(lead)`` make a plain dict on purpose.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return f"LeadPayload({mask(dict(self))!r})"

    __str__ = __repr__

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        """Print for Hypothesis's (IPython-style) pretty printer, masked."""
        if cycle:
            p.text("LeadPayload({...})")
            return
        with p.group(len("LeadPayload("), "LeadPayload(", ")"):
            p.pretty(mask(dict(self)))

    def copy(self) -> LeadPayload:
        """A shallow copy that is still a LeadPayload."""
        return LeadPayload(self)

    def __or__(self, other: Any) -> LeadPayload:
        if not isinstance(other, Mapping):
            return NotImplemented
        return LeadPayload({**self, **other})

    def __ror__(self, other: Any) -> LeadPayload:
        if not isinstance(other, Mapping):
            return NotImplemented
        return LeadPayload({**other, **self})

    def without(self, *fields: str) -> LeadPayload:
        """A copy lacking ``fields`` (missing ones are ignored)."""
        return LeadPayload({k: v for k, v in self.items() if k not in fields})


def _involves_payload(values: Iterable[object]) -> bool:
    return any(isinstance(value, LeadPayload) for value in values)


def assertrepr_compare(op: str, left: object, right: object) -> list[str] | None:
    """Masked explanation of a failed comparison involving a LeadPayload.

    pytest explains a failed ``==`` between dicts item by item with the raw
    values, bypassing ``repr``. A conftest can route it through here::

        def pytest_assertrepr_compare(config, op, left, right):
            return strategies.payload.assertrepr_compare(op, left, right)

    Returns None (pytest's own explanation) when no LeadPayload is involved.
    """
    if not _involves_payload((left, right)):
        return None
    lines = [
        f"{type(left).__name__} {op} {type(right).__name__} (personal fields masked)"
    ]
    if isinstance(left, Mapping) and isinstance(right, Mapping):
        shown_left, shown_right = mask(dict(left)), mask(dict(right))
        for key in sorted(set(left) | set(right), key=str):
            if key not in right:
                lines.append(f"only left:  {key!r}: {shown_left[key]!r}")
            elif key not in left:
                lines.append(f"only right: {key!r}: {shown_right[key]!r}")
            elif left[key] != right[key]:
                lines.append(
                    f"differs:    {key!r}: {shown_left[key]!r} != {shown_right[key]!r}"
                )
    else:
        lines.append(f"{mask(left)!r} {op} {mask(right)!r}")
    return lines
