"""Time scale, cold start, credit-pull latency and finite capacity."""

from __future__ import annotations

import random
import statistics
import time
from concurrent.futures import ThreadPoolExecutor

from leadharness.simulator import SimulatorConfig
from leadharness.simulator.timing import CreditPull

from .helpers import Api, start, unique_lead


def test_pull_latency_fits_median_p99_and_never_passes_the_max() -> None:
    config = SimulatorConfig(
        pull_median_seconds=2, pull_p99_seconds=20, pull_max_seconds=30
    )
    pull = CreditPull(config, random.Random(1))
    samples = sorted(pull.sample() for _ in range(20_000))
    assert 1.8 < statistics.median(samples) < 2.2
    assert 17 < samples[int(len(samples) * 0.99)] < 23
    assert max(samples) == 30


def test_time_scale_shrinks_the_pull() -> None:
    pull = CreditPull(SimulatorConfig(time_scale=0.01), random.Random(1))
    assert pull.real_seconds(30) == 0.3


def test_create_waits_at_least_the_scaled_pull() -> None:
    # Lower bound only: a slow machine may take longer, never shorter.
    with start(pull_median_seconds=20, pull_p99_seconds=20, pull_max_seconds=20) as sim:
        client = Api(sim, http=True)
        try:
            client.token()
            began = time.perf_counter()
            client.create_ok(unique_lead())
            elapsed = time.perf_counter() - began
        finally:
            client.close()
    assert elapsed >= 0.2


def test_first_request_after_idle_pays_the_cold_start() -> None:
    with start(
        cold_start_idle_seconds=1,
        cold_start_delay_seconds=30,
        pull_median_seconds=0,
        pull_p99_seconds=0,
        pull_max_seconds=0,
    ) as sim:
        client = Api(sim, http=True)
        try:
            client.token()
            time.sleep(0.05)
            began = time.perf_counter()
            client.status("x")
            cold = time.perf_counter() - began
            client.status("x")
        finally:
            client.close()
        assert sim.app is not None
        assert sim.app.graphql.cold_starts == 1
    assert cold >= 0.3


def test_past_capacity_and_queue_requests_get_503_with_retry_after() -> None:
    with start(
        max_concurrent_pulls=1,
        queue_limit=1,
        retry_after_seconds=3,
        pull_median_seconds=30,
        pull_p99_seconds=30,
        pull_max_seconds=30,
    ) as sim:
        clients = [Api(sim, http=True) for _ in range(4)]
        try:
            for client in clients:
                client.token()
            with ThreadPoolExecutor(4) as pool:
                responses = list(pool.map(lambda c: c.create(unique_lead()), clients))
        finally:
            for client in clients:
                client.close()
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200, 200, 503, 503]
    refused = next(r for r in responses if r.status_code == 503)
    assert refused.headers["retry-after"] == "3"
    assert refused.json()["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"


def test_a_refused_lead_is_not_stored() -> None:
    with start(
        max_concurrent_pulls=1,
        queue_limit=0,
        pull_median_seconds=30,
        pull_p99_seconds=30,
        pull_max_seconds=30,
    ) as sim:
        lead = unique_lead()
        clients = [Api(sim, http=True) for _ in range(2)]
        try:
            for client in clients:
                client.token()
            with ThreadPoolExecutor(2) as pool:
                leads = [lead, dict(unique_lead(), socialSecurityNumber="900011008")]
                list(
                    pool.map(lambda pair: pair[0].create(pair[1]), zip(clients, leads))
                )
            retried = clients[0].create(lead).json()["data"]["createLead"]["resultCode"]
        finally:
            for client in clients:
                client.close()
    # Whichever of the two was refused, retrying it is not answered as a duplicate
    # of itself; at most it duplicates the one that went through.
    assert retried in (1003, 1014)
