"""`leadharness token` shows what the token grants, never the token unless asked."""

from __future__ import annotations

import json

from leadharness.cli.main import app


def test_token_shows_audience_and_expiry_but_not_the_token(runner, exported, simulator):
    result = runner.invoke(app, ["token"])
    assert result.exit_code == 0, result.output
    assert f"api://{simulator.debt_core_app_id}" in result.stdout
    assert "expires in" in result.stdout
    assert "eyJ" not in result.output
    assert simulator.client_secret not in result.output


def test_token_json_is_machine_readable(runner, exported, simulator):
    result = runner.invoke(app, ["token", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["audience"] == f"api://{simulator.debt_core_app_id}"
    assert summary["claims"]["appid"] == simulator.client_id
    assert 3000 < summary["expires_in_seconds"] <= 3600
    assert "access_token" not in summary


def test_show_token_prints_it_on_request(runner, exported):
    result = runner.invoke(app, ["token", "--json", "--show-token"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["access_token"].startswith("eyJ")


def test_local_target_starts_the_embedded_simulator(runner, clean_env):
    result = runner.invoke(app, ["token", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["login_url"].startswith("https://127.0.0.1:")
    assert "embedded simulator" in result.stderr


def test_a_wrong_secret_is_an_auth_error_naming_the_fix(runner, exported, clean_env):
    from leadharness.errors import AuthError

    clean_env.setenv("LEAD_CLIENT_SECRET", "the-secret-id-by-mistake")
    result = runner.invoke(app, ["token"])
    assert isinstance(result.exception, AuthError)
    assert "not its Secret ID" in str(result.exception)
