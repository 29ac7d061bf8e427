"""Command-line options shared by every command that reaches a target.

Commands declare these as parameters and hand them to :func:`settings_from`,
so ``--target``, ``--base-url`` and friends mean the same thing everywhere.
Secrets are never flags (a flag shows in ``ps`` and shell history): they come
from the environment, ``.env`` or a Postman file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from leadharness.settings import Settings, load_settings

__all__ = [
    "TargetOpt", "BaseUrlOpt", "LoginUrlOpt", "TenantOpt", "ClientIdOpt", "CaBundleOpt",
    "PostmanOpt", "PersonasOpt", "AllowProductionOpt", "JsonOpt", "settings_from",
]

TargetOpt = Annotated[
    Optional[str],
    typer.Option("--target", help="local (embedded simulator, default), sandbox, or a URL."),
]
BaseUrlOpt = Annotated[
    Optional[str], typer.Option("--base-url", help="API base URL [env: LEAD_BASE_URL].")
]
LoginUrlOpt = Annotated[
    Optional[str], typer.Option("--login-url", help="Entra ID host [env: LEAD_LOGIN_URL].")
]
TenantOpt = Annotated[
    Optional[str], typer.Option("--tenant-id", help="Tenant id [env: LEAD_TENANT_ID].")
]
ClientIdOpt = Annotated[
    Optional[str],
    typer.Option("--client-app-id", help="Your client id [env: LEAD_CLIENT_APP_ID]."),
]
CaBundleOpt = Annotated[
    Optional[Path], typer.Option("--ca-bundle", help="Extra CA file [env: LEAD_CA_BUNDLE].")
]
PostmanOpt = Annotated[
    Optional[Path],
    typer.Option("--postman", help="Postman collection/environment JSON to read settings from."),
]
PersonasOpt = Annotated[
    Optional[Path],
    typer.Option("--personas", help="Persona file describing the target [env: LEAD_PERSONAS]."),
]
AllowProductionOpt = Annotated[
    bool,
    typer.Option("--allow-production", help="Allow writes and load on a production target."),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for a machine.")]


def settings_from(
    target: str | None = None,
    base_url: str | None = None,
    login_url: str | None = None,
    tenant_id: str | None = None,
    client_app_id: str | None = None,
    ca_bundle: Path | None = None,
    postman: Path | None = None,
    personas: Path | None = None,
    allow_production: bool = False,
) -> Settings:
    """Settings from the shared options; unset options fall back to the environment."""
    return load_settings(
        target=target,
        base_url=base_url,
        login_url=login_url,
        tenant_id=tenant_id,
        client_app_id=client_app_id,
        ca_bundle=ca_bundle,
        postman=postman,
        personas=personas,
        allow_production=allow_production or None,
    )
