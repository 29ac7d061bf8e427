"""Injected faults: each appears at its rate and looks like what it stands for."""

from __future__ import annotations

import json
import time

import httpx
import pytest

from .helpers import Api, start, unique_lead


def test_5xx_fault_answers_500_internal_server_error() -> None:
    with start(error_5xx_rate=1.0) as sim:
        client = Api(sim, http=True)
        response = client.create(unique_lead())
        client.close()
    assert response.status_code == 500
    assert response.json()["errors"][0]["extensions"]["code"] == "INTERNAL_SERVER_ERROR"


def test_throttle_fault_answers_429_with_retry_after() -> None:
    with start(throttle_rate=1.0, retry_after_seconds=7) as sim:
        client = Api(sim, http=True)
        response = client.status("x")
        client.close()
    assert response.status_code == 429
    assert response.headers["retry-after"] == "7"


def test_reset_fault_drops_the_connection() -> None:
    with start(reset_rate=1.0) as sim:
        client = Api(sim, http=True)
        try:
            with pytest.raises(httpx.TransportError):
                client.status("x")
        finally:
            client.close()


def test_stall_fault_outlasts_a_short_client_timeout() -> None:
    with start(stall_rate=1.0, stall_seconds=100) as sim:
        client = Api(sim, http=True)
        client.client.timeout = httpx.Timeout(0.3)
        try:
            with pytest.raises(httpx.ReadTimeout):
                client.status("x")
        finally:
            client.close()


def test_malformed_fault_truncates_the_json_body() -> None:
    with start(malformed_rate=1.0) as sim:
        client = Api(sim, http=True)
        response = client.status("x")
        client.close()
    assert response.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        json.loads(response.text)


def test_token_outage_answers_503_temporarily_unavailable() -> None:
    with start(token_outage=1.0) as sim:
        client = Api(sim)
        with pytest.raises(httpx.HTTPStatusError) as caught:
            client.token()
        client.close()
    body = caught.value.response.json()
    assert caught.value.response.status_code == 503
    assert body["error"] == "temporarily_unavailable"
    assert body["error_description"].startswith("AADSTS")


def test_a_partial_rate_mixes_faults_and_answers() -> None:
    with start(error_5xx_rate=0.5, seed=11) as sim:
        client = Api(sim, http=True)
        statuses = [client.status("x").status_code for _ in range(60)]
        client.close()
        assert sim.app is not None
        assert sim.app.faults.counts["5xx"] == statuses.count(500)
    assert 10 < statuses.count(500) < 50
    assert statuses.count(200) == 60 - statuses.count(500)


def test_faults_follow_their_schedule() -> None:
    # At scale 0.01: faults from 1 s after start, for 0.5 s.
    with start(
        error_5xx_rate=1.0, fault_start_seconds=100, fault_duration_seconds=50
    ) as sim:
        assert sim.app is not None
        opens, closes = sim.app.faults.window
        client = Api(sim, http=True)
        client.token()
        before = client.status("x").status_code if time.monotonic() < opens else 200
        time.sleep(max(0.0, opens - time.monotonic()) + 0.05)
        during = client.status("x").status_code
        time.sleep(max(0.0, closes - time.monotonic()) + 0.05)
        after = client.status("x").status_code
        client.close()
    assert (before, during, after) == (200, 500, 200)
