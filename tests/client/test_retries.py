"""Retries happen only where a repeat is safe; 401 gets one fresh token."""

from __future__ import annotations

import logging
import socket
import time

import pytest

from leadharness.auth import TokenProvider
from leadharness.client import RetryPolicy
from leadharness.errors import HttpStatusError, TransportError

FAST = RetryPolicy(attempts=3, backoff_seconds=0.01)


def _retries(caplog, operation: str) -> int:
    return sum(
        record.getMessage().startswith(f"retrying {operation} ")
        for record in caplog.records
        if record.name == "leadharness.client"
    )


@pytest.fixture(autouse=True)
def _client_logs(caplog):
    caplog.set_level(logging.INFO, logger="leadharness.client")


def test_a_stale_token_is_replaced_once_on_401(simulator, make_client, lead_for):
    class StaleFirst(TokenProvider):
        handed_stale = False

        def token(self) -> str:
            if not self.handed_stale:
                self.handed_stale = True
                return "eyJhbGciOiJub25lIn0.eyJleHAiOjF9.stale"
            return super().token()

    with StaleFirst(simulator.settings()) as tokens:
        client = make_client(simulator.settings(), tokens)
        lead = client.create_lead(lead_for(1006))
        assert lead.result_code == 1006
        assert tokens.handed_stale and tokens.acquisitions == 1


def test_a_token_refused_twice_is_an_http_error(simulator, make_client):
    with TokenProvider(
        simulator.settings(), scope="https://graph.microsoft.com/.default"
    ) as wrong_audience:
        client = make_client(simulator.settings(), wrong_audience)
        with pytest.raises(HttpStatusError) as caught:
            client.get_lead_status("any")
        assert caught.value.status == 401
        assert "LEAD_DEBT_CORE_APP_ID" in str(caught.value)
        assert wrong_audience.acquisitions == 2  # the first, and one re-acquisition


def test_an_expired_token_is_named_in_the_401_message(make_simulator, make_client):
    from leadharness.client import operation_data

    simulator = make_simulator(token_lifetime_seconds=1)
    client = make_client(simulator.settings())
    token = client.tokens.token()
    time.sleep(1.2)
    response = client.execute("{ __typename }", token=token)
    assert response.status == 401
    with pytest.raises(HttpStatusError, match="the token had expired"):
        operation_data(response, "probe", "__typename")


def test_status_reads_are_retried_on_429_then_reported(
    make_simulator, make_client, caplog
):
    simulator = make_simulator(throttle_rate=1.0, retry_after_seconds=0)
    client = make_client(simulator.settings(), retry=FAST)
    with pytest.raises(HttpStatusError) as caught:
        client.get_lead_status("any")
    assert caught.value.status == 429
    assert caught.value.retry_after == 0
    assert _retries(caplog, "GetLeadStatus") == 2


def test_create_is_never_retried_after_it_was_sent(
    make_simulator, make_client, caplog, lead_for
):
    simulator = make_simulator(throttle_rate=1.0, retry_after_seconds=0)
    client = make_client(simulator.settings(), retry=FAST)
    with pytest.raises(HttpStatusError):
        client.create_lead(lead_for())
    assert _retries(caplog, "TestMinimalLead") == 0


def test_a_500_is_reported_not_retried(make_simulator, make_client, caplog):
    simulator = make_simulator(error_5xx_rate=1.0)
    client = make_client(simulator.settings(), retry=FAST)
    with pytest.raises(HttpStatusError) as caught:
        client.get_lead_status("any")
    assert caught.value.status == 500
    assert _retries(caplog, "GetLeadStatus") == 0


def test_a_reset_after_sending_is_retried_for_reads_only(
    make_simulator, make_client, caplog, lead_for
):
    simulator = make_simulator(reset_rate=1.0)
    client = make_client(simulator.settings(), retry=FAST)
    with pytest.raises(TransportError) as caught:
        client.create_lead(lead_for())
    assert caught.value.sent and not caught.value.timeout
    assert _retries(caplog, "TestMinimalLead") == 0
    with pytest.raises(TransportError):
        client.get_lead_status("any")
    assert _retries(caplog, "GetLeadStatus") == 2


def test_a_refused_connection_is_retried_even_for_create(
    simulator, make_client, caplog, lead_for
):
    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = simulator.settings(base_url=f"https://127.0.0.1:{port}")
    client = make_client(settings, retry=FAST)
    client.tokens.token()
    with pytest.raises(TransportError, match="could not connect") as caught:
        client.create_lead(lead_for())
    assert not caught.value.sent
    assert _retries(caplog, "TestMinimalLead") == 2


def test_a_stalled_create_times_out_and_is_not_retried(
    make_simulator, make_client, caplog, lead_for
):
    simulator = make_simulator(stall_rate=1.0, stall_seconds=100)  # 1 s real
    client = make_client(simulator.settings(), timeout=0.2, retry=FAST)
    client.tokens.token()
    started = time.monotonic()
    with pytest.raises(TransportError, match="raise --timeout") as caught:
        client.create_lead(lead_for())
    assert caught.value.timeout and caught.value.sent
    assert time.monotonic() - started < 1.0
    assert _retries(caplog, "TestMinimalLead") == 0


def test_create_waits_longer_than_the_30_second_credit_pull(simulator, make_client):
    client = make_client(simulator.settings())
    assert client.timeouts.create_read > 30
    assert client.timeouts.create_read > client.timeouts.read
