"""The simulator's ASGI application: identity routes, /graphql and /healthz.

One object holds every piece of a running simulator's state (key, store,
faults, timing), so a test can start several simulators in one process.
"""

from __future__ import annotations

import random
from typing import Any

from leadharness.contract.personas import PersonaBook, load_personas
from leadharness.simulator.api import GraphQLEndpoint
from leadharness.simulator.asgi import Receive, Scope, Send, dumps, send_json
from leadharness.simulator.config import SimulatorConfig
from leadharness.simulator.faults import FaultInjector
from leadharness.simulator.identity import Identity
from leadharness.simulator.service import LeadService
from leadharness.simulator.tokens import SigningKey, TokenVerifier

__all__ = ["SimulatorApp"]

_NOT_FOUND = dumps(
    {
        "errors": [
            {
                "message": "Not found: the Lead API is at POST /graphql.",
                "extensions": {"code": "NOT_FOUND"},
            }
        ]
    }
)


class SimulatorApp:
    """Entra ID and the Lead API as one ASGI callable."""

    def __init__(
        self,
        config: SimulatorConfig,
        login_url: str,
        personas: PersonaBook | None = None,
    ) -> None:
        self.config = config.validate()
        rng = random.Random(config.seed)
        self.personas = personas or load_personas()
        self.key = SigningKey()
        self.faults = FaultInjector(config, rng)
        self.identity = Identity(config, self.key, self.faults, login_url)
        self.service = LeadService(config, self.personas, rng)
        defect = config.defect
        self.verifier = TokenVerifier(
            self.key,
            issuer=self.identity.issuer,
            audience=self.identity.api_audience,
            check_signature=defect != "tampered-signature-accepted",
            check_audience=defect != "wrong-audience-accepted",
            check_expiry=defect != "expired-accepted",
        )
        self.graphql = GraphQLEndpoint(config, self.service, self.verifier, self.faults)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        path: str = scope["path"]
        if path == "/graphql":
            await self.graphql.handle(scope, receive, send)
        elif path == "/healthz":
            await send_json(send, 200, dumps({"status": "ok", **self.stats()}))
        elif path.count("/") >= 2:
            tenant, _, rest = path[1:].partition("/")
            await self.identity.handle(scope, receive, send, tenant, rest)
        else:
            await send_json(send, 404, _NOT_FOUND)

    def stats(self) -> dict[str, Any]:
        """Counters a person or a bench may want to see."""
        return {
            "leads": len(self.service.store),
            "evicted": self.service.store.evicted,
            "tokens_issued": self.identity.issued,
            "cold_starts": self.graphql.cold_starts,
            "pulls_refused": self.service.capacity.refused,
            "faults": dict(self.faults.counts),
        }
