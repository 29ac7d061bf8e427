"""Settings: where the Lead API is, who we are, and what we may do to it.

Read from flags (strongest), ``LEAD_*`` environment variables, a ``.env``
file, and a partner's Postman collection or environment (weakest), then
validated once. The variable names follow the onboarding document's Postman
variables and are part of the harness's public interface:

    LEAD_TARGET            local (default) | sandbox | an https:// URL
    LEAD_BASE_URL          base_url             the API's base URL
    LEAD_CLIENT_APP_ID     client_app_id        your application's client id
    LEAD_CLIENT_SECRET     client_secret        its secret value (not its id)
    LEAD_TENANT_ID         alleviate_tenant_id
    LEAD_DEBT_CORE_APP_ID  debt_core_app_id     the API app, for the scope
    LEAD_LOGIN_URL         the Entra ID host
    LEAD_CA_BUNDLE         an extra CA file for TLS (the simulator's, say)
    LEAD_POSTMAN           a Postman collection or environment JSON to read
    LEAD_PERSONAS          the persona file describing the target
    LEAD_ALLOW_PRODUCTION  set to 1 to write to or load a production target

LEAD_BASE_URL, when set, wins over LEAD_TARGET: the LEAD_* lines that
``leadharness simulator`` prints therefore retarget every command. A
``--target`` flag given without ``--base-url`` wins over both: what a person
types on the command line is what the command reaches. An empty variable
counts as unset.
"""

from __future__ import annotations

import ipaddress
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from leadharness.errors import ConfigError, ProductionRefused

__all__ = [
    "DEFAULT_TENANT_ID",
    "DEFAULT_DEBT_CORE_APP_ID",
    "DEFAULT_LOGIN_URL",
    "SANDBOX_BASE_URL",
    "Settings",
    "Target",
    "load_settings",
    "looks_like_production",
    "read_postman",
]

DEFAULT_TENANT_ID = "8797fa3f-ba90-4187-97fb-6ab892ea9035"
DEFAULT_DEBT_CORE_APP_ID = "aba793eb-f395-4f86-be59-7a7d0c1bfdb0"
DEFAULT_LOGIN_URL = "https://login.microsoftonline.com"
SANDBOX_BASE_URL = "https://leads-sandbox.alleviate.com"

# Host name labels that mark a deployment as not production. A label must be
# the mark itself, optionally followed by digits ("dev", "uat2"): a prefix match
# would let "devices.example.com" or "qatar.example.com" pass as non-production.
_NON_PRODUCTION_MARKS = (
    "sandbox",
    "staging",
    "stage",
    "test",
    "testing",
    "dev",
    "qa",
    "uat",
    "local",
)
_MARKED_LABEL = re.compile(rf"^(?:{'|'.join(_NON_PRODUCTION_MARKS)})\d*$")

# Identifiers (tenant, client and API app ids) are GUIDs or domain names: never
# blank, never carrying a slash, space or URL syntax that would bend the
# authority or scope they are put into.
_IDENTIFIER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")

# Postman variable -> settings field.
_POSTMAN_VARIABLES = {
    "client_app_id": "client_app_id",
    "client_secret": "client_secret",
    "alleviate_tenant_id": "tenant_id",
    "debt_core_app_id": "debt_core_app_id",
    "base_url": "base_url",
}


class Settings(BaseSettings):
    """Validated settings; build them with :func:`load_settings`."""

    model_config = SettingsConfigDict(
        env_prefix="LEAD_",
        env_file=".env",
        env_ignore_empty=True,
        extra="ignore",
        validate_default=True,
    )

    target: str = "local"
    base_url: str | None = None
    client_app_id: str | None = None
    client_secret: SecretStr | None = None
    tenant_id: str = DEFAULT_TENANT_ID
    debt_core_app_id: str = DEFAULT_DEBT_CORE_APP_ID
    login_url: str = DEFAULT_LOGIN_URL
    ca_bundle: Path | None = None
    postman: Path | None = None
    personas: Path | None = None
    allow_production: bool = False

    @field_validator("target")
    @classmethod
    def _known_target(cls, value: str) -> str:
        value = value.strip()
        if value in ("local", "sandbox"):
            return value
        if value.startswith(("http://", "https://")):
            return _absolute_url(value)
        raise ValueError(
            f"got {value!r}; use 'local', 'sandbox' or a URL such as "
            "https://leads-sandbox.alleviate.com"
        )

    @field_validator("base_url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        return None if value is None else _absolute_url(value)

    @field_validator("login_url")
    @classmethod
    def _https_url(cls, value: str) -> str:
        value = _absolute_url(value)
        if not value.startswith("https://"):
            raise ValueError(
                f"got {value!r}; msal only talks to an https:// login host "
                f"(the real one is {DEFAULT_LOGIN_URL})"
            )
        return value

    @field_validator("tenant_id", "debt_core_app_id", "client_app_id")
    @classmethod
    def _identifier(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip()
        if not _IDENTIFIER.match(value):
            raise ValueError(
                f"got {value!r}; expected a GUID such as {DEFAULT_TENANT_ID}"
            )
        return value

    @field_validator("ca_bundle", "postman", "personas")
    @classmethod
    def _existing_file(cls, value: Path | None) -> Path | None:
        if value is not None and not value.is_file():
            raise ValueError(f"got {str(value)!r}, which does not exist as a file")
        return value

    @field_validator("ca_bundle")
    @classmethod
    def _pem_file(cls, value: Path | None) -> Path | None:
        if value is None:
            return None
        try:
            text = value.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            raise ValueError(
                f"got {str(value)!r}, which cannot be read ({exc.strerror})"
            ) from None
        if "-----BEGIN CERTIFICATE-----" not in text:
            raise ValueError(
                f"got {str(value)!r}, which holds no PEM certificate; give the CA "
                "file itself (`leadharness simulator` prints its own)"
            )
        return value

    def __repr_args__(self) -> Any:
        # SecretStr already masks itself; this keeps repr short and safe.
        return [(k, v) for k, v in super().__repr_args__() if k != "client_secret"]

    @property
    def scope(self) -> str:
        """The OAuth scope of the Lead API: ``api://{debt_core_app_id}/.default``."""
        return f"api://{self.debt_core_app_id}/.default"

    @property
    def authority(self) -> str:
        """The msal authority: login host and tenant."""
        return f"{self.login_url}/{self.tenant_id}"

    def resolved_base_url(self) -> str | None:
        """The API base URL: explicit, from the target, or None for ``local``."""
        if self.base_url:
            return self.base_url
        if self.target == "sandbox":
            return SANDBOX_BASE_URL
        if self.target.startswith(("http://", "https://")):
            return self.target.rstrip("/")
        return None

    def target_info(self) -> Target:
        """What the settings point at, and whether it is production-marked."""
        url = self.resolved_base_url()
        if url is None:
            return Target(name="local", base_url=None, production=False, embedded=True)
        name = "sandbox" if url == SANDBOX_BASE_URL else url
        return Target(name=name, base_url=url, production=looks_like_production(url))

    def require_credentials(self) -> tuple[str, str]:
        """The client id and secret, or a ConfigError saying how to set them."""
        if not self.client_app_id:
            raise ConfigError(
                "LEAD_CLIENT_APP_ID is not set: export LEAD_CLIENT_APP_ID=<your "
                "client id>, or pass --postman with your Postman collection"
            )
        if not self.client_secret or not self.client_secret.get_secret_value():
            raise ConfigError(
                "LEAD_CLIENT_SECRET is not set: export LEAD_CLIENT_SECRET=<the "
                "secret's value, not its id>, or pass --postman with your Postman "
                "collection"
            )
        return self.client_app_id, self.client_secret.get_secret_value()

    def require_write_access(self, what: str = "this run") -> None:
        """Refuse writes and load on a production-marked target without opt-in."""
        target = self.target_info()
        if target.production and not self.allow_production:
            raise ProductionRefused(
                f"{target.name} looks like production and {what} would write to it; "
                "pass --allow-production (or LEAD_ALLOW_PRODUCTION=1) if you mean it"
            )

    def redacted(self) -> dict[str, object]:
        """The settings as a report may show them: no secret, only whether it is set."""
        data = self.model_dump(mode="json", exclude={"client_secret"})
        data["client_secret"] = "set" if self.client_secret else "not set"
        data["target_info"] = self.target_info().__dict__
        return data


@dataclass(frozen=True)
class Target:
    """A Lead API deployment the harness points at."""

    name: str
    base_url: str | None
    production: bool
    embedded: bool = False


def looks_like_production(url: str) -> bool:
    """True unless the host is loopback or its name marks it as non-production."""
    host = (urlsplit(url).hostname or "").lower()
    if host == "localhost":
        return False
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        pass
    labels = host.replace("-", ".").split(".")
    return not any(_MARKED_LABEL.match(label) for label in labels)


def _absolute_url(value: str) -> str:
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(
            f"got {value!r}; expected an absolute URL such as {SANDBOX_BASE_URL}"
        )
    if parts.query or parts.fragment:
        raise ValueError(f"got {value!r}; leave out the query string and fragment")
    return value.strip().rstrip("/")


def read_postman(path: Path) -> dict[str, str]:
    """The settings a Postman collection or environment export carries.

    Collections keep variables under ``variable``; environments under
    ``values``. Empty values are skipped, so a collection whose secret is
    still blank does not overwrite one from the environment.
    """
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(
            f"Postman file {path} is not readable JSON ({exc}); export it again "
            "from Postman (Export, Collection v2.1 or the environment's Export)"
        ) from None
    entries = None
    if isinstance(document, dict):
        entries = document.get("variable") or document.get("values")
    if not isinstance(entries, list):
        raise ConfigError(
            f"Postman file {path} has no 'variable' or 'values' list; "
            "export the collection (v2.1) or the environment from Postman"
        )
    found: dict[str, str] = {}
    for entry in entries:
        if not isinstance(entry, dict) or entry.get("enabled") is False:
            continue
        field = _POSTMAN_VARIABLES.get(str(entry.get("key")))
        value = entry.get("value")
        # "{{...}}" is an unresolved Postman reference, not a value.
        if field and isinstance(value, str) and value.strip() and "{{" not in value:
            found[field] = value.strip()
    return found


def _one_line(error: ValidationError) -> str:
    first = error.errors()[0]
    field = str(first["loc"][0]) if first["loc"] else "settings"
    message = str(first["msg"]).removeprefix("Value error, ")
    if "got " not in message and field != "client_secret":
        message = f"{message} (got {first.get('input')!r})"
    how = f"the LEAD_{field.upper()} variable"
    if field != "client_secret":  # a secret is never a flag: it would show in ps
        how = f"--{field.replace('_', '-')} or {how}"
    return f"LEAD_{field.upper()} is invalid: {message}; set it with {how}"


def load_settings(**flags: Any) -> Settings:
    """Settings from flags, environment, ``.env`` and the Postman file, validated.

    Flags whose value is None are treated as not given. Raises ConfigError
    with one line naming the bad variable and how to set it.
    """
    given = {key: value for key, value in flags.items() if value is not None}
    if "target" in given and "base_url" not in given:
        # A typed --target must not be bent elsewhere by an exported LEAD_BASE_URL
        # (or a Postman base_url): None here outranks both.
        given["base_url"] = None
    try:
        settings = Settings(**given)
        if settings.postman:
            imported = read_postman(settings.postman)
            explicit = settings.model_fields_set
            missing = {k: v for k, v in imported.items() if k not in explicit}
            if missing:
                settings = Settings(**{**missing, **given})
    except ValidationError as exc:
        raise ConfigError(_one_line(exc)) from None
    except (OSError, UnicodeDecodeError) as exc:
        # Only the .env file is read here (the Postman file raises its own).
        raise ConfigError(
            f".env in {Path.cwd()} cannot be read ({exc}); save it as UTF-8 "
            "text, or move it away and export the LEAD_* variables instead"
        ) from None
    return settings
