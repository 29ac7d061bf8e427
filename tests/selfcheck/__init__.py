"""The defect self-check: the contract suites must catch every simulator defect."""
