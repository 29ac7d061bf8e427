"""Injected infrastructure faults, each drawn at its configured rate.

A fault stands for something between the client and a healthy service (a
gateway's 5xx, a rate limiter's 429, a dropped connection, a stall, a
truncated body) so clients can prove their retries and timeouts.
"""

from __future__ import annotations

import enum
import math
import random
import time

from leadharness.simulator.config import SimulatorConfig

__all__ = ["Fault", "FaultInjector"]


class Fault(str, enum.Enum):
    """The faults an API request can meet."""

    ERROR_5XX = "5xx"
    THROTTLE = "throttle"
    RESET = "reset"
    STALL = "stall"
    MALFORMED = "malformed"


class FaultInjector:
    """Draws at most one fault per request, and token outages, from one seeded RNG."""

    def __init__(self, config: SimulatorConfig, rng: random.Random) -> None:
        self._rng = rng
        self._table = [
            (fault, rate)
            for fault, rate in (
                (Fault.ERROR_5XX, config.error_5xx_rate),
                (Fault.THROTTLE, config.throttle_rate),
                (Fault.RESET, config.reset_rate),
                (Fault.STALL, config.stall_rate),
                (Fault.MALFORMED, config.malformed_rate),
            )
            if rate > 0
        ]
        self._token_outage = config.token_outage
        began = time.monotonic()
        self._window_start = began + config.scaled(config.fault_start_seconds)
        duration = config.fault_duration_seconds
        self._window_end = (
            self._window_start + config.scaled(duration)
            if duration is not None
            else math.inf
        )
        self.counts: dict[str, int] = {fault.value: 0 for fault in Fault}
        self.counts["token_outage"] = 0

    def api_fault(self) -> Fault | None:
        """The fault this API request meets, if any (rates add up, capped at 1)."""
        if not self._table or not self._in_window():
            return None
        draw = self._rng.random()
        for fault, rate in self._table:
            if draw < rate:
                self.counts[fault.value] += 1
                return fault
            draw -= rate
        return None

    @property
    def window(self) -> tuple[float, float]:
        """When faults apply, as time.monotonic() start and end."""
        return self._window_start, self._window_end

    def _in_window(self) -> bool:
        return self._window_start <= time.monotonic() < self._window_end

    def token_outage(self) -> bool:
        """True when this token request meets an identity-provider outage."""
        if self._token_outage <= 0 or not self._in_window():
            return False
        if self._rng.random() >= self._token_outage:
            return False
        self.counts["token_outage"] += 1
        return True
