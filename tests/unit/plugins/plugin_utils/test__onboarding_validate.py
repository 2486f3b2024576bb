# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The onboarding checks (validate): every problem of every record in one list, before any write."""
from __future__ import annotations

import pytest

from ansible_collections.contactcenter.agents.plugins.plugin_utils._onboarding_checks import validate


def person(account="ann.lee", host=None, **fields):
    record = {"account": account, "first_name": "Ann", "last_name": "Lee", "email": "%s@example.com" % account,
              "cec": {"agent_type": "audio", "role": "agent", "skills": {"Billing": 2}},
              "brightpattern": {"team": "Billing", "skills": {"English": 100}, "roles": ["Agent"]},
              "_where": "host %s" % (host or account), "_host": host or account}
    record.update(fields)
    return record


def test_good_records_have_no_problem():
    assert validate([person(), person("bob.kim", brightpattern=None), person("carl.bp1", cec=None)]) == []


def test_absent_records_need_only_their_key():
    assert validate([{"account": "old.agent", "state": "absent", "cec": {}, "brightpattern": {},
                      "_where": "host old.agent"}]) == []


@pytest.mark.parametrize("change, problem", [
    ({"genesys": {"queue": 1}}, "host ann.lee: unknown system section 'genesys' (known: cec, brightpattern)"),
    ({"hobby": "chess"}, "host ann.lee: unknown field 'hobby'"),
    ({"cec": {"agent_type": "audio", "role": "agent", "skill": {}}}, "host ann.lee: unknown field cec.skill"),
    ({"cec": "yes"}, "host ann.lee: cec must be a mapping (or null to leave the person out of CEC)"),
    ({"cec": None, "brightpattern": None}, "host ann.lee: is in no system"),
    ({"state": "gone"}, "host ann.lee: state must be present or absent, not 'gone'"),
    ({"email": None}, "host ann.lee: email is required to create the CEC agent"),
    ({"email": "ann.example.com"},
     "host ann.lee: email must be an address whose local part has at most 64 characters, domain at most 255 and "
     "first domain label at most 63 for CEC, not 'ann.example.com'"),
    ({"first_name": ["Ann"]}, "host ann.lee: first_name must be a string"),
    ({"phone": "1" * 26}, "host ann.lee: phone must be at most 25 characters for CEC"),
    ({"account": "ann"}, "ann (host ann.lee): account must be 6 to 50 characters"),
    ({"account": "../etc"}, "account '../etc' must be letters, digits and @ . - _ (not starting with a dot)"),
    ({"account": None}, "host ann.lee: account is required"),
    ({"first_name": None, "last_name": None}, "host ann.lee: cec.user_name is required to create the agent"),
    ({"cec": {"agent_type": "audio", "role": "agent", "user_name": "A" * 21}},
     "host ann.lee: cec.user_name must be at most 20 characters"),
    ({"cec": {"agent_type": "audio", "role": "agent", "user_name": "Ann (Lee)"}},
     "host ann.lee: cec.user_name must not contain any of"),
    ({"cec": {"role": "agent"}}, "host ann.lee: cec.agent_type is required to create the agent"),
    ({"cec": {"agent_type": "phone", "role": "agent"}}, "host ann.lee: cec.agent_type must be one of"),
    ({"cec": {"agent_type": "audio"}}, "host ann.lee: cec.role is required to create the agent"),
    ({"cec": {"agent_type": "audio", "role": "agent", "skills": {"Billing": 0}}},
     "host ann.lee: cec.skills agent_weight of skill Billing must be an integer of at least 1"),
    ({"cec": {"agent_type": "audio", "role": "agent", "skills": {"Billing": {"weight": 2}}}},
     "host ann.lee: cec.skills.Billing has unknown keys weight"),
    ({"cec": {"agent_type": "audio", "role": "agent", "skills": [{"agent_weight": 2}]}},
     "host ann.lee: cec.skills[0] needs either name or skill_id"),
    ({"cec": {"agent_type": "audio", "role": "agent", "skills": "Billing"}},
     "host ann.lee: cec.skills must be a mapping"),
    ({"password": "short"}, "host ann.lee: the CEC password from the inventory breaks CEC's rule"),
    ({"last_name": ""}, "host ann.lee: last_name is required to create the Bright Pattern user"),
    ({"brightpattern": {"skills": {}}}, "host ann.lee: brightpattern.team is required"),
    ({"brightpattern": {"team": "Billing", "extension": "21a"}}, "brightpattern.extension must be digits"),
    ({"brightpattern": {"team": "Billing", "extension": "\u0662\u0661"}}, "brightpattern.extension must be digits"),
    ({"brightpattern": {"team": "Billing", "skills": {"English": 101}}},
     "brightpattern.skills.English levels must be integers from 0 to 100, not 101"),
    ({"brightpattern": {"team": "Billing", "roles": "Agent"}}, "brightpattern.roles must be a list of role names"),
    ({"brightpattern": {"team": "Billing", "disabled": "maybe"}},
     "brightpattern.disabled must be true or false, not 'maybe' (string)"),
    ({"brightpattern": {"team": "Billing", "login_id": "a b"}}, "brightpattern.login_id 'a b' must be letters"),
    ({"cec": None, "brightpattern": {"team": "Billing", "password": "Sh0rt!"}},
     "the Bright Pattern password from the inventory breaks Bright Pattern's rule (at least 8 characters)"),
])
def test_each_problem_is_reported(change, problem):
    record = person()
    record.update(change)
    problems = validate([record])
    assert any(problem in p for p in problems), problems


def test_passwords_never_appear_in_problems():
    problems = validate([person(password="tiny\u00e9")])
    assert problems and not any("tiny" in p for p in problems)


def test_duplicates_across_records():
    records = [person(), person("Ann.Lee", host="ann2"),
               person("bob.kim", brightpattern={"team": "Billing", "extension": "2001"}),
               person("carl.bp1", brightpattern={"team": "Billing", "extension": 2001, "login_id": "bob.kim"})]
    problems = validate(records)
    assert "account ann.lee is given 2 times: host ann.lee, host ann2" in problems
    assert "brightpattern.extension 2001 is given 2 times: host bob.kim, host carl.bp1" in problems
    assert "brightpattern.login_id bob.kim is given 2 times: host bob.kim, host carl.bp1" in problems
    assert not any(p.startswith("brightpattern.login_id ann.lee") for p in problems)  # reported as an account


def test_absent_people_may_share_an_extension():
    records = [person(brightpattern={"team": "Billing", "extension": "2001"}),
               person("bob.kim", state="absent", brightpattern={"team": "Billing", "extension": "2001"})]
    assert validate(records) == []


def test_only_selected_systems_are_checked():
    record = person(cec={"agent_type": "phone"})
    assert validate([record], systems=["brightpattern"]) == []
    assert validate([record], systems=["cec", "genesys"])[0] == (
        "onboarding_systems: unknown system 'genesys' (known: cec, brightpattern)")


def test_a_system_in_use_needs_a_url():
    problems = validate([person(cec=None)], connections={"cec": False, "brightpattern": False})
    assert problems == ["Bright Pattern: no URL to connect to: set onboarding_brightpattern_url or the "
                        "BRIGHTPATTERN_URL environment variable"]


def test_hosts_that_failed_before_are_reported_once():
    records = [person(), person("bob.kim", genesys={})]
    problems = validate(records, failed_hosts=["bob.kim", "carl.bp1"])
    assert [p for p in problems if "bob.kim" in p] == [
        "host bob.kim: unknown system section 'genesys' (known: cec, brightpattern)"]
    assert "host carl.bp1: failed before these checks (see its error above)" in problems


def test_record_errors_from_the_collection():
    problems = validate([{"_where": "host x.host1", "_errors": ["the record must be a mapping, not str"],
                          "account": "x.host1"}, "oops"])
    assert "host x.host1: the record must be a mapping, not str" in problems
    assert "a record must be a mapping, not str" in problems
