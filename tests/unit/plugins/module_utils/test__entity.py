# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Normalisation and rules: the compare is only as good as what it compares."""
from __future__ import annotations

import pytest

from ansible_collections.contactcenter.agents.plugins.module_utils._brightpattern_user import BRIGHTPATTERN_USER
from ansible_collections.contactcenter.agents.plugins.module_utils._entity import (
    CREATE, UNKNOWN, UPDATE, Field, max_bytes, norm_bool, norm_int, norm_int_map, norm_set, norm_str, without)
from ansible_collections.contactcenter.agents.plugins.module_utils._errors import ApiError, InputError

from ansible_collections.contactcenter.agents.tests.unit.plugins.module_utils.toy import TOY


@pytest.mark.parametrize("raw, expected", [
    (None, None), ("", None), ("  ", None), (" a b ", "a b"), (1072, "1072"), ("1072", "1072")])
def test_norm_str_trims_and_treats_empty_as_unset(raw, expected):
    assert norm_str(raw) == expected


@pytest.mark.parametrize("raw", [True, 1.5, [1], {"a": 1}])
def test_norm_str_rejects_other_types(raw):
    with pytest.raises(ValueError):
        norm_str(raw)


@pytest.mark.parametrize("raw, expected", [("75", 75), (75, 75), (" 7 ", 7), (None, None)])
def test_norm_int_accepts_digit_strings(raw, expected):
    assert norm_int(raw) == expected


@pytest.mark.parametrize("raw", [True, 1.0, "7a", "", [1]])
def test_norm_int_rejects_non_integers(raw):
    with pytest.raises(ValueError):
        norm_int(raw)


@pytest.mark.parametrize("raw, expected", [("true", True), ("False", False), (True, True), (None, None)])
def test_norm_bool_accepts_server_strings(raw, expected):
    assert norm_bool(raw) is expected


def test_norm_bool_rejects_other_strings():
    with pytest.raises(ValueError):
        norm_bool("yes please")


def test_sets_and_maps_ignore_order_and_types():
    assert norm_set(["Supervisor", "Agent", "Agent ", ""]) == norm_set(["Agent", "Supervisor"])
    assert norm_int_map({"English": "75", " Spanish": 100}) == {"English": 75, "Spanish": 100}
    with pytest.raises(ValueError, match="English"):
        norm_int_map({"English": "lots"})


def test_field_reports_option_name_and_rule():
    field = Field("user_name", rules=[without("<>"), max_bytes(4, ops=(UPDATE,))])
    field.check("abcdé", CREATE)  # 6 bytes but the byte rule is update-only
    with pytest.raises(InputError, match=r"user_name: must be at most 4 bytes"):
        field.check("abcdé", UPDATE)
    with pytest.raises(InputError, match=r"user_name: must not contain"):
        field.check("a<b", CREATE)
    field.check(UNKNOWN, UPDATE)


def test_choices_are_checked():
    with pytest.raises(InputError, match="must be one of audio, video"):
        Field("agent_type", choices=("audio", "video")).check("fax", CREATE)


def test_desired_keeps_only_given_fields_and_normalises():
    desired = TOY.desired({"login": " bob ", "phone": 123, "level": "3", "name": None, "roles": ["b", "a"]})
    assert desired == {"login": "bob", "phone": "123", "level": 3, "roles": ["a", "b"]}


def test_desired_rejects_empty_key_and_bad_types_naming_the_field():
    with pytest.raises(InputError, match="login: must not be empty"):
        TOY.desired({"login": "  "})
    with pytest.raises(InputError, match="^level: must be an integer"):
        TOY.desired({"login": "bob", "level": "many"})


def test_from_api_maps_names_and_never_reads_write_only_fields():
    state = TOY.from_api({"loginId": "bob", "fullName": "Bob", "phone": "", "active": "true", "password": "p"})
    assert state["name"] == "Bob" and state["phone"] is None and state["active"] is True
    assert "password" not in state


def test_from_api_turns_garbage_into_an_api_error():
    with pytest.raises(ApiError, match="unusable level"):
        TOY.from_api({"loginId": "bob", "level": "high"})


def test_argument_specs_are_generated_from_fields():
    spec = TOY.module_argument_spec()
    assert spec["roles"] == {"type": "list", "elements": "str"}
    assert spec["password"]["no_log"] is True
    assert spec["toys"] == {"type": "list", "elements": "dict"}
    assert "default" not in TOY.entity_argument_spec(with_defaults=False)["state"]


def test_no_log_is_passed_through_only_when_set():
    # True for secrets (write_only implies it), False to silence Ansible's "did not set no_log" warning
    # for a flag whose name looks like a secret, absent by default.
    assert Field("password", write_only=True).argument_spec()["no_log"] is True
    assert Field("api_key", no_log=True).argument_spec()["no_log"] is True
    assert Field("change_password", kind="bool", no_log=False).argument_spec() == {"type": "bool", "no_log": False}
    assert "no_log" not in Field("user_name").argument_spec()

    assert BRIGHTPATTERN_USER.module_argument_spec()["change_password"]["no_log"] is False
    assert BRIGHTPATTERN_USER.entity_argument_spec()["change_password"]["no_log"] is False
