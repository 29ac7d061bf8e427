"""The ``token`` command: acquire a token and show what it grants."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from leadharness.auth import TokenProvider
from leadharness.cli.options import (
    BaseUrlOpt,
    CaBundleOpt,
    ClientIdOpt,
    DebtCoreAppOpt,
    JsonOpt,
    LoginUrlOpt,
    PostmanOpt,
    TargetOpt,
    TenantOpt,
    open_target,
    target_settings,
)

__all__ = ["register", "token_summary"]

# The claims a person checks when a token is refused: who issued it, for
# which API, to which application, and for how long.
_CLAIMS = ("aud", "iss", "tid", "appid", "azp", "roles", "scp", "iat", "nbf", "exp")

ShowTokenOpt = Annotated[
    bool,
    typer.Option(
        "--show-token",
        help="Also print the access token itself (it grants access: keep it out of "
        "logs and tickets).",
    ),
]


def _when(epoch: object) -> str | None:
    if not isinstance(epoch, (int, float)):
        return None
    return datetime.fromtimestamp(epoch, UTC).isoformat(timespec="seconds")


def token_summary(tokens: TokenProvider) -> dict[str, Any]:
    """What a person needs to know of the current token, without the token."""
    claims = tokens.claims()
    exp = claims.get("exp")
    return {
        "login_url": tokens.settings.login_url,
        "tenant_id": tokens.settings.tenant_id,
        "scope": tokens.scope,
        "audience": claims.get("aud"),
        "expires_at": _when(exp),
        "expires_in_seconds": int(exp - time.time()) if isinstance(exp, int) else None,
        "acquisitions": tokens.acquisitions,
        "claims": {key: claims[key] for key in _CLAIMS if key in claims},
    }


def _print(summary: dict[str, Any], console: Console) -> None:
    table = Table(
        title="Access token (the token itself is not shown)", show_header=False
    )
    table.add_column(style="bold")
    table.add_column()
    for key in ("login_url", "tenant_id", "scope", "audience", "expires_at"):
        table.add_row(key.replace("_", " "), str(summary[key]))
    table.add_row("expires in", f"{summary['expires_in_seconds']} s")
    for key, value in summary["claims"].items():
        shown = _when(value) if key in ("iat", "nbf", "exp") else value
        table.add_row(f"claim {key}", str(shown))
    console.print(table)


def token(
    target: TargetOpt = None,
    base_url: BaseUrlOpt = None,
    login_url: LoginUrlOpt = None,
    tenant_id: TenantOpt = None,
    client_app_id: ClientIdOpt = None,
    debt_core_app_id: DebtCoreAppOpt = None,
    ca_bundle: CaBundleOpt = None,
    postman: PostmanOpt = None,
    as_json: JsonOpt = False,
    show_token: ShowTokenOpt = False,
) -> None:
    """Acquire a token and show its audience, expiry and the claims that matter."""
    settings = target_settings(locals())
    out, notes = Console(), Console(stderr=True)

    def note(text: str) -> None:
        notes.print(f"[dim]{text}[/dim]")

    with open_target(settings, notes=note) as live, TokenProvider(live) as tokens:
        summary = token_summary(tokens)
        if show_token:
            summary["access_token"] = tokens.token()
    if as_json:
        typer.echo(json.dumps(summary, indent=2))
        return
    _print(summary, out)
    if show_token:
        out.print(summary["access_token"], soft_wrap=True, highlight=False)


def register(app: typer.Typer) -> None:
    """Add the ``token`` command to ``app``."""
    app.command("token")(token)
