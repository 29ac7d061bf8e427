"""Run the simulator's ASGI app under uvicorn on loopback sockets, in a thread.

Two uvicorn servers share one event loop in one background thread: HTTPS (the
login host and the API, as msal needs https) and plain HTTP (the API only,
for load tools that would rather skip TLS). The sockets are bound before the
app is built, so the app knows its own URLs.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
import time
from collections.abc import Callable
from typing import Any

import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from leadharness.errors import SimulatorError
from leadharness.simulator.api import TRANSPORT_KEY
from leadharness.simulator.tls import TlsFiles

__all__ = ["ServerThread", "bind_loopback"]

logger = logging.getLogger("leadharness.simulator")
_START_TIMEOUT = 20.0
_GRACE_SECONDS = 0.5


class _Protocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, handing its transport to the app.

    The app needs the transport only to inject connection resets; ASGI has
    no portable way to abort a connection.
    """

    def on_message_begin(self) -> None:
        super().on_message_begin()
        extensions: dict[str, Any] = {TRANSPORT_KEY: self.transport}
        self.scope["extensions"] = extensions


def bind_loopback(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host:port`` (0 picks a free port)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise SimulatorError(
            f"cannot listen on {host}:{port} ({exc.strerror}); choose another port "
            "or 0 for a free one"
        ) from None
    sock.listen(2048)
    sock.setblocking(False)
    return sock


def _config(app: Callable[..., Any], tls: TlsFiles | None) -> uvicorn.Config:
    return uvicorn.Config(
        app,
        http=_Protocol,
        lifespan="off",
        access_log=False,
        log_config=None,
        timeout_graceful_shutdown=2,
        timeout_keep_alive=30,
        ssl_certfile=str(tls.cert_file) if tls else None,
        ssl_keyfile=str(tls.key_file) if tls else None,
    )


def _new_loop() -> asyncio.AbstractEventLoop:
    try:
        import uvloop
    except ImportError:  # pragma: no cover - uvicorn[standard] brings uvloop
        return asyncio.new_event_loop()
    return uvloop.new_event_loop()


class ServerThread:
    """Serves ``app`` on the given sockets from a daemon thread until stop()."""

    def __init__(
        self,
        app: Callable[..., Any],
        https_sock: socket.socket,
        http_sock: socket.socket,
        tls: TlsFiles,
    ) -> None:
        self._sockets = (https_sock, http_sock)
        self._servers = (
            uvicorn.Server(_config(app, tls)),
            uvicorn.Server(_config(app, None)),
        )
        self._thread = threading.Thread(
            target=self._run, name="lead-simulator", daemon=True
        )
        self._failure: BaseException | None = None

    def start(self) -> None:
        """Start serving; return once both servers accept connections."""
        self._thread.start()
        deadline = time.monotonic() + _START_TIMEOUT
        while not all(server.started for server in self._servers):
            if self._failure is not None or not self._thread.is_alive():
                raise SimulatorError(f"simulator failed to start: {self._failure!r}")
            if time.monotonic() > deadline:
                self.stop()
                raise SimulatorError(
                    f"simulator did not start within {_START_TIMEOUT:g} s"
                )
            time.sleep(0.005)

    def stop(self, timeout: float = 5.0) -> None:
        """Ask both servers to exit and wait for the thread to end."""
        for server in self._servers:
            server.should_exit = True
        if self._thread.is_alive():
            # Idle keep-alive TLS connections would hold a graceful shutdown
            # for its whole timeout; in-flight requests get this long to end.
            self._thread.join(_GRACE_SECONDS)
            for server in self._servers:
                server.force_exit = True
            self._thread.join(timeout)
        for sock in self._sockets:
            sock.close()

    def _run(self) -> None:
        loop = _new_loop()
        try:
            loop.run_until_complete(self._serve())
        except BaseException as exc:  # noqa: BLE001 - reported by start()
            self._failure = exc
            logger.error("simulator server stopped: %r", exc)
        finally:
            loop.close()

    async def _serve(self) -> None:
        await asyncio.gather(
            *(
                server.serve(sockets=[sock])
                for server, sock in zip(self._servers, self._sockets)
            )
        )
        # A forced exit leaves idle keep-alive connections open; close them
        # before the loop closes, or the loop warns about unclosed transports.
        for server in self._servers:
            for connection in list(server.server_state.connections):
                transport = getattr(connection, "transport", None)
                # A closing TLS transport still waits for the peer's close_notify.
                if transport is not None:
                    transport.abort()
        await asyncio.sleep(0.01)
