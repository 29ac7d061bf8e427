"""Reports people read and files machines diff: summary.json, index.html, baselines.

Every run writes under ``reports/<run id>/``; this package names the run,
builds ``summary.json`` (schema in ``summary.schema.json``) from the stages'
files, renders ``index.html``, compares a run with a baseline, and scrubs
every file it or a stage wrote so no secret, token, SSN or date of birth is
left in a report.
"""

from leadharness.reporting.baseline import Tolerance, compare_summaries, regressions
from leadharness.reporting.page import render_index
from leadharness.reporting.runs import (
    DEFAULT_REPORTS_ROOT,
    create_run_dir,
    new_run_id,
    point_latest,
    resolve_baseline,
    resolve_run,
    save_baseline,
)
from leadharness.reporting.scrub import Scrubber
from leadharness.reporting.summary import (
    SCHEMA_VERSION,
    StageVerdict,
    build_summary,
    contract_verdict,
    load_summary,
    load_verdict,
    validate_summary,
)

__all__ = [
    "DEFAULT_REPORTS_ROOT",
    "SCHEMA_VERSION",
    "Scrubber",
    "StageVerdict",
    "Tolerance",
    "build_summary",
    "compare_summaries",
    "contract_verdict",
    "create_run_dir",
    "load_summary",
    "load_verdict",
    "new_run_id",
    "point_latest",
    "regressions",
    "render_index",
    "resolve_baseline",
    "resolve_run",
    "save_baseline",
    "validate_summary",
]
