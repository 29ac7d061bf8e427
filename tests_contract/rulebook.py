"""The contract rules the suites check: one stable id and title each.

Every test names the rule(s) it checks with ``@pytest.mark.rule("id")`` and
every failing assertion quotes the id in brackets (``[submit.once] ...``), so
CI logs, ``contract.json`` and the self-check all refer to the same names.
This module is the only place a rule id is defined; ``rule()`` refuses ids
that are not here, so a typo cannot silently create a new rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Rule", "RULES", "ContractFailure", "rule", "check", "rules_named_in"]


@dataclass(frozen=True)
class Rule:
    """One contract rule: a stable id, a one-line title and its contract clause."""

    id: str
    title: str
    clause: str


def _rules(*entries: tuple[str, str, str]) -> dict[str, Rule]:
    return {rid: Rule(rid, title, clause) for rid, title, clause in entries}


RULES: dict[str, Rule] = _rules(
    ("auth.valid_token", "A valid bearer token is accepted", "5"),
    ("auth.no_token", "A request without a token gets HTTP 401 and no data", "5"),
    ("auth.malformed_token", "A malformed token gets HTTP 401 and no data", "5"),
    ("auth.tampered_signature", "A token with a tampered signature gets HTTP 401", "5"),
    ("auth.wrong_audience", "A token for another audience gets HTTP 401", "5"),
    ("auth.expired_token", "An expired token gets HTTP 401 and no data", "5"),
    ("create.id", "createLead answers a non-empty id", "1"),
    ("create.documented_code", "createLead answers a documented result code", "1"),
    ("create.echo", "createLead echoes the input leadId as partnerLeadId", "1"),
    (
        "create.bid_range",
        "bidValue is null or non-negative, positive when qualified",
        "8",
    ),
    (
        "create.example_accepted",
        "The onboarding document's example lead is accepted",
        "1",
    ),
    (
        "create.persona_code",
        "A persona lead gets the code its persona file declares",
        "1",
    ),
    ("status.consistent", "getLeadStatus answers the same id and partnerLeadId", "2"),
    ("status.documented_code", "getLeadStatus answers a documented result code", "2"),
    ("status.settles", "Processing codes (1000, 1001) settle within the deadline", "2"),
    ("status.final_stable", "A final result code never changes", "2"),
    (
        "status.not_found",
        "An unknown id gets 'lead not found', never a 5xx or a lead",
        "7",
    ),
    (
        "submit.qualified_accepted",
        "submitLead of a 1013-1017 lead answers 1021 and a CRM record",
        "3",
    ),
    ("submit.once", "A later submit answers 1022 with the same crmRecordId", "3"),
    ("submit.status_1021", "The status reads 1021 after a submit", "2"),
    (
        "submit.refused",
        "submitLead is refused with a GraphQL error for other codes",
        "3",
    ),
    (
        "submit.status_unchanged",
        "A refused submit leaves the lead's status unchanged",
        "3",
    ),
    ("submit.not_found", "submitLead of an unknown id gets 'lead not found'", "7"),
    (
        "dup.phone_email",
        "A lead with an existing phone and email gets 1003 or 1004",
        "4",
    ),
    ("dup.distinct", "A lead with a new phone or email is not a duplicate", "4"),
    ("input.field_named", "An invalid lead gets a GraphQL error naming the field", "6"),
    ("input.no_data", "An invalid lead gets no data (no lead is created)", "6"),
    ("input.no_5xx", "An invalid lead never gets a 5xx or an internal error", "6"),
    (
        "codes.invariants",
        "Whatever code a lead gets, the rules for that code hold",
        "1-4,8",
    ),
    (
        "workflow.model",
        "Any sequence of create, read, submit and duplicate fits the model",
        "1-4",
    ),
    (
        "schema.no_5xx",
        "No generated GraphQL request gets a 5xx or an internal error",
        "6,7",
    ),
    ("schema.conforms", "Every answer fits the published schema", "1"),
)

_BRACKETED = re.compile(r"\[([a-z]+\.[a-z0-9_]+)\]")


class ContractFailure(AssertionError):
    """An answer broke a contract rule; the message starts with the rule id."""

    def __init__(self, rule_id: str, message: str):
        title = RULES[rule_id].title
        super().__init__(f"[{rule_id}] {title}: {message}")
        self.rule = rule_id


def rule(rule_id: str) -> Rule:
    """The rule named ``rule_id``; KeyError lists the known ids when it is unknown."""
    try:
        return RULES[rule_id]
    except KeyError:
        raise KeyError(
            f"unknown rule id {rule_id!r}; known: {', '.join(RULES)}"
        ) from None


def check(condition: object, rule_id: str, message: str) -> None:
    """Raise ContractFailure for ``rule_id`` with ``message`` unless ``condition``."""
    rule(rule_id)
    if not condition:
        raise ContractFailure(rule_id, message)


def rules_named_in(text: str) -> list[str]:
    """The known rule ids quoted as ``[id]`` in ``text``, in order, without repeats."""
    found: list[str] = []
    for match in _BRACKETED.finditer(text):
        if match.group(1) in RULES and match.group(1) not in found:
            found.append(match.group(1))
    return found
