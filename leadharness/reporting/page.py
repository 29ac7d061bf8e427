"""index.html: one self-contained page that answers "did it pass, and why".

The verdict comes first, then what broke (failed stages, contract rules with
their minimal examples, breached objectives, regressions against the
baseline), then how fast it was (percentiles, latency and throughput over
time, the result-code mix). plotly.js is embedded once, inline, so the page
opens without a network. Every text from the run is HTML-escaped here and
the caller scrubs the finished page before writing it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from html import escape
from importlib import resources
from string import Template
from typing import Any, Union

import plotly.graph_objects as go

from leadharness.reporting import charts

__all__ = ["render_index"]

#: Failures shown per failed rule; the rest wait behind a "more" toggle.
_FAILURES_SHOWN = 3
_OPERATION_COLUMNS = (
    ("count", "requests"),
    ("failures", "failures"),
    ("rps", "req/s"),
    ("p50", "p50"),
    ("p90", "p90"),
    ("p95", "p95"),
    ("p99", "p99"),
    ("p999", "p99.9"),
    ("max", "max"),
    ("mean", "mean"),
)


def render_index(summary: Mapping[str, Any]) -> str:
    """The run's report page as a complete HTML document."""
    run = summary.get("run", {})
    sections: list[str | list[Piece]] = [
        f"<h1>leadharness run {escape(str(run.get('id', '')))}</h1>",
        _verdict(summary),
        _stages(summary.get("stages", [])),
        _failed_rules(summary.get("contract")),
        _objectives(summary.get("load")),
        _baseline(summary.get("baseline")),
        _latency(summary.get("load")),
        _result_codes(summary.get("load")),
        _all_rules(summary.get("contract")),
        _metadata(summary),
    ]
    verdict = str(summary.get("verdict", "unknown")).upper()
    template = Template(
        (resources.files("leadharness.reporting") / "template.html").read_text("utf-8")
    )
    return template.substitute(
        title=escape(f"{verdict} - leadharness {run.get('id', '')}"),
        body=_assemble(
            piece
            for section in sections
            for piece in (section if isinstance(section, list) else [section])
        ),
    )


Piece = Union[str, "go.Figure", None]


def _assemble(pieces: Iterable[Piece]) -> str:
    """Join HTML and figures; plotly.js goes inline with the first figure only."""
    out, first = [], True
    for piece in pieces:
        if piece is None:
            continue
        if isinstance(piece, str):
            out.append(piece)
            continue
        out.append(
            '<div class="chart">'
            + charts.figure_html(piece, include_plotlyjs=first)
            + "</div>"
        )
        first = False
    return "\n".join(out)


def _verdict(summary: Mapping[str, Any]) -> str:
    verdict = str(summary.get("verdict", "failed"))
    run, target = summary.get("run", {}), summary.get("target", {})
    reasons = [
        f"{s['name']}: {r}"
        for s in summary.get("stages", [])
        for r in s.get("reasons", [])
    ]
    if verdict == "passed":
        what = (
            "<div class='what'>Every stage passed: no broken contract rule, "
            "no breached objective.</div>"
        )
    else:
        shown = reasons[:8] or ["no stage ran"]
        more = (
            f"<li>... and {len(reasons) - 8} more below</li>"
            if len(reasons) > 8
            else ""
        )
        what = "<ul>" + "".join(f"<li>{escape(r)}</li>" for r in shown) + more + "</ul>"
    facts = {
        "target": (target.get("target_info") or {}).get("name") or target.get("target"),
        "profile": run.get("profile"),
        "started": run.get("started"),
        "duration": f"{run.get('duration_seconds', 0):,.1f} s",
        "commit": (run.get("git_commit") or "unknown")[:12],
        "command": run.get("command"),
    }
    fact_html = "".join(
        f"<span>{escape(k)} <b>{escape(str(v))}</b></span>"
        for k, v in facts.items()
        if v
    )
    return (
        f"<section class='verdict {escape(verdict)}'><div class='word'>"
        f"{escape(verdict.upper())}</div><div>{what}</div></section>"
        f"<div class='facts'>{fact_html}</div>"
    )


def _stages(stages: Sequence[Mapping[str, Any]]) -> str:
    if not stages:
        return ""
    rows = [
        [
            _pill(s.get("verdict")),
            escape(str(s.get("name"))),
            "<br>".join(escape(r) for r in s.get("reasons", []))
            or "<span class=muted>-</span>",
            f"{s.get('duration_seconds', 0):,.1f} s",
        ]
        for s in stages
    ]
    return "<h2>Stages</h2>" + _table(
        ["verdict", "stage", "reasons", "time"], rows, numeric={3}
    )


def _failed_rules(contract: Mapping[str, Any] | None) -> str:
    if not contract:
        return ""
    failed = [
        r for r in contract.get("rules", []) if r.get("outcome") in ("failed", "error")
    ]
    if not failed:
        return ""
    blocks = []
    for rule in failed:
        failures = rule.get("failures", [])
        parts = [
            f"<h3>{escape(str(rule.get('id')))} <span class='muted'>"
            f"{escape(str(rule.get('title', '')))}</span></h3>"
        ]
        parts += [_failure(f) for f in failures[:_FAILURES_SHOWN]]
        if len(failures) > _FAILURES_SHOWN:
            rest = failures[_FAILURES_SHOWN:]
            parts.append(
                f"<details><summary>{len(rest)} more failing test(s)</summary>"
                + "".join(_failure(f) for f in rest)
                + "</details>"
            )
        blocks.append("<div class='rule'>" + "".join(parts) + "</div>")
    return f"<h2>Contract rules that failed ({len(failed)})</h2>" + "".join(blocks)


def _failure(failure: Mapping[str, Any]) -> str:
    parts = [
        f"<div><code>{escape(str(failure.get('test', '')))}</code></div>",
        f"<pre>{escape(str(failure.get('message', '')))}</pre>",
    ]
    if failure.get("example"):
        parts.append(
            "<div class='muted'>minimal example (personal data masked)</div>"
            f"<pre>{escape(str(failure['example']))}</pre>"
        )
    if failure.get("reproduce"):
        parts.append(
            "<div class='muted'>reproduce</div>"
            f"<pre>{escape(str(failure['reproduce']))}</pre>"
        )
    return "".join(parts)


def _objectives(load: Mapping[str, Any] | None) -> str:
    objectives = (load or {}).get("objectives") or []
    if not objectives:
        return ""
    rows = [
        [
            _pill("passed" if o.get("passed") else "failed"),
            escape(str(o.get("name"))),
            escape(str(o.get("operation") or "all")),
            escape(str(o.get("metric", ""))),
            _num(o.get("threshold")),
            _num(o.get("measured")),
        ]
        for o in objectives
    ]
    bad = {i for i, o in enumerate(objectives) if not o.get("passed")}
    return "<h2>Objectives</h2>" + _table(
        ["verdict", "objective", "operation", "metric", "threshold", "measured"],
        rows,
        numeric={4, 5},
        bad_rows=bad,
    )


def _baseline(baseline: Mapping[str, Any] | None) -> str:
    if not baseline:
        return ""
    tolerance = baseline.get("tolerance", {})
    head = (
        f"<p class='muted'>Compared with {escape(str(baseline.get('source')))} "
        f"(run {escape(str(baseline.get('run_id')))}); a latency regresses past "
        f"+{tolerance.get('relative', 0):.0%} and "
        f"+{tolerance.get('absolute_ms', 0)} ms, "
        f"an error rate past +{tolerance.get('error_rate', 0):.2%}.</p>"
    )
    all_rows = baseline.get("rows", [])
    regressed = [r for r in all_rows if r["regressed"]]
    verdict = f"{len(regressed)} regression(s)" if regressed else "no regression"
    shown = _baseline_table(regressed) if regressed else ""
    return (
        f"<h2>Against the baseline: {verdict}</h2>"
        + head
        + shown
        + f"<details><summary>every compared figure ({len(all_rows)})</summary>"
        + _baseline_table(all_rows)
        + "</details>"
    )


def _baseline_table(rows_in: Sequence[Mapping[str, Any]]) -> str:
    rows = [
        [
            _pill("regressed" if r["regressed"] else "ok"),
            escape(str(r["item"])),
            escape(str(r["metric"])),
            _num(r.get("baseline")),
            _num(r.get("current")),
            f"{r['change']:+.1%}" if isinstance(r.get("change"), (int, float)) else "-",
        ]
        for r in rows_in
    ]
    bad = {i for i, r in enumerate(rows_in) if r["regressed"]}
    return _table(
        ["", "operation / rule", "metric", "baseline", "now", "change"],
        rows,
        numeric={3, 4, 5},
        bad_rows=bad,
    )


def _latency(load: Mapping[str, Any] | None) -> list[Piece]:
    operations = (load or {}).get("operations") or {}
    if not load or not operations:
        return []
    rows = [
        [escape(op)] + [_num(data.get(key)) for key, _ in _OPERATION_COLUMNS]
        for op, data in operations.items()
    ]
    head = ["operation"] + [label for _, label in _OPERATION_COLUMNS]
    meta = (
        f"<p class='muted'>Scenario {escape(str(load.get('scenario')))}, "
        f"{_num(load.get('duration_seconds'))} s; latencies in ms (exact, from HDR "
        f"histograms); token acquisitions {_num(load.get('token_acquisitions'))}; "
        f"most requests in flight {_num(load.get('in_flight_max'))}.</p>"
    )
    errors = load.get("errors_by_kind") or {}
    error_table = (
        (
            "<h3>Errors by kind</h3>"
            + _table(
                list(errors),
                [[_num(v) for v in errors.values()]],
                numeric=set(range(len(errors))),
            )
        )
        if errors
        else ""
    )
    return [
        "<h2>Latency and throughput</h2>"
        + meta
        + _table(head, rows, numeric=set(range(1, len(head))))
        + error_table,
        charts.percentile_chart(load),
        charts.timeline_chart(load),
    ]


def _result_codes(load: Mapping[str, Any] | None) -> list[Piece]:
    figure = charts.result_code_chart(load)
    return ["<h2>Result codes</h2>", figure] if figure else []


def _all_rules(contract: Mapping[str, Any] | None) -> str:
    if not contract:
        return ""
    totals = contract.get("totals", {})
    rows = [
        [
            _pill(r.get("outcome")),
            escape(str(r.get("id"))),
            escape(str(r.get("title", ""))),
            _num(r.get("tests")),
        ]
        for r in contract.get("rules", [])
    ]
    counts = ", ".join(f"{v} {k}" for k, v in totals.items())
    return (
        f"<h2>Contract rules</h2><p class='muted'>Tests: {escape(counts)}; "
        f"{_num(contract.get('duration_seconds'))} s.</p>"
        + _table(["outcome", "rule", "title", "tests"], rows, numeric={3})
    )


def _metadata(summary: Mapping[str, Any]) -> str:
    run = summary.get("run", {})
    versions = run.get("versions", {})
    target = {
        k: v for k, v in summary.get("target", {}).items() if not isinstance(v, dict)
    }
    return (
        "<h2>Run</h2><details><summary>versions, target settings, commit</summary>"
        + _table(
            ["name", "value"],
            [
                [escape(k), escape(str(v))]
                for k, v in {
                    **versions,
                    **target,
                    "git_commit": run.get("git_commit"),
                }.items()
            ],
        )
        + "</details>"
    )


def _table(
    head: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    numeric: AbstractSet[int] = frozenset(),
    bad_rows: AbstractSet[int] = frozenset(),
) -> str:
    def cell(tag: str, index: int, value: str) -> str:
        css = " class='num'" if index in numeric else ""
        return f"<{tag}{css}>{value}</{tag}>"

    header = "".join(cell("th", i, escape(h)) for i, h in enumerate(head))
    body = "".join(
        f"<tr{' class=bad' if r in bad_rows else ''}>"
        + "".join(cell("td", i, v) for i, v in enumerate(row))
        + "</tr>"
        for r, row in enumerate(rows)
    )
    return f"<table><thead><tr>{header}</tr></thead><tbody>{body}</tbody></table>"


def _pill(verdict: object) -> str:
    word = escape(str(verdict or "unknown"))
    return f"<span class='pill {word}'>{word}</span>"


def _num(value: object) -> str:
    if isinstance(value, bool) or value is None:
        return "-" if value is None else str(value)
    if isinstance(value, float):
        if value != 0 and abs(value) < 1:
            return f"{value:.4g}"
        return f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return escape(str(value))
