"""The fast path answers exactly what graphql-core would, or declines."""

from __future__ import annotations

import asyncio
import random
import re
from typing import Any

import pytest

from leadharness.contract import operations as ops
from leadharness.contract.personas import load_personas
from leadharness.contract.rules import check_lead
from leadharness.simulator import SimulatorConfig
from leadharness.simulator.checks import check_lead_cached
from leadharness.simulator.fastpath import FastPath
from leadharness.simulator.graphql_exec import GraphQLExecutor
from leadharness.simulator.outcomes import PersonaIndex
from leadharness.simulator.service import LeadService

from .helpers import unique_lead

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_CRM = re.compile(r"CRM-[0-9A-F]{12}")


def _normalise(body: dict[str, Any]) -> str:
    return _CRM.sub("CRM-X", _UUID.sub("ID", repr(body)))


def _service() -> LeadService:
    config = SimulatorConfig(time_scale=0, seed=3).validate()
    return LeadService(config, load_personas(), random.Random(3))


def _leads() -> list[dict[str, Any]]:
    leads = [
        unique_lead(socialSecurityNumber="900011014"),
        unique_lead(socialSecurityNumber="900011008"),
        unique_lead(socialSecurityNumber="900011000"),
        unique_lead(zipCode="1", state="ZZ", dateOfBirth="2020-02-02"),
    ]
    return [*leads, dict(leads[0], leadId="dup")]


def _script(run: Any, leads: list[dict[str, Any]]) -> list[tuple[int, str]]:
    """Create, read, submit and misuse leads through ``run``; collect answers."""

    async def go() -> list[tuple[int, str]]:
        answers = []
        ids = []
        for lead in leads:
            answer = await run(ops.CREATE_LEAD, {"input": lead}, "TestMinimalLead")
            answers.append((answer.status, _normalise(answer.body)))
            data = answer.body.get("data") or {}
            if data.get("createLead"):
                ids.append(data["createLead"]["id"])
        for lead_id in [*ids, "unknown-id"]:
            for query, variables in (
                (ops.GET_LEAD_STATUS, {"id": lead_id}),
                (ops.SUBMIT_LEAD, {"input": {"leadId": lead_id}}),
                (ops.SUBMIT_LEAD, {"input": {"leadId": lead_id}}),
            ):
                answer = await run(query, variables, None)
                answers.append((answer.status, _normalise(answer.body)))
        return answers

    return asyncio.run(go())


def test_fast_path_and_graphql_core_agree_on_every_answer() -> None:
    fast = FastPath(_service())
    general = GraphQLExecutor(_service())
    taken: list[bool] = []

    async def via_fast(query: str, variables: Any, name: Any) -> Any:
        answer = await fast.run(query, variables, name)
        taken.append(answer is not None)
        return answer

    leads = _leads()
    fast_answers = _script(via_fast, leads)
    general_answers = _script(general.run, leads)
    assert all(taken)
    assert fast_answers == general_answers


@pytest.mark.parametrize(
    "variables",
    [
        {"input": {**ops.EXAMPLE_LEAD, "extra": 1}},
        {"input": {k: v for k, v in ops.EXAMPLE_LEAD.items() if k != "city"}},
        {"input": {**ops.EXAMPLE_LEAD, "incomeSourceId": True}},
        {"input": {**ops.EXAMPLE_LEAD, "monthlyIncome": "4000"}},
        {"input": {**ops.EXAMPLE_LEAD, "loanPurposeId": 2**31}},
        {"input": None},
        [],
    ],
)
def test_fast_path_declines_anything_not_well_typed(variables: Any) -> None:
    fast = FastPath(_service())
    assert asyncio.run(fast.run(ops.CREATE_LEAD, variables, None)) is None


def test_fast_path_declines_other_documents_and_operation_names() -> None:
    fast = FastPath(_service())
    variables = {"id": "x"}
    assert asyncio.run(fast.run(ops.GET_LEAD_STATUS + " ", variables, None)) is None
    assert asyncio.run(fast.run(ops.GET_LEAD_STATUS, variables, "Other")) is None


def test_cached_checks_agree_with_check_lead() -> None:
    leads = [
        unique_lead(),
        unique_lead(zipCode="1", state="ZZ"),
        unique_lead(dateOfBirth="2099-01-01", incomeSourceId=True),
        unique_lead(monthlyIncome=1.0, loanAmount=1),
        unique_lead(email=" "),
        unique_lead(firstName="A" * 60, clientIP="1.2.3"),
        {"extra": [1]},
    ]
    for lead in leads:
        assert check_lead_cached(lead) == check_lead(lead)
        assert check_lead_cached(lead) == check_lead(lead)


def test_persona_index_finds_what_the_book_finds() -> None:
    book = load_personas()
    index = PersonaIndex(book)
    for persona in book.personas:
        lead = persona.apply(unique_lead())
        assert index.find(lead) is book.find(lead)
    assert index.find(unique_lead()) is None
