"""The ``gate`` command: the release gate a pull request or a nightly run calls.

Exit codes: 0 every stage passed, 1 the gate failed (the output names the
stage and the broken rule or objective), 2 a usage or configuration error.
"""

from __future__ import annotations

import shlex
import sys
import threading
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.status import Status

from leadharness.cli.options import (
    AllowProductionOpt,
    BaseUrlOpt,
    CaBundleOpt,
    ClientIdOpt,
    DebtCoreAppOpt,
    ErrorRateToleranceOpt,
    LoginUrlOpt,
    PersonasOpt,
    PostmanOpt,
    TargetOpt,
    TenantOpt,
    ToleranceMsOpt,
    ToleranceOpt,
    target_settings,
)
from leadharness.errors import ConfigError
from leadharness.reporting import (
    DEFAULT_REPORTS_ROOT,
    Scrubber,
    StageVerdict,
    Tolerance,
)
from leadharness.reporting.gate import PROFILES, STAGES, GatePlan, run_gate

__all__ = ["register", "ConsoleProgress"]

_VERDICT_STYLE = {"passed": "bold green", "failed": "bold red", "error": "bold red"}


class ConsoleProgress:
    """Prints one line per stage, and shows that a long stage is still running.

    On a terminal a spinner counts the seconds; in a CI log (not a terminal)
    a line every ``heartbeat`` seconds says the stage is alive.
    """

    def __init__(self, console: Console, *, heartbeat: float = 30.0) -> None:
        self.console = console
        self.heartbeat = heartbeat
        self._status: Status | None = None
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None

    def stage_started(self, name: str, index: int, total: int, detail: str) -> None:
        """Announce a stage and keep showing it is alive until it finishes."""
        self.console.print(f"[{index}/{total}] {name}: running ({detail})")
        if self.console.is_terminal:
            self._status = self.console.status(f"{name}: 0 s", spinner="dots")
            self._status.start()
        self._stop.clear()
        self._ticker = threading.Thread(
            target=self._tick, args=(name, time.monotonic()), daemon=True
        )
        self._ticker.start()

    def _tick(self, name: str, started: float) -> None:
        interval = 1.0 if self._status is not None else self.heartbeat
        while not self._stop.wait(interval):
            elapsed = time.monotonic() - started
            if self._status is not None:
                self._status.update(f"{name}: {elapsed:,.0f} s")
            else:
                self.console.print(f"      {name}: still running ({elapsed:,.0f} s)")

    def stage_finished(self, verdict: StageVerdict) -> None:
        """Print the stage's verdict and, when it failed, each reason."""
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join(timeout=2)
            self._ticker = None
        if self._status is not None:
            self._status.stop()
            self._status = None
        style = _VERDICT_STYLE.get(verdict.verdict, "bold")
        self.console.print(
            f"      {verdict.name}: [{style}]{verdict.verdict.upper()}[/] "
            f"in {verdict.duration_seconds:,.1f} s"
        )
        for reason in verdict.reasons:
            self.console.print(
                f"        - {reason}", markup=False, highlight=False, soft_wrap=True
            )

    def note(self, text: str) -> None:
        """Print a line of context (where reports go, regressions, baselines)."""
        self.console.print(text, markup=False, highlight=False, soft_wrap=True)


def gate(
    stages: Annotated[
        str,
        typer.Option("--stages", help="Comma-separated stages to run: contract, load."),
    ] = ",".join(STAGES),
    profile: Annotated[
        str,
        typer.Option(
            "--profile", help="quick (pull request, < 4 min) or thorough (nightly)."
        ),
    ] = "quick",
    simulator_defect: Annotated[
        str | None,
        typer.Option(
            "--simulator-defect",
            metavar="NAME",
            help="Self-check: start the embedded simulator with this deliberate defect "
            "(see `leadharness simulator --help`); the gate must then fail.",
        ),
    ] = None,
    reports_dir: Annotated[
        Path, typer.Option("--reports-dir", help="Where run folders go.")
    ] = DEFAULT_REPORTS_ROOT,
    baseline: Annotated[
        str | None,
        typer.Option(
            "--baseline",
            metavar="NAME|PATH",
            help="Compare with a saved baseline name, a run id or a summary.json.",
        ),
    ] = None,
    tolerance: ToleranceOpt = 0.2,
    tolerance_ms: ToleranceMsOpt = 5.0,
    error_rate_tolerance: ErrorRateToleranceOpt = 0.01,
    fail_on_regression: Annotated[
        bool,
        typer.Option(
            "--fail-on-regression",
            help="Fail the gate when the baseline comparison regresses.",
        ),
    ] = False,
    save_baseline: Annotated[
        str | None,
        typer.Option(
            "--save-baseline",
            metavar="NAME",
            help="Keep this run as reports/baselines/NAME for later --baseline NAME.",
        ),
    ] = None,
    scenario: Annotated[
        str | None,
        typer.Option(
            "--scenario", help="Load scenario (default: the profile's, steady)."
        ),
    ] = None,
    load_duration: Annotated[
        float | None,
        typer.Option(
            "--load-duration", help="Seconds of load (default: the profile's)."
        ),
    ] = None,
    objectives: Annotated[
        Path | None,
        typer.Option(
            "--objectives",
            help="Thresholds TOML for the load stage (default: the scenario's).",
        ),
    ] = None,
    markers: Annotated[
        str | None,
        typer.Option(
            "--markers",
            help="pytest -m expression for the contract stage, e.g. 'not destructive'.",
        ),
    ] = None,
    target: TargetOpt = None,
    base_url: BaseUrlOpt = None,
    login_url: LoginUrlOpt = None,
    tenant_id: TenantOpt = None,
    client_app_id: ClientIdOpt = None,
    debt_core_app_id: DebtCoreAppOpt = None,
    ca_bundle: CaBundleOpt = None,
    postman: PostmanOpt = None,
    personas: PersonasOpt = None,
    allow_production: AllowProductionOpt = False,
) -> None:
    """Run the release gate: contract suite and a short load run, then one verdict."""
    from leadharness.reporting.stages import REAL_STAGES, check_load_plan, gate_target

    if profile not in PROFILES:
        raise ConfigError(
            f"unknown profile {profile!r}: choose {' or '.join(PROFILES)}"
        )
    plan = GatePlan(
        stages=[s.strip() for s in stages.split(",") if s.strip()],
        profile=PROFILES[profile],
        reports_root=reports_dir,
        command=_command_line(),
        baseline=baseline,
        tolerance=Tolerance(
            relative=tolerance,
            absolute_ms=tolerance_ms,
            error_rate=error_rate_tolerance,
        ),
        fail_on_regression=fail_on_regression,
        save_baseline=save_baseline,
        scenario=scenario,
        load_seconds=load_duration,
        objectives=objectives,
        contract_markers=markers,
    )
    check_load_plan(plan)
    settings = target_settings(locals())
    settings.require_write_access("the gate (it creates leads and puts load on it)")

    # soft_wrap: CI logs are not terminals, and a reason cut at 80 columns reads badly.
    console = Console(highlight=False, soft_wrap=True)
    progress = ConsoleProgress(console)
    target_name = settings.target_info().name
    defect = f", simulator defect {simulator_defect}" if simulator_defect else ""
    console.print(
        f"leadharness gate: profile {plan.profile.name}, target {target_name}{defect}"
    )
    with gate_target(settings, defect=simulator_defect) as live:
        # The user's own secret is masked too, even when the simulator has another.
        given = (
            settings.client_secret.get_secret_value() if settings.client_secret else ""
        )
        scrubber = Scrubber.for_settings(live, secrets=[given])
        result = run_gate(live, plan, REAL_STAGES, progress, scrubber=scrubber)

    word = result.summary["verdict"].upper()
    console.print(
        f"gate: [{_VERDICT_STYLE.get(result.summary['verdict'], 'bold')}]{word}"
        f"[/] in {result.summary['run']['duration_seconds']:,.1f} s; report "
        f"{result.run_dir / 'index.html'}"
    )
    raise typer.Exit(result.exit_code)


def register(app: typer.Typer) -> None:
    """Add the ``gate`` command to ``app``."""
    app.command("gate")(gate)


def _command_line() -> str:
    # argv never carries a secret (secrets are not flags), but keep it short.
    return "leadharness " + " ".join(shlex.quote(a) for a in sys.argv[1:])
