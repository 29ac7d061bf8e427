"""The ``leadharness`` command line: one module per command group."""
