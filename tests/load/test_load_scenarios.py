"""Scenarios are selectable by name and every run spec is bounded and checked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from leadharness.errors import ConfigError
from leadharness.loadkit.runner import spec_for
from leadharness.loadkit.scenarios import (
    SCENARIOS,
    RunSpec,
    get_scenario,
    spec_from_env,
)
from leadharness.settings import load_settings


def test_every_scenario_the_issue_names_exists_and_is_bounded() -> None:
    assert set(SCENARIOS) == {
        "steady",
        "ramp",
        "spike",
        "cold-start",
        "credit-pull",
        "capacity",
        "soak",
        "constant",
    }
    for name in SCENARIOS:
        spec = RunSpec(scenario=name, duration_seconds=5)
        length = (
            spec.profile().duration
            if get_scenario(name).open_model
            else spec.shape().duration
        )
        assert 0 < length <= 5 + spec.idle_seconds, name


def test_an_unknown_scenario_lists_the_known_ones() -> None:
    with pytest.raises(ConfigError, match="choose one of steady"):
        get_scenario("stampede")


def test_capacity_steps_fill_the_duration() -> None:
    spec = RunSpec(
        scenario="capacity",
        duration_seconds=30,
        step_seconds=10,
        start_rate=2,
        step_rate=3,
    )
    assert [p.rate for p in spec.profile().phases] == [2, 5, 8]
    assert spec.step() == 1.0


def test_spec_comes_from_a_file_or_from_variables(tmp_path: Path) -> None:
    path = tmp_path / "spec.json"
    path.write_text(RunSpec(scenario="soak", rate=3).to_json(), encoding="utf-8")
    assert spec_from_env({"LEAD_LOAD_SPEC": str(path)}).scenario == "soak"
    spec = spec_from_env(
        {
            "LEAD_LOAD_SCENARIO": "ramp",
            "LEAD_LOAD_USERS": "7",
            "LEAD_LOAD_MIX": "bid-failed=1",
        }
    )
    assert (spec.scenario, spec.users, spec.mix) == ("ramp", 7, {"bid-failed": 1.0})


@pytest.mark.parametrize(
    "env, message",
    [
        ({"LEAD_LOAD_RATE": "fast"}, "LEAD_LOAD_RATE"),
        ({"LEAD_LOAD_DURATION": "-3"}, "must be 0 or more"),
        ({"LEAD_LOAD_USERS": "0"}, "--users must be at least 1"),
        ({"LEAD_LOAD_SCENARIO": "nope"}, "unknown scenario"),
    ],
)
def test_bad_variables_are_one_line_config_errors(env, message) -> None:
    with pytest.raises(ConfigError, match=message):
        spec_from_env(env)


def test_an_unknown_spec_key_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "spec.json"
    path.write_text(json.dumps({"scenario": "steady", "turbo": True}), encoding="utf-8")
    with pytest.raises(ConfigError, match="turbo"):
        spec_from_env({"LEAD_LOAD_SPEC": str(path)})


def test_the_targets_capabilities_set_timing_and_options_win(tmp_path: Path) -> None:
    description = tmp_path / "target.json"
    description.write_text(
        json.dumps(
            {
                "personas": [],
                "capabilities": {
                    "token_lifetime_seconds": 5,
                    "settle_seconds": 0.2,
                    "credit_pull_max_seconds": 0.3,
                },
            }
        ),
        encoding="utf-8",
    )
    settings = load_settings(personas=description)
    spec = spec_for(
        settings,
        "steady",
        tmp_path,
        duration_seconds=2,
        overrides={"poll_interval": 0.02},
    )
    assert spec.token_lifetime_seconds == 5
    assert spec.poll_interval == 0.02
    assert spec.drain_seconds == pytest.approx(2.5)
    with pytest.raises(ConfigError, match="unknown load option"):
        spec_for(
            settings, "steady", tmp_path, duration_seconds=2, overrides={"speed": 1}
        )


@pytest.mark.parametrize(
    "lifetime, margin", [(3600, 300), (600, 60), (10, 1.5), (2, 1.0)]
)
def test_tokens_are_renewed_a_safe_margin_before_expiry(lifetime, margin) -> None:
    assert RunSpec(token_lifetime_seconds=lifetime).token_refresh_margin() == margin
