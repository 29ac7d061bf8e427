"""A tiny loopback reverse proxy, to prove the suites see only what a client sees.

It forwards every request to one upstream (the simulator's HTTPS side) and
hands the answer back unchanged, minus hop-by-hop headers. It serves plain
HTTP on 127.0.0.1 from a thread and stops when its context exits.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from leadharness.auth import ssl_context

__all__ = ["Proxy", "reverse_proxy"]

_HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "transfer-encoding",
        "content-length",
        "host",
        "content-encoding",
        "upgrade",
        "te",
        "trailer",
        "proxy-authorization",
    }
)
_START_TIMEOUT_SECONDS = 10.0


@dataclass
class Proxy:
    """A running proxy: its URL and how many requests it forwarded."""

    url: str = ""
    forwarded: int = 0


def _app(upstream: str, ca_file: Path | None, proxy: Proxy) -> Starlette:
    client = httpx.AsyncClient(verify=ssl_context(ca_file), timeout=60.0)

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        yield
        await client.aclose()

    async def forward(request: Request) -> Response:
        proxy.forwarded += 1
        headers = {
            k: v for k, v in request.headers.items() if k.lower() not in _HOP_BY_HOP
        }
        answer = await client.request(
            request.method,
            f"{upstream}{request.url.path}",
            headers=headers,
            content=await request.body(),
            params=request.query_params,
        )
        kept = {k: v for k, v in answer.headers.items() if k.lower() not in _HOP_BY_HOP}
        return Response(answer.content, status_code=answer.status_code, headers=kept)

    route = Route("/{path:path}", forward, methods=["GET", "POST"])
    return Starlette(routes=[route], lifespan=lifespan)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def reverse_proxy(upstream: str, ca_file: Path | None = None) -> Iterator[Proxy]:
    """Serve a proxy to ``upstream`` on 127.0.0.1 over plain HTTP while in use."""
    port = _free_port()
    proxy = Proxy(url=f"http://127.0.0.1:{port}")
    config = uvicorn.Config(
        _app(upstream.rstrip("/"), ca_file, proxy),
        host="127.0.0.1",
        port=port,
        loop="asyncio",
        http="h11",
        lifespan="on",
        log_level="warning",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="lead-proxy", daemon=True)
    thread.start()
    give_up = time.monotonic() + _START_TIMEOUT_SECONDS
    while not server.started:
        if time.monotonic() > give_up or not thread.is_alive():
            server.should_exit = True
            raise RuntimeError(f"the reverse proxy did not start on 127.0.0.1:{port}")
        time.sleep(0.02)
    try:
        yield proxy
    finally:
        server.should_exit = True
        thread.join(timeout=_START_TIMEOUT_SECONDS)
