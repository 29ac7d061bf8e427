"""The catalogue of ways to break a LeadInput, each with its violation as data.

A *breaker* knows one field, one rule, whether that rule belongs to the
schema (GraphQL variable coercion) or to the domain
(:func:`leadharness.contract.rules.check_lead`), and a strategy of bad values
with a short description of each (never the value itself: a bad SSN is still
an SSN). Schema rules are named ``missing_required``, ``null``,
``wrong_type`` and ``unknown_field``; domain rules carry the exact
``Violation.rule`` that rules.py reports for the value. The tests in
tests/strategies prove every breaker's values break exactly their rule.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from graphql import get_named_type
from hypothesis import strategies as st

from leadharness.contract.rules import (
    AMOUNT_RANGES,
    ID_RANGES,
    MAX_LENGTHS,
    OLDEST_BIRTH_YEAR,
    adult_cutoff,
)
from leadharness.contract.schema import lead_schema
from strategies.fields import earliest_today, latest_today
from strategies.hostile import CONTROL_INSERTS
from strategies.leads import LEAD_FIELDS

__all__ = ["SCHEMA_RULES", "UNKNOWN_FIELD", "Breaker", "Kind", "breakers"]

Kind = Literal["schema", "domain"]
SCHEMA_RULES = ("missing_required", "null", "wrong_type", "unknown_field")
#: Placeholder field of the unknown_field breaker (the name itself is drawn).
UNKNOWN_FIELD = "*"

Bad = st.SearchStrategy[tuple[Any, str]]
VERY_LONG = 5_000
_MISSING = object()


@dataclass(frozen=True)
class Breaker:
    """One way to break one field: the rule it breaks and the values that do."""

    field: str
    rule: str
    kind: Kind
    values: Bad


def _pick(*pairs: tuple[Any, str]) -> Bad:
    return st.sampled_from(pairs)


# -- schema ---------------------------------------------------------------

_WRONG_TYPES: dict[str, Bad] = {
    "String": _pick(
        (65542, "a number"),
        (True, "a boolean"),
        (["x"], "a list"),
        ({"$ne": None}, "an object"),
        (0, "zero"),
    ),
    "Int": _pick(
        ("1", "a numeric string"),
        (1.5, "a fraction"),
        (True, "a boolean"),
        (2**31, "beyond 32 bits"),
        (-(2**31) - 1, "below 32 bits"),
        ([1], "a list"),
    ),
    "Float": _pick(
        ("4000", "a numeric string"),
        ("4,000.00", "a formatted string"),
        ("$4000", "a currency string"),
        (False, "a boolean"),
        ([4000], "a list"),
        ({"amount": 4000}, "an object"),
    ),
}

_UNKNOWN_NAMES = _pick(
    (("middleName", "Q"), "a plausible extra field"),
    (("ssn", "1"), "an alias of a real field"),
    (("FirstName", "John"), "a field in the wrong case"),
    (("first_name", "John"), "a snake_case spelling"),
    (("__typename", "LeadInput"), "an introspection name"),
    (("id", "1"), "an output-only field"),
    (("bidValue", 100), "an output-only field"),
    (("leadId ", "x"), "a real name with a trailing space"),
)


def _schema_breakers() -> list[Breaker]:
    lead_input = lead_schema().type_map["LeadInput"]
    input_fields = lead_input.fields  # type: ignore[attr-defined]
    found = [Breaker(UNKNOWN_FIELD, "unknown_field", "schema", _UNKNOWN_NAMES)]
    for name in LEAD_FIELDS:
        scalar = get_named_type(input_fields[name].type).name
        found += [
            Breaker(name, "missing_required", "schema", _pick((_MISSING, "left out"))),
            Breaker(name, "null", "schema", _pick((None, "null"))),
            Breaker(name, "wrong_type", "schema", _WRONG_TYPES[scalar]),
        ]
    return found


# -- domain: free text ----------------------------------------------------

_BLANKS = _pick(
    ("", "empty"),
    (" ", "one space"),
    ("   ", "spaces"),
    ("\t", "a tab"),
    ("\u00a0", "a no-break space"),
    ("\u3000", "an ideographic space"),
    (" \t\r\n ", "mixed whitespace"),
)


def _too_long(limit: int, prefix: str = "") -> Bad:
    def build(extra: int, unit: str) -> tuple[str, str]:
        size = limit + extra
        return (prefix + unit * size)[:size], f"{size} chars of {unit!r}"

    # Very long tops out at 5,000 characters: Hypothesis warns (an error under
    # -W error) when a failing example's repr passes 30,000, and a case may
    # carry several long fields.
    return st.builds(
        build,
        st.one_of(st.just(1), st.integers(2, 200), st.just(VERY_LONG - limit)),
        st.sampled_from(["a", "Ñ", "😀", "x y "]),
    )


def _with_control(words: tuple[str, ...]) -> Bad:
    def build(word: str, insert: str, where: int) -> tuple[str, str]:
        value = (insert + word, word[:1] + insert + word[1:], word + insert)[where]
        code = next(
            ch for ch in insert if unicodedata.category(ch) in ("Cc", "Cf", "Co")
        )
        return value, f"U+{ord(code):04X} {('before', 'inside', 'after')[where]}"

    return st.builds(
        build,
        st.sampled_from(words),
        st.sampled_from(CONTROL_INSERTS),
        st.integers(0, 2),
    )


def _text_breakers(field: str, words: tuple[str, ...]) -> list[Breaker]:
    prefix = "https://example.com/" if field == "siteURL" else ""
    return [
        Breaker(field, "not_blank", "domain", _BLANKS),
        Breaker(field, "max_length", "domain", _too_long(MAX_LENGTHS[field], prefix)),
        Breaker(field, "no_control_chars", "domain", _with_control(words)),
    ]


# -- domain: formats ------------------------------------------------------

_FORMATS: dict[tuple[str, str], Bad] = {
    ("siteURL", "site_url"): _pick(
        ("not a url", "spaces"),
        ("http://", "scheme only"),
        ("-bad.example.com", "leading dash"),
        ("ftp://example.com", "an ftp URL"),
        ("https://example.com/a b", "a space in the path"),
        ("javascript:alert(1)", "a javascript: URL"),
        ("example.com:8080", "a port"),
    ),
    ("email", "email"): _pick(
        ("lead.example.com", "no @"),
        ("lead@@example.com", "two @"),
        ("lead@example", "no TLD"),
        ("lead@example.c", "one-letter TLD"),
        ("lead..x@example.com", "two dots"),
        (".lead@example.com", "leading dot"),
        ("lead.@example.com", "trailing dot"),
        ("lead x@example.com", "a space"),
        ("josé@example.com", "non-ASCII local part"),
        ("lead@exa_mple.com", "underscore in host"),
        ("lead@-example.com", "host starting with a dash"),
        ("lead@[192.0.2.1]", "an IP literal"),
        ("x" * 65 + "@example.com", "local part of 65"),
        ("lead@example.com.", "trailing dot"),
        ('"lead"@example.com', "quoted local part"),
        ("@example.com", "no local part"),
        ("lead@", "no domain"),
        ("lead@example.com\n", "trailing newline"),
        ("", "empty"),
    ),
    ("email", "max_length"): _pick(
        ("x" * 60 + "@" + ".".join(["d" * 63] * 3) + ".example.com", "264 chars"),
        (
            "x" * 64 + "@" + ".".join(["d" * 60] * 60) + ".example.com",
            "over 3,000 chars",
        ),
    ),
    ("homePhone", "nanp_phone"): _pick(
        ("212555014", "9 digits"),
        ("12125550142", "11 digits with country code"),
        ("+12125550142", "E.164"),
        ("212-555-0142", "dashes"),
        ("(212) 555-0142", "punctuation"),
        ("212.555.0142", "dots"),
        ("0125550142", "area code starting 0"),
        ("1125550142", "area code starting 1"),
        ("2120550142", "exchange starting 0"),
        ("2121550142", "exchange starting 1"),
        ("21255501ab", "letters"),
        ("２１２５５５０１４２", "fullwidth digits"),
        ("2125550142 x12", "an extension"),
        ("", "empty"),
    ),
    ("zipCode", "zip5"): _pick(
        ("6554", "4 digits"),
        ("655421", "6 digits"),
        ("65542-1234", "ZIP+4"),
        ("6554a", "a letter"),
        (" 65542", "a leading space"),
        ("", "empty"),
        ("１２３４５", "fullwidth digits"),
        ("٦٥٥٤٢", "Arabic-Indic digits"),
    ),
    ("socialSecurityNumber", "ssn_digits"): _pick(
        ("90045678", "8 digits"),
        ("9004567890", "10 digits"),
        ("900-45-6789", "dashes"),
        ("900 45 6789", "spaces"),
        ("90045678a", "a letter"),
        ("", "empty"),
        ("９００４５６７８９", "fullwidth digits"),
        ("٩٠٠٤٥٦٧٨٩", "Arabic-Indic digits"),
    ),
    ("socialSecurityNumber", "ssn_blocks"): _pick(
        ("000451234", "area 000"),
        ("900001234", "group 00"),
        ("900450000", "serial 0000"),
        ("000000000", "all zeros"),
    ),
    ("state", "us_state"): _pick(
        ("oh", "lower case"),
        ("Ohio", "the full name"),
        ("XX", "no such state"),
        ("PR", "a territory"),
        ("GU", "a territory"),
        ("", "empty"),
        ("OH ", "a trailing space"),
        ("ＯＨ", "fullwidth letters"),
    ),
    ("clientIP", "ip_address"): _pick(
        ("256.1.1.1", "octet over 255"),
        ("192.0.2", "three octets"),
        ("192.0.2.1.5", "five octets"),
        ("192.0.2.01", "a leading zero"),
        ("localhost", "a host name"),
        ("192.0.2.1/24", "a network"),
        ("", "empty"),
        ("2001:db8::1::2", "two ::"),
        ("192.0.2.1:8080", "a port"),
        (" 192.0.2.1", "a space"),
        ("１９２.0.2.1", "fullwidth digits"),
    ),
}


def _affiliate(form: int, uuid: Any) -> tuple[str, str]:
    text = str(uuid)
    forms = (
        (f"220001-{text.upper()}", "an upper-case UUID"),
        (f"22001-{text}", "five digits"),
        (f"220001{text}", "no dash"),
        (f"220001-{text.replace('-', '')}", "a UUID without dashes"),
        (f"220001_{text}", "an underscore"),
        (text, "a UUID alone"),
        (f"220001-{text}x", "a trailing character"),
        (f"２20001-{text}", "fullwidth digits"),
        ("", "empty"),
    )
    return forms[form % len(forms)]


def _out_of_range(low: float, high: float, cents: bool) -> Bad:
    def build(units: int, above: bool) -> tuple[float | int, str]:
        step: float = units / 100 if cents else units
        if above:
            return high + step, "above the maximum"
        return low - step, "below the minimum"

    # Ids stay within 32 bits, so the schema still takes them as Int.
    return st.builds(build, st.one_of(st.just(1), st.integers(1, 10**9)), st.booleans())


def _days(start: Callable[[], dt.date], low: int, high: int, detail: str) -> Bad:
    def build(days: int) -> tuple[str, str]:
        return (start() + dt.timedelta(days=days)).isoformat(), detail

    return st.builds(build, st.integers(low, high))


def _under_age(days_after_cutoff: int) -> tuple[str, str]:
    first_minor = adult_cutoff(latest_today()) + dt.timedelta(days=1)
    born = min(first_minor + dt.timedelta(days=days_after_cutoff), earliest_today())
    return born.isoformat(), "under 18"


def _date_breakers() -> list[Breaker]:
    iso = _pick(
        ("1970/01/26", "slashes"),
        ("01/26/1970", "US order"),
        ("26-01-1970", "day first"),
        ("1970-1-26", "unpadded"),
        ("19700126", "no dashes"),
        ("1970-02-30", "30 February"),
        ("2001-02-29", "29 February of a common year"),
        ("1970-13-01", "month 13"),
        ("1970-00-10", "month 0"),
        ("1970-01-26T00:00:00", "a datetime"),
        (" 1970-01-26", "a leading space"),
        ("", "empty"),
        ("１９７０-01-26", "fullwidth digits"),
    )
    old = st.dates(dt.date(1, 1, 1), dt.date(OLDEST_BIRTH_YEAR - 1, 12, 31)).map(
        lambda d: (d.isoformat(), f"born before {OLDEST_BIRTH_YEAR}")
    )
    return [
        Breaker("dateOfBirth", "iso_date", "domain", iso),
        Breaker(
            "dateOfBirth",
            "not_future",
            "domain",
            _days(latest_today, 1, 36_500, "in the future"),
        ),
        Breaker("dateOfBirth", "plausible_age", "domain", old),
        Breaker(
            "dateOfBirth",
            "adult",
            "domain",
            st.builds(_under_age, st.integers(0, 6_600)),
        ),
    ]


def _domain_breakers() -> list[Breaker]:
    words = {
        "firstName": ("John", "Zoë", "A"),
        "lastName": ("Test", "O'Brien", "Ng"),
        "address1": ("1230 Public Lane", "PO Box 7"),
        "city": ("Dallas", "Coeur d'Alene"),
        "leadId": ("69-1060-1111", "PL-1"),
        "siteURL": ("fake.com", "example.com/apply"),
    }
    found: list[Breaker] = []
    for field, samples in words.items():
        found += _text_breakers(field, samples)
    found += [Breaker(f, r, "domain", values) for (f, r), values in _FORMATS.items()]
    found += _date_breakers()
    affiliate = st.builds(_affiliate, st.integers(0, 8), st.uuids(version=4))
    found.append(Breaker("affiliateAppID", "affiliate_id", "domain", affiliate))
    for field, (low_id, high_id) in ID_RANGES.items():
        found.append(
            Breaker(
                field, "range", "domain", _out_of_range(low_id, high_id, cents=False)
            )
        )
    for field, (low, high) in AMOUNT_RANGES.items():
        found.append(
            Breaker(field, "range", "domain", _out_of_range(low, high, cents=True))
        )
    return found


@cache
def breakers() -> tuple[Breaker, ...]:
    """Every breaker, schema ones first, in LeadInput field order."""
    return tuple(_schema_breakers() + _domain_breakers())
