# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""brightpattern_user and brightpattern_user_info through ansible-playbook against the simulator."""
from __future__ import annotations


import pytest

# The seed example of Create User (002), in the module's option names. The simulator's tenant gives every team
# member the team's service skill (team_skills), which the collection is told not to manage.
SHEILA = {"login_id": "sheila.thomas", "password": "ChangeMe", "first_name": "Sheila", "last_name": "Thomas",
          "team": "Customer Service", "extension": "1072", "work_phone": "4151234567",
          "mobile_phone": "6501234567", "email": "sheila.thomas@nowhere.net", "disabled": False,
          "change_password": True, "skills": {"Spanish": 100, "English": 100}, "roles": ["Agent", "Supervisor"],
          "unmanaged_skills": ["Customer Service"]}
SEED_BODY = {"loginId": "sheila.thomas", "password": "********", "firstName": "Sheila", "lastName": "Thomas",
             "team": "Customer Service", "extension": "1072", "workPhone": "4151234567",
             "mobilePhone": "6501234567", "email": "sheila.thomas@nowhere.net", "disabled": False,
             "changePassword": True, "skills": {"Spanish": 100, "English": 100}, "roles": ["Agent", "Supervisor"]}
MOD = "brightpattern_user"
USER = "/user/sheila.thomas"


def seeded_sheila(**changes):
    user = {k: v for k, v in SEED_BODY.items() if k != "password"}
    user.update(password="ChangeMe", **changes)
    return user


def test_create_reads_posts_reads_back_then_is_idempotent(steps, sim_state):
    check, create, again = steps({"args": SHEILA, "check": True}, {"args": SHEILA}, {"args": SHEILA})
    # A 404 is taken for "absent" only once the directory agrees (and lists no other spelling of the login).
    assert create.bp_calls() == ["GET /team", "GET " + USER, "GET /phone/user", "POST /user", "GET " + USER]
    assert create.bp_writes()[0]["body"] == SEED_BODY
    assert create.result["user"]["extension"] == "1072" and "password" not in create.result["user"]
    assert create.result["diff"]["after"]["password"] == "<set>"
    assert check.bp_writes() == [] and check.result["diff"] == create.result["diff"]
    assert check.result["changed"] is True
    # Check mode cannot know what the server adds (the team's service skill) or leaves out of its answers (phones).
    predicted, actual = check.result["user"], create.result["user"]
    assert actual == dict({k: v for k, v in predicted.items() if k not in ("work_phone", "mobile_phone")},
                          skills=dict(predicted["skills"], **{"Customer Service": 100}))
    assert again.result["changed"] is False and again.bp_writes() == []
    assert sim_state("bp")["users"]["sheila.thomas"]["has_password"] is True


def test_create_race_continues_as_update(steps, bp):
    bp("seed", {"users": [seeded_sheila(team="Sales", disabled=True)]})
    # Someone creates the user after our GET and our directory read: both still say absent.
    bp("faults", [{"path": "^/configapi/v2" + USER + "$", "method": "GET", "status": 404, "body": "user not found"},
                  {"path": "^/configapi/v2/phone/user$", "method": "GET", "status": 200, "body": "[]"}])
    (step,) = steps({"args": SHEILA})
    assert step.result["failed"] is False and step.result["changed"] is True
    assert step.bp_calls() == ["GET /team", "GET " + USER, "GET /phone/user", "POST /user", "GET " + USER,
                               "PUT " + USER, "GET " + USER]
    assert step.bp_writes()[1]["body"] == {"team": "Customer Service", "disabled": False}


def test_update_puts_only_what_differs_and_reads_back(steps):
    change = dict(SHEILA, disabled=True, team="Accounting", skills={"English": 100, "Spanish": 75},
                  unmanaged_skills=["Customer Service", "Accounting"])
    setup, check, update, again = steps({"args": SHEILA}, {"args": change, "check": True}, {"args": change},
                                        {"args": change})
    assert update.bp_calls() == ["GET /team", "GET " + USER, "PUT " + USER, "GET " + USER]
    # The PUT replaces the skills: it carries the unmanaged team service skill unchanged.
    assert update.bp_writes()[0]["body"] == {"disabled": True, "team": "Accounting",
                                             "skills": {"English": 100, "Spanish": 75, "Customer Service": 100}}
    assert update.result["changed_fields"] == ["disabled", "skills", "team"]
    assert check.bp_writes() == [] and check.result["diff"] == update.result["diff"]
    assert again.result["changed"] is False and again.bp_writes() == []


def test_field_the_server_did_not_keep_is_reported(steps, bp):
    bp("options", {"skills_put": "merge"})  # a skill the PUT leaves out stays: the removal did not happen
    setup, update = steps({"args": SHEILA}, {"args": dict(SHEILA, skills={"English": 50}), "fail": True})
    assert update.result["failed"] is True
    assert "did not persist: skills" in update.result["msg"] and "Spanish" in update.result["msg"]


@pytest.mark.parametrize("options", [{"put_response": "user"}, {"string_booleans": "reject"}])
def test_put_variants(steps, bp, options):
    bp("options", options)
    setup, update = steps({"args": SHEILA}, {"args": dict(SHEILA, disabled=True)})
    assert update.result["changed"] is True and update.result["user"]["disabled"] is True


def test_changes_put_cannot_make_fail_by_default(steps):
    change = dict(SHEILA, last_name="Thompson", roles=["Agent"], extension="1073")
    setup, step = steps({"args": SHEILA}, {"args": change, "fail": True})
    assert step.result["failed"] is True and step.bp_writes() == []
    msg = step.result["msg"]
    assert "last_name (current 'Thomas', desired 'Thompson')" in msg
    assert "roles (current ['Agent', 'Supervisor'], desired ['Agent'])" in msg
    assert "extension (current '1072', desired '1073')" in msg


def test_changes_put_cannot_make_can_warn(steps):
    change = dict(SHEILA, last_name="Thompson", disabled=True, on_unsupported_change="warn")
    setup, step = steps({"args": SHEILA}, {"args": change})
    assert step.result["changed_fields"] == ["disabled"]
    assert [w["body"] for w in step.bp_writes()] == [{"disabled": True}]
    assert any("last_name" in w for w in step.result["warnings"])


def test_changes_put_cannot_make_go_through_scim(steps, bp, sim_state):
    bp("options", {"get_phones": "when_set"})  # phones can be compared only where GET returns them
    change = dict(SHEILA, last_name="Thompson", email="sheila@example.com", roles=["Agent"],
                  work_phone="4150000000", disabled=True, use_scim=True)
    setup, step, again = steps({"args": SHEILA}, {"args": change}, {"args": change})
    calls = step.bp_calls()
    assert calls[:3] == ["GET /team", "GET " + USER, "PUT " + USER]
    assert calls[3].startswith("GET /scim/users") and calls[4].startswith("PATCH /scim/users/")
    scim_get = [e for e in step.bp if e["path"] == "/configapi/v2/scim/users"]
    assert [e["query"] for e in scim_get] == [{"filter": 'userName eq "sheila.thomas"'}]
    ops = {op["path"]: op.get("value") for op in step.bp_writes()[1]["body"]["Operations"]}
    assert ops["name.familyName"] == "Thompson" and ops["roles"] == [{"value": "Agent"}]
    assert again.result["changed"] is False and again.bp_writes() == []
    user = sim_state("bp")["users"]["sheila.thomas"]
    assert user["lastName"] == "Thompson" and user["workPhone"] == "4150000000"


def test_server_types_do_not_cause_false_changes(steps, bp):
    bp("options", {"get_string_booleans": True, "get_levels_as_strings": True})
    reordered = dict(SHEILA, roles=["Supervisor", "Agent"], skills={"English": "100", "Spanish": 100},
                     extension="1072")  # an unquoted number is refused (identifier=True, issue #14.9)
    setup, again = steps({"args": SHEILA}, {"args": reordered})
    assert again.result["changed"] is False and again.bp_writes() == []


def test_password_policies(steps):
    always = dict(SHEILA, password="N3wPassword", update_password="always")
    setup, on_create, first, second = steps({"args": SHEILA}, {"args": dict(SHEILA, password="Other-one")},
                                            {"args": always}, {"args": always})
    assert on_create.result["changed"] is False and on_create.bp_writes() == []
    for step in (first, second):
        assert step.result["changed"] is True and step.result["changed_fields"] == ["password"]
        assert [w["body"] for w in step.bp_writes()] == [{"password": "********"}]
        assert step.result["diff"]["after"]["password"] == "<changed>"


BAD_INPUTS = [
    ("skills", {"skills": {"English": 101}}),
    ("skills", {"skills": {"English": -1}}),
    ("skills", {"skills": {"English": "lots"}}),
    ("login_id", {"login_id": ""}),
    ("login_id", {"login_id": "  "}),
    ("state", {"state": "gone"}),
    ("disabled", {"disabled": "maybe"}),
    ("roles", {"roles": {"Agent": 1}}),
    ("extension", {"extension": "10x2"}),
    ("team", {"team": "No Such Team"}),
]


def test_bad_input_fails_before_any_write_naming_the_field(steps):
    results = steps(*[{"args": dict(SHEILA, **bad), "fail": True} for _field, bad in BAD_INPUTS])
    for (field, bad), step in zip(BAD_INPUTS, results):
        assert step.result["failed"] is True, (field, bad)
        assert field in step.result["msg"], (field, step.result["msg"])
        assert step.bp_writes() == [], (field, bad)


def test_unknown_skill_or_role_reports_the_api_answer(steps):
    skill, role = steps({"args": dict(SHEILA, skills={"Klingon": 50}), "fail": True},
                        {"args": dict(SHEILA, roles=["Overlord"]), "fail": True})
    for step, word in ((skill, "Klingon"), (role, "Overlord")):
        assert step.result["failed"] is True and step.result["status"] == 404
        assert word in step.result["msg"] and "POST /user (HTTP 404)" in step.result["msg"]


def test_wrong_client_secret_is_tried_once(steps, sim_log):
    users = [dict(SHEILA, login_id="u%d" % i, extension=str(2000 + i)) for i in range(5)]
    (step,) = steps({"args": {"users": users, "brightpattern_client_secret": "wrong-secret"}, "fail": True})
    assert step.result["failed"] is True and "401" in step.result["msg"]
    assert [e["path"] for e in step.bp] == ["/configapi/v2/oauth/token"]
    assert "wrong-secret" not in step.result["msg"]


def test_batch_keeps_going_and_fails_at_the_end(steps, sim_state):
    users = [dict(SHEILA, login_id="ok.one", extension="2001"),
             dict(SHEILA, login_id="bad.skill", extension="2002", skills={"Klingon": 1}),
             dict(SHEILA, login_id="bad.level", extension="2003", skills={"English": 500}),
             dict(SHEILA, login_id="ok.two", extension="2004")]
    (step,) = steps({"args": {"users": users}, "fail": True})
    assert step.result["failed_keys"] == ["bad.skill", "bad.level"]
    assert step.result["counts"]["created"] == 2 and step.result["counts"]["failed"] == 2
    assert sorted(sim_state("bp")["users"]) == ["ok.one", "ok.two"]


def test_batch_reads_the_directory_then_existing_users(steps, bp):
    bp("seed", {"users": [seeded_sheila(loginId="u%02d" % i, extension=str(3000 + i)) for i in range(6)]})
    users = [dict(SHEILA, login_id="u%02d" % i, extension=str(3000 + i)) for i in range(0, 10, 2)]
    (step,) = steps({"args": {"users": users}})
    gets = [c for c in step.bp_calls() if c.startswith("GET /user/")]
    assert "GET /phone/user" in step.bp_calls()
    # u00-u04 exist and are read once; u06 and u08 are created, then read back. Nothing else is read.
    assert sorted(gets) == ["GET /user/u00", "GET /user/u02", "GET /user/u04", "GET /user/u06", "GET /user/u08"]
    assert step.result["counts"] == {"created": 2, "updated": 0, "deleted": 0, "unchanged": 3, "failed": 0}


def test_absent_deletes_once(steps):
    gone = {"login_id": "sheila.thomas", "state": "absent"}
    setup, delete, again = steps({"args": SHEILA}, {"args": gone}, {"args": gone})
    assert [w["method"] for w in delete.bp_writes()] == ["DELETE"]
    assert again.result["changed"] is False and again.bp_writes() == []


def test_unlock_only_when_locked(steps, bp):
    bp("seed", {"users": [seeded_sheila(lockedOut=True)]})
    unlock = {"login_id": "sheila.thomas", "unlock": True}
    first, again = steps({"args": unlock}, {"args": unlock})
    assert [(w["method"], w["path"]) for w in first.bp_writes()] == [("PUT", "/configapi/v2/user/lock/sheila.thomas")]
    assert again.result["changed"] is False and again.bp_writes() == []


def test_digest_is_refused_before_any_call(steps):
    """Digest is documented only for the 3.x API (/admin/ws/t/<tenant>/...), never for /configapi/v2."""
    gone = {"login_id": "sheila.thomas", "state": "absent", "brightpattern_auth": "digest"}
    single, info = steps({"args": gone, "fail": True},
                         {"module": "brightpattern_user_info", "args": {"brightpattern_auth": "digest"}, "fail": True})
    for step in (single, info):
        assert step.result["failed"] is True and step.bp == []
        assert "3.x" in step.result["msg"] and "/admin/ws/t/" in step.result["msg"]


def test_info_module_feeds_back(steps):
    setup, one, everyone = steps({"args": SHEILA}, {"module": "brightpattern_user_info", "args": {"login_id": "sheila.thomas"}},
                                 {"module": "brightpattern_user_info", "args": {}})
    user = one.result["users"][0]
    assert user["skills"] == {"English": 100, "Spanish": 100, "Customer Service": 100} and "password" not in user
    assert "work_phone" not in user  # the server's answers have no workPhone
    assert everyone.result["users"] == one.result["users"]
    assert "Customer Service" in everyone.result["teams"]
    (feed,) = steps({"args": {"users": everyone.result["users"]}})
    assert feed.result["changed"] is False and feed.bp_writes() == []
