"""Clients that close before their simulator stops, and fresh leads."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import pytest

from leadharness.client import LeadClient
from leadharness.contract.operations import EXAMPLE_LEAD
from leadharness.contract.personas import load_personas


@pytest.fixture
def make_client() -> Iterator:
    """Make LeadClients; each is closed before any simulator stops."""
    made: list[LeadClient] = []

    def make(settings, tokens=None, **options) -> LeadClient:
        made.append(LeadClient(settings, tokens, **options))
        return made[-1]

    yield make
    for client in made:
        client.close()


@pytest.fixture
def client(simulator, make_client) -> LeadClient:
    """A client of the module's simulator."""
    return make_client(simulator.settings())


@pytest.fixture
def lead_for():
    """Make leads: the document's example, fresh contact details, a persona's fields."""
    return fresh_lead


def fresh_lead(code: int | None = None) -> dict[str, object]:
    """The document's example with fresh contact details, and a persona's fields."""
    tag = secrets.token_hex(4)
    lead = {
        **EXAMPLE_LEAD,
        "email": f"c-{tag}@example.com",
        "leadId": f"t-{tag}",
        "homePhone": f"816{2 + secrets.randbelow(8)}{secrets.randbelow(10**6):06d}",
    }
    if code is not None:
        lead = load_personas().for_code(code).apply(lead)
    return lead
