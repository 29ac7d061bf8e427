"""Strategies for single LeadInput fields, drawn the way partners fill them.

Every bound comes from :mod:`leadharness.contract.rules` (ranges, lengths,
states, the adult age), so a change to a rule moves the generated data with
it. The personal fields come from :mod:`strategies.synthetic`.

Dates of birth are computed at draw time against "today" as seen anywhere on
Earth: the latest valid date is the 18th birthday of someone born on the
earliest calendar day still current somewhere (UTC-12), so a target in any
time zone judges it adult, even across midnight.
"""

from __future__ import annotations

import calendar
import datetime as dt
from functools import cache

from hypothesis import strategies as st

from leadharness.contract.rules import (
    AMOUNT_RANGES,
    ID_RANGES,
    MAX_LENGTHS,
    OLDEST_BIRTH_YEAR,
    US_STATES,
    adult_cutoff,
)
from strategies import pools

__all__ = [
    "addresses",
    "affiliate_ids",
    "amounts",
    "cities",
    "dates_of_birth",
    "earliest_today",
    "enum_ids",
    "first_names",
    "last_names",
    "latest_today",
    "site_urls",
    "states",
    "zip_codes",
]

# Where the onboarding document's bands change the simulated outcome.
DEBT_BAND_EDGES = (15_000, 20_000, 30_000, 40_000, 50_000)


def earliest_today() -> dt.date:
    """The earliest calendar date current anywhere on Earth (UTC-12)."""
    now = dt.datetime.now(dt.UTC) - dt.timedelta(hours=12)
    return min(now.date(), dt.date.today())


def latest_today() -> dt.date:
    """The latest calendar date current anywhere on Earth (UTC+14)."""
    now = dt.datetime.now(dt.UTC) + dt.timedelta(hours=14)
    return max(now.date(), dt.date.today())


def _name(limit: int, pool: tuple[str, ...]) -> st.SearchStrategy[str]:
    word = st.sampled_from(pool)
    joined = st.builds(
        lambda a, sep, b: f"{a}{sep}{b}"[:limit],
        word,
        st.sampled_from(pools.NAME_JOINERS),
        word,
    )
    free = st.text(pools.NAME_ALPHABET, min_size=1, max_size=limit)
    # Exactly at the limit: off-by-one length checks break there.
    at_limit = st.builds(lambda a, b: "-".join([a, b] * limit)[:limit], word, word)
    return st.one_of(word, joined, free, at_limit)


def first_names() -> st.SearchStrategy[str]:
    """Given names: common ones, diacritics, scripts, compounds, 1 to 50 letters."""
    return _name(MAX_LENGTHS["firstName"], pools.FIRST_NAMES)


def last_names() -> st.SearchStrategy[str]:
    """Family names with apostrophes, particles, hyphens and long compounds."""
    return _name(MAX_LENGTHS["lastName"], pools.LAST_NAMES)


def _address(number: int, street: str, suffix: str, unit: str, unit_no: int) -> str:
    line = f"{number} {street} {suffix}".strip()
    if unit:
        line = f"{line} {unit} {unit_no}" if unit != "#" else f"{line} #{unit_no}"
    return line[: MAX_LENGTHS["address1"]]


def addresses() -> st.SearchStrategy[str]:
    """Street lines: number, street, suffix and an optional unit, up to 100 chars."""
    return st.one_of(
        st.builds(
            _address,
            st.integers(1, 99_999),
            st.sampled_from(pools.STREET_NAMES),
            st.sampled_from(pools.STREET_SUFFIXES),
            st.sampled_from(pools.UNIT_PREFIXES),
            st.integers(1, 9_999),
        ),
        st.builds(lambda n: f"PO Box {n}", st.integers(1, 99_999)),
    )


def cities() -> st.SearchStrategy[str]:
    """City names, from one letter to long hyphenated French ones."""
    return st.sampled_from(pools.CITIES)


def states() -> st.SearchStrategy[str]:
    """Two-letter codes the rules accept (the 50 states and DC); shrinks to OH."""
    ordered = ["OH"] + sorted(US_STATES - {"OH"})
    return st.sampled_from(ordered)


def zip_codes() -> st.SearchStrategy[str]:
    """Five-digit ZIP codes, 00501 to 99950 (the range the USPS uses)."""
    return st.integers(501, 99_950).map(lambda n: f"{n:05d}")


# The onboarding example's date of birth: a shrunk lead shows it.
_ANCHOR = dt.date(1970, 1, 26)


@cache
def _birth_days(cutoff: dt.date) -> st.SearchStrategy[int]:
    """Days from _ANCHOR to adult birth dates for ``cutoff``; built once a day."""
    oldest = max(
        dt.date(OLDEST_BIRTH_YEAR, 1, 1), cutoff.replace(year=cutoff.year - 82)
    )
    low, high = (oldest - _ANCHOR).days, (cutoff - _ANCHOR).days
    leap_days = [
        (dt.date(y, 2, 29) - _ANCHOR).days
        for y in range(oldest.year + 1, cutoff.year)
        if calendar.isleap(y)
    ]
    # Hypothesis shrinks towards fewer choices, so the boundary branch spends
    # three throwaway ones: otherwise every shrunk lead would be 18 today.
    boundary = st.tuples(st.booleans(), st.booleans(), st.booleans()).map(
        lambda _: high
    )
    return st.one_of(st.integers(low, high), boundary, st.sampled_from(leap_days))


@st.composite
def dates_of_birth(draw: st.DrawFn) -> str:
    """Adult dates of birth as YYYY-MM-DD: ages 18 to 100, the 18th birthday
    itself and 29 February birthdays; shrinks to 1970-01-26."""
    days = draw(_birth_days(adult_cutoff(earliest_today())))
    return (_ANCHOR + dt.timedelta(days=days)).isoformat()


def enum_ids(field: str) -> st.SearchStrategy[int]:
    """An id within ``ID_RANGES[field]``."""
    low, high = ID_RANGES[field]
    return st.integers(low, high)


def amounts(field: str) -> st.SearchStrategy[float | int]:
    """Dollar amounts within ``AMOUNT_RANGES[field]``: whole, with cents, and edges.

    Whole dollars are ints (the onboarding document sends ``4000``), cents
    are floats; estimatedDebt also lands on either side of each product band.
    """
    low, high = (int(bound) for bound in AMOUNT_RANGES[field])
    typical = {"monthlyIncome": (1_500, 15_000), "loanAmount": (1_000, 50_000)}
    typ_low, typ_high = typical.get(field, (5_000, 80_000))
    edges: list[float] = [low, high]
    if field == "estimatedDebt":
        edges += [v + d for v in DEBT_BAND_EDGES for d in (0, 0.01, 1)]
    return st.one_of(
        st.integers(typ_low, typ_high),
        st.integers(low, high),
        st.integers(low * 100, high * 100).map(lambda cents: cents / 100),
        st.sampled_from(edges),
    )


def affiliate_ids() -> st.SearchStrategy[str]:
    """Six digits, a dash and a lowercase UUID, like 220001-7300907c-...."""
    return st.builds(
        lambda six, uuid: f"{six}-{uuid}",
        st.integers(100_000, 999_999).map(str),
        st.uuids(version=4).map(str),
    )


def site_urls() -> st.SearchStrategy[str]:
    """Landing pages on reserved domains, bare hosts to URLs with queries."""
    return st.sampled_from(pools.SITE_URLS)
