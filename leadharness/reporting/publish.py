"""Write a run's summary and page, scrubbed, and point ``latest`` at it."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from leadharness.reporting.page import render_index
from leadharness.reporting.runs import SUMMARY_FILE, point_latest
from leadharness.reporting.scrub import Scrubber
from leadharness.reporting.summary import load_summary, validate_summary

__all__ = ["INDEX_FILE", "publish_run", "read_stage_file", "rerender"]

INDEX_FILE = "index.html"
logger = logging.getLogger("leadharness.reporting")


def publish_run(
    run_dir: Path,
    summary: Mapping[str, Any],
    scrubber: Scrubber,
    *,
    latest: bool = True,
    notes: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Scrub what the stages wrote, then write summary.json and index.html.

    Returns the summary as written (scrubbed). The summary is validated
    against its schema before anything is written, so a report on disk always
    fits the documented shape. What had to be masked is told to ``notes``
    (the gate's console), else logged as a warning.
    """
    changed = scrubber.tree(run_dir)
    if changed:
        told = (
            f"masked secrets or personal data in {len(changed)} report file(s) "
            f"written by a stage: {', '.join(p.name for p in changed)}"
        )
        if notes is not None:
            notes(told)
        else:
            logger.warning("%s", told)

    clean = scrubber.value(summary)
    validate_summary(clean)
    scrubber.write_json(run_dir / SUMMARY_FILE, clean)
    scrubber.write_text(run_dir / INDEX_FILE, render_index(clean))
    if latest:
        point_latest(run_dir)
    return clean


def rerender(run_dir: Path, scrubber: Scrubber | None = None) -> Path:
    """Render a past run's index.html again from its summary.json."""
    summary = load_summary(run_dir / SUMMARY_FILE)
    return (scrubber or Scrubber()).write_text(
        run_dir / INDEX_FILE, render_index(summary)
    )


def read_stage_file(path: Path | None) -> dict[str, Any] | None:
    """A stage's JSON result (contract.json, load.json), or None when absent or broken.

    A stage that died midway may leave a truncated file; the gate then reports
    the stage as an error rather than stopping on it.
    """
    if path is None or not Path(path).is_file():
        return None
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        logger.warning("stage file %s is not readable JSON: %s", path, exc)
        return None
    return document if isinstance(document, dict) else None
