"""Token provider factory for the auth tests (simulators: tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture
def provider() -> Iterator:
    """Make token providers; each is closed before any simulator stops."""
    from leadharness.auth import TokenProvider

    made: list[TokenProvider] = []

    def make(settings, **options) -> TokenProvider:
        made.append(TokenProvider(settings, **options))
        return made[-1]

    yield make
    for tokens in made:
        tokens.close()
