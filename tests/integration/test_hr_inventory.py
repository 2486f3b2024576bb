# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The hr_file inventory plugin feeding the onboarding role (playbooks/onboard.yml) against both simulators.

inventories/hr/ holds an HR export with its own headers and awkward values (leading zeros, a +, commas and quotes
in cells, Unicode, empty cells, a name that looks like a template), its team group_vars, a file with bad rows, and
a YAML list of people.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ansible_collections.contactcenter.agents.tests.integration.conftest import COLLECTIONS_ROOT
from ansible_collections.contactcenter.agents.tests.integration.steps import log_positions, writes

HR = Path(__file__).resolve().parent / "inventories" / "hr"
ONBOARD = "playbooks/onboard.yml"
RECAP = re.compile(r"^(\S+)\s+: ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", re.M)
TEMPLATE_NAME = "{{ lookup('env', 'HOME') }}"


def recap(result):
    return {m[0]: (int(m[2]), int(m[4])) for m in RECAP.findall(result.stdout)}


@pytest.fixture
def hr(tmp_path):
    shutil.copytree(HR, tmp_path / "hr")
    return tmp_path / "hr"


@pytest.fixture
def onboard(run_playbook, tmp_path):
    def onboard(source, env=None):
        return run_playbook(ONBOARD, {"onboarding_password_dir": str(tmp_path / "passwords")}, inventory=source,
                            env=env)
    return onboard


def skills_of(agent, sim_state):
    names = {s["skillId"]: s["name"] for s in sim_state("cec")["skills"]}
    return {names[s["skillId"]]: (s["agentWeight"], s["skillWeight"]) for s in agent["skills"]}


def test_csv_values_reach_both_systems_as_written_then_nothing_changes(hr, onboard, sim_state, sim_log):
    first = onboard(hr / "agents.hr_file.yml")
    assert first.rc == 0, first
    assert recap(first) == {"ann.lee": (1, 0), "bob.kim": (1, 0), "zoe.park": (1, 0)}

    cec, bp = sim_state("cec")["agents"], sim_state("bp")["users"]
    assert sorted(cec) == ["ann.lee", "bob.kim"] and sorted(bp) == ["ann.lee", "zoe.park"]
    ann = cec["ann.lee"]
    assert (ann["userName"], ann["phone"], ann["agentType"]) == ("Ann Lee Jr.", "+14155550101", 4)
    assert skills_of(ann, sim_state) == {"Billing": (2, 1), "Retention": (1, 1)}  # the team's, from group_vars
    assert (bp["ann.lee"]["extension"], bp["ann.lee"]["workPhone"], bp["ann.lee"]["lastName"]) == (
        "0101", "+14155550101", "Lee, Jr.")
    assert bp["ann.lee"]["skills"] == {"English": 100, "Spanish": 70, "Billing": 100}  # + the team's service skill
    bob = cec["bob.kim"]
    assert bob["userName"] == "Bøb Ķim" and not bob.get("phone")  # an empty cell is not given
    assert skills_of(bob, sim_state) == {"Billing": (2, 1), "Outbound": (3, 2)}  # Retention:- drops a team skill
    assert bp["zoe.park"]["firstName"] == "Zoë \"Z\" O'Park"
    assert bp["zoe.park"]["workPhone"] == "0044 20 7946 0000"

    before = log_positions(sim_log)
    again = onboard(hr / "agents.hr_file.yml")
    assert again.rc == 0, again
    assert recap(again) == {"ann.lee": (0, 0), "bob.kim": (0, 0), "zoe.park": (0, 0)}
    assert writes(sim_log, before) == ([], [])


BAD_ROWS = [
    "bad.csv line 3, column 5: email must be an address whose local part has at most 64 characters, domain at "
    "most 255 and first domain label at most 63 for CEC, not 'not-an-email'",
    "bad.csv line 3, column 6: cec.agent_type must be one of audio, video, multimedia, versatile, not 'phone'",
    "bad.csv line 3, column 7: brightpattern.extension must be digits, not '20x2'",
    "bad.csv line 5, column account: account is required",
]


def _flat(text):
    return "".join(text.split())  # ansible-core 2.16 wraps warnings at any space


def test_bad_rows_are_all_named_and_nothing_is_written(hr, onboard, sim_log):
    run = onboard(hr / "bad.hr_file.yml")
    # Ansible's default for a source that fails: a warning, and the play has no hosts.
    assert run.rc == 0, run
    assert recap(run) == {}
    assert writes(sim_log) == ([], []) and sim_log("cec") == [] and sim_log("bp") == []
    for problem in BAD_ROWS:
        assert _flat(problem) in _flat(run.stderr), problem
    assert _flat("4 problem(s) in") in _flat(run.stderr) and _flat("no host was added") in _flat(run.stderr)

    strict = onboard(hr / "bad.hr_file.yml", env={"ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED": "true"})
    assert strict.rc != 0, strict
    assert _flat(BAD_ROWS[0]) in _flat(strict.stderr)
    assert writes(sim_log) == ([], [])


def test_yaml_list_keeps_scalars_as_written(hr, onboard, sim_state):
    run = onboard(hr / "yaml.hr_file.yml")
    assert run.rc == 0, run
    user = sim_state("bp")["users"]["yan.yaml"]
    assert (user["extension"], user["workPhone"]) == ("0101", "+14155550199")  # not 65, the + kept
    assert user["skills"] == {"English": 100, "Spanish": 60, "Customer Service": 100}  # + the team's service skill
    assert sim_state("cec")["agents"] == {}  # the team has no CEC section


def test_a_name_that_is_template_code_stays_text_and_the_role_refuses_it(hr, onboard, sim_log):
    run = onboard(hr / "template.hr_file.yml")
    assert run.rc != 0, run
    assert "host tom.tmpl: first_name holds template markers" in run.stdout + run.stderr
    assert sim_log("cec") == [] and sim_log("bp") == []  # refused before any request


def awx_import(source, tmp_path):
    """What an AWX inventory update runs: ansible-inventory --list --export, a source that fails being an error."""
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(COLLECTIONS_ROOT), ANSIBLE_INVENTORY_UNPARSED_FAILED="True",
               ANSIBLE_HOME=str(tmp_path / "ansible_home"), ANSIBLE_NOCOLOR="1")
    env.pop("ANSIBLE_CONFIG", None)
    command = [str(Path(sys.executable).with_name("ansible-inventory")), "-i", str(source), "--list", "--export"]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)


def _unwrap(item):
    return item["__ansible_unsafe"] if set(item) == {"__ansible_unsafe"} else item


def test_an_awx_inventory_update_imports_the_file_or_fails_naming_the_rows(hr, tmp_path):
    done = awx_import(hr / "agents.hr_file.yml", tmp_path)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout, object_hook=_unwrap)
    assert sorted(data["agents"]["children"]) == ["billing", "customer_service"]
    assert sorted(data["billing"]["hosts"]) == ["ann.lee", "bob.kim"]
    assert data["billing"]["vars"]["onboarding_defaults"]["brightpattern"]["team"] == "Billing"  # group_vars
    ann = data["_meta"]["hostvars"]["ann.lee"]["onboarding_person"]
    assert (ann["phone"], ann["brightpattern"]["extension"], ann["last_name"]) == ("+14155550101", "0101", "Lee, Jr.")
    assert data["_meta"]["hostvars"]["zoe.park"]["onboarding_person"]["first_name"] == "Zoë \"Z\" O'Park"
    template = json.loads(awx_import(hr / "template.hr_file.yml", tmp_path).stdout, object_hook=_unwrap)
    assert template["_meta"]["hostvars"]["tom.tmpl"]["onboarding_person"]["first_name"] == TEMPLATE_NAME

    failed = awx_import(hr / "bad.hr_file.yml", tmp_path)
    assert failed.returncode != 0
    assert _flat(BAD_ROWS[2]) in _flat(failed.stderr)
