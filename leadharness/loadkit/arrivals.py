"""Open-model arrivals: when each workflow is due, whatever the target does.

A closed model (a user sends its next request when the last one returns)
slows down with the target and hides its queueing; an open model keeps the
schedule. A :class:`RateProfile` says how many arrivals per second are due at
each moment of a run; :func:`arrival_times` turns it into the due times of
one generator. Latency is then measured from the due time, not from when the
request actually left, so a stalled generator or a saturated client shows up
as latency instead of silently vanishing (coordinated omission).
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

__all__ = [
    "Phase",
    "RateProfile",
    "arrival_times",
    "constant",
    "idle_then_burst",
    "steps",
]


@dataclass(frozen=True)
class Phase:
    """``seconds`` of arrivals at ``rate`` per second (0 means idle)."""

    name: str
    seconds: float
    rate: float

    def __post_init__(self) -> None:
        if not (self.seconds > 0 and math.isfinite(self.seconds)):
            raise ValueError(
                f"phase {self.name!r}: seconds must be positive, got {self.seconds!r}"
            )
        if not (self.rate >= 0 and math.isfinite(self.rate)):
            raise ValueError(
                f"phase {self.name!r}: rate must be 0 or more, got {self.rate!r}"
            )


@dataclass(frozen=True)
class RateProfile:
    """A run's arrival rate over time: phases played one after another."""

    phases: tuple[Phase, ...]

    def __post_init__(self) -> None:
        if not self.phases:
            raise ValueError("a rate profile needs at least one phase")

    @property
    def duration(self) -> float:
        """Total seconds the profile lasts."""
        return sum(p.seconds for p in self.phases)

    def bounds(self) -> list[tuple[Phase, float, float]]:
        """Each phase with its start and end offset in seconds."""
        out, start = [], 0.0
        for phase in self.phases:
            out.append((phase, start, start + phase.seconds))
            start += phase.seconds
        return out

    def phase_at(self, offset: float) -> Phase | None:
        """The phase playing ``offset`` seconds into the run, None past the end."""
        for phase, start, end in self.bounds():
            if start <= offset < end:
                return phase
        return None

    def scaled(self, factor: float) -> RateProfile:
        """The same profile with every rate multiplied by ``factor``."""
        return RateProfile(
            tuple(Phase(p.name, p.seconds, p.rate * factor) for p in self.phases)
        )

    def expected_arrivals(self) -> float:
        """How many arrivals the profile schedules in total."""
        return sum(p.seconds * p.rate for p in self.phases)


def constant(rate: float, seconds: float) -> RateProfile:
    """``rate`` arrivals per second for ``seconds``."""
    return RateProfile((Phase("steady", seconds, rate),))


def steps(
    start_rate: float, step_rate: float, step_seconds: float, count: int
) -> RateProfile:
    """``count`` steps of ``step_seconds``, the rate rising by ``step_rate`` each."""
    if count < 1:
        raise ValueError(f"steps needs at least one step, got {count}")
    return RateProfile(
        tuple(
            Phase(f"step {i + 1}", step_seconds, start_rate + i * step_rate)
            for i in range(count)
        )
    )


def idle_then_burst(
    warm_rate: float,
    warm_seconds: float,
    idle_seconds: float,
    burst_rate: float,
    burst_seconds: float,
) -> RateProfile:
    """Warm up, go quiet past the target's idle threshold, then arrive in a burst."""
    return RateProfile(
        (
            Phase("warm", warm_seconds, warm_rate),
            Phase("idle", idle_seconds, 0.0),
            Phase("burst", burst_seconds, burst_rate),
        )
    )


def arrival_times(
    profile: RateProfile,
    *,
    share: float = 1.0,
    poisson: bool = False,
    seed: int | None = None,
    phase_offset: float | None = None,
) -> Iterator[tuple[float, Phase]]:
    """Due times (seconds from the start) of one generator, with their phase.

    ``share`` is this generator's part of the total rate (1/N for N
    generators). Uniform spacing is the default; ``poisson`` draws
    exponential gaps instead. Each phase starts afresh at its own rate, with a
    random offset inside the first gap so N generators do not fire together.
    """
    if not 0 < share <= 1:
        raise ValueError(f"share must be in (0, 1], got {share!r}")
    rng = random.Random(seed)
    for phase, start, end in profile.bounds():
        rate = phase.rate * share
        if rate <= 0:
            continue
        if poisson:
            due = start + rng.expovariate(rate)
            while due < end:
                yield due, phase
                due += rng.expovariate(rate)
            continue
        # Multiply, never accumulate: summed gaps drift and add an arrival.
        offset = (rng.random() if phase_offset is None else phase_offset) / rate
        for k in range(math.ceil((phase.seconds - offset) * rate - 1e-9)):
            yield start + offset + k / rate, phase


def check_rates(rates: Sequence[float]) -> None:
    """Refuse a negative or non-finite rate with a message naming it."""
    for rate in rates:
        if not (rate >= 0 and math.isfinite(rate)):
            raise ValueError(
                f"an arrival rate must be 0 or more per second, got {rate!r}"
            )
