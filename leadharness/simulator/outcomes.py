"""Which result code a new lead gets: personas first, then the product bands.

Outside the personas the outcome follows the onboarding document's bands from
the lead's estimated debt and a Vantage score derived from its identity, so
the same input always gets the same code on every simulator.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

from leadharness.contract.codes import PROCESSING_CODES, QUALIFIED_CODES
from leadharness.contract.personas import Persona, PersonaBook

__all__ = [
    "Outcome",
    "PersonaIndex",
    "band_code",
    "bid_value",
    "decide",
    "vantage_score",
]

# One lead in fifty has no credit file (1018), as a bureau would report.
_NO_FILE_ONE_IN = 50
_SCORE_LOW, _SCORE_HIGH = 300, 850
# What a processing lead settles to when no persona says otherwise.
_DEFAULT_SETTLE = 1013


@dataclass(frozen=True)
class Outcome:
    """The code createLead answers and, for processing codes, the code it settles to."""

    code: int
    settles_to: int | None = None


def vantage_score(lead: Mapping[str, object]) -> int | None:
    """A deterministic VantageScore (300-850) for the lead, None for no credit file."""
    seed = f"{lead.get('socialSecurityNumber')}|{lead.get('dateOfBirth')}".encode()
    value = int.from_bytes(hashlib.blake2b(seed, digest_size=8).digest(), "big")
    if value % _NO_FILE_ONE_IN == 0:
        return None
    return _SCORE_LOW + (value // _NO_FILE_ONE_IN) % (_SCORE_HIGH - _SCORE_LOW + 1)


def band_code(debt: float, score: int | None) -> int:
    """The onboarding document's product-code band for a debt sum and a score."""
    if score is None:
        return 1018
    if debt > 15_000 and score < 450:
        return 1019
    for floor, code in ((50_000, 1017), (40_000, 1016), (30_000, 1015), (20_000, 1014)):
        if debt > floor:
            return code
    if debt > 15_000 and score > 600:
        return 1013
    return 1008


class PersonaIndex:
    """PersonaBook.find as dict lookups: one table per set of matched fields.

    A linear scan of the personas costs more than the rest of createLead; the
    answer is the same (the first persona in file order that matches).
    """

    def __init__(self, book: PersonaBook) -> None:
        self._book = book
        self._tables: dict[
            tuple[str, ...], dict[tuple[object, ...], tuple[int, Persona]]
        ] = {}
        self._hashable = True
        for order, persona in enumerate(book.personas):
            keys = tuple(sorted(persona.match))
            values = tuple(persona.match[key] for key in keys)
            try:
                self._tables.setdefault(keys, {}).setdefault(values, (order, persona))
            except TypeError:  # a list or dict in a match: fall back to the scan
                self._hashable = False

    def find(self, lead: Mapping[str, object]) -> Persona | None:
        """The first persona ``lead`` matches, if any."""
        if not self._hashable:
            return self._book.find(lead)
        best: tuple[int, Persona] | None = None
        try:
            for keys, table in self._tables.items():
                hit = table.get(tuple(lead.get(key) for key in keys))
                if hit is not None and (best is None or hit[0] < best[0]):
                    best = hit
        except TypeError:  # an unhashable value in the lead
            return self._book.find(lead)
        return best[1] if best else None


def decide(lead: Mapping[str, object], personas: PersonaBook | PersonaIndex) -> Outcome:
    """The outcome of a new, non-duplicate lead."""
    persona = personas.find(lead)
    if persona is not None:
        if persona.code in PROCESSING_CODES:
            return Outcome(persona.code, persona.settles_to or _DEFAULT_SETTLE)
        return Outcome(persona.code)
    debt = lead.get("estimatedDebt")
    debt_value = float(debt) if isinstance(debt, (int, float)) else 0.0
    return Outcome(band_code(debt_value, vantage_score(lead)))


def bid_value(code: int, lead: Mapping[str, object]) -> float | None:
    """What a buyer bids: positive for a qualified lead, None otherwise."""
    if code not in QUALIFIED_CODES:
        return None
    debt = lead.get("estimatedDebt")
    debt_value = float(debt) if isinstance(debt, (int, float)) else 0.0
    # $1 per thousand of debt on top of a $20 floor, in whole cents.
    return round(20.0 + (code - 1012) * 5.0 + debt_value / 1000.0, 2)
