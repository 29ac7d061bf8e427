"""How a simulator behaves: identities, timing, capacity, faults and defects.

Every delay is given in simulated seconds and multiplied by ``time_scale``
before the simulator waits, so one factor shrinks a whole run (a 30 s credit
pull takes 0.3 s at 0.01, nothing at 0). The token lifetime is not scaled:
clients cache tokens by wall-clock time.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from leadharness.errors import ConfigError
from leadharness.settings import DEFAULT_DEBT_CORE_APP_ID, DEFAULT_TENANT_ID
from leadharness.simulator.defects import DEFECTS

__all__ = [
    "DEFAULT_CLIENT_ID",
    "DEFAULT_CLIENT_SECRET",
    "MAX_PULL_SECONDS",
    "SimulatorConfig",
]

DEFAULT_CLIENT_ID = "0c1d3a5e-0000-4000-8000-000000000001"
# A documented local secret: it protects nothing but the simulator itself.
DEFAULT_CLIENT_SECRET = "local-simulator-secret"
MAX_PULL_SECONDS = 30.0

_RATES = (
    "error_5xx_rate",
    "throttle_rate",
    "reset_rate",
    "stall_rate",
    "malformed_rate",
    "token_outage",
)


@dataclass
class SimulatorConfig:
    """Everything a simulator run can be told; validate() checks it at the door."""

    tenant_id: str = DEFAULT_TENANT_ID
    debt_core_app_id: str = DEFAULT_DEBT_CORE_APP_ID
    # client id -> secret value of every registered application.
    # repr=False: a test may register a secret of its own, and reprs reach reports.
    clients: dict[str, str] = field(
        default_factory=lambda: {DEFAULT_CLIENT_ID: DEFAULT_CLIENT_SECRET}, repr=False
    )
    time_scale: float = 1.0
    token_lifetime_seconds: int = 3600
    async_mode: bool = False
    settle_seconds: float = 5.0
    pull_median_seconds: float = 2.0
    pull_p99_seconds: float = 20.0
    pull_max_seconds: float = MAX_PULL_SECONDS
    cold_start_idle_seconds: float = 900.0
    cold_start_delay_seconds: float = 8.0
    max_concurrent_pulls: int = 64
    queue_limit: int = 256
    error_5xx_rate: float = 0.0
    throttle_rate: float = 0.0
    retry_after_seconds: int = 2
    reset_rate: float = 0.0
    stall_rate: float = 0.0
    stall_seconds: float = 60.0
    malformed_rate: float = 0.0
    token_outage: float = 0.0
    # Schedule: the fault rates apply only from fault_start_seconds after start,
    # for fault_duration_seconds (None: until the simulator stops).
    fault_start_seconds: float = 0.0
    fault_duration_seconds: float | None = None
    defect: str | None = None
    max_leads: int = 200_000
    # Answer the three known documents without graphql-core (same answers).
    fast_path: bool = True
    seed: int | None = None
    host: str = "127.0.0.1"
    https_port: int = 0
    http_port: int = 0

    def validate(self) -> SimulatorConfig:
        """Return self, or raise ConfigError naming the bad field and the fix."""
        self._check_numbers()
        if self.defect is not None and self.defect not in DEFECTS:
            raise ConfigError(
                f"unknown defect {self.defect!r}; choose one of: {', '.join(DEFECTS)}"
            )
        if self.host not in ("127.0.0.1", "localhost", "::1"):
            raise ConfigError(
                f"simulator host {self.host!r} is not loopback; it only serves 127.0.0.1"
            )
        if not self.clients:
            raise ConfigError("simulator needs at least one registered client id")
        if (
            not self.pull_median_seconds
            <= self.pull_p99_seconds
            <= self.pull_max_seconds
        ):
            raise ConfigError(
                "credit pull latency must satisfy median <= p99 <= max, got "
                f"{self.pull_median_seconds} / {self.pull_p99_seconds} / "
                f"{self.pull_max_seconds}; fix --pull-median/--pull-p99/--pull-max"
            )
        return self

    def _check_numbers(self) -> None:
        for name in _RATES:
            _in_range(name, getattr(self, name), 0.0, 1.0, "a rate from 0 to 1")
        _in_range("time_scale", self.time_scale, 0.0, 100.0, "a factor from 0 to 100")
        _in_range(
            "pull_max_seconds",
            self.pull_max_seconds,
            0.0,
            MAX_PULL_SECONDS,
            f"at most {MAX_PULL_SECONDS:g} seconds",
        )
        for name in (
            "settle_seconds",
            "pull_median_seconds",
            "pull_p99_seconds",
            "cold_start_idle_seconds",
            "cold_start_delay_seconds",
            "stall_seconds",
            "fault_start_seconds",
        ):
            _in_range(name, getattr(self, name), 0.0, 86_400.0, "0 to 86400 seconds")
        if self.fault_duration_seconds is not None:
            _in_range(
                "fault_duration_seconds",
                self.fault_duration_seconds,
                0.0,
                86_400.0,
                "0 to 86400 seconds, or None for no end",
            )
        for name, low in (
            ("token_lifetime_seconds", 1),
            ("max_concurrent_pulls", 1),
            ("queue_limit", 0),
            ("max_leads", 1),
            ("retry_after_seconds", 0),
        ):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < low:
                raise ConfigError(f"{name} must be an integer >= {low}, got {value!r}")
        for name in ("https_port", "http_port"):
            port = getattr(self, name)
            if not isinstance(port, int) or not 0 <= port <= 65535:
                raise ConfigError(
                    f"{name} must be 0 (any free port) to 65535, got {port!r}"
                )

    def scaled(self, seconds: float) -> float:
        """Real seconds to wait for ``seconds`` of simulated time."""
        return seconds * self.time_scale

    def capabilities(self) -> dict[str, Any]:
        """What a client may rely on, in real seconds, for the target description."""
        return {
            "token_lifetime_seconds": self.token_lifetime_seconds,
            "settle_seconds": self.scaled(self.settle_seconds),
            "time_scale": self.time_scale,
            "async_mode": self.async_mode,
            "credit_pull_max_seconds": self.scaled(self.pull_max_seconds),
            "cold_start_idle_seconds": self.scaled(self.cold_start_idle_seconds),
            "cold_start_delay_seconds": self.scaled(self.cold_start_delay_seconds),
            "max_concurrent_pulls": self.max_concurrent_pulls,
            "queue_limit": self.queue_limit,
            "max_leads": self.max_leads,
        }

    def to_json(self) -> dict[str, Any]:
        """The config as plain JSON data, to hand to a child process."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SimulatorConfig:
        """The inverse of to_json; unknown keys are a ConfigError."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ConfigError(f"unknown simulator settings: {', '.join(unknown)}")
        return cls(**data).validate()


def _in_range(name: str, value: object, low: float, high: float, what: str) -> None:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    number = float(value) if ok else math.nan  # type: ignore[arg-type]
    if not math.isfinite(number) or not low <= number <= high:
        raise ConfigError(f"{name} must be {what}, got {value!r}")
