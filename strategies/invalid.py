"""Invalid LeadInput payloads that carry, as data, exactly what they break.

An :class:`InvalidLead` pairs a payload with its :class:`InputViolation`
list, so a suite can state what the API must answer: a schema violation
(HTTP 400, GraphQL validation errors, no data) wins over domain ones, which
are otherwise answered each with a BAD_USER_INPUT error naming the field.
:attr:`InvalidLead.expected` is the list the answer must match.

Every other field of the payload comes from a valid lead, with its own unique
email, so a target that wrongly accepts the payload creates a distinct lead
rather than a confusing duplicate.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from strategies.catalog import _MISSING, UNKNOWN_FIELD, Breaker, Kind, breakers
from strategies.leads import LEAD_FIELDS, valid_leads
from strategies.payload import LeadPayload

__all__ = [
    "InputViolation",
    "InvalidLead",
    "invalid_leads",
    "violation_rules",
]

_KINDS: tuple[Kind, ...] = ("schema", "domain")


@dataclass(frozen=True)
class InputViolation:
    """One broken rule of a payload: field, rule id, schema or domain, and how."""

    field: str
    rule: str
    kind: Kind
    #: What the bad value is like ("9 digits", "a boolean"); never the value.
    detail: str = ""

    @property
    def id(self) -> str:
        """``field.rule``, stable and free of data: fit for test ids and reports."""
        return f"{self.field}.{self.rule}"


@dataclass(frozen=True)
class InvalidLead:
    """A payload and every violation it carries."""

    payload: LeadPayload
    violations: tuple[InputViolation, ...]

    @property
    def kind(self) -> Kind:
        """``schema`` when any violation is a schema one (it decides the answer)."""
        return (
            "schema" if any(v.kind == "schema" for v in self.violations) else "domain"
        )

    @property
    def expected(self) -> tuple[InputViolation, ...]:
        """The violations the answer must report.

        Variable coercion fails before any resolver runs, so with a schema
        violation present only the schema violations are reported.
        """
        return tuple(v for v in self.violations if v.kind == self.kind)

    @property
    def fields(self) -> frozenset[str]:
        """The fields the answer's errors must name."""
        return frozenset(v.field for v in self.expected)

    @property
    def id(self) -> str:
        """The violation ids joined with ``+``, for test ids."""
        return "+".join(v.id for v in self.violations)


def violation_rules(kinds: Iterable[str] = _KINDS) -> tuple[tuple[str, str, str], ...]:
    """Every ``(field, rule, kind)`` the invalid strategies can produce.

    The unknown-field rule is listed with field ``"*"``. Use it to
    parametrise one test per rule with ``invalid_leads(fields=..., rules=...)``.
    """
    chosen = _check_kinds(kinds)
    seen = dict.fromkeys(
        (b.field, b.rule, b.kind) for b in breakers() if b.kind in chosen
    )
    return tuple(seen)


def _check_kinds(kinds: Iterable[str]) -> frozenset[str]:
    chosen = frozenset([kinds] if isinstance(kinds, str) else kinds)
    if not chosen or not chosen <= set(_KINDS):
        raise InvalidArgument(
            f"invalid_leads(kinds={sorted(chosen)!r}): kinds must be a non-empty "
            f"subset of {list(_KINDS)}"
        )
    return chosen


def _check_names(
    given: Iterable[str] | None, known: Iterable[str], what: str
) -> frozenset[str] | None:
    if given is None:
        return None
    chosen = frozenset([given] if isinstance(given, str) else given)
    unknown = chosen - set(known)
    if not chosen or unknown:
        raise InvalidArgument(
            f"invalid_leads({what}=...): {sorted(unknown) or 'nothing'} given; "
            f"choose from {sorted(set(known))}"
        )
    return chosen


def _select(
    kinds: frozenset[str], fields: frozenset[str] | None, rules: frozenset[str] | None
) -> dict[str, list[Breaker]]:
    by_field: dict[str, list[Breaker]] = {}
    for breaker in breakers():
        if breaker.kind not in kinds or (
            rules is not None and breaker.rule not in rules
        ):
            continue
        named = breaker.field != UNKNOWN_FIELD
        if fields is not None and (
            breaker.field not in fields if named else rules is None
        ):
            continue
        by_field.setdefault(breaker.field, []).append(breaker)
    # LeadInput order, the unknown field last: shrinking heads for firstName.
    order = {name: i for i, name in enumerate(LEAD_FIELDS)}
    return dict(
        sorted(by_field.items(), key=lambda item: order.get(item[0], len(order)))
    )


def _apply(
    payload: dict[str, Any], breaker: Breaker, bad: Any, detail: str
) -> InputViolation:
    if breaker.rule == "unknown_field":
        name, value = bad
        payload[name] = value
        return InputViolation(name, breaker.rule, breaker.kind, detail)
    if bad is _MISSING:
        payload.pop(breaker.field, None)
    else:
        payload[breaker.field] = bad
    return InputViolation(breaker.field, breaker.rule, breaker.kind, detail)


def invalid_leads(
    *,
    kinds: Iterable[str] = _KINDS,
    fields: Iterable[str] | None = None,
    rules: Iterable[str] | None = None,
    min_violations: int = 1,
    max_violations: int | None = None,
    base: st.SearchStrategy[LeadPayload] | None = None,
) -> st.SearchStrategy[InvalidLead]:
    """Invalid leads, one violation each by default, every violation stated.

    ``kinds`` limits to ``"schema"`` and/or ``"domain"`` violations; ``fields``
    and ``rules`` limit to those LeadInput fields and rule ids (see
    :func:`violation_rules`). With ``max_violations`` above 1 each example
    breaks between ``min_violations`` and ``max_violations`` distinct fields.
    The remaining fields come from ``base`` (default :func:`valid_leads`).
    A combination nothing can satisfy is refused with InvalidArgument.
    """
    chosen_kinds = _check_kinds(kinds)
    all_rules = {b.rule for b in breakers()}
    chosen_fields = _check_names(fields, LEAD_FIELDS, "fields")
    chosen_rules = _check_names(rules, all_rules, "rules")
    by_field = _select(chosen_kinds, chosen_fields, chosen_rules)
    top = min_violations if max_violations is None else max_violations
    if not by_field:
        raise InvalidArgument(
            f"invalid_leads(kinds={sorted(chosen_kinds)}, fields={fields!r}, "
            f"rules={rules!r}): no violation matches; see violation_rules()"
        )
    if not 1 <= min_violations <= top <= len(by_field):
        raise InvalidArgument(
            f"invalid_leads(min_violations={min_violations}, "
            f"max_violations={max_violations}): need 1 <= min <= max <= "
            f"{len(by_field)}, the number of fields that can break"
        )
    source = valid_leads() if base is None else base
    return _invalid(source, by_field, min_violations, top)


@st.composite
def _invalid(
    draw: st.DrawFn,
    base: st.SearchStrategy[LeadPayload],
    by_field: dict[str, list[Breaker]],
    low: int,
    high: int,
) -> InvalidLead:
    payload = dict(draw(base))
    names = draw(
        st.lists(
            st.sampled_from(list(by_field)), min_size=low, max_size=high, unique=True
        )
    )
    found = []
    for name in names:
        options = by_field[name]
        rule = draw(st.sampled_from(sorted({b.rule for b in options}, key=_rule_order)))
        breaker = draw(st.sampled_from([b for b in options if b.rule == rule]))
        bad, detail = draw(breaker.values)
        found.append(_apply(payload, breaker, bad, detail))
    return InvalidLead(LeadPayload(payload), tuple(found))


def _rule_order(rule: str) -> tuple[int, str]:
    # Domain rules first: a shrunk example then breaks one readable rule
    # rather than dropping a field.
    return (rule in ("missing_required", "null", "wrong_type", "unknown_field"), rule)
