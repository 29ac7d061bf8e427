"""Bearer validation on POST /graphql: every bad token is a 401 with no data."""

from __future__ import annotations

import time
from collections.abc import Callable

import jwt
import pytest

from leadharness.contract import operations as ops
from leadharness.simulator.tokens import SigningKey

from .helpers import Api, signed_token, tampered_token, token_claims

BAD_TOKENS: dict[str, Callable[[Api], str | None]] = {
    "missing": lambda api: None,
    "malformed": lambda api: "not-a-jwt",
    "tampered-signature": tampered_token,
    "other-key": lambda api: SigningKey().issue(token_claims(api.sim)),
    "wrong-audience": lambda api: api.token("https://graph.microsoft.com/.default"),
    "wrong-issuer": lambda api: signed_token(
        api.sim, iss="https://login.example.com/x/v2.0"
    ),
    "expired": lambda api: signed_token(
        api.sim,
        iat=int(time.time()) - 7200,
        nbf=int(time.time()) - 7200,
        exp=int(time.time()) - 60,
    ),
    "not-yet-valid": lambda api: signed_token(api.sim, nbf=int(time.time()) + 600),
    "unsigned": lambda api: jwt.encode(
        token_claims(api.sim), key=None, algorithm="none"
    ),
}


@pytest.mark.parametrize("kind", list(BAD_TOKENS))
def test_bad_bearer_gets_401_with_challenge_and_no_data(api: Api, kind: str) -> None:
    token = BAD_TOKENS[kind](api)
    response = api.post(ops.GET_LEAD_STATUS, {"id": "x"}, token=token)
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert response.json().get("data") is None


def test_authorization_without_bearer_scheme_gets_401(api: Api) -> None:
    response = api.client.post(
        api.url,
        json={"query": ops.GET_LEAD_STATUS},
        headers={"Authorization": f"Basic {api.token()}"},
    )
    assert response.status_code == 401
    assert 'error="invalid_request"' in response.headers["www-authenticate"]


def test_good_token_is_served(api: Api) -> None:
    response = api.post(ops.GET_LEAD_STATUS, {"id": "unknown"})
    assert response.status_code == 200


def test_expired_cached_token_is_refused(api: Api) -> None:
    token = signed_token(api.sim, exp=int(time.time()) + 1)
    assert api.post(ops.GET_LEAD_STATUS, {"id": "x"}, token=token).status_code == 200
    time.sleep(1.1)
    assert api.post(ops.GET_LEAD_STATUS, {"id": "x"}, token=token).status_code == 401
