# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The pure plan: which operation, which fields, what the diff shows."""
from __future__ import annotations

import pytest

from ansible_collections.contactcenter.agents.plugins.module_utils._entity import UNKNOWN, EntitySpec, Field
from ansible_collections.contactcenter.agents.plugins.module_utils._errors import InputError
from ansible_collections.contactcenter.agents.plugins.module_utils._reconcile import (
    SECRET_CHANGED, SECRET_SET, mismatches, plan_entity, server_added)

from ansible_collections.contactcenter.agents.tests.unit.plugins.module_utils.toy import TOY

PRESENT = {"state": "present", "update_password": "on_create"}
CURRENT = {"login": "bob", "name": "Bob", "phone": None, "level": 1, "active": True,
           "roles": ["Agent"], "skills": {"English": 50}, "team": "Sales"}


def plan(desired, current=None, **controls):
    """Plan against ``current`` (default: CURRENT); pass ``absent=True`` for a missing entity."""
    if controls.pop("absent", False):
        current = None
    elif current is None:
        current = CURRENT
    return plan_entity(TOY, TOY.desired(dict(desired, login="bob")), current, dict(PRESENT, **controls))


def test_create_sends_everything_and_masks_the_password():
    p = plan({"name": "Bob", "password": "s3cret!", "level": 2}, absent=True)
    assert p.op == "create"
    assert p.changes == {"name": "Bob", "password": "s3cret!", "level": 2}
    assert p.after == {"login": "bob", "name": "Bob", "level": 2, "password": SECRET_SET}
    assert "s3cret!" not in repr(p.after) + repr(p.before)


def test_create_without_required_fields_names_them():
    with pytest.raises(InputError, match="needs name, password"):
        plan({"level": 2}, absent=True)


def test_create_checks_rules_before_any_write():
    with pytest.raises(InputError, match="name: must be at most 5"):
        plan({"name": "Roberta", "password": "x"}, absent=True)


def test_nothing_differs_means_no_operation():
    p = plan({"name": "Bob", "roles": ["Agent"], "skills": {"English": 50}, "password": "other"})
    assert p.op == "none" and p.changes == {} and p.before == p.after


def test_update_carries_only_what_differs():
    p = plan({"name": "Bob", "level": 3, "phone": "555"})
    assert p.op == "update"
    assert p.changes == {"level": 3, "phone": "555"}
    assert p.before == {"login": "bob", "name": "Bob", "level": 1, "phone": None}
    assert p.after == {"login": "bob", "name": "Bob", "level": 3, "phone": "555"}


def test_lists_and_maps_compare_without_order():
    current = dict(CURRENT, roles=["Agent", "Supervisor"], skills={"English": 50, "Spanish": 100})
    assert plan({"roles": ["Supervisor", "Agent"], "skills": {"Spanish": 100, "English": 50}}, current).op == "none"


def test_map_is_the_complete_set_unless_appending():
    assert plan({"skills": {"Spanish": 100}}).changes == {"skills": {"Spanish": 100}}
    appended = plan({"skills": {"Spanish": 100}}, append_skills=True)
    assert appended.changes == {"skills": {"English": 50, "Spanish": 100}}
    assert plan({"skills": {"English": 50}}, append_skills=True).op == "none"


def test_empty_value_clears_and_equals_empty():
    assert plan({"phone": None}).op == "none"
    assert plan({"roles": []}).changes == {"roles": []}


def test_password_only_sent_when_asked_and_shown_as_marker():
    assert plan({"password": "n3w"}).op == "none"
    p = plan({"password": "n3w"}, update_password="always")
    assert p.changes == {"password": "n3w"} and p.after["password"] == SECRET_CHANGED
    assert "n3w" not in repr(p.after)


def test_unknown_current_values_are_not_compared():
    assert plan({"level": 9}, dict(CURRENT, level=UNKNOWN)).op == "none"


def test_non_updatable_fields_are_flagged_not_dropped():
    p = plan({"team": "Billing", "level": 2})
    assert p.unsupported == [("team", "Sales", "Billing")]
    assert p.changes == {"team": "Billing", "level": 2}


def test_a_plan_without_some_fields_keeps_their_current_values_and_drops_secret_markers():
    p = plan({"team": "Billing", "level": 2, "password": "n3w"}, update_password="always")
    rest = p.without({"team", "password"})
    assert rest.op == "update" and rest.changes == {"level": 2} and rest.unsupported == []
    assert rest.after == dict(p.before, level=2) and rest.before == p.before
    assert p.changes == {"team": "Billing", "level": 2, "password": "n3w"}  # the original is left as it was
    nothing = p.without({"team", "level", "password"})
    assert nothing.op == "none" and nothing.after == p.before and nothing.changed_fields == []


def test_absent_deletes_only_what_exists():
    assert plan_entity(TOY, {"login": "bob"}, None, {"state": "absent"}).op == "none"
    p = plan_entity(TOY, {"login": "bob"}, CURRENT, {"state": "absent"})
    assert p.op == "delete" and p.after == {} and p.before["team"] == "Sales"


def test_mismatches_finds_what_the_server_did_not_keep():
    p = plan({"level": 3, "password": "x", "skills": {"A": 1}}, update_password="always")
    assert mismatches(TOY, p, dict(CURRENT, level=3, skills={"A": 1})) == []
    assert mismatches(TOY, p, dict(CURRENT, level=1, skills={"A": 2})) == [
        ("level", 3, 1), ("skills", {"A": 1}, {"A": 2})]
    assert mismatches(TOY, p, dict(CURRENT, level=3, skills={"B": 2})) == [("skills", {"A": 1}, {"B": 2})]
    assert mismatches(TOY, p, None) == [("login", "bob", None)]


def test_a_map_key_the_server_added_is_not_lost_but_reported_apart():
    p = plan({"level": 3, "skills": {"A": 1}})  # the entity had English: the write removes it
    readback = dict(CURRENT, level=3, skills={"A": 1, "B": 2})
    assert mismatches(TOY, p, readback) == []
    assert server_added(TOY, p, readback, {}) == [("skills", {"B": 2})]
    assert server_added(TOY, p, dict(readback, skills={"A": 1}), {}) == []
    kept = dict(readback, skills={"A": 1, "English": 50})  # a server that merges instead of replacing
    assert mismatches(TOY, p, kept) == [("skills", {"A": 1}, {"A": 1, "English": 50})]
    assert server_added(TOY, p, kept, {}) == []


# A spec with the contract's field flags: unmanaged map keys and a flag set only on create.
PET = EntitySpec(
    name="pet", key="login", list_option="pets", result_key="pet",
    fields=[
        Field("login", "loginId", identifier=True),
        Field("skills", "skills", kind="map", unmanaged_option="unmanaged_skills", merge_option="append_skills"),
        Field("change_password", "changePassword", kind="bool", on_create_only=True, no_log=False),
        Field("password", "password", write_only=True),
    ],
)
PET_NOW = {"login": "rex", "skills": {"Sit": 5, "Fetch": 3, "Legacy": 9}, "change_password": False}


def pet_plan(desired, current="now", **controls):
    current = PET_NOW if current == "now" else current
    return plan_entity(PET, PET.desired(dict(desired, login="rex")), current, dict(PRESENT, **controls))


def test_unmanaged_keys_are_ignored_on_both_sides_and_written_back_unchanged():
    assert pet_plan({"skills": {"Sit": 5, "Fetch": 3}}, unmanaged_skills=["Legacy"]).op == "none"
    assert pet_plan({"skills": {"Sit": 5, "Fetch": 3}}).changes == {"skills": {"Sit": 5, "Fetch": 3}}
    p = pet_plan({"skills": {"Sit": 6}}, unmanaged_skills=["Legacy", "Absent"])
    assert p.changes == {"skills": {"Sit": 6, "Legacy": 9}}  # a full-replace write keeps Legacy
    assert p.after["skills"] == {"Sit": 6, "Legacy": 9} and p.before["skills"] == PET_NOW["skills"]
    p = pet_plan({"skills": {"Sit": 6}}, unmanaged_skills=["Legacy"], append_skills=True)
    assert p.changes == {"skills": {"Sit": 6, "Fetch": 3, "Legacy": 9}}


def test_a_key_the_server_added_that_is_declared_unmanaged_is_not_reported():
    p = pet_plan({"skills": {"Sit": 6}}, current=None, unmanaged_skills=["Team"])
    readback = {"login": "rex", "skills": {"Sit": 6, "Team": 100, "Other": 1}}
    assert server_added(PET, p, readback, {"unmanaged_skills": ["Team"]}) == [("skills", {"Other": 1})]
    assert server_added(PET, p, readback, {}) == [("skills", {"Team": 100, "Other": 1})]


def test_a_key_both_managed_and_unmanaged_is_refused():
    with pytest.raises(InputError, match="unmanaged_skills: Legacy is also in skills"):
        pet_plan({"skills": {"Legacy": 1}}, unmanaged_skills=["Legacy"])
    with pytest.raises(InputError, match="unmanaged_skills: Legacy is also in skills"):
        pet_plan({"skills": {"Legacy": 1}}, current=None, unmanaged_skills=["Legacy"])


def test_on_create_only_is_sent_on_create_and_on_update_only_when_always():
    assert pet_plan({"change_password": True}, current=None).changes == {"change_password": True}
    p = pet_plan({"change_password": True})
    assert p.op == "none" and p.before == p.after
    p = pet_plan({"change_password": True}, update_password="always")
    assert p.changes == {"change_password": True}
    assert p.after["change_password"] is True  # readable: shown, unlike a password
    assert pet_plan({"change_password": False}, update_password="always").op == "none"  # and compared
