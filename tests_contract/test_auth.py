"""Authentication (contract clause 5): only a valid token for this API is served.

Every probe asks getLeadStatus for an id nobody has, so the suite stays
read-only: a served request answers "lead not found", a refused one HTTP 401
with no data. The wrong-audience token is a real one from the same identity
provider for Microsoft Graph, the mistake a partner actually makes.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import jwt
import pytest

from leadharness.auth import TokenProvider
from leadharness.client import GraphQLResponse, LeadClient
from leadharness.settings import Settings
from tests_contract.answers import describe, has_no_data
from tests_contract.leads import status, unknown_id
from tests_contract.rulebook import check
from tests_contract.target import TargetUnderTest
from tests_contract.tokens import GRAPH_SCOPE, tampered, token_for_scope


def _refused(response: GraphQLResponse, rule_id: str, what: str) -> None:
    check(
        response.status == 401,
        rule_id,
        f"{what} answered HTTP {response.status}, expected 401: {describe(response)}",
    )
    check(
        has_no_data(response, "getLeadStatus"),
        rule_id,
        f"{what} got data with its 401: {describe(response)}",
    )


@pytest.mark.rule("auth.valid_token")
def test_valid_token_is_served(client: LeadClient, tokens: TokenProvider) -> None:
    response = status(client, unknown_id(), token=tokens.token())
    check(
        response.status == 200,
        "auth.valid_token",
        f"a valid token was answered HTTP {response.status}: {describe(response)}",
    )


@pytest.mark.rule("auth.no_token")
def test_request_without_token_is_refused(client: LeadClient) -> None:
    _refused(status(client, unknown_id(), token=None), "auth.no_token", "no token")


@pytest.mark.rule("auth.malformed_token")
@pytest.mark.parametrize(
    "bearer",
    ["not-a-jwt", "abc.def.ghi", "eyJhbGciOiJub25lIn0.e30."],
    # Ids, not the values: a token-shaped string must not reach a test id.
    ids=["not-a-jwt", "three-garbage-parts", "unsigned-alg-none"],
)
def test_malformed_token_is_refused(client: LeadClient, bearer: str) -> None:
    response = status(client, unknown_id(), token=bearer)
    _refused(response, "auth.malformed_token", "a malformed token")


@pytest.mark.rule("auth.tampered_signature")
def test_tampered_signature_is_refused(
    client: LeadClient, tokens: TokenProvider
) -> None:
    response = status(client, unknown_id(), token=tampered(tokens.token()))
    _refused(response, "auth.tampered_signature", "a token with a changed signature")


@pytest.mark.rule("auth.wrong_audience")
def test_token_for_another_audience_is_refused(
    client: LeadClient, lead_target: TargetUnderTest
) -> None:
    token = token_for_scope(lead_target.settings, GRAPH_SCOPE)
    response = status(client, unknown_id(), token=token)
    _refused(response, "auth.wrong_audience", f"a token for {GRAPH_SCOPE}")


# Token lifetime of the extra simulator the expired-token test starts locally.
_SHORT_LIFETIME = 2


@pytest.fixture
def short_lived(lead_target: TargetUnderTest) -> Iterator[Settings]:
    """Settings of a target whose tokens expire within seconds.

    A remote target qualifies when its persona file declares a short
    ``token_lifetime_seconds``; locally a second simulator is started with one.
    """
    if not lead_target.embedded:
        lead_target.short_token_lifetime()
        yield lead_target.settings
        return
    from leadharness.simulator import SimulatorConfig, start_simulator

    config = SimulatorConfig(time_scale=0.01, token_lifetime_seconds=_SHORT_LIFETIME)
    with start_simulator(config, subprocess=True) as simulator:
        yield simulator.settings()


@pytest.mark.slow
@pytest.mark.rule("auth.expired_token")
def test_expired_token_is_refused(short_lived: Settings) -> None:
    token = TokenProvider(short_lived).token()
    expires = float(jwt.decode(token, options={"verify_signature": False})["exp"])
    # exp has whole-second resolution; wait a second past it.
    time.sleep(max(0.0, expires - time.time() + 1.1))
    with LeadClient(short_lived) as short_client:
        response = status(short_client, unknown_id(), token=token)
    _refused(response, "auth.expired_token", "an expired token")
