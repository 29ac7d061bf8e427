"""The few raw-ASGI helpers the simulator needs: read a body, send JSON.

The simulator is a bare ASGI app rather than a framework app because every
microsecond of per-request overhead shows in the createLead/s figure.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any

__all__ = [
    "BodyTooLarge",
    "Receive",
    "Scope",
    "Send",
    "dumps",
    "header",
    "read_body",
    "send_json",
]

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]

MAX_BODY_BYTES = 1_000_000
_JSON = (b"content-type", b"application/json; charset=utf-8")
_encoder = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)


class BodyTooLarge(Exception):
    """The request body is larger than the simulator accepts."""


def dumps(body: object) -> bytes:
    """Compact JSON as UTF-8 bytes."""
    return _encoder.encode(body).encode("utf-8")


async def read_body(receive: Receive, limit: int = MAX_BODY_BYTES) -> bytes:
    """The whole request body; BodyTooLarge past ``limit`` bytes."""
    message = await receive()
    body = message.get("body", b"")
    if not message.get("more_body"):
        return body
    parts = [body]
    size = len(body)
    while message.get("more_body"):
        message = await receive()
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge(f"request body is over {limit} bytes")
        parts.append(chunk)
    return b"".join(parts)


def header(scope: Scope, name: bytes) -> bytes | None:
    """The first value of request header ``name`` (lower case), if present."""
    for key, value in scope["headers"]:
        if key == name:
            return value
    return None


async def send_json(
    send: Send, status: int, body: bytes, headers: Iterable[tuple[bytes, bytes]] = ()
) -> None:
    """Send a complete JSON response."""
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [_JSON, (b"content-length", str(len(body)).encode()), *headers],
        }
    )
    await send({"type": "http.response.body", "body": body})
