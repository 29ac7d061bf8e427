"""The gate's real stages and its embedded target.

The contract stage runs the pytest suites (``leadharness.suite``) and the
load stage a Locust scenario (``leadharness.loadkit``), each in a child
process that writes its files into the run directory. For the local target
:func:`gate_target` starts the simulator as a child process (Locust's gevent
must never patch ours) and stops it when the gate is done.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from leadharness.errors import ConfigError
from leadharness.reporting.gate import GatePlan, StageRun, StageRunner
from leadharness.reporting.publish import read_stage_file

__all__ = [
    "GATE_TIME_SCALE",
    "GATE_TOKEN_LIFETIME",
    "REAL_STAGES",
    "check_load_plan",
    "contract_stage",
    "load_stage",
    "gate_target",
]

#: Simulated time runs 100 times faster in the gate: a 30 s credit pull takes 0.3 s.
GATE_TIME_SCALE = 0.01
#: Tokens of the gate's simulator live 20 s (wall clock), so the contract suite's
#: expired-token check runs and the load stage crosses a token refresh.
GATE_TOKEN_LIFETIME = 20
logger = logging.getLogger("leadharness.reporting")


def contract_stage(settings: Any, run_dir: Path, plan: GatePlan) -> StageRun:
    """Run the contract suite into ``run_dir``; its contract.json is the result."""
    from leadharness.suite import run_contract_suite

    outcome = run_contract_suite(
        settings,
        run_dir,
        profile=plan.profile.contract_profile,
        markers=plan.contract_markers,
        timeout_seconds=plan.profile.contract_timeout,
        output=run_dir / "contract.log",
    )
    path = getattr(outcome, "contract_path", None) or run_dir / "contract.json"
    return StageRun(read_stage_file(Path(path)), getattr(outcome, "exit_code", None))


def load_stage(settings: Any, run_dir: Path, plan: GatePlan) -> StageRun:
    """Run the plan's load scenario into ``run_dir``; its load.json is the result."""
    from leadharness.loadkit import run_scenario

    outcome = run_scenario(
        settings,
        plan.scenario_name,
        run_dir,
        duration_seconds=plan.duration,
        objectives=plan.objectives,
    )
    path = getattr(outcome, "summary_path", None) or run_dir / "load.json"
    return StageRun(read_stage_file(Path(path)), getattr(outcome, "exit_code", None))


REAL_STAGES: dict[str, StageRunner] = {"contract": contract_stage, "load": load_stage}


def check_load_plan(plan: GatePlan) -> None:
    """Refuse an unknown scenario or a bad objectives file before any stage runs.

    Found only when the load stage starts, either would cost the contract
    stage's minutes first.
    """
    if "load" not in plan.stages:
        return
    from leadharness.loadkit import load_objectives
    from leadharness.loadkit.scenarios import get_scenario

    get_scenario(plan.scenario_name)
    if plan.objectives is not None:
        try:
            load_objectives(plan.objectives)
        except UnicodeDecodeError as exc:
            raise ConfigError(
                f"objectives file {plan.objectives} is not UTF-8 text ({exc}); "
                "save it as UTF-8 TOML"
            ) from None


@contextlib.contextmanager
def gate_target(
    settings: Any,
    *,
    defect: str | None = None,
    simulator_options: dict[str, Any] | None = None,
) -> Iterator[Any]:
    """Settings to run the gate against: the target given, or a fresh simulator.

    For ``--target local`` (with no base URL) a simulator is started for the
    run and stopped after it, carrying ``defect`` when the self-check asks
    for one. A defect against any other target is a ConfigError: only the
    embedded simulator can be broken on purpose.
    """
    if settings.target_info().embedded:
        from leadharness.simulator import SimulatorConfig, start_simulator

        options = {
            "time_scale": GATE_TIME_SCALE,
            "token_lifetime_seconds": GATE_TOKEN_LIFETIME,
            **(simulator_options or {}),
        }
        config = SimulatorConfig(defect=defect, **options)
        with start_simulator(config, subprocess=True) as simulator:
            logger.info(
                "embedded simulator at %s (defect %s)", simulator.base_url, defect
            )
            yield simulator.settings(**_kept(settings))
        return
    if defect is not None:
        raise ConfigError(
            f"--simulator-defect {defect} needs the embedded simulator, but the "
            f"target is {settings.target_info().name}; drop --target/--base-url "
            "or the defect"
        )
    yield settings


def _kept(settings: Any) -> dict[str, Any]:
    # What a user set that the simulator's own settings should not override.
    kept: dict[str, Any] = {"allow_production": settings.allow_production}
    if settings.personas is not None:
        kept["personas"] = settings.personas
    return kept
