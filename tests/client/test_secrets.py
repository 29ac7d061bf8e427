"""A canary secret and the tokens appear in no log line, message or repr."""

from __future__ import annotations

import logging

import pytest

from leadharness.auth import TokenProvider
from leadharness.client import LeadClient
from leadharness.errors import HarnessError

CANARY = "canary-5ecret-7f3a9c"
CLIENT_ID = "0c1d3a5e-0000-4000-8000-0000000000ca"


@pytest.fixture
def canary_simulator(make_simulator):
    return make_simulator(clients={CLIENT_ID: CANARY}, token_lifetime_seconds=1)


def test_the_canary_secret_and_tokens_leak_nowhere(canary_simulator, caplog, lead_for):
    caplog.set_level(logging.DEBUG)  # every logger: ours, msal's, urllib3's, httpx's
    shown: list[str] = []
    tokens_seen: set[str] = set()
    good = canary_simulator.settings(client_app_id=CLIENT_ID)

    with TokenProvider(good) as tokens, LeadClient(good, tokens) as client:
        lead = client.create_lead(lead_for(1013))
        client.submit_lead(lead.id)
        tokens_seen.add(tokens.token())
        shown += [repr(good), str(good.redacted()), repr(tokens), repr(client)]
        try:
            client.get_lead_status("no-such-lead")
        except HarnessError as exc:
            shown.append(str(exc))

    wrong = canary_simulator.settings(
        client_app_id=CLIENT_ID, client_secret=CANARY + "x"
    )
    unknown = canary_simulator.settings(client_app_id=CLIENT_ID[:-2] + "00")
    for settings in (wrong, unknown):
        with TokenProvider(settings) as failing:
            with pytest.raises(HarnessError) as caught:
                failing.token()
            shown += [str(caught.value), repr(caught.value), repr(failing)]

    logged = [record.getMessage() for record in caplog.records]
    logged += [str(record.args) for record in caplog.records]
    assert len(logged) > 5  # the capture did see the run
    for text in shown + logged:
        assert CANARY not in text
        for token in tokens_seen:
            assert token not in text
