"""Deliberate bugs the simulator can carry, one per contract rule.

A contract suite is only worth running if it fails on a target that breaks the
contract. Each defect below breaks exactly one rule so that the suites (and
their own tests) can prove they notice; ``SimulatorConfig(defect=NAME)`` or
``leadharness simulator --defect NAME`` switches one on.
"""

from __future__ import annotations

__all__ = ["DEFECTS", "describe_defects"]

DEFECTS: dict[str, str] = {
    "undocumented-code": "createLead answers 1234 where it would answer 1008",
    "status-other-lead": "getLeadStatus answers another lead's id and partnerLeadId",
    "submit-unqualified": "submitLead is accepted for codes outside 1013-1017",
    "resubmit-1021": "a second submitLead answers 1021 again instead of 1022",
    "resubmit-new-record": "a second submitLead answers 1022 with a new crmRecordId",
    "no-duplicates": "duplicate detection by phone and email is off",
    "auth-off": "a missing or invalid bearer token is served anyway",
    "wrong-audience-accepted": "the token's audience is not checked",
    "tampered-signature-accepted": "the token's signature is not checked",
    "expired-accepted": "the token's expiry is not checked",
    "5xx-on-bad-input": "a domain rule violation is answered with HTTP 500",
    "missing-field": "createLead answers partnerLeadId: null",
    "id-not-echoed": "partnerLeadId differs from the input's leadId",
    "final-code-changes": "a final code such as 1008 reads differently later",
    "not-found-500": "an unknown id is answered with HTTP 500",
    "not-found-empty": "an unknown id is answered with a lead of empty fields",
    "refused-submit-changes-status": "a refused submitLead moves the status to 1021",
    "invalid-creates-lead": "domain rules are not checked: invalid input gets a lead",
    "negative-bid": "bidValue is negative",
    "stuck-processing": "1000 and 1001 never settle",
}


def describe_defects() -> str:
    """One line per defect: its name and what it breaks."""
    width = max(len(name) for name in DEFECTS)
    return "\n".join(f"{name:<{width}}  {text}" for name, text in DEFECTS.items())
