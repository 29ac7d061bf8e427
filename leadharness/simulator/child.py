"""Entry point of a simulator child process (``start_simulator(subprocess=True)``).

The parent writes the config as one JSON line on stdin and keeps stdin open;
the child answers with one JSON line saying where it listens, then serves
until stdin closes (the parent stopped it, or died) or it gets SIGTERM.
"""

from __future__ import annotations

import json
import signal
import sys
import threading

from leadharness.errors import HarnessError
from leadharness.simulator.config import SimulatorConfig
from leadharness.simulator.embedded import start_simulator


def _wait_for_eof(done: threading.Event) -> None:
    sys.stdin.read()
    done.set()


def main() -> int:
    """Run one simulator for the parent process; return the exit code."""
    try:
        config = SimulatorConfig.from_json(json.loads(sys.stdin.readline()))
        running = start_simulator(config)
    except (HarnessError, ValueError, TypeError) as exc:
        print(f"simulator: {exc}", file=sys.stderr)
        return 2
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    threading.Thread(target=_wait_for_eof, args=(done,), daemon=True).start()
    print(json.dumps(running.describe()), flush=True)
    try:
        done.wait()
    except KeyboardInterrupt:
        pass
    running.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
