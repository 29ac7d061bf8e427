"""Benchmarks: each ``bench_*.py`` module has a ``main()`` that prints figures.

Figures, never asserts: timing belongs here, not in the test suites. Run them
all with ``python -m bench`` or one with ``python -m bench.bench_simulator``.
"""
