"""The ``lead`` commands: create, read and submit one lead by hand."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.console import Console
from rich.table import Table

from leadharness.cli.options import (
    AllowProductionOpt,
    BaseUrlOpt,
    CaBundleOpt,
    ClientIdOpt,
    JsonOpt,
    LoginUrlOpt,
    PersonasOpt,
    PostmanOpt,
    TargetOpt,
    TenantOpt,
    TimeoutOpt,
    open_target,
    target_settings,
)
from leadharness.client import Lead, LeadClient, SubmitResult
from leadharness.contract.operations import EXAMPLE_LEAD
from leadharness.contract.personas import load_personas
from leadharness.errors import ConfigError
from leadharness.settings import Settings

__all__ = ["register", "check_one_source", "check_seconds", "lead_from_options"]

lead_app = typer.Typer(
    name="lead",
    help="Create, read and submit one lead, for troubleshooting by hand.",
    no_args_is_help=True,
)

FileOpt = Annotated[
    Optional[Path],
    typer.Option("--file", help='LeadInput JSON (or Postman\'s {"input": {...}}).'),
]
ExampleOpt = Annotated[
    bool, typer.Option("--example", help="Send the onboarding document's example lead.")
]
PersonaOpt = Annotated[
    Optional[str], typer.Option("--persona", help="Persona name from the persona file.")
]
CodeOpt = Annotated[
    Optional[int], typer.Option("--code", help="A result code some persona produces.")
]
WaitOpt = Annotated[
    Optional[float],
    typer.Option("--wait", help="Seconds to wait for a processing lead to settle."),
]
IdArg = Annotated[
    str, typer.Argument(help="The id createLead returned (not your leadId).")
]


def _read_file(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise ConfigError(
            f"--file {path} cannot be read ({reason}); give the path of a LeadInput "
            "JSON file"
        ) from None
    try:
        document = json.loads(text)
    except ValueError as exc:
        raise ConfigError(
            f"--file {path} is not valid JSON ({exc}); fix or re-export it"
        ) from None
    if isinstance(document, dict) and isinstance(document.get("input"), dict):
        document = document["input"]  # Postman's variables pane wraps it
    if not isinstance(document, dict):
        raise ConfigError(
            f"--file {path} holds {type(document).__name__}, expected a "
            "JSON object of LeadInput fields"
        )
    return document


def _fresh_contact(lead: dict[str, Any]) -> dict[str, Any]:
    """The lead with a new synthetic phone, email and leadId (no 1003 on reruns)."""
    tag = secrets.token_hex(4)
    phone = f"{secrets.choice('23456789')}{secrets.randbelow(90) + 10}"
    phone += f"{secrets.choice('23456789')}{secrets.randbelow(10**6):06d}"
    return {
        **lead,
        "homePhone": phone,
        "email": f"lead-{tag}@example.com",
        "leadId": f"lh-{tag}",
    }


def check_one_source(
    file: Path | None, example: bool, persona: str | None, code: int | None
) -> None:
    """Refuse anything but exactly one of --file, --example, --persona, --code."""
    given = (("--file", file), ("--example", example), ("--persona", persona))
    chosen = [name for name, value in (*given, ("--code", code)) if value]
    if len(chosen) != 1:
        raise ConfigError(
            "lead create needs exactly one of --file, --example, --persona or "
            f"--code (got {', '.join(chosen) or 'none'})"
        )


def lead_from_options(
    file: Path | None,
    example: bool,
    persona: str | None,
    code: int | None,
    personas_file: Path | None,
) -> dict[str, Any]:
    """The LeadInput the create options describe; exactly one source allowed."""
    check_one_source(file, example, persona, code)
    if file is not None:
        return _read_file(file)
    if example:
        return dict(EXAMPLE_LEAD)
    book = load_personas(personas_file)
    if code is not None:
        try:
            chosen_persona = book.for_code(code)
        except KeyError as exc:
            raise ConfigError(f"--code {code}: {exc.args[0]}") from None
    else:
        found = [p for p in book.personas if p.name == persona]
        if not found:
            names = ", ".join(p.name for p in book.personas)
            raise ConfigError(
                f"--persona {persona!r} is not in {book.source}; choose one of {names}"
            )
        chosen_persona = found[0]
    return _fresh_contact(chosen_persona.apply(EXAMPLE_LEAD))


def check_seconds(flag: str, value: float | None) -> None:
    """Refuse a zero or negative number of seconds for ``flag``."""
    if value is not None and not value > 0:
        raise ConfigError(
            f"{flag} must be a positive number of seconds, got {value:g}; "
            f"e.g. {flag} 30"
        )


class _Output:
    """Where a lead command prints: a table for a person or JSON for a machine."""

    def __init__(self, as_json: bool):
        self.as_json = as_json
        # soft_wrap: a note cut at 80 columns would read as two lines in a log.
        self.out, self.err = Console(), Console(stderr=True, soft_wrap=True)

    def note(self, text: str) -> None:
        self.err.print(f"[dim]{text}[/dim]")

    def show(
        self, title: str, record: dict[str, object], extra: dict[str, object]
    ) -> None:
        if self.as_json:
            typer.echo(json.dumps({**extra, **record}, indent=2))
            return
        table = Table(title=title, show_header=False)
        table.add_column(style="bold")
        table.add_column()
        for key, value in {**record, **extra}.items():
            table.add_row(key, "" if value is None else str(value))
        self.out.print(table)


def _lead_extra(lead: Lead) -> dict[str, object]:
    kind = lead.code.kind.value if lead.code else "undocumented"
    return {
        "code": lead.description,
        "kind": kind,
        "final": lead.final,
        "submitEligible": lead.submit_eligible,
    }


@contextmanager
def _client(
    settings: Settings, output: _Output, write: str | None, timeout: float | None
) -> Iterator[LeadClient]:
    if write is not None:
        settings.require_write_access(write)
    check_seconds("--timeout", timeout)
    with (
        open_target(settings, notes=output.note) as live,
        LeadClient(live, timeout=timeout) as client,
    ):
        marked = " (production-marked)" if live.target_info().production else ""
        output.note(f"target {client.url}{marked}")
        yield client


@lead_app.command("create")
def create(
    file: FileOpt = None,
    example: ExampleOpt = False,
    persona: PersonaOpt = None,
    code: CodeOpt = None,
    wait: WaitOpt = None,
    target: TargetOpt = None,
    base_url: BaseUrlOpt = None,
    login_url: LoginUrlOpt = None,
    tenant_id: TenantOpt = None,
    client_app_id: ClientIdOpt = None,
    ca_bundle: CaBundleOpt = None,
    postman: PostmanOpt = None,
    personas: PersonasOpt = None,
    allow_production: AllowProductionOpt = False,
    as_json: JsonOpt = False,
    timeout: TimeoutOpt = None,
) -> None:
    """Create a lead from a file, the document's example, a persona or a code."""
    check_one_source(file, example, persona, code)
    check_seconds("--wait", wait)
    settings = target_settings(locals())
    output = _Output(as_json)
    # Read before any target starts, so a bad file fails at once. Without a
    # persona file the embedded simulator's is the default one, as here.
    lead_input = lead_from_options(file, example, persona, code, settings.personas)
    with _client(settings, output, "lead create", timeout) as client:
        output.note("creating the lead (createLead may take up to 30 s)")
        lead = client.create_lead(lead_input)
        if wait and lead.processing:
            output.note(f"{lead.description}: waiting up to {wait:g} s to settle")
            lead = client.wait_until_settled(lead.id, deadline_seconds=wait)
    output.show("createLead", lead.to_json(), _lead_extra(lead))
    if as_json:
        return
    if settings.target_info().embedded:
        output.note("this lead went with the embedded simulator; see the note above")
        return
    output.note(
        f"next: leadharness lead status {lead.id}"
        + (f"; leadharness lead submit {lead.id}" if lead.submit_eligible else "")
    )


@lead_app.command("status")
def status(
    lead_id: IdArg,
    wait: WaitOpt = None,
    target: TargetOpt = None,
    base_url: BaseUrlOpt = None,
    login_url: LoginUrlOpt = None,
    tenant_id: TenantOpt = None,
    client_app_id: ClientIdOpt = None,
    ca_bundle: CaBundleOpt = None,
    postman: PostmanOpt = None,
    as_json: JsonOpt = False,
    timeout: TimeoutOpt = None,
) -> None:
    """Read a lead's status by the id createLead returned."""
    check_seconds("--wait", wait)
    settings = target_settings(locals())
    output = _Output(as_json)
    with _client(settings, output, None, timeout) as client:
        if wait:
            lead = client.wait_until_settled(lead_id, deadline_seconds=wait)
        else:
            lead = client.get_lead_status(lead_id)
    output.show("getLeadStatus", lead.to_json(), _lead_extra(lead))


@lead_app.command("submit")
def submit(
    lead_id: IdArg,
    target: TargetOpt = None,
    base_url: BaseUrlOpt = None,
    login_url: LoginUrlOpt = None,
    tenant_id: TenantOpt = None,
    client_app_id: ClientIdOpt = None,
    ca_bundle: CaBundleOpt = None,
    postman: PostmanOpt = None,
    allow_production: AllowProductionOpt = False,
    as_json: JsonOpt = False,
    timeout: TimeoutOpt = None,
) -> None:
    """Submit a qualified lead (1013-1017) to the CRM."""
    settings = target_settings(locals())
    output = _Output(as_json)
    with _client(settings, output, "lead submit", timeout) as client:
        result: SubmitResult = client.submit_lead(lead_id)
    output.show("submitLead", result.to_json(), {"status": result.description})


def register(app: typer.Typer) -> None:
    """Add the ``lead`` command group to ``app``."""
    app.add_typer(lead_app)
