"""Each load response is classified, and contract breaks are failures."""

from __future__ import annotations

import json

import pytest

from leadharness.loadkit.checks import (
    check_create,
    check_status,
    check_submit,
    classify_status,
    classify_transport,
    parse_graphql,
)

LEAD = {
    "id": "L1",
    "resultCode": 1013,
    "note": None,
    "partnerLeadId": "p-1",
    "bidValue": 12.5,
}


@pytest.mark.parametrize(
    "status, retry_after, kind",
    [
        (401, None, "auth"),
        (403, None, "auth"),
        (429, "2", "throttled"),
        (503, "1", "throttled"),
        (503, None, "server_error"),
        (500, None, "server_error"),
        (400, None, "contract_violation"),
    ],
)
def test_http_statuses_fall_into_kinds(status, retry_after, kind) -> None:
    problem = classify_status(status, retry_after)
    assert problem is not None and problem.kind == kind
    if kind == "throttled":
        assert problem.retry_after == float(retry_after)


def test_200_is_no_problem() -> None:
    assert classify_status(200) is None


def test_transport_failures_unwrap_the_real_cause() -> None:
    class RetriesExceeded(ConnectionError):
        def __init__(self, original: BaseException) -> None:
            super().__init__("url")
            self.original = original

    assert (
        classify_transport(RetriesExceeded(TimeoutError("timed out"))).kind == "timeout"
    )
    assert classify_transport(ConnectionResetError()).kind == "transport"


def test_bodies_that_are_not_graphql_answers_are_contract_violations() -> None:
    assert parse_graphql(b"<html>", "createLead")[1].reason.startswith(
        "[response.json]"
    )
    assert parse_graphql(b"[]", "createLead")[1].reason.startswith("[response.shape]")
    empty = json.dumps({"data": {"createLead": None}})
    assert parse_graphql(empty, "createLead")[1].reason.startswith("[response.data]")


def test_graphql_errors_are_classified_by_their_code() -> None:
    def error(code: str) -> str:
        return json.dumps({"errors": [{"message": "x", "extensions": {"code": code}}]})

    assert parse_graphql(error("INTERNAL_SERVER_ERROR"), "f")[1].kind == "server_error"
    assert parse_graphql(error("UNAUTHENTICATED"), "f")[1].kind == "auth"
    assert parse_graphql(error("BAD_USER_INPUT"), "f")[1].kind == "contract_violation"


def test_a_good_create_answer_passes() -> None:
    value, problem = parse_graphql(
        json.dumps({"data": {"createLead": LEAD}}), "createLead"
    )
    assert problem is None and check_create(value, "p-1") is None


@pytest.mark.parametrize(
    "change, rule",
    [
        ({"resultCode": 1234}, "create.code"),
        ({"partnerLeadId": None}, "create.echo"),
        ({"id": ""}, "create.id"),
        ({"bidValue": -1}, "create.bid"),
    ],
)
def test_create_answers_that_break_the_contract_name_the_rule(change, rule) -> None:
    problem = check_create({**LEAD, **change}, "p-1")
    assert problem is not None and problem.kind == "contract_violation"
    assert f"[{rule}]" in problem.reason


def test_a_create_answer_missing_a_field_is_a_shape_violation() -> None:
    partial = {k: v for k, v in LEAD.items() if k != "bidValue"}
    assert "[create.shape]" in check_create(partial, "p-1").reason


def test_status_must_answer_for_the_same_lead_and_keep_final_codes() -> None:
    assert check_status(LEAD, "L1", "p-1", 1013) is None
    assert check_status({**LEAD, "resultCode": 1000}, "L1", "p-1", 1000) is None
    assert check_status(LEAD, "L1", "p-1", 1000) is None  # settled from processing
    assert "[status.id]" in check_status({**LEAD, "id": "L2"}, "L1", "p-1", 1013).reason
    assert "[status.final]" in check_status(LEAD, "L1", "p-1", 1008).reason


def test_first_submit_must_be_1021_with_a_record() -> None:
    good = {"leadId": "L1", "statusCode": 1021, "crmRecordId": "R1", "crm": "crm"}
    assert check_submit(good, "L1", 1013) is None
    assert (
        "[submit.first]"
        in check_submit({**good, "statusCode": 1022}, "L1", 1013).reason
    )
    assert (
        "[submit.record]"
        in check_submit({**good, "crmRecordId": ""}, "L1", 1013).reason
    )
    assert "[submit.eligible]" in check_submit(good, "L1", 1008).reason
