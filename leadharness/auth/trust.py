"""The trust store for TLS: the public roots plus an extra CA bundle.

``LEAD_CA_BUNDLE`` adds a CA (the simulator's throwaway one, a corporate
proxy's) to the public roots rather than replacing them, so the same
settings still reach the real Entra ID host. httpx takes an SSL context;
msal's ``requests`` session takes a file, so a combined file is written once
per process and removed at exit.
"""

from __future__ import annotations

import atexit
import os
import ssl
import tempfile
import threading
from functools import cache
from pathlib import Path

import certifi

from leadharness.errors import ConfigError

__all__ = ["ssl_context", "trust_file"]

_lock = threading.Lock()


def ssl_context(ca_bundle: Path | None) -> ssl.SSLContext:
    """A client SSL context trusting the public roots and ``ca_bundle``."""
    context = ssl.create_default_context(cafile=certifi.where())
    if ca_bundle is not None:
        try:
            context.load_verify_locations(cafile=str(ca_bundle))
        except (OSError, ssl.SSLError) as exc:
            raise ConfigError(
                f"LEAD_CA_BUNDLE {ca_bundle} is not a usable CA file "
                f"({exc.strerror or exc}); give the PEM of the CA that signed the "
                "target's certificate (`leadharness simulator` prints its own)"
            ) from None
    return context


@cache
def _combined(ca_bundle: Path, mtime: float) -> Path:
    with _lock:
        handle, name = tempfile.mkstemp(prefix="leadharness-ca-", suffix=".pem")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(Path(certifi.where()).read_text(encoding="utf-8"))
            out.write("\n")
            out.write(ca_bundle.read_text(encoding="utf-8"))
        atexit.register(Path(name).unlink, missing_ok=True)
        return Path(name)


def trust_file(ca_bundle: Path) -> Path:
    """A PEM file holding the public roots and ``ca_bundle``, for ``requests``."""
    path = Path(ca_bundle).resolve()
    return _combined(path, path.stat().st_mtime)
