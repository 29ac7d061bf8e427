"""A Postman collection written from the onboarding document passes with Newman.

Only base_url and the login host change (plus the simulator's local client
id and secret); the CA is handed to Newman with --ssl-extra-ca-certs. Skips
when ``newman`` is not on PATH (CI: ``npm install -g newman``).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from leadharness.settings import read_postman

from .helpers import start

COLLECTION = Path(__file__).parent / "data" / "lead-api.postman_collection.json"


def test_collection_carries_the_onboarding_variables() -> None:
    found = read_postman(COLLECTION)
    assert found["tenant_id"] == "8797fa3f-ba90-4187-97fb-6ab892ea9035"
    assert found["base_url"] == "https://leads-sandbox.alleviate.com"


@pytest.mark.skipif(
    shutil.which("newman") is None,
    reason="newman is not on PATH; install it with npm install -g newman",
)
def test_newman_runs_the_collection_unchanged(tmp_path: Path) -> None:
    report = tmp_path / "newman.json"
    with start() as sim:
        result = subprocess.run(
            [
                "newman",
                "run",
                str(COLLECTION),
                "--env-var",
                f"base_url={sim.base_url}",
                "--env-var",
                f"login_url={sim.login_url}",
                "--env-var",
                f"client_app_id={sim.client_id}",
                "--env-var",
                f"client_secret={sim.client_secret}",
                "--ssl-extra-ca-certs",
                str(sim.ca_file),
                "--reporters",
                "json",
                "--reporter-json-export",
                str(report),
            ],
            capture_output=True,
            check=False,
            text=True,
            timeout=120,
        )
    stats = json.loads(report.read_text())["run"]["stats"]
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert stats["requests"] == {"total": 4, "pending": 0, "failed": 0}
    assert stats["assertions"]["failed"] == 0
    assert stats["assertions"]["total"] >= 9
