"""Leads that produce a chosen result code on a target whose personas are known.

A persona file (the simulator's built-in one, or one a user writes for a
sandbox; see :mod:`leadharness.contract.personas`) says which LeadInput
fields to set for each code. The strategies here put those fields on fresh
valid leads, so each targeted lead is still unique (its own email, phone and
partner lead id) and still valid.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from leadharness.contract.personas import PersonaBook, load_personas
from strategies.leads import valid_leads
from strategies.payload import LeadPayload

__all__ = ["lead_for_code", "persona_codes"]

Personas = PersonaBook | str | Path | None


def _book(personas: Personas) -> PersonaBook:
    if isinstance(personas, PersonaBook):
        return personas
    # load_personas raises ConfigError naming the file when it is unusable.
    return load_personas(personas)


def persona_codes(personas: Personas = None) -> frozenset[int]:
    """The result codes some persona of ``personas`` produces."""
    return _book(personas).codes


def lead_for_code(
    code: int, personas: Personas = None, **overrides: Any
) -> st.SearchStrategy[LeadPayload]:
    """Valid leads that the target described by ``personas`` answers with ``code``.

    ``personas`` is a PersonaBook or a persona file path; None means the
    simulator's built-in personas. A code no persona produces is refused with
    InvalidArgument listing the codes on offer. ``overrides`` go to
    :func:`strategies.leads.valid_leads`; a persona's own fields win over
    them, since they are what selects the code.
    """
    book = _book(personas)
    try:
        persona = book.for_code(code)
    except KeyError as exc:
        raise InvalidArgument(f"lead_for_code({code!r}): {exc.args[0]}") from None
    others = PersonaBook(
        tuple(p for p in book.personas if p is not persona), book.source
    )
    # Plain leads avoid the *other* personas, so applying this one is all that
    # decides the code.
    return valid_leads(personas=others, **overrides).map(
        lambda lead: LeadPayload(persona.apply(lead))
    )
