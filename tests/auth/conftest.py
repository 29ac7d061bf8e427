"""A simulator over real HTTPS for the token provider's tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from leadharness.simulator import RunningSimulator, SimulatorConfig, start_simulator


@pytest.fixture(scope="module")
def simulator() -> Iterator[RunningSimulator]:
    """One fast simulator per test module."""
    with start_simulator(SimulatorConfig(time_scale=0.01, seed=7)) as running:
        yield running


@pytest.fixture
def make_simulator() -> Iterator:
    """Start simulators with a given config; all stop at the end of the test."""
    started: list[RunningSimulator] = []

    def start(**config) -> RunningSimulator:
        running = start_simulator(SimulatorConfig(time_scale=0.01, seed=7, **config))
        started.append(running)
        return running

    yield start
    for running in started:
        running.stop()


@pytest.fixture
def provider() -> Iterator:
    """Make token providers; each is closed before any simulator stops."""
    from leadharness.auth import TokenProvider

    made: list[TokenProvider] = []

    def make(settings, **options) -> TokenProvider:
        made.append(TokenProvider(settings, **options))
        return made[-1]

    yield make
    for tokens in made:
        tokens.close()
