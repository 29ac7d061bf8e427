"""The Lead API's semantics over real HTTPS, one contract rule at a time."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from leadharness.contract import operations as ops
from leadharness.contract.codes import PROCESSING_CODES, QUALIFIED_CODES, is_documented
from leadharness.contract.personas import load_personas
from leadharness.simulator.outcomes import band_code, vantage_score

from .helpers import Api, start, unique_lead

PERSONAS = load_personas().personas


def test_onboarding_example_is_accepted_as_it_stands(api: Api) -> None:
    # The store may already hold it from another test: 1003/1004 is fine too.
    lead = api.create_ok(dict(ops.EXAMPLE_LEAD))
    assert lead["id"] and is_documented(lead["resultCode"])
    assert lead["partnerLeadId"] == ops.EXAMPLE_LEAD["leadId"]


def test_create_echoes_partner_lead_id_and_status_agrees(api: Api) -> None:
    created = api.create_ok(unique_lead())
    status = api.status(created["id"]).json()["data"]["getLeadStatus"]
    assert status["id"] == created["id"]
    assert status["partnerLeadId"] == created["partnerLeadId"]
    assert status["resultCode"] == created["resultCode"]


@pytest.mark.parametrize("persona", PERSONAS, ids=[p.name for p in PERSONAS])
def test_each_persona_reaches_its_code(api: Api, persona) -> None:
    created = api.create_ok(persona.apply(unique_lead()))
    assert created["resultCode"] == persona.code
    if persona.code in QUALIFIED_CODES:
        assert created["bidValue"] > 0
    if persona.code in PROCESSING_CODES:
        deadline = time.monotonic() + 2
        code = persona.code
        while code in PROCESSING_CODES and time.monotonic() < deadline:
            time.sleep(0.02)
            code = api.status(created["id"]).json()["data"]["getLeadStatus"][
                "resultCode"
            ]
        assert code == persona.settles_to


def test_crm_codes_are_reached_through_submit(api: Api) -> None:
    persona = next(p for p in PERSONAS if p.code in QUALIFIED_CODES)
    created = api.create_ok(persona.apply(unique_lead()))
    first = api.submit(created["id"]).json()["data"]["submitLead"]
    second = api.submit(created["id"]).json()["data"]["submitLead"]
    assert first["statusCode"] == 1021 and first["crmRecordId"] and first["crm"]
    assert second["statusCode"] == 1022
    assert second["crmRecordId"] == first["crmRecordId"]
    status = api.status(created["id"]).json()["data"]["getLeadStatus"]
    assert status["resultCode"] == 1021


@pytest.mark.parametrize(
    ("debt", "score", "code"),
    [
        (10_000, 700, 1008),
        (16_000, 700, 1013),
        (16_000, 500, 1008),
        (25_000, 500, 1014),
        (35_000, 500, 1015),
        (45_000, 500, 1016),
        (55_000, 500, 1017),
        (55_000, 400, 1019),
        (55_000, None, 1018),
    ],
)
def test_product_bands_follow_the_onboarding_document(
    debt: int, score: int | None, code: int
) -> None:
    assert band_code(debt, score) == code


def test_non_persona_outcome_is_the_band_of_its_debt_and_score(api: Api) -> None:
    lead = unique_lead(socialSecurityNumber="212345678", estimatedDebt=45_000)
    created = api.create_ok(lead)
    assert created["resultCode"] == band_code(45_000, vantage_score(lead))


def test_refused_submit_is_forbidden_and_leaves_status(api: Api) -> None:
    persona = next(p for p in PERSONAS if p.code == 1008)
    created = api.create_ok(persona.apply(unique_lead()))
    body = api.submit(created["id"]).json()
    assert body["data"]["submitLead"] is None
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    status = api.status(created["id"]).json()["data"]["getLeadStatus"]
    assert status["resultCode"] == 1008


@pytest.mark.parametrize("operation", ["status", "submit"])
def test_unknown_id_is_lead_not_found(api: Api, operation: str) -> None:
    response = getattr(api, operation)("69-1060-1111")
    assert response.status_code == 200
    body = response.json()
    assert list(body["data"].values()) == [None]
    assert body["errors"][0]["message"].startswith("Lead not found")
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"


def test_same_phone_and_email_is_a_duplicate(api: Api) -> None:
    first = unique_lead()
    api.create_ok(first)
    again = api.create_ok(dict(first, leadId="other", socialSecurityNumber="900011013"))
    assert again["resultCode"] == 1003


def test_duplicate_of_a_submitted_lead_is_1004(api: Api) -> None:
    first = unique_lead(socialSecurityNumber="900011015")
    created = api.create_ok(first)
    api.submit(created["id"])
    assert api.create_ok(dict(first, leadId="again"))["resultCode"] == 1004


def test_same_phone_other_email_is_not_a_duplicate(api: Api) -> None:
    first = unique_lead(socialSecurityNumber="900011008")
    api.create_ok(first)
    second = dict(first, email="someone.else@example.com")
    assert api.create_ok(second)["resultCode"] == 1008


def test_concurrent_duplicates_yield_exactly_one_original() -> None:
    with start(pull_median_seconds=5, pull_p99_seconds=5, pull_max_seconds=5) as sim:
        lead = unique_lead(socialSecurityNumber="900011008")
        clients = [Api(sim, http=True) for _ in range(8)]
        try:
            for client in clients:
                client.token()
            with ThreadPoolExecutor(8) as pool:
                codes = list(
                    pool.map(lambda c: c.create_ok(dict(lead))["resultCode"], clients)
                )
        finally:
            for client in clients:
                client.close()
    assert sorted(codes) == [1003] * 7 + [1008]


@pytest.mark.parametrize(
    ("field", "value", "rule"),
    [
        ("zipCode", "6554", "zip5"),
        ("state", "XX", "us_state"),
        ("socialSecurityNumber", "12345678", "ssn_digits"),
        ("homePhone", "123", "nanp_phone"),
        ("email", "not-an-email", "email"),
        ("clientIP", "999.1.1.1", "ip_address"),
        ("dateOfBirth", "2020-01-01", "adult"),
        ("incomeSourceId", 99, "range"),
    ],
)
def test_domain_violation_names_the_field(
    api: Api, field: str, value: object, rule: str
) -> None:
    response = api.create(unique_lead(**{field: value}))
    assert response.status_code == 200
    body = response.json()
    assert body["data"] == {"createLead": None}
    (error,) = body["errors"]
    assert error["extensions"] == {
        "code": "BAD_USER_INPUT",
        "field": field,
        "rule": rule,
    }
    assert field in error["message"]


def test_each_violation_is_its_own_error(api: Api) -> None:
    body = api.create(unique_lead(zipCode="1", state="ZZ")).json()
    assert {e["extensions"]["field"] for e in body["errors"]} == {"zipCode", "state"}


def test_invalid_input_creates_no_lead(api: Api) -> None:
    lead = unique_lead(zipCode="1")
    api.create(lead)
    # Had the invalid lead been stored, this valid twin would be a duplicate.
    assert api.create_ok(dict(lead, zipCode="65542"))["resultCode"] != 1003


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"drop": "city"}, "BAD_USER_INPUT"),
        ({"set": ("city", None)}, "BAD_USER_INPUT"),
        ({"set": ("monthlyIncome", "lots")}, "BAD_USER_INPUT"),
        ({"set": ("nickname", "x")}, "BAD_USER_INPUT"),
    ],
)
def test_schema_violation_is_400_without_data(
    api: Api, change: dict, code: str
) -> None:
    lead = unique_lead()
    if "drop" in change:
        del lead[change["drop"]]
    else:
        key, value = change["set"]
        lead[key] = value
    response = api.create(lead)
    assert response.status_code == 400
    body = response.json()
    assert body.get("data") is None
    assert body["errors"][0]["extensions"]["code"] == code
    assert "123456789" not in response.text


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("mutation { createLead(", "GRAPHQL_PARSE_FAILED"),
        ('{ getLeadStatus(id: "1") { nope } }', "GRAPHQL_VALIDATION_FAILED"),
    ],
)
def test_bad_documents_are_400(api: Api, query: str, code: str) -> None:
    response = api.post(query)
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == code


def test_introspection_is_enabled(api: Api) -> None:
    body = api.post("{ __schema { mutationType { fields { name } } } }").json()
    names = {f["name"] for f in body["data"]["__schema"]["mutationType"]["fields"]}
    assert names == {"createLead", "submitLead"}


def test_plain_http_serves_the_api(sim) -> None:
    client = Api(sim, http=True)
    try:
        assert client.create_ok(unique_lead())["id"]
    finally:
        client.close()


def test_async_mode_answers_1000_then_settles() -> None:
    with start(async_mode=True, settle_seconds=5) as sim:
        client = Api(sim, http=True)
        try:
            lead = unique_lead(socialSecurityNumber="900011016")
            created = client.create_ok(lead)
            assert created["resultCode"] == 1000
            time.sleep(0.4)  # 5 s settle plus at most 30 s pull, at scale 0.01
            status = client.status(created["id"]).json()["data"]["getLeadStatus"]
        finally:
            client.close()
    assert status["resultCode"] == 1016


def test_store_evicts_least_recently_used_past_its_cap() -> None:
    with start(max_leads=3, time_scale=0) as sim:
        client = Api(sim, http=True)
        try:
            ids = [client.create_ok(unique_lead())["id"] for _ in range(4)]
            first = client.status(ids[0]).json()
            last = client.status(ids[-1]).json()
        finally:
            client.close()
        assert sim.app is not None and len(sim.app.service.store) == 3
    assert first["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert last["data"]["getLeadStatus"]["id"] == ids[-1]
