# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""brightpattern_user where the vendor docs are silent or contradict themselves: each reading the simulator
plays must end in a proven result or a failure that names the call, never in a silent "ok" or a wrong write."""
from __future__ import annotations

import json

import pytest

MOD = "brightpattern_user"
INFO = "brightpattern_user_info"
API = "/configapi/v2"
ANN = {"login_id": "ann.lee", "first_name": "Ann", "last_name": "Lee", "team": "Sales",
       "skills": {"English": 100}, "roles": ["Agent"]}


def seeded(login, **fields):
    user = {"loginId": login, "firstName": "Seed", "lastName": "User", "team": "Sales", "skills": {"English": 100},
            "roles": ["Agent"], "email": login.replace("\\", "") + "@example.com"}
    user.update(fields)
    return user


def warnings_with(step, *words):
    return [w for w in step.result.get("warnings", []) if all(word in w for word in words)]


# ------------------------------------------------------------------ 13.3 team service skills
def test_team_service_skill_warns_on_create_and_is_kept_when_unmanaged(steps, sim_state):
    managed = dict(ANN, unmanaged_skills=["Sales"])
    create, again, update, declared = steps({"args": ANN}, {"args": managed},
                                            {"args": dict(managed, skills={"English": 60})},
                                            {"args": dict(managed, login_id="bob.declared")})
    assert create.result["failed"] is False and create.result["changed"] is True  # was: "did not persist: skills"
    assert len(warnings_with(create, "Sales", "unmanaged_skills")) == 1
    # a create that already names the team's skill unmanaged has nothing to be told about it
    assert declared.result["operation"] == "create" and warnings_with(declared, "Sales") == []
    assert again.result["changed"] is False and again.bp_writes() == []
    assert [w["body"] for w in update.bp_writes()] == [{"skills": {"English": 60, "Sales": 100}}]
    assert sim_state("bp")["users"]["ann.lee"]["skills"] == {"English": 60, "Sales": 100}


def test_unmanaged_skills_at_the_top_apply_to_every_item(steps, sim_state):
    users = [dict(ANN, login_id="u%d" % i) for i in range(3)]
    setup, again = steps({"args": {"users": users}}, {"args": {"users": users, "unmanaged_skills": ["Sales"]}})
    assert setup.result["counts"]["created"] == 3 and setup.result["failed"] is False
    assert again.result["changed"] is False and again.bp_writes() == []
    assert all(u["skills"]["Sales"] == 100 for u in sim_state("bp")["users"].values())


def test_value_the_server_lost_is_still_a_failure(steps, bp):
    bp("options", {"dialect": "lenient"})
    setup, = steps({"args": ANN})
    stale = {"loginId": "ann.lee", "firstName": "Ann", "lastName": "Lee", "team": "Sales", "extension": "1000",
             "email": "", "disabled": False, "changePassword": False, "skills": {"English": 100}, "roles": ["Agent"]}
    fault = {"path": "^%s/user/ann\\.lee$" % API, "method": "GET", "skip": 1, "status": 200, "body": json.dumps(stale)}
    update, = steps({"args": dict(ANN, skills={"English": 60}), "bp_faults": [fault], "fail": True})
    assert update.result["failed"] is True and "did not persist: skills" in update.result["msg"]


# ------------------------------------------------------------------ 13.4 phones GET does not return
def test_phones_the_server_does_not_return_are_not_failures(steps, sim_state):
    ann = dict(ANN, work_phone="4151234567", mobile_phone="6501234567", unmanaged_skills=["Sales"])
    create, again = steps({"args": ann}, {"args": dict(ann, work_phone="4150000000")})
    assert create.result["failed"] is False and create.result["changed"] is True
    assert again.result["changed"] is False and again.bp_writes() == []
    for step in (create, again):
        assert len(warnings_with(step, "workPhone", "work_phone")) == 1
        assert len(warnings_with(step, "mobilePhone", "mobile_phone")) == 1
    assert sim_state("bp")["users"]["ann.lee"]["workPhone"] == "4151234567"


# ------------------------------------------------------------------ 13.6 a 404 that is not the API's
def test_proxy_404_for_a_listed_user_is_not_absent(steps, bp, sim_state):
    bp("seed", {"users": [seeded("ann.lee")]})
    fault = {"path": "^%s/user/ann\\.lee$" % API, "method": "GET", "status": 404, "count": None,
             "body": "<html><body>404 Not Found (nginx)</body></html>"}
    gone = {"login_id": "ann.lee", "state": "absent"}
    single, = steps({"args": gone, "bp_faults": [fault], "fail": True})
    assert single.result["failed"] is True and single.bp_writes() == []  # was: ok, changed false
    assert "404" in single.result["msg"] and API + "/user/ann.lee" in single.result["msg"]
    batch, = steps({"args": {"users": [gone, {"login_id": "nobody", "state": "absent"}]}, "fail": True})
    assert batch.result["failed_keys"] == ["ann.lee"] and batch.bp_writes() == []
    assert "ann.lee" in sim_state("bp")["users"]


def test_wrong_url_prefix_fails_naming_the_url(steps, simulators):
    url = simulators.brightpattern.url + "/bp"
    step, = steps({"args": {"login_id": "ann.lee", "state": "absent", "brightpattern_url": url}, "fail": True})
    assert step.result["failed"] is True and "404" in step.result["msg"]
    assert "/configapi/v2/oauth/token" in step.result["msg"]


# ------------------------------------------------------------------ 13.7 directory privilege
def test_directory_refused_falls_back_to_reading_each_user(steps, bp, sim_state):
    bp("options", {"phone_directory": "forbidden"})
    bp("seed", {"users": [seeded("old.one"), seeded("ann.lee", firstName="Ann", lastName="Lee",
                                                    skills={"English": 100, "Sales": 100})]})
    users = [dict(ANN, unmanaged_skills=["Sales"]), dict(ANN, login_id="new.one", unmanaged_skills=["Sales"]),
             {"login_id": "old.one", "state": "absent"}, {"login_id": "never.was", "state": "absent"}]
    first, again, one = steps({"args": {"users": users}}, {"args": {"users": users}},
                              {"module": INFO, "args": {"login_id": "ann.lee"}})
    assert first.result["counts"] == {"created": 1, "updated": 0, "deleted": 1, "unchanged": 2, "failed": 0}
    assert len(warnings_with(first, "/phone/user", "403", "privilege")) == 1
    assert again.result["changed"] is False and again.bp_writes() == []
    assert sorted(sim_state("bp")["users"]) == ["ann.lee", "new.one"]
    assert [u["login_id"] for u in one.result["users"]] == ["ann.lee"]
    export, = steps({"module": INFO, "args": {}, "fail": True})
    assert export.result["failed"] is True and "403" in export.result["msg"]
    assert "privilege" in export.result["msg"] and "/phone/user" in export.result["msg"]


# ------------------------------------------------------------------ 13.10c change_password
def test_change_password_is_set_on_create_only(steps, bp, sim_state):
    ann = dict(ANN, change_password=True, unmanaged_skills=["Sales"])
    create, = steps({"args": ann})
    assert create.bp_writes()[0]["body"]["changePassword"] is True
    bp("seed", {"users": [seeded("ann.lee", firstName="Ann", lastName="Lee", changePassword=False,
                                 skills={"English": 100, "Sales": 100})]})  # the agent changed the password
    again, forced = steps({"args": ann}, {"args": dict(ann, update_password="always")})
    assert again.result["changed"] is False and again.bp_writes() == []  # was: PUT changePassword every run
    assert [w["body"] for w in forced.bp_writes()] == [{"changePassword": True}]
    assert sim_state("bp")["users"]["ann.lee"]["changePassword"] is True


# ------------------------------------------------------------------ 14.2 SCIM filter injection
def test_scim_filter_escapes_the_login(steps, bp, sim_state):
    bp("seed", {"users": [seeded("victim"), seeded("vi\\ctim", extension="3001")]})
    change = {"login_id": "vi\\ctim", "last_name": "Changed", "use_scim": True}
    step, = steps({"args": change})
    assert step.result["failed"] is False and step.result["changed"] is True
    lookup = [e["query"] for e in step.bp if e["path"] == API + "/scim/users"]
    assert lookup == [{"filter": 'userName eq "vi\\\\ctim"'}]
    users = sim_state("bp")["users"]
    assert users["vi\\ctim"]["lastName"] == "Changed" and users["victim"]["lastName"] == "User"


# ------------------------------------------------------------------ 14.3 logins that are path segments
@pytest.mark.parametrize("login", ["..", ".", "a//b", "x/../victim", "victim/."])
def test_login_that_is_a_path_segment_is_refused_before_any_call(steps, bp, sim_state, login):
    bp("seed", {"users": [seeded("victim")]})
    step, = steps({"args": {"login_id": login, "state": "absent"}, "fail": True})
    assert step.result["failed"] is True and step.bp == []
    assert "login_id" in step.result["msg"] and "path segment" in step.result["msg"]
    assert "victim" in sim_state("bp")["users"]


def test_answer_about_another_path_writes_nothing(steps, bp, sim_state):
    bp("seed", {"users": [seeded("victim", lockedOut=True)]})
    step, = steps({"args": {"login_id": "lock/victim", "state": "absent"}, "fail": True})
    assert step.result["failed"] is True and step.bp_writes() == []
    assert sim_state("bp")["users"]["victim"]["lockedOut"] is True


# ------------------------------------------------------------------ 14.10 case-only matches
def test_case_only_match_fails_naming_both_spellings(steps, bp, sim_state):
    bp("seed", {"users": [seeded("mixed.case")]})
    mixed = dict(ANN, login_id="Mixed.Case")
    single, batch = steps({"args": mixed, "fail": True},
                          {"args": {"users": [mixed, dict(ANN, login_id="other.one")]}, "fail": True})
    for step in (single, batch):
        msg = step.result["msg"]
        assert "'Mixed.Case'" in msg and "'mixed.case'" in msg and "letter case" in msg
    assert single.bp_writes() == []
    assert batch.result["failed_keys"] == ["Mixed.Case"] and batch.result["counts"]["created"] == 1
    assert sorted(sim_state("bp")["users"]) == ["mixed.case", "other.one"]


def test_case_insensitive_server_answering_another_spelling_fails(steps, bp, sim_state):
    bp("options", {"login_case": "insensitive"})
    bp("seed", {"users": [seeded("mixed.case")]})
    step, = steps({"args": {"login_id": "Mixed.Case", "state": "absent"}, "fail": True})
    assert step.result["failed"] is True and step.bp_writes() == []
    assert "'mixed.case'" in step.result["msg"] and "'Mixed.Case'" in step.result["msg"]
    assert "mixed.case" in sim_state("bp")["users"]
