"""Fixtures for the simulator's own tests: a running simulator and a raw client.

These tests use httpx directly, never the harness client, so they check the
simulator as any HTTP client sees it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from leadharness.simulator import RunningSimulator, SimulatorConfig, start_simulator

from .helpers import Api


@pytest.fixture(scope="session")
def sim() -> Iterator[RunningSimulator]:
    """One simulator for the read-mostly tests, at time scale 0.01."""
    with start_simulator(SimulatorConfig(time_scale=0.01, seed=7)) as running:
        yield running


@pytest.fixture
def api(sim: RunningSimulator) -> Iterator[Api]:
    client = Api(sim)
    yield client
    client.close()


@pytest.fixture
def no_env_ca(monkeypatch: pytest.MonkeyPatch) -> None:
    """Drop REQUESTS_CA_BUNDLE and friends: requests lets them beat msal's verify=."""
    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        monkeypatch.delenv(name, raising=False)
