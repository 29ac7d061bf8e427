"""Per-process state of a Locust load run, and the events that tie processes together.

Imported by :mod:`leadharness.loadkit.locust_entry` only (see there why):

- each process records into its own :class:`LatencyRecorder`;
- a worker drains it into every ``report_to_master`` message, and the master
  merges them on ``worker_report``: histograms are added, never averaged;
- on ``quitting`` the master (or the single local process) writes load.json,
  prints the objectives table and sets the exit code (1 on a breach).
"""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path
from typing import Any, NoReturn

import gevent
from locust import events
from locust.env import Environment
from locust.runners import WORKER_REPORT_INTERVAL, MasterRunner, WorkerRunner

from leadharness.auth import TokenProvider
from leadharness.contract.personas import load_personas
from leadharness.errors import HarnessError
from leadharness.loadkit.analysis import capacity_report
from leadharness.loadkit.latency import LatencyRecorder
from leadharness.loadkit.leads import LeadFactory
from leadharness.loadkit.objectives import format_table, load_objectives
from leadharness.loadkit.scenarios import RunSpec, spec_from_env
from leadharness.loadkit.summary import build_summary, write_summary
from leadharness.settings import Settings, load_settings

__all__ = ["BASE_URL", "SETTINGS", "SPEC", "LoadProcess", "process"]

logger = logging.getLogger("leadharness.loadkit")


def _fatal(message: str) -> NoReturn:
    sys.stderr.write(f"leadharness load: error: {message}\n")
    sys.exit(2)


def _configure() -> tuple[RunSpec, Settings, str]:
    try:
        spec = spec_from_env()
        settings = load_settings()
        settings.require_credentials()
        settings.require_write_access("a load run")
    except HarnessError as exc:
        _fatal(str(exc))
    base_url = settings.resolved_base_url()
    if not base_url:
        _fatal(
            "the load run needs the target's URL: use `leadharness load`, which starts "
            "the simulator, or export LEAD_BASE_URL"
        )
    return spec, settings, base_url


SPEC, SETTINGS, BASE_URL = _configure()


class LoadProcess:
    """What one load process owns: recorder, token provider and lead factory."""

    def __init__(self) -> None:
        self.pid = os.getpid()
        self.recorder = LatencyRecorder(SPEC.step())
        self.tokens = TokenProvider(
            SETTINGS, refresh_margin=SPEC.token_refresh_margin()
        )
        personas = load_personas(SETTINGS.personas) if SPEC.mix else None
        self.leads = LeadFactory(personas, SPEC.mix, seed=SPEC.seed)
        self.workflows_in_flight = 0
        self.generators = 0
        self.workers_seen: set[str] = set()
        self.seen_acquisitions = 0
        self.started = time.time()
        self.objectives = load_objectives(
            Path(SPEC.objectives) if SPEC.objectives else None
        )


_CURRENT: LoadProcess | None = None


def process() -> LoadProcess:
    """This process's state; rebuilt after a fork (``--processes``)."""
    global _CURRENT
    if _CURRENT is None or _CURRENT.pid != os.getpid():
        _CURRENT = LoadProcess()
    return _CURRENT


@events.init.add_listener
def _on_init(environment: Environment, **_: Any) -> None:
    state = process()
    runner = environment.runner
    if isinstance(runner, WorkerRunner):

        def report(client_id: str, data: dict[str, Any]) -> None:
            data["leadharness"] = process().recorder.drain()

        environment.events.report_to_master.add_listener(report)
    elif isinstance(runner, MasterRunner):

        def merge(client_id: str, data: dict[str, Any]) -> None:
            if "leadharness" in data:
                state = process()
                state.workers_seen.add(client_id)
                state.recorder.merge(data["leadharness"], source=client_id)

        environment.events.worker_report.add_listener(merge)
    logger.debug("load process %s ready for %s", state.pid, SPEC.scenario)


@events.test_start.add_listener
def _on_test_start(environment: Environment, **_: Any) -> None:
    process().started = time.time()
    runner = environment.runner
    if SPEC.scenario == "capacity" and not isinstance(runner, WorkerRunner):
        gevent.spawn(_watch_capacity, environment)


def _watch_capacity(environment: Environment) -> None:
    """Stop a capacity run at the first step that breaks an objective.

    A step is judged once the next one has run as long, so most of its
    requests are back; on a master, after the workers' next report too.
    """
    state, profile = process(), SPEC.profile()
    lag = (
        WORKER_REPORT_INTERVAL + 0.5
        if isinstance(environment.runner, MasterRunner)
        else 0.2
    )
    for phase, _, end in profile.bounds()[:-1]:
        gevent.sleep(max(0.0, state.started + end + phase.seconds + lag - time.time()))
        report = capacity_report(state.recorder, profile, state.objectives)
        if report["broke"]:
            logger.info("capacity: %s broke an objective; stopping", phase.name)
            state.recorder.fact("capacity.stopped_early", 1)
            options, runner = environment.parsed_options, environment.runner
            if runner is None:
                return
            if options is None or options.headless:
                runner.quit()
            else:  # the web UI stays up to show the result
                runner.stop()
            return


@events.quitting.add_listener
def _on_quitting(environment: Environment, **_: Any) -> None:
    if isinstance(environment.runner, WorkerRunner):
        return
    state = process()
    if state.workflows_in_flight:
        state.recorder.fact("cut_in_flight", state.workflows_in_flight, "sum")
    runner = environment.runner
    # Workers have left by now (the master quits them first): count the ones
    # that reported.
    processes = len(state.workers_seen) if isinstance(runner, MasterRunner) else 1
    run_dir = Path(SPEC.run_dir) if SPEC.run_dir else _new_run_dir()
    summary, verdicts = build_summary(
        state.recorder,
        SPEC,
        state.objectives,
        started=state.started,
        ended=time.time(),
        target=SETTINGS.redacted(),
        processes=max(processes, 1),
        locust_files=_locust_files(environment, run_dir),
    )
    path = write_summary(summary, run_dir)
    verdict = "passed" if summary["passed"] else "FAILED"
    sys.stdout.write(
        f"\nObjectives ({SPEC.scenario}: {verdict}); load.json at {path}\n"
    )
    sys.stdout.write(format_table(verdicts) + "\n")
    environment.process_exit_code = 0 if summary["passed"] else 1


def _new_run_dir() -> Path:
    # Only a bare `locust -f load/locustfile.py` gets here; `leadharness load`
    # always names the run directory.
    from leadharness.reporting.runs import create_run_dir, point_latest

    run_dir = create_run_dir()
    point_latest(run_dir)
    return run_dir


def _locust_files(environment: Environment, run_dir: Path) -> dict[str, str]:
    options = environment.parsed_options
    found: dict[str, str] = {}
    prefix = getattr(options, "csv_prefix", None)
    if prefix:
        for part in ("stats", "stats_history", "failures", "exceptions"):
            found[f"csv_{part}"] = _relative(Path(f"{prefix}_{part}.csv"), run_dir)
    html = getattr(options, "html_file", None)
    if html:
        found["html"] = _relative(Path(html), run_dir)
    return found


def _relative(path: Path, run_dir: Path) -> str:
    try:
        return str(path.resolve().relative_to(run_dir.resolve()))
    except ValueError:
        return str(path)
