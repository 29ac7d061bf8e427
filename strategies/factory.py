"""A fast lead factory without Hypothesis, for load generation.

Drawing a lead through Hypothesis costs around a millisecond; a load test
needs thousands per second per core, so :class:`LeadFactory` builds leads
with :mod:`random` from the same pools and the same synthetic sources
(:mod:`strategies.synthetic`): never-issued SSNs, fictional 555-01XX phones,
reserved email domains with a unique tag, documentation IPs. Every lead it
makes passes ``check_lead`` and the SDL; the tests check that over thousands
of leads. It trades Hypothesis's edge-case search for speed, so use it for
load, not for finding input-handling bugs.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Mapping
from pathlib import Path

from hypothesis.errors import InvalidArgument

from leadharness.contract.personas import PersonaBook, load_personas
from leadharness.contract.rules import AMOUNT_RANGES, ID_RANGES, US_STATES, adult_cutoff
from strategies import pools, synthetic
from strategies.fields import earliest_today
from strategies.leads import LEAD_FIELDS
from strategies.payload import LeadPayload

__all__ = ["LeadFactory"]

_STATES = tuple(sorted(US_STATES))
_DAYS_18_TO_80 = 62 * 365


class LeadFactory:
    """Makes valid, unique, synthetic leads quickly; safe to share across greenlets.

    ``seed`` makes the non-unique fields reproducible (the email, phone and
    lead id stay unique regardless). ``personas`` (a PersonaBook or a file
    path; the simulator's by default) is used by :meth:`for_code` and kept
    out of plain leads.
    """

    def __init__(
        self,
        seed: int | None = None,
        *,
        personas: PersonaBook | str | Path | None = None,
        email_domains: tuple[str, ...] | list[str] | None = None,
    ) -> None:
        self._rng = random.Random(seed)
        self._domains = synthetic.email_domains(email_domains)
        self._book = (
            personas if isinstance(personas, PersonaBook) else load_personas(personas)
        )
        self._cutoff_day = dt.date.min
        self._cutoff = adult_cutoff(earliest_today())

    def _birth_date(self) -> str:
        # adult_cutoff is recomputed at most once a day, not per lead.
        today = dt.date.today()
        if today != self._cutoff_day:
            self._cutoff_day, self._cutoff = today, adult_cutoff(earliest_today())
        return (
            self._cutoff - dt.timedelta(days=self._rng.randrange(_DAYS_18_TO_80))
        ).isoformat()

    def _ssn(self) -> str:
        rng = self._rng
        area = rng.randint(900, 999)
        group = rng.randint(2 if area == 900 else 1, 49)
        return f"{area}{group:02d}{rng.randint(1, 9999):04d}"

    def _amount(self, field: str, low: int, high: int) -> int | float:
        value = self._rng.randint(low, high)
        # Mostly whole dollars, like the onboarding example; some with cents.
        return (
            value
            if self._rng.random() < 0.7
            else min(value + 0.5, AMOUNT_RANGES[field][1])
        )

    def _affiliate(self) -> str:
        rng = self._rng
        uuid4 = uuid.UUID(int=rng.getrandbits(128), version=4)
        return f"{rng.randint(100_000, 999_999)}-{uuid4}"

    def lead(self, **overrides: object) -> LeadPayload:
        """A fresh valid lead matching no persona; ``overrides`` set fields by name."""
        while True:
            lead = self._draw(overrides)
            if self._book.find(lead) is None:
                return lead

    def _draw(self, overrides: Mapping[str, object]) -> LeadPayload:
        rng, tag = self._rng, synthetic.unique_tag()
        first, last = rng.choice(pools.FIRST_NAMES), rng.choice(pools.LAST_NAMES)
        local = (
            "".join(ch for ch in first.lower() if ch.isascii() and ch.isalnum())
            or "lead"
        )
        lead: dict[str, object] = {
            "firstName": first,
            "lastName": last,
            "dateOfBirth": self._birth_date(),
            "email": synthetic.email_address(local, rng.choice(self._domains), tag),
            "homePhone": synthetic.next_phone(),
            "address1": f"{rng.randint(1, 99_999)} {rng.choice(pools.STREET_NAMES)} "
            f"{rng.choice(pools.STREET_SUFFIXES)}".strip(),
            "city": rng.choice(pools.CITIES),
            "state": rng.choice(_STATES),
            "zipCode": f"{rng.randint(501, 99_950):05d}",
            "socialSecurityNumber": self._ssn(),
            **{name: rng.randint(*bounds) for name, bounds in ID_RANGES.items()},
            "monthlyIncome": self._amount("monthlyIncome", 1_500, 15_000),
            "loanAmount": self._amount("loanAmount", 1_000, 50_000),
            "estimatedDebt": self._amount("estimatedDebt", 5_000, 80_000),
            "siteURL": rng.choice(pools.SITE_URLS),
            "clientIP": synthetic.random_ip(rng),
            "affiliateAppID": self._affiliate(),
            "leadId": f"PL-{tag}",
        }
        for name in overrides:
            if name not in lead:
                raise InvalidArgument(
                    f"LeadFactory.lead() got {name}=..., not a LeadInput field; "
                    f"use one of: {', '.join(LEAD_FIELDS)}"
                )
        lead.update(overrides)
        return LeadPayload({name: lead[name] for name in LEAD_FIELDS})

    def for_code(self, code: int) -> LeadPayload:
        """A fresh lead the target answers with ``code``, through its persona."""
        try:
            persona = self._book.for_code(code)
        except KeyError as exc:
            raise InvalidArgument(
                f"LeadFactory.for_code({code!r}): {exc.args[0]}"
            ) from None
        return LeadPayload(persona.apply(self._draw({})))

    def duplicate_of(self, lead: Mapping[str, object]) -> LeadPayload:
        """A fresh lead sharing ``lead``'s homePhone and email: a duplicate (1003)."""
        return self.lead(homePhone=lead["homePhone"], email=lead["email"])
