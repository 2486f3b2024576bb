# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The onboarding role and playbooks/onboard.yml through ansible-playbook against both simulators.

Inventory mode runs the collection's own playbook (playbooks/onboard.yml) with a copy of
inventories/onboarding/ (six agents in three teams), which a test may change host by host; list mode
runs playbooks/onboarding_list.yml through the harness's ``run_playbook``. Every scenario checks the
simulators' request logs and state as a side channel.
"""
from __future__ import annotations

import json
import re
import shutil
import stat
from pathlib import Path

import pytest
import yaml

from ansible_collections.contactcenter.agents.tests.integration.reliability import CEC_API, control
from ansible_collections.contactcenter.agents.tests.integration.steps import log_positions, writes

INVENTORY = Path(__file__).resolve().parent / "inventories" / "onboarding"
ONBOARD = "playbooks/onboard.yml"
AGENTS = ["ann.lee", "bob.kim", "carol.cec", "dan.brightpattern", "eve.brightpattern", "fay.chat"]
CEC_ACCOUNTS = ["ann.lee", "bob.kim", "carol.cec", "fay.chat"]
BP_LOGINS = ["ann.lee", "bob.kim", "dbrown", "eve.brightpattern"]
EVE_PASSWORD = "Inventory-Pa55word!"  # eve's password in the test inventory
RECAP = re.compile(r"^(\S+)\s+: ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", re.M)


# ------------------------------------------------------------------ helpers
class Inventory:
    """A private copy of inventories/onboarding that a test may change."""

    def __init__(self, path):
        self.path = path
        shutil.copytree(INVENTORY, path)

    def person(self, host, **changes):
        """Change (or, for a new host, create) a host's onboarding_person; a None value removes a key."""
        file = self.path / "host_vars" / ("%s.yml" % host)
        text = file.read_text() if file.exists() else "onboarding_person: {}\n"
        record = (yaml.safe_load(text) or {}).get("onboarding_person") or {}
        for key, value in changes.items():
            if value is None and key not in ("cec", "brightpattern"):
                record.pop(key, None)
            else:
                record[key] = value
        file.write_text("---\n" + json.dumps({"onboarding_person": record}, indent=2) + "\n")

    def add_host(self, group, host, **record):
        extra = self.path / ("%s.yml" % host)
        extra.write_text(json.dumps({"agents": {"children": {group: {"hosts": {host: None}}}}}))
        self.person(host, **record)


class Workspace:
    """Where a run keeps its passwords and reports."""

    def __init__(self, path):
        self.passwords = path / "passwords"
        self.reports = path / "reports"

    def vars(self, **more):
        out = {"onboarding_password_dir": str(self.passwords), "onboarding_report_dir": str(self.reports)}
        out.update(more)
        return out

    def report(self, kind):
        return json.loads((self.reports / ("onboarding-%s.json" % kind)).read_text())

    def stored_passwords(self):
        if not self.passwords.exists():
            return {}
        return {"%s/%s" % (f.parent.name, f.name): f.read_text().strip() for f in self.passwords.glob("*/*")}


def recap(result):
    return {m[0]: {"ok": int(m[1]), "changed": int(m[2]), "failed": int(m[4])} for m in RECAP.findall(result.stdout)}


def plan_of(report):
    """What a report says happens to whom, without the outcome details that differ between plan and result."""
    return sorted((r["agent"], r["system"], r["key"], r["operation"], tuple(r["changed_fields"]), r["status"])
                  for r in report["rows"])


def skill_ids(sim_state):
    return {s["name"]: s["skillId"] for s in sim_state("cec")["skills"]}


def assert_no_password_leaks(passwords, results, workspace):
    texts = [r.stdout + r.stderr for r in results]
    texts += [f.read_text() for f in workspace.reports.glob("*")] if workspace.reports.exists() else []
    assert passwords, "no password to look for"
    for password in passwords:
        for text in texts:
            assert password not in text


@pytest.fixture
def inventory(tmp_path):
    return Inventory(tmp_path / "inventory")


@pytest.fixture
def workspace(tmp_path):
    return Workspace(tmp_path)


@pytest.fixture
def run_inventory(run_playbook):
    """run_playbook for playbooks/onboard.yml with an inventory of agent hosts."""
    def run(inv, extra_vars=None, check=False, limit=None, verbosity=0, playbook=ONBOARD):
        return run_playbook(playbook, extra_vars, check=check, verbosity=verbosity, inventory=inv.path, limit=limit)
    return run


# ------------------------------------------------------------------ inventory mode
def test_inventory_plan_equals_apply_then_second_run_changes_nothing(run_inventory, inventory, workspace, sim_log):
    plan = run_inventory(inventory, workspace.vars(), check=True)
    assert plan.rc == 0, plan
    assert writes(sim_log) == ([], [])  # check mode reads only
    assert not workspace.passwords.exists()  # and stores no password
    assert {h: r["changed"] for h, r in recap(plan).items()} == dict.fromkeys(AGENTS, 1)
    planned = workspace.report("plan")
    assert planned["mode"] == "check"
    assert "Onboarding plan (check mode)" in plan.stdout

    before = log_positions(sim_log)
    apply = run_inventory(inventory, workspace.vars(), verbosity=3)
    assert apply.rc == 0, apply
    assert {h: (r["changed"], r["failed"]) for h, r in recap(apply).items()} == dict.fromkeys(AGENTS, (1, 0))
    result = workspace.report("result")
    assert plan_of(result) == plan_of(planned)  # the plan was exactly what happened
    assert result["counts"]["cec"] == {"created": 4, "updated": 0, "deleted": 0, "unchanged": 0, "failed": 0}
    assert result["counts"]["brightpattern"] == {"created": 4, "updated": 0, "deleted": 0, "unchanged": 0, "failed": 0}
    cec_writes, bp_writes = writes(sim_log, before)
    assert sorted(e["body"]["userAccount"] for e in cec_writes) == CEC_ACCOUNTS  # one create each, nothing else
    assert sorted(e["body"]["loginId"] for e in bp_writes) == BP_LOGINS
    # one credential check (a token and the skill catalogue) before any write, then one batch call per system
    cec_paths = [e["path"] for e in sim_log("cec")[before[0]:]]
    assert cec_paths.count("/apigovernance/api/oauth/tokenByAkSk") == 2
    assert cec_paths[:2] == ["/apigovernance/api/oauth/tokenByAkSk", "/apiaccess/rest/cc-management/v1/skill/querySkills"]
    assert (workspace.reports / "onboarding-result.md").read_text().startswith("# Onboarding result")

    again_at = log_positions(sim_log)
    again = run_inventory(inventory, workspace.vars())
    assert again.rc == 0, again
    assert {h: (r["changed"], r["failed"]) for h, r in recap(again).items()} == dict.fromkeys(AGENTS, (0, 0))
    assert writes(sim_log, again_at) == ([], [])
    assert {(r["operation"], r["status"]) for r in workspace.report("result")["rows"]} == {("unchanged", "ok")}

    check_again = run_inventory(inventory, workspace.vars(), check=True)
    assert {h: r["changed"] for h, r in recap(check_again).items()} == dict.fromkeys(AGENTS, 0)

    passwords = list(workspace.stored_passwords().values()) + [EVE_PASSWORD]
    assert_no_password_leaks(passwords, [plan, apply, again, check_again], workspace)


def test_one_record_drives_both_systems(run_inventory, inventory, workspace, sim_state):
    result = run_inventory(inventory, workspace.vars())
    assert result.rc == 0, result
    ids = skill_ids(sim_state)
    cec, bp = sim_state("cec")["agents"], sim_state("bp")["users"]
    assert sorted(cec) == CEC_ACCOUNTS and sorted(bp) == BP_LOGINS

    # ann.lee: in both systems, team defaults plus her own extension and phone
    ann = cec["ann.lee"]
    assert (ann["userName"], ann["email"], ann["phone"], ann["agentType"], ann["ccRoleId"]) == (
        "Ann Lee", "ann.lee@example.com", "+14155550101", 4, 2)
    assert sorted((s["skillId"], s["agentWeight"]) for s in ann["skills"]) == sorted(
        [(ids["Billing"], 2), (ids["Retention"], 1)])
    assert (bp["ann.lee"]["team"], bp["ann.lee"]["extension"], bp["ann.lee"]["workPhone"]) == (
        "Billing", "2101", "+14155550101")
    assert bp["ann.lee"]["skills"] == {"English": 100, "Billing": 80}

    # bob.kim: a derived name without the apostrophe, cut to 20; a team skill removed, one added
    bob = cec["bob.kim"]
    assert (bob["userName"], bob["ccRoleId"]) == ("Bob OKim-Vandenbergh", 3)
    assert [s["skillId"] for s in bob["skills"]] == [ids["Billing"]]
    assert bp["bob.kim"]["skills"] == {"English": 100, "Billing": 80, "Spanish": 70}
    assert sorted(bp["bob.kim"]["roles"]) == ["Agent", "Supervisor"]

    # one system only; a login other than the account; the chat team is multimedia
    assert "carol.cec" not in bp and "dan.brightpattern" not in cec
    assert (bp["dbrown"]["firstName"], bp["dbrown"]["team"]) == ("Dan", "Customer Service")
    assert cec["fay.chat"]["agentType"] == 5

    # generated passwords: one file per created account, owner-only; none for eve (from the inventory)
    stored = workspace.stored_passwords()
    assert sorted(stored) == sorted(["cec/%s" % a for a in CEC_ACCOUNTS]
                                    + ["brightpattern/%s" % b for b in BP_LOGINS if b != "eve.brightpattern"])
    for path in [workspace.passwords, workspace.passwords / "cec", workspace.passwords / "brightpattern"]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o700
    for path in workspace.passwords.glob("*/*"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert all(re.search(r"[A-Z]", p) and re.search(r"[a-z]", p) and re.search(r"\d", p) and len(p) == 8
               for p in stored.values())


def test_limit_onboards_one_person(run_inventory, inventory, workspace, sim_state):
    result = run_inventory(inventory, workspace.vars(), limit="bob.kim")
    assert result.rc == 0, result
    assert list(recap(result)) == ["bob.kim"]
    assert list(sim_state("cec")["agents"]) == ["bob.kim"]
    assert list(sim_state("bp")["users"]) == ["bob.kim"]


def test_changes_and_removals_are_planned_then_applied(run_inventory, inventory, workspace, sim_log, sim_state,
                                                       sim_control):
    # Offboarding dotted accounts: a server that deletes with create's account rule (the delete page's
    # stricter one is test_cec_fail_closed.py's business).
    sim_control("cec", "options", {"delete_account_charset": "create"})
    assert run_inventory(inventory, workspace.vars()).rc == 0
    inventory.person("ann.lee", state="absent")  # leaves both systems
    inventory.person("bob.kim", cec={"role": "agent", "skills": {"Retention": None}})
    inventory.person("dan.brightpattern", brightpattern={"login_id": "dbrown", "skills": {"Spanish": 50}})
    inventory.person("carol.cec", cec={"state": "absent"})  # leaves CEC only

    at = log_positions(sim_log)
    plan = run_inventory(inventory, workspace.vars(), check=True)
    assert plan.rc == 0, plan
    assert writes(sim_log, at) == ([], [])
    apply = run_inventory(inventory, workspace.vars())
    assert apply.rc == 0, apply
    assert plan_of(workspace.report("result")) == plan_of(workspace.report("plan"))
    rows = {(r["agent"], r["system"]): (r["operation"], r["changed_fields"]) for r in workspace.report("result")["rows"]}
    assert rows[("ann.lee", "cec")][0] == "delete" and rows[("ann.lee", "brightpattern")][0] == "delete"
    assert rows[("bob.kim", "cec")] == ("update", ["role"])
    assert rows[("bob.kim", "brightpattern")] == ("unchanged", [])
    assert rows[("carol.cec", "cec")][0] == "delete"
    assert rows[("dan.brightpattern", "brightpattern")] == ("update", ["skills"])
    assert {h: r["changed"] for h, r in recap(apply).items()} == {
        "ann.lee": 1, "bob.kim": 1, "carol.cec": 1, "dan.brightpattern": 1, "eve.brightpattern": 0, "fay.chat": 0}
    assert sorted(sim_state("cec")["agents"]) == ["bob.kim", "fay.chat"]
    assert sorted(sim_state("bp")["users"]) == ["bob.kim", "dbrown", "eve.brightpattern"]
    assert sim_state("bp")["users"]["dbrown"]["skills"] == {"English": 100, "Customer Service": 80, "Spanish": 50}

    at = log_positions(sim_log)
    again = run_inventory(inventory, workspace.vars())
    assert again.rc == 0 and all(r["changed"] == 0 for r in recap(again).values()), again
    assert writes(sim_log, at) == ([], [])


def test_one_failing_agent_leaves_the_others_applied_and_fails_the_play(run_inventory, inventory, workspace,
                                                                        sim_state):
    inventory.person("fay.chat", cec={"skills": {"Klingon": 1}})
    result = run_inventory(inventory, workspace.vars())
    assert result.rc == 2, result
    outcome = recap(result)
    assert outcome["fay.chat"]["failed"] == 1
    assert all(outcome[h]["failed"] == 0 and outcome[h]["changed"] == 1 for h in AGENTS if h != "fay.chat")
    assert "1 of 6 people failed (the others were applied):" in result.stdout
    assert re.search(r"fay\.chat \(CEC\): skills: unknown skill queue 'Klingon'", result.stdout)
    assert sorted(sim_state("cec")["agents"]) == ["ann.lee", "bob.kim", "carol.cec"]
    assert sorted(sim_state("bp")["users"]) == BP_LOGINS
    report = workspace.report("result")
    assert [(f["agent"], f["system"]) for f in report["failed"]] == [("fay.chat", "cec")]
    assert report["counts"]["cec"]["failed"] == 1 and report["counts"]["cec"]["created"] == 3
    assert "cec/fay.chat" not in workspace.stored_passwords()  # nothing was sent: nothing kept


def test_a_refused_create_forgets_its_password_and_a_lost_answer_keeps_it(run_inventory, inventory, workspace,
                                                                          sim_state, sim_control, simulators):
    inventory.person("fay.chat", cec={"agent_type": "audio"})  # chat queues do not fit a voice agent: refused
    first = run_inventory(inventory, workspace.vars())
    assert first.rc == 2, first
    assert recap(first)["fay.chat"]["failed"] == 1 and "fay.chat" not in sim_state("cec")["agents"]
    assert "cec/fay.chat" not in workspace.stored_passwords()  # nothing was created with it: not kept
    assert re.search(r"the initial password stored in \S+/passwords/cec/fay\.chat was removed", first.stdout)

    # a server error may come after the account was created: the password stays for the next attempt
    inventory.person("fay.chat", cec={"agent_type": "multimedia"})
    sim_control("cec", "faults", {"path": "^" + CEC_API + "create$", "method": "POST", "status": 500, "count": None})
    second = run_inventory(inventory, workspace.vars())
    assert second.rc == 2 and recap(second)["fay.chat"]["failed"] == 1, second
    kept = workspace.stored_passwords()["cec/fay.chat"]
    assert re.search(r"the initial password stored in \S+/passwords/cec/fay\.chat is kept for the next attempt"
                     r".*delete that file", second.stdout)

    control(simulators, "cec", "faults", None, method="DELETE")
    third = run_inventory(inventory, workspace.vars())
    assert third.rc == 0, third
    assert {h: r["changed"] for h, r in recap(third).items() if r["changed"]} == {"fay.chat": 1}
    assert workspace.stored_passwords()["cec/fay.chat"] == kept
    assert "fay.chat" in sim_state("cec")["agents"]


def test_invalid_input_stops_before_any_request(run_inventory, inventory, workspace, sim_log):
    inventory.person("ann.lee", genesys={"queue": "x"})  # an unknown system (argument spec, per host)
    inventory.person("bob.kim", brightpattern={"extension": "2101"})  # ann's extension
    inventory.person("carol.cec", email=None, cec={"agent_type": "phone"})
    inventory.add_host("chat", "zed", first_name="Zed", email="zed@example.com", account="fay.chat")
    result = run_inventory(inventory, workspace.vars())
    assert result.rc == 2, result
    assert sim_log("cec") == [] and sim_log("bp") == []  # not even a token request
    assert not workspace.passwords.exists() and not workspace.reports.exists()
    assert "problem(s); nothing was written" in result.stdout
    for problem in ["host ann.lee: unknown system section 'genesys'",
                    "brightpattern.extension 2101 is given 2 times: host ann.lee, host bob.kim",
                    "host carol.cec: email is required to create the CEC agent",
                    "host carol.cec: cec.agent_type must be one of audio, video, multimedia, versatile, not 'phone'",
                    "account fay.chat is given 2 times: host fay.chat, host zed"]:
        assert problem in result.stdout, problem


# ------------------------------------------------------------------ list mode
LIST_DEFAULTS = {"cec": {"agent_type": "audio", "role": "agent", "skills": {"Sales": 2}},
                 "brightpattern": {"team": "Sales", "roles": ["Agent"], "skills": {"English": 100}}}
LIST_AGENTS = [
    {"account": "gina.list", "first_name": "Gina", "last_name": "List", "email": "gina@example.com"},
    {"account": "hank.list", "first_name": "Hank", "last_name": "List", "email": "hank@example.com",
     "brightpattern": None, "cec": {"skills": {"Outbound": 1}}},
    {"account": "ivy.list", "first_name": "Ivy", "last_name": "List", "email": "ivy@example.com", "cec": None,
     "password": "List-Mode-Passw0rd"},
]


def test_list_mode_applies_every_item_with_one_call_per_system(run_playbook, workspace, sim_log, sim_state):
    # The tenant gives team members the team's service skill (simulator default): the role names it unmanaged.
    extra = workspace.vars(onboarding_agents=LIST_AGENTS, onboarding_defaults=LIST_DEFAULTS,
                           onboarding_brightpattern_unmanaged_skills=["Sales"])
    first = run_playbook("onboarding_list", extra)
    assert first.rc == 0, first
    assert (recap(first)["localhost"]["changed"], recap(first)["localhost"]["failed"]) == (1, 0)
    assert sorted(sim_state("cec")["agents"]) == ["gina.list", "hank.list"]
    assert sorted(sim_state("bp")["users"]) == ["gina.list", "ivy.list"]
    assert sim_state("bp")["users"]["gina.list"]["skills"] == {"English": 100, "Sales": 100}
    ids = skill_ids(sim_state)
    assert sorted(s["skillId"] for s in sim_state("cec")["agents"]["hank.list"]["skills"]) == sorted(
        [ids["Sales"], ids["Outbound"]])
    tokens = [e for e in sim_log("bp") if e["path"].endswith("/oauth/token")]
    assert len(tokens) == 2  # the credential check before any write, then one module call for all users

    at = log_positions(sim_log)
    second = run_playbook("onboarding_list", extra)
    assert second.rc == 0 and recap(second)["localhost"]["changed"] == 0, second
    assert writes(sim_log, at) == ([], [])
    assert_no_password_leaks(list(workspace.stored_passwords().values()) + ["List-Mode-Passw0rd"],
                             [first, second], workspace)


def test_list_mode_reports_every_problem_at_once(run_playbook, workspace, sim_log):
    agents = [dict(LIST_AGENTS[0], hobby="chess"),
              dict(LIST_AGENTS[1], account="gina.list"),
              {"first_name": "No", "last_name": "Account", "cec": {"agent_type": "audio", "role": "agent"}}]
    result = run_playbook("onboarding_list", workspace.vars(onboarding_agents=agents, onboarding_defaults=LIST_DEFAULTS))
    assert result.rc == 2, result
    assert sim_log("cec") == [] and sim_log("bp") == []
    for problem in ["gina.list (onboarding_agents[0]): unknown field 'hobby'",
                    "account gina.list is given 2 times: onboarding_agents[0], onboarding_agents[1]",
                    "onboarding_agents[2]: account is required",
                    "onboarding_agents[2]: email is required to create the CEC agent"]:
        assert problem in result.stdout, problem


def test_an_unsafe_password_store_stops_before_any_request_and_says_why(run_playbook, workspace, sim_log):
    workspace.passwords.mkdir(mode=0o700)
    (workspace.passwords / "brightpattern").mkdir()
    (workspace.passwords / "brightpattern").chmod(0o755)  # others could read the passwords
    result = run_playbook("onboarding_list", workspace.vars(onboarding_agents=LIST_AGENTS,
                                                            onboarding_defaults=LIST_DEFAULTS))
    assert result.rc == 2, result
    assert sim_log("cec") == [] and sim_log("bp") == []
    assert "problem(s); nothing was written" in result.stdout
    assert "brightpattern initial passwords: " in result.stdout and "only its owner can access" in result.stdout
    assert workspace.stored_passwords() == {}  # the CEC passwords generated before are not kept
