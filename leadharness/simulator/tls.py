"""A throwaway certificate authority and server certificate for 127.0.0.1.

msal insists on an https authority, so the simulator serves TLS with a CA made
at start; clients trust it through the CA file (``ca_file``), never by turning
verification off.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import trustme

__all__ = ["TlsFiles", "make_tls_files"]


@dataclass(frozen=True)
class TlsFiles:
    """Where the CA and the server's certificate and key were written."""

    ca_file: Path
    cert_file: Path
    key_file: Path


def make_tls_files(directory: Path) -> TlsFiles:
    """Create a CA and a server certificate for localhost names in ``directory``."""
    ca = trustme.CA(organization_name="leadharness local simulator CA")
    server = ca.issue_cert("127.0.0.1", "localhost", "::1")
    files = TlsFiles(
        ca_file=directory / "simulator-ca.pem",
        cert_file=directory / "simulator-server.pem",
        key_file=directory / "simulator-server-key.pem",
    )
    ca.cert_pem.write_to_path(str(files.ca_file))
    server.cert_chain_pems[0].write_to_path(str(files.cert_file))
    for extra in server.cert_chain_pems[1:]:
        extra.write_to_path(str(files.cert_file), append=True)
    server.private_key_pem.write_to_path(str(files.key_file))
    files.key_file.chmod(0o600)
    return files
