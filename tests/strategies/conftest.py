"""Shared set-up of the strategy tests.

schemathesis's pytest plugin blanks Hypothesis's failing-example report; the
masking tests must see that report, so it is restored for the session (the
root conftest.py may do the same; doing it twice is harmless).
"""

from strategies.printing import restore_example_printing

restore_example_printing()
