"""The partner workflow as a state machine checked against a model of the contract.

Hypothesis interleaves create, read, submit, resubmit and duplicate in any
order; the model says what each step must answer: duplicates of a lead get
1003 (1004 once the lead is in the CRM), the first submit of a qualified lead
1021 with a record and every later one 1022 with the same record, a refused
submit changes nothing, and a read agrees with everything before it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    rule,
    run_state_machine_as_test,
)

from leadharness.client import LeadClient
from leadharness.contract.codes import PROCESSING_CODES, QUALIFIED_CODES
from strategies import duplicate_of, valid_leads
from tests_contract import budget
from tests_contract.answers import code_text
from tests_contract.checks import (
    check_created,
    check_status,
    check_submit_accepted,
    check_submit_refused,
    read_status,
    wait_settled,
)
from tests_contract.leads import create, submit
from tests_contract.rulebook import check
from tests_contract.target import TargetUnderTest

# Each run is a handful of steps, each step one to three requests.
_RUNS = budget.examples(1 / 4, floor=5)
_STEPS = budget.steps(12)


@dataclass
class ModelLead:
    """What the model knows of one lead the machine created."""

    id: str
    partner_id: str
    sent: dict[str, Any]
    code: int
    record: str | None = None


class LeadWorkflow(RuleBasedStateMachine):
    """Create, read, submit, resubmit and duplicate leads in any order."""

    leads = Bundle("leads")

    def __init__(self, client: LeadClient, settle_deadline: float) -> None:
        super().__init__()
        self.client = client
        self.settle_deadline = settle_deadline

    def _created(self, lead: dict[str, Any]) -> ModelLead:
        answer = check_created(create(self.client, lead))
        return ModelLead(str(answer["id"]), lead["leadId"], lead, answer["resultCode"])

    def _settle(self, lead: ModelLead) -> None:
        if lead.code in PROCESSING_CODES:
            settled = wait_settled(
                self.client, lead.id, lead.partner_id, self.settle_deadline
            )
            lead.code = settled["resultCode"]

    @rule(target=leads, lead=valid_leads())
    def create_lead(self, lead: dict[str, Any]) -> ModelLead:
        return self._created(dict(lead))

    @rule(target=leads, original=leads, data=st.data())
    def create_duplicate(self, original: ModelLead, data: st.DataObject) -> ModelLead:
        # Another lead with the same contact may be in the CRM, so 1004 is
        # always allowed; only a submitted original demands it.
        allowed = (1004,) if original.record else (1003, 1004)
        duplicate = self._created(dict(data.draw(duplicate_of(original.sent))))
        check(
            duplicate.code in allowed,
            "dup.phone_email",
            f"a duplicate got {code_text(duplicate.code)}, expected "
            + " or ".join(map(str, allowed)),
        )
        return duplicate

    @rule(lead=leads)
    def read(self, lead: ModelLead) -> None:
        self._settle(lead)
        current = read_status(self.client, lead.id, lead.partner_id)["resultCode"]
        check_status(lead.code, current, submitted=lead.record is not None)

    @rule(lead=leads)
    def submit(self, lead: ModelLead) -> None:
        self._settle(lead)
        response = submit(self.client, lead.id)
        if lead.code in QUALIFIED_CODES:
            lead.record = check_submit_accepted(response, lead.id, lead.record)
            return
        check_submit_refused(response, lead.code)
        current = read_status(self.client, lead.id, lead.partner_id)["resultCode"]
        check(
            current == lead.code,
            "submit.status_unchanged",
            f"a refused submit moved the status from {lead.code} to {current}",
        )


@pytest.mark.destructive
@pytest.mark.rule("workflow.model")
def test_workflow_fits_the_model(
    client: LeadClient, lead_target: TargetUnderTest
) -> None:
    deadline = lead_target.settle_deadline()
    run_state_machine_as_test(
        lambda: LeadWorkflow(client, deadline),  # type: ignore[arg-type]
        settings=settings(max_examples=_RUNS, stateful_step_count=_STEPS),
    )
