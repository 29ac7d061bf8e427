"""Run every ``bench/bench_*.py`` module's ``main()`` in turn and print its figures."""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
from pathlib import Path


def main() -> int:
    """Run each benchmark; a failing one is reported and the rest still run."""
    here = Path(__file__).parent
    names = sorted(
        m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_")
    )
    failed = 0
    for name in names:
        print(f"== {name}", flush=True)
        began = time.perf_counter()
        try:
            importlib.import_module(f"bench.{name}").main()
        except Exception as exc:  # noqa: BLE001 - one broken bench must not hide others
            failed += 1
            print(f"{name} failed: {exc}", file=sys.stderr)
        print(f"   ({time.perf_counter() - began:.1f} s)", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
