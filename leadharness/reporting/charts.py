"""The report's charts, drawn by plotly from a summary's load section.

Each function returns a plotly Figure, or None when the summary has nothing
to draw (a contract-only run). :func:`figure_html` turns a figure into a
``<div>``; the page embeds plotly.js once, inline, so it opens offline.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from leadharness.contract.codes import RESULT_CODES

__all__ = ["percentile_chart", "timeline_chart", "result_code_chart", "figure_html"]

_PERCENTILES = (
    ("p50", "p50"),
    ("p90", "p90"),
    ("p95", "p95"),
    ("p99", "p99"),
    ("p999", "p99.9"),
    ("max", "max"),
)
_MIN_POINTS = 3
_FONT = dict(family="system-ui, -apple-system, Segoe UI, sans-serif", size=13)


def percentile_chart(load: Mapping[str, Any] | None) -> go.Figure | None:
    """Grouped bars: each operation's latency percentiles, log scale in ms."""
    operations = (load or {}).get("operations") or {}
    if not operations:
        return None
    figure = go.Figure()
    for name, label in _PERCENTILES:
        figure.add_bar(
            name=label,
            x=list(operations),
            y=[operations[op].get(name) for op in operations],
            hovertemplate="%{x} " + label + ": %{y:,.1f} ms<extra></extra>",
        )
    figure.update_layout(
        barmode="group",
        yaxis_title="latency (ms, log scale)",
        yaxis_type="log",
        legend_title_text="percentile",
    )
    return _styled(figure, "Latency percentiles per operation")


def timeline_chart(load: Mapping[str, Any] | None) -> go.Figure | None:
    """Latency (p50, p95, p99) and throughput per operation over the run."""
    timeline = (load or {}).get("timeline") or []
    if not timeline:
        return None
    series: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for point in sorted(
        timeline, key=lambda p: (p.get("operation", ""), p.get("t", 0))
    ):
        line = series[str(point.get("operation"))]
        for key in ("t", "requests", "failures", "p50", "p95", "p99"):
            line[key].append(point.get(key))

    figure = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.1,
        subplot_titles=(
            "Latency over time (ms)",
            "Throughput over time (requests per interval)",
        ),
    )
    # A series of one or two points (token acquisitions, say) is no curve.
    drawn = {op: line for op, line in series.items() if len(line["t"]) >= _MIN_POINTS}
    for index, (operation, line) in enumerate(sorted((drawn or series).items())):
        color = _COLORS[index % len(_COLORS)]
        for metric, dash in (("p50", "dot"), ("p95", "dash"), ("p99", "solid")):
            figure.add_scatter(
                x=line["t"],
                y=line[metric],
                name=f"{operation} {metric}",
                legendgroup=operation,
                mode="lines",
                line=dict(color=color, dash=dash),
                row=1,
                col=1,
            )
        figure.add_scatter(
            x=line["t"],
            y=line["requests"],
            name=f"{operation} requests",
            legendgroup=operation,
            mode="lines+markers",
            line=dict(color=color),
            marker=dict(size=4),
            row=2,
            col=1,
        )
        if any(line["failures"]):
            figure.add_bar(
                x=line["t"],
                y=line["failures"],
                name=f"{operation} failures",
                legendgroup=operation,
                marker_color="#c62828",
                opacity=0.7,
                row=2,
                col=1,
            )
    figure.update_xaxes(title_text="seconds since start", row=2, col=1)
    figure.update_yaxes(title_text="ms", row=1, col=1)
    figure.update_yaxes(title_text="requests", row=2, col=1)
    figure.update_layout(height=620)
    return _styled(figure, "")


def result_code_chart(load: Mapping[str, Any] | None) -> go.Figure | None:
    """Horizontal bars: how often each result code came back, with its name."""
    codes = (load or {}).get("result_codes") or {}
    shown = {code: count for code, count in codes.items() if count}
    if not shown:
        return None
    ordered = sorted(shown, key=lambda c: int(c) if str(c).isdigit() else 10**9)
    labels = [f"{code} {_code_name(code)}" for code in ordered]
    total = sum(shown.values())
    figure = go.Figure(
        go.Bar(
            x=[shown[c] for c in ordered],
            y=labels,
            orientation="h",
            text=[f"{shown[c]:,} ({shown[c] / total:.0%})" for c in ordered],
            textposition="auto",
            marker_color=[_code_color(c) for c in ordered],
            hovertemplate="%{y}: %{x:,}<extra></extra>",
        )
    )
    figure.update_layout(
        xaxis_title="answers",
        yaxis_autorange="reversed",
        height=max(260, 34 * len(ordered) + 120),
    )
    return _styled(figure, "Result-code mix")


def figure_html(figure: go.Figure, *, include_plotlyjs: bool) -> str:
    """One chart as an HTML fragment; plotly.js inline only when asked."""
    return figure.to_html(
        full_html=False,
        include_plotlyjs=include_plotlyjs,
        config={"displaylogo": False, "responsive": True},
    )


_COLORS = ("#1565c0", "#2e7d32", "#6a1b9a", "#ef6c00", "#00838f", "#5d4037")


def _styled(figure: go.Figure, title: str) -> go.Figure:
    figure.update_layout(
        title_text=title or None,
        template="plotly_white",
        font=_FONT,
        margin=dict(l=60, r=20, t=60 if title else 40, b=50),
    )
    return figure


def _code_name(code: object) -> str:
    try:
        return RESULT_CODES[int(str(code))].name
    except (KeyError, ValueError):
        return "UNDOCUMENTED"


def _code_color(code: object) -> str:
    try:
        kind = RESULT_CODES[int(str(code))].kind.value
    except (KeyError, ValueError):
        return "#c62828"
    return {
        "qualified": "#2e7d32",
        "crm": "#1565c0",
        "processing": "#90a4ae",
        "duplicate": "#ef6c00",
        "failure": "#8d6e63",
        "error": "#c62828",
    }.get(kind, "#78909c")
