"""The harness's one exception tree.

    HarnessError                  anything the harness reports to a person
    ├── ConfigError               bad flag, setting or file (exit code 2)
    │   └── ProductionRefused     a production-marked target without opt-in
    ├── AuthError                 the identity provider refused or failed
    ├── LeadApiError              the Lead API answered badly, or not at all
    │   ├── TransportError        no HTTP answer: connect, reset, timeout
    │   ├── HttpStatusError       an HTTP status other than 200 (401, 429, 5xx)
    │   ├── GraphQLResponseError  a well-formed answer carrying GraphQL errors
    │   ├── ContractViolation     an answer that breaks the contract
    │   └── SettleTimeout         a processing lead unsettled at the deadline
    └── SimulatorError            the embedded simulator could not start

Messages are written for the person who has to act, and never carry a secret,
a token or personal data: the classes take the facts as attributes and build
the message from the ones that are safe to show.
"""

from __future__ import annotations

__all__ = [
    "HarnessError",
    "ConfigError",
    "ProductionRefused",
    "AuthError",
    "LeadApiError",
    "TransportError",
    "HttpStatusError",
    "GraphQLResponseError",
    "ContractViolation",
    "SettleTimeout",
    "SimulatorError",
]


class HarnessError(Exception):
    """Base of every error the harness raises on purpose."""

    #: Process exit code a command uses when this error ends it.
    exit_code = 1


class ConfigError(HarnessError):
    """A flag, setting or input file is missing or malformed."""

    exit_code = 2


class ProductionRefused(ConfigError):
    """A write or load against a production-marked target without the opt-in."""


class AuthError(HarnessError):
    """The identity provider refused the credentials or could not be reached."""

    def __init__(
        self, message: str, *, aadsts: str | None = None, error: str | None = None
    ):
        super().__init__(message)
        self.aadsts = aadsts
        self.error = error


class LeadApiError(HarnessError):
    """Base of every failure to get a good answer from the Lead API."""

    def __init__(self, message: str, *, operation: str | None = None):
        super().__init__(message)
        self.operation = operation


class TransportError(LeadApiError):
    """No HTTP answer: connection refused or reset, TLS failure, or timeout."""

    def __init__(
        self,
        message: str,
        *,
        operation: str | None = None,
        sent: bool = True,
        timeout: bool = False,
    ):
        super().__init__(message, operation=operation)
        self.sent = sent
        self.timeout = timeout


class HttpStatusError(LeadApiError):
    """The Lead API answered with an HTTP status other than 200."""

    def __init__(
        self,
        message: str,
        *,
        operation: str | None = None,
        status: int,
        retry_after: float | None = None,
        body_excerpt: str = "",
    ):
        super().__init__(message, operation=operation)
        self.status = status
        self.retry_after = retry_after
        self.body_excerpt = body_excerpt


class GraphQLResponseError(LeadApiError):
    """The answer carried GraphQL errors; ``errors`` holds them as sent."""

    def __init__(
        self,
        message: str,
        *,
        operation: str | None = None,
        errors: list[dict[str, object]] | None = None,
        status: int = 200,
        data: object = None,
    ):
        super().__init__(message, operation=operation)
        self.errors = errors or []
        self.status = status
        self.data = data

    @property
    def codes(self) -> list[str]:
        """The ``extensions.code`` of each error, where the target gave one."""
        found = []
        for error in self.errors:
            extensions = error.get("extensions")
            if isinstance(extensions, dict) and isinstance(extensions.get("code"), str):
                found.append(extensions["code"])
        return found


class ContractViolation(LeadApiError):
    """An answer that does not fit the contract: wrong shape, id or code.

    ``rule`` is a stable name for the broken rule (for example ``create.echo``)
    so CI logs and reports can refer to it.
    """

    def __init__(self, message: str, *, operation: str | None = None, rule: str):
        super().__init__(f"[{rule}] {message}", operation=operation)
        self.rule = rule


class SettleTimeout(LeadApiError):
    """A lead still had a processing code (1000/1001) when the deadline passed."""

    def __init__(
        self,
        message: str,
        *,
        operation: str | None = None,
        lead_id: str,
        last_code: int | None,
        waited_seconds: float,
    ):
        super().__init__(message, operation=operation)
        self.lead_id = lead_id
        self.last_code = last_code
        self.waited_seconds = waited_seconds


class SimulatorError(HarnessError):
    """The embedded simulator could not be started or stopped."""
