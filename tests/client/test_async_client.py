"""AsyncLeadClient has LeadClient's surface and behaviour, awaitable."""

from __future__ import annotations

import asyncio

import pytest

from leadharness.auth import TokenProvider
from leadharness.client import AsyncLeadClient
from leadharness.errors import GraphQLResponseError


def test_async_round_trip_shares_one_token(simulator, lead_for):
    async def scenario():
        with TokenProvider(simulator.settings()) as tokens:
            async with AsyncLeadClient(simulator.settings(), tokens) as client:
                leads = await asyncio.gather(
                    *(client.create_lead(lead_for(1013)) for _ in range(8))
                )
                first = await client.submit_lead(leads[0].id)
                again = await client.submit_lead(leads[0].id)
                status = await client.get_lead_status(leads[0].id)
                return leads, first, again, status, tokens.acquisitions

    leads, first, again, status, acquisitions = asyncio.run(scenario())
    assert {lead.result_code for lead in leads} == {1013}
    assert len({lead.id for lead in leads}) == 8
    assert (first.status_code, again.status_code, status.result_code) == (
        1021,
        1022,
        1021,
    )
    assert acquisitions == 1


def test_async_errors_match_the_sync_ones(simulator):
    async def scenario():
        async with AsyncLeadClient(simulator.settings()) as client:
            raw = await client.execute("{ __typename }", token=None)
            with pytest.raises(GraphQLResponseError, match="NOT_FOUND"):
                await client.get_lead_status("no-such-lead")
            return raw

    assert asyncio.run(scenario()).status == 401


def test_async_polling_waits_for_settlement(simulator, lead_for):
    async def scenario():
        async with AsyncLeadClient(simulator.settings()) as client:
            lead = await client.create_lead(lead_for(1001))
            return lead, await client.wait_until_settled(lead.id, deadline_seconds=10)

    created, settled = asyncio.run(scenario())
    assert created.result_code == 1001
    assert settled.result_code == 1014
