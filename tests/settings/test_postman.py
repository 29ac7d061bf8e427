"""A partner's Postman collection or environment fills the settings."""

from __future__ import annotations

import json

import pytest

from leadharness.errors import ConfigError
from leadharness.settings import load_settings, read_postman

CLIENT = "11111111-2222-4333-8444-555555555555"


def _collection(tmp_path, variables):
    path = tmp_path / "collection.json"
    document = {
        "info": {"name": "[LEAD_PARTNER_ONBOARDING] leads-sandbox.alleviate.com"},
        "item": [],
        "variable": [
            {"key": k, "value": v, "type": "string"} for k, v in variables.items()
        ],
    }
    path.write_text(json.dumps(document))
    return path


def test_collection_variables_fill_every_setting(tmp_path):
    path = _collection(
        tmp_path,
        {
            "client_app_id": CLIENT,
            "client_secret": "postman-secret",
            "alleviate_tenant_id": "aaaaaaaa-1111-4222-8333-bbbbbbbbbbbb",
            "debt_core_app_id": "cccccccc-1111-4222-8333-dddddddddddd",
            "base_url": "https://leads-sandbox.alleviate.com",
            "utoken": "",
        },
    )
    settings = load_settings(postman=path)
    assert settings.client_app_id == CLIENT
    assert settings.require_credentials()[1] == "postman-secret"
    assert settings.tenant_id == "aaaaaaaa-1111-4222-8333-bbbbbbbbbbbb"
    assert settings.debt_core_app_id == "cccccccc-1111-4222-8333-dddddddddddd"
    assert settings.resolved_base_url() == "https://leads-sandbox.alleviate.com"


def test_environment_export_values_are_read(tmp_path):
    path = tmp_path / "env.json"
    path.write_text(
        json.dumps(
            {
                "name": "sandbox",
                "values": [
                    {"key": "client_app_id", "value": CLIENT, "enabled": True},
                    {"key": "client_secret", "value": "disabled-one", "enabled": False},
                ],
                "_postman_variable_scope": "environment",
            }
        )
    )
    assert read_postman(path) == {"client_app_id": CLIENT}


def test_flags_and_variables_win_over_postman(tmp_path, monkeypatch):
    path = _collection(tmp_path, {"client_app_id": CLIENT, "alleviate_tenant_id": "pm"})
    monkeypatch.setenv("LEAD_CLIENT_APP_ID", "from-env")
    settings = load_settings(postman=path, tenant_id="flag")
    assert settings.client_app_id == "from-env"
    assert settings.tenant_id == "flag"


def test_blank_and_unresolved_values_are_skipped(tmp_path):
    path = _collection(tmp_path, {"client_secret": "", "base_url": "{{host}}/api"})
    assert read_postman(path) == {}


def test_postman_file_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv(
        "LEAD_POSTMAN", str(_collection(tmp_path, {"client_app_id": CLIENT}))
    )
    assert load_settings().client_app_id == CLIENT


@pytest.mark.parametrize(
    ("content", "message"),
    [("{not json", "not readable JSON"), ('{"item": []}', "no 'variable' or 'values'")],
)
def test_a_broken_postman_file_is_a_config_error(tmp_path, content, message):
    path = tmp_path / "broken.json"
    path.write_text(content)
    with pytest.raises(ConfigError, match=message):
        load_settings(postman=path)


def test_a_bad_value_in_postman_names_the_variable(tmp_path):
    path = _collection(tmp_path, {"base_url": "leads-sandbox.alleviate.com"})
    with pytest.raises(ConfigError, match="^LEAD_BASE_URL is invalid"):
        load_settings(postman=path)
