# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""module_defaults with the action groups of meta/runtime.yml (group/contactcenter.agents.cec, .brightpattern, .all)."""
from __future__ import annotations

import re

import yaml

from ansible_collections.contactcenter.agents.tests.integration.conftest import COLLECTION_DIR
from ansible_collections.contactcenter.agents.tests.integration.steps import is_cec_write

CONNECTION_VARS = ["CEC_URL", "CEC_APP_KEY", "CEC_APP_SECRET", "CEC_TOKEN_URL", "CEC_ACCESS_TOKEN", "BRIGHTPATTERN_URL",
                   "BRIGHTPATTERN_CLIENT_ID", "BRIGHTPATTERN_CLIENT_SECRET", "BRIGHTPATTERN_TENANT", "BRIGHTPATTERN_AUTH"]


def connection(sim_credentials):
    return {"md_cec": sim_credentials["cec"], "md_bp": sim_credentials["brightpattern"]}


def test_action_groups_list_every_module():
    groups = yaml.safe_load((COLLECTION_DIR / "meta" / "runtime.yml").read_text(encoding="utf-8"))["action_groups"]
    modules = sorted(p.stem for p in (COLLECTION_DIR / "plugins" / "modules").glob("*.py") if p.stem != "__init__")
    assert sorted(groups["cec"]) == [m for m in modules if m.startswith("cec_")]
    assert sorted(groups["brightpattern"]) == [m for m in modules if m.startswith("brightpattern_")]
    assert groups["all"] == [{"metadata": {"extend_group": ["cec", "brightpattern"]}}]


def test_module_defaults_with_action_groups(run_playbook, sim_credentials, sim_log):
    result = run_playbook("eco_module_defaults", extra_vars=connection(sim_credentials), env=dict.fromkeys(CONNECTION_VARS))

    assert result.rc == 0, result
    assert re.search(r"localhost\s+: ok=\d+\s+changed=2\s+unreachable=0\s+failed=0\s+skipped=0\s+rescued=0\s+ignored=2",
                     result.stdout), result.stdout
    cec, bp = sim_log("cec"), sim_log("bp")
    # Every module reached its simulator, and check mode wrote nothing.
    assert any(e["path"].endswith("/tokenByAkSk") for e in cec)
    assert any(e["path"].endswith("/oauth/token") for e in bp)
    assert not [e for e in cec if is_cec_write(e)]
    assert not [e for e in bp if e["method"] != "GET" and not e["path"].endswith("/oauth/token")]
    # The four faults were each hit once: no retry with the group's retries (0), one with the task's (1).
    assert len([e for e in cec if e.get("fault")]) == 2
    assert len([e for e in bp if e.get("fault")]) == 2
