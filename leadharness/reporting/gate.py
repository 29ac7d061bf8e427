"""The release gate: run the chosen stages, judge them, and write the report.

:func:`run_gate` takes the stage runners as arguments, so the orchestration
(run directory, verdicts, baseline, scrubbing, the ``latest`` pointer, the
exit code) is tested with stand-in stages; :mod:`leadharness.reporting.stages`
holds the real ones (the contract suite and a Locust scenario).
"""

from __future__ import annotations

import datetime as dt
import time
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from leadharness.errors import ConfigError, HarnessError
from leadharness.reporting.baseline import Tolerance, compare_summaries, regressions
from leadharness.reporting.publish import publish_run
from leadharness.reporting.runs import (
    DEFAULT_REPORTS_ROOT,
    check_baseline_name,
    create_run_dir,
    resolve_baseline,
    save_baseline,
)
from leadharness.reporting.scrub import Scrubber
from leadharness.reporting.summary import (
    StageVerdict,
    build_summary,
    contract_verdict,
    load_summary,
    load_verdict,
)

__all__ = [
    "STAGES",
    "PROFILES",
    "GatePlan",
    "GateResult",
    "Profile",
    "Progress",
    "StageRun",
    "StageRunner",
    "run_gate",
]

STAGES = ("contract", "load")


@dataclass(frozen=True)
class Profile:
    """How hard each stage works: quick for a pull request, thorough for nightly."""

    name: str
    contract_profile: str
    load_scenario: str
    load_seconds: float
    description: str
    contract_timeout: float = 900.0


PROFILES = {
    "quick": Profile(
        "quick",
        contract_profile="ci",
        load_scenario="steady",
        load_seconds=20.0,
        description="pull requests: ci Hypothesis profile, 20 s steady load",
    ),
    "thorough": Profile(
        "thorough",
        contract_profile="nightly",
        load_scenario="steady",
        load_seconds=300.0,
        contract_timeout=3600.0,
        description="nightly: nightly Hypothesis profile, 5 min steady load",
    ),
}


@dataclass
class StageRun:
    """What a stage runner hands back: its JSON result and its exit code."""

    document: dict[str, Any] | None
    exit_code: int | None = None


#: ``runner(settings, run_dir, plan) -> StageRun``; writes its files into run_dir.
StageRunner = Callable[[Any, Path, "GatePlan"], StageRun]


@dataclass
class GatePlan:
    """Everything the gate was asked to do, checked before any stage runs."""

    stages: Sequence[str] = STAGES
    profile: Profile = PROFILES["quick"]
    reports_root: Path = DEFAULT_REPORTS_ROOT
    command: str = "leadharness gate"
    baseline: str | None = None
    tolerance: Tolerance = field(default_factory=Tolerance)
    fail_on_regression: bool = False
    save_baseline: str | None = None
    scenario: str | None = None
    load_seconds: float | None = None
    objectives: Path | None = None
    contract_markers: str | None = None

    def __post_init__(self) -> None:
        unknown = [s for s in self.stages if s not in STAGES]
        if unknown or not self.stages:
            raise ConfigError(
                f"unknown stage(s) {', '.join(unknown) or '(none given)'}: choose from "
                f"{', '.join(STAGES)}, e.g. --stages contract,load"
            )
        if self.fail_on_regression and not self.baseline:
            raise ConfigError(
                "--fail-on-regression needs a baseline to compare with: "
                "pass --baseline NAME or PATH"
            )
        if self.load_seconds is not None and not 0 < self.load_seconds <= 24 * 3600:
            raise ConfigError(
                f"--load-duration must be between 0 and 86400 seconds, got "
                f"{self.load_seconds}"
            )
        if self.save_baseline is not None:
            check_baseline_name(self.save_baseline)
        if self.objectives is not None and not Path(self.objectives).is_file():
            raise ConfigError(
                f"objectives file {self.objectives} does not exist; "
                "pass a TOML thresholds file to --objectives"
            )

    @property
    def scenario_name(self) -> str:
        """The load scenario to run: chosen, or the profile's."""
        return self.scenario or self.profile.load_scenario

    @property
    def duration(self) -> float:
        """Seconds of load: chosen, or the profile's."""
        return self.load_seconds or self.profile.load_seconds


class Progress(Protocol):
    """Where the gate reports what it is doing while it runs."""

    def stage_started(self, name: str, index: int, total: int, detail: str) -> None: ...

    def stage_finished(self, verdict: StageVerdict) -> None: ...

    def note(self, text: str) -> None: ...


@dataclass
class GateResult:
    """The gate's outcome: exit code, where the report is, and the summary."""

    exit_code: int
    run_dir: Path
    summary: dict[str, Any]

    @property
    def passed(self) -> bool:
        """True when every stage passed."""
        return self.exit_code == 0


_JUDGES = {"contract": contract_verdict, "load": load_verdict}


def run_gate(
    settings: Any,
    plan: GatePlan,
    runners: Mapping[str, StageRunner],
    progress: Progress,
    *,
    scrubber: Scrubber | None = None,
) -> GateResult:
    """Run the plan's stages against ``settings`` and write the run's report.

    Exit code 0 when every stage passed, 1 when one failed or could not run.
    A baseline named in the plan is read first, so a wrong name stops the
    gate (ConfigError, exit 2) before any stage spends time.
    """
    scrubber = scrubber or Scrubber.for_settings(settings)
    baseline_path = (
        resolve_baseline(plan.baseline, plan.reports_root) if plan.baseline else None
    )
    baseline = load_summary(baseline_path) if baseline_path else None
    started = dt.datetime.now(dt.UTC)
    run_dir = create_run_dir(plan.reports_root)
    progress.note(f"run {run_dir.name}: reports in {run_dir}")

    verdicts: list[StageVerdict] = []
    documents: dict[str, dict[str, Any] | None] = {"contract": None, "load": None}
    for index, name in enumerate(plan.stages, start=1):
        progress.stage_started(name, index, len(plan.stages), _detail(name, plan))
        verdict, documents[name] = _run_stage(
            name, runners[name], settings, run_dir, plan
        )
        # The reasons go to the console (a CI log) now, before the files are
        # scrubbed: a crash's text or a quoted failure may carry a secret.
        verdict.reasons = [scrubber.text(reason) for reason in verdict.reasons]
        verdicts.append(verdict)
        progress.stage_finished(verdict)

    summary = build_summary(
        run_id=run_dir.name,
        started=started,
        finished=dt.datetime.now(dt.UTC),
        command=plan.command,
        profile=plan.profile.name,
        target=settings.redacted() if hasattr(settings, "redacted") else {},
        stages=verdicts,
        contract=documents["contract"],
        load=documents["load"],
    )
    if baseline is not None:
        summary["baseline"] = compare_summaries(
            summary, baseline, tolerance=plan.tolerance, source=str(plan.baseline)
        )
        _judge_baseline(summary, plan, progress)

    written = publish_run(run_dir, summary, scrubber, notes=progress.note)
    if plan.save_baseline:
        saved = save_baseline(run_dir, plan.save_baseline, plan.reports_root)
        progress.note(f"saved as baseline {plan.save_baseline} ({saved.parent})")
    return GateResult(0 if written["verdict"] == "passed" else 1, run_dir, written)


def _run_stage(
    name: str, runner: StageRunner, settings: Any, run_dir: Path, plan: GatePlan
) -> tuple[StageVerdict, dict[str, Any] | None]:
    clock = time.monotonic()
    try:
        outcome = runner(settings, run_dir, plan)
    except ConfigError:
        raise
    except HarnessError as exc:
        verdict = StageVerdict(name, "error", [f"{type(exc).__name__}: {exc}"])
        outcome = StageRun(None)
    except Exception as exc:  # noqa: BLE001 - a crashed stage must still leave a report
        (run_dir / f"{name}-error.txt").write_text(
            traceback.format_exc(), encoding="utf-8"
        )
        verdict = StageVerdict(
            name,
            "error",
            [
                f"the stage crashed ({type(exc).__name__}: {exc}); "
                f"traceback in {name}-error.txt"
            ],
        )
        outcome = StageRun(None)
    else:
        verdict = _JUDGES[name](outcome.document, outcome.exit_code)
    verdict.duration_seconds = time.monotonic() - clock
    return verdict, outcome.document


def _judge_baseline(
    summary: dict[str, Any], plan: GatePlan, progress: Progress
) -> None:
    lines = regressions(summary["baseline"])
    for line in lines:
        progress.note(f"regression against {plan.baseline}: {line}")
    if plan.fail_on_regression:
        verdict = StageVerdict("baseline", "failed" if lines else "passed", lines)
        summary["stages"].append(verdict.as_dict())
        if lines:
            summary["verdict"] = "failed"
        progress.stage_finished(verdict)


def _detail(name: str, plan: GatePlan) -> str:
    if name == "contract":
        markers = f", markers {plan.contract_markers}" if plan.contract_markers else ""
        return f"Hypothesis profile {plan.profile.contract_profile}{markers}"
    return f"scenario {plan.scenario_name} for {plan.duration:g} s"
