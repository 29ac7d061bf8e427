"""Simulated time: cold starts, credit-pull latency and finite pull capacity.

Every delay here is simulated seconds times the config's ``time_scale``. With
a scale of 0 nothing waits, which is how the benchmark measures raw speed.
"""

from __future__ import annotations

import asyncio
import math
import random
import time

from leadharness.simulator.config import SimulatorConfig

__all__ = ["CapacityExceeded", "ColdStart", "CreditPull", "PullCapacity"]

# z-score of the 99th percentile of a standard normal distribution.
_Z99 = 2.3263478740408408


class ColdStart:
    """After an idle period the first request pays a delay, like a scaled-to-zero host."""

    def __init__(self, config: SimulatorConfig) -> None:
        self._idle = config.scaled(config.cold_start_idle_seconds)
        self._delay = config.scaled(config.cold_start_delay_seconds)
        self._last = time.monotonic()
        self.cold_starts = 0

    async def touch(self) -> None:
        """Note a request; sleep first if the host had gone cold."""
        now = time.monotonic()
        cold = self._delay > 0 and now - self._last > self._idle
        # Mark warm before sleeping so only the first request pays.
        self._last = now
        if cold:
            self.cold_starts += 1
            await asyncio.sleep(self._delay)
            self._last = time.monotonic()


class CreditPull:
    """Credit-pull latencies: log-normal through the median and p99, cut at the max."""

    def __init__(self, config: SimulatorConfig, rng: random.Random) -> None:
        self._rng = rng
        self._scale = config.time_scale
        self._max = config.pull_max_seconds
        median, p99 = config.pull_median_seconds, config.pull_p99_seconds
        self._mu = math.log(median) if median > 0 else None
        self._sigma = (math.log(p99) - math.log(median)) / _Z99 if median > 0 else 0.0

    def sample(self) -> float:
        """One pull's latency in simulated seconds."""
        if self._mu is None:
            return 0.0
        return min(self._max, self._rng.lognormvariate(self._mu, self._sigma))

    def real_seconds(self, simulated: float) -> float:
        """How long ``simulated`` seconds last on the wall clock."""
        return simulated * self._scale


class CapacityExceeded(Exception):
    """Every pull slot is busy and the queue is full: the request is refused."""

    def __init__(self, retry_after: int):
        super().__init__(f"credit pull capacity exhausted; retry after {retry_after} s")
        self.retry_after = retry_after


class PullCapacity:
    """At most N pulls at once; up to ``queue_limit`` more wait; the rest are refused.

    It lives on the server's event loop, so its counters need no lock.
    """

    def __init__(self, config: SimulatorConfig) -> None:
        self._slots = config.max_concurrent_pulls
        self._queue_limit = config.queue_limit
        self._retry_after = max(1, config.retry_after_seconds)
        self._semaphore: asyncio.Semaphore | None = None
        self.in_flight = 0
        self.waiting = 0
        self.refused = 0

    async def run(self, seconds: float) -> None:
        """Hold a pull slot for ``seconds`` real seconds, queueing if all are busy."""
        if seconds <= 0:
            return
        if self._semaphore is None:
            self._semaphore = asyncio.Semaphore(self._slots)
        if self.in_flight >= self._slots and self.waiting >= self._queue_limit:
            self.refused += 1
            raise CapacityExceeded(self._retry_after)
        self.waiting += 1
        try:
            await self._semaphore.acquire()
        finally:
            self.waiting -= 1
        self.in_flight += 1
        try:
            await asyncio.sleep(seconds)
        finally:
            self.in_flight -= 1
            self._semaphore.release()
