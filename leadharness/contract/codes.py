"""The documented result codes, with what each one means for a client.

Every code the onboarding document lists is here with its name, its kind and
the two facts a workflow acts on: whether the code is final (it will never
change on its own) and whether the lead may be submitted to the CRM.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

__all__ = [
    "CodeKind",
    "ResultCode",
    "RESULT_CODES",
    "PROCESSING_CODES",
    "QUALIFIED_CODES",
    "SUBMIT_CODES",
    "describe",
    "is_documented",
    "lookup",
]


class CodeKind(enum.StrEnum):
    """The families the onboarding document groups result codes into."""

    PROCESSING = "processing"
    DUPLICATE = "duplicate"
    FAILURE = "failure"
    QUALIFIED = "qualified"
    OTHER = "other"
    CRM = "crm"
    ERROR = "error"


@dataclass(frozen=True)
class ResultCode:
    """One documented result code."""

    code: int
    name: str
    kind: CodeKind
    description: str

    @property
    def final(self) -> bool:
        """True when the service will not move the lead on by itself.

        Processing codes settle later; a qualified code only moves when the
        client submits it (to 1021), so it counts as final for polling.
        """
        return self.kind is not CodeKind.PROCESSING

    @property
    def submit_eligible(self) -> bool:
        """True for the qualified codes 1013-1017, the only ones submitLead takes."""
        return self.kind is CodeKind.QUALIFIED


def _code(code: int, name: str, kind: CodeKind, description: str) -> ResultCode:
    return ResultCode(code, name, kind, description)


_P, _D, _F = CodeKind.PROCESSING, CodeKind.DUPLICATE, CodeKind.FAILURE
_Q, _O, _C, _E = CodeKind.QUALIFIED, CodeKind.OTHER, CodeKind.CRM, CodeKind.ERROR

RESULT_CODES: dict[int, ResultCode] = {
    rc.code: rc
    for rc in (
        _code(1000, "SUBMITTED_PROCESSING", _P, "Lead submitted and processing"),
        _code(
            1001,
            "UNIQUE_PROCESSING_COMPLETE",
            _P,
            "Lead is unique, processing complete",
        ),
        _code(
            1003,
            "DUPLICATE_LEAD",
            _D,
            "Duplicate lead found (workflow stops immediately)",
        ),
        _code(1004, "DUPLICATE_LEAD_CRM", _D, "Duplicate lead found in the CRM"),
        _code(1006, "MONEVO_FAILED", _F, "Monevo processing failed (workflow stops)"),
        _code(
            1007,
            "TRUSTEDFORM_FAILED",
            _F,
            "TrustedForm processing failed (workflow stops)",
        ),
        _code(1008, "BID_FAILED", _F, "Bid processing failed (workflow stops)"),
        _code(
            1013,
            "PRODUCT_CODE_3225",
            _Q,
            "Debt over 15,000 and Vantage score above 600",
        ),
        _code(
            1014,
            "PRODUCT_CODE_3226",
            _Q,
            "Debt over 20,000 and Vantage score above 450",
        ),
        _code(
            1015,
            "PRODUCT_CODE_3227",
            _Q,
            "Debt over 30,000 and Vantage score above 450",
        ),
        _code(
            1016,
            "PRODUCT_CODE_3228",
            _Q,
            "Debt over 40,000 and Vantage score above 450",
        ),
        _code(
            1017,
            "PRODUCT_CODE_3229",
            _Q,
            "Debt over 50,000 and Vantage score above 450",
        ),
        _code(1018, "PRODUCT_CODE_3288", _O, "Credit file unknown or not found"),
        _code(
            1019,
            "PRODUCT_CODE_3289",
            _O,
            "Debt over 15,000 and Vantage score below 450",
        ),
        _code(1021, "CRM_SUBMITTED", _C, "Lead submitted to the CRM"),
        _code(
            1022, "PREVIOUSLY_SUBMITTED_CRM", _C, "Lead previously submitted to the CRM"
        ),
        _code(9999, "PROCESSING_ERROR", _E, "Error occurred during processing"),
    )
}

PROCESSING_CODES = frozenset(c for c, rc in RESULT_CODES.items() if rc.kind is _P)
QUALIFIED_CODES = frozenset(c for c, rc in RESULT_CODES.items() if rc.kind is _Q)
SUBMIT_CODES = frozenset({1021, 1022})


def is_documented(code: object) -> bool:
    """True when ``code`` is an int the onboarding document lists."""
    return isinstance(code, int) and not isinstance(code, bool) and code in RESULT_CODES


def lookup(code: int) -> ResultCode:
    """The entry for ``code``; raises KeyError naming the code if undocumented."""
    try:
        return RESULT_CODES[code]
    except KeyError:
        raise KeyError(f"result code {code!r} is not documented") from None


def describe(code: int) -> str:
    """``1013 PRODUCT_CODE_3225`` when documented, ``1234 (undocumented)`` else."""
    entry = RESULT_CODES.get(code)
    return f"{code} {entry.name}" if entry else f"{code!r} (undocumented)"
