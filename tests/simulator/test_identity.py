"""The simulator's Entra ID: discovery, JWKS, tokens and AADSTS errors."""

from __future__ import annotations

import jwt
import msal
import pytest

from leadharness.simulator import RunningSimulator

from .helpers import Api, start


def _form(sim: RunningSimulator, **changes: str | None) -> dict[str, str]:
    form = {
        "grant_type": "client_credentials",
        "client_id": sim.client_id,
        "client_secret": sim.client_secret,
        "scope": f"api://{sim.debt_core_app_id}/.default",
    }
    form.update(changes)  # type: ignore[arg-type]
    return {k: v for k, v in form.items() if v is not None}


def _token_post(api: Api, tenant: str | None = None, **changes: str | None):
    sim = api.sim
    return api.client.post(
        f"{sim.login_url}/{tenant or sim.tenant_id}/oauth2/v2.0/token",
        data=_form(sim, **changes),
    )


@pytest.mark.usefixtures("no_env_ca")
def test_msal_acquires_a_token_with_no_special_casing(sim: RunningSimulator) -> None:
    app = msal.ConfidentialClientApplication(
        sim.client_id,
        client_credential=sim.client_secret,
        authority=f"{sim.login_url}/{sim.tenant_id}",
        instance_discovery=False,
        verify=str(sim.ca_file),
    )
    result = app.acquire_token_for_client(
        scopes=[f"api://{sim.debt_core_app_id}/.default"]
    )
    assert "access_token" in result, result.get("error_description")
    assert result["token_source"] == "identity_provider"
    again = app.acquire_token_for_client(
        scopes=[f"api://{sim.debt_core_app_id}/.default"]
    )
    assert again["token_source"] == "cache"


@pytest.mark.usefixtures("no_env_ca")
def test_msal_reports_an_unknown_tenant_in_its_constructor(
    sim: RunningSimulator,
) -> None:
    with pytest.raises(ValueError, match="Unable to get authority configuration"):
        msal.ConfidentialClientApplication(
            sim.client_id,
            client_credential=sim.client_secret,
            authority=f"{sim.login_url}/00000000-0000-0000-0000-000000000000",
            instance_discovery=False,
            verify=str(sim.ca_file),
        )


@pytest.mark.usefixtures("no_env_ca")
def test_msal_surfaces_a_wrong_secret_as_aadsts7000215(sim: RunningSimulator) -> None:
    app = msal.ConfidentialClientApplication(
        sim.client_id,
        client_credential="not-the-secret",
        authority=f"{sim.login_url}/{sim.tenant_id}",
        instance_discovery=False,
        verify=str(sim.ca_file),
    )
    result = app.acquire_token_for_client(
        scopes=[f"api://{sim.debt_core_app_id}/.default"]
    )
    assert result["error"] == "invalid_client"
    assert result["error_codes"] == [7000215]


def test_discovery_names_the_token_endpoint_and_jwks(api: Api) -> None:
    sim = api.sim
    response = api.client.get(
        f"{sim.login_url}/{sim.tenant_id}/v2.0/.well-known/openid-configuration"
    )
    assert response.status_code == 200
    document = response.json()
    assert document["issuer"] == f"{sim.login_url}/{sim.tenant_id}/v2.0"
    assert (
        document["token_endpoint"]
        == f"{sim.login_url}/{sim.tenant_id}/oauth2/v2.0/token"
    )
    keys = api.client.get(document["jwks_uri"]).json()["keys"]
    assert [key["kty"] for key in keys] == ["RSA"]


def test_token_is_rs256_with_a_kid_from_the_jwks_and_resource_claims(api: Api) -> None:
    sim = api.sim
    response = _token_post(api)
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3600
    token = body["access_token"]
    header = jwt.get_unverified_header(token)
    jwks = api.client.get(f"{sim.login_url}/{sim.tenant_id}/discovery/v2.0/keys").json()
    key = next(k for k in jwks["keys"] if k["kid"] == header["kid"])
    claims = jwt.decode(
        token,
        jwt.PyJWK(key).key,
        algorithms=["RS256"],
        audience=f"api://{sim.debt_core_app_id}",
        issuer=f"{sim.login_url}/{sim.tenant_id}/v2.0",
    )
    assert header["alg"] == "RS256"
    assert claims["tid"] == sim.tenant_id
    assert claims["appid"] == claims["azp"] == sim.client_id
    assert claims["exp"] - claims["iat"] == 3600 and claims["nbf"] <= claims["iat"]


def test_graph_scope_gets_a_graph_audience_token(api: Api) -> None:
    response = _token_post(api, scope="https://graph.microsoft.com/.default")
    claims = jwt.decode(
        response.json()["access_token"], options={"verify_signature": False}
    )
    assert claims["aud"] == "https://graph.microsoft.com"


@pytest.mark.parametrize(
    ("tenant", "changes", "status", "error", "aadsts"),
    [
        ("11111111-1111-1111-1111-111111111111", {}, 400, "invalid_tenant", 90002),
        (
            None,
            {"client_id": "99999999-0000-4000-8000-000000000000"},
            400,
            "unauthorized_client",
            700016,
        ),
        (None, {"client_secret": "wrong"}, 401, "invalid_client", 7000215),
        (None, {"client_secret": None}, 401, "invalid_client", 7000216),
        (
            None,
            {"scope": "api://aba793eb-f395-4f86-be59-7a7d0c1bfdb0/leads.read"},
            400,
            "invalid_scope",
            1002012,
        ),
        (
            None,
            {"scope": "api://someone-else/.default"},
            400,
            "invalid_resource",
            500011,
        ),
        (None, {"grant_type": "password"}, 400, "unsupported_grant_type", 70003),
        (None, {"grant_type": None}, 400, "invalid_request", 900144),
    ],
    ids=[
        "unknown-tenant",
        "unknown-client",
        "wrong-secret",
        "no-secret",
        "invalid-scope",
        "unknown-resource",
        "unsupported-grant",
        "no-grant",
    ],
)
def test_token_errors_look_like_entra_id(
    api: Api,
    tenant: str | None,
    changes: dict[str, str | None],
    status: int,
    error: str,
    aadsts: int,
) -> None:
    response = _token_post(api, tenant, **changes)
    assert response.status_code == status
    body = response.json()
    assert body["error"] == error
    assert body["error_description"].startswith(f"AADSTS{aadsts}: ")
    assert body["error_codes"] == [aadsts]
    assert {"timestamp", "trace_id", "correlation_id"} <= body.keys()
    assert "access_token" not in body


def test_error_echoes_the_client_request_id_as_correlation_id(api: Api) -> None:
    sim = api.sim
    response = api.client.post(
        f"{sim.login_url}/{sim.tenant_id}/oauth2/v2.0/token",
        data=_form(sim, client_secret="wrong"),
        headers={"client-request-id": "6f1c0a7e-0000-4000-8000-00000000abcd"},
    )
    assert response.json()["correlation_id"] == "6f1c0a7e-0000-4000-8000-00000000abcd"


def test_discovery_of_an_unknown_tenant_is_a_400(api: Api) -> None:
    response = api.client.get(
        f"{api.sim.login_url}/not-a-tenant/v2.0/.well-known/openid-configuration"
    )
    assert response.status_code == 400
    assert response.json()["error_codes"] == [90002]


def test_token_lifetime_is_configurable() -> None:
    with start(token_lifetime_seconds=120) as sim:
        client = Api(sim)
        claims = jwt.decode(client.token(), options={"verify_signature": False})
        client.close()
    assert claims["exp"] - claims["iat"] == 120


def test_client_secret_basic_is_accepted(api: Api) -> None:
    sim = api.sim
    response = api.client.post(
        f"{sim.login_url}/{sim.tenant_id}/oauth2/v2.0/token",
        data={
            "grant_type": "client_credentials",
            "scope": f"api://{sim.debt_core_app_id}/.default",
        },
        auth=(sim.client_id, sim.client_secret),
    )
    assert response.status_code == 200
    assert response.json()["access_token"]
