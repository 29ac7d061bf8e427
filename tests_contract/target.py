"""The Lead API a contract run points at, and what it declares it can do.

What a target offers is declared, never sniffed: its persona file says which
inputs produce which codes there, and the file's optional ``capabilities``
object says how long its tokens live and how soon processing codes settle.
The embedded simulator writes such a file for itself; a user writes one for
their sandbox, or passes the file a hand-started simulator printed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from leadharness.contract.personas import PersonaBook, load_personas
from leadharness.errors import ConfigError
from leadharness.settings import Settings, load_settings

__all__ = [
    "DEFAULT_SETTLE_DEADLINE",
    "TARGET_OPTIONS",
    "TargetUnderTest",
    "lead_settings_from",
    "read_capabilities",
]

# Without a declared settle time, wait this long for 1000/1001 to settle: the
# onboarding document gives none, and a credit pull alone may take 30 s.
DEFAULT_SETTLE_DEADLINE = 120.0
# Longest token lifetime the expired-token test is willing to wait out.
MAX_TOKEN_WAIT_SECONDS = 20.0


# pytest flag, Settings field, help: the same names as leadharness.cli.options.
TARGET_OPTIONS = (
    ("--target", "target", "local (embedded simulator, default), sandbox, or a URL"),
    ("--base-url", "base_url", "API base URL [env: LEAD_BASE_URL]"),
    ("--login-url", "login_url", "Entra ID host [env: LEAD_LOGIN_URL]"),
    ("--tenant-id", "tenant_id", "tenant id [env: LEAD_TENANT_ID]"),
    ("--client-app-id", "client_app_id", "your client id [env: LEAD_CLIENT_APP_ID]"),
    ("--ca-bundle", "ca_bundle", "extra CA file for TLS [env: LEAD_CA_BUNDLE]"),
    (
        "--postman",
        "postman",
        "Postman collection or environment JSON to read settings from",
    ),
    (
        "--personas",
        "personas",
        "persona file describing the target [env: LEAD_PERSONAS]",
    ),
)


def lead_settings_from(config: pytest.Config) -> Settings:
    """Settings from the pytest options, the environment, .env and a Postman file."""
    flags: dict[str, object] = {}
    for _flag, dest, _help in TARGET_OPTIONS:
        value = config.getoption(f"lead_{dest}")
        if value is not None:
            flags[dest] = (
                Path(value) if dest in ("ca_bundle", "postman", "personas") else value
            )
    flags["allow_production"] = config.getoption("lead_allow_production")
    try:
        return load_settings(**flags)
    except ConfigError as exc:
        raise pytest.UsageError(str(exc)) from None


def read_capabilities(path: Path | None) -> dict[str, Any]:
    """The ``capabilities`` object of a persona file, or {} when it has none."""
    if path is None:
        return {}
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"persona file {path} is not readable JSON: {exc}") from None
    found = document.get("capabilities") if isinstance(document, dict) else None
    if found is None:
        return {}
    if not isinstance(found, dict):
        raise ConfigError(
            f"persona file {path}: 'capabilities' must be an object such as "
            '{"token_lifetime_seconds": 3600, "settle_seconds": 0.05}'
        )
    return found


@dataclass
class TargetUnderTest:
    """Settings of the target plus what its persona file declares."""

    settings: Settings
    personas_file: Path | None
    capabilities: Mapping[str, Any] = field(default_factory=dict)
    embedded: bool = False
    _book: PersonaBook | None = field(default=None, repr=False)

    @property
    def name(self) -> str:
        """The target's name as reports show it."""
        return "local" if self.embedded else self.settings.target_info().name

    @property
    def personas(self) -> PersonaBook:
        """The target's personas; skips the test when the target declares none."""
        if self.personas_file is None:
            pytest.skip(
                "the target declares no personas: pass --personas FILE "
                "(or LEAD_PERSONAS) "
                "describing which inputs produce which codes there"
            )
        if self._book is None:
            self._book = load_personas(self.personas_file)
        return self._book

    def persona_codes(self) -> frozenset[int]:
        """Codes some persona produces, or an empty set when none are declared."""
        return self.personas.codes if self.personas_file else frozenset()

    def settle_deadline(self) -> float:
        """Seconds to wait for 1000/1001 to settle on this target."""
        declared = self.capabilities.get("settle_deadline_seconds")
        if isinstance(declared, (int, float)) and declared > 0:
            return float(declared)
        settle = self.capabilities.get("settle_seconds")
        if isinstance(settle, (int, float)) and settle >= 0:
            return max(3.0, 20 * float(settle))
        return DEFAULT_SETTLE_DEADLINE

    def short_token_lifetime(self) -> float:
        """The declared token lifetime; skips unless it is short enough to wait out."""
        lifetime = self.capabilities.get("token_lifetime_seconds")
        if not isinstance(lifetime, (int, float)):
            pytest.skip(
                "the target declares no token_lifetime_seconds in its persona file's "
                "capabilities, so an expired token cannot be obtained"
            )
        if lifetime > MAX_TOKEN_WAIT_SECONDS:
            pytest.skip(
                f"tokens live {lifetime:g} s on this target, longer than the "
                f"{MAX_TOKEN_WAIT_SECONDS:g} s this suite waits; start the simulator "
                "with a short token lifetime to run this check"
            )
        return float(lifetime)
