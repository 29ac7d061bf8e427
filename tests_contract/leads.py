"""Leads the example-based suites send, and the batch of persona leads.

Example-based tests need leads outside a Hypothesis context, so they start
from the onboarding document's example and replace everything that must be
unique or synthetic: the partner's leadId, phone and email (so no lead is a
duplicate unless a test asks for one) and the SSN (a never-issued 9xx number
outside the persona group, so no lead matches a persona by accident).

The persona batch creates one lead per persona concurrently, because on a
real target each createLead may take 30 seconds: the whole batch then costs
one credit pull's time, not fifteen.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import random
import secrets
from dataclasses import dataclass
from typing import Any

from leadharness.client import AsyncLeadClient, GraphQLResponse, LeadClient
from leadharness.contract.operations import (
    CREATE_LEAD,
    CREATE_LEAD_OPERATION,
    EXAMPLE_LEAD,
    GET_LEAD_STATUS,
    GET_LEAD_STATUS_OPERATION,
    SUBMIT_LEAD,
    SUBMIT_LEAD_OPERATION,
)
from leadharness.contract.personas import Persona, PersonaBook
from leadharness.settings import Settings
from tests_contract.answers import field_of

__all__ = [
    "Created",
    "BATCH_CONCURRENCY",
    "create",
    "create_batch",
    "fresh_lead",
    "status",
    "submit",
    "unknown_id",
]

# Concurrent creates in the persona batch: enough to overlap credit pulls,
# few enough not to look like load on a partner's sandbox.
BATCH_CONCURRENCY = 8

_RUN = secrets.token_hex(3)
_COUNTER = itertools.count(1)
_RANDOM = random.Random()


@dataclass(frozen=True)
class Created:
    """One createLead call: what was sent and what came back."""

    sent: dict[str, Any]
    response: GraphQLResponse
    persona: Persona | None = None

    @property
    def lead(self) -> dict[str, Any] | None:
        """The ``createLead`` object of the answer, if any."""
        return field_of(self.response, "createLead")

    @property
    def id(self) -> str | None:
        """The id the target gave the lead, if any."""
        lead = self.lead
        return str(lead["id"]) if lead and lead.get("id") not in (None, "") else None

    @property
    def code(self) -> object:
        """The result code createLead answered (whatever type it came as)."""
        lead = self.lead
        return lead.get("resultCode") if lead else None


def fresh_lead(**overrides: Any) -> dict[str, Any]:
    """The onboarding example with a unique leadId, phone, email and a synthetic SSN."""
    n = next(_COUNTER)
    lead = dict(EXAMPLE_LEAD)
    lead.update(
        leadId=f"ct-{_RUN}-{os.getpid()}-{n}",
        email=f"contract-{_RUN}-{os.getpid()}-{n}@example.com",
        homePhone=f"{_RANDOM.randint(201, 989)}55501{_RANDOM.randint(0, 99):02d}",
        # Area 9xx is never issued; group 10-49 is outside the persona group
        # (01) and outside the ITIN groups (50 and up).
        socialSecurityNumber=(
            f"9{_RANDOM.randint(10, 99)}{_RANDOM.randint(10, 49)}"
            f"{_RANDOM.randint(1, 9999):04d}"
        ),
    )
    lead.update(overrides)
    return lead


def unknown_id() -> str:
    """An id no target has given out."""
    return f"no-such-lead-{secrets.token_hex(8)}"


def create(
    client: LeadClient, lead: dict[str, Any], persona: Persona | None = None
) -> Created:
    """Send createLead with ``lead`` and keep the raw answer."""
    response = client.execute(CREATE_LEAD, {"input": lead}, CREATE_LEAD_OPERATION)
    return Created(lead, response, persona)


def status(client: LeadClient, lead_id: str, *, token: Any = "auto") -> GraphQLResponse:
    """Send getLeadStatus for ``lead_id`` and return the raw answer."""
    return client.execute(
        GET_LEAD_STATUS, {"id": lead_id}, GET_LEAD_STATUS_OPERATION, token=token
    )


def submit(client: LeadClient, lead_id: str) -> GraphQLResponse:
    """Send submitLead for ``lead_id`` and return the raw answer."""
    return client.execute(
        SUBMIT_LEAD, {"input": {"leadId": lead_id}}, SUBMIT_LEAD_OPERATION
    )


def create_batch(
    settings: Settings, tokens: Any, book: PersonaBook, codes: list[int]
) -> dict[int, Created]:
    """One lead per code in ``codes``, created concurrently from its persona."""
    planned = [(code, book.for_code(code)) for code in codes]
    return asyncio.run(_create_all(settings, tokens, planned))


async def _create_all(
    settings: Settings, tokens: Any, planned: list[tuple[int, Persona]]
) -> dict[int, Created]:
    gate = asyncio.Semaphore(BATCH_CONCURRENCY)
    async with AsyncLeadClient(settings, tokens) as client:

        async def one(persona: Persona) -> Created:
            lead = persona.apply(fresh_lead())
            async with gate:
                response = await client.execute(
                    CREATE_LEAD, {"input": lead}, CREATE_LEAD_OPERATION
                )
            return Created(lead, response, persona)

        made = await asyncio.gather(*(one(persona) for _code, persona in planned))
    return {
        code: created for (code, _persona), created in zip(planned, made, strict=True)
    }
