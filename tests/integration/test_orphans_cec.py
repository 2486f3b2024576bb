# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""cec_agent_account's orphans option against the simulator: report, guarded delete, quarantine."""
from __future__ import annotations

import functools

import pytest

MOD = "cec_agent_account"
ORPHANS = ["sales_002", "sales_003"]


def seeded(account, skill=4):
    return {"userAccount": account, "userName": account[:20], "email": "%s@x.io" % account, "phone": "",
            "agentType": 4, "ccRoleId": 2, "skills": [{"skillId": skill, "agentWeight": 1, "skillWeight": 1}]}


def item(account, **extra):
    return dict({"user_account": account, "user_name": account[:20], "email": "%s@x.io" % account,
                 "agent_type": "audio", "role": "agent", "skills": [{"skill_id": 4}]}, **extra)


def batch(action="report", listed=("sales_001",), **orphans):
    return {"agents": [item(a) for a in listed],
            "orphans": dict({"action": action, "scope": {"accounts": ["sales_*"]}, "keep": ["sales_svc"],
                             "known": ["sales_004"]}, **orphans)}


@pytest.fixture
def steps(module_steps, sim_control):
    # in scope: sales_001 (listed), sales_002/003 (orphans), sales_svc (keep), sales_004 (known); out: other_001
    sim_control("cec", "seed", {"agents": [seeded(a) for a in (
        "sales_001", "sales_002", "sales_003", "sales_svc", "sales_004", "other_001")]})
    return functools.partial(module_steps, MOD)


def orphan_results(step):
    return [r for r in step.result["results"] if r.get("orphan")]


def test_check_mode_reports_orphans_with_reason_and_diff_and_writes_nothing(steps):
    report, check_delete = steps({"args": batch(), "check": True}, {"args": batch("delete"), "check": True})
    for step in (report, check_delete):
        assert step.cec_writes() == [] and step.result["failed"] is False
        assert [r["user_account"] for r in orphan_results(step)] == ORPHANS
        assert step.result["counts"]["orphans"] == 2
        first = orphan_results(step)[0]
        assert step.result["orphans"][0] == {"user_account": "sales_002", "action": first["orphan_action"],
                                             "reason": "not in agents; in scope (user_account sales_002 in "
                                                       "accounts=[sales_*])"}
    assert orphan_results(report)[0]["orphan_action"] == "report"
    assert orphan_results(check_delete)[0]["orphan_action"] == "delete"
    assert report.result["changed"] is False and report.result["diff"] == []
    assert [r["operation"] for r in orphan_results(report)] == ["none", "none"]
    assert orphan_results(report)[0]["agent"]["email"] == "sales_002@x.io"
    assert check_delete.result["changed"] is True
    assert check_delete.result["counts"] == {"created": 0, "updated": 0, "deleted": 2, "unchanged": 1, "failed": 0,
                                             "orphans": 2}
    assert [d["before_header"] for d in check_delete.result["diff"]] == ORPHANS
    assert check_delete.result["diff"][0]["after"] == {}


def test_delete_removes_only_orphans_in_scope_then_nothing(steps, sim_state):
    delete, again = steps({"args": batch("delete")}, {"args": batch("delete")})
    # the writes run in parallel: their order in the log is not fixed
    assert sorted((w["body"] for w in delete.cec_writes()), key=str) == [{"userAccount": a} for a in ORPHANS]
    assert set(sim_state("cec")["agents"]) == {"sales_001", "sales_svc", "sales_004", "other_001"}
    assert [r["operation"] for r in orphan_results(delete)] == ["delete", "delete"]
    assert again.result["changed"] is False and again.cec_writes() == [] and again.result["orphans"] == []


def test_guard_fails_before_any_write_even_in_check_mode(steps, sim_state):
    # the listed item needs an update too: it must not be written either
    args = dict(batch("delete", max_removals=1), agents=[item("sales_001", user_name="Renamed")])
    check, real = steps({"args": args, "check": True, "fail": True}, {"args": args, "fail": True})
    for step in (check, real):
        assert step.result["failed"] is True and step.cec_writes() == []
        assert "2 orphans would be removed (action delete), more than orphans.max_removals (1): sales_002, " \
               "sales_003" in step.result["msg"]
        assert "set orphans.max_removals to 2 for this run" in step.result["msg"]
        assert [o["user_account"] for o in step.result["orphans"]] == ORPHANS
    assert len(sim_state("cec")["agents"]) == 6
    (raised,) = steps({"args": dict(args, orphans=dict(args["orphans"], max_removals=2))})
    assert len(raised.cec_writes()) == 3 and raised.result["failed"] is False


def test_quarantine_removes_skill_queues_reversibly(steps, sim_state):
    quarantine, again, back = steps({"args": batch("quarantine")}, {"args": batch("quarantine")},
                                    {"args": batch("quarantine", listed=("sales_001", "sales_002"))})
    assert sorted((w["body"] for w in quarantine.cec_writes()), key=str) == [
        {"userAccount": a, "skills": []} for a in ORPHANS]
    assert [r["operation"] for r in orphan_results(quarantine)] == ["update", "update"]
    assert quarantine.result["diff"][0]["before"]["skills"] and quarantine.result["diff"][0]["after"]["skills"] == {}
    assert again.result["changed"] is False and again.cec_writes() == []
    agents = sim_state("cec")["agents"]
    assert agents["sales_003"]["skills"] == [] and agents["sales_svc"]["skills"] and agents["other_001"]["skills"]
    # re-adding the person restores the queues (the account, its workNo and password were never touched)
    assert [w["body"] for w in back.cec_writes()] == [
        {"userAccount": "sales_002", "skills": [{"skillId": 4, "agentWeight": 1, "skillWeight": 1}]}]
    assert sim_state("cec")["agents"]["sales_002"]["skills"] == [{"skillId": 4, "agentWeight": 1, "skillWeight": 1}]


def test_quarantine_fails_when_the_server_ignores_an_empty_skill_list(steps, sim_control):
    sim_control("cec", "options", {"skills_empty_list": "ignored"})
    (step,) = steps({"args": batch("quarantine", max_removals=2), "fail": True})
    failed = [r for r in orphan_results(step) if r["failed"]]
    assert [r["user_account"] for r in failed] == ORPHANS and "did not persist: skills" in failed[0]["msg"]


@pytest.mark.parametrize("args, text", [
    ({"user_account": "sales_001", "orphans": {"scope": {"accounts": ["sales_*"]}}}, "needs the batch form"),
    ({"agents": [], "orphans": {"scope": {"accounts": []}}}, "orphans.scope: must name at least one of accounts"),
])
def test_input_errors(steps, args, text):
    (step,) = steps({"args": args, "fail": True})
    assert text in step.result["msg"] and step.cec_writes() == []


def test_listing_that_lacks_a_listed_account_fails_before_any_write(steps):
    # the per-account query finds sales_001; then the listing's page 0 answers empty: it is not complete
    empty = {"path": "/agentAccount/query$", "method": "POST", "status": 200, "skip": 1, "count": 1,
             "body": '{"resultCode": "0", "resultMessage": "get agent account info success", "data": []}'}
    (step,) = steps({"args": batch("delete", max_removals=9), "cec_faults": [empty], "fail": True})
    assert step.cec_writes() == [] and "does not list 'sales_001'" in step.result["msg"]
    assert "nothing was written" in step.result["msg"]


def test_orphans_beyond_the_first_page(steps, sim_control, sim_state):
    # 120 more accounts: the simulator caps pages at 50 silently and sends no total
    sim_control("cec", "seed", {"agents": [seeded("sales_1%02d" % i) for i in range(100)]})
    listed = ["sales_001", "sales_svc", "sales_004"] + ["sales_1%02d" % i for i in range(100) if i not in (7, 98)]
    (step,) = steps({"args": batch("delete", listed=listed, max_removals=4)})
    assert sorted(w["body"]["userAccount"] for w in step.cec_writes()) == ORPHANS + ["sales_107", "sales_198"]
    assert "other_001" in sim_state("cec")["agents"] and len(sim_state("cec")["agents"]) == 102
