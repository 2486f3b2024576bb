# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Normalisation and rules: the compare is only as good as what it compares."""
from __future__ import annotations

import pytest

from ansible_collections.contactcenter.agents.plugins.module_utils._brightpattern_user import BRIGHTPATTERN_USER
from ansible_collections.contactcenter.agents.plugins.module_utils._entity import (
    CREATE, UNKNOWN, UPDATE, EntitySpec, Field, max_bytes, norm_bool, norm_int, norm_int_map, norm_set, norm_str,
    take_unreported, without)
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


# YAML 1.1 reads these unquoted values as numbers: the collection must not write what is left of them.
@pytest.mark.parametrize("value, shown", [(65, "got 65 (type int)"), (42798, "got 42798 (type int)"),
                                          (442079460000, "got 442079460000 (type int)"), (5349, "got 5349 (type int)"),
                                          (1.5, "got 1.5 (type float)"), (True, "got True (type bool)")])
def test_identifier_fields_refuse_numbers_showing_value_and_type(value, shown):
    field = Field("extension", "extension", kind="text", identifier=True)
    with pytest.raises(InputError, match="quote it") as err:
        field.normalize(value)
    assert str(err.value).startswith("extension: " + shown)
    assert field.normalize(" 0101 ") == "0101"
    assert Field("extension", "extension", kind="text").normalize(65) == "65"  # without the flag: as before


def test_spec_finds_unquoted_identifiers_under_aliases_before_ansible_turns_them_into_text():
    spec = EntitySpec("pet", "login", [Field("login", "loginId", aliases=["loginId"], identifier=True),
                                       Field("level", "level", kind="int")], "pets", "pet", {})
    assert spec.unquoted({"loginId": 5349, "level": 3}).msg.startswith("login: got 5349 (type int), not a string")
    assert "got 65 (type int) in pets[2]" in spec.unquoted({"login": 65}, " in pets[2]").msg
    assert spec.unquoted({"login": "00012345", "level": 3}) is None


def test_vendor_identifier_fields_are_flagged():
    from ansible_collections.contactcenter.agents.plugins.module_utils._cec_agent import CEC_AGENT
    flagged = {s.name: sorted(n for n, f in s.fields.items() if f.identifier) for s in (CEC_AGENT, BRIGHTPATTERN_USER)}
    assert flagged == {"agent account": ["phone", "user_account"],
                       "user": ["extension", "login_id", "mobile_phone", "work_phone"]}


def test_a_key_missing_from_the_answer_is_unknown_and_reported_once_per_field():
    take_unreported()
    states = [TOY.from_api({"loginId": "u%d" % i, "fullName": "N", "phone": None}) for i in range(50)]
    assert all(s["level"] is UNKNOWN and s["roles"] is UNKNOWN and s["phone"] is None for s in states)
    assert states[0]["name"] == "N"
    warnings = take_unreported()
    assert "the server's answers have no level: level is neither compared nor verified" in warnings
    assert len(warnings) == 5  # level, active, roles, skills, team: once each, not once per record
    assert not any("phone" in w or "password" in w for w in warnings)  # null is a value; write-only is never read
    assert take_unreported() == []


def test_a_record_that_is_not_an_object_is_an_api_error():
    with pytest.raises(ApiError, match="not a JSON object"):
        TOY.from_api(["loginId"])


def test_standard_controls_come_from_the_engine_and_the_fields_not_from_each_vendor():
    from ansible_collections.contactcenter.agents.plugins.module_utils._cec_agent import CEC_AGENT
    assert list(CEC_AGENT.controls) == ["state", "update_password", "append_skills", "old_password"]
    assert list(BRIGHTPATTERN_USER.controls) == ["state", "update_password", "append_skills", "unmanaged_skills",
                                                 "on_unsupported_change", "use_scim"]
    spec = EntitySpec("pet", "login", [Field("login"), Field("tricks", kind="map", merge_option="add_tricks",
                                                             unmanaged_option="their_tricks")], "pets", "pet")
    assert spec.controls == {
        "state": {"type": "str", "default": "present", "choices": ["present", "absent"]},
        "update_password": {"type": "str", "default": "on_create", "choices": ["on_create", "always"], "no_log": False},
        "add_tricks": {"type": "bool", "default": False}, "their_tricks": {"type": "list", "elements": "str"}}
    fixed = EntitySpec("pet", "login", [Field("login"), Field("breed", updatable=False)], "pets", "pet",
                       {"vet": {"type": "str"}})
    assert list(fixed.controls) == ["state", "update_password", "on_unsupported_change", "vet"]
    assert fixed.controls["on_unsupported_change"] == {"type": "str", "default": "fail", "choices": ["fail", "warn"]}


def test_a_text_field_takes_ints_as_text_and_is_raw_for_ansible():
    assert Field("phone", kind="text").argument_spec() == {"type": "raw"}
    assert Field("phone", kind="text").normalize(4420) == "4420"


def test_vendor_adapters_declare_their_spec_connection_and_unsupported_behaviour():
    from ansible_collections.contactcenter.agents.plugins.module_utils._adapter import Adapter
    from ansible_collections.contactcenter.agents.plugins.module_utils._brightpattern_user import BrightPatternUserAdapter
    from ansible_collections.contactcenter.agents.plugins.module_utils._cec_agent import CecAgentAdapter
    assert (Adapter.unsupported_hint, Adapter.unsupported_writer) == ("", None)
    for adapter in (CecAgentAdapter, BrightPatternUserAdapter):
        assert adapter.spec is not None and adapter.connection_spec
        assert adapter.unsupported_writer is None or adapter.unsupported_writer in adapter.spec.controls
    assert BrightPatternUserAdapter.unsupported_writer == "use_scim"
    bp = object.__new__(BrightPatternUserAdapter)  # no client: only the declaration is tested
    assert bp.writes_unsupported_fields(None, {"use_scim": True}) is True
    assert bp.writes_unsupported_fields(None, {"use_scim": False}) is False
    assert CecAgentAdapter.unsupported_writer is None
