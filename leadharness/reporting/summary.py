"""summary.json: one versioned document per run, built from the stages' files.

The shape is documented as a JSON Schema (draft 2020-12) in
``summary.schema.json`` beside this module; :func:`validate_summary` checks a
document against it. A stage's own file (contract.json, load.json) is
embedded as written, so a machine can diff two runs from one file.
"""

from __future__ import annotations

import datetime as dt
import json
import platform
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import jsonschema

from leadharness.errors import ConfigError

__all__ = [
    "SCHEMA_VERSION",
    "StageVerdict",
    "build_summary",
    "contract_verdict",
    "load_verdict",
    "git_commit",
    "load_summary",
    "summary_schema",
    "validate_summary",
    "versions",
]

SCHEMA_VERSION = 1
_VERSIONED = (
    "leadharness",
    "locust",
    "hypothesis",
    "schemathesis",
    "msal",
    "httpx",
    "graphql-core",
    "pytest",
    "plotly",
)


@dataclass
class StageVerdict:
    """What one gate stage concluded, and why when it failed."""

    name: str
    verdict: str
    reasons: list[str] = field(default_factory=list)
    duration_seconds: float = 0.0
    exit_code: int | None = None

    @property
    def passed(self) -> bool:
        """True when the stage ran to the end and nothing broke."""
        return self.verdict == "passed"

    def as_dict(self) -> dict[str, Any]:
        """The stage as summary.json's ``stages`` list holds it."""
        return {
            "name": self.name,
            "verdict": self.verdict,
            "reasons": list(self.reasons),
            "duration_seconds": round(self.duration_seconds, 3),
            "exit_code": self.exit_code,
        }


def contract_verdict(
    contract: Mapping[str, Any] | None, exit_code: int | None
) -> StageVerdict:
    """The contract stage's verdict: each failed rule, or why there is no result."""
    if contract is None:
        return StageVerdict(
            "contract",
            "error",
            [
                f"the contract suite wrote no contract.json (exit code {exit_code}); "
                "see the junit.xml or rerun `pytest tests_contract` to see why"
            ],
        )
    reasons = []
    for rule in contract.get("rules", []):
        if rule.get("outcome") in ("failed", "error"):
            failures = rule.get("failures") or []
            count = (
                f" ({len(failures)} failing test{'s' if len(failures) != 1 else ''})"
            )
            reasons.append(
                f"rule {rule.get('id')} failed: {rule.get('title', '')}{count}"
                if failures
                else f"rule {rule.get('id')} failed: {rule.get('title', '')}"
            )
    totals = contract.get("totals", {})
    if not reasons and (totals.get("failed") or totals.get("errors")):
        reasons.append(
            f"{totals.get('failed', 0)} test(s) failed and {totals.get('errors', 0)} "
            "errored outside any rule; see junit.xml"
        )
    if not reasons and exit_code not in (0, None):
        meaning = _PYTEST_EXITS.get(exit_code, "a failure")
        reasons.append(
            f"pytest exited with code {exit_code} ({meaning}) although no rule "
            "failed; its output is in contract.log beside this report"
        )
    return StageVerdict(
        "contract", "failed" if reasons else "passed", reasons, exit_code=exit_code
    )


# pytest's own exit codes past 1 mean the suite did not run as asked.
_PYTEST_EXITS = {
    2: "interrupted",
    3: "an internal error",
    4: "a usage error, such as a bad --markers expression",
    5: "no test was collected: check --markers",
}


def load_verdict(load: Mapping[str, Any] | None, exit_code: int | None) -> StageVerdict:
    """The load stage's verdict: each breached objective, or why there is no result."""
    if load is None:
        return StageVerdict(
            "load",
            "error",
            [
                f"the load run wrote no load.json (exit code {exit_code}); "
                "rerun `leadharness load` to see why"
            ],
        )
    reasons = [
        f"objective {o.get('name')} breached: measured {_number(o.get('measured'))}, "
        f"threshold {_number(o.get('threshold'))}"
        for o in load.get("objectives", [])
        if not o.get("passed")
    ]
    if not reasons and load.get("passed") is False:
        reasons.append(
            "the load run reported a failure without a breached objective; "
            "see its Locust report"
        )
    if not any(op.get("count") for op in load.get("operations", {}).values()):
        reasons.append(
            "no request completed: the load generator did not reach the target"
        )
    return StageVerdict(
        "load", "failed" if reasons else "passed", reasons, exit_code=exit_code
    )


def build_summary(
    *,
    run_id: str,
    started: dt.datetime,
    finished: dt.datetime,
    command: str,
    profile: str | None,
    target: Mapping[str, Any],
    stages: Sequence[StageVerdict],
    contract: Mapping[str, Any] | None = None,
    load: Mapping[str, Any] | None = None,
    baseline: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The summary document of one run; verdict passed only if every stage passed."""
    return {
        "schema_version": SCHEMA_VERSION,
        "run": {
            "id": run_id,
            "started": _iso(started),
            "finished": _iso(finished),
            "duration_seconds": round((finished - started).total_seconds(), 3),
            "command": command,
            "profile": profile,
            "git_commit": git_commit(),
            "versions": versions(),
        },
        "target": dict(target),
        "verdict": "passed" if stages and all(s.passed for s in stages) else "failed",
        "stages": [s.as_dict() for s in stages],
        "contract": dict(contract) if contract is not None else None,
        "load": dict(load) if load is not None else None,
        "baseline": dict(baseline) if baseline is not None else None,
    }


@cache
def summary_schema() -> dict[str, Any]:
    """The JSON Schema of summary.json."""
    text = (resources.files("leadharness.reporting") / "summary.schema.json").read_text(
        "utf-8"
    )
    return json.loads(text)


def validate_summary(summary: Mapping[str, Any]) -> None:
    """Raise jsonschema.ValidationError when ``summary`` breaks its schema."""
    jsonschema.Draft202012Validator(
        summary_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    ).validate(summary)


def load_summary(path: Path) -> dict[str, Any]:
    """Read and validate a summary.json; ConfigError says what is wrong with it."""
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{path} is not a readable summary.json ({exc})") from None
    try:
        validate_summary(document)
    except jsonschema.ValidationError as exc:
        where = "/".join(str(p) for p in exc.absolute_path) or "top level"
        raise ConfigError(
            f"{path} does not fit summary schema {SCHEMA_VERSION} at {where}: "
            f"{exc.message}; re-render it with a matching leadharness"
        ) from None
    return document


def versions() -> dict[str, str | None]:
    """Versions of Python and the packages a run's figures depend on."""
    found: dict[str, str | None] = {"python": platform.python_version()}
    for name in _VERSIONED:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    return found


@cache
def git_commit() -> str | None:
    """HEAD of the harness checkout (``+dirty`` when changed), or None outside git."""
    where = Path(__file__).resolve().parent
    try:
        head = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=where,
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout.strip()
        status = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=where,
            capture_output=True,
            text=True,
            timeout=5,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return head + ("+dirty" if status.strip() else "") if head else None


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def _number(value: object) -> str:
    # Small values keep their digits: an error-rate threshold of 0.01 must
    # not read as "0.0" in a breach reason.
    if isinstance(value, float):
        if value != 0 and abs(value) < 1:
            return f"{value:.4g}"
        return f"{value:,.1f}"
    return str(value)
