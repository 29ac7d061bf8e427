"""Fixtures of the contract suites: client, tokens, the persona batch, guards.

Options and the ``lead_target`` fixture live in the top-level conftest.py;
this file adds what only the contract suites need and installs their report
plugin (junit.xml and contract.json under reports/<run id>/).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from leadharness.auth import TokenProvider
from leadharness.client import LeadClient
from leadharness.contract.codes import RESULT_CODES, SUBMIT_CODES
from leadharness.errors import ProductionRefused
from leadharness.reporting.scrub import Scrubber
from leadharness.settings import Settings
from tests_contract import budget
from tests_contract.leads import Created, create_batch
from tests_contract.report import ContractReport
from tests_contract.target import TargetUnderTest, lead_settings_from

# Codes a createLead can answer, so a persona can ask for them.
PERSONA_CODES = sorted(c for c in RESULT_CODES if c not in SUBMIT_CODES)


def pytest_configure(config: pytest.Config) -> None:
    """Install the contract report with a scrubber that knows the secret."""
    cap = config.getoption("lead_max_examples")
    if cap is not None and cap < 1:
        raise pytest.UsageError(f"--lead-max-examples must be 1 or more, got {cap}")
    budget.set_cap(cap)
    settings = lead_settings_from(config)
    ContractReport.install(config, settings, Scrubber.for_settings(settings))


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Refuse destructive tests on a production-marked target without opt-in."""
    if item.get_closest_marker("destructive") is None:
        return
    settings = lead_settings_from(item.config)
    try:
        settings.require_write_access("this destructive test")
    except ProductionRefused as exc:
        pytest.skip(str(exc))


@pytest.fixture(scope="session")
def target_settings(
    lead_target: TargetUnderTest, pytestconfig: pytest.Config
) -> Settings:
    """Settings pointing at the target (the embedded simulator's, for local)."""
    report = pytestconfig.pluginmanager.get_plugin("lead-report")
    if isinstance(report, ContractReport):
        report.target_resolved(lead_target.settings)
    return lead_target.settings


@pytest.fixture(scope="session")
def tokens(target_settings: Settings) -> TokenProvider:
    """The session's token provider: one token, refreshed as it ages."""
    return TokenProvider(target_settings)


@pytest.fixture(scope="session")
def client(target_settings: Settings, tokens: TokenProvider) -> Iterator[LeadClient]:
    """A client of the target shared by the session."""
    with LeadClient(target_settings, tokens) as lead_client:
        yield lead_client


@pytest.fixture(scope="session")
def persona_batch(
    lead_target: TargetUnderTest, target_settings: Settings, tokens: TokenProvider
) -> dict[int, Created]:
    """One lead per persona code of the target, created concurrently once.

    The batch is shared: tests that read it must not change its leads, except
    the submit tests, which own the qualified (1013-1017) leads.
    """
    book = lead_target.personas
    codes = [code for code in PERSONA_CODES if code in book.codes]
    return create_batch(target_settings, tokens, book, codes)


@pytest.fixture
def batch_lead(
    persona_batch: dict[int, Created], request: pytest.FixtureRequest
) -> Created:
    """The batch lead for the code given by indirect parametrization.

    Skips when the target declares no persona for that code.
    """
    code = request.param
    if code not in persona_batch:
        pytest.skip(f"the target declares no persona producing {code}")
    return persona_batch[code]
