"""Run ids sort by time; latest, run ids and baselines resolve to run folders."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from leadharness.errors import ConfigError
from leadharness.reporting import (
    create_run_dir,
    new_run_id,
    point_latest,
    resolve_baseline,
    resolve_run,
    save_baseline,
)


def _run(root: Path, when: dt.datetime) -> Path:
    run_dir = create_run_dir(root, new_run_id(when))
    (run_dir / "summary.json").write_text(json.dumps({"verdict": "passed"}), "utf-8")
    return run_dir


def test_run_ids_sort_by_start_time() -> None:
    base = dt.datetime(2026, 12, 3, 14, 15, tzinfo=dt.UTC)
    ids = [new_run_id(base + dt.timedelta(seconds=s)) for s in (61, 0, 3600, 1)]
    assert sorted(ids) == [ids[1], ids[3], ids[0], ids[2]]
    assert all(re.fullmatch(r"\d{8}-\d{6}-[0-9a-f]{4}", i) for i in ids)
    assert ids[1].startswith("20261203-141500-")


def test_latest_points_at_the_newest_run_by_symlink_and_text(tmp_path: Path) -> None:
    first = _run(tmp_path, dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    second = _run(tmp_path, dt.datetime(2026, 1, 2, tzinfo=dt.UTC))
    point_latest(first)
    point_latest(second)
    assert (tmp_path / "LATEST").read_text("utf-8").strip() == second.name
    assert (tmp_path / "latest").resolve() == second.resolve()
    assert resolve_run("latest", tmp_path) == second


def test_a_run_resolves_by_id_folder_or_summary_file(tmp_path: Path) -> None:
    run_dir = _run(tmp_path, dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    assert resolve_run(run_dir.name, tmp_path) == run_dir
    assert resolve_run(str(run_dir), tmp_path) == run_dir
    assert resolve_run(str(run_dir / "summary.json"), tmp_path) == run_dir


def test_an_unknown_run_names_the_runs_that_exist(tmp_path: Path) -> None:
    run_dir = _run(tmp_path, dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    with pytest.raises(ConfigError, match=f"known runs: {run_dir.name}"):
        resolve_run("20990101-000000-beef", tmp_path)


def test_latest_without_any_run_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="leadharness gate"):
        resolve_run("latest", tmp_path)


def test_a_saved_baseline_resolves_by_name(tmp_path: Path) -> None:
    run_dir = _run(tmp_path, dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    saved = save_baseline(run_dir, "main", tmp_path)
    assert saved == tmp_path / "baselines" / "main" / "summary.json"
    assert resolve_baseline("main", tmp_path) == saved
    assert resolve_baseline(run_dir.name, tmp_path) == run_dir / "summary.json"


def test_an_unknown_baseline_lists_the_saved_names(tmp_path: Path) -> None:
    run_dir = _run(tmp_path, dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    save_baseline(run_dir, "nightly", tmp_path)
    with pytest.raises(ConfigError, match=r"names: nightly"):
        resolve_baseline("main", tmp_path)


@pytest.mark.parametrize("name", ["../escape", "a/b", "", "-x"])
def test_a_baseline_name_that_is_not_a_plain_word_is_refused(
    tmp_path: Path, name: str
) -> None:
    run_dir = _run(tmp_path, dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    with pytest.raises(ConfigError, match="baseline name"):
        save_baseline(run_dir, name, tmp_path)


def test_an_existing_run_folder_is_never_reused(tmp_path: Path) -> None:
    create_run_dir(tmp_path, "20260101-000000-abcd")
    with pytest.raises(ConfigError, match="already exists"):
        create_run_dir(tmp_path, "20260101-000000-abcd")
