"""The named load scenarios and the run specification handed to Locust.

A scenario is either open (workflows arrive on a schedule, see ``arrivals``)
or closed (a number of users loop the workflow, following a ``shapes``
shape). A :class:`RunSpec` carries one run's choices from the command line or
``run_scenario`` into the Locust processes, as a JSON file named by
``LEAD_LOAD_SPEC`` or as ``LEAD_LOAD_*`` variables (for the web UI and
Kubernetes). It never carries a secret: credentials travel as ``LEAD_*``
settings variables.
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from leadharness.errors import ConfigError
from leadharness.loadkit import arrivals, shapes
from leadharness.loadkit.leads import parse_mix

__all__ = ["SCENARIOS", "RunSpec", "Scenario", "get_scenario", "spec_from_env"]


@dataclass
class RunSpec:
    """One load run's choices; every field has a safe default."""

    scenario: str = "steady"
    duration_seconds: float | None = None  # None: the scenario's default
    rate: float | None = None  # workflows per second over all generators
    users: int | None = None  # generators (open) or peak users (closed)
    objectives: str | None = None  # thresholds TOML; None: the defaults
    run_dir: str | None = None
    mix: dict[str, float] = field(default_factory=dict)
    workflow: str = "full"  # full | create-only
    poll_interval: float = 0.5
    poll_deadline: float = 60.0
    request_timeout: float = 45.0  # above the documented 30 s credit pull
    timeline_step: float | None = None  # None: the scenario's (cold-start uses 0.25 s)
    drain_seconds: float = 35.0  # after the schedule, wait this long for requests out
    think_seconds: float = 1.0  # closed model: pause between a user's workflows
    max_in_flight: int = 10_000  # per process; arrivals beyond are dropped and counted
    idle_seconds: float = 5.0  # cold-start: quiet time before the burst
    step_seconds: float = 10.0  # capacity: length of a step
    start_rate: float | None = None  # capacity: first step's rate
    step_rate: float | None = None  # capacity: rate added per step
    token_lifetime_seconds: float = 3600.0
    poisson: bool = False
    seed: int | None = None

    def scenario_def(self) -> Scenario:
        """The scenario this spec names."""
        return get_scenario(self.scenario)

    def duration(self) -> float:
        """The run's length in seconds: the spec's or the scenario's default."""
        scenario = self.scenario_def()
        return float(self.duration_seconds or scenario.default_duration)

    def step(self) -> float:
        """Width of a timeline bucket in seconds."""
        if self.timeline_step:
            return float(self.timeline_step)
        if self.scenario == "capacity":
            return min(1.0, max(0.1, self.step_seconds / 10))
        return self.scenario_def().timeline_step

    def token_refresh_margin(self) -> float:
        """Seconds before expiry to renew the token.

        A JWT's exp has whole-second resolution and issuers round the issue
        time down, so a token can die up to a second before ``expires_in``
        says: the margin is at least 1.5 s (half the lifetime for very short
        tokens), 10 % of the lifetime beyond that, and at most msal's 300 s.
        """
        lifetime = self.token_lifetime_seconds
        return min(300.0, max(min(1.5, lifetime / 2), lifetime * 0.1))

    def total_rate(self) -> float:
        """Workflows per second over all generators."""
        return float(
            self.rate if self.rate is not None else self.scenario_def().default_rate
        )

    def user_count(self) -> int:
        """Generators for an open scenario, peak users for a closed one."""
        return int(self.users or self.scenario_def().default_users)

    def profile(self) -> arrivals.RateProfile:
        """The arrival profile of an open scenario."""
        scenario = self.scenario_def()
        if scenario.profile is None:
            raise ConfigError(
                f"scenario {self.scenario} is closed-model; it has no arrival profile"
            )
        return scenario.profile(self)

    def shape(self) -> shapes.Shape:
        """The user shape of a closed scenario."""
        scenario = self.scenario_def()
        if scenario.shape is None:
            raise ConfigError(
                f"scenario {self.scenario} is open-model; it has no user shape"
            )
        return scenario.shape(self)

    def to_json(self) -> str:
        """The spec as JSON, for ``LEAD_LOAD_SPEC``."""
        return json.dumps(dataclasses.asdict(self), indent=2)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], where: str = "load spec") -> RunSpec:
        """A spec from parsed JSON; ConfigError names an unknown key."""
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ConfigError(f"{where}: unknown key(s) {sorted(unknown)}")
        spec = cls(**data)
        spec.validate()
        return spec

    def validate(self) -> None:
        """Refuse impossible values with a message naming the field."""
        get_scenario(self.scenario)
        for name in (
            "duration_seconds",
            "rate",
            "users",
            "poll_interval",
            "poll_deadline",
            "request_timeout",
            "timeline_step",
            "step_seconds",
            "start_rate",
            "step_rate",
            "token_lifetime_seconds",
            "idle_seconds",
            "drain_seconds",
            "think_seconds",
        ):
            value = getattr(self, name)
            if value is not None and not (math.isfinite(value) and value >= 0):
                raise ConfigError(
                    f"load {name.replace('_', '-')} must be 0 or more, got {value!r}"
                )
        if self.timeline_step is not None and self.timeline_step <= 0:
            raise ConfigError(
                f"timeline step must be positive, got {self.timeline_step!r}"
            )
        if self.duration_seconds is not None and self.duration_seconds <= 0:
            raise ConfigError(
                f"--duration must be positive, got {self.duration_seconds!r}"
            )
        if self.users is not None and self.users < 1:
            raise ConfigError(f"--users must be at least 1, got {self.users!r}")
        if self.workflow not in ("full", "create-only"):
            raise ConfigError(
                f"workflow must be full or create-only, got {self.workflow!r}"
            )


@dataclass(frozen=True)
class Scenario:
    """A named way to load the target."""

    name: str
    summary: str
    default_duration: float
    default_rate: float = 0.0
    default_users: int = 1
    timeline_step: float = 1.0
    profile: Callable[[RunSpec], arrivals.RateProfile] | None = None
    shape: Callable[[RunSpec], shapes.Shape] | None = None

    @property
    def open_model(self) -> bool:
        """True when workflows arrive on a schedule."""
        return self.profile is not None


def _steady(spec: RunSpec) -> arrivals.RateProfile:
    return arrivals.constant(spec.total_rate(), spec.duration())


def _cold_start(spec: RunSpec) -> arrivals.RateProfile:
    # A fifth of the run warms up (the warm latency), then the target idles
    # past its threshold, then a burst at the same rate.
    rest = max(spec.duration() - spec.idle_seconds, 2.0)
    warm = max(rest * 0.2, 1.0)
    rate = spec.total_rate()
    return arrivals.idle_then_burst(rate, warm, spec.idle_seconds, rate, rest - warm)


def _capacity(spec: RunSpec) -> arrivals.RateProfile:
    start = spec.start_rate if spec.start_rate is not None else spec.total_rate()
    step = spec.step_rate if spec.step_rate is not None else max(start, 1.0)
    count = max(1, int(spec.duration() // spec.step_seconds))
    return arrivals.steps(start, step, spec.step_seconds, count)


SCENARIOS: dict[str, Scenario] = {
    s.name: s
    for s in (
        Scenario(
            "steady",
            "constant arrival rate of workflows (open model)",
            60,
            5.0,
            profile=_steady,
        ),
        Scenario(
            "constant",
            "a fixed number of users looping the workflow (closed model; "
            "the harness's own throughput)",
            60,
            default_users=10,
            shape=lambda s: shapes.constant(s.user_count(), s.duration()),
        ),
        Scenario(
            "ramp",
            "users rise linearly to --users, then hold (closed model)",
            60,
            default_users=20,
            shape=lambda s: shapes.ramp(s.user_count(), s.duration()),
        ),
        Scenario(
            "spike",
            "base load, a spike to --users in the middle, base again",
            60,
            default_users=20,
            shape=lambda s: shapes.spike(s.user_count(), s.duration()),
        ),
        Scenario(
            "cold-start",
            "warm up, idle past the cold-start threshold, then a burst",
            30,
            5.0,
            timeline_step=0.25,
            profile=_cold_start,
        ),
        Scenario(
            "credit-pull",
            "open-model createLead with the full credit-pull latency; "
            "in-flight requests and Little's law",
            60,
            5.0,
            profile=_steady,
        ),
        Scenario(
            "capacity",
            "arrival rate stepped up until an objective breaks: the knee",
            120,
            5.0,
            profile=_capacity,
        ),
        Scenario(
            "soak",
            "a long steady run across token expiry: zero 401s from the harness",
            900,
            2.0,
            profile=_steady,
        ),
    )
}


def get_scenario(name: str) -> Scenario:
    """The scenario called ``name``; ConfigError lists the known ones."""
    try:
        return SCENARIOS[name]
    except KeyError:
        known = ", ".join(SCENARIOS)
        raise ConfigError(f"unknown scenario {name!r}; choose one of {known}") from None


_ENV_FIELDS: dict[str, tuple[str, Callable[[str], Any]]] = {
    "LEAD_LOAD_SCENARIO": ("scenario", str),
    "LEAD_LOAD_DURATION": ("duration_seconds", float),
    "LEAD_LOAD_RATE": ("rate", float),
    "LEAD_LOAD_USERS": ("users", int),
    "LEAD_LOAD_OBJECTIVES": ("objectives", str),
    "LEAD_LOAD_RUN_DIR": ("run_dir", str),
    "LEAD_LOAD_WORKFLOW": ("workflow", str),
    "LEAD_LOAD_TOKEN_LIFETIME": ("token_lifetime_seconds", float),
}


def spec_from_env(environ: Mapping[str, str] | None = None) -> RunSpec:
    """The spec in the ``LEAD_LOAD_SPEC`` file, else from ``LEAD_LOAD_*`` variables."""
    env = os.environ if environ is None else environ
    path = env.get("LEAD_LOAD_SPEC")
    if path:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ConfigError(
                f"LEAD_LOAD_SPEC {path} is not a readable JSON file: {exc}"
            ) from None
        return RunSpec.from_mapping(data, f"LEAD_LOAD_SPEC {path}")
    values: dict[str, Any] = {}
    for variable, (name, convert) in _ENV_FIELDS.items():
        if env.get(variable):
            try:
                values[name] = convert(env[variable])
            except ValueError:
                raise ConfigError(
                    f"{variable}={env[variable]!r} is not a valid {name}"
                ) from None
    if env.get("LEAD_LOAD_MIX"):
        values["mix"] = parse_mix(env["LEAD_LOAD_MIX"])
    return RunSpec.from_mapping(values, "LEAD_LOAD_* variables")
