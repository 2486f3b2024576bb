# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""onboarding_apply: a credential check per system in use, then one batch call each; nothing when one fails."""
from __future__ import annotations

from unittest.mock import MagicMock

import pytest

from ansible.errors import AnsibleActionFail
from ansible.parsing.dataloader import DataLoader
from ansible.playbook.play_context import PlayContext
from ansible.template import Templar

from ansible_collections.contactcenter.agents.plugins.action.onboarding_apply import ActionModule

OMIT = "__omit_place_holder__test"
CEC_ITEM = {"user_account": "ann.lee", "state": "present"}
BP_ITEM = {"login_id": "ann.lee", "state": "present"}


def action(args, module_defaults=None, answers=None):
    """The action with its module calls recorded; ``answers``: {module: result}."""
    task = MagicMock()
    task.args = args
    task.check_mode = False
    task.async_val = 0
    task.module_defaults = module_defaults or []
    connection = MagicMock()
    connection._shell.tmpdir = "/unused"
    plugin = ActionModule(task, connection, PlayContext(), DataLoader(), templar=Templar(loader=DataLoader()),
                          shared_loader_obj=None)
    calls = []

    def execute(module_name, module_args, task_vars):
        calls.append((module_name, module_args))
        return dict((answers or {}).get(module_name, {"skills": [], "users": [], "results": []}))
    plugin._execute_module = execute
    return plugin, calls


def test_each_system_is_checked_then_applied_with_its_module_defaults(tmp_path):
    defaults = [{"group/contactcenter.agents.all": {"timeout": 5, "ca_path": OMIT},
                 "group/contactcenter.agents.cec": {"cec_url": "https://a"},
                 "contactcenter.agents.brightpattern_user": {"use_scim": True}},
                {"group/contactcenter.agents.cec": {"cec_url": "https://b"}}]  # a later (inner) entry wins
    orphans = {"action": "report", "scope": {"accounts": ["*"]}}
    plugin, calls = action({"module_items": {"cec": [CEC_ITEM], "brightpattern": [BP_ITEM]},
                            "orphans": {"cec": orphans, "brightpattern": None}, "password_dir": str(tmp_path)},
                           defaults)
    result = plugin.run(task_vars={"omit": OMIT})
    assert [c[0] for c in calls] == ["contactcenter.agents.cec_skill_info", "contactcenter.agents.brightpattern_user_info",
                                     "contactcenter.agents.cec_agent_account", "contactcenter.agents.brightpattern_user"]
    assert calls[0][1] == {"timeout": 5, "cec_url": "https://b"}  # omitted: ca_path
    assert calls[1][1] == {"timeout": 5, "login_id": "ann.lee"}
    assert calls[2][1] == {"timeout": 5, "cec_url": "https://b", "agents": [CEC_ITEM], "update_password": "on_create",
                           "orphans": orphans}
    assert calls[3][1] == {"timeout": 5, "use_scim": True, "users": [BP_ITEM], "update_password": "on_create"}
    assert result["connection_problems"] == [] and set(result["results"]) == {"cec", "brightpattern"}


def test_a_system_that_cannot_be_used_stops_every_write_and_forgets_new_passwords(tmp_path):
    store = tmp_path / "cec"
    store.mkdir(mode=0o700)
    (store / "ann.lee").write_text("Gen3rated!")
    plugin, calls = action({"module_items": {"cec": [CEC_ITEM], "brightpattern": [BP_ITEM]},
                            "generated": {"cec": ["ann.lee"]}, "password_dir": str(tmp_path)},
                           answers={"contactcenter.agents.brightpattern_user_info": {"failed": True, "msg": "HTTP 401"}})
    result = plugin.run(task_vars={})
    assert [c[0] for c in calls] == ["contactcenter.agents.cec_skill_info", "contactcenter.agents.brightpattern_user_info"]
    assert result["connection_problems"] == ["Bright Pattern: HTTP 401"]
    assert result["results"]["cec"] == result["results"]["brightpattern"] == {
        "failed": True, "msg": "not applied, nothing was written to any system: Bright Pattern: HTTP 401"}
    assert not (store / "ann.lee").exists()


def test_systems_without_items_are_skipped_and_unknown_ones_refused(tmp_path):
    plugin, calls = action({"module_items": {"cec": [], "brightpattern": [BP_ITEM]}, "password_dir": str(tmp_path)})
    result = plugin.run(task_vars={})
    assert result["results"]["cec"] == {"skipped": True} and [c[0] for c in calls][-1].endswith("brightpattern_user")
    plugin, calls = action({"module_items": {"genesys": [{"x": 1}]}, "password_dir": str(tmp_path)})
    with pytest.raises(AnsibleActionFail, match="unknown system 'genesys'"):
        plugin.run(task_vars={})
    with pytest.raises(AnsibleActionFail, match="module_items"):
        action({"password_dir": str(tmp_path)})[0].run(task_vars={})
