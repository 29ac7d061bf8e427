"""Hypothesis profiles for the harness's suites; importing this registers them.

Select one with ``pytest --hypothesis-profile=NAME``. The repository's
top-level conftest.py imports this module, so the names exist before the
Hypothesis pytest plugin reads the option.

======== ============ ========= ================ =====================================
profile  max_examples deadline  stateful steps   meant for
======== ============ ========= ================ =====================================
dev      20           None      10               a quick local run while editing
ci       50           None      20               the release gate; derandomized, so
                                                 a CI rerun draws the same examples
nightly  500          None      50               a long exploratory run, random seed
======== ============ ========= ================ =====================================

The deadline is None in every profile: the suites call a network target where
one createLead may legitimately take 30 seconds while credit is pulled, and
that latency is not the strategy's or the test's fault (latency is measured
by the load stage and bench/, never asserted here). ``ci`` also prints the
reproduction blob of a failure and keeps no example database (CI machines are
fresh); ``dev`` and ``nightly`` keep the default database in ``.hypothesis/``
so a failure found once is replayed first next time. Health checks stay on:
generation itself must stay fast.

Registering ``ci`` replaces Hypothesis's built-in ``ci`` profile, which
Hypothesis loads by itself when the ``CI`` variable is set; a CI run then
uses these settings even without the option.
"""

from __future__ import annotations

from hypothesis import Phase, settings

__all__ = ["PROFILES", "register_profiles"]

PROFILES: dict[str, dict[str, object]] = {
    "dev": {"max_examples": 20, "deadline": None, "stateful_step_count": 10},
    "ci": {
        "max_examples": 50,
        "deadline": None,
        "stateful_step_count": 20,
        "derandomize": True,
        "database": None,
        "print_blob": True,
    },
    "nightly": {
        "max_examples": 500,
        "deadline": None,
        "stateful_step_count": 50,
        "phases": tuple(Phase),
    },
}


def register_profiles() -> None:
    """Register (or re-register) the dev, ci and nightly profiles.

    Each builds on Hypothesis's own defaults, not on whatever profile is loaded
    now: with ``CI`` set, Hypothesis loads its built-in ``ci`` profile at
    import, and inheriting from it would carry its suppressed health checks
    into every profile here.
    """
    base = settings.get_profile("default")
    for name, values in PROFILES.items():
        settings.register_profile(name, parent=base, **values)  # type: ignore[arg-type]


register_profiles()
