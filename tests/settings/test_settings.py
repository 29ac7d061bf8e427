"""Settings come from flags, LEAD_* variables, .env and Postman, validated once."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from leadharness.errors import ConfigError, ProductionRefused
from leadharness.settings import (
    DEFAULT_DEBT_CORE_APP_ID,
    DEFAULT_LOGIN_URL,
    DEFAULT_TENANT_ID,
    SANDBOX_BASE_URL,
    load_settings,
    looks_like_production,
)

CLIENT = "11111111-2222-4333-8444-555555555555"


def test_defaults_follow_the_onboarding_document():
    settings = load_settings()
    assert settings.tenant_id == DEFAULT_TENANT_ID
    assert settings.debt_core_app_id == DEFAULT_DEBT_CORE_APP_ID
    assert settings.login_url == DEFAULT_LOGIN_URL
    assert settings.scope == f"api://{DEFAULT_DEBT_CORE_APP_ID}/.default"
    assert settings.target_info().embedded


def test_environment_variables_fill_settings(monkeypatch):
    monkeypatch.setenv("LEAD_BASE_URL", "https://leads-dev.example.com/")
    monkeypatch.setenv("LEAD_CLIENT_APP_ID", CLIENT)
    monkeypatch.setenv("LEAD_CLIENT_SECRET", "env-secret-value")
    settings = load_settings()
    assert settings.resolved_base_url() == "https://leads-dev.example.com"
    assert settings.require_credentials() == (CLIENT, "env-secret-value")


def test_dotenv_file_is_read(clean_environment):
    (clean_environment / ".env").write_text(f"LEAD_CLIENT_APP_ID={CLIENT}\n")
    assert load_settings().client_app_id == CLIENT


def test_flags_win_over_environment(monkeypatch):
    monkeypatch.setenv("LEAD_TENANT_ID", "env-tenant")
    assert load_settings(tenant_id="flag-tenant").tenant_id == "flag-tenant"
    assert load_settings(tenant_id=None).tenant_id == "env-tenant"


def test_sandbox_target_resolves_to_the_documented_url():
    info = load_settings(target="sandbox").target_info()
    assert info.base_url == SANDBOX_BASE_URL
    assert not info.production


@pytest.mark.parametrize(
    ("url", "production"),
    [
        ("https://leads.alleviate.com", True),
        ("https://devices.example.com", True),
        ("https://qatar.example.com", True),
        ("https://leads-sandbox.alleviate.com", False),
        ("https://leads-uat2.example.com", False),
        ("https://dev.example.com", False),
        ("https://127.0.0.1:8443", False),
        ("http://localhost:8000", False),
    ],
)
def test_production_marking(url, production):
    assert looks_like_production(url) is production


def test_writes_to_production_need_the_opt_in():
    settings = load_settings(target="https://leads.alleviate.com")
    with pytest.raises(ProductionRefused, match="--allow-production"):
        settings.require_write_access("lead create")
    load_settings(
        target="https://leads.alleviate.com", allow_production=True
    ).require_write_access("lead create")


def test_allow_production_reads_the_environment(monkeypatch):
    monkeypatch.setenv("LEAD_ALLOW_PRODUCTION", "1")
    load_settings(target="https://leads.alleviate.com").require_write_access()


@pytest.mark.parametrize(
    ("flags", "variable", "hint"),
    [
        ({"target": "prod"}, "LEAD_TARGET", "--target"),
        ({"base_url": "leads.example.com"}, "LEAD_BASE_URL", "--base-url"),
        ({"login_url": "http://login.example.com"}, "LEAD_LOGIN_URL", "https://"),
        ({"tenant_id": "bad tenant/"}, "LEAD_TENANT_ID", "--tenant-id"),
        ({"ca_bundle": "/no/such/ca.pem"}, "LEAD_CA_BUNDLE", "does not exist"),
    ],
)
def test_a_malformed_setting_is_one_line_naming_the_variable(flags, variable, hint):
    with pytest.raises(ConfigError) as caught:
        load_settings(**flags)
    message = str(caught.value)
    assert message.startswith(f"{variable} is invalid")
    assert hint in message
    assert "\n" not in message


def test_a_malformed_variable_from_the_environment_is_named(monkeypatch):
    monkeypatch.setenv("LEAD_ALLOW_PRODUCTION", "perhaps")
    with pytest.raises(ConfigError, match="^LEAD_ALLOW_PRODUCTION is invalid"):
        load_settings()


def test_missing_credentials_say_how_to_set_them():
    with pytest.raises(ConfigError, match="export LEAD_CLIENT_APP_ID"):
        load_settings().require_credentials()
    with pytest.raises(ConfigError, match="secret's value, not its id"):
        load_settings(client_app_id=CLIENT).require_credentials()


def test_the_secret_stays_out_of_repr_and_redacted_view():
    settings = load_settings(client_app_id=CLIENT, client_secret="canary-0xC0FFEE")
    assert "canary-0xC0FFEE" not in repr(settings)
    assert "canary-0xC0FFEE" not in str(settings)
    assert "canary-0xC0FFEE" not in json.dumps(settings.redacted())
    assert settings.redacted()["client_secret"] == "set"


def test_a_bad_setting_exits_2_with_one_line_and_no_traceback(clean_environment):
    done = subprocess.run(
        [sys.executable, "-m", "leadharness", "token", "--target", "prod"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=clean_environment,
    )
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "LEAD_TARGET is invalid" in lines[0]
    assert "Traceback" not in done.stderr
