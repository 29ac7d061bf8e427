"""``python -m leadharness`` runs the command line."""

from leadharness.cli.main import run

run()
