"""Typed answers of the three operations: ``Lead`` and ``SubmitResult``.

Parsing checks the shape the schema promises (types, non-null fields) and
raises ContractViolation with a stable rule name when an answer does not fit.
Semantic rules (the id echoed, the code documented, a final code unchanged)
are the suites' to judge: a troubleshooting user still sees such an answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from leadharness.contract.codes import (
    PROCESSING_CODES,
    RESULT_CODES,
    ResultCode,
    describe,
)
from leadharness.errors import ContractViolation

__all__ = ["Lead", "SubmitResult"]


def _field(
    payload: Mapping[str, Any],
    name: str,
    kinds: tuple[type, ...],
    *,
    operation: str,
    rule: str,
    nullable: bool,
) -> Any:
    value = payload.get(name)
    if value is None and nullable:
        return None
    ok = isinstance(value, kinds) and not isinstance(value, bool)
    if not ok or (isinstance(value, str) and not value and not nullable):
        expected = " or ".join(k.__name__ for k in kinds) + (
            " or null" if nullable else ""
        )
        raise ContractViolation(
            f"{operation} answered {name}={type(value).__name__} "
            f"{_excerpt(value)}, expected {expected} (schema.graphql)",
            operation=operation,
            rule=rule,
        )
    return value


def _excerpt(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _mapping(payload: object, operation: str, rule: str) -> Mapping[str, Any]:
    if not isinstance(payload, Mapping):
        raise ContractViolation(
            f"{operation} answered {type(payload).__name__}, expected an object",
            operation=operation,
            rule=rule,
        )
    return payload


@dataclass(frozen=True)
class Lead:
    """A lead as createLead or getLeadStatus reports it."""

    id: str
    result_code: int
    note: str | None
    partner_lead_id: str | None
    bid_value: float | None

    @classmethod
    def from_graphql(cls, payload: object, operation: str) -> Lead:
        """Parse a ``Lead`` object; ContractViolation if it breaks the schema."""
        data = _mapping(payload, operation, "lead.shape")
        rule = "lead.shape"
        return cls(
            id=_field(
                data, "id", (str,), operation=operation, rule="lead.id", nullable=False
            ),
            result_code=_field(
                data,
                "resultCode",
                (int,),
                operation=operation,
                rule="lead.result_code",
                nullable=False,
            ),
            note=_field(
                data, "note", (str,), operation=operation, rule=rule, nullable=True
            ),
            partner_lead_id=_field(
                data,
                "partnerLeadId",
                (str,),
                operation=operation,
                rule=rule,
                nullable=True,
            ),
            bid_value=_field(
                data,
                "bidValue",
                (int, float),
                operation=operation,
                rule="lead.bid_value",
                nullable=True,
            ),
        )

    @property
    def code(self) -> ResultCode | None:
        """The code table's entry for ``result_code``; None if undocumented."""
        return RESULT_CODES.get(self.result_code)

    @property
    def documented(self) -> bool:
        """True when the onboarding document lists ``result_code``."""
        return self.code is not None

    @property
    def processing(self) -> bool:
        """True for 1000 and 1001: the lead will settle into another code."""
        return self.result_code in PROCESSING_CODES

    @property
    def final(self) -> bool:
        """True unless processing; an undocumented code counts as final."""
        return not self.processing

    @property
    def submit_eligible(self) -> bool:
        """True for 1013-1017, the only codes submitLead accepts."""
        return self.code is not None and self.code.submit_eligible

    @property
    def description(self) -> str:
        """``1013 PRODUCT_CODE_3225`` style label of the code."""
        return describe(self.result_code)

    def to_json(self) -> dict[str, object]:
        """The lead in the API's own field names."""
        return {
            "id": self.id,
            "resultCode": self.result_code,
            "note": self.note,
            "partnerLeadId": self.partner_lead_id,
            "bidValue": self.bid_value,
        }


@dataclass(frozen=True)
class SubmitResult:
    """The answer to submitLead.

    ``attempts`` above 1 means the client retried: a 1022 may then answer
    the client's own first, unanswered submit.
    """

    lead_id: str
    status_code: int
    crm_record_id: str | None
    crm: str | None
    attempts: int = 1

    @classmethod
    def from_graphql(
        cls, payload: object, operation: str, attempts: int = 1
    ) -> SubmitResult:
        """Parse a ``SubmitLeadResult``; ContractViolation if it breaks the schema."""
        data = _mapping(payload, operation, "submit.shape")
        return cls(
            lead_id=_field(
                data,
                "leadId",
                (str,),
                operation=operation,
                rule="submit.lead_id",
                nullable=False,
            ),
            status_code=_field(
                data,
                "statusCode",
                (int,),
                operation=operation,
                rule="submit.status_code",
                nullable=False,
            ),
            crm_record_id=_field(
                data,
                "crmRecordId",
                (str,),
                operation=operation,
                rule="submit.shape",
                nullable=True,
            ),
            crm=_field(
                data,
                "crm",
                (str,),
                operation=operation,
                rule="submit.shape",
                nullable=True,
            ),
            attempts=attempts,
        )

    @property
    def first_submit(self) -> bool:
        """True for 1021: this call put the lead into the CRM."""
        return self.status_code == 1021

    @property
    def already_submitted(self) -> bool:
        """True for 1022: an earlier call had put the lead into the CRM."""
        return self.status_code == 1022

    @property
    def description(self) -> str:
        """``1021 CRM_SUBMITTED`` style label of the status code."""
        return describe(self.status_code)

    def to_json(self) -> dict[str, object]:
        """The result in the API's own field names."""
        return {
            "leadId": self.lead_id,
            "statusCode": self.status_code,
            "crmRecordId": self.crm_record_id,
            "crm": self.crm,
        }
