"""Each AADSTS refusal becomes a message that names the setting to fix."""

from __future__ import annotations

import pytest

from leadharness.auth import auth_error
from leadharness.errors import AuthError
from leadharness.settings import Settings


@pytest.mark.parametrize(
    ("overrides", "code", "advice"),
    [
        (
            {"tenant_id": "00000000-0000-4000-8000-00000000dead"},
            "AADSTS90002",
            "set LEAD_TENANT_ID",
        ),
        (
            {"client_app_id": "00000000-0000-4000-8000-00000000beef"},
            "AADSTS700016",
            "LEAD_CLIENT_APP_ID",
        ),
        (
            {"client_secret": "a-secret-id-not-its-value"},
            "AADSTS7000215",
            "Value, not its Secret ID",
        ),
        (
            {"debt_core_app_id": "00000000-0000-4000-8000-00000000f00d"},
            "AADSTS500011",
            "set LEAD_DEBT_CORE_APP_ID",
        ),
    ],
)
def test_identity_provider_refusals_are_explained(
    simulator, overrides, code, advice, provider
):
    tokens = provider(simulator.settings(**overrides))
    with pytest.raises(AuthError) as caught:
        tokens.token()
    message = str(caught.value)
    assert caught.value.aadsts == code
    assert advice in message
    assert "\n" not in message
    assert "Trace ID" not in message
    assert tokens.acquisitions == 0


def test_a_refusal_is_not_replayed_to_a_fresh_provider(simulator, provider):
    bad = simulator.settings(client_secret="wrong-secret")
    for _ in range(2):
        with pytest.raises(AuthError, match="AADSTS7000215"):
            provider(bad).token()
    assert provider(simulator.settings()).token()


def _settings(**values) -> Settings:
    return Settings(
        _env_file=None, client_app_id="app", client_secret="s3cr3t-value", **values
    )


@pytest.mark.parametrize(
    ("description", "advice"),
    [
        (
            "AADSTS70011: The provided value for scope x is not valid.",
            "LEAD_DEBT_CORE_APP_ID",
        ),
        ("AADSTS7000222: The provided client secret keys are expired.", "has expired"),
    ],
)
def test_codes_the_simulator_does_not_send_are_explained(description, advice):
    error = auth_error(_settings(), "invalid_request", description)
    assert advice in str(error)


def test_an_unknown_code_quotes_the_description_without_secrets():
    error = auth_error(
        _settings(),
        "invalid_request",
        "AADSTS999999: odd: client_secret=s3cr3t-value was sent. Trace ID: 1 "
        "Correlation ID: 2 Timestamp: 3",
    )
    text = str(error)
    assert "AADSTS999999" in text
    assert "s3cr3t-value" not in text
    assert "Trace ID" not in text
