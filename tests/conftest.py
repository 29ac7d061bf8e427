"""Simulators shared by the harness's own tests: fast, seeded, always stopped."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from leadharness.simulator import RunningSimulator, SimulatorConfig, start_simulator

# Time-scaled so a 30 s credit pull takes 0.3 s; seeded so outcomes repeat.
FAST = {"time_scale": 0.01, "settle_seconds": 5, "seed": 7}


@pytest.fixture(scope="module")
def simulator() -> Iterator[RunningSimulator]:
    """One fast simulator per test module."""
    with start_simulator(SimulatorConfig(**FAST)) as sim:
        yield sim


@pytest.fixture
def make_simulator() -> Iterator[Callable[..., RunningSimulator]]:
    """Start simulators with a given config; all stop at the end of the test."""
    started: list[RunningSimulator] = []

    def start(**config: Any) -> RunningSimulator:
        started.append(start_simulator(SimulatorConfig(**{**FAST, **config})))
        return started[-1]

    yield start
    for running in started:
        running.stop()
