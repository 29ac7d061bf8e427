"""Domain rules for LeadInput: what the schema's types cannot say.

The schema only knows that ``zipCode`` is a String; these rules say it is five
digits. The simulator answers a broken rule with a BAD_USER_INPUT error naming
the field, the strategies generate values on both sides of each rule, and the
contract suites quote the rule's name when a target disagrees. The bounds are
the project's assumptions (the onboarding document gives examples, not
limits); change them here and every layer follows.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass

__all__ = [
    "ADULT_AGE",
    "ID_RANGES",
    "AMOUNT_RANGES",
    "MAX_LENGTHS",
    "US_STATES",
    "Violation",
    "adult_cutoff",
    "check_lead",
]

ADULT_AGE = 18
OLDEST_BIRTH_YEAR = 1900

US_STATES = frozenset(
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO "
    "MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY".split()
)

# Inclusive ranges of the four enumerated ids.
ID_RANGES: dict[str, tuple[int, int]] = {
    "incomeSourceId": (1, 6),
    "residenceTypeId": (1, 4),
    "payFrequencyId": (1, 4),
    "loanPurposeId": (1, 10),
}

# Inclusive ranges of the money fields, in US dollars.
AMOUNT_RANGES: dict[str, tuple[float, float]] = {
    "monthlyIncome": (0, 1_000_000),
    "loanAmount": (100, 1_000_000),
    "estimatedDebt": (0, 10_000_000),
}

# Longest accepted value of each free-text field, in characters.
MAX_LENGTHS: dict[str, int] = {
    "firstName": 50,
    "lastName": 50,
    "address1": 100,
    "city": 50,
    "email": 254,
    "siteURL": 255,
    "leadId": 64,
}

# re.ASCII: "digits" means 0-9; without it \d also takes fullwidth and
# Arabic-Indic digits, which no ZIP, SSN or phone system accepts.
_PHONE = re.compile(r"[2-9]\d{2}[2-9]\d{6}", re.ASCII)
_ZIP = re.compile(r"\d{5}", re.ASCII)
_SSN = re.compile(r"\d{9}", re.ASCII)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_EMAIL = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
)
_AFFILIATE = re.compile(
    r"\d{6}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.ASCII
)
_SITE = re.compile(
    r"(?:https?://)?[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?:[/?#]\S*)?"
)


@dataclass(frozen=True)
class Violation:
    """One broken domain rule: which field, which rule, and a message for people."""

    field: str
    rule: str
    message: str


def adult_cutoff(today: dt.date | None = None) -> dt.date:
    """The latest date of birth that is 18 today (29 February maps to 28)."""
    today = today or dt.date.today()
    try:
        return today.replace(year=today.year - ADULT_AGE)
    except ValueError:
        return today.replace(year=today.year - ADULT_AGE, day=28)


def _has_control(value: str) -> bool:
    return any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co") for ch in value)


def _text(field: str, value: str) -> Violation | None:
    if not value.strip():
        return Violation(field, "not_blank", f"{field} must not be blank")
    if len(value) > MAX_LENGTHS[field]:
        limit = MAX_LENGTHS[field]
        return Violation(
            field, "max_length", f"{field} must be at most {limit} characters"
        )
    if _has_control(value):
        return Violation(
            field,
            "no_control_chars",
            f"{field} must not contain control or format characters",
        )
    return None


def _pattern(
    regex: re.Pattern[str], rule: str, hint: str
) -> Callable[[str, str], Violation | None]:
    def check(field: str, value: str) -> Violation | None:
        if regex.fullmatch(value):
            return None
        return Violation(field, rule, f"{field} must be {hint}")

    return check


def _date_of_birth(field: str, value: str, today: dt.date) -> Violation | None:
    if not _DATE.fullmatch(value):
        return Violation(field, "iso_date", f"{field} must be a date as YYYY-MM-DD")
    try:
        born = dt.date.fromisoformat(value)
    except ValueError:
        return Violation(field, "iso_date", f"{field} must be a real calendar date")
    if born > today:
        return Violation(field, "not_future", f"{field} must not be in the future")
    if born.year < OLDEST_BIRTH_YEAR:
        return Violation(
            field, "plausible_age", f"{field} must be in {OLDEST_BIRTH_YEAR} or later"
        )
    if born > adult_cutoff(today):
        return Violation(
            field, "adult", f"{field} must make the applicant {ADULT_AGE} or older"
        )
    return None


def _email(field: str, value: str) -> Violation | None:
    if len(value) > MAX_LENGTHS[field]:
        return Violation(field, "max_length", f"{field} must be at most 254 characters")
    local = value.split("@", 1)[0]
    if not _EMAIL.fullmatch(value) or len(local) > 64:
        return Violation(
            field, "email", f"{field} must be an email address like name@example.com"
        )
    return None


def _ip(field: str, value: str) -> Violation | None:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return Violation(
            field, "ip_address", f"{field} must be an IPv4 or IPv6 address"
        )
    return None


def _ssn(field: str, value: str) -> Violation | None:
    if not _SSN.fullmatch(value):
        return Violation(
            field, "ssn_digits", f"{field} must be nine digits without dashes"
        )
    if value[:3] == "000" or value[3:5] == "00" or value[5:] == "0000":
        return Violation(
            field, "ssn_blocks", f"{field} must not have an all-zero block"
        )
    return None


def _state(field: str, value: str) -> Violation | None:
    if value in US_STATES:
        return None
    return Violation(
        field, "us_state", f"{field} must be a two-letter US state code like OH"
    )


def _site(field: str, value: str) -> Violation | None:
    return _text(field, value) or (
        None
        if _SITE.fullmatch(value)
        else Violation(
            field, "site_url", f"{field} must be a host name or URL like fake.com"
        )
    )


_STRING_RULES: dict[str, Callable[[str, str], Violation | None]] = {
    "firstName": _text,
    "lastName": _text,
    "address1": _text,
    "city": _text,
    "leadId": _text,
    "email": _email,
    "homePhone": _pattern(
        _PHONE, "nanp_phone", "ten digits with area code and exchange 2-9"
    ),
    "zipCode": _pattern(_ZIP, "zip5", "five digits"),
    "socialSecurityNumber": _ssn,
    "state": _state,
    "clientIP": _ip,
    "siteURL": _site,
    "affiliateAppID": _pattern(
        _AFFILIATE, "affiliate_id", "six digits, a dash and a UUID"
    ),
}


def _number(field: str, value: float, low: float, high: float) -> Violation | None:
    if low <= value <= high:
        return None
    return Violation(
        field, "range", f"{field} must be between {low:,.0f} and {high:,.0f}"
    )


def check_lead(
    lead: Mapping[str, object], today: dt.date | None = None
) -> list[Violation]:
    """Every domain rule ``lead`` breaks, in field order; empty when it is valid.

    ``lead`` must already fit the schema (types and required fields); this
    checks only what the schema cannot express.
    """
    today = today or dt.date.today()
    found: list[Violation] = []
    for field, value in lead.items():
        violation: Violation | None = None
        if field == "dateOfBirth" and isinstance(value, str):
            violation = _date_of_birth(field, value, today)
        elif field in _STRING_RULES and isinstance(value, str):
            violation = _STRING_RULES[field](field, value)
        elif field in ID_RANGES and isinstance(value, int):
            violation = _number(field, value, *ID_RANGES[field])
        elif field in AMOUNT_RANGES and isinstance(value, (int, float)):
            violation = _number(field, float(value), *AMOUNT_RANGES[field])
        if violation:
            found.append(violation)
    return found
