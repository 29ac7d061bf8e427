"""The Lead API's domain behaviour: createLead, getLeadStatus and submitLead.

Both GraphQL paths (graphql-core and the fast path) call this module, so they
cannot disagree on outcomes. Methods return the operation's result as a dict
in the contract's field order, or raise DomainErrors (GraphQL errors with data
null, HTTP 200) or ServerFault (an HTTP 5xx answer).
"""

from __future__ import annotations

import hashlib
import random
import time
import uuid
from collections.abc import Mapping
from typing import Any

from leadharness.contract.codes import PROCESSING_CODES, QUALIFIED_CODES, RESULT_CODES
from leadharness.contract.personas import PersonaBook
from leadharness.simulator.checks import check_lead_cached
from leadharness.simulator.config import SimulatorConfig
from leadharness.simulator.outcomes import Outcome, PersonaIndex, bid_value, decide
from leadharness.simulator.store import LeadRecord, LeadStore
from leadharness.simulator.timing import CreditPull, PullCapacity

__all__ = ["CRM_NAME", "DomainErrors", "LeadService", "ServerFault"]

CRM_NAME = "Salesforce"
_UNDOCUMENTED = 1234
_MAX_ECHOED_ID = 64


class DomainErrors(Exception):
    """GraphQL errors for one field: each entry has a message and extensions."""

    def __init__(self, entries: list[dict[str, Any]]):
        super().__init__(entries[0]["message"] if entries else "domain error")
        self.entries = entries


class ServerFault(Exception):
    """An answer the service gives as an HTTP 5xx (only defects raise it)."""

    def __init__(self, message: str, status: int = 500):
        super().__init__(message)
        self.status = status


def _error(message: str, code: str, **extra: Any) -> dict[str, Any]:
    return {"message": message, "extensions": {"code": code, **extra}}


def _note(code: int) -> str | None:
    entry = RESULT_CODES.get(code)
    return entry.description if entry else None


def contact_key(lead: Mapping[str, object]) -> bytes:
    """A digest of phone and email: duplicates are found without keeping either."""
    raw = f"{lead.get('homePhone')}\x1f{lead.get('email')}".encode()
    return hashlib.blake2b(raw, digest_size=16).digest()


class LeadService:
    """Lead behaviour for one simulator: store, outcomes, pulls and defects."""

    def __init__(
        self, config: SimulatorConfig, personas: PersonaBook, rng: random.Random
    ) -> None:
        self.config = config
        self.personas = personas
        self._persona_index = PersonaIndex(personas)
        self.store = LeadStore(config.max_leads)
        self.pull = CreditPull(config, rng)
        self.capacity = PullCapacity(config)
        self._defect = config.defect

    def _has(self, defect: str) -> bool:
        return self._defect == defect

    # createLead -----------------------------------------------------------

    async def create_lead(self, lead: Mapping[str, Any]) -> dict[str, Any]:
        """Validate, de-duplicate, pull credit and answer with the lead's code."""
        self._check_rules(lead)
        record = self._new_record(lead)
        existing = self.store.add(
            record, check_duplicate=not self._has("no-duplicates")
        )
        if existing is not None:
            record.code = 1004 if existing.crm_record_id else 1003
            record.bid_value = None
            record.settles_to = record.settle_at = None
            self.store.add_unchecked(record)
            return self._lead_answer(record, lead)
        if not self.config.async_mode:
            try:
                await self.capacity.run(self.pull.real_seconds(self.pull.sample()))
            except BaseException:
                self.store.remove(record.id)
                raise
        return self._lead_answer(record, lead)

    def _check_rules(self, lead: Mapping[str, Any]) -> None:
        if self._has("invalid-creates-lead"):
            return
        violations = check_lead_cached(lead)
        if not violations:
            return
        if self._has("5xx-on-bad-input"):
            raise ServerFault("Internal server error")
        raise DomainErrors(
            [
                _error(v.message, "BAD_USER_INPUT", field=v.field, rule=v.rule)
                for v in violations
            ]
        )

    def _new_record(self, lead: Mapping[str, Any]) -> LeadRecord:
        outcome = decide(lead, self._persona_index)
        record = LeadRecord(
            id=self.store.new_id(),
            partner_lead_id=str(lead.get("leadId", "")),
            code=outcome.code,
            bid_value=bid_value(outcome.code, lead),
            dup_key=contact_key(lead),
        )
        self._schedule(record, outcome, lead)
        if record.code == 1008 and self._has("undocumented-code"):
            record.code = _UNDOCUMENTED
        if self._has("negative-bid"):
            record.bid_value = -abs(record.bid_value or 25.0)
        return record

    def _schedule(
        self, record: LeadRecord, outcome: Outcome, lead: Mapping[str, Any]
    ) -> None:
        config = self.config
        if config.async_mode:
            final = (
                outcome.settles_to if outcome.code in PROCESSING_CODES else outcome.code
            )
            delay = config.settle_seconds + self.pull.sample()
            record.code, record.settles_to = 1000, final
            record.bid_value = bid_value(final or 0, lead)
        elif outcome.code in PROCESSING_CODES:
            delay = config.settle_seconds
            record.settles_to = outcome.settles_to
            record.bid_value = bid_value(outcome.settles_to or 0, lead)
        else:
            return
        if not self._has("stuck-processing"):
            record.settle_at = time.monotonic() + config.scaled(delay)

    def _lead_answer(
        self, record: LeadRecord, lead: Mapping[str, Any]
    ) -> dict[str, Any]:
        partner_id: str | None = record.partner_lead_id
        if self._has("missing-field"):
            partner_id = None
        elif self._has("id-not-echoed"):
            partner_id = f"{record.partner_lead_id}-sim"
        return self._as_lead(record, record.code, partner_id)

    @staticmethod
    def _as_lead(
        record: LeadRecord, code: int, partner_id: str | None
    ) -> dict[str, Any]:
        # Only a processing lead reports its expected bid; it is not final yet.
        bid = record.bid_value if code not in PROCESSING_CODES else None
        return {
            "id": record.id,
            "resultCode": code,
            "note": _note(code),
            "partnerLeadId": partner_id,
            "bidValue": bid,
        }

    # getLeadStatus --------------------------------------------------------

    def get_lead_status(self, lead_id: str) -> dict[str, Any]:
        """The lead's current state, or a NOT_FOUND error."""
        record = self.store.get(lead_id)
        if record is None:
            return self._not_found(lead_id, "getLeadStatus")
        code = record.code
        if self._has("final-code-changes") and self._changes_on_read(code):
            code = 9999 if code != 9999 else 1008
        answer = self._as_lead(record, code, record.partner_lead_id)
        if self._has("status-other-lead"):
            other = self.store.any_other(lead_id)
            answer["id"] = other.id if other else str(uuid.uuid4())
            answer["partnerLeadId"] = other.partner_lead_id if other else "other-lead"
        return answer

    @staticmethod
    def _changes_on_read(code: int) -> bool:
        return (
            code not in PROCESSING_CODES
            and code not in QUALIFIED_CODES
            and code not in (1021, 1022)
        )

    def _not_found(self, lead_id: str, operation: str) -> dict[str, Any]:
        if self._has("not-found-500"):
            raise ServerFault("Internal server error")
        if self._has("not-found-empty"):
            empty = {
                "id": lead_id,
                "resultCode": 0,
                "note": "",
                "partnerLeadId": "",
                "bidValue": None,
            }
            if operation == "submitLead":
                return {
                    "leadId": lead_id,
                    "statusCode": 0,
                    "crmRecordId": "",
                    "crm": "",
                }
            return empty
        shown = lead_id[:_MAX_ECHOED_ID]
        raise DomainErrors(
            [
                _error(
                    f"Lead not found: no lead has id '{shown}'. Use the id that createLead "
                    "returned (not your own leadId), on the environment that created it.",
                    "NOT_FOUND",
                )
            ]
        )

    # submitLead -----------------------------------------------------------

    def submit_lead(self, lead_id: str) -> dict[str, Any]:
        """Submit a qualified lead to the CRM: 1021 once, 1022 after that."""
        record = self.store.get(lead_id)
        if record is None:
            return self._not_found(lead_id, "submitLead")
        if record.crm_record_id is not None:
            return self._resubmit(record)
        if record.code in QUALIFIED_CODES or self._has("submit-unqualified"):
            record.crm_record_id = f"CRM-{uuid.uuid4().hex[:12].upper()}"
            record.crm = CRM_NAME
            record.code = 1021
            return self._submit_answer(record, 1021)
        refused_code = record.code
        if self._has("refused-submit-changes-status"):
            record.code = 1021
        raise DomainErrors(
            [
                _error(
                    f"Lead {record.id} cannot be submitted: its result code is "
                    f"{refused_code} ({_note(refused_code) or 'undocumented'}); only leads "
                    "with 1013-1017 are eligible.",
                    "FORBIDDEN",
                    resultCode=refused_code,
                )
            ]
        )

    def _resubmit(self, record: LeadRecord) -> dict[str, Any]:
        if self._has("resubmit-1021"):
            return self._submit_answer(record, 1021)
        if self._has("resubmit-new-record"):
            record.crm_record_id = f"CRM-{uuid.uuid4().hex[:12].upper()}"
        return self._submit_answer(record, 1022)

    @staticmethod
    def _submit_answer(record: LeadRecord, status: int) -> dict[str, Any]:
        return {
            "leadId": record.id,
            "statusCode": status,
            "crmRecordId": record.crm_record_id,
            "crm": record.crm,
        }
