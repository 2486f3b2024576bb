# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""brightpattern_user's orphans option against the simulator: report, guarded disable and delete, scope."""
from __future__ import annotations

import functools

import pytest

MOD = "brightpattern_user"
API_USER = "api.admin"  # the simulator's client_id: the API user itself, never an orphan


def seeded(login, team="Billing", disabled=False):
    return {"loginId": login, "firstName": "F", "lastName": login, "team": team, "skills": {"English": 100},
            "roles": ["Agent"], "disabled": disabled}


def item(login, **extra):
    return dict({"login_id": login, "first_name": "F", "last_name": login, "team": "Billing",
                 "skills": {"English": 100}, "roles": ["Agent"], "unmanaged_skills": ["Billing"]}, **extra)


def batch(action="report", listed=("b.ann",), scope=None, **orphans):
    return {"users": [item(login) for login in listed],
            "orphans": dict({"action": action, "scope": scope or {"teams": ["Billing"]}, "keep": ["b.svc"]},
                            **orphans)}


@pytest.fixture
def steps(module_steps, sim_control):
    # Billing: b.ann (listed), b.old, x.bill (orphans), b.gone (orphan, already disabled), b.svc (keep), the API
    # user; Sales: s.out (outside the scope)
    sim_control("brightpattern", "seed", {"users": [
        seeded("b.ann"), seeded("b.old"), seeded("b.gone", disabled=True), seeded("b.svc"), seeded("x.bill"),
        seeded(API_USER), seeded("s.out", team="Sales")]})
    return functools.partial(module_steps, MOD)


def orphan_results(step):
    return {r["login_id"]: r for r in step.result["results"] if r.get("orphan")}


def disabled(sim_state):
    return {login: u["disabled"] for login, u in sim_state("bp")["users"].items()}


def test_check_mode_reports_orphans_with_reason_and_diff_and_writes_nothing(steps):
    report, check = steps({"args": batch(), "check": True}, {"args": batch("disable"), "check": True})
    for step in (report, check):
        assert step.bp_writes() == [] and step.result["failed"] is False
        assert sorted(orphan_results(step)) == ["b.gone", "b.old", "x.bill"]
        assert step.result["counts"]["orphans"] == 3
    assert report.result["orphans"][1] == {"login_id": "b.old", "action": "report",
                                           "reason": "not in users; in scope (team Billing in teams=[Billing])"}
    assert report.result["changed"] is False
    ops = {k: r["operation"] for k, r in orphan_results(check).items()}
    assert ops == {"b.gone": "none", "b.old": "update", "x.bill": "update"}
    assert check.result["counts"]["updated"] == 2 and check.result["counts"]["unchanged"] == 2
    assert [(d["before_header"], d["before"]["disabled"], d["after"]["disabled"]) for d in check.result["diff"]] == [
        ("b.old", False, True), ("x.bill", False, True)]


def test_disable_within_scope_only_then_nothing_then_reversible(steps, sim_state):
    disable, again, back = steps({"args": batch("disable")}, {"args": batch("disable")},
                                 {"args": {"users": [item("b.old", disabled=False)]}})
    assert sorted((w["method"], w["path"].rsplit("/", 1)[-1], w["body"]) for w in disable.bp_writes()) == [
        ("PUT", "b.old", {"disabled": True}), ("PUT", "x.bill", {"disabled": True})]
    assert disabled(sim_state) == {"b.ann": False, "b.old": False, "b.gone": True, "b.svc": False, "x.bill": True,
                                   API_USER: False, "s.out": False}
    assert again.result["changed"] is False and again.bp_writes() == []
    # re-adding the person with disabled: false restores the same user, with its history
    assert [w["body"] for w in back.bp_writes()] == [{"disabled": False}]


def test_both_scopes_must_match_and_excluded_logins_are_not_read(steps):
    (step,) = steps({"args": batch("report", scope={"teams": ["Billing"], "logins": ["b.*"]}), "check": True})
    assert sorted(orphan_results(step)) == ["b.gone", "b.old"]
    read = {c.split("/user/")[-1] for c in step.bp_calls() if c.startswith("GET /user/")}
    assert read == {"b.ann", "b.old", "b.gone"}  # not x.bill, s.out (globs) nor b.svc, the API user (spared)


def test_guard_fails_before_any_write(steps, sim_state):
    args = dict(batch("delete", max_removals=2), users=[item("b.ann", disabled=True)])
    check, real, raised = steps({"args": args, "check": True, "fail": True}, {"args": args, "fail": True},
                                {"args": dict(args, orphans=dict(args["orphans"], max_removals=3))})
    for step in (check, real):
        assert step.result["failed"] is True and step.bp_writes() == []
        assert "3 orphans would be removed (action delete), more than orphans.max_removals (2): b.gone, b.old, " \
               "x.bill" in step.result["msg"]
        assert sorted(o["login_id"] for o in step.result["orphans"]) == ["b.gone", "b.old", "x.bill"]
    assert sorted((w["method"], w["path"].rsplit("/", 1)[-1]) for w in raised.bp_writes()) == [
        ("DELETE", "b.gone"), ("DELETE", "b.old"), ("DELETE", "x.bill"), ("PUT", "b.ann")]
    assert set(sim_state("bp")["users"]) == {"b.ann", "b.svc", API_USER, "s.out"}


def test_directory_refused_fails_before_any_write(steps, sim_control):
    sim_control("brightpattern", "options", {"phone_directory": "forbidden"})
    (step,) = steps({"args": dict(batch("disable"), users=[item("b.ann", disabled=True)]), "fail": True})
    assert step.result["failed"] is True and step.bp_writes() == [] and "403" in step.result["msg"]


def test_single_form_is_refused(steps):
    (step,) = steps({"args": {"login_id": "b.ann", "orphans": {"scope": {"teams": ["Billing"]}}}, "fail": True})
    assert "needs the batch form" in step.result["msg"] and step.bp_writes() == []


def test_directory_that_lacks_a_listed_user_fails_before_any_write(steps):
    empty = {"path": "/phone/user$", "method": "GET", "status": 200, "count": 1, "body": "[]"}
    (step,) = steps({"args": batch("delete", max_removals=9), "bp_faults": [empty], "fail": True})
    assert step.bp_writes() == [] and "does not list 'b.ann'" in step.result["msg"]
