"""The contract run's report: junit.xml and contract.json, with nothing secret.

A pytest plugin, registered by tests_contract/conftest.py. It masks every
failure text before any reporter sees it (terminal, junit.xml, xdist), ties
each test's outcome to the rule ids it checks (``@pytest.mark.rule`` and the
``[rule.id]`` a failure message quotes), and writes ``contract.json`` at the
end of the session. Under pytest-xdist only the controller writes.
"""

from __future__ import annotations

import datetime as dt
import re
import shlex
import sys
import textwrap
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from leadharness.reporting.runs import new_run_id, point_latest
from leadharness.reporting.scrub import Scrubber
from leadharness.settings import Settings
from tests_contract.rulebook import RULES, rules_named_in

__all__ = ["ContractReport", "CONTRACT_FILE", "JUNIT_FILE"]

CONTRACT_FILE = "contract.json"
JUNIT_FILE = "junit.xml"
_RULES_PROPERTY = "lead_rules"
# How Hypothesis introduces a minimal failing example (wording varies by version).
_EXAMPLE_START = re.compile(r"Falsifying (?:explicit )?example|Failing test case")
# Flags worth repeating in a reproduce command (never a secret: none is a flag).
_REPRODUCE_FLAGS = (
    "lead_target",
    "lead_base_url",
    "lead_login_url",
    "lead_tenant_id",
    "lead_client_app_id",
    "lead_ca_bundle",
    "lead_postman",
    "lead_personas",
)


@dataclass
class _TestResult:
    nodeid: str
    rules: list[str]
    select: str = ""
    marked: list[str] = field(default_factory=list)
    outcome: str = "passed"
    message: str = ""
    example: str | None = None


@dataclass
class ContractReport:
    """Collects per-test outcomes by rule and writes the run's report files."""

    config: pytest.Config
    settings: Settings
    scrubber: Scrubber
    run_dir: Path | None
    started: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    _clock: float = field(default_factory=time.monotonic)
    _results: dict[str, _TestResult] = field(default_factory=dict)

    @classmethod
    def install(
        cls, config: pytest.Config, settings: Settings, scrubber: Scrubber
    ) -> None:
        """Register the plugin and point junit.xml into the run directory."""
        run_dir = None
        is_worker = hasattr(config, "workerinput")
        choice = config.getoption("lead_report_dir")
        if not is_worker and (choice or "").lower() != "none":
            # Created when the session ends, so --help or a usage error leaves no
            # empty run directory behind; junitxml creates it for its own file.
            run_dir = Path(choice) if choice else _default_run_dir(config)
            if config.option.xmlpath is None:
                config.option.xmlpath = str(run_dir / JUNIT_FILE)
        config.pluginmanager.register(
            cls(config, settings, scrubber, run_dir), "lead-report"
        )

    def target_resolved(self, settings: Settings) -> None:
        """Report ``settings`` (an embedded simulator's) and mask their secret too."""
        before = self.settings.client_secret
        kept = [before.get_secret_value()] if before is not None else []
        self.settings = settings
        self.scrubber = Scrubber.for_settings(settings, secrets=kept)

    def mask(self, text: str) -> str:
        """``text`` without secrets, tokens, SSNs or dates of birth."""
        return self.scrubber.text(text)

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> Any:
        report = yield
        rules = [str(r) for m in item.iter_markers("rule") for r in m.args]
        report.user_properties.append((_RULES_PROPERTY, ",".join(rules)))
        self._mask_report(report)
        return report

    @pytest.hookimpl(trylast=True)
    def pytest_exception_interact(self, report: pytest.TestReport) -> None:
        # Other plugins (schemathesis) may rewrite the failure text here.
        self._mask_report(report)

    def _mask_report(self, report: pytest.TestReport) -> None:
        if report.longrepr is not None and not report.skipped:
            report.longrepr = self.mask(str(report.longrepr))
        report.sections = [(name, self.mask(text)) for name, text in report.sections]

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        rules = next(
            (str(v) for k, v in report.user_properties if k == _RULES_PROPERTY), ""
        )
        test_id = _test_id(report)
        result = self._results.setdefault(
            test_id,
            _TestResult(test_id, [r for r in rules.split(",") if r], report.nodeid),
        )
        if report.skipped and result.outcome == "passed":
            result.outcome = "skipped"
        elif report.failed:
            text = str(report.longrepr)
            result.outcome = "failed" if report.when == "call" else "error"
            result.message = _headline(text)
            result.example = _falsifying_example(text)
            named = rules_named_in(text)
            if named:
                # The failure is the named rule's; the test still counts for its marks.
                result.marked = [r for r in result.rules if r not in named]
                result.rules = named

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if self.run_dir is None:
            return
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.scrubber.write_json(self.run_dir / CONTRACT_FILE, self.document())
        if self.config.getoption("lead_report_dir") is None:
            point_latest(self.run_dir)

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        broken = [
            entry for entry in self.document()["rules"] if entry["outcome"] == "failed"
        ]
        if broken:
            terminalreporter.section("contract rules broken", red=True)
        for entry in broken:
            terminalreporter.write_line(f"[{entry['id']}] {entry['title']}", red=True)
            for failure in entry["failures"][:3]:
                terminalreporter.write_line(f"  {failure['test']}")
                terminalreporter.write_line(f"    {failure['message'][:300]}")
                terminalreporter.write_line(f"    reproduce: {failure['reproduce']}")
        if self.run_dir is not None:
            terminalreporter.write_line(
                f"contract report: {self.run_dir / CONTRACT_FILE}"
            )

    def document(self) -> dict[str, Any]:
        """contract.json as a dict (version 1)."""
        results = list(self._results.values())
        totals = {key: 0 for key in ("passed", "failed", "skipped", "errors")}
        for result in results:
            totals["errors" if result.outcome == "error" else result.outcome] += 1
        return {
            "version": 1,
            "target": self.settings.redacted(),
            "started": self.started.isoformat(timespec="seconds"),
            "duration_seconds": round(time.monotonic() - self._clock, 3),
            "totals": totals,
            "rules": [self._rule_entry(rid, results) for rid in RULES],
        }

    def _rule_entry(
        self, rule_id: str, results: Iterable[_TestResult]
    ) -> dict[str, Any]:
        results = list(results)
        mine = [r for r in results if rule_id in r.rules or rule_id in r.marked]
        failures = [
            r for r in mine if r.outcome in ("failed", "error") and rule_id in r.rules
        ]
        if failures:
            outcome = "failed"
        elif any(r.outcome == "passed" for r in mine):
            outcome = "passed"
        else:
            outcome = "skipped"
        return {
            "id": rule_id,
            "title": RULES[rule_id].title,
            "outcome": outcome,
            "tests": len(mine),
            "failures": [
                {
                    "test": r.nodeid,
                    "message": r.message,
                    "example": r.example,
                    "reproduce": self.reproduce(r.select or r.nodeid),
                }
                for r in failures
            ],
        }

    def reproduce(self, nodeid: str) -> str:
        """A command that reruns one test against the same target and profile."""
        words = [sys.executable, "-m", "pytest", nodeid]
        for dest in _REPRODUCE_FLAGS:
            value = self.config.getoption(dest)
            if value is not None:
                words += [
                    f"--{dest.removeprefix('lead_').replace('_', '-')}",
                    str(value),
                ]
        profile = self.config.getoption("hypothesis_profile", None)
        if profile:
            words.append(f"--hypothesis-profile={profile}")
        seed = self.config.getoption("hypothesis_seed", None)
        if seed is not None:
            words.append(f"--hypothesis-seed={seed}")
        command = shlex.join(words)
        if (
            self.settings.resolved_base_url()
            and self.settings.client_secret is not None
        ):
            # The secret is never a flag; say where it must come from.
            command = "LEAD_CLIENT_SECRET=<your secret> " + command
        return command


def _default_run_dir(config: pytest.Config) -> Path:
    return Path(config.rootpath) / "reports" / new_run_id()


def _test_id(report: pytest.TestReport) -> str:
    """The node id, plus the parameter schemathesis keeps only in the head line."""
    head = report.head_line or ""
    if "[" in head and not report.nodeid.endswith("]"):
        return report.nodeid + head[head.index("[") :]
    return report.nodeid


def _headline(text: str) -> str:
    """The line naming the broken rule, else the last error line of a traceback."""
    lines = [line.removeprefix("E").strip() for line in text.splitlines()]
    for line in lines:
        named = rules_named_in(line)
        if named:
            return line[line.index(f"[{named[0]}]") :][:2000]
    errors = [
        line.removeprefix("E").strip()
        for line in text.splitlines()
        if line.startswith("E ")
    ]
    fallback = (
        errors[0] if errors else next((x for x in reversed(lines) if x), "failed")
    )
    return fallback[:2000]


def _falsifying_example(text: str) -> str | None:
    """Hypothesis's minimal example (already masked), when the failure has one."""
    lines = text.splitlines()
    start = next(
        (i for i, line in enumerate(lines) if _EXAMPLE_START.search(line)), None
    )
    if start is None:
        return None
    block: list[str] = []
    quoted = lines[start].startswith("E")
    for line in lines[start : start + 120]:
        if quoted and not line.startswith("E"):
            break
        if not quoted and block and not line.strip():
            break
        block.append(line.removeprefix("E").rstrip())
    return textwrap.dedent("\n".join(block))
