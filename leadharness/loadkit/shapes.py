"""Closed-model load shapes: how many users run at each second of a run.

These are pure functions of elapsed time so they can be tested without
Locust; the Locust entry point wraps them in a ``LoadTestShape``. A tick
answers ``(users, spawn_rate)`` or None when the run is over.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["MAX_SPAWN_RATE", "Shape", "constant", "ramp", "spike"]

# Spawning costs CPU on the load generator (500 users/s saturated a core on
# the reference machine); cap it well below that.
MAX_SPAWN_RATE = 50.0

Tick = tuple[int, float] | None


@dataclass(frozen=True)
class Shape:
    """A piecewise-constant user count over time."""

    name: str
    stages: tuple[tuple[float, int], ...]  # (ends at second, users)

    @property
    def duration(self) -> float:
        """Seconds until the shape ends the run."""
        return self.stages[-1][0]

    def tick(self, elapsed: float) -> Tick:
        """Users and spawn rate ``elapsed`` seconds in; None once the run is over."""
        previous_users, previous_end = 0, 0.0
        for end, users in self.stages:
            if elapsed < end:
                stage_seconds = max(end - previous_end, 1.0)
                change = abs(users - previous_users)
                rate = min(MAX_SPAWN_RATE, max(1.0, change / min(stage_seconds, 1.0)))
                return users, rate
            previous_users, previous_end = users, end
        return None

    def max_users(self) -> int:
        """The most users the shape ever runs."""
        return max(users for _, users in self.stages)


def constant(users: int, seconds: float) -> Shape:
    """``users`` users for the whole run."""
    _check(users, seconds)
    return Shape("constant", ((seconds, users),))


def ramp(max_users: int, seconds: float, steps: int = 10) -> Shape:
    """Rise from one user to ``max_users`` over 80 % of the run, then hold."""
    _check(max_users, seconds)
    steps = max(1, min(steps, max_users))
    rise = seconds * 0.8
    stages = [
        (rise * (i + 1) / steps, max(1, math.ceil(max_users * (i + 1) / steps)))
        for i in range(steps)
    ]
    stages.append((seconds, max_users))
    return Shape("ramp", tuple(stages))


def spike(max_users: int, seconds: float, base_fraction: float = 0.2) -> Shape:
    """A base load, a spike to ``max_users`` for the middle fifth, then base again."""
    _check(max_users, seconds)
    base = max(1, round(max_users * base_fraction))
    return Shape(
        "spike",
        (
            (seconds * 0.4, base),
            (seconds * 0.6, max_users),
            (seconds, base),
        ),
    )


def _check(max_users: int, seconds: float) -> None:
    if max_users < 1:
        raise ValueError(f"a shape needs at least one user, got {max_users}")
    if not seconds > 0:
        raise ValueError(f"a shape needs a positive duration, got {seconds!r}")
