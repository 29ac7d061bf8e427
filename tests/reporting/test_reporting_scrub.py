"""The scrubber masks secrets, tokens, SSNs and dates of birth, and nothing else."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from leadharness.reporting.scrub import Scrubber, persona_ssns

SECRET = "canary-Secret-F00D/7e+1d"
SSN = "900555123"
JWT = (
    "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJhdWQiOiJhcGk6Ly94IiwiZXhwIjoxfQ."
    "c2lnbmF0dXJlLWJ5dGVzLWhlcmU"
)


@pytest.fixture
def scrubber() -> Scrubber:
    return Scrubber([SECRET], [SSN])


@pytest.mark.parametrize(
    "form",
    [
        SECRET,
        "canary-Secret-F00D%2F7e%2B1d",  # form-encoded, as in a token request body
        json.dumps(SECRET)[1:-1],
    ],
    ids=["plain", "form-encoded", "json-escaped"],  # a test id is no place for one
)
def test_client_secret_is_masked_in_every_encoding(
    scrubber: Scrubber, form: str
) -> None:
    cleaned = scrubber.text(f"client_secret={form}&grant_type=client_credentials")
    assert form not in cleaned
    assert "[secret]" in cleaned


def test_jwt_and_bearer_values_are_masked(scrubber: Scrubber) -> None:
    cleaned = scrubber.text(f"token {JWT} then Authorization: Bearer abcdefgh12345678")
    assert "eyJ" not in cleaned
    assert "abcdefgh12345678" not in cleaned
    assert cleaned == "token [token] then Authorization: Bearer [token]"


@pytest.mark.parametrize(
    "text",
    [
        '{"socialSecurityNumber": "123456789"}',
        "lead={'socialSecurityNumber': '123456789', 'x': 1}",
        "socialSecurityNumber=123-45-6789",
        'message="sent &quot;socialSecurityNumber&quot;: &quot;123456789&quot;"',
        '{\\"ssn\\": \\"123456789\\"}',
        "SSN 123456789 rejected",
    ],
    ids=["json", "python-repr", "dashed", "html-entities", "escaped-json", "prose"],
)
def test_ssn_shaped_values_are_masked_next_to_an_ssn_key(
    scrubber: Scrubber, text: str
) -> None:
    cleaned = scrubber.text(text)
    assert "123456789" not in cleaned and "6789" not in cleaned
    assert "[ssn]" in cleaned


def test_known_ssn_is_masked_anywhere(scrubber: Scrubber) -> None:
    cleaned = scrubber.text(f"value {SSN} and 900-55-5123 were refused")
    assert cleaned == "value [ssn] and [ssn] were refused"


def test_numbers_outside_an_ssn_context_are_kept(scrubber: Scrubber) -> None:
    text = (
        "took 123456789 ns; lead 69-1060-1111; zip 65542; code 1013; started 2026-12-03"
    )
    assert scrubber.text(text) == text


@pytest.mark.parametrize(
    "text",
    [
        '{"dateOfBirth": "1980-02-29"}',
        "dateOfBirth='1980-02-29'",
        "date_of_birth: 1980-02-29",
    ],
    ids=["json", "python-repr", "yaml"],
)
def test_date_of_birth_is_masked_next_to_its_key(scrubber: Scrubber, text: str) -> None:
    cleaned = scrubber.text(text)
    assert "1980-02-29" not in cleaned
    assert "[date-of-birth]" in cleaned


def test_value_masks_sensitive_keys_and_keeps_harmless_ones(scrubber: Scrubber) -> None:
    document = {
        "target": {"client_secret": "set", "base_url": "https://127.0.0.1:1"},
        "lead": {"ssn": 123456789, "dateOfBirth": "1970-01-26", "firstName": "Ann"},
        "headers": [{"authorization": "Basic dXNlcjpwdw=="}],
        "note": f"secret {SECRET}",
        "count": 3,
    }
    cleaned = scrubber.value(document)
    assert cleaned["target"] == document["target"]
    assert cleaned["lead"] == {
        "ssn": "[ssn]",
        "dateOfBirth": "[date-of-birth]",
        "firstName": "Ann",
    }
    assert cleaned["headers"] == [{"authorization": "[token]"}]
    assert cleaned["note"] == "secret [secret]"
    assert cleaned["count"] == 3


def test_tree_rewrites_only_files_that_leak(tmp_path: Path, scrubber: Scrubber) -> None:
    leaky = tmp_path / "junit.xml"
    leaky.write_text(f"<failure message='ssn={SSN}'>{JWT}</failure>", encoding="utf-8")
    clean = tmp_path / "stats.csv"
    clean.write_text("Name,Requests\ncreateLead,12\n", encoding="utf-8")
    binary = tmp_path / "nested" / "blob.json"
    binary.parent.mkdir()
    binary.write_bytes(b"\xff\xfe" + SSN.encode())

    changed = scrubber.tree(tmp_path)

    assert changed == [leaky]
    assert SSN not in leaky.read_text(encoding="utf-8")
    assert "eyJ" not in leaky.read_text(encoding="utf-8")
    assert clean.read_text(encoding="utf-8") == "Name,Requests\ncreateLead,12\n"


def test_short_secrets_are_not_used_as_masks() -> None:
    assert Scrubber(["abc"]).text("abc abcdef") == "abc abcdef"


def test_persona_ssns_are_known_to_a_scrubber_built_from_settings() -> None:
    ssns = persona_ssns(None)
    assert "900011013" in ssns and len(ssns) >= 10

    class FakeSettings:
        client_secret = None
        personas = None

    assert Scrubber.for_settings(FakeSettings()).text("got 900011013") == "got [ssn]"
