"""The suites pass through a plain reverse proxy: they rely only on HTTP answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from leadharness.simulator import SimulatorConfig, start_simulator
from leadharness.suite import SUITE_DIR, run_contract_suite

from .proxy import reverse_proxy

pytestmark = pytest.mark.slow

# Every operation and the auth checks, without the slow expired-token wait.
_MODULES = ("test_auth.py", "test_create.py", "test_status.py", "test_submit.py")


def test_suite_passes_through_a_reverse_proxy(tmp_path: Path) -> None:
    with start_simulator(
        SimulatorConfig(time_scale=0.01), subprocess=True
    ) as simulator:
        with reverse_proxy(simulator.base_url, simulator.ca_file) as proxy:
            settings = simulator.settings(target=proxy.url, base_url=proxy.url)
            outcome = run_contract_suite(
                settings,
                tmp_path,
                profile="dev",
                markers="not slow",
                paths=[SUITE_DIR / name for name in _MODULES],
                output=tmp_path / "pytest.log",
                timeout_seconds=120,
            )
    log = (tmp_path / "pytest.log").read_text(encoding="utf-8")
    assert outcome.exit_code == 0, (
        f"the suite failed through the proxy on {outcome.failed_rules}:\n{log[-3000:]}"
    )
    assert proxy.forwarded > 50, (
        f"only {proxy.forwarded} requests went through the proxy"
    )
