"""How many examples the property suites run, so a slow target's run is planned.

Property tests that create leads cost one credit pull per example, up to 30 s
each on a real target. Each suite asks for a share of the Hypothesis
profile's ``max_examples``; ``--lead-max-examples N`` caps every suite at N
examples, whatever the profile, for targets where creates are slow.
"""

from __future__ import annotations

from hypothesis import settings

__all__ = ["examples", "set_cap", "steps"]

_cap: int | None = None


def set_cap(cap: int | None) -> None:
    """Cap every property suite at ``cap`` examples (None: no cap)."""
    global _cap
    _cap = cap


def examples(share: float, floor: int = 3) -> int:
    """``share`` of the profile's max_examples, at least ``floor``, at most the cap."""
    wanted = max(floor, int(settings().max_examples * share))
    return min(wanted, _cap) if _cap is not None else wanted


def steps(default: int) -> int:
    """Steps per state-machine run: ``default``, lowered to the cap (at least 4)."""
    return default if _cap is None else min(default, max(4, _cap))
