# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Simulator fixtures: each test gets a fresh simulator and a Flask test client for it."""
from __future__ import annotations

import pytest

from ansible_collections.contactcenter.agents.tests.simulators.brightpattern import BrightPatternSimulator
from ansible_collections.contactcenter.agents.tests.simulators.cec import CecSimulator


@pytest.fixture
def cec_sim():
    sim = CecSimulator()
    return sim, sim.create_app().test_client()


@pytest.fixture
def bp_sim():
    """The Bright Pattern tests pin their switch where it matters and otherwise read the docs leniently (the
    ``lenient`` dialect); the defaults (the ``inconvenient`` dialect) have their own tests."""
    sim = BrightPatternSimulator(dialect="lenient")
    return sim, sim.create_app().test_client()
