"""The schema-fuzzing suite's conformance check rejects answers that break the SDL.

No simulator defect breaks the schema's types, so this proves the check in
tests_contract/test_schema.py can fail, on hand-made answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests_contract.test_schema import _fits_schema

_QUERY = 'query { getLeadStatus(id: "x") { id resultCode partnerLeadId bidValue } }'


@dataclass
class _Case:
    body: Any


def test_a_fitting_answer_has_no_problems() -> None:
    data = {
        "getLeadStatus": {
            "id": "1",
            "resultCode": 1008,
            "partnerLeadId": "p",
            "bidValue": None,
        }
    }
    assert _fits_schema(_Case(_QUERY), data) == []


@pytest.mark.parametrize(
    "lead",
    [
        {"id": None, "resultCode": 1008, "partnerLeadId": "p", "bidValue": None},
        {"id": "1", "resultCode": "1008x", "partnerLeadId": "p", "bidValue": None},
        {"id": "1", "resultCode": 1008, "partnerLeadId": "p", "bidValue": "high"},
    ],
    ids=["null-id", "string-code", "string-bid"],
)
def test_an_answer_breaking_the_sdl_is_reported(lead: dict[str, Any]) -> None:
    assert _fits_schema(_Case({"query": _QUERY}), {"getLeadStatus": lead})
