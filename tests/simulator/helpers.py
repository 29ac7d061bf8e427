"""Helpers for the simulator's tests: a raw httpx GraphQL client and fresh leads."""

from __future__ import annotations

import itertools
from typing import Any

import httpx

from leadharness.contract import operations as ops
from leadharness.simulator import RunningSimulator, SimulatorConfig, start_simulator
from leadharness.simulator.tokens import access_token_claims

_counter = itertools.count(1)


def unique_lead(**fields: Any) -> dict[str, Any]:
    """The onboarding example with a fresh phone, email and leadId (no duplicates)."""
    n = next(_counter)
    lead = dict(ops.EXAMPLE_LEAD)
    lead["homePhone"] = f"81669{n:05d}"
    lead["email"] = f"sim.test{n}@example.com"
    lead["leadId"] = f"sim-{n}"
    lead.update(fields)
    return lead


def token_claims(sim: RunningSimulator, **changes: object) -> dict[str, object]:
    """The claims the simulator would issue its client for an hour, then ``changes``."""
    claims = access_token_claims(
        issuer=f"{sim.login_url}/{sim.tenant_id}/v2.0",
        audience=f"api://{sim.debt_core_app_id}",
        tenant_id=sim.tenant_id,
        client_id=sim.client_id,
        lifetime=3600,
    )
    claims.update(changes)
    return claims


def signed_token(sim: RunningSimulator, **changes: object) -> str:
    """A token signed with the simulator's own key, its claims changed as given."""
    if sim.app is None:
        raise ValueError("signed_token needs a simulator started in this process")
    return sim.app.key.issue(token_claims(sim, **changes))


def tampered_token(api: Api) -> str:
    """The simulator's own token for ``api`` with one signature character changed."""
    header, payload, signature = api.token().split(".")
    flipped = "A" if signature[5] != "A" else "B"
    return ".".join((header, payload, signature[:5] + flipped + signature[6:]))


class Api:
    """A thin httpx wrapper: token from the simulator, GraphQL posts."""

    def __init__(self, sim: RunningSimulator, *, http: bool = False) -> None:
        self.sim = sim
        self.url = (sim.http_base_url if http else sim.base_url) + "/graphql"
        self.client = httpx.Client(verify=str(sim.ca_file), timeout=10)
        self._token: str | None = None

    def token(self, scope: str | None = None) -> str:
        """A fresh access token for the Lead API (or ``scope``)."""
        response = self.client.post(
            f"{self.sim.login_url}/{self.sim.tenant_id}/oauth2/v2.0/token",
            data={
                "grant_type": "client_credentials",
                "client_id": self.sim.client_id,
                "client_secret": self.sim.client_secret,
                "scope": scope or f"api://{self.sim.debt_core_app_id}/.default",
            },
        )
        response.raise_for_status()
        return str(response.json()["access_token"])

    def post(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        token: str | None | bool = True,
        **extra: Any,
    ) -> httpx.Response:
        """POST a GraphQL request; token=True uses a cached Lead API token."""
        headers = {}
        if token is True:
            self._token = self._token or self.token()
            headers["Authorization"] = f"Bearer {self._token}"
        elif isinstance(token, str):
            headers["Authorization"] = f"Bearer {token}"
        body: dict[str, Any] = {"query": query, **extra}
        if variables is not None:
            body["variables"] = variables
        return self.client.post(self.url, json=body, headers=headers)

    def create(self, lead: dict[str, Any]) -> httpx.Response:
        return self.post(ops.CREATE_LEAD, {"input": lead})

    def create_ok(self, lead: dict[str, Any]) -> dict[str, Any]:
        response = self.create(lead)
        assert response.status_code == 200, response.text
        body = response.json()
        assert "errors" not in body, body
        return dict(body["data"]["createLead"])

    def status(self, lead_id: str) -> httpx.Response:
        return self.post(ops.GET_LEAD_STATUS, {"id": lead_id})

    def submit(self, lead_id: str) -> httpx.Response:
        return self.post(ops.SUBMIT_LEAD, {"input": {"leadId": lead_id}})

    def close(self) -> None:
        self.client.close()


def start(**config: Any) -> RunningSimulator:
    """A dedicated simulator (time scale 0.01 unless given)."""
    config.setdefault("time_scale", 0.01)
    config.setdefault("seed", 7)
    return start_simulator(SimulatorConfig(**config))
