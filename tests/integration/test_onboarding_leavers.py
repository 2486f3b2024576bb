# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Leavers in the onboarding role: orphans reported in check mode, removed within scope only, the guard, and
partial runs (--limit, slices) that never remove anyone."""
from __future__ import annotations

import concurrent.futures

import pytest

from ansible_collections.contactcenter.agents.tests.integration.steps import log_positions, writes
from ansible_collections.contactcenter.agents.tests.integration.test_onboarding_role import (
    ONBOARD, Inventory, Workspace, recap)

SCOPE = {"cec": {"accounts": ["*.lee", "*.kim", "*.cec", "*.chat"]},
         "brightpattern": {"teams": ["Billing", "Customer Service"]}}
SIX = 6  # hosts of inventories/onboarding
# Outside every scope: never touched, whatever the run does.
ROBOT_CEC = {"userAccount": "robot01", "userName": "Robot", "email": "robot@example.com", "agentType": 4,
             "ccRoleId": 2, "skills": [{"skillId": 4, "agentWeight": 1, "skillWeight": 1}]}
ROBOT_BP = {"loginId": "robot01", "firstName": "Robo", "lastName": "T", "team": "Sales", "roles": ["Agent"],
            "skills": {"English": 100}}


@pytest.fixture
def inventory(tmp_path):
    return Inventory(tmp_path / "inventory")


@pytest.fixture
def workspace(tmp_path):
    return Workspace(tmp_path)


@pytest.fixture
def run(run_playbook):
    def run(inv, extra_vars=None, check=False, limit=None):
        return run_playbook(ONBOARD, extra_vars, check=check, inventory=inv.path, limit=limit)
    return run


def leave(inventory, host):
    """``host`` leaves the source: out of the inventory altogether (not state: absent)."""
    hosts = inventory.path / "hosts.yml"
    hosts.write_text(hosts.read_text().replace("        %s:\n" % host, ""))
    (inventory.path / "host_vars" / ("%s.yml" % host)).unlink()


def leavers(workspace, mode, **more):
    return workspace.vars(onboarding_leavers=mode, onboarding_leavers_scope=SCOPE, **more)


@pytest.fixture
def onboarded(run, inventory, workspace, sim_control):
    """All six onboarded, the robots planted outside the scopes, then carol.cec (CEC) and dan (BP: dbrown) leave."""
    sim_control("cec", "seed", {"agents": [ROBOT_CEC]})
    sim_control("bp", "seed", {"users": [ROBOT_BP]})
    assert run(inventory, workspace.vars()).rc == 0
    leave(inventory, "carol.cec")
    leave(inventory, "dan.brightpattern")
    return inventory


def orphans(report):
    return sorted((o["system"], o["key"], o["action"], o["operation"], o["status"]) for o in report["orphans"])


def test_orphans_are_reported_in_check_mode_and_nothing_is_written(run, onboarded, workspace, sim_log):
    at = log_positions(sim_log)
    plan = run(onboarded, leavers(workspace, "report"), check=True)
    assert plan.rc == 0, plan
    assert writes(sim_log, at) == ([], [])
    report = workspace.report("plan")
    assert orphans(report) == [("brightpattern", "dbrown", "report", "none", "ok"),
                               ("cec", "carol.cec", "report", "none", "ok")]
    assert all("not in" in o["reason"] for o in report["orphans"])
    assert "CEC orphans: 1 (checked" in plan.stdout and "Bright Pattern orphans: 1 (checked" in plan.stdout
    # the people still in the source are planned as before: nothing to do
    assert {r["operation"] for r in report["rows"]} == {"unchanged"}


def test_remove_quarantines_and_disables_within_scope_only(run, onboarded, workspace, sim_log, sim_state):
    extra = leavers(workspace, "remove", onboarding_leavers_source_size=SIX - 2)
    at = log_positions(sim_log)
    plan = run(onboarded, extra, check=True)
    assert plan.rc == 0, plan
    assert writes(sim_log, at) == ([], [])
    assert orphans(workspace.report("plan")) == [("brightpattern", "dbrown", "disable", "update", "changed"),
                                                 ("cec", "carol.cec", "quarantine", "update", "changed")]
    apply = run(onboarded, extra)
    assert apply.rc == 0, apply
    assert orphans(workspace.report("result")) == orphans(workspace.report("plan"))
    cec, bp = sim_state("cec")["agents"], sim_state("bp")["users"]
    assert cec["carol.cec"]["skills"] == [] and bp["dbrown"]["disabled"] in (True, "true")
    assert cec["robot01"]["skills"] == ROBOT_CEC["skills"] and not bp["robot01"].get("disabled")  # outside scope
    assert bp["eve.brightpattern"].get("disabled") in (False, "false", None)
    again_at = log_positions(sim_log)
    again = run(onboarded, extra)
    assert again.rc == 0, again
    assert writes(sim_log, again_at) == ([], [])  # already quarantined and disabled
    assert {o["operation"] for o in workspace.report("result")["orphans"]} == {"none"}


def test_the_guard_fails_before_any_write(run, onboarded, workspace, sim_log, sim_state):
    leave(onboarded, "ann.lee")  # two CEC orphans now (ann.lee, carol.cec)
    onboarded.add_host("billing", "gus.new", first_name="Gus", last_name="New", email="gus@example.com",
                       cec={}, brightpattern={})
    extra = leavers(workspace, "remove", onboarding_leavers_source_size=SIX - 2, onboarding_leavers_max_removals=1)
    at = log_positions(sim_log)
    result = run(onboarded, extra)
    assert result.rc != 0
    assert writes(sim_log, at) == ([], [])  # not even gus.new's creates
    assert "max_removals" in result.stdout and "ann.lee" in result.stdout and "carol.cec" in result.stdout
    assert "gus.new" not in sim_state("cec")["agents"]


def test_limited_runs_and_slices_never_remove(run, onboarded, workspace, sim_log, inventory):
    extra = leavers(workspace, "remove", onboarding_leavers_source_size=SIX - 2)
    at = log_positions(sim_log)
    slices = ["ann.lee", "bob.kim:fay.chat", "eve.brightpattern"]
    with concurrent.futures.ThreadPoolExecutor(len(slices)) as pool:
        results = list(pool.map(lambda limit: run(onboarded, extra, limit=limit), slices))
    for result in results:
        assert result.rc != 0, result
        assert "cannot see the whole source" in result.stdout and "--limit" in result.stdout
    assert writes(sim_log, at) == ([], [])  # nobody removed, in any slice


def test_a_slice_inventory_is_caught_by_the_source_size(run, onboarded, workspace, sim_log):
    # An AWX job slice is an inventory of its own: no --limit, the whole play is its batch.
    leave(onboarded, "ann.lee")
    leave(onboarded, "bob.kim")
    at = log_positions(sim_log)
    result = run(onboarded, leavers(workspace, "remove", onboarding_leavers_source_size=SIX - 2))
    assert result.rc != 0
    assert "onboarding_leavers_source_size is 4 but the play has 2 hosts" in result.stdout
    assert writes(sim_log, at) == ([], [])
    report_only = run(onboarded, leavers(workspace, "report"), check=True)
    assert report_only.rc == 0, report_only  # a report is not refused, it only lists
    assert recap(report_only)
