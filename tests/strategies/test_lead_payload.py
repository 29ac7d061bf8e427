"""LeadPayload sends every value but prints none of the personal ones."""

from __future__ import annotations

import json
import pprint

import httpx
from _pytest._io.saferepr import saferepr
from hypothesis import strategies as st
from hypothesis.vendor.pretty import pretty

from strategies.payload import (
    LeadPayload,
    assertrepr_compare,
    mask,
    mask_text,
    mask_value,
)

RAW = {
    "firstName": "Jane",
    "socialSecurityNumber": "900451234",
    "dateOfBirth": "1980-05-17",
    "homePhone": "2125550142",
    "email": "jane.doe.tag@example.com",
    "state": "OH",
}
SECRETS = ("900451234", "1980-05-17", "2125550142", "jane.doe.tag")


def shows_nothing_personal(text: str) -> bool:
    return not any(secret in text for secret in SECRETS)


def test_every_printed_form_masks_the_personal_fields():
    lead = LeadPayload(RAW)
    for text in (
        repr(lead),
        str(lead),
        f"{lead}",
        saferepr(lead),
        pprint.pformat(lead),
        pretty(lead),
        repr([lead]),
        pretty({"lead": lead}),
    ):
        assert shows_nothing_personal(text), text
        assert (
            "***-**-1234" in text
            and "***-***-0142" in text
            and "***@example.com" in text
        )
        assert "'Jane'" in text and "'OH'" in text


def test_a_payload_built_by_st_builds_still_prints_masked():
    # st.builds records a printer showing the constructor's raw argument;
    # _repr_pretty_ must win over it.
    from hypothesis import find, settings

    lead = find(
        st.builds(LeadPayload, st.just(RAW)),
        lambda _: True,
        settings=settings(database=None),
    )
    assert shows_nothing_personal(pretty(lead))


def test_json_and_httpx_send_every_value_unchanged():
    lead = LeadPayload(RAW)
    assert json.loads(json.dumps(lead)) == RAW
    request = httpx.Request(
        "POST", "https://127.0.0.1/graphql", json={"variables": {"input": lead}}
    )
    assert json.loads(request.content)["variables"]["input"] == RAW


def test_derived_payloads_stay_masked():
    lead = LeadPayload(RAW)
    for derived in (
        lead.copy(),
        lead | {"state": "TX"},
        {"x": 1} | lead,
        lead.without("state"),
    ):
        assert isinstance(derived, LeadPayload)
        assert shows_nothing_personal(repr(derived))
    assert "state" not in lead.without("state")
    assert (lead | {"state": "TX"})["state"] == "TX"


def test_mask_walks_nested_structures_and_hides_secrets():
    document = {
        "variables": {"input": dict(RAW)},
        "leads": [dict(RAW), (dict(RAW),)],
        "client_secret": "s3cr3t-value",
        "headers": {"Authorization": "Bearer abc.def.ghi"},
        "ssn": "900451234",
        "DOB": "1980-05-17",
    }
    masked = mask(document)
    text = json.dumps(masked)
    assert shows_nothing_personal(text)
    assert "s3cr3t-value" not in text and "abc.def.ghi" not in text
    assert masked["variables"]["input"]["firstName"] == "Jane"
    assert document["variables"]["input"]["socialSecurityNumber"] == "900451234"


def test_mask_value_keeps_only_a_safe_hint():
    assert mask_value("socialSecurityNumber", "900451234") == "***-**-1234"
    assert mask_value("homePhone", "2125550142") == "***-***-0142"
    assert mask_value("dateOfBirth", "1980-05-17") == "****-**-**"
    assert mask_value("email", "jane@example.com") == "***@example.com"
    assert mask_value("socialSecurityNumber", "900-45-1234") == "<masked 11 chars>"
    assert mask_value("email", "jane@\u202eexample.com") == "<masked 17 chars>"
    assert mask_value("homePhone", 2125550142) == "<masked int>"
    assert mask_value("dateOfBirth", None) is None


def test_mask_text_scrubs_free_text():
    message = (
        "Variable '$input' got invalid value {'email': 'jane.doe.tag@example.com', "
        "'socialSecurityNumber': '900451234', \"dateOfBirth\": \"1980-05-17\", "
        "'homePhone': '2125550142'}; token Bearer "
        "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.sig"
    )
    scrubbed = mask_text(message)
    assert shows_nothing_personal(scrubbed)
    assert "eyJhbGciOiJSUzI1NiJ9" not in scrubbed
    assert "Variable '$input' got invalid value" in scrubbed
    assert (
        mask_text("call 212-55-01 or 900-45-1234") == "call 212-55-01 or <masked ssn>"
    )
    assert mask_text("resultCode 1013 after 2.5 s") == "resultCode 1013 after 2.5 s"


def test_assertrepr_compare_explains_a_difference_without_personal_data():
    left = LeadPayload(RAW)
    right = LeadPayload(RAW | {"email": "other.tag@example.com", "state": "TX"})
    lines = assertrepr_compare("==", left, right)
    assert lines is not None
    text = "\n".join(lines)
    assert shows_nothing_personal(text) and "other.tag" not in text
    assert "differs:    'state': 'OH' != 'TX'" in text
    assert assertrepr_compare("==", {"a": 1}, {"a": 2}) is None
