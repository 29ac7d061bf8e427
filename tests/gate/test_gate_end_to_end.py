"""Real stages, broken simulator: the gate fails, names the rule, leaks nothing.

One simulator with the ``submit-unqualified`` defect and a canary client
secret; the contract stage runs the submit suite only and the load stage a
few seconds of the steady scenario, so the test stays well under a minute.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from leadharness.reporting import validate_summary
from leadharness.reporting.gate import GatePlan, StageRun, run_gate
from leadharness.reporting.publish import read_stage_file
from leadharness.reporting.stages import gate_target, load_stage

pytestmark = [pytest.mark.slow, pytest.mark.simulator_only, pytest.mark.destructive]

CANARY_CLIENT = "0c1d3a5e-0000-4000-8000-00000000c0de"
CANARY_SECRET = "canary-Gate-Secret-5eC7-d00d"


def _submit_suite_only(settings, run_dir: Path, plan: GatePlan) -> StageRun:
    from leadharness.suite import SUITE_DIR, run_contract_suite

    outcome = run_contract_suite(
        settings,
        run_dir,
        profile="dev",
        paths=[SUITE_DIR / "test_submit.py"],
        output=run_dir / "contract.log",
        timeout_seconds=120,
    )
    return StageRun(read_stage_file(outcome.contract_path), outcome.exit_code)


def test_a_broken_simulator_fails_the_gate_naming_the_rule_and_leaks_nothing(
    tmp_path, gate_settings, progress, find_leaks
) -> None:
    plan = GatePlan(reports_root=tmp_path / "reports", load_seconds=4.0)
    options = {"clients": {CANARY_CLIENT: CANARY_SECRET}}
    local = gate_settings.model_copy(update={"base_url": None, "target": "local"})
    assert local.target_info().embedded

    with gate_target(
        local, defect="submit-unqualified", simulator_options=options
    ) as live:
        assert live.client_secret.get_secret_value() == CANARY_SECRET
        result = run_gate(
            live, plan, {"contract": _submit_suite_only, "load": load_stage}, progress
        )

    summary = result.summary
    validate_summary(summary)
    assert result.exit_code == 1
    contract, load = summary["stages"]
    assert contract["verdict"] == "failed"
    assert any(r.startswith("rule submit.refused failed") for r in contract["reasons"])
    assert load["verdict"] in ("passed", "failed")  # judged, not crashed
    assert summary["load"]["operations"]["createLead"]["count"] > 0

    written = {p.name for p in result.run_dir.iterdir()}
    assert {
        "summary.json",
        "index.html",
        "junit.xml",
        "contract.json",
        "load.json",
        "locust_stats.csv",
        "locust.html",
    } <= written
    leaks = [name for name in find_leaks(tmp_path / "reports")]
    assert leaks == []
    for path in (tmp_path / "reports").rglob("*"):
        if path.is_file():
            assert CANARY_SECRET not in path.read_bytes().decode("utf-8", "replace"), (
                path
            )
