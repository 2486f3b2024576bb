# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Engine fixtures."""
from __future__ import annotations

import pytest

from ansible_collections.contactcenter.agents.plugins.module_utils._adapter import Batch
from ansible_collections.contactcenter.agents.plugins.module_utils._runner import Runner
from ansible_collections.contactcenter.agents.tests.unit.plugins.module_utils.toy import TOY, MemoryAdapter, defaults


@pytest.fixture
def run():
    """run(records, check_mode=False, **params) -> (results, adapter, batch)."""
    def _run(records=None, check_mode=False, adapter_setup=None, **params):
        params = defaults(**params)
        batch = Batch(params, check_mode=check_mode, parallel=4)
        adapter = MemoryAdapter(params, batch, records)
        if adapter_setup:
            adapter_setup(adapter)
        runner = Runner(TOY, batch)
        return runner.run(adapter, runner.entries(params)), adapter, batch
    return _run
