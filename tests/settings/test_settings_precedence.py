"""A typed flag beats the environment; empty variables and non-PEM CA files."""

from __future__ import annotations

import pytest

from leadharness.errors import ConfigError, ProductionRefused
from leadharness.settings import SANDBOX_BASE_URL, load_settings


def test_a_target_flag_wins_over_an_exported_base_url(monkeypatch) -> None:
    # The LEAD_* lines `leadharness simulator` prints stay exported in a shell;
    # a --target typed later must still be the target, refusal included.
    monkeypatch.setenv("LEAD_BASE_URL", "https://127.0.0.1:9")
    settings = load_settings(target="https://leads.example.invalid")
    assert settings.resolved_base_url() == "https://leads.example.invalid"
    with pytest.raises(ProductionRefused, match="leads.example.invalid"):
        settings.require_write_access("lead create")


def test_a_target_flag_wins_over_a_postman_base_url(tmp_path) -> None:
    postman = tmp_path / "collection.json"
    postman.write_text(
        '{"variable": [{"key": "base_url", "value": "https://127.0.0.1:9"}]}'
    )
    settings = load_settings(target="sandbox", postman=postman)
    assert settings.resolved_base_url() == SANDBOX_BASE_URL


def test_an_exported_base_url_still_wins_over_an_exported_target(monkeypatch) -> None:
    monkeypatch.setenv("LEAD_TARGET", "sandbox")
    monkeypatch.setenv("LEAD_BASE_URL", "https://127.0.0.1:9")
    assert load_settings().resolved_base_url() == "https://127.0.0.1:9"


def test_both_flags_together_keep_the_base_url(monkeypatch) -> None:
    settings = load_settings(target="sandbox", base_url="https://127.0.0.1:9")
    assert settings.resolved_base_url() == "https://127.0.0.1:9"


def test_an_empty_variable_counts_as_unset(monkeypatch) -> None:
    monkeypatch.setenv("LEAD_CA_BUNDLE", "")
    monkeypatch.setenv("LEAD_BASE_URL", "")
    settings = load_settings()
    assert settings.ca_bundle is None
    assert settings.target_info().embedded


def test_a_ca_bundle_without_a_certificate_is_refused_at_the_door(tmp_path) -> None:
    not_pem = tmp_path / "lead.json"
    not_pem.write_text('{"firstName": "x"}')
    with pytest.raises(ConfigError) as refused:
        load_settings(ca_bundle=not_pem)
    message = str(refused.value)
    assert "LEAD_CA_BUNDLE" in message and "PEM" in message and "lead.json" in message


def test_a_missing_file_is_named_once(tmp_path) -> None:
    with pytest.raises(ConfigError) as refused:
        load_settings(postman=tmp_path / "missing.json")
    message = str(refused.value)
    assert "missing.json" in message and "PosixPath" not in message


def test_a_dot_env_that_is_not_text_is_a_config_error(tmp_path) -> None:
    # The autouse fixture runs every test in tmp_path, where .env is looked for.
    (tmp_path / ".env").write_bytes(b"\xff\xfeLEAD_TARGET=sandbox\n")
    with pytest.raises(ConfigError, match=r"\.env .*UTF-8"):
        load_settings()


def test_a_base_url_elsewhere_is_not_called_sandbox(monkeypatch) -> None:
    # LEAD_TARGET=sandbox left exported while LEAD_BASE_URL points elsewhere:
    # a refusal must name where the writes would really go.
    monkeypatch.setenv("LEAD_TARGET", "sandbox")
    monkeypatch.setenv("LEAD_BASE_URL", "https://leads.example.invalid")
    with pytest.raises(ProductionRefused, match="^https://leads.example.invalid "):
        load_settings().require_write_access()
