"""When the client may retry a request, how long it waits, and its timeouts.

Retrying is only safe where a repeat cannot change the outcome:

- ``read`` (getLeadStatus): retried on transport failures, 429 (after its
  Retry-After) and 502/503/504.
- ``idempotent`` (submitLead): retried like a read. This relies on the
  contract's 1022 rule: a repeated submit answers 1022 with the same CRM
  record, so a retry after an unanswered first submit reports 1022.
- ``unsafe`` (createLead, and raw ``execute``): retried only when the request
  was never sent (connect failures). A create that reached the service and
  is sent again is a duplicate (1003), so read timeouts and 5xx are final.

A 500 is not retried for any operation: it is more often a bug the harness
should report than a hiccup. A 401 is retried once with a fresh token by the
client itself, for every operation: the service refused before doing work.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

import httpx

from leadharness.errors import TransportError

__all__ = ["Safety", "RetryPolicy", "NO_RETRY", "Timeouts", "DEFAULT_TIMEOUTS"]

_RETRY_STATUSES = frozenset({429, 502, 503, 504})


class Safety(enum.StrEnum):
    """How safe it is to send an operation again."""

    READ = "read"
    IDEMPOTENT = "idempotent"
    UNSAFE = "unsafe"


@dataclass(frozen=True)
class RetryPolicy:
    """Attempts and backoff; ``attempts`` counts the first try."""

    attempts: int = 3
    backoff_seconds: float = 0.5
    max_backoff_seconds: float = 8.0
    max_retry_after_seconds: float = 30.0

    def __post_init__(self) -> None:
        if self.attempts < 1 or self.backoff_seconds < 0:
            raise ValueError(
                f"RetryPolicy(attempts={self.attempts}, backoff_seconds="
                f"{self.backoff_seconds}): attempts must be >= 1 and backoff >= 0"
            )

    def backoff(self, attempt: int) -> float:
        """Seconds to wait after failed attempt number ``attempt`` (from 1)."""
        return min(self.max_backoff_seconds, self.backoff_seconds * 2 ** (attempt - 1))

    def after_transport_error(
        self, safety: Safety, attempt: int, error: TransportError
    ) -> float | None:
        """Delay before retrying after ``error``, or None to give up."""
        if attempt >= self.attempts:
            return None
        if safety is Safety.UNSAFE and error.sent:
            return None
        return self.backoff(attempt)

    def after_status(
        self, safety: Safety, attempt: int, status: int, retry_after: float | None
    ) -> float | None:
        """Delay before retrying after an HTTP ``status``, or None to keep it."""
        if attempt >= self.attempts or safety is Safety.UNSAFE:
            return None
        if status not in _RETRY_STATUSES:
            return None
        if status == 429 and retry_after is not None:
            if retry_after > self.max_retry_after_seconds:
                return None  # waiting that long is the caller's decision
            return retry_after
        return self.backoff(attempt)


NO_RETRY = RetryPolicy(attempts=1)


@dataclass(frozen=True)
class Timeouts:
    """Per-operation timeouts; createLead's read allows for the 30 s credit pull."""

    connect: float = 10.0
    read: float = 30.0
    create_read: float = 45.0
    write: float = 10.0
    pool: float = 10.0

    @classmethod
    def uniform(cls, seconds: float) -> Timeouts:
        """The same read timeout for every operation (and a connect cap)."""
        if seconds <= 0:
            raise ValueError(f"timeout must be positive seconds, got {seconds}")
        connect = min(seconds, 10.0)
        return cls(
            connect=connect,
            read=seconds,
            create_read=seconds,
            write=seconds,
            pool=seconds,
        )

    def for_request(self, *, create: bool = False) -> httpx.Timeout:
        """The httpx timeout of one request (createLead's when ``create``)."""
        read = self.create_read if create else self.read
        return httpx.Timeout(
            connect=self.connect, read=read, write=self.write, pool=self.pool
        )


DEFAULT_TIMEOUTS = Timeouts()
