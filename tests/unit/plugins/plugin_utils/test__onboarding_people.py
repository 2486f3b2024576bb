# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""people(): records from hostvars (inventory mode) or from a list (list mode)."""
from __future__ import annotations

from ansible_collections.contactcenter.agents.plugins.plugin_utils._onboarding import people

TEAM = {"cec": {"agent_type": "audio", "role": "agent", "skills": {"Billing": 2, "Retention": 1}},
        "brightpattern": {"team": "Billing", "roles": ["Agent"], "skills": {"English": 100}}}


def test_inventory_mode_combines_team_defaults_with_the_person():
    hostvars = {
        "ann.lee": {"onboarding_defaults": TEAM, "onboarding_person": {
            "first_name": "Ann", "cec": {"skills": {"Sales": 3, "Retention": None}},
            "brightpattern": {"roles": ["Agent", "Supervisor"]}}},
        "bob.kim": {"onboarding_defaults": TEAM, "onboarding_person": {"account": "bkim", "brightpattern": None}},
    }
    ann, bob = people(hostvars, ["ann.lee", "bob.kim"])
    assert ann["account"] == "ann.lee"  # the host name
    assert ann["cec"] == {"agent_type": "audio", "role": "agent", "skills": {"Billing": 2, "Retention": None, "Sales": 3}}
    assert ann["brightpattern"]["roles"] == ["Agent", "Supervisor"]  # lists replace
    assert ann["brightpattern"]["skills"] == {"English": 100}
    assert (ann["_host"], ann["_source"], ann["_where"]) == ("ann.lee", "ann.lee", "host ann.lee")
    assert bob["account"] == "bkim" and bob["brightpattern"] is None
    assert TEAM["cec"]["skills"] == {"Billing": 2, "Retention": 1}  # defaults are not changed


def test_inventory_mode_reads_only_the_given_hosts_and_ignores_list_defaults():
    hostvars = {"a.host1": {"onboarding_person": {"first_name": "A"}}, "other": {"onboarding_person": {}}}
    (record,) = people(hostvars, ["a.host1"], defaults={"cec": {"role": "agent"}})
    assert record == {"first_name": "A", "account": "a.host1", "_where": "host a.host1", "_host": "a.host1",
                      "_source": "a.host1"}


def test_a_host_without_a_person_is_its_defaults():
    (record,) = people({"carl.x1": {"onboarding_defaults": TEAM}}, ["carl.x1"])
    assert record["cec"] == TEAM["cec"] and record["account"] == "carl.x1"


def test_list_mode_combines_defaults_with_each_item():
    agents = [{"account": "gina.list", "cec": {"role": "inspector"}}, {"account": "hank.list", "cec": None}]
    gina, hank = people({}, ["ignored"], defaults=TEAM, agents=agents, source="localhost")
    assert gina["cec"]["role"] == "inspector" and gina["cec"]["agent_type"] == "audio"
    assert (gina["_where"], gina["_source"], "_host" in gina) == ("onboarding_agents[0]", "localhost", False)
    assert hank["cec"] is None and hank["brightpattern"] == TEAM["brightpattern"]


def test_bad_shapes_become_errors_for_the_validation():
    (record,) = people({"h.host1": {"onboarding_person": "Ann Lee", "onboarding_defaults": []}}, ["h.host1"])
    assert record["_errors"] == ["onboarding_defaults must be a mapping, not list",
                                 "the record must be a mapping, not str"]
    (record,) = people({}, [], agents={"account": "x"}, source="localhost")
    assert record["_errors"] == ["onboarding_agents must be a list, not dict"]
    (record,) = people({}, [], agents=["just a name"], source="localhost")
    assert record["_errors"] == ["the record must be a mapping, not str"]


def test_mapping_views_are_copied_to_plain_data():
    class View(dict):
        pass

    hostvars = {"v.host1": View(onboarding_person=View(cec=View(skills=View(Billing=1))))}
    (record,) = people(hostvars, ["v.host1"])
    assert record["cec"]["skills"].__class__ is dict
