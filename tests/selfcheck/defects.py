"""Run the contract suites against deliberately broken simulators and score them.

Each defect of the simulator breaks one contract rule. For each, a simulator
is started with that defect in a child process, and the suite modules that
check the rule run against it over HTTP (``--base-url``, as against any
target), stopping at the first failure. The defect counts as caught when the
run fails and its contract.json names the expected rule. A correct simulator
must pass the same modules.

Run it by hand for the score table: ``python -m tests.selfcheck``.
"""

from __future__ import annotations

import json
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from leadharness.simulator import SimulatorConfig, start_simulator
from leadharness.suite import SUITE_DIR, run_contract_suite

__all__ = ["EXPECTED", "Score", "run_one", "run_all", "score_table"]

# defect -> (the rule the suite must name, the modules that check it).
EXPECTED: dict[str, tuple[str, tuple[str, ...]]] = {
    "undocumented-code": ("create.documented_code", ("test_create.py",)),
    "status-other-lead": ("status.consistent", ("test_status.py",)),
    "submit-unqualified": ("submit.refused", ("test_submit.py",)),
    "resubmit-1021": ("submit.once", ("test_submit.py",)),
    "resubmit-new-record": ("submit.once", ("test_submit.py",)),
    "no-duplicates": ("dup.phone_email", ("test_duplicates.py",)),
    "auth-off": ("auth.no_token", ("test_auth.py",)),
    "wrong-audience-accepted": ("auth.wrong_audience", ("test_auth.py",)),
    "tampered-signature-accepted": ("auth.tampered_signature", ("test_auth.py",)),
    "expired-accepted": ("auth.expired_token", ("test_auth.py",)),
    "5xx-on-bad-input": ("input.no_5xx", ("test_input_validation.py",)),
    "missing-field": ("create.echo", ("test_create.py",)),
    "id-not-echoed": ("create.echo", ("test_create.py",)),
    "final-code-changes": ("status.final_stable", ("test_status.py",)),
    "not-found-500": ("status.not_found", ("test_status.py",)),
    "not-found-empty": ("status.not_found", ("test_status.py",)),
    "refused-submit-changes-status": ("submit.status_unchanged", ("test_submit.py",)),
    "invalid-creates-lead": ("input.no_data", ("test_input_validation.py",)),
    "negative-bid": ("create.bid_range", ("test_create.py",)),
    "stuck-processing": ("status.settles", ("test_status.py",)),
}
# Token lifetime for the expired-token defect: short enough to wait out.
SHORT_TOKEN_LIFETIME = 2
# Simultaneous defect runs: each is a simulator plus a pytest process.
CONCURRENCY = 3
RUN_TIMEOUT_SECONDS = 120


@dataclass(frozen=True)
class Score:
    """One run: which defect (None = correct simulator), what the suite said."""

    defect: str | None
    expected_rule: str | None
    exit_code: int
    failed_rules: tuple[str, ...]
    first_failure: str
    seconds: float
    run_dir: Path

    @property
    def caught(self) -> bool:
        """True when the run failed on the expected rule (or passed, when correct)."""
        if self.defect is None:
            return self.exit_code == 0
        return self.exit_code == 1 and self.expected_rule in self.failed_rules


def run_one(defect: str | None, work_dir: Path, modules: tuple[str, ...] = ()) -> Score:
    """Start a simulator with ``defect`` and run the suite modules against it."""
    expected, default_modules = (
        EXPECTED.get(defect, (None, ())) if defect else (None, ())
    )
    modules = modules or default_modules
    lifetime = SHORT_TOKEN_LIFETIME if defect == "expired-accepted" else 3600
    config = SimulatorConfig(
        time_scale=0.01, defect=defect, token_lifetime_seconds=lifetime
    )
    run_dir = work_dir / (defect or "correct")
    started = time.monotonic()
    with start_simulator(config, subprocess=True) as simulator:
        outcome = run_contract_suite(
            simulator.settings(),
            run_dir,
            profile="dev",
            extra_args=["-x"] if defect else [],
            paths=[SUITE_DIR / m for m in modules] if modules else (),
            timeout_seconds=RUN_TIMEOUT_SECONDS,
            output=run_dir / "pytest.log",
        )
    return Score(
        defect=defect,
        expected_rule=expected,
        exit_code=outcome.exit_code,
        failed_rules=tuple(outcome.failed_rules),
        first_failure=_first_failure(outcome.contract_path),
        seconds=time.monotonic() - started,
        run_dir=run_dir,
    )


def run_all(
    defects: list[str | None],
    work_dir: Path | None = None,
    concurrency: int = CONCURRENCY,
) -> list[Score]:
    """Run each defect (None for the correct simulator), ``concurrency`` at a time."""
    work_dir = work_dir or Path(tempfile.mkdtemp(prefix="lead-selfcheck-"))
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        return list(pool.map(lambda d: run_one(d, work_dir), defects))


def score_table(scores: list[Score]) -> str:
    """A markdown table: defect, expected rule, rules the suite failed, verdict."""
    lines = [
        "| defect | expected rule | suite failed on | caught | seconds |",
        "|---|---|---|---|---|",
    ]
    for s in scores:
        failed = ", ".join(s.failed_rules) or (
            "none (green)" if s.exit_code == 0 else "-"
        )
        verdict = "yes" if s.caught else "**NO**"
        if s.defect is None:
            verdict = "green" if s.caught else "**RED**"
        lines.append(
            f"| {s.defect or '(correct simulator)'} | {s.expected_rule or '-'} | "
            f"{failed} | {verdict} | {s.seconds:.1f} |"
        )
    return "\n".join(lines)


def _first_failure(contract_path: Path) -> str:
    try:
        document = json.loads(contract_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "(no contract.json)"
    for rule in document.get("rules", []):
        for failure in rule.get("failures", []):
            return str(failure.get("message", ""))
    return ""
