"""start_simulator in both modes, its settings, its target file, its config checks."""

from __future__ import annotations

import json

import httpx
import pytest

from leadharness.errors import ConfigError
from leadharness.simulator import RunningSimulator, SimulatorConfig, start_simulator

from .helpers import Api, unique_lead


def test_subprocess_mode_serves_and_stops() -> None:
    sim = start_simulator(SimulatorConfig(time_scale=0), subprocess=True)
    try:
        assert sim.app is None
        client = Api(sim)
        assert client.create_ok(unique_lead())["id"]
        client.close()
    finally:
        sim.stop()
    with pytest.raises(httpx.TransportError):
        httpx.get(f"{sim.http_base_url}/healthz", timeout=2)


def test_settings_point_at_the_simulator(sim: RunningSimulator) -> None:
    settings = sim.settings()
    assert settings.resolved_base_url() == sim.base_url
    assert settings.authority == f"{sim.login_url}/{sim.tenant_id}"
    assert settings.ca_bundle == sim.ca_file
    assert settings.require_credentials() == (sim.client_id, sim.client_secret)
    assert not settings.target_info().production
    assert sim.settings(tenant_id="other").tenant_id == "other"


def test_target_description_is_the_persona_file_plus_capabilities(
    sim: RunningSimulator,
) -> None:
    document = json.loads(sim.personas_file.read_text())
    assert document["personas"]
    assert document["capabilities"]["token_lifetime_seconds"] == 3600
    assert document["capabilities"]["settle_seconds"] == pytest.approx(0.05)
    assert document["capabilities"]["time_scale"] == 0.01
    # Real seconds, so a cold-start scenario knows how long to stay idle.
    assert document["capabilities"]["cold_start_idle_seconds"] == pytest.approx(9.0)


def test_repr_hides_the_client_secret(sim: RunningSimulator) -> None:
    assert sim.client_secret not in repr(sim)


def test_stop_removes_the_ca_and_is_idempotent() -> None:
    sim = start_simulator(SimulatorConfig(time_scale=0))
    sim.stop()
    sim.stop()
    assert not sim.ca_file.exists()


@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [
        ("time_scale", -1, "time_scale"),
        ("reset_rate", 1.5, "reset_rate"),
        ("defect", "bogus", "unknown defect"),
        ("pull_max_seconds", 31, "pull_max_seconds"),
        ("max_leads", 0, "max_leads"),
        ("host", "0.0.0.0", "loopback"),
        ("https_port", 70000, "https_port"),
    ],
)
def test_bad_config_is_one_clear_config_error(
    field: str, value: object, fragment: str
) -> None:
    with pytest.raises(ConfigError, match=fragment):
        start_simulator(SimulatorConfig(**{field: value}))


def test_subprocess_start_failure_is_reported() -> None:
    with pytest.raises(ConfigError, match="unknown simulator settings"):
        SimulatorConfig.from_json({"nope": 1})


def test_a_config_repr_never_shows_a_client_secret() -> None:
    config = SimulatorConfig(clients={"client-1": "canary-sim-secret-77"})
    assert "canary-sim-secret-77" not in repr(config)


def test_an_interrupted_start_leaves_nothing_serving_or_on_disk(monkeypatch) -> None:
    import threading
    from pathlib import Path

    import leadharness.simulator.embedded as embedded

    made: list[Path] = []
    real_mkdtemp = embedded.tempfile.mkdtemp

    def mkdtemp(**options):
        made.append(Path(real_mkdtemp(**options)))
        return str(made[-1])

    def interrupted(*args):
        raise KeyboardInterrupt

    def serving() -> set[threading.Thread]:
        return {t for t in threading.enumerate() if t.name == "lead-simulator"}

    monkeypatch.setattr(embedded.tempfile, "mkdtemp", mkdtemp)
    monkeypatch.setattr(embedded, "_target_description", interrupted)
    before = serving()  # another test's simulator may be running
    with pytest.raises(KeyboardInterrupt):
        start_simulator(SimulatorConfig(time_scale=0))
    assert made and not made[0].exists()
    assert serving() <= before


def test_an_interrupted_stop_still_removes_the_ca_files(monkeypatch) -> None:
    from leadharness.simulator.server import ServerThread

    sim = start_simulator(SimulatorConfig(time_scale=0))
    real_stop = ServerThread.stop

    def interrupted(self, *args, **options):
        real_stop(self, *args, **options)  # serve no more, then the second Ctrl-C
        raise KeyboardInterrupt

    monkeypatch.setattr(ServerThread, "stop", interrupted)
    with pytest.raises(KeyboardInterrupt):
        sim.stop()
    assert not sim.ca_file.exists()
