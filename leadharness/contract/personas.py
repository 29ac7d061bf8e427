"""Test personas: inputs that produce a chosen result code on a known target.

A persona file is declared, never sniffed: the simulator ships one (the
default), and a user may write one for their sandbox. Each persona says which
LeadInput fields to set (``match``) and the code that follows; processing
personas also say the code their status settles to.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from leadharness.contract.codes import PROCESSING_CODES, is_documented
from leadharness.errors import ConfigError

__all__ = ["Persona", "PersonaBook", "DEFAULT_PERSONAS_PATH", "load_personas"]

DEFAULT_PERSONAS_PATH = Path(
    str(resources.files("leadharness.contract") / "personas.json")
)


@dataclass(frozen=True)
class Persona:
    """Fields to put on a lead so the target answers ``code``."""

    name: str
    code: int
    match: Mapping[str, object]
    settles_to: int | None = None
    description: str = ""

    def apply(self, lead: Mapping[str, object]) -> dict[str, object]:
        """A copy of ``lead`` carrying this persona's fields."""
        return {**lead, **self.match}

    def matches(self, lead: Mapping[str, object]) -> bool:
        """True when ``lead`` carries every one of this persona's fields."""
        return all(lead.get(key) == value for key, value in self.match.items())


@dataclass(frozen=True)
class PersonaBook:
    """The personas of one target, looked up by code or by lead."""

    personas: tuple[Persona, ...]
    source: str = "built-in"
    _by_code: dict[int, Persona] = field(
        default_factory=dict, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        for persona in self.personas:
            self._by_code.setdefault(persona.code, persona)

    @property
    def codes(self) -> frozenset[int]:
        """Every code some persona produces."""
        return frozenset(self._by_code)

    def for_code(self, code: int) -> Persona:
        """The first persona producing ``code``; KeyError names the codes on offer."""
        try:
            return self._by_code[code]
        except KeyError:
            offered = ", ".join(str(c) for c in sorted(self._by_code))
            raise KeyError(
                f"no persona produces {code} in {self.source}; it has {offered}"
            ) from None

    def find(self, lead: Mapping[str, object]) -> Persona | None:
        """The persona ``lead`` matches, if any."""
        return next((p for p in self.personas if p.matches(lead)), None)


def _persona(entry: object, where: str) -> Persona:
    if not isinstance(entry, dict) or not isinstance(entry.get("match"), dict):
        raise ConfigError(
            f"{where}: each persona needs a 'match' object of LeadInput fields"
        )
    code, settles = entry.get("code"), entry.get("settles_to")
    if not is_documented(code):
        raise ConfigError(f"{where}: code {code!r} is not a documented result code")
    if code in PROCESSING_CODES and settles is not None and not is_documented(settles):
        raise ConfigError(
            f"{where}: settles_to {settles!r} is not a documented result code"
        )
    return Persona(
        name=str(entry.get("name", code)),
        code=int(code),  # type: ignore[arg-type]
        match=dict(entry["match"]),
        settles_to=int(settles) if settles is not None else None,
        description=str(entry.get("description", "")),
    )


def load_personas(path: str | Path | None = None) -> PersonaBook:
    """Read a persona file (the simulator's own when ``path`` is None).

    Raises ConfigError, naming the file and what is wrong, on a missing file,
    bad JSON or an entry that does not fit the shape above.
    """
    target = Path(path) if path else DEFAULT_PERSONAS_PATH
    try:
        document = json.loads(target.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(
            f"persona file {target} does not exist; check --personas"
        ) from None
    except (OSError, ValueError) as exc:
        raise ConfigError(
            f"persona file {target} is not readable JSON: {exc}"
        ) from None
    entries = document.get("personas") if isinstance(document, dict) else None
    if not isinstance(entries, list) or not entries:
        raise ConfigError(f"persona file {target} needs a non-empty 'personas' list")
    personas = tuple(
        _persona(e, f"persona file {target}, entry {i}") for i, e in enumerate(entries)
    )
    return PersonaBook(personas, source=str(target) if path else "built-in personas")
