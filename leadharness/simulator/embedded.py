"""Start a simulator from Python: in a background thread or a child process.

``start_simulator()`` is how suites, load scenarios and the CLI get a target.
It returns once the simulator answers, with everything a client needs (URLs,
CA file, credentials, target-description file) on the RunningSimulator.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess as sp
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Self

from leadharness.contract.personas import DEFAULT_PERSONAS_PATH
from leadharness.errors import SimulatorError
from leadharness.settings import Settings, load_settings
from leadharness.simulator.app import SimulatorApp
from leadharness.simulator.config import SimulatorConfig
from leadharness.simulator.server import ServerThread, bind_loopback
from leadharness.simulator.tls import make_tls_files

__all__ = ["RunningSimulator", "start_simulator"]

logger = logging.getLogger("leadharness.simulator")
_CHILD_START_TIMEOUT = 30.0


@dataclass
class RunningSimulator:
    """A started simulator: where it is, how to reach it, and how to stop it."""

    login_url: str
    base_url: str
    http_base_url: str
    ca_file: Path
    personas_file: Path
    tenant_id: str
    debt_core_app_id: str
    client_id: str
    client_secret: str = field(repr=False)
    config: SimulatorConfig = field(repr=False)
    _stopper: Any = field(default=None, repr=False)
    app: SimulatorApp | None = field(default=None, repr=False)

    def settings(self, **overrides: Any) -> Settings:
        """Harness settings pointing at this simulator; ``overrides`` win."""
        values: dict[str, Any] = {
            "target": self.base_url,
            "base_url": self.base_url,
            "login_url": self.login_url,
            "ca_bundle": self.ca_file,
            "client_app_id": self.client_id,
            "client_secret": self.client_secret,
            "tenant_id": self.tenant_id,
            "debt_core_app_id": self.debt_core_app_id,
            "personas": self.personas_file,
        }
        values.update(overrides)
        return load_settings(**values)

    def export_lines(self) -> list[str]:
        """``export LEAD_...=`` lines a shell can eval to target this simulator."""
        return [
            f"export LEAD_BASE_URL={self.base_url}",
            f"export LEAD_LOGIN_URL={self.login_url}",
            f"export LEAD_CA_BUNDLE={self.ca_file}",
            f"export LEAD_TENANT_ID={self.tenant_id}",
            f"export LEAD_DEBT_CORE_APP_ID={self.debt_core_app_id}",
            f"export LEAD_CLIENT_APP_ID={self.client_id}",
            f"export LEAD_CLIENT_SECRET={self.client_secret}",
            f"export LEAD_PERSONAS={self.personas_file}",
        ]

    def stop(self) -> None:
        """Stop serving and remove the simulator's files; safe to call twice."""
        stopper, self._stopper = self._stopper, None
        if stopper is not None:
            stopper()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def describe(self) -> dict[str, Any]:
        """Where the simulator is, as JSON data (the secret included: it is local)."""
        return {
            "login_url": self.login_url,
            "base_url": self.base_url,
            "http_base_url": self.http_base_url,
            "ca_file": str(self.ca_file),
            "personas_file": str(self.personas_file),
            "tenant_id": self.tenant_id,
            "debt_core_app_id": self.debt_core_app_id,
            "client_id": self.client_id,
            "client_secret": self.client_secret,
        }


def start_simulator(
    config: SimulatorConfig | None = None, *, subprocess: bool = False
) -> RunningSimulator:
    """Start a simulator on free loopback ports; return once it answers.

    ``subprocess=True`` runs it in a child Python process (load tests need
    this: Locust's gevent patching would otherwise reach the server's loop).
    """
    config = (config or SimulatorConfig()).validate()
    if subprocess:
        return _start_child(config)
    return _start_in_thread(config)


def _target_description(config: SimulatorConfig, directory: Path) -> Path:
    document = json.loads(DEFAULT_PERSONAS_PATH.read_text(encoding="utf-8"))
    document["capabilities"] = config.capabilities()
    path = directory / "simulator-target.json"
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    return path


def _start_in_thread(config: SimulatorConfig) -> RunningSimulator:
    directory = Path(tempfile.mkdtemp(prefix="lead-simulator-"))
    server: ServerThread | None = None
    try:
        tls = make_tls_files(directory)
        https_sock = bind_loopback(config.host, config.https_port)
        try:
            http_sock = bind_loopback(config.host, config.http_port)
        except SimulatorError:
            https_sock.close()
            raise
        host = "127.0.0.1" if config.host == "localhost" else config.host
        host = f"[{host}]" if ":" in host else host
        https_url = f"https://{host}:{https_sock.getsockname()[1]}"
        http_url = f"http://{host}:{http_sock.getsockname()[1]}"
        app = SimulatorApp(config, login_url=https_url)
        server = ServerThread(app, https_sock, http_sock, tls)
        server.start()
        personas_file = _target_description(config, directory)
    except BaseException:
        # Ctrl-C or a failure half-way: nothing may keep serving or stay on disk.
        if server is not None:
            server.stop()
        shutil.rmtree(directory, ignore_errors=True)
        raise

    def stop() -> None:
        try:
            if server is not None:
                server.stop()
        finally:
            # Even when a second Ctrl-C cuts the stop short: the CA's key is here.
            shutil.rmtree(directory, ignore_errors=True)

    client_id, secret = next(iter(config.clients.items()))
    logger.info("simulator listening on %s and %s", https_url, http_url)
    return RunningSimulator(
        login_url=https_url,
        base_url=https_url,
        http_base_url=http_url,
        ca_file=tls.ca_file,
        personas_file=personas_file,
        tenant_id=config.tenant_id,
        debt_core_app_id=config.debt_core_app_id,
        client_id=client_id,
        client_secret=secret,
        config=config,
        _stopper=stop,
        app=app,
    )


def _start_child(config: SimulatorConfig) -> RunningSimulator:
    command = [sys.executable, "-m", "leadharness.simulator.child"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    # stderr goes to a file, not a pipe: nobody reads a pipe after start-up,
    # and a full pipe would block the child.
    log = tempfile.NamedTemporaryFile(  # noqa: SIM115 - lives as long as the child
        mode="w+", prefix="lead-simulator-", suffix=".log", delete=False
    )
    process = sp.Popen(
        command, stdin=sp.PIPE, stdout=sp.PIPE, stderr=log, text=True, env=env
    )
    assert process.stdin and process.stdout
    process.stdin.write(json.dumps(config.to_json()) + "\n")
    process.stdin.flush()
    line = _read_line(process, _CHILD_START_TIMEOUT)
    try:
        where = json.loads(line)
    except ValueError:
        _end_child(process)
        log.seek(0)
        last = (log.read().strip().splitlines() or ["no output"])[-1]
        _remove_log(log)
        raise SimulatorError(
            f"simulator child process failed to start: {last}"
        ) from None

    def stop() -> None:
        try:
            _end_child(process)
        finally:
            _remove_log(log)

    return RunningSimulator(
        login_url=where["login_url"],
        base_url=where["base_url"],
        http_base_url=where["http_base_url"],
        ca_file=Path(where["ca_file"]),
        personas_file=Path(where["personas_file"]),
        tenant_id=where["tenant_id"],
        debt_core_app_id=where["debt_core_app_id"],
        client_id=where["client_id"],
        client_secret=where["client_secret"],
        config=config,
        _stopper=stop,
    )


def _remove_log(log: IO[str]) -> None:
    log.close()
    Path(log.name).unlink(missing_ok=True)


def _read_line(process: sp.Popen[str], timeout: float) -> str:
    """The child's first stdout line, or '' if it does not come in time."""
    box: list[str] = []
    reader = threading.Thread(
        target=lambda: box.append(process.stdout.readline() if process.stdout else ""),
        daemon=True,
    )
    reader.start()
    reader.join(timeout)
    return box[0] if box else ""


def _end_child(process: sp.Popen[str]) -> None:
    """Close the child's stdin (its signal to stop), then wait, then kill."""
    try:
        if process.stdin:
            process.stdin.close()
    except OSError:
        pass
    try:
        process.wait(10)
    except sp.TimeoutExpired:
        process.kill()
        process.wait(5)
    for stream in (process.stdout, process.stderr):
        if stream:
            stream.close()
