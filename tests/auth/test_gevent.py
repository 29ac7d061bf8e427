"""Under Locust's gevent patching, greenlets share one token acquisition."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

# Run in a child interpreter: gevent's monkey-patching must come first and
# must not leak into this pytest process. The simulator runs as a grandchild
# process so the patched loop never reaches its server.
SCRIPT = textwrap.dedent("""
    from gevent import monkey
    monkey.patch_all()

    import json
    import gevent
    from leadharness.auth import TokenProvider
    from leadharness.simulator import SimulatorConfig, start_simulator

    with start_simulator(SimulatorConfig(time_scale=0.01), subprocess=True) as sim:
        with TokenProvider(sim.settings()) as tokens:
            jobs = [gevent.spawn(tokens.token) for _ in range(25)]
            gevent.joinall(jobs, timeout=30, raise_error=True)
            seen = {job.value for job in jobs}
            done = sum(job.successful() for job in jobs)
            print(json.dumps({"distinct": len(seen), "done": done,
                              "acquisitions": tokens.acquisitions}))
""")


@pytest.mark.slow
def test_greenlets_share_one_acquisition():
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=90
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"distinct": 1, "acquisitions": 1, "done": 25}
