"""Contract and load testing harness for the Marketing Lead Automation Service."""

__version__ = "0.1.0"
