# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""onboarding_prepare: records -> problems, or initial passwords and module items, in one controller step."""
from __future__ import annotations

import os
import stat
from unittest.mock import MagicMock

import pytest
import yaml

from ansible.errors import AnsibleActionFail
from ansible.parsing.dataloader import DataLoader
from ansible.template import Templar
from ansible.playbook.play_context import PlayContext

from ansible_collections.contactcenter.agents.plugins.action.onboarding_prepare import ActionModule
from ansible_collections.contactcenter.agents.plugins.plugin_utils._onboarding import ROLE_VARIABLES


def person(account, **fields):
    record = {"account": account, "first_name": "Ann", "last_name": "Lee", "email": "%s@example.com" % account,
              "cec": {"agent_type": "audio", "role": "agent", "skills": {"Billing": 2}},
              "brightpattern": {"team": "Billing", "skills": {"English": 100}}}
    record.update(fields)
    return record


def prepare(tmp_path, check_mode=False, task_vars=None, **args):
    task = MagicMock()
    task.args = dict({"password_dir": str(tmp_path / "passwords"), "connections": {}}, **args)
    task.check_mode = check_mode
    task.async_val = 0
    connection = MagicMock()
    connection._shell.tmpdir = "/unused"  # nothing is transferred
    action = ActionModule(task, connection, PlayContext(), DataLoader(), templar=Templar(loader=DataLoader()),
                          shared_loader_obj=None)
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


def test_unmanaged_bright_pattern_skills_reach_each_item_role_wide_and_per_record(tmp_path):
    result = prepare(tmp_path, brightpattern_unmanaged_skills=["Service"],
                     agents=[person("ann.lee", brightpattern={"team": "Billing", "unmanaged_skills": ["Chat", "Service"]}),
                             person("bob.kim"), person("old.agent", state="absent")])
    assert result["problems"] == []
    assert [i.get("unmanaged_skills") for i in result["module_items"]["brightpattern"]] == [
        ["Chat", "Service"], ["Service"], None]
    assert all("unmanaged_skills" not in i for i in prepare(tmp_path, agents=[person("ann.lee")])["module_items"][
        "brightpattern"])  # nothing given: the item has no such key


def test_a_stored_password_that_breaks_the_vendor_rule_is_named_with_how_to_replace_it(tmp_path):
    prepare(tmp_path, agents=[person("ann.lee")])
    path = tmp_path / "passwords" / "cec" / "ann.lee"
    path.write_text("Zq9shortX\n")  # no special character
    result = prepare(tmp_path, agents=[person("ann.lee"), person("bob.kim")])
    (problem,) = result["problems"]
    assert problem.startswith("cec initial passwords: the password stored in %s breaks CEC's rule" % path)
    assert "delete that file to have a new one generated on the next run" in problem and "Zq9shortX" not in problem
    assert result["module_items"] == {"cec": [], "brightpattern": []}
    assert sorted(os.listdir(tmp_path / "passwords" / "cec")) == ["ann.lee"]  # bob's new one is not kept


def test_the_stored_passwords_are_returned_by_path_never_by_value(tmp_path):
    first = prepare(tmp_path, agents=[person("ann.lee")])
    directory = tmp_path / "passwords"
    assert first["passwords"]["cec"] == {"ann.lee": {"path": str(directory / "cec" / "ann.lee"), "new": True}}
    again = prepare(tmp_path, agents=[person("ann.lee")])
    assert again["passwords"]["brightpattern"]["ann.lee"]["new"] is False
    assert prepare(tmp_path, check_mode=True, agents=[person("bob.kim")])["passwords"]["cec"] == {}


def test_a_brightpattern_password_length_of_its_own(tmp_path):
    result = prepare(tmp_path, agents=[person("ann.lee")], brightpattern_password_length=20)
    assert len(result["module_items"]["brightpattern"][0]["password"]) == 20
    assert len(result["module_items"]["cec"][0]["password"]) == 8


def test_a_host_without_a_record_names_the_variables_it_has_that_the_role_does_not_read(tmp_path):
    task_vars = {"inventory_hostname": "localhost", "onboarding_agent": [person("ann.lee")],
                 "hostvars": {"localhost": {"onboarding_agent": [person("ann.lee")]}}}
    result = prepare(tmp_path, task_vars=task_vars, hosts=["localhost"])
    (problem,) = result["problems"]
    assert problem.startswith("host localhost: is in no system (give a cec or brightpattern section); the role reads "
                              "onboarding_person and onboarding_defaults (each host), or onboarding_agents")
    assert problem.endswith("this host has onboarding_agent (did you mean onboarding_agents?), which the role does "
                            "not read")


def test_the_role_variables_known_to_the_hint_are_those_of_the_argument_spec():
    spec = os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "roles", "onboarding", "meta",
                        "argument_specs.yml")
    with open(spec, encoding="utf-8") as handle:
        options = yaml.safe_load(handle)["argument_specs"]["main"]["options"]
    assert set(ROLE_VARIABLES) == set(options) | {"onboarding_hosts"}  # onboarding_hosts: the playbook's
