"""Contract suites of the Lead API; run them with ``pytest tests_contract``."""
