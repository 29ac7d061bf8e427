"""Locust entry point for the Lead API load scenarios.

Run it headless through the harness (recommended: it starts the simulator,
names the run folder and judges the objectives)::

    leadharness load --scenario steady --duration 60 --rate 5

or with Locust's own web UI, against a target you point it at::

    export LEAD_BASE_URL=... LEAD_CLIENT_APP_ID=... LEAD_CLIENT_SECRET=...
    LEAD_LOAD_SCENARIO=steady LEAD_LOAD_RATE=5 locust -f load/locustfile.py

The scenario, rate and the rest come from ``LEAD_LOAD_*`` variables (or a
spec file named by ``LEAD_LOAD_SPEC``), because Locust imports this file
before it parses its own options and the scenario decides which user and
shape classes exist. Everything lives in leadharness.loadkit.locust_entry.
"""

from leadharness.loadkit.locust_entry import *
