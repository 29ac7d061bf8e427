"""Sources of personal-looking values that can never describe a real person.

Every value here comes from a block that is reserved, never issued or
documentation-only, so a generated lead cannot match anyone's record:

- SSNs: area 900-999 with group 01-49 (the 9xx area is never issued as an
  SSN, and ITINs use groups 50-65, 70-88, 90-92 and 94-99), or area 666
  (never issued). The 900-01 block is left out because the simulator's
  personas live there (``900011013`` and so on), so a plain lead never
  triggers a persona by accident.
- Phones: ``NPA-555-0100`` to ``NPA-555-0199``, the lines the North American
  Numbering Plan reserves for fiction in every area code; they still pass the
  NANP rule (area code and exchange start with 2-9).
- Emails: the reserved second-level domains ``example.com/.net/.org``
  (RFC 2606) and the reserved ``.test`` TLD, or domains set with
  ``LEAD_SYNTHETIC_EMAIL_DOMAINS`` (comma separated) for a sandbox that
  refuses reserved domains.
- Client IPs: the documentation networks 192.0.2.0/24, 198.51.100.0/24,
  203.0.113.0/24 (RFC 5737) and 2001:db8::/32 (RFC 3849).

Uniqueness: a lead is a duplicate (1003) when its phone AND email match an
earlier one, so every email carries a tag made of a random per-process run
token, the process id and a counter; the tag never repeats within a run, nor
across parallel workers or later runs. Phones walk the fictional space
(70,500 numbers) in a per-process shuffled order so they also vary widely and
do not repeat within a process. The tag and walk are side effects of drawing,
not choices Hypothesis makes: a replayed or shrunk example gets a fresh email,
which is what a stateful target needs (the first attempt's lead exists).
"""

from __future__ import annotations

import ipaddress
import itertools
import os
import random
import secrets

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from leadharness.contract.rules import check_lead
from leadharness.errors import ConfigError

__all__ = [
    "DEFAULT_EMAIL_DOMAINS",
    "DOCUMENTATION_NETWORKS",
    "FICTIONAL_AREA_CODES",
    "client_ips",
    "email_address",
    "email_domains",
    "is_documentation_ip",
    "is_fictional_phone",
    "is_synthetic_ssn",
    "next_phone",
    "next_serial",
    "phone_at",
    "random_ip",
    "run_token",
    "ssns",
    "unique_tag",
]

DEFAULT_EMAIL_DOMAINS: tuple[str, ...] = (
    "example.com",
    "example.net",
    "example.org",
    "mail.example.com",
    "leads.test",
)
EMAIL_DOMAINS_VARIABLE = "LEAD_SYNTHETIC_EMAIL_DOMAINS"

DOCUMENTATION_NETWORKS = tuple(
    ipaddress.ip_network(net)
    for net in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32")
)

# Area codes shaped like geographic NPAs: no N11 service codes, no N9X
# (reserved for expansion), no toll-free codes (unlikely as a home phone).
_TOLL_FREE = {800, 833, 844, 855, 866, 877, 888}
FICTIONAL_AREA_CODES: tuple[int, ...] = tuple(
    npa
    for npa in range(200, 1000)
    if (npa // 10) % 10 != 9 and npa % 100 != 11 and npa not in _TOLL_FREE
)
_PHONE_SPACE = len(FICTIONAL_AREA_CODES) * 100
# A stride coprime with the space visits every number once per cycle.
_PHONE_STRIDE = 7919  # prime; 70,500 = 2^2 * 3 * 5^3 * 47


class _RunState:
    """Per-process run token, counter and phone-walk offset; renewed after fork."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
        self.token = "".join(secrets.choice(alphabet) for _ in range(6))
        self.pid = os.getpid()
        self.counter = itertools.count(1)
        self.phone_offset = secrets.randbelow(_PHONE_SPACE)


_STATE = _RunState()
os.register_at_fork(after_in_child=_STATE.reset)


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if not number:
            return out


def run_token() -> str:
    """This process's random run token (six lowercase letters and digits)."""
    return _STATE.token


def next_serial() -> int:
    """A number never returned before in this process (thread- and gevent-safe)."""
    # next() on itertools.count is atomic under the GIL and never yields.
    return next(_STATE.counter)


def unique_tag(serial: int | None = None) -> str:
    """``<run token>-<pid>-<serial>`` in base 36; unique per run, worker and draw."""
    number = next_serial() if serial is None else serial
    return f"{_STATE.token}-{_base36(_STATE.pid)}-{_base36(number)}"


# -- SSNs -----------------------------------------------------------------


def is_synthetic_ssn(ssn: str) -> bool:
    """True when ``ssn`` is nine digits in a never-issued, non-ITIN block."""
    if len(ssn) != 9 or not (ssn.isascii() and ssn.isdigit()):
        return False
    area, group, serial = int(ssn[:3]), int(ssn[3:5]), int(ssn[5:])
    if group == 0 or serial == 0:
        return False
    return area == 666 or (area >= 900 and group <= 49)


def _ssn(area_step: int, group: int, serial: int) -> str:
    # Steps 0-99 are areas 900-999; 100-109 (about one in eleven) area 666.
    area = 666 if area_step >= 100 else 900 + area_step
    if area == 900 and group == 1:
        group = 2  # 900-01 is the persona block
    return f"{area:03d}{group:02d}{serial:04d}"


def ssns() -> st.SearchStrategy[str]:
    """Nine-digit SSNs from never-issued blocks, outside the persona block.

    One shape for every block, so shrinking heads for ``900020001`` rather
    than whichever block needs fewer choices.
    """
    return st.builds(
        _ssn, st.integers(0, 109), st.integers(1, 49), st.integers(1, 9999)
    )


# -- phones ---------------------------------------------------------------


def phone_at(index: int) -> str:
    """The ``index``-th fictional phone, ``NPA5550100`` + line (0 <= index < 70,500)."""
    npa, line = divmod(index % _PHONE_SPACE, 100)
    return f"{FICTIONAL_AREA_CODES[npa]}55501{line:02d}"


def next_phone() -> str:
    """The next phone of this process's shuffled walk; no repeat for 70,500 draws."""
    return phone_at(_STATE.phone_offset + next_serial() * _PHONE_STRIDE)


def is_fictional_phone(phone: str) -> bool:
    """True when ``phone`` is ten digits ``NPA-555-01XX`` with a valid area code."""
    return (
        len(phone) == 10
        and phone.isascii()
        and phone.isdigit()
        and int(phone[:3]) in FICTIONAL_AREA_CODES
        and phone[3:8] == "55501"
    )


# -- emails ---------------------------------------------------------------


def email_domains(
    domains: tuple[str, ...] | list[str] | None = None,
) -> tuple[str, ...]:
    """The email domains to use: ``domains``, else the variable, else the defaults.

    A domain that would not make a valid email under the contract's rules is
    refused, naming it: ConfigError when it came from the variable,
    InvalidArgument when it was passed in.
    """
    if domains is None:
        configured = os.environ.get(EMAIL_DOMAINS_VARIABLE, "")
        domains = [d.strip() for d in configured.split(",") if d.strip()]
        source = EMAIL_DOMAINS_VARIABLE
    else:
        source = "email_domains"
    chosen = tuple(domains) or DEFAULT_EMAIL_DOMAINS
    for domain in chosen:
        if not isinstance(domain, str) or check_lead({"email": f"lead@{domain}"}):
            error = ConfigError if source == EMAIL_DOMAINS_VARIABLE else InvalidArgument
            raise error(
                f"{source}: {domain!r} is not a domain an email can use; "
                "give host names like example.com or leads.test"
            )
    return chosen


def email_address(local: str, domain: str, tag: str) -> str:
    """``local.tag@domain``, trimming ``local`` so the local part stays <= 64."""
    room = 64 - len(tag) - 1
    local = local[:room].rstrip(".")
    return f"{local}.{tag}@{domain}" if local else f"{tag}@{domain}"


# -- client IPs -----------------------------------------------------------


def is_documentation_ip(address: str) -> bool:
    """True when ``address`` lies in one of the documentation-only networks."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in DOCUMENTATION_NETWORKS if net.version == ip.version)


def _ipv4(network: int, host: int) -> str:
    return str(DOCUMENTATION_NETWORKS[network][host])


def _ipv6(high: int, low: int) -> str:
    net = DOCUMENTATION_NETWORKS[3]
    return str(net.network_address + ((high << 64) | low))


def client_ips(*, ipv6: bool = True) -> st.SearchStrategy[str]:
    """Browser addresses from the documentation networks; mostly IPv4.

    Shrinks towards ``192.0.2.1``. With ``ipv6=False`` only IPv4 is drawn.
    """
    v4 = st.builds(_ipv4, st.integers(0, 2), st.integers(1, 254))
    if not ipv6:
        return v4
    v6 = st.builds(_ipv6, st.integers(0, 2**32 - 1), st.integers(1, 2**64 - 1))
    return st.one_of(v4, v4, v4, v6)


def random_ip(rng: random.Random) -> str:
    """A documentation-network IPv4 address drawn with ``rng`` (no Hypothesis)."""
    return _ipv4(rng.randrange(3), rng.randint(1, 254))
