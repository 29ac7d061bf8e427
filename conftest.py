"""Pytest options and fixtures shared by tests_contract/ and tests/.

The options mirror the harness's command-line flags (leadharness.cli.options)
and feed the same settings layer, so ``pytest tests_contract --base-url URL``
means what ``leadharness gate --base-url URL`` means. Secrets are never
options: they come from LEAD_CLIENT_SECRET, ``.env`` or a Postman file.
Locust's own pytest plugin stays disabled (``-p no:locust`` in pyproject), and
none of these names clash with it (it adds --host) or with Hypothesis.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from hypothesis import settings as hypothesis_settings

import strategies.profiles  # noqa: F401  (registers dev/ci/nightly before pytest reads them)
from leadharness.errors import ConfigError, HarnessError
from leadharness.settings import Settings
from strategies.payload import assertrepr_compare
from strategies.printing import restore_example_printing
from tests_contract.target import (
    TARGET_OPTIONS,
    TargetUnderTest,
    lead_settings_from,
    read_capabilities,
)

# Without --hypothesis-profile, Hypothesis's own default (a 200 ms deadline)
# would fail network tests at random; the option, when given, still wins.
hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "dev")

# schemathesis's plugin swaps Hypothesis's example printer for a blank one in
# every test of the process; put it back so a failure shows its (masked) lead.
restore_example_printing()


def pytest_assertrepr_compare(op: str, left: object, right: object) -> list[str] | None:
    """Mask personal data in pytest's comparison diffs of leads."""
    return assertrepr_compare(op, left, right)


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add the target options and the contract report options."""
    group = parser.getgroup("leadharness", "Lead API target (leadharness)")
    for flag, dest, help_text in TARGET_OPTIONS:
        group.addoption(flag, dest=f"lead_{dest}", default=None, help=help_text)
    group.addoption(
        "--allow-production",
        dest="lead_allow_production",
        action="store_true",
        default=None,
        help="let destructive tests write to a production-marked target",
    )
    group.addoption(
        "--lead-report-dir",
        dest="lead_report_dir",
        default=None,
        help="where junit.xml and contract.json go (default reports/<run id>, "
        "with reports/latest pointing at it); 'none' writes nothing",
    )
    group.addoption(
        "--lead-max-examples",
        dest="lead_max_examples",
        type=int,
        default=None,
        help="cap the examples of every lead-creating property suite "
        "(for slow targets)",
    )
    group.addoption(
        "--sim-time-scale",
        dest="lead_sim_time_scale",
        type=float,
        default=0.01,
        help="time scale of the embedded simulator (local target only; default 0.01)",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Declare the ``rule`` marker the contract suites use."""
    config.addinivalue_line(
        "markers", "rule(*ids): the contract rule ids a test checks"
    )


@pytest.fixture(scope="session")
def lead_settings(pytestconfig: pytest.Config) -> Settings:
    """The settings the run was given (before any embedded simulator starts)."""
    return lead_settings_from(pytestconfig)


@pytest.fixture(scope="session")
def lead_target(
    lead_settings: Settings, pytestconfig: pytest.Config
) -> Iterator[TargetUnderTest]:
    """The target under test; for ``local`` the simulator starts and stops here."""
    if lead_settings.resolved_base_url() is not None:
        try:
            lead_settings.require_credentials()
        except ConfigError as exc:
            pytest.exit(f"leadharness: error: {exc}", returncode=2)
        yield TargetUnderTest(
            settings=lead_settings,
            personas_file=lead_settings.personas,
            capabilities=read_capabilities(lead_settings.personas),
        )
        return
    from leadharness.simulator import SimulatorConfig, start_simulator

    config = SimulatorConfig(time_scale=pytestconfig.getoption("lead_sim_time_scale"))
    try:
        simulator = start_simulator(config, subprocess=True)
    except HarnessError as exc:
        pytest.exit(f"the embedded simulator did not start: {exc}", returncode=3)
    with simulator:
        personas = lead_settings.personas or simulator.personas_file
        yield TargetUnderTest(
            settings=simulator.settings(personas=personas),
            personas_file=personas,
            capabilities=read_capabilities(personas),
            embedded=True,
        )
