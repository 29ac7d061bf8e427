"""The contract's checks on one answer, shared by every suite.

Example tests, property tests and the state machine all judge answers with
these functions, so a rule means the same thing wherever it is checked and
its failure always quotes the same rule id.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from leadharness.client import GraphQLResponse, LeadClient
from leadharness.contract.codes import (
    PROCESSING_CODES,
    QUALIFIED_CODES,
    is_documented,
)
from tests_contract.answers import (
    code_text,
    describe,
    field_of,
    has_no_data,
    is_not_found,
    is_server_error,
)
from tests_contract.leads import Created, status
from tests_contract.rulebook import check

__all__ = [
    "check_created",
    "check_not_found",
    "check_status",
    "check_submit_accepted",
    "check_submit_refused",
    "read_status",
    "wait_settled",
]

# Pause between status reads while waiting for a processing code to settle.
_POLL_SECONDS = 0.05


def check_created(created: Created) -> dict[str, Any]:
    """createLead's answer: an id, a documented code, the echo, a sane bid."""
    response, lead = created.response, created.lead
    check(
        lead is not None and not response.errors,
        "create.id",
        f"a valid lead was not created: {describe(response)}",
    )
    assert lead is not None
    check(
        lead.get("id") not in (None, ""), "create.id", f"empty id: {describe(response)}"
    )
    code = lead.get("resultCode")
    check(
        is_documented(code),
        "create.documented_code",
        f"resultCode {code!r} is not in the onboarding document's table",
    )
    check(
        lead.get("partnerLeadId") == created.sent["leadId"],
        "create.echo",
        f"partnerLeadId {lead.get('partnerLeadId')!r} is not the input leadId "
        f"{created.sent['leadId']!r}",
    )
    check_bid(lead)
    return lead


def check_bid(lead: Mapping[str, Any]) -> None:
    """bidValue is null or a non-negative number, and positive for qualified codes."""
    bid, code = lead.get("bidValue"), lead.get("resultCode")
    is_number = isinstance(bid, (int, float)) and not isinstance(bid, bool)
    check(
        bid is None or (is_number and bid >= 0),
        "create.bid_range",
        f"bidValue {bid!r} for {code_text(code)} is not null or non-negative",
    )
    if code in QUALIFIED_CODES:
        check(
            isinstance(bid, (int, float)) and bid > 0,
            "create.bid_range",
            f"bidValue {bid!r} for qualified {code_text(code)} is not positive",
        )


def read_status(client: LeadClient, lead_id: str, partner_id: str) -> dict[str, Any]:
    """getLeadStatus of a lead: same id and partnerLeadId, documented code."""
    response = status(client, lead_id)
    lead = field_of(response, "getLeadStatus")
    check(
        lead is not None and not response.errors,
        "status.consistent",
        f"getLeadStatus of a created lead gave no lead: {describe(response)}",
    )
    assert lead is not None
    check(
        str(lead.get("id")) == lead_id,
        "status.consistent",
        f"getLeadStatus answered id {lead.get('id')!r} for lead {lead_id!r}",
    )
    check(
        lead.get("partnerLeadId") == partner_id,
        "status.consistent",
        f"getLeadStatus answered partnerLeadId {lead.get('partnerLeadId')!r}, "
        f"createLead was sent {partner_id!r}",
    )
    check(
        is_documented(lead.get("resultCode")),
        "status.documented_code",
        f"resultCode {lead.get('resultCode')!r} is not in the onboarding "
        "document's table",
    )
    return lead


def check_status(previous: object, current: object, *, submitted: bool) -> None:
    """The code moved only as clause 2 allows: processing settles, 1021 after submit."""
    if previous in PROCESSING_CODES:
        return
    if submitted:
        check(
            current == 1021,
            "submit.status_1021",
            f"status reads {code_text(current)} after a submit, expected 1021",
        )
        return
    check(
        current == previous,
        "status.final_stable",
        f"final code {code_text(previous)} now reads {code_text(current)}",
    )


def wait_settled(
    client: LeadClient, lead_id: str, partner_id: str, deadline_seconds: float
) -> dict[str, Any]:
    """Poll until the code is not 1000/1001; fail status.settles at the deadline."""
    give_up = time.monotonic() + deadline_seconds
    while True:
        lead = read_status(client, lead_id, partner_id)
        if lead.get("resultCode") not in PROCESSING_CODES:
            return lead
        check(
            time.monotonic() < give_up,
            "status.settles",
            f"still {code_text(lead.get('resultCode'))} after {deadline_seconds:g} s",
        )
        time.sleep(_POLL_SECONDS)


def check_submit_accepted(
    response: GraphQLResponse, lead_id: str, first_record: str | None
) -> str:
    """A qualified lead's submit: 1021 and a record, then 1022 and the same one."""
    result = field_of(response, "submitLead")
    check(
        result is not None and not response.errors,
        "submit.qualified_accepted",
        f"submit of a qualified lead was refused: {describe(response)}",
    )
    assert result is not None
    record = result.get("crmRecordId")
    if first_record is None:
        check(
            result.get("statusCode") == 1021 and record and result.get("crm"),
            "submit.qualified_accepted",
            f"first submit answered statusCode {result.get('statusCode')!r}, "
            f"crmRecordId {record!r}, crm {result.get('crm')!r}; "
            "expected 1021 with both",
        )
        return str(record)
    check(
        result.get("statusCode") == 1022,
        "submit.once",
        f"a later submit answered statusCode {result.get('statusCode')!r}, "
        "expected 1022",
    )
    check(
        record == first_record,
        "submit.once",
        f"a later submit answered crmRecordId {record!r}, "
        f"the first gave {first_record!r}",
    )
    return first_record


def check_submit_refused(response: GraphQLResponse, code: object) -> None:
    """A submit of a lead that is not 1013-1017: a GraphQL error, no result, no 5xx."""
    check(
        not is_server_error(response),
        "submit.refused",
        f"submit of a {code_text(code)} lead got a server error: {describe(response)}",
    )
    check(
        bool(response.errors) and has_no_data(response, "submitLead"),
        "submit.refused",
        f"submit of a {code_text(code)} lead was not refused: {describe(response)}",
    )


def check_not_found(response: GraphQLResponse, operation: str, rule_id: str) -> None:
    """An unknown id: a 'lead not found' error, never a 5xx, never an (empty) lead."""
    check(not is_server_error(response), rule_id, f"server error: {describe(response)}")
    check(
        has_no_data(response, operation),
        rule_id,
        f"answered a lead: {describe(response)}",
    )
    check(
        is_not_found(response),
        rule_id,
        f"no 'lead not found' error: {describe(response)}",
    )
