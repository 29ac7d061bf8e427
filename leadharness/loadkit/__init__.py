"""The load toolkit: exact latency, open-model arrivals, objectives, scenarios.

Importing this package never imports Locust (which would monkey-patch the
caller with gevent): ``run_scenario`` runs Locust in child processes on
:mod:`leadharness.loadkit.locust_entry`, the one module that imports it.
"""

from leadharness.loadkit.latency import LatencyRecorder
from leadharness.loadkit.leads import LeadFactory
from leadharness.loadkit.objectives import load_objectives
from leadharness.loadkit.runner import LoadOutcome, locust_entry_path, run_scenario
from leadharness.loadkit.scenarios import SCENARIOS, RunSpec

__all__ = [
    "SCENARIOS",
    "LatencyRecorder",
    "LeadFactory",
    "LoadOutcome",
    "RunSpec",
    "load_objectives",
    "locust_entry_path",
    "run_scenario",
]
