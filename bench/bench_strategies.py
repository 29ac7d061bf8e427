"""How fast the strategies generate leads: examples per second, per strategy.

Run with ``python -m bench`` (every bench) or ``python -m bench.bench_strategies``.
Hypothesis strategies are timed through a real ``@given`` run (generate
phase only, no database, no deadline), which is the rate a suite sees; the
plain-Python LeadFactory is timed with a loop. Figures depend on the machine
and its load: compare runs on the same machine, never assert on them.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from strategies import (
    LeadFactory,
    hostile_valid_leads,
    invalid_leads,
    lead_for_code,
    valid_leads,
)

EXAMPLES = 400
FACTORY_LEADS = 20_000


def _given_rate(strategy: st.SearchStrategy[object], examples: int = EXAMPLES) -> float:
    @settings(
        max_examples=examples, database=None, deadline=None, phases=[Phase.generate]
    )
    @given(strategy)
    def draw(_: object) -> None:
        pass

    began = time.perf_counter()
    draw()
    return examples / (time.perf_counter() - began)


def _loop_rate(make: Callable[[], object], count: int = FACTORY_LEADS) -> float:
    began = time.perf_counter()
    for _ in range(count):
        make()
    return count / (time.perf_counter() - began)


def measure() -> dict[str, float]:
    """Examples (or leads) per second for each strategy and the factory."""
    factory = LeadFactory(seed=1)
    return {
        "valid_leads": _given_rate(valid_leads()),
        "hostile_valid_leads": _given_rate(hostile_valid_leads()),
        "invalid_leads (1 violation)": _given_rate(invalid_leads()),
        "invalid_leads (2-4 violations)": _given_rate(
            invalid_leads(min_violations=2, max_violations=4)
        ),
        "lead_for_code(1013)": _given_rate(lead_for_code(1013)),
        "LeadFactory.lead": _loop_rate(factory.lead),
    }


def main() -> None:
    """Print one line per strategy: examples per second, and time per example."""
    for name, rate in measure().items():
        print(f"{name:32s} {rate:10,.0f} examples/s  {1000 / rate:8.3f} ms each")


if __name__ == "__main__":
    main()
