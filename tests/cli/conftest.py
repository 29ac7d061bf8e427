"""The environment a CLI user starts with, and the simulator exports they paste."""

from __future__ import annotations

import os

import pytest
from typer.testing import CliRunner


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path) -> pytest.MonkeyPatch:
    """No LEAD_* variable and no .env file: what a new user starts with."""
    for name in list(os.environ):
        if name.startswith("LEAD_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "200")  # keep rich tables on one line per row
    return monkeypatch


@pytest.fixture
def exported(clean_env, simulator) -> dict[str, str]:
    """The LEAD_* lines `leadharness simulator` prints, exported."""
    values = {}
    for line in simulator.export_lines():
        name, _, value = line.removeprefix("export ").partition("=")
        clean_env.setenv(name, value)
        values[name] = value
    return values


@pytest.fixture
def runner() -> CliRunner:
    """A runner for the typer app."""
    return CliRunner()
