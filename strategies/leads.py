"""Valid LeadInput payloads, and deliberate duplicates of a given lead.

A valid lead fits the project's SDL and passes every domain rule in
:func:`leadharness.contract.rules.check_lead`. Its email, phone and partner
lead id are stamped at draw time from :mod:`strategies.synthetic`, so no two
leads of a run share an email (no accidental 1003), while Hypothesis still
chooses, and shrinks, everything else. A shrunk lead reads like the
onboarding document's example: ``John Test``, ``OH``, an 18th birthday.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from leadharness.contract.personas import PersonaBook, load_personas
from leadharness.contract.rules import MAX_LENGTHS
from leadharness.contract.schema import lead_schema
from strategies import fields, synthetic
from strategies.payload import LeadPayload

__all__ = [
    "LEAD_FIELDS",
    "duplicate_of",
    "near_duplicate_of",
    "valid_leads",
]

#: LeadInput's fields in SDL order, read from the schema.
LEAD_FIELDS: tuple[str, ...] = tuple(
    lead_schema().type_map["LeadInput"].fields  # type: ignore[attr-defined]
)

# Drawn in place of the stamped fields; see _stamp.
_EMAIL_LOCAL = "_emailLocal"
_EMAIL_DOMAIN = "_emailDomain"
_LEAD_ID_SHAPE = "_leadIdShape"


@cache
def _builtin_personas() -> PersonaBook:
    return load_personas()


def _email_local(first: str, last: str, style: int, digits: int) -> str:
    """A local part built from the name the way people pick them."""
    first_ascii = "".join(ch for ch in first.lower() if ch.isascii() and ch.isalnum())
    last_ascii = "".join(ch for ch in last.lower() if ch.isascii() and ch.isalnum())
    first_ascii, last_ascii = first_ascii or "lead", last_ascii or "partner"
    shapes = (
        f"{first_ascii}.{last_ascii}",
        f"{first_ascii[:1]}{last_ascii}{digits}",
        f"{first_ascii}_{last_ascii}",
        f"{last_ascii}-{first_ascii}",
        f"{first_ascii}+leads",
        f"{first_ascii}'{last_ascii}",
    )
    return shapes[style % len(shapes)]


def _lead_id(shape: int, a: int, b: int, *, tag: str) -> str:
    """A partner lead id in one of the shapes partners use, unique via ``tag``."""
    limit = MAX_LENGTHS["leadId"]
    options = (
        f"{a:02d}-{b:04d}-{tag}",
        f"PL-{tag}",
        str(uuid.uuid4()),
        f"aff{a}/{b}/{tag}",
    )
    return options[shape % len(options)][:limit]


def _stamp(drawn: dict[str, Any]) -> LeadPayload:
    """Give the drawn lead its unique email, phone and lead id, in SDL order."""
    tag = synthetic.unique_tag()
    shape = drawn.pop(_LEAD_ID_SHAPE)
    style, digits = drawn.pop(_EMAIL_LOCAL)
    domain = drawn.pop(_EMAIL_DOMAIN)
    local = _email_local(str(drawn["firstName"]), str(drawn["lastName"]), style, digits)
    if "email" not in drawn:
        drawn["email"] = synthetic.email_address(local, domain, tag)
    if "homePhone" not in drawn:
        drawn["homePhone"] = synthetic.next_phone()
    if "leadId" not in drawn:
        drawn["leadId"] = _lead_id(*shape, tag=tag)
    return LeadPayload({name: drawn[name] for name in LEAD_FIELDS})


def _field_strategies(domains: tuple[str, ...]) -> dict[str, st.SearchStrategy[Any]]:
    return {
        "firstName": fields.first_names(),
        "lastName": fields.last_names(),
        "dateOfBirth": fields.dates_of_birth(),
        "address1": fields.addresses(),
        "city": fields.cities(),
        "state": fields.states(),
        "zipCode": fields.zip_codes(),
        "socialSecurityNumber": synthetic.ssns(),
        "incomeSourceId": fields.enum_ids("incomeSourceId"),
        "residenceTypeId": fields.enum_ids("residenceTypeId"),
        "payFrequencyId": fields.enum_ids("payFrequencyId"),
        "monthlyIncome": fields.amounts("monthlyIncome"),
        "loanAmount": fields.amounts("loanAmount"),
        "loanPurposeId": fields.enum_ids("loanPurposeId"),
        "estimatedDebt": fields.amounts("estimatedDebt"),
        "siteURL": fields.site_urls(),
        "clientIP": synthetic.client_ips(),
        "affiliateAppID": fields.affiliate_ids(),
        _EMAIL_LOCAL: st.tuples(st.integers(0, 5), st.integers(1, 99)),
        _EMAIL_DOMAIN: st.sampled_from(domains),
        _LEAD_ID_SHAPE: st.tuples(
            st.integers(0, 3), st.integers(1, 99), st.integers(1, 9999)
        ),
    }


def _as_strategy(name: str, value: object) -> st.SearchStrategy[Any]:
    if name not in LEAD_FIELDS:
        raise InvalidArgument(
            f"valid_leads() got {name}=..., which is not a LeadInput field; "
            f"use one of: {', '.join(LEAD_FIELDS)}"
        )
    return value if isinstance(value, st.SearchStrategy) else st.just(value)


def _resolve_personas(personas: PersonaBook | str | Path | None) -> PersonaBook:
    if personas is None:
        return _builtin_personas()
    if isinstance(personas, PersonaBook):
        return personas
    return load_personas(personas)


def valid_leads(
    *,
    personas: PersonaBook | str | Path | None = None,
    email_domains: tuple[str, ...] | list[str] | None = None,
    **overrides: Any,
) -> st.SearchStrategy[LeadPayload]:
    """Leads a real partner would send, valid under the SDL and every domain rule.

    Each lead gets a never-repeating email and partner lead id and a phone
    from the fictional 555-01XX lines (see :mod:`strategies.synthetic`).
    ``overrides`` fix fields by name, as a constant or a strategy
    (``valid_leads(state="OH")``); overriding email or homePhone hands their
    uniqueness to the caller. Leads matching a persona of ``personas`` (a
    book or a persona file path; the simulator's by default) are never drawn,
    so a plain lead never triggers a persona's code. Email domains come from
    ``email_domains``, else ``LEAD_SYNTHETIC_EMAIL_DOMAINS``, else reserved
    ones.
    """
    domains = synthetic.email_domains(email_domains)
    strategies = _field_strategies(domains)
    for name, value in overrides.items():
        strategies[name] = _as_strategy(name, value)
    book = _resolve_personas(personas)
    drawn = st.fixed_dictionaries(strategies).map(_stamp)
    return drawn.filter(lambda lead: book.find(lead) is None)


def _check_source(lead: object, caller: str) -> Mapping[str, object]:
    if not isinstance(lead, Mapping) or not all(
        isinstance(lead.get(key), str) for key in ("homePhone", "email")
    ):
        raise InvalidArgument(
            f"{caller}() needs a lead mapping with string homePhone and email; "
            f"got {type(lead).__name__}"
        )
    return lead


def duplicate_of(
    lead: Mapping[str, object], *, resend: bool = False
) -> st.SearchStrategy[LeadPayload]:
    """Leads the contract calls duplicates of ``lead`` (1003, or 1004 once in the CRM).

    By default a fresh valid lead carrying ``lead``'s homePhone and email,
    everything else new (another person, another partner lead id): rule 4
    says the phone and email alone make it a duplicate. With ``resend=True``
    it is an exact copy, as a partner retrying a request would send.
    """
    source = _check_source(lead, "duplicate_of")
    if resend:
        return st.just(LeadPayload(source))
    return valid_leads(homePhone=source["homePhone"], email=source["email"])


def near_duplicate_of(
    lead: Mapping[str, object], *, share: str
) -> st.SearchStrategy[LeadPayload]:
    """Leads sharing only ``share`` (homePhone or email) with ``lead``: no duplicates.

    Everything else, including the other of the two fields, is fresh, so a
    target that dedupes on one field alone answers 1003 where it must not.
    """
    source = _check_source(lead, "near_duplicate_of")
    if share not in ("homePhone", "email"):
        raise InvalidArgument(
            f"near_duplicate_of(share={share!r}): share must be 'homePhone' or 'email'"
        )
    fixed: dict[str, Any] = {share: source[share]}
    return valid_leads(**fixed)
