"""Entry point of the ``leadharness`` command.

Each command group lives in its own module and adds itself to the app through
``register(app)``. This module only wires them together and turns the
harness's errors into one line on stderr and the error's exit code (2 for
usage and configuration, 1 otherwise), never a traceback.
"""

from __future__ import annotations

import importlib
import sys

import typer

from leadharness.errors import HarnessError

__all__ = ["app", "run"]

COMMAND_MODULES = ("simulator", "token", "lead", "load", "gate", "report")

app = typer.Typer(
    name="leadharness",
    help="Contract and load testing harness for the Marketing Lead Automation Service.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for _name in COMMAND_MODULES:
    importlib.import_module(f"leadharness.cli.{_name}").register(app)


def run() -> None:
    """Run the command line; the console script ``leadharness`` calls this."""
    try:
        app(standalone_mode=True)
    except HarnessError as exc:
        print(f"leadharness: error: {exc}", file=sys.stderr)
        raise SystemExit(exc.exit_code) from None
    except KeyboardInterrupt:
        print("leadharness: interrupted", file=sys.stderr)
        raise SystemExit(130) from None
