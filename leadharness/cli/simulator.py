"""The ``simulator`` command: run the local Lead API and Entra ID until Ctrl-C."""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import signal
import threading
from pathlib import Path
from typing import Annotated

import typer

from leadharness.errors import ConfigError
from leadharness.simulator import DEFECTS, SimulatorConfig, start_simulator
from leadharness.simulator.defects import describe_defects

__all__ = ["register", "simulator"]

_Rate = Annotated[float, typer.Option(min=0.0, max=1.0)]
_HANDLER_NAME = "leadharness-simulator-command"
# SimulatorConfig fields whose flag is not simply --field-name.
_FLAGS = {
    "token_lifetime_seconds": "--token-lifetime",
    "pull_median_seconds": "--pull-median",
    "pull_p99_seconds": "--pull-p99",
    "pull_max_seconds": "--pull-max",
    "cold_start_idle_seconds": "--cold-idle",
    "cold_start_delay_seconds": "--cold-delay",
    "max_concurrent_pulls": "--max-pulls",
    "retry_after_seconds": "--retry-after",
    "fault_start_seconds": "--fault-start",
    "fault_duration_seconds": "--fault-duration",
}


def simulator(
    time_scale: Annotated[
        float,
        typer.Option(
            help="Multiply every simulated delay (0.01: a 30 s credit pull takes "
            "0.3 s; 0: no delays)."
        ),
    ] = 1.0,
    token_lifetime: Annotated[
        int, typer.Option(help="Token lifetime in seconds.")
    ] = 3600,
    async_mode: Annotated[
        bool,
        typer.Option(
            "--async/--sync", help="Answer createLead with 1000 and settle later."
        ),
    ] = False,
    settle_seconds: Annotated[
        float, typer.Option(help="Simulated seconds before 1000/1001 settle.")
    ] = 5.0,
    pull_median: Annotated[float, typer.Option(help="Credit pull median, s.")] = 2.0,
    pull_p99: Annotated[float, typer.Option(help="Credit pull p99, s.")] = 20.0,
    pull_max: Annotated[
        float, typer.Option(help="Credit pull maximum, s (<= 30).")
    ] = 30.0,
    cold_idle: Annotated[
        float,
        typer.Option(
            help="Idle seconds after which the next request pays the cold start."
        ),
    ] = 900.0,
    cold_delay: Annotated[float, typer.Option(help="Cold-start delay, s.")] = 8.0,
    max_pulls: Annotated[int, typer.Option(help="Concurrent credit pulls.")] = 64,
    queue_limit: Annotated[
        int, typer.Option(help="Requests that may wait for a pull before 503s.")
    ] = 256,
    error_5xx_rate: _Rate = 0.0,
    throttle_rate: _Rate = 0.0,
    retry_after: Annotated[
        int, typer.Option(help="Retry-After seconds on 429/503.")
    ] = 2,
    reset_rate: _Rate = 0.0,
    stall_rate: _Rate = 0.0,
    stall_seconds: Annotated[float, typer.Option(help="Length of a stall, s.")] = 60.0,
    malformed_rate: _Rate = 0.0,
    token_outage: _Rate = 0.0,
    fault_start: Annotated[
        float, typer.Option(help="Faults begin this many simulated seconds in.")
    ] = 0.0,
    fault_duration: Annotated[
        float | None, typer.Option(help="Faults last this long, s (default: forever).")
    ] = None,
    defect: Annotated[
        str | None,
        typer.Option(help="Switch on one deliberate bug (see --list-defects)."),
    ] = None,
    list_defects: Annotated[
        bool, typer.Option(help="List the defects and exit.")
    ] = False,
    max_leads: Annotated[
        int, typer.Option(help="Leads kept before LRU eviction.")
    ] = 200_000,
    seed: Annotated[
        int | None, typer.Option(help="Seed for latencies and faults.")
    ] = None,
    https_port: Annotated[
        int, typer.Option(help="HTTPS port (login and API); 0: free.")
    ] = 0,
    http_port: Annotated[int, typer.Option(help="Plain HTTP API port; 0: free.")] = 0,
    info_file: Annotated[
        Path | None,
        typer.Option(
            help="Also write where the simulator is (URLs, CA, client) to this "
            "JSON file."
        ),
    ] = None,
) -> None:
    """Run the local Lead API and Entra ID simulator until Ctrl-C."""
    if list_defects:
        typer.echo(describe_defects())
        return
    if defect is not None and defect not in DEFECTS:
        raise ConfigError(
            f"--defect {defect!r} is unknown; run with --list-defects to see the names"
        )
    if info_file is not None:
        _check_writable(info_file)
    config = SimulatorConfig(
        time_scale=time_scale,
        token_lifetime_seconds=token_lifetime,
        async_mode=async_mode,
        settle_seconds=settle_seconds,
        pull_median_seconds=pull_median,
        pull_p99_seconds=pull_p99,
        pull_max_seconds=pull_max,
        cold_start_idle_seconds=cold_idle,
        cold_start_delay_seconds=cold_delay,
        max_concurrent_pulls=max_pulls,
        queue_limit=queue_limit,
        error_5xx_rate=error_5xx_rate,
        throttle_rate=throttle_rate,
        retry_after_seconds=retry_after,
        reset_rate=reset_rate,
        stall_rate=stall_rate,
        stall_seconds=stall_seconds,
        malformed_rate=malformed_rate,
        token_outage=token_outage,
        fault_start_seconds=fault_start,
        fault_duration_seconds=fault_duration,
        defect=defect,
        max_leads=max_leads,
        seed=seed,
        https_port=https_port,
        http_port=http_port,
    )
    _in_flag_terms(config)
    _show_server_problems()
    running = start_simulator(config)
    stopped = threading.Event()
    previous = signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    announced = False
    try:
        _announce(running.describe(), running.export_lines(), info_file)
        announced = True
        while not stopped.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        # A second Ctrl-C while stopping would leave the CA's files behind; the
        # stop takes a few seconds at most.
        interrupt = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            running.stop()
            if announced and info_file is not None:
                info_file.unlink(missing_ok=True)  # it would point at dead ports
        finally:
            signal.signal(signal.SIGINT, interrupt)
            signal.signal(signal.SIGTERM, previous)
        typer.echo("simulator stopped", err=True)


def _announce(
    where: dict[str, str], exports: list[str], info_file: Path | None
) -> None:
    typer.echo(
        f"Lead API simulator running (Ctrl-C to stop)\n"
        f"  login URL      {where['login_url']}\n"
        f"  API URL        {where['base_url']}/graphql\n"
        f"  API over HTTP  {where['http_base_url']}/graphql\n"
        f"  CA file        {where['ca_file']}\n"
        f"  client id      {where['client_id']}\n"
        f"  client secret  {where['client_secret']}\n"
        f"  tenant id      {where['tenant_id']}\n"
        f"  target file    {where['personas_file']}\n"
    )
    typer.echo("\n".join(exports), nl=True)
    if info_file is not None:
        partial = info_file.with_name(info_file.name + ".partial")
        try:
            # Written whole, then renamed: a watcher never reads half a file.
            partial.write_text(json.dumps(where, indent=2), encoding="utf-8")
            partial.replace(info_file)
        except OSError as exc:
            raise ConfigError(
                f"cannot write --info-file {info_file}: {exc.strerror}; "
                "choose a writable path"
            ) from None


def _in_flag_terms(config: SimulatorConfig) -> None:
    """Check the config, naming a bad value by the flag a person typed."""
    try:
        config.validate()
    except ConfigError as exc:
        name, _, rest = str(exc).partition(" ")
        if name not in {field.name for field in dataclasses.fields(config)}:
            raise
        flag = _FLAGS.get(name, "--" + name.replace("_", "-"))
        hint = "see `leadharness simulator --help`"
        raise ConfigError(f"{flag} {rest}; {hint}") from None


def _show_server_problems() -> None:
    """Let the server's warnings and errors reach stderr: they are its log.

    Other commands keep log records quiet so a failure stays one line; a
    server that runs until Ctrl-C has no such line, and a resolver that failed
    is worth a look. LEAD_LOG_LEVEL, when set, has configured logging already.
    """
    if logging.getLogger().handlers and not all(
        isinstance(h, logging.NullHandler) for h in logging.getLogger().handlers
    ):
        return
    log = logging.getLogger("leadharness.simulator")
    if any(getattr(h, "name", None) == _HANDLER_NAME for h in log.handlers):
        return
    handler = logging.StreamHandler()
    handler.set_name(_HANDLER_NAME)
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("simulator %(levelname)s: %(message)s"))
    log.addHandler(handler)


def _check_writable(info_file: Path) -> None:
    """Refuse an --info-file that could not be written, before anything starts."""
    folder = info_file.parent
    if info_file.is_dir() or not folder.is_dir() or not os.access(folder, os.W_OK):
        reason = "it is a folder" if info_file.is_dir() else f"{folder} is not writable"
        raise ConfigError(
            f"cannot write --info-file {info_file}: {reason}; choose a writable path"
        )


def register(app: typer.Typer) -> None:
    """Add the ``simulator`` command to ``app``."""
    app.command("simulator")(simulator)
