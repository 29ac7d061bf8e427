"""Entry point of the ``leadharness`` command.

Each command group lives in its own module and adds itself to the app through
``register(app)``. This module only wires them together and turns every way
a command can fail (a harness error, a bad flag, Ctrl-C, SIGTERM) into one
line on stderr and an exit code (2 for usage and configuration, 130 for
Ctrl-C, 143 for SIGTERM, 1 otherwise), never a traceback.

The app is built on first use, not at import: the console script imports
this module before :func:`run` can catch anything, so a Ctrl-C during the
(slow) imports of the command modules must land inside ``run``.

Library code only logs; the command decides what a person sees. Log records
are dropped unless ``LEAD_LOG_LEVEL`` (``INFO``, ``WARNING``, ...) asks for
the harness's own on stderr, so a failure stays one line. An exception the harness did
not expect (a bug) is one line too; ``LEAD_LOG_LEVEL=DEBUG`` shows its
traceback.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NoReturn

from leadharness.errors import HarnessError

if TYPE_CHECKING:
    import typer

__all__ = ["app", "build_app", "run"]  # noqa: F822 - `app` comes from __getattr__

COMMAND_MODULES = ("simulator", "token", "lead", "load", "gate", "report")
_EXIT_INTERRUPTED = 130
_built: typer.Typer | None = None


def build_app() -> typer.Typer:
    """The typer app with every command registered (built once)."""
    global _built
    if _built is None:
        import importlib

        import typer

        app = typer.Typer(
            name="leadharness",
            help="Contract and load testing harness for the Marketing Lead "
            "Automation Service.",
            no_args_is_help=True,
            add_completion=False,
            pretty_exceptions_enable=False,
        )
        for name in COMMAND_MODULES:
            importlib.import_module(f"leadharness.cli.{name}").register(app)
        _built = app
    return _built


def __getattr__(name: str) -> Any:
    # `from leadharness.cli.main import app` still works, and builds the app.
    if name == "app":
        return build_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def run() -> None:
    """Run the command line; the console script ``leadharness`` calls this."""
    stopped_by: list[str] = []
    restore = _stop_on_sigterm(stopped_by)
    try:
        _run(stopped_by)
    finally:
        restore()


def _run(stopped_by: list[str]) -> NoReturn:
    try:
        _route_logging()
        code = _invoke(build_app())
    except HarnessError as exc:
        _fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        code = _EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`leadharness ... | head`): nothing left to say.
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - silences the exit flush
        raise SystemExit(1) from None
    except Exception as exc:
        if _log_level() == "DEBUG":
            raise
        _fail(_unexpected(exc), 1)
    if code == _EXIT_INTERRUPTED and stopped_by:
        _fail("stopped by SIGTERM", 143)
    if code == _EXIT_INTERRUPTED:
        _fail("interrupted by Ctrl-C", code)
    raise SystemExit(code)


def _stop_on_sigterm(stopped_by: list[str]) -> Callable[[], None]:
    """Make SIGTERM (a CI job cancelled, `kill`) unwind like Ctrl-C until undone.

    By default SIGTERM ends the process at once: no ``finally`` runs, and the
    embedded simulator's files and a run's child processes are left behind.
    A command with its own handler (``simulator``) replaces this one. Returns
    what puts the previous handler back.
    """

    def interrupt(signum: int, frame: object) -> None:
        stopped_by.append("SIGTERM")
        raise KeyboardInterrupt

    previous = signal.getsignal(signal.SIGTERM)
    if previous is not signal.SIG_DFL:
        return lambda: None
    try:
        signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread (an embedding program): leave it
        return lambda: None

    def restore() -> None:
        signal.signal(signal.SIGTERM, previous)

    return restore


def _invoke(app: typer.Typer) -> int:
    """Run ``app`` on sys.argv; its exit code, with click's errors as one line."""
    import typer

    try:
        result = app(standalone_mode=False, prog_name="leadharness")
    except typer.TyperException as exc:
        # `leadharness lead` alone: typer has printed the help, which is the answer.
        if type(exc).__name__ == "NoArgsIsHelpError":
            return exc.exit_code
        _fail(_usage_line(exc), exc.exit_code)
    except typer.Abort:
        _fail("aborted", 1)
    # In this mode typer returns the code of typer.Exit (130 for Ctrl-C).
    return result if isinstance(result, int) else 0


def _usage_line(exc: Exception) -> str:
    """A click usage error as one line: what failed, what was given, where to look."""
    message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
    received = _received(exc)
    if received is not None and repr(received) not in message:
        message = f"{message.rstrip('.')} (got {received!r})"
    ctx = getattr(exc, "ctx", None)
    command = ctx.command_path if ctx is not None else "leadharness"
    return f"{message.rstrip('.')}; see `{command} --help`"


def _received(exc: Exception) -> object | None:
    # typer checks values with pydantic: the cause carries the value as given.
    cause = exc.__cause__
    errors = getattr(cause, "errors", None)
    if not callable(errors):
        return None
    try:
        found = errors()
    except Exception:  # noqa: BLE001 - only a nicety for the message
        return None
    return found[0].get("input") if found else None


def _unexpected(exc: Exception) -> str:
    """A bug's one line: its type and text (secrets masked), and how to see more."""
    from leadharness.auth.redact import redact, redact_personal

    said = redact_personal(redact(str(exc), os.environ.get("LEAD_CLIENT_SECRET")))
    return (
        f"unexpected {type(exc).__name__}: {said[:300]}; this is a harness bug: rerun "
        "with LEAD_LOG_LEVEL=DEBUG for the traceback and report it"
    )


def _log_level() -> str:
    return os.environ.get("LEAD_LOG_LEVEL", "").strip().upper()


def _fail(message: str, code: int) -> NoReturn:
    print(f"leadharness: error: {' '.join(message.split())}", file=sys.stderr)
    raise SystemExit(code) from None


def _route_logging() -> None:
    root = logging.getLogger()
    if root.handlers:  # someone (a test, an embedding program) configured it
        return
    # Without a handler Python prints WARNING records bare on stderr, which
    # would add lines (a retried token request, say) before the one error.
    root.addHandler(logging.NullHandler())
    level = _log_level()
    if level and isinstance(logging.getLevelName(level), int):
        # Ours only: msal's and urllib3's debug records may quote what they sent.
        handler = logging.StreamHandler()
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
        )
        ours = logging.getLogger("leadharness")
        ours.addHandler(handler)
        ours.setLevel(level)
