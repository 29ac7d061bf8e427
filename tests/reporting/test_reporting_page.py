"""index.html: verdict first, what broke, how fast, charts by plotly, offline."""

from __future__ import annotations

import re

from leadharness.reporting import compare_summaries, render_index

_PLOTLY_BUNDLE = re.compile(r"plotly\.js v\d+\.\d+\.\d+")


def test_the_verdict_comes_before_everything_else(failing_summary) -> None:
    page = render_index(failing_summary)
    body = page[page.index("<main>") :]
    assert body.index("FAILED") < body.index("<h2>")
    assert "<title>FAILED - leadharness 20261203-141500-ab12</title>" in page


def test_failed_rules_show_their_message_example_and_reproduction(
    failing_summary,
) -> None:
    page = render_index(failing_summary)
    assert "Contract rules that failed (2)" in page
    for text in (
        "submit.refused",
        "dup.phone_email",
        "test_refused_for_unqualified_codes[1008]",
        "--hypothesis-seed=1234",
        "minimal example (personal data masked)",
    ):
        assert text in page


def test_objectives_latency_table_and_error_kinds_are_shown(failing_summary) -> None:
    page = render_index(failing_summary)
    assert "<h2>Objectives</h2>" in page
    assert "getLeadStatus p95" in page
    assert "<tr class=bad>" in page  # the breached objective row is marked
    assert "<h2>Latency and throughput</h2>" in page
    assert "Errors by kind" in page and "throttled" in page


def test_plotly_is_inline_once_and_nothing_is_fetched(failing_summary) -> None:
    page = render_index(failing_summary)
    assert len(_PLOTLY_BUNDLE.findall(page)) == 1
    assert page.count("Plotly.newPlot(") == 3  # percentiles, over time, result codes
    assert not re.search(r"<script[^>]+src=", page)
    assert not re.search(r"<link[^>]+href=\"?https?:", page)


def test_a_contract_only_run_has_no_charts_and_no_plotly(
    make_summary, stage_file
) -> None:
    page = render_index(make_summary(stage_file("contract_passed.json"), None))
    assert "PASSED" in page
    assert "Every stage passed" in page
    assert "Plotly.newPlot(" not in page
    assert not _PLOTLY_BUNDLE.search(page)


def test_text_from_the_run_is_escaped(make_summary, stage_file) -> None:
    contract = stage_file("contract_failed.json")
    contract["rules"][6]["failures"][0]["message"] = "<script>alert(1)</script>"
    page = render_index(make_summary(contract, None))
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_baseline_regressions_are_listed_first(
    make_summary, stage_file, slow_down
) -> None:
    before = make_summary(None, stage_file("load_passed.json"))
    summary = make_summary(None, slow_down(stage_file("load_passed.json"), 1.6))
    summary["baseline"] = compare_summaries(summary, before, source="main")
    page = render_index(summary)
    assert "Against the baseline: 17 regression(s)" in page
    assert "Compared with main" in page
    assert "<span class='pill regressed'>regressed</span>" in page


def test_a_rule_with_many_failures_shows_three_and_folds_the_rest(
    make_summary, stage_file
) -> None:
    contract = stage_file("contract_failed.json")
    rule = contract["rules"][6]
    rule["failures"] = [
        {**rule["failures"][0], "test": f"tests_contract/t.py::test_{i}"}
        for i in range(5)
    ]
    page = render_index(make_summary(contract, None))
    folded = page[page.index("<details><summary>2 more failing test(s)") :]
    assert "test_0" in page[: page.index("2 more failing")]
    assert "test_2" in page[: page.index("2 more failing")]
    assert "test_3" in folded.split("</details>")[0]
    assert "test_4" in folded.split("</details>")[0]
