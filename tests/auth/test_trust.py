"""The trust store refuses a CA file it cannot load with a ConfigError, not ssl's."""

from __future__ import annotations

import pytest

from leadharness.auth import ssl_context
from leadharness.errors import ConfigError


def test_a_broken_pem_is_a_config_error_naming_the_file(tmp_path) -> None:
    broken = tmp_path / "ca.pem"
    broken.write_text(
        "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n"
    )
    with pytest.raises(ConfigError, match="LEAD_CA_BUNDLE .*ca.pem"):
        ssl_context(broken)
