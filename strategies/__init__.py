"""Hypothesis strategies for the Lead API's LeadInput, valid and invalid.

Valid leads (:func:`valid_leads`) fit the SDL and every domain rule, are
synthetic (never-issued SSNs, fictional phones, reserved domains,
documentation IPs) and unique per run (no accidental duplicate, 1003).
Targeted leads (:func:`lead_for_code`) produce a chosen result code through
a persona file; :func:`duplicate_of` makes deliberate duplicates. Invalid
leads (:func:`invalid_leads`) carry their violations as data
(:class:`InvalidLead`, :class:`InputViolation`). Every lead is a
:class:`LeadPayload`, a dict whose printed forms mask personal fields;
:func:`mask` does the same for any structure. :class:`LeadFactory` makes
valid leads without Hypothesis, fast enough for load generation.

Importing :mod:`strategies.profiles` registers the dev, ci and nightly
Hypothesis profiles; :func:`strategies.printing.restore_example_printing`
undoes schemathesis's blanking of Hypothesis's failing-example report.

    >>> from hypothesis import given
    >>> from strategies import valid_leads
    >>> @given(valid_leads())
    ... def test_create(lead): ...
"""

from strategies.factory import LeadFactory
from strategies.hostile import hostile_valid_leads
from strategies.invalid import (
    InputViolation,
    InvalidLead,
    invalid_leads,
    violation_rules,
)
from strategies.leads import LEAD_FIELDS, duplicate_of, near_duplicate_of, valid_leads
from strategies.payload import MASKED_FIELDS, LeadPayload, mask, mask_text
from strategies.personas import lead_for_code, persona_codes

__all__ = [
    "LEAD_FIELDS",
    "MASKED_FIELDS",
    "InputViolation",
    "InvalidLead",
    "LeadFactory",
    "LeadPayload",
    "duplicate_of",
    "hostile_valid_leads",
    "invalid_leads",
    "lead_for_code",
    "mask",
    "mask_text",
    "near_duplicate_of",
    "persona_codes",
    "valid_leads",
    "violation_rules",
]
