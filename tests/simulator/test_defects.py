"""Each deliberate defect changes the behaviour it names, and only when chosen."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest

from leadharness.contract import operations as ops
from leadharness.simulator import DEFECTS, RunningSimulator

from .helpers import Api, signed_token, start, tampered_token, unique_lead

QUALIFIED = "900011014"
BID_FAILED = "900011008"
PROCESSING = "900011000"


def _created(api: Api, ssn: str) -> dict:
    return api.create_ok(unique_lead(socialSecurityNumber=ssn))


def _served_with(api: Api, token: str | None) -> bool:
    return api.post(ops.GET_LEAD_STATUS, {"id": "x"}, token=token).status_code == 200


def _status(api: Api, lead_id: str) -> dict:
    return api.status(lead_id).json()["data"]["getLeadStatus"]


def _other_lead(api: Api) -> bool:
    _created(api, BID_FAILED)
    mine = _created(api, BID_FAILED)
    return _status(api, mine["id"])["id"] != mine["id"]


def _resubmit(api: Api) -> tuple[dict, dict]:
    lead_id = _created(api, QUALIFIED)["id"]
    first = api.submit(lead_id).json()["data"]["submitLead"]
    return first, api.submit(lead_id).json()["data"]["submitLead"]


def _duplicate_missed(api: Api) -> bool:
    lead = unique_lead(socialSecurityNumber=BID_FAILED)
    api.create_ok(lead)
    return api.create_ok(dict(lead))["resultCode"] != 1003


def _submit_refused_moves(api: Api) -> bool:
    lead_id = _created(api, BID_FAILED)["id"]
    api.submit(lead_id)
    return _status(api, lead_id)["resultCode"] == 1021


def _stuck(api: Api) -> bool:
    lead_id = _created(api, PROCESSING)["id"]
    time.sleep(0.2)  # settle is 5 s, i.e. 0.05 s at scale 0.01
    return _status(api, lead_id)["resultCode"] == 1000


# Each check returns True when the defect's misbehaviour is observed.
CHECKS: dict[str, Callable[[Api], bool]] = {
    "undocumented-code": lambda api: _created(api, BID_FAILED)["resultCode"] == 1234,
    "status-other-lead": _other_lead,
    "submit-unqualified": lambda api: (
        api.submit(_created(api, BID_FAILED)["id"]).json()["data"]["submitLead"]
        is not None
    ),
    "resubmit-1021": lambda api: _resubmit(api)[1]["statusCode"] == 1021,
    "resubmit-new-record": lambda api: (
        len({r["crmRecordId"] for r in _resubmit(api)}) == 2
    ),
    "no-duplicates": _duplicate_missed,
    "auth-off": lambda api: _served_with(api, None),
    "wrong-audience-accepted": lambda api: _served_with(
        api, api.token("https://graph.microsoft.com/.default")
    ),
    "tampered-signature-accepted": lambda api: _served_with(
        api, tampered_token(api)
    ),
    "expired-accepted": lambda api: _served_with(
        api,
        signed_token(
            api.sim,
            iat=int(time.time()) - 7200,
            nbf=int(time.time()) - 7200,
            exp=int(time.time()) - 60,
        ),
    ),
    "5xx-on-bad-input": lambda api: (
        api.create(unique_lead(zipCode="1")).status_code == 500
    ),
    "missing-field": lambda api: _created(api, QUALIFIED)["partnerLeadId"] is None,
    "id-not-echoed": lambda api: (
        api.create_ok(unique_lead(leadId="echo-me"))["partnerLeadId"]
        not in ("echo-me", None)
    ),
    "final-code-changes": lambda api: (
        _status(api, _created(api, BID_FAILED)["id"])["resultCode"] != 1008
    ),
    "not-found-500": lambda api: api.status("unknown").status_code == 500,
    "not-found-empty": lambda api: (
        api.status("unknown").json().get("data", {}).get("getLeadStatus") is not None
    ),
    "refused-submit-changes-status": _submit_refused_moves,
    "invalid-creates-lead": lambda api: (
        (api.create(unique_lead(zipCode="1")).json().get("data") or {}).get(
            "createLead"
        )
        is not None
    ),
    "negative-bid": lambda api: _created(api, QUALIFIED)["bidValue"] < 0,
    "stuck-processing": _stuck,
}


def test_every_defect_has_a_check() -> None:
    assert set(CHECKS) == set(DEFECTS)


@pytest.fixture
def healthy(sim: RunningSimulator) -> Iterator[Api]:
    client = Api(sim)
    yield client
    client.close()


@pytest.mark.parametrize("defect", list(DEFECTS))
def test_defect_shows_only_when_switched_on(defect: str, healthy: Api) -> None:
    assert not CHECKS[defect](healthy), f"the healthy simulator shows {defect}"
    with start(defect=defect) as sim:
        client = Api(sim)
        try:
            assert CHECKS[defect](client), f"{defect} did not change behaviour"
        finally:
            client.close()
