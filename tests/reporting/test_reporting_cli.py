"""`leadharness report`: re-render a past run, save it as a baseline, compare two."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sys
from pathlib import Path

import pytest

from leadharness.cli.main import run
from leadharness.reporting import Scrubber, create_run_dir, new_run_id
from leadharness.reporting.publish import publish_run


def _invoke(args, monkeypatch, capsys) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["leadharness", *args])
    with pytest.raises(SystemExit) as stop:
        run()
    out, err = capsys.readouterr()
    return int(stop.value.code or 0), out, err


def _publish(root: Path, summary: dict, minute: int) -> Path:
    run_id = new_run_id(dt.datetime(2026, 12, 3, 14, minute, tzinfo=dt.UTC))
    run_dir = create_run_dir(root, run_id)
    summary["run"]["id"] = run_id
    publish_run(run_dir, summary, Scrubber())
    return run_dir


@pytest.fixture(scope="module")
def published(tmp_path_factory, make_summary, stage_file, slow_down) -> Path:
    """Two published runs, made once: a fast one, then one 60 % slower."""
    root = tmp_path_factory.mktemp("published")
    _publish(root, make_summary(None, stage_file("load_passed.json")), 1)
    _publish(
        root, make_summary(None, slow_down(stage_file("load_passed.json"), 1.6)), 2
    )
    return root


@pytest.fixture
def two_runs(tmp_path, published) -> tuple[Path, Path]:
    """A private copy of the published runs in tmp_path: (fast, slow)."""
    shutil.copytree(published, tmp_path, dirs_exist_ok=True, symlinks=True)
    fast, slow = sorted(p for p in tmp_path.iterdir() if p.name[0].isdigit())
    return fast, slow


def test_report_rerenders_the_latest_run(
    tmp_path, two_runs, monkeypatch, capsys
) -> None:
    page = two_runs[1] / "index.html"
    page.unlink()
    code, out, _ = _invoke(
        ["report", "--reports-dir", str(tmp_path)], monkeypatch, capsys
    )
    assert code == 0
    assert f"run {two_runs[1].name}: PASSED" in out
    assert page.is_file() and "Latency percentiles" in page.read_text("utf-8")


def test_report_saves_a_run_as_a_named_baseline(
    tmp_path, two_runs, monkeypatch, capsys
) -> None:
    code, _, _ = _invoke(
        [
            "report",
            two_runs[0].name,
            "--save-baseline",
            "main",
            "--reports-dir",
            str(tmp_path),
        ],
        monkeypatch,
        capsys,
    )
    assert code == 0
    saved = json.loads(
        (tmp_path / "baselines" / "main" / "summary.json").read_text("utf-8")
    )
    assert saved["run"]["id"] == two_runs[0].name


def test_compare_prints_a_table_marking_regressions(
    tmp_path, two_runs, monkeypatch, capsys
) -> None:
    monkeypatch.setenv("COLUMNS", "160")
    code, out, _ = _invoke(
        [
            "report",
            "--compare",
            two_runs[0].name,
            two_runs[1].name,
            "--reports-dir",
            str(tmp_path),
        ],
        monkeypatch,
        capsys,
    )
    assert code == 0
    assert "REGRESSED" in out
    assert "createLead" in out and "+60.0%" in out
    assert "17 regression(s)" in out


def test_compare_as_json_for_a_machine(tmp_path, two_runs, monkeypatch, capsys) -> None:
    code, out, _ = _invoke(
        [
            "report",
            "--compare",
            two_runs[1].name,
            two_runs[0].name,
            "--json",
            "--reports-dir",
            str(tmp_path),
        ],
        monkeypatch,
        capsys,
    )
    assert code == 0
    section = json.loads(out)
    assert section["regressed"] is False  # faster than its baseline


def test_an_unknown_run_exits_2_naming_the_known_ones(
    tmp_path, two_runs, monkeypatch, capsys
) -> None:
    code, _, err = _invoke(
        ["report", "20990101-000000-dead", "--reports-dir", str(tmp_path)],
        monkeypatch,
        capsys,
    )
    assert code == 2
    assert two_runs[1].name in err and len(err.strip().splitlines()) == 1
