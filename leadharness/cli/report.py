"""The ``report`` command: re-render a past run, or compare two runs."""

from __future__ import annotations

import json
import sys
import webbrowser
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from leadharness.cli.options import (
    ErrorRateToleranceOpt,
    JsonOpt,
    ToleranceMsOpt,
    ToleranceOpt,
)
from leadharness.errors import ConfigError
from leadharness.reporting import (
    DEFAULT_REPORTS_ROOT,
    Tolerance,
    compare_summaries,
    load_summary,
    resolve_baseline,
    resolve_run,
    save_baseline,
)
from leadharness.reporting.publish import rerender

__all__ = ["register", "comparison_table"]


def report(
    run: Annotated[
        str | None,
        typer.Argument(help="Run to re-render: a run id, 'latest' or a run folder."),
    ] = None,
    compare: Annotated[
        tuple[str, str] | None,
        typer.Option(
            "--compare",
            metavar="A B",
            help="Print how run B differs from run A (ids, 'latest', paths or baseline "
            "names).",
        ),
    ] = None,
    open_page: Annotated[
        bool, typer.Option("--open", help="Open the page in a browser.")
    ] = False,
    save_as: Annotated[
        str | None,
        typer.Option(
            "--save-baseline",
            metavar="NAME",
            help="Keep RUN as reports/baselines/NAME.",
        ),
    ] = None,
    tolerance: ToleranceOpt = 0.2,
    tolerance_ms: ToleranceMsOpt = 5.0,
    error_rate_tolerance: ErrorRateToleranceOpt = 0.01,
    as_json: JsonOpt = False,
    reports_dir: Annotated[
        Path, typer.Option("--reports-dir", help="Where run folders are.")
    ] = DEFAULT_REPORTS_ROOT,
) -> None:
    """Re-render a past run's page, or compare two runs as a table."""
    # A pipe or CI log is not a terminal: give tables room instead of 80 columns.
    console = Console(highlight=False, width=None if sys.stdout.isatty() else 132)
    if compare is not None:
        if run is not None:
            raise ConfigError("give either RUN or --compare A B, not both")
        _compare(
            console,
            compare,
            reports_dir,
            as_json,
            Tolerance(tolerance, tolerance_ms, error_rate_tolerance),
        )
        return
    run_dir = resolve_run(run or "latest", reports_dir)
    page = rerender(run_dir)
    summary = load_summary(run_dir / "summary.json")
    if as_json:
        print(
            json.dumps(
                {
                    "run": summary["run"]["id"],
                    "verdict": summary["verdict"],
                    "index": str(page),
                }
            )
        )
    else:
        console.print(
            f"run {summary['run']['id']}: {summary['verdict'].upper()}; page {page}"
        )
    if save_as:
        saved = save_baseline(run_dir, save_as, reports_dir)
        console.print(f"saved as baseline {save_as} ({saved.parent})")
    if open_page:
        webbrowser.open(page.resolve().as_uri())


def comparison_table(section: dict[str, Any], older: str, newer: str) -> Table:
    """A rich table of every compared figure, regressions marked."""
    table = Table(title=f"B {newer} against A {older}", show_lines=False)
    for column, justify in (
        ("", "left"),
        ("operation / rule", "left"),
        ("metric", "left"),
        ("A", "right"),
        ("B", "right"),
        ("change", "right"),
    ):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    for row in section["rows"]:
        mark = "[bold red]REGRESSED[/]" if row["regressed"] else "[green]ok[/]"
        change = row.get("change")
        table.add_row(
            mark,
            str(row["item"]),
            str(row["metric"]),
            _cell(row["baseline"]),
            _cell(row["current"]),
            f"{change:+.1%}" if isinstance(change, (int, float)) else "-",
        )
    return table


def register(app: typer.Typer) -> None:
    """Add the ``report`` command to ``app``."""
    app.command("report")(report)


def _compare(
    console: Console,
    refs: tuple[str, str],
    root: Path,
    as_json: bool,
    tolerance: Tolerance,
) -> None:
    older_path, newer_path = (resolve_baseline(ref, root) for ref in refs)
    older, newer = load_summary(older_path), load_summary(newer_path)
    section = compare_summaries(newer, older, tolerance=tolerance, source=refs[0])
    if as_json:
        print(json.dumps(section, indent=2))
        return
    names = [f"{s['run']['id']} ({s['verdict']})" for s in (older, newer)]
    if not section["rows"]:
        console.print(
            f"nothing to compare between {names[0]} and {names[1]}: "
            "no shared load operations and no contract rule changed"
        )
        return
    console.print(comparison_table(section, names[0], names[1]))
    regressed = sum(row["regressed"] for row in section["rows"])
    console.print(
        f"{regressed} regression(s) beyond +{tolerance.relative:.0%} and "
        f"+{tolerance.absolute_ms:g} ms (error rate +{tolerance.error_rate:.2%})"
    )


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4g}" if abs(value) < 1 else f"{value:,.1f}"
    return str(value)
