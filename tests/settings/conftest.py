"""Isolate settings tests from the developer's LEAD_* variables and .env file."""

from __future__ import annotations

import os

import pytest


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path):
    """No LEAD_* variable set, and a working directory without a .env file."""
    for name in list(os.environ):
        if name.startswith("LEAD_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    return tmp_path
