# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The registry of systems: unknown systems are errors, and a third vendor goes through every step of the role."""
from __future__ import annotations

import os

import pytest
import yaml

from ansible.errors import AnsibleError

from ansible_collections.contactcenter.agents.plugins.filter.onboarding_report import report
from ansible_collections.contactcenter.agents.plugins.filter.onboarding_report_text import report_text
from ansible_collections.contactcenter.agents.plugins.plugin_utils import _passwords, _systems
from ansible_collections.contactcenter.agents.plugins.plugin_utils._hr_export import export
from ansible_collections.contactcenter.agents.plugins.plugin_utils._hr_records import read_people
from ansible_collections.contactcenter.agents.plugins.plugin_utils._onboarding import STATES, items, people, sections
from ansible_collections.contactcenter.agents.plugins.plugin_utils._onboarding_checks import validate
from ansible_collections.contactcenter.agents.tests.unit.plugins.plugin_utils.toy_system import TOY

ROLE = os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "roles", "onboarding")


@pytest.fixture
def toy():
    remove = _systems.register(TOY)
    yield TOY
    remove()


def ann(**fields):
    record = {"account": "ann.lee", "first_name": "Ann", "last_name": "Lee", "email": "ann@example.com",
              "cec": {"agent_type": "audio", "role": "agent"}, "brightpattern": {"team": "Billing"},
              "toy": {"desk": "101", "tags": ["a"], "active": "yes", "level": "3"}, "_where": "host ann.lee"}
    record.update(fields)
    return record


def test_an_unknown_system_is_an_error_never_a_default():
    with pytest.raises(ValueError, match=r"unknown system 'genesys' \(known: cec, brightpattern\)"):
        items([ann()], "genesys")
    with pytest.raises(ValueError, match="unknown system"):
        _systems.get(None)
    with pytest.raises(ValueError, match="unknown system 'genesys'"):
        _passwords.generate(8, "genesys")


def test_the_registered_systems_name_the_role_variables_of_the_argument_spec():
    with open(os.path.join(ROLE, "meta", "argument_specs.yml"), encoding="utf-8") as handle:
        options = yaml.safe_load(handle)["argument_specs"]["main"]["options"]
    with open(os.path.join(ROLE, "tasks", "main.yml"), encoding="utf-8") as handle:
        defaults = yaml.safe_load(handle)[1]["module_defaults"]
    for system in _systems.systems():
        assert set(system.connection.values()) <= set(options), system.name
        assert next(iter(system.connection)).endswith("_url")
        assert "E(%s)" % system.url_env in str(options[system.url_variable]["description"])
        group = defaults["group/contactcenter.agents.%s" % system.name]
        assert group == {o: "{{ %s | default(omit, true) }}" % v for o, v in system.connection.items()}
        for argument in (system.length_arg, system.unmanaged_arg):
            assert argument is None or "onboarding_" + argument in options


def test_a_third_system_is_collected_checked_and_built(toy):
    (record,) = people({}, [], agents=[dict(ann(), _where=None)])
    assert sections(record) == ["cec", "brightpattern", "toy"]
    assert validate([ann()]) == []
    assert items([ann()], "toy") == [{"handle": "ann.lee", "display_name": "Ann", "desk": "101", "tags": ["a"],
                                      "active": "yes", "level": "3", "state": "present"}]
    assert items([ann(toy=None)], "toy") == [] and items([ann()], "toy", systems=["cec"]) == []


@pytest.mark.parametrize("change, problem", [
    ({"first_name": "Annabelle Lee"}, "host ann.lee: first_name must be at most 10 characters for Toy Desk, "
                                      "not 'Annabelle Lee'"),
    ({"first_name": None, "brightpattern": None}, "host ann.lee: first_name is required to create the Toy Desk member"),
    ({"toy": {"desk": "1a"}}, "host ann.lee: toy.desk must be 3 digits, not '1a'"),
    ({"toy": {"desk": 101}}, "host ann.lee: toy.desk must be a string; got 101 (integer)"),
    ({"toy": {"active": "maybe"}}, "host ann.lee: toy.active must be true or false, not 'maybe' (string)"),
    ({"toy": {"level": "high"}}, "host ann.lee: toy.level must be an integer, not 'high' (string)"),
    ({"toy": {"tags": "a"}}, "host ann.lee: toy.tags must be a list of tag names, not 'a' (string)"),
    ({"toy": {"queue": 1}}, "host ann.lee: unknown field toy.queue (known: handle, display_name, desk, level, "
                            "active, tags, password, state)"),
    ({"toy": {"password": "x" * 13}}, "host ann.lee: the Toy Desk password from the inventory breaks Toy Desk's "
                                      "rule (at most 12 characters)"),
    ({"toy": "yes"}, "host ann.lee: toy must be a mapping (or null to leave the person out of Toy Desk)"),
])
def test_a_third_system_is_checked_through_its_own_spec(toy, change, problem):
    problems = validate([ann(**change)])
    assert len(problems) == 1 and problems[0].startswith(problem), problems


def test_a_third_system_in_duplicates_and_connections(toy):
    records = [ann(), ann(account="bob.kim", _where="host bob.kim")]
    assert "toy.desk 101 is given 2 times: host ann.lee, host bob.kim" in validate(records)
    assert validate([ann(cec=None, brightpattern=None)], connections={"toy": False}) == [
        "Toy Desk: no URL to connect to: set onboarding_toy_url or the TOY_URL environment variable"]
    assert validate([ann()], systems=["cec", "brightpattern"]) == []


def test_a_third_system_gets_passwords_by_its_own_lengths(toy, tmp_path):
    (found,) = _passwords.read_or_generate(["ann.lee"], str(tmp_path / "toy"), "toy", 10, True)
    assert len(found["password"]) == 10 and found["new"]
    with pytest.raises(AnsibleError, match="length must be from 10 to 12 for toy, not 8"):
        _passwords.generate(8, "toy")
    assert TOY.password_rule_broken("x" * 13) == "Toy Desk's rule (at most 12 characters)"
    assert TOY.password_rule_broken(found["password"]) is None


def test_a_third_system_is_reported(toy):
    results = {"cec": {"skipped": True}, "brightpattern": {"skipped": True},
               "toy": {"results": [{"handle": "ann.lee", "operation": "create", "changed": True,
                                    "changed_fields": ["desk"]}]}}
    (record,) = people({}, [], agents=[ann()])
    out = report([dict(record, _host="ann.lee")], results, systems=None, passwords={"toy": {}})
    assert out["systems"] == ["cec", "brightpattern", "toy"]
    assert out["counts"]["toy"]["created"] == 1 and out["counts"]["total"]["created"] == 1
    assert out["hosts"]["ann.lee"]["msg"] == "Toy Desk: create (desk)"
    assert out["passwords_forgotten"]["toy"] == []
    assert "Toy Desk" in report_text(out, "table")


def test_a_third_system_is_read_from_an_hr_file_and_exported(toy):
    text = "account,first_name,toy,toy.desk,toy.tags,toy.active\nann.lee,Ann,yes,101,a;b,no\nbob.kim,Bob,,1a,,\n"
    read, problems = read_people(text, "people.csv", "csv", group_by=None)
    assert read[0][0] == {"account": "ann.lee", "first_name": "Ann",
                          "toy": {"desk": "101", "tags": ["a", "b"], "active": False}}
    assert problems == ["people.csv line 3, column 4: toy.desk must be 3 digits, not '1a'"]  # its spec's rule
    (record,) = export({"toy": [{"handle": "ann.lee", "display_name": "Ann", "desk": "101", "active": True}]})["records"]
    assert record == {"account": "ann.lee", "first_name": "Ann", "cec": None, "brightpattern": None,
                      "toy": {"desk": "101", "active": True}}
    assert "toy.desk" in export({})["csv"].splitlines()[0].split(",")


def test_the_argument_spec_sections_are_the_descriptors_fields_with_the_specs_choices():
    # Ansible validates the record with the role's static argument spec, a copy that must not drift from the specs.
    with open(os.path.join(ROLE, "meta", "argument_specs.yml"), encoding="utf-8") as handle:
        person = yaml.safe_load(handle)["argument_specs"]["main"]["options"]["onboarding_person"]["options"]
    for system in _systems.systems():
        section = person[system.name]["options"]
        assert set(section) == set(system.section_fields), system.name
        for name, option in section.items():
            field = system.spec.fields.get(name)
            wanted = list(STATES) if name == "state" else list(field.choices) if field and field.choices else None
            assert option.get("choices") == wanted, name
            assert option.get("no_log", False) == (name == "password"), name
