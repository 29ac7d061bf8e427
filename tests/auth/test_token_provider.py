"""The token provider acquires with msal over HTTPS, caches, shares and refreshes."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import jwt
import pytest

from leadharness.auth import TokenProvider
from leadharness.errors import AuthError, ConfigError


def test_acquires_a_token_for_the_lead_api(simulator, provider):
    tokens = provider(simulator.settings())
    claims = tokens.claims()
    assert claims["aud"] == f"api://{simulator.debt_core_app_id}"
    assert claims["iss"] == f"{simulator.login_url}/{simulator.tenant_id}/v2.0"
    assert claims["appid"] == simulator.client_id
    assert claims["exp"] > time.time() + 3000
    assert tokens.acquisitions == 1


def test_many_calls_reuse_one_acquisition(simulator, provider):
    tokens = provider(simulator.settings())
    seen = {tokens.token() for _ in range(50)}
    assert len(seen) == 1
    assert tokens.acquisitions == 1


def test_threads_share_one_acquisition(simulator, provider):
    tokens = provider(simulator.settings())
    start = threading.Barrier(16)

    def take() -> str:
        start.wait()
        return tokens.token()

    with ThreadPoolExecutor(16) as pool:
        seen = set(pool.map(lambda _: take(), range(16)))
    assert len(seen) == 1
    assert tokens.acquisitions == 1


def test_a_short_lived_token_is_refreshed_before_it_expires(make_simulator, provider):
    simulator = make_simulator(token_lifetime_seconds=2)
    tokens = provider(simulator.settings())
    first = tokens.token()
    assert tokens.token() == first  # still inside its lifetime minus the margin
    assert tokens.acquisitions == 1
    time.sleep(1.9)  # past the refresh point (2 s minus 10%), before exp
    second = tokens.token()
    assert second != first
    assert tokens.acquisitions == 2
    exp = jwt.decode(second, options={"verify_signature": False})["exp"]
    assert exp > time.time()


def test_a_short_lived_token_is_never_handed_out_near_its_exp(make_simulator, provider):
    simulator = make_simulator(token_lifetime_seconds=3)
    tokens = provider(simulator.settings())
    closest = float("inf")
    stop = time.monotonic() + 4
    while time.monotonic() < stop:
        exp = jwt.decode(tokens.token(), options={"verify_signature": False})["exp"]
        closest = min(closest, exp - time.time())
        time.sleep(0.05)
    assert closest > 0.3, f"a token was handed out {closest:.2f} s before its exp"


def test_invalidate_forces_a_new_acquisition(simulator, provider):
    tokens = provider(simulator.settings())
    first = tokens.token()
    tokens.invalidate("not the held token")
    assert tokens.token() == first
    tokens.invalidate(first)
    assert tokens.token() != first
    assert tokens.acquisitions == 2


def test_another_scope_gives_another_audience(simulator, provider):
    tokens = provider(
        simulator.settings(), scope="https://graph.microsoft.com/.default"
    )
    assert tokens.claims()["aud"] == "https://graph.microsoft.com"


def test_a_provider_needs_credentials():
    from leadharness.settings import Settings

    with pytest.raises(ConfigError, match="LEAD_CLIENT_APP_ID is not set"):
        TokenProvider(Settings(_env_file=None, client_app_id=None))


def test_an_outage_is_retried_then_reported(make_simulator, provider):
    simulator = make_simulator(token_outage=1.0)
    tokens = provider(simulator.settings(), retries=1, backoff_seconds=0.01)
    with pytest.raises(AuthError, match="failed 2 times.*HTTP Error: 503") as caught:
        tokens.token()
    assert caught.value.error == "unavailable"
    assert tokens.acquisitions == 0


def test_an_untrusted_certificate_names_the_ca_bundle(simulator, provider):
    tokens = provider(simulator.settings(ca_bundle=None))
    with pytest.raises(AuthError, match="LEAD_CA_BUNDLE") as caught:
        tokens.token()
    assert caught.value.error == "tls"


def test_a_plain_http_port_as_login_host_says_so(simulator, provider):
    plain = simulator.http_base_url.replace("http://", "https://")
    tokens = provider(simulator.settings(login_url=plain), retries=0)
    with pytest.raises(AuthError, match="nothing speaks TLS.*LEAD_LOGIN_URL") as caught:
        tokens.token()
    assert caught.value.error == "tls"
    assert "HTTPSConnectionPool" not in str(caught.value)
