"""The ``load`` command: run a named load scenario and judge its objectives.

Exit codes: 0 every objective held, 1 an objective broke (the table names
it), 2 a usage or configuration error, 130 interrupted (the reports of what
ran are still written).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from leadharness.cli.options import (
    AllowProductionOpt,
    BaseUrlOpt,
    CaBundleOpt,
    ClientIdOpt,
    LoginUrlOpt,
    PersonasOpt,
    PostmanOpt,
    TargetOpt,
    TenantOpt,
    settings_from,
)
from leadharness.errors import ConfigError
from leadharness.loadkit.leads import parse_mix
from leadharness.loadkit.scenarios import SCENARIOS, get_scenario
from leadharness.settings import Settings

__all__ = ["objectives_table", "register"]

_REPORTS = Path("reports")


def objectives_table(summary: dict[str, Any]) -> Table:
    """A rich table of each objective, its measured value and verdict."""
    table = Table(title=f"Objectives: {summary.get('scenario', '?')}")
    for column in ("objective", "measured", "threshold", "verdict"):
        table.add_column(column, justify="left" if column == "objective" else "right")
    for row in summary.get("objectives", []):
        measured = "not measured" if row["measured"] is None else f"{row['measured']:g}"
        threshold = "-" if row["threshold"] is None else f"{row['threshold']:g}"
        verdict = "[green]pass[/]" if row["passed"] else "[bold red]FAIL[/]"
        table.add_row(row["name"], measured, threshold, verdict)
    return table


def _operations_table(summary: dict[str, Any]) -> Table:
    table = Table(title="Latency (ms, exact HDR percentiles)")
    columns = ("count", "failures", "rps", "p50", "p95", "p99", "p999", "max")
    table.add_column("operation")
    for column in columns:
        table.add_column(column, justify="right")
    for name, stats in summary.get("operations", {}).items():
        table.add_row(name, *(f"{stats[c]:g}" for c in columns))
    return table


@contextlib.contextmanager
def _target(
    settings: Settings,
    time_scale: float,
    token_lifetime: int | None,
    defect: str | None,
    console: Console,
) -> Iterator[Settings]:
    if not settings.target_info().embedded:
        if defect or token_lifetime:
            raise ConfigError(
                "--defect and --token-lifetime only apply to the embedded "
                "simulator (--target local)"
            )
        yield settings
        return
    from leadharness.simulator import SimulatorConfig, start_simulator

    config = SimulatorConfig(
        time_scale=time_scale,
        defect=defect,
        token_lifetime_seconds=token_lifetime or 3600,
    ).validate()
    with start_simulator(config, subprocess=True) as simulator:
        console.print(
            f"started the embedded simulator at {simulator.base_url} "
            f"(time scale {time_scale:g}); it stops when the run ends"
        )
        overrides: dict[str, Any] = {"allow_production": settings.allow_production}
        if settings.personas is not None:
            overrides["personas"] = settings.personas
        yield simulator.settings(**overrides)


def load(
    scenario: Annotated[
        str, typer.Option("--scenario", "-s", help=f"One of: {', '.join(SCENARIOS)}.")
    ] = "steady",
    duration: Annotated[
        float | None,
        typer.Option("--duration", help="Seconds of load (default: the scenario's)."),
    ] = None,
    users: Annotated[
        int | None,
        typer.Option(
            "--users",
            "-u",
            help="Arrival generators (open) or peak users (ramp, spike).",
        ),
    ] = None,
    rate: Annotated[
        float | None,
        typer.Option(
            "--rate",
            "-r",
            help="Workflows per second over all generators (open scenarios).",
        ),
    ] = None,
    objectives: Annotated[
        Path | None,
        typer.Option(
            "--objectives", help="Thresholds TOML (default: the documented defaults)."
        ),
    ] = None,
    mix: Annotated[
        str | None,
        typer.Option("--mix", help="Persona mix, e.g. qualified-3225=2,bid-failed=1."),
    ] = None,
    workers: Annotated[
        int,
        typer.Option(
            "--workers", help="Run a master and N worker processes on loopback."
        ),
    ] = 0,
    processes: Annotated[
        int,
        typer.Option(
            "--processes", help="Use Locust's --processes N fork on this host."
        ),
    ] = 0,
    idle: Annotated[
        float | None,
        typer.Option("--idle", help="cold-start: seconds of quiet before the burst."),
    ] = None,
    step_seconds: Annotated[
        float | None,
        typer.Option("--step-seconds", help="capacity: seconds per rate step."),
    ] = None,
    time_scale: Annotated[
        float,
        typer.Option(
            "--time-scale",
            help="Embedded simulator only: 0.01 makes a 30 s pull 0.3 s.",
        ),
    ] = 1.0,
    token_lifetime: Annotated[
        int | None,
        typer.Option(
            "--token-lifetime",
            help="Embedded simulator only: token lifetime in seconds.",
        ),
    ] = None,
    defect: Annotated[
        str | None,
        typer.Option(
            "--defect", help="Embedded simulator only: a deliberate defect to catch."
        ),
    ] = None,
    reports_dir: Annotated[
        Path, typer.Option("--reports-dir", help="Where run folders go.")
    ] = _REPORTS,
    show_locust: Annotated[
        bool, typer.Option("--show-locust", help="Echo Locust's own output.")
    ] = False,
    list_scenarios: Annotated[
        bool, typer.Option("--list", help="List the scenarios and exit.")
    ] = False,
    target: TargetOpt = None,
    base_url: BaseUrlOpt = None,
    login_url: LoginUrlOpt = None,
    tenant_id: TenantOpt = None,
    client_app_id: ClientIdOpt = None,
    ca_bundle: CaBundleOpt = None,
    postman: PostmanOpt = None,
    personas: PersonasOpt = None,
    allow_production: AllowProductionOpt = False,
) -> None:
    """Run a load scenario headless and judge it against its objectives."""
    console = Console()
    if list_scenarios:
        for item in SCENARIOS.values():
            model = "open" if item.open_model else "closed"
            console.print(
                f"{item.name:<12} {model:<6} {item.default_duration:>5g} s  "
                f"{item.summary}"
            )
        return
    get_scenario(scenario)
    options = {
        "mix": parse_mix(mix) if mix else None,
        "idle_seconds": idle,
        "step_seconds": step_seconds,
    }
    settings = settings_from(
        target,
        base_url,
        login_url,
        tenant_id,
        client_app_id,
        ca_bundle,
        postman,
        personas,
        allow_production,
    )
    settings.require_write_access("a load run")
    from leadharness.loadkit.runner import run_scenario
    from leadharness.reporting.runs import create_run_dir, point_latest

    with _target(settings, time_scale, token_lifetime, defect, console) as reached:
        run_dir = create_run_dir(reports_dir)
        point_latest(run_dir)
        console.print(
            f"load: {scenario} against {reached.target_info().name}; "
            f"reports in {run_dir}"
        )
        outcome = run_scenario(
            reached,
            scenario,
            run_dir,
            duration_seconds=duration,
            objectives=objectives,
            users=users,
            rate=rate,
            workers=workers,
            processes=processes,
            echo=show_locust,
            options=options,
        )
    summary = outcome.summary()
    console.print(_operations_table(summary))
    console.print(objectives_table(summary))
    verdict = "[bold green]PASSED[/]" if outcome.passed else "[bold red]FAILED[/]"
    console.print(f"load {scenario}: {verdict}; load.json at {outcome.summary_path}")
    raise typer.Exit(outcome.exit_code)


def register(app: typer.Typer) -> None:
    """Add ``leadharness load`` to ``app``."""
    app.command("load")(load)
