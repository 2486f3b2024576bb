# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The onboarding role's hardening (issue #14) through ansible-playbook against both simulators: stored
passwords of leavers and of refused creates, the password store's path, HR data with template code or YAML
numbers, credentials checked before any write, and the messages of wrong input."""
from __future__ import annotations

import os
import re

import pytest

from ansible_collections.contactcenter.agents.tests.integration import test_onboarding_role as role
from ansible_collections.contactcenter.agents.tests.integration.steps import writes

recap = role.recap

GINA = {"account": "gina.list", "first_name": "Gina", "last_name": "List", "email": "gina@example.com",
        "cec": {"skills": {"Sales": 2}}, "brightpattern": {"team": "Sales"}}


@pytest.fixture
def inventory(tmp_path):
    return role.Inventory(tmp_path / "inventory")


@pytest.fixture
def workspace(tmp_path):
    return role.Workspace(tmp_path)


@pytest.fixture
def run_inventory(run_playbook):
    def run(inv, extra_vars=None, check=False):
        return run_playbook(role.ONBOARD, extra_vars, check=check, inventory=inv.path)
    return run


def run_list(run_playbook, workspace, agents, check=False, env=None, **more):
    extra = workspace.vars(onboarding_agents=agents, onboarding_defaults=role.LIST_DEFAULTS, **more)
    return run_playbook("onboarding_list", extra, check=check, env=env)


def host_vars_yaml(inventory, host, text):
    """Write a host's variables as YAML text, as HR data arrives (unquoted values, !unsafe)."""
    (inventory.path / "host_vars" / ("%s.yml" % host)).write_text("---\n" + text)


# ------------------------------------------------------------------ #14.4 a leaver's password
def test_a_deleted_account_forgets_its_password_so_a_new_hire_with_that_name_gets_a_new_one(
        run_playbook, workspace, sim_state, sim_control):
    # A CEC tenant that deletes dotted accounts (the delete page's stricter charset is not this test's point).
    sim_control("cec", "options", {"delete_account_charset": "create"})
    first = run_list(run_playbook, workspace, [GINA])
    assert first.rc == 0, first
    leaver = workspace.stored_passwords()
    assert sorted(leaver) == ["brightpattern/gina.list", "cec/gina.list"]

    gone = run_list(run_playbook, workspace, [dict(GINA, state="absent")])
    assert gone.rc == 0, gone
    assert "gina.list" not in sim_state("cec")["agents"] and "gina.list" not in sim_state("bp")["users"]
    assert workspace.stored_passwords() == {}  # forgotten with the accounts

    new_hire = run_list(run_playbook, workspace, [dict(GINA, first_name="Gino")])
    assert new_hire.rc == 0, new_hire
    again = workspace.stored_passwords()
    assert sorted(again) == sorted(leaver)
    assert all(again[k] != leaver[k] for k in leaver)


# ------------------------------------------------------------------ #14.6 the password store's path
def test_a_password_directory_under_a_directory_anyone_may_write_is_refused(
        run_playbook, workspace, sim_log, tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)  # no sticky bit: anyone could replace the store
    result = run_list(run_playbook, workspace, [GINA], onboarding_password_dir=str(shared / "passwords"))
    assert result.rc == 2, result
    assert sim_log("cec") == [] and sim_log("bp") == []
    assert "%s is writable by its group or others (mode 0777) without the sticky bit" % shared in result.stdout
    assert not (shared / "passwords").exists()


# ------------------------------------------------------------------ #14.8, 9, 13, 15 wrong HR data
def test_hr_data_with_template_code_yaml_numbers_or_long_logins_stops_before_any_request(
        run_inventory, inventory, workspace, sim_log, tmp_path):
    marker = tmp_path / "pwned"
    host_vars_yaml(inventory, "ann.lee", (
        "onboarding_person:\n"
        "  first_name: !unsafe \"{{ lookup('pipe', 'touch %s') }}\"\n"
        "  last_name: Lee\n"
        "  email: ann.lee@example.com\n"
        "  phone: 0123456\n"
        "  brightpattern:\n"
        "    extension: 0101\n" % marker))
    host_vars_yaml(inventory, "bob.kim", (
        "onboarding_person:\n"
        "  account: 00012345\n"
        "  first_name: Bob\n"
        "  last_name: Kim\n"
        "  email: bob@example.com\n"
        "  brightpattern: {skills: {Spanish: high}, disabled: maybe}\n"))
    inventory.person("dan.brightpattern", brightpattern={"login_id": "d" * 300})
    result = run_inventory(inventory, workspace.vars())
    assert result.rc == 2, result
    assert sim_log("cec") == [] and sim_log("bp") == []
    assert not marker.exists()
    assert not workspace.passwords.exists()
    for problem in [
            "host ann.lee: first_name holds template markers ({{) after templating",
            "host ann.lee: phone must be a string; got 42798 (integer)",
            "host ann.lee: brightpattern.extension must be a string; got 65 (integer)",
            "so quote it, for example extension: \"0101\"",
            "(host bob.kim): account must be a string; got 5349 (integer)",
            "brightpattern.skills.Spanish must be an integer, not 'high' (string)",
            "brightpattern.disabled must be true or false, not 'maybe' (string)",
            "host dan.brightpattern: brightpattern.login_id is 300 characters long; at most 200"]:
        assert problem in result.stdout.replace('\\"', '"'), problem  # ansible-core 2.16 shows the list as JSON


def test_strings_the_modules_accept_are_accepted(run_playbook, workspace, sim_state):
    agent = dict(GINA, cec={"skills": {"Sales": "2"}},
                 brightpattern={"team": "Sales", "disabled": "false", "skills": {"English": "75"}})
    result = run_list(run_playbook, workspace, [agent])
    assert result.rc == 0, result
    skills = {s["name"]: s["skillId"] for s in sim_state("cec")["skills"]}
    created = sim_state("cec")["agents"]["gina.list"]["skills"]
    assert [(s["skillId"], s["agentWeight"]) for s in created] == [(skills["Sales"], 2)]
    user = sim_state("bp")["users"]["gina.list"]
    assert user["disabled"] is False and user["skills"]["English"] == 75


# ------------------------------------------------------------------ #14.16 a misspelt variable
def test_a_misspelt_variable_gets_a_hint(run_playbook, workspace, sim_log):
    result = run_playbook("onboarding_list", workspace.vars(onboarding_agent=[GINA]))
    assert result.rc == 2, result
    assert sim_log("cec") == [] and sim_log("bp") == []
    assert re.search(r"host localhost: is in no system \(give a cec or brightpattern section\); the role reads "
                     r"onboarding_person .*onboarding_agent \(did you mean onboarding_agents\?\)", result.stdout)


# ------------------------------------------------------------------ #14.11 credentials before any write
@pytest.mark.parametrize("check", [False, True], ids=["apply", "check"])
def test_refused_credentials_of_one_system_stop_before_any_write_to_the_other(
        run_playbook, workspace, sim_log, check):
    result = run_list(run_playbook, workspace, [GINA], check=check,
                      env={"BRIGHTPATTERN_CLIENT_SECRET": "not-the-secret"})
    assert result.rc == 2, result
    assert writes(sim_log) == ([], [])
    assert recap(result)["localhost"]["failed"] == 1
    # every person is failed with the reason, in both systems: nothing was written to CEC either
    assert re.search(r"gina\.list \(CEC\): not applied, nothing was written to any system: Bright Pattern: .*401",
                     result.stdout), result.stdout
    if not check:
        reason = "not applied, nothing was written to any system: Bright Pattern: "
        assert [(f["system"], f["msg"].startswith(reason)) for f in workspace.report("result")["failed"]] == [
            ("cec", True), ("brightpattern", True)]
    assert "not-the-secret" not in result.stdout + result.stderr
    assert workspace.stored_passwords() == {}  # generated for this run, not kept
    cec_paths = [e["path"] for e in sim_log("cec")]
    assert len(cec_paths) <= 2  # the cheap check: a token and the skill catalogue


# ------------------------------------------------------------------ #14.12 a stored password the server rejects
def test_a_stored_password_that_breaks_the_rule_is_named_with_how_to_replace_it(run_playbook, workspace, sim_log):
    store = workspace.passwords / "cec"
    store.mkdir(parents=True, mode=0o700)
    workspace.passwords.chmod(0o700)
    fd = os.open(store / "gina.list", os.O_WRONLY | os.O_CREAT, 0o600)
    os.write(fd, b"Zq9shortX\n")  # no special character
    os.close(fd)
    result = run_list(run_playbook, workspace, [GINA])
    assert result.rc == 2, result
    assert sim_log("cec") == [] and sim_log("bp") == []
    assert ("cec initial passwords: the password stored in %s breaks CEC's rule" % (store / "gina.list")) in result.stdout
    assert "delete that file to have a new one generated on the next run" in result.stdout
    assert "Zq9shortX" not in result.stdout + result.stderr
