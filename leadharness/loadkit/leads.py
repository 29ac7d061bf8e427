"""A fast factory of unique synthetic leads for load generation.

Hypothesis draws are far too slow per request (and shrinking means nothing
under load), so load uses this plain-Python factory. It follows the same
synthetic rules as ``strategies/`` and the constants of
``leadharness.contract.rules``, and it is checked against ``check_lead`` in
the tests:

- SSNs in area 901-999 with group 01-49: never issued, not an ITIN, and never
  a persona's (those sit in area 900).
- Phones in the fictional NXX-555-01xx blocks.
- Emails at example.com (reserved), unique per run, process and lead, so a
  load run never makes an accidental duplicate (1003 needs phone AND email).
- Client IPs in the documentation ranges (RFC 5737).

A persona mix makes the result codes of a run predictable on a target whose
personas are known: each lead takes the next persona by smooth weighted
round robin, so the counts follow the weights exactly.

Known overlap: ``strategies.factory.LeadFactory`` draws from the same kind of
synthetic sources for tests, at about a fifth of this speed and without the
persona mix. Moving the synthetic value sources into one library module that
both build on would leave one definition of "safe" data.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import secrets
import uuid
from collections.abc import Mapping

from leadharness.contract.personas import Persona, PersonaBook
from leadharness.contract.rules import ID_RANGES, US_STATES, adult_cutoff
from leadharness.errors import ConfigError

__all__ = ["LeadFactory", "parse_mix"]

_FIRST = (
    "Avery",
    "Jordan",
    "Riley",
    "Morgan",
    "Casey",
    "Quinn",
    "Rowan",
    "Sage",
    "Ellis",
    "Noor",
    "Zoë",
    "Mary-Kate",
    "D'Andre",
    "José",
    "Siobhán",
    "Li",
)
_LAST = (
    "Testwell",
    "Samplesen",
    "Fictus",
    "O'Example",
    "Lorem-Ipsum",
    "Placeholder",
    "Mockridge",
    "Dummyfield",
    "Nguyen-Test",
    "Fakeworth",
)
_CITIES = ("Springfield", "Riverton", "Fairview", "Greenville", "Madison", "Franklin")
_STREETS = ("Example St", "Sample Ave", "Test Rd", "Placeholder Ln", "Fixture Way")
_DOC_NETS = ("192.0.2.", "198.51.100.", "203.0.113.")
_STATES = tuple(sorted(US_STATES))


def parse_mix(text: str) -> dict[str, float]:
    """``"qualified-3225=2,bid-failed=1"`` as {name: weight}; ConfigError if bad."""
    mix: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, _, weight = part.partition("=")
        try:
            value = float(weight) if weight else 1.0
        except ValueError:
            value = -1.0
        if not name or value <= 0:
            raise ConfigError(
                f"--mix entry {part!r} is not NAME=WEIGHT with a positive weight; "
                "write it like qualified-3225=2,bid-failed=1"
            )
        mix[name.strip()] = value
    return mix


class LeadFactory:
    """Unique valid leads, a few microseconds each.

    ``mix`` maps persona names (or result codes as strings) of ``personas`` to
    weights; without a mix every lead is plain and its code follows the
    target's own rules.
    """

    def __init__(
        self,
        personas: PersonaBook | None = None,
        mix: Mapping[str, float] | None = None,
        *,
        seed: int | None = None,
        run_token: str | None = None,
    ) -> None:
        self._rng = random.Random(seed)
        self._run = run_token or secrets.token_hex(3)
        self._pid = os.getpid()
        self._n = 0
        self._affiliate = (
            f"220001-{uuid.UUID(int=self._rng.getrandbits(128), version=4)}"
        )
        latest = adult_cutoff() - dt.timedelta(days=1)
        # 60 years of birthdays, spread evenly; drawn from a list per lead.
        self._births = [
            (latest - dt.timedelta(days=d)).isoformat() for d in range(0, 21915, 7)
        ]
        self._ids = tuple(ID_RANGES.items())
        self._choices = _weighted(personas, mix) if mix else []
        self._credit = [0.0] * len(self._choices)

    def __call__(self) -> dict[str, object]:
        """The next lead (a plain dict, ready to be sent as JSON)."""
        self._n += 1
        n = self._n
        # random() scaled by hand is several times cheaper than randint().
        r = self._rng.random
        lead = {
            "firstName": _FIRST[int(r() * len(_FIRST))],
            "lastName": _LAST[int(r() * len(_LAST))],
            "dateOfBirth": self._births[int(r() * len(self._births))],
            "email": f"lead-{self._run}-{self._pid}-{n}@example.com",
            "homePhone": f"{201 + int(r() * 789)}55501{int(r() * 100):02d}",
            "address1": f"{1 + int(r() * 9999)} {_STREETS[int(r() * len(_STREETS))]}",
            "city": _CITIES[int(r() * len(_CITIES))],
            "state": _STATES[int(r() * len(_STATES))],
            "zipCode": f"{1001 + int(r() * 98950):05d}",
            "socialSecurityNumber": (
                f"{901 + int(r() * 99)}{1 + int(r() * 49):02d}{1 + int(r() * 9999):04d}"
            ),
            **{
                name: low + int(r() * (high - low + 1))
                for name, (low, high) in self._ids
            },
            "monthlyIncome": 1500 + 50 * int(r() * 271),
            "loanAmount": 1000 + 100 * int(r() * 491),
            "estimatedDebt": 5000 + 250 * int(r() * 341),
            "siteURL": "example.com",
            "clientIP": f"{_DOC_NETS[int(r() * 3)]}{1 + int(r() * 254)}",
            "affiliateAppID": self._affiliate,
            "leadId": f"lt-{self._run}-{self._pid}-{n}",
        }
        if self._choices:
            lead.update(self._next_persona().match)
        return lead

    @property
    def made(self) -> int:
        """How many leads this factory has made."""
        return self._n

    def _next_persona(self) -> Persona:
        # Smooth weighted round robin: exact proportions, evenly interleaved.
        total = 0.0
        best = 0
        for i, (_, weight) in enumerate(self._choices):
            self._credit[i] += weight
            total += weight
            if self._credit[i] > self._credit[best]:
                best = i
        self._credit[best] -= total
        return self._choices[best][0]


def _weighted(
    personas: PersonaBook | None, mix: Mapping[str, float]
) -> list[tuple[Persona, float]]:
    if personas is None:
        raise ConfigError("a persona mix needs the target's personas; set --personas")
    by_name = {p.name: p for p in personas.personas}
    chosen = []
    for key, weight in mix.items():
        persona = by_name.get(key)
        if persona is None and key.isdigit() and int(key) in personas.codes:
            persona = personas.for_code(int(key))
        if persona is None:
            offered = ", ".join(sorted(by_name))
            raise ConfigError(
                f"persona {key!r} is not in {personas.source}; it has {offered}"
            )
        chosen.append((persona, float(weight)))
    return chosen
