"""A local simulator of the Lead API and of Entra ID, for every suite and load run.

    from leadharness.simulator import SimulatorConfig, start_simulator

    with start_simulator(SimulatorConfig(time_scale=0.01)) as sim:
        settings = sim.settings()   # point the harness at it

It serves the client-credentials grant on HTTPS (a throwaway CA made at
start; its PEM is ``sim.ca_file``) and POST /graphql on both HTTPS and plain
HTTP. See ``config.py`` for every knob and ``defects.py`` for the deliberate
bugs a suite can be proven against.
"""

from leadharness.simulator.config import (
    DEFAULT_CLIENT_ID,
    DEFAULT_CLIENT_SECRET,
    SimulatorConfig,
)
from leadharness.simulator.defects import DEFECTS
from leadharness.simulator.embedded import RunningSimulator, start_simulator

__all__ = [
    "DEFAULT_CLIENT_ID",
    "DEFAULT_CLIENT_SECRET",
    "DEFECTS",
    "RunningSimulator",
    "SimulatorConfig",
    "start_simulator",
]
