"""Run a load scenario in Locust child processes and collect its load.json.

Locust monkey-patches the process it runs in with gevent, so it always runs
in a child: one local process, Locust's own ``--processes`` fork, or a
master with N worker processes on loopback (the same topology as the
Kubernetes manifests in load/k8s). The run is bounded: the child gets
``--run-time`` and a hard deadline after which it is interrupted, then
killed. Credentials travel to the child only as ``LEAD_*`` environment
variables; the spec file written beside the reports holds no secret.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import os
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import IO, Any

from leadharness.errors import ConfigError, HarnessError
from leadharness.loadkit.objectives import load_objectives
from leadharness.loadkit.scenarios import RunSpec
from leadharness.loadkit.summary import LOAD_JSON
from leadharness.settings import Settings

__all__ = ["LoadOutcome", "locust_entry_path", "run_scenario", "spec_for"]

logger = logging.getLogger("leadharness.loadkit")

SPEC_FILE = "load-spec.json"
LOG_FILE = "locust.log"
# Past --run-time, how long a child may take to stop and write its reports.
_GRACE_SECONDS = 60.0


def locust_entry_path() -> Path:
    """The locustfile that ``run_scenario`` hands to Locust."""
    return Path(__file__).with_name("locust_entry.py")


@dataclass(frozen=True)
class LoadOutcome:
    """How a load run ended: verdict, exit code, load.json and the breaches."""

    passed: bool
    exit_code: int
    summary_path: Path | None
    breaches: list[str] = field(default_factory=list)
    run_dir: Path | None = None

    def summary(self) -> dict[str, Any]:
        """The parsed load.json (empty when the run wrote none)."""
        if self.summary_path is None or not self.summary_path.is_file():
            return {}
        return dict(json.loads(self.summary_path.read_text(encoding="utf-8")))


def spec_for(
    settings: Settings,
    scenario: str,
    run_dir: Path,
    *,
    duration_seconds: float | None,
    objectives: Path | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> RunSpec:
    """The run spec: scenario defaults, then target capabilities, then overrides."""
    known = {f.name for f in fields(RunSpec)}
    given = {k: v for k, v in dict(overrides or {}).items() if v is not None}
    unknown = set(given) - known
    if unknown:
        raise ConfigError(
            f"unknown load option(s) {sorted(unknown)}; known: {sorted(known)}"
        )
    values: dict[str, Any] = _from_capabilities(settings)
    values.update(given)
    values.update(
        scenario=scenario,
        run_dir=str(run_dir.resolve()),
        duration_seconds=duration_seconds,
        objectives=str(Path(objectives).resolve()) if objectives else None,
    )
    spec = RunSpec(**values)
    spec.validate()
    return spec


def _from_capabilities(settings: Settings) -> dict[str, Any]:
    """Timing a target description promises (the simulator writes one)."""
    if settings.personas is None:
        return {}
    try:
        document = json.loads(Path(settings.personas).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # load_personas reports a bad file where personas are needed
    caps = document.get("capabilities") if isinstance(document, dict) else None
    if not isinstance(caps, dict):
        return {}
    values: dict[str, Any] = {}
    if isinstance(caps.get("token_lifetime_seconds"), (int, float)):
        values["token_lifetime_seconds"] = float(caps["token_lifetime_seconds"])
    settle = caps.get("settle_seconds")
    if isinstance(settle, (int, float)):
        values["poll_interval"] = min(0.5, max(0.01, settle / 4))
        values["poll_deadline"] = min(60.0, max(2.0, settle * 10 + 1))
    pull = caps.get("credit_pull_max_seconds")
    if isinstance(pull, (int, float)):
        values["drain_seconds"] = pull + float(settle or 0) + 2.0
    idle = caps.get("cold_start_idle_seconds")
    if isinstance(idle, (int, float)):
        values["idle_seconds"] = idle * 1.2 + 0.5
    return values


def run_scenario(
    settings: Settings,
    scenario: str,
    run_dir: Path,
    *,
    duration_seconds: float | None = None,
    objectives: Path | None = None,
    users: int | None = None,
    rate: float | None = None,
    workers: int = 0,
    processes: int = 0,
    echo: bool = False,
    options: Mapping[str, Any] | None = None,
) -> LoadOutcome:
    """Run ``scenario`` against ``settings``'s target and judge it.

    ``workers`` starts a master and that many worker processes on loopback;
    ``processes`` uses Locust's own ``--processes`` fork instead; neither
    runs one local process. ``options`` sets other :class:`RunSpec` fields
    (``mix``, ``poll_interval``, ...). ``echo`` copies Locust's output to
    stdout; it is always kept in run_dir/locust.log.
    """
    settings.require_write_access("a load run")
    settings.require_credentials()
    if not settings.resolved_base_url():
        raise ConfigError(
            "a load run needs the target's URL: set --base-url or "
            "LEAD_BASE_URL, or start the simulator (subprocess=True) and "
            "pass its settings()"
        )
    if workers and processes:
        raise ConfigError(
            "choose --workers (master + worker processes) or --processes, not both"
        )
    run_dir = Path(run_dir)
    run_dir.mkdir(parents=True, exist_ok=True)
    spec = spec_for(
        settings,
        scenario,
        run_dir,
        duration_seconds=duration_seconds,
        objectives=objectives,
        overrides={**dict(options or {}), "users": users, "rate": rate},
    )
    load_objectives(Path(spec.objectives) if spec.objectives else None)  # fail fast
    if workers and spec.scenario_def().open_model and spec.users is None:
        spec.users = workers  # one arrival generator per worker
    spec_path = run_dir / SPEC_FILE
    spec_path.write_text(spec.to_json(), encoding="utf-8")
    (run_dir / LOAD_JSON).unlink(missing_ok=True)

    env = _child_env(settings, spec_path)
    bound = _run_time(spec)
    base = _locust_args(spec, run_dir, bound)
    with open(run_dir / LOG_FILE, "w", encoding="utf-8") as log:
        code = _launch(
            base,
            env,
            log,
            echo,
            workers,
            processes,
            deadline=bound + spec.drain_seconds + _GRACE_SECONDS,
        )
    return _outcome(run_dir, code)


def _run_time(spec: RunSpec) -> int:
    scenario = spec.scenario_def()
    length = spec.profile().duration if scenario.open_model else spec.shape().duration
    return math.ceil(length + spec.drain_seconds + 1)


def _locust_args(spec: RunSpec, run_dir: Path, run_time: int) -> list[str]:
    users = spec.user_count()
    return [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(locust_entry_path()),
        "--headless",
        "--users",
        str(users),
        "--spawn-rate",
        str(max(users, 1)),
        "--run-time",
        f"{run_time}s",
        "--stop-timeout",
        str(math.ceil(spec.drain_seconds)),
        "--csv",
        str(run_dir / "locust"),
        "--html",
        str(run_dir / "locust.html"),
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]


def _child_env(settings: Settings, spec_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEAD_")}
    values = {
        "LEAD_TARGET": settings.target,
        "LEAD_BASE_URL": settings.resolved_base_url(),
        "LEAD_LOGIN_URL": settings.login_url,
        "LEAD_TENANT_ID": settings.tenant_id,
        "LEAD_DEBT_CORE_APP_ID": settings.debt_core_app_id,
        "LEAD_CLIENT_APP_ID": settings.client_app_id,
        "LEAD_CLIENT_SECRET": settings.client_secret.get_secret_value()
        if settings.client_secret
        else None,
        "LEAD_CA_BUNDLE": str(settings.ca_bundle) if settings.ca_bundle else None,
        "LEAD_PERSONAS": str(settings.personas) if settings.personas else None,
        "LEAD_ALLOW_PRODUCTION": "1" if settings.allow_production else None,
        "LEAD_LOAD_SPEC": str(spec_path),
        "PYTHONUNBUFFERED": "1",
    }
    env.update({k: v for k, v in values.items() if v})
    return env


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _launch(
    base: Sequence[str],
    env: Mapping[str, str],
    log: IO[str],
    echo: bool,
    workers: int,
    processes: int,
    deadline: float,
) -> int:
    if processes:
        return _supervise(
            [[*base, "--processes", str(processes)]], env, log, echo, deadline
        )
    if not workers:
        return _supervise([list(base)], env, log, echo, deadline)
    port = _free_port()
    master = [
        *base,
        "--master",
        "--master-bind-host",
        "127.0.0.1",
        "--master-bind-port",
        str(port),
        "--expect-workers",
        str(workers),
        "--expect-workers-max-wait",
        "30",
    ]
    worker = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        base[4],
        "--worker",
        "--master-host",
        "127.0.0.1",
        "--master-port",
        str(port),
        "--loglevel",
        "WARNING",
    ]
    return _supervise([master] + [worker] * workers, env, log, echo, deadline + 30)


def _supervise(
    commands: list[list[str]],
    env: Mapping[str, str],
    log: IO[str],
    echo: bool,
    deadline: float,
) -> int:
    """Start the commands, wait for the first (the master) and then the rest."""
    children = [
        subprocess.Popen(
            c,
            env=dict(env),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            bufsize=1,
        )
        for c in commands
    ]
    lock = threading.Lock()
    pumps = [
        threading.Thread(target=_pump, args=(c.stdout, log, echo, lock), daemon=True)
        for c in children
    ]
    for pump in pumps:
        pump.start()
    try:
        code = _wait(children[0], deadline)
        for child in children[1:]:
            _wait(child, 15.0)
    except KeyboardInterrupt:
        # The terminal sent SIGINT to the children too: give them time to write
        # the reports of what ran, then pass the interrupt on.
        for child in children:
            _wait(child, 30.0)
        raise
    finally:
        for child in children:
            _stop(child)
        for pump in pumps:
            pump.join(timeout=5)
        for child in children:
            if child.stdout is not None:
                child.stdout.close()
    return code


def _pump(
    stream: IO[str] | None, log: IO[str], echo: bool, lock: threading.Lock
) -> None:
    if stream is None:
        return
    for line in stream:
        with lock:
            log.write(line)
            if echo:
                sys.stdout.write(line)


def _wait(child: subprocess.Popen[str], timeout: float) -> int:
    try:
        return child.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        logger.warning(
            "load process %s overran its time bound; interrupting it", child.pid
        )
        child.send_signal(signal.SIGINT)
        try:
            return child.wait(timeout=20)
        except subprocess.TimeoutExpired:
            child.kill()
            return child.wait()


def _stop(child: subprocess.Popen[str]) -> None:
    if child.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            child.kill()
        child.wait()


def _outcome(run_dir: Path, code: int) -> LoadOutcome:
    path = run_dir / LOAD_JSON
    if not path.is_file():
        raise _failure(run_dir, code)
    summary = json.loads(path.read_text(encoding="utf-8"))
    breaches = [o["name"] for o in summary.get("objectives", []) if not o.get("passed")]
    passed = bool(summary.get("passed")) and code == 0
    return LoadOutcome(passed, 0 if passed else (code or 1), path, breaches, run_dir)


def _failure(run_dir: Path, code: int) -> HarnessError:
    lines = (run_dir / LOG_FILE).read_text(encoding="utf-8").splitlines()
    ours = [line for line in lines if "leadharness load: error:" in line]
    if ours:
        message = ours[-1].split("leadharness load: error:", 1)[1].strip()
        return ConfigError(message) if code == 2 else HarnessError(message)
    last = next((line for line in reversed(lines) if line.strip()), "no output")
    return HarnessError(
        f"the load run exited with code {code} without writing load.json "
        f"(last output: {last[:200]}); see {run_dir / LOG_FILE}"
    )
