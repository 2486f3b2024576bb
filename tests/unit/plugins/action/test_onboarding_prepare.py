# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""onboarding_prepare: records -> problems, or initial passwords and module items, in one controller step."""
from __future__ import annotations

import os
import stat
from unittest.mock import MagicMock

import pytest

from ansible.errors import AnsibleActionFail
from ansible.parsing.dataloader import DataLoader
from ansible.playbook.play_context import PlayContext

from ansible_collections.contactcenter.agents.plugins.action.onboarding_prepare import ActionModule


def person(account, **fields):
    record = {"account": account, "first_name": "Ann", "last_name": "Lee", "email": "%s@example.com" % account,
              "cec": {"agent_type": "audio", "role": "agent", "skills": {"Billing": 2}},
              "brightpattern": {"team": "Billing", "skills": {"English": 100}}}
    record.update(fields)
    return record


def prepare(tmp_path, check_mode=False, task_vars=None, **args):
    task = MagicMock()
    task.args = dict({"password_dir": str(tmp_path / "passwords")}, **args)
    task.check_mode = check_mode
    task.async_val = 0
    connection = MagicMock()
    connection._shell.tmpdir = "/unused"  # nothing is transferred
    action = ActionModule(task, connection, PlayContext(), DataLoader(), templar=None, shared_loader_obj=None)
    return action.run(task_vars=task_vars or {"inventory_hostname": "localhost", "hostvars": {}})


def stored(tmp_path, system):
    directory = tmp_path / "passwords" / system
    return {p.name: p.read_text().strip() for p in directory.iterdir()} if directory.exists() else {}


def test_a_list_becomes_both_systems_items_with_stored_new_passwords(tmp_path):
    result = prepare(tmp_path, agents=[person("ann.lee"), person("bob.kim", brightpattern=None)])
    assert result["problems"] == [] and result["changed"] is True
    assert [r["_where"] for r in result["people"]] == ["onboarding_agents[0]", "onboarding_agents[1]"]
    cec, bp = result["module_items"]["cec"], result["module_items"]["brightpattern"]
    assert [i["user_account"] for i in cec] == ["ann.lee", "bob.kim"]
    assert [i["login_id"] for i in bp] == ["ann.lee"]
    assert result["generated"] == {"cec": ["ann.lee", "bob.kim"], "brightpattern": ["ann.lee"]}
    assert stored(tmp_path, "cec") == {i["user_account"]: i["password"] for i in cec}
    assert stored(tmp_path, "brightpattern") == {"ann.lee": bp[0]["password"]}
    assert cec[0]["password"] != bp[0]["password"]
    for path in (tmp_path / "passwords" / "cec" / "ann.lee", tmp_path / "passwords" / "cec"):
        assert stat.S_IMODE(os.stat(path).st_mode) in (0o600, 0o700)


def test_a_second_run_reuses_the_stored_passwords_and_generates_none(tmp_path):
    first = prepare(tmp_path, agents=[person("ann.lee")])
    again = prepare(tmp_path, agents=[person("ann.lee")])
    assert again["module_items"] == first["module_items"]
    assert again["generated"] == {"cec": [], "brightpattern": []} and again["changed"] is False


def test_a_password_from_the_inventory_wins_and_nothing_is_stored_for_it(tmp_path):
    result = prepare(tmp_path, agents=[person("ann.lee", password="Given-Pass1", brightpattern={"team": "Billing"}),
                                       person("old.agent", state="absent")])
    cec = result["module_items"]["cec"]
    assert cec[0]["password"] == "Given-Pass1" and cec[1] == {"user_account": "old.agent", "state": "absent"}
    assert result["generated"] == {"cec": [], "brightpattern": []}
    assert stored(tmp_path, "cec") == {} and stored(tmp_path, "brightpattern") == {}


def test_problems_stop_before_any_password_is_generated(tmp_path):
    result = prepare(tmp_path, agents=[person("ann.lee"), person("ann.lee"), "not a mapping"],
                     connections={"cec": True, "brightpattern": "false"})  # as Ansible 2.16 may template it
    assert "account ann.lee is given 2 times: onboarding_agents[0], onboarding_agents[1]" in result["problems"]
    assert any("the record must be a mapping" in p for p in result["problems"])
    assert any(p.startswith("Bright Pattern: no URL to connect to") for p in result["problems"])
    assert result["module_items"] == {"cec": [], "brightpattern": []}
    assert not (tmp_path / "passwords").exists()


def test_check_mode_generates_passwords_but_stores_none(tmp_path):
    result = prepare(tmp_path, check_mode=True, agents=[person("ann.lee")])
    assert result["module_items"]["cec"][0]["password"]
    assert result["generated"] == {"cec": [], "brightpattern": []}
    assert not (tmp_path / "passwords").exists()


def test_only_the_selected_systems_get_items(tmp_path):
    result = prepare(tmp_path, agents=[person("ann.lee")], systems=["cec"])
    assert [len(result["module_items"][s]) for s in ("cec", "brightpattern")] == [1, 0]
    assert not (tmp_path / "passwords" / "brightpattern").exists()


def test_inventory_mode_reads_each_host_and_reports_hosts_that_failed_before(tmp_path):
    ann = person("ann.lee")
    del ann["account"]  # the host name
    hostvars = {"ann.lee": {"onboarding_person": ann},
                "bob.kim": {"onboarding_defaults": {"brightpattern": {"team": "Sales"}},
                            "onboarding_person": {"first_name": "Bob", "last_name": "Kim", "email": "b@example.com",
                                                  "brightpattern": {}}},
                "broken": {}}
    result = prepare(tmp_path, task_vars={"inventory_hostname": "ann.lee", "hostvars": hostvars},
                     hosts=["ann.lee", "bob.kim"], failed_hosts=["broken"])
    assert [(r["account"], r["_host"]) for r in result["people"]] == [("ann.lee", "ann.lee"), ("bob.kim", "bob.kim")]
    assert result["problems"] == ["host broken: failed before these checks (see its error above)"]
    result = prepare(tmp_path, task_vars={"inventory_hostname": "ann.lee", "hostvars": hostvars},
                     hosts=["ann.lee", "bob.kim"])
    assert [i["team"] for i in result["module_items"]["brightpattern"]] == ["Billing", "Sales"]


def test_an_unsafe_password_directory_is_a_problem_and_no_item_is_returned(tmp_path):
    (tmp_path / "passwords").mkdir(mode=0o700)
    (tmp_path / "passwords" / "brightpattern").mkdir(mode=0o755)
    os.chmod(tmp_path / "passwords" / "brightpattern", 0o755)
    result = prepare(tmp_path, agents=[person("ann.lee")])
    (problem,) = result["problems"]
    assert problem.startswith("brightpattern initial passwords: ") and "only its owner can access" in problem
    assert result["module_items"] == {"cec": [], "brightpattern": []} and "failed" not in result
    assert stored(tmp_path, "cec") == {}  # generated for CEC first, then not kept


def test_unknown_or_wrong_options_fail_before_anything_is_read(tmp_path):
    with pytest.raises(AnsibleActionFail, match="onboarding_prepare: .*parallel"):
        prepare(tmp_path, agents=[person("ann.lee")], parallel=4)
    with pytest.raises(AnsibleActionFail, match="password_length"):
        prepare(tmp_path, agents=[person("ann.lee")], password_length="long")
    assert not (tmp_path / "passwords").exists()
