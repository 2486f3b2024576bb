# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The core Bright Pattern scenarios against each simulator dialect (tests/simulators/README.md, "Dialects"):
whatever reading of the docs the server follows, a run either proves its result or fails naming the call, and a
second run writes nothing."""
from __future__ import annotations

import functools

import pytest

MOD = "brightpattern_user"
INFO = "brightpattern_user_info"
TENANT = {"unmanaged_skills": ["Sales", "Billing"]}  # the teams' service skills, which the tenant manages
ANN = dict(TENANT, login_id="ann.lee", first_name="Ann", last_name="Lee", team="Sales", extension="4001",
           work_phone="4151234567", email="ann@example.com", disabled=False, change_password=True,
           skills={"English": 100, "Spanish": 50}, roles=["Agent"], password="Initial-Pass1")
BOB = dict(TENANT, login_id="bob.king", first_name="Bob", last_name="King", team="Sales", extension="4002",
           skills={"English": 80}, roles=["Agent"])
LEAVER = {"loginId": "old.leaver", "firstName": "Old", "lastName": "Leaver", "team": "Sales",
          "skills": {"English": 100, "Sales": 100}, "roles": ["Agent"]}


@pytest.fixture(params=["inconvenient", "literal", "lenient"])
def dialect(request, sim_control):
    sim_control("brightpattern", "options", {"dialect": request.param})
    sim_control("brightpattern", "seed", {"users": [LEAVER]})
    return request.param


def unproven_ok(step, login=None, absent=()):
    """Items reported ok without proof: a present user must come back as the server showed it (the login it
    answered), an absent one only after GET /phone/user (the directory) agreed that it is not there."""
    items = step.result.get("results") or [dict(step.result, login_id=login)]
    listed = any(e["path"].endswith("/phone/user") and e["status"] == 200 for e in step.bp)
    read = {e["path"].rsplit("/", 1)[-1] for e in step.bp if "/user/" in e["path"] and e["status"] == 200}
    return [r["login_id"] for r in items if not r.get("failed") and (
        not listed if r["login_id"] in absent else r["login_id"] not in read or not r["user"])]


def test_core_scenarios(dialect, module_steps, sim_state):
    steps = functools.partial(module_steps, MOD)
    update = dict(ANN, disabled=True, team="Billing", skills={"English": 100, "Spanish": 75})
    batch = [dict(BOB), {"login_id": "old.leaver", "state": "absent"}, dict(update)]
    create, create_again, change, change_again, leaver, leaver_again, export = steps(
        {"args": ANN}, {"args": ANN}, {"args": update}, {"args": update},
        {"args": {"users": batch}}, {"args": {"users": batch}}, {"module": INFO, "args": {}})
    # The export is what the server says; fed back as users, it changes nothing.
    gone = {"login_id": "ann.lee", "state": "absent"}
    feed, delete, delete_again = steps({"args": {"users": export.result["users"]}}, {"args": gone}, {"args": gone})
    assert feed.result["changed"] is False and feed.bp_writes() == [], feed.result
    assert create.result["operation"] == "create" and create.result["failed"] is False
    assert [w["method"] for w in create.bp_writes()] == ["POST"]
    assert change.result["changed_fields"] == ["disabled", "skills", "team"]
    assert [w["method"] for w in change.bp_writes()] == ["PUT"]
    assert leaver.result["counts"] == {"created": 1, "updated": 0, "deleted": 1, "unchanged": 1, "failed": 0}
    assert [w["method"] for w in delete.bp_writes()] == ["DELETE"]
    for again in (create_again, change_again, leaver_again, delete_again):
        assert again.result["changed"] is False and again.bp_writes() == [], (dialect, again.result)
    for step in (create, create_again, change, change_again):
        assert unproven_ok(step, "ann.lee") == [], step.result
    for step in (leaver, leaver_again):
        assert unproven_ok(step, absent=("old.leaver",)) == [], step.result
    assert unproven_ok(delete_again, "ann.lee", absent=("ann.lee",)) == []
    exported = {u["login_id"]: u for u in export.result["users"]}
    assert sorted(exported) == ["ann.lee", "bob.king"] and export.bp_writes() == []
    assert exported["ann.lee"]["team"] == "Billing" and exported["ann.lee"]["skills"]["Spanish"] == 75
    assert ("work_phone" in exported["ann.lee"]) is (dialect == "lenient")  # only lenient servers return phones
    assert sorted(sim_state("bp")["users"]) == ["bob.king"]
