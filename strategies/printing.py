"""Keep Hypothesis's failing-example report readable when schemathesis is loaded.

schemathesis (4.x, ``schemathesis/generation/hypothesis/__init__.py``,
``setup()``) replaces ``hypothesis.core.RepresentationPrinter`` with a
subclass whose ``pretty()`` prints nothing, to speed up its own runs. Its
pytest plugin is registered by entry point, so in any pytest session of this
project a failing ``@given`` test reports ``Failing test case: test(lead=,)``:
the minimal example the contract report must show is lost. Hypothesis has no
hook for its printer, so the fix is to swap the class back after
schemathesis has made its patch (its ``setup()`` runs once and never again).

LeadPayload masks itself in the restored printer, so no personal value comes
back with the examples. Remove this module when schemathesis stops patching
the printer (check ``setup()`` in the installed version).
"""

from __future__ import annotations

import logging

__all__ = ["restore_example_printing"]

logger = logging.getLogger("strategies")


def restore_example_printing() -> bool:
    """Undo schemathesis's blank printer; True when there was something to undo.

    Safe to call any number of times and without schemathesis installed.
    Call it once per process, e.g. at the top of the root conftest.py.
    """
    from hypothesis import core
    from hypothesis.vendor import pretty

    try:
        from schemathesis.generation.hypothesis import setup
    except ImportError:
        return False
    setup()  # make schemathesis patch now, so nothing re-patches after us
    if core.RepresentationPrinter is pretty.RepresentationPrinter:
        return False
    core.RepresentationPrinter = pretty.RepresentationPrinter  # type: ignore[misc]
    logger.debug("restored Hypothesis's example printer after schemathesis")
    return True
