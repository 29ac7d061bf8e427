"""Waiting for a processing lead (1000/1001) to settle into a final code."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from leadharness.client.results import Lead
from leadharness.contract.codes import describe
from leadharness.errors import ConfigError, SettleTimeout

__all__ = ["SettleSchedule"]


@dataclass
class SettleSchedule:
    """Poll intervals growing from ``first`` to ``longest``, within a deadline."""

    deadline_seconds: float
    first: float = 0.05
    longest: float = 2.0
    started: float = field(default_factory=time.monotonic)
    polls: int = 0

    def __post_init__(self) -> None:
        if self.deadline_seconds <= 0:
            raise ConfigError(
                f"deadline_seconds must be positive, got {self.deadline_seconds}; "
                "give the seconds a processing lead may take to settle"
            )

    def next_wait(self, lead: Lead) -> float:
        """Seconds to sleep before the next poll; SettleTimeout past the deadline."""
        self.polls += 1
        left = self.deadline_seconds - (time.monotonic() - self.started)
        if left <= 0:
            raise SettleTimeout(
                f"lead {lead.id} still reads {describe(lead.result_code)} after "
                f"{self.deadline_seconds:g} s ({self.polls} polls); the service did "
                "not settle it: raise the deadline or report the lead id",
                operation="getLeadStatus",
                lead_id=lead.id,
                last_code=lead.result_code,
                waited_seconds=self.deadline_seconds - left,
            )
        return min(left, self.longest, self.first * 2 ** (self.polls - 1))
