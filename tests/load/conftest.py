"""Simulators and a runner for the load tests: every run is a few seconds long."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from leadharness.loadkit import LoadOutcome, run_scenario
from leadharness.simulator import RunningSimulator, SimulatorConfig, start_simulator


@pytest.fixture(scope="module")
def simulator() -> Iterator[RunningSimulator]:
    """A time-scaled simulator in a child process (Locust runs in another)."""
    with start_simulator(
        SimulatorConfig(time_scale=0.01, seed=5), subprocess=True
    ) as running:
        yield running


@pytest.fixture
def make_simulator() -> Iterator[Callable[..., RunningSimulator]]:
    """Start a simulator with a special configuration; stopped after the test."""
    started: list[RunningSimulator] = []

    def make(**config: Any) -> RunningSimulator:
        running = start_simulator(
            SimulatorConfig(time_scale=0.01, seed=5, **config), subprocess=True
        )
        started.append(running)
        return running

    yield make
    for running in started:
        running.stop()


@pytest.fixture
def run_load(tmp_path: Path) -> Callable[..., LoadOutcome]:
    """Run a scenario against a simulator into a fresh folder under tmp_path."""
    counter = iter(range(100))

    def run(sim: RunningSimulator, scenario: str, **options: Any) -> LoadOutcome:
        keys = (
            "duration_seconds",
            "objectives",
            "users",
            "rate",
            "workers",
            "processes",
        )
        direct = {k: options.pop(k) for k in keys if k in options}
        direct.setdefault("duration_seconds", 3)
        run_dir = tmp_path / f"{scenario}-{next(counter)}"
        return run_scenario(
            sim.settings(), scenario, run_dir, options=options, **direct
        )

    return run
