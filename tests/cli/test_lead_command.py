"""`leadharness lead create|status|submit` by hand, against a running simulator."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from leadharness.cli.main import app
from leadharness.errors import ConfigError, GraphQLResponseError, ProductionRefused


def _json(result) -> dict:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_create_status_submit_by_code(runner, exported):
    created = _json(runner.invoke(app, ["lead", "create", "--code", "1015", "--json"]))
    assert created["resultCode"] == 1015 and created["submitEligible"]
    status = _json(runner.invoke(app, ["lead", "status", created["id"], "--json"]))
    assert status["id"] == created["id"] and status["resultCode"] == 1015
    submitted = _json(runner.invoke(app, ["lead", "submit", created["id"], "--json"]))
    assert submitted["statusCode"] == 1021 and submitted["crmRecordId"]
    again = _json(runner.invoke(app, ["lead", "submit", created["id"], "--json"]))
    assert again["statusCode"] == 1022
    assert again["crmRecordId"] == submitted["crmRecordId"]


def test_create_by_persona_with_wait_settles(runner, exported):
    created = _json(
        runner.invoke(
            app, ["lead", "create", "--persona", "processing", "--wait", "10", "--json"]
        )
    )
    assert created["resultCode"] == 1013


def test_create_from_a_postman_style_file(runner, exported, tmp_path):
    from leadharness.contract.operations import EXAMPLE_LEAD

    path = tmp_path / "lead.json"
    lead = {
        **EXAMPLE_LEAD,
        "email": "file-lead@example.com",
        "homePhone": "8165550123",
        "leadId": "file-1",
        "socialSecurityNumber": "900011008",
    }
    path.write_text(json.dumps({"input": lead}))
    created = _json(
        runner.invoke(app, ["lead", "create", "--file", str(path), "--json"])
    )
    assert created["resultCode"] == 1008
    assert created["partnerLeadId"] == "file-1"


def test_the_example_twice_is_a_duplicate(runner, exported):
    first = _json(runner.invoke(app, ["lead", "create", "--example", "--json"]))
    second = _json(runner.invoke(app, ["lead", "create", "--example", "--json"]))
    assert first["partnerLeadId"] == "69-1060-1111"
    assert second["resultCode"] == 1003


def test_the_person_view_is_a_table_with_next_steps(runner, exported):
    result = runner.invoke(app, ["lead", "create", "--code", "1014"])
    assert result.exit_code == 0, result.output
    assert "PRODUCT_CODE_3226" in result.stdout
    assert "leadharness lead submit" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["lead", "create"],
        ["lead", "create", "--example", "--code", "1013"],
        ["lead", "create", "--code", "1234"],
        ["lead", "create", "--persona", "nobody"],
        ["lead", "status", "some-id", "--timeout", "0"],
        ["lead", "create", "--example", "--wait", "-3"],
        ["lead", "status", "some-id", "--wait", "-1"],
    ],
)
def test_create_options_are_checked(runner, exported, args):
    result = runner.invoke(app, args)
    assert isinstance(result.exception, ConfigError), result.output


def test_status_of_an_unknown_id_says_lead_not_found(runner, exported):
    result = runner.invoke(app, ["lead", "status", "69-1060-1111"])
    assert isinstance(result.exception, GraphQLResponseError)
    assert "Lead not found" in str(result.exception)


def test_writes_to_a_production_looking_target_are_refused(runner, clean_env):
    clean_env.setenv("LEAD_CLIENT_APP_ID", "app")
    clean_env.setenv("LEAD_CLIENT_SECRET", "secret")
    result = runner.invoke(
        app, ["lead", "create", "--example", "--target", "https://leads.alleviate.com"]
    )
    assert isinstance(result.exception, ProductionRefused)


def test_a_new_user_flow_from_the_shell(exported, simulator):
    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "leadharness", *args],
            capture_output=True,
            text=True,
            timeout=60,
        )

    token = run("token")
    assert token.returncode == 0, token.stderr
    created = run("lead", "create", "--code", "1016", "--json")
    assert created.returncode == 0, created.stderr
    lead_id = json.loads(created.stdout)["id"]
    assert (
        json.loads(run("lead", "submit", lead_id, "--json").stdout)["statusCode"]
        == 1021
    )
    missing = run("lead", "status", "no-such-id")
    assert missing.returncode == 1
    assert missing.stderr.splitlines()[-1].startswith(
        "leadharness: error: GetLeadStatus"
    )
    assert "Traceback" not in missing.stderr


@pytest.mark.parametrize("option", ["--file", "--personas"])
def test_a_bad_file_fails_before_any_target_is_started(
    runner, clean_env, tmp_path, option
):
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    source = ["--persona", "low-score"] if option == "--personas" else []
    for path in (broken, tmp_path / "missing.json"):
        result = runner.invoke(app, ["lead", "create", *source, option, str(path)])
        assert isinstance(result.exception, ConfigError), result.output
        assert path.name in str(result.exception)
        assert "embedded simulator" not in result.stderr


def test_a_typed_target_beats_the_exported_simulator(runner, exported):
    # The simulator's LEAD_BASE_URL is still exported; the flag must win, and
    # a production-looking target is refused before anything is sent.
    target = "https://leads.example.invalid"
    result = runner.invoke(app, ["lead", "create", "--example", "--target", target])
    assert isinstance(result.exception, ProductionRefused), result.output
    assert "leads.example.invalid" in str(result.exception)
