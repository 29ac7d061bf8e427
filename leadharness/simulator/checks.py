"""The contract's domain rules, memoised per field value for speed.

``rules.check_lead`` checks each field on its own (no rule reads two fields),
so the violations of a lead are the violations of its fields in order. Most
field values repeat from lead to lead (states, zips, incomes, ids), so caching
per (field, value, day) removes most of the cost. If rules.py ever gains a
rule across fields, this module must call check_lead on the whole lead; the
test ``test_cached_checks_agree_with_check_lead`` is there to notice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import lru_cache

from leadharness.contract.rules import Violation, check_lead

__all__ = ["check_lead_cached"]


@lru_cache(maxsize=16_384, typed=True)
def _field(field: str, value: object, today: dt.date) -> tuple[Violation, ...]:
    return tuple(check_lead({field: value}, today))


def check_lead_cached(
    lead: Mapping[str, object], today: dt.date | None = None
) -> list[Violation]:
    """What ``check_lead(lead)`` returns, from a per-field cache where possible."""
    today = today or dt.date.today()
    found: list[Violation] = []
    for field, value in lead.items():
        try:
            found.extend(_field(field, value, today))
        except TypeError:  # unhashable value: check it directly
            found.extend(check_lead({field: value}, today))
    return found
