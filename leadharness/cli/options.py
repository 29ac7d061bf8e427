"""Command-line options shared by every command that reaches a target.

Commands declare these as parameters and hand them to :func:`target_settings`,
so ``--target``, ``--base-url`` and friends mean the same thing everywhere.
Secrets are never flags (a flag shows in ``ps`` and shell history): they come
from the environment, ``.env`` or a Postman file. :func:`open_target` turns
settings into a reachable target, starting the embedded simulator for
``--target local``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from leadharness.settings import Settings, load_settings

__all__ = [
    "TargetOpt",
    "BaseUrlOpt",
    "LoginUrlOpt",
    "TenantOpt",
    "ClientIdOpt",
    "DebtCoreAppOpt",
    "CaBundleOpt",
    "PostmanOpt",
    "PersonasOpt",
    "AllowProductionOpt",
    "JsonOpt",
    "TimeoutOpt",
    "ToleranceOpt",
    "ToleranceMsOpt",
    "ErrorRateToleranceOpt",
    "settings_from",
    "target_settings",
    "open_target",
]

TargetOpt = Annotated[
    Optional[str],
    typer.Option(
        "--target",
        help="local (embedded simulator, default), sandbox, or a URL "
        "(env: LEAD_TARGET).",
    ),
]
BaseUrlOpt = Annotated[
    Optional[str], typer.Option("--base-url", help="API base URL (env: LEAD_BASE_URL).")
]
LoginUrlOpt = Annotated[
    Optional[str],
    typer.Option("--login-url", help="Entra ID host (env: LEAD_LOGIN_URL)."),
]
TenantOpt = Annotated[
    Optional[str], typer.Option("--tenant-id", help="Tenant id (env: LEAD_TENANT_ID).")
]
ClientIdOpt = Annotated[
    Optional[str],
    typer.Option("--client-app-id", help="Your client id (env: LEAD_CLIENT_APP_ID)."),
]
DebtCoreAppOpt = Annotated[
    Optional[str],
    typer.Option(
        "--debt-core-app-id",
        help="The Lead API's app id, for the scope (env: LEAD_DEBT_CORE_APP_ID).",
    ),
]
CaBundleOpt = Annotated[
    Optional[Path],
    typer.Option("--ca-bundle", help="Extra CA file (env: LEAD_CA_BUNDLE)."),
]
PostmanOpt = Annotated[
    Optional[Path],
    typer.Option(
        "--postman",
        help="Postman collection or environment JSON to read settings from "
        "(env: LEAD_POSTMAN).",
    ),
]
PersonasOpt = Annotated[
    Optional[Path],
    typer.Option(
        "--personas", help="Persona file describing the target (env: LEAD_PERSONAS)."
    ),
]
AllowProductionOpt = Annotated[
    bool,
    typer.Option(
        "--allow-production",
        help="Allow writes and load on a production target "
        "(env: LEAD_ALLOW_PRODUCTION).",
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for a machine.")]
TimeoutOpt = Annotated[
    Optional[float],
    typer.Option(
        "--timeout",
        help="Seconds to wait for each answer (default 45 for createLead, which may "
        "pull credit for 30 s, and 30 for the others).",
    ),
]

# How far a run may drift from a baseline before it counts as a regression
# (`gate --baseline` and `report --compare` judge alike).
ToleranceOpt = Annotated[
    float,
    typer.Option(
        "--tolerance", help="Relative latency slack before a regression (0.2 = 20%)."
    ),
]
ToleranceMsOpt = Annotated[
    float,
    typer.Option(
        "--tolerance-ms", help="Latency changes below this many ms never regress."
    ),
]
ErrorRateToleranceOpt = Annotated[
    float,
    typer.Option(
        "--error-rate-tolerance",
        help="Allowed rise of an error rate (0.01 = 1 point).",
    ),
]


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
    debt_core_app_id: str | None = None,
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
        debt_core_app_id=debt_core_app_id,
    )


def target_settings(params: Mapping[str, Any]) -> Settings:
    """Settings from a command's parameters: the shared options, taken by name.

    A command passes ``locals()`` first thing; it offers only the options it
    declares, and any it leaves out come from the environment.
    """
    names = inspect.signature(settings_from).parameters
    return settings_from(**{name: params[name] for name in names if name in params})


@contextmanager
def open_target(
    settings: Settings, *, notes: Callable[[str], None] | None = None
) -> Iterator[Settings]:
    """Settings that reach a running target, starting the simulator for ``local``.

    For the ``local`` target (no base URL) the embedded simulator runs for the
    duration of the ``with`` block and the yielded settings point at it; its
    leads vanish when the block ends, and ``notes`` is told so. Any other
    target is yielded unchanged.
    """
    if not settings.target_info().embedded:
        yield settings
        return
    from leadharness.simulator import start_simulator  # only `local` needs it

    with start_simulator() as simulator:
        if notes is not None:
            notes(
                f"started the embedded simulator at {simulator.base_url}; it stops "
                "when this command ends, and its leads and tokens go with it. To "
                "keep them, run `leadharness simulator` and export the LEAD_* lines "
                "it prints"
            )
        overrides: dict[str, Any] = {"allow_production": settings.allow_production}
        if settings.personas is not None:
            overrides["personas"] = settings.personas
        yield simulator.settings(**overrides)
