# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""items(): person records -> items of cec_agent_account agents: / brightpattern_user users:."""
from __future__ import annotations

from ansible_collections.contactcenter.agents.plugins.plugin_utils._onboarding import items

ANN = {"account": "ann.lee", "first_name": "Ann", "last_name": "Lee", "email": "ann@example.com", "phone": 4155550101,
       "cec": {"agent_type": "audio", "role": "agent", "skills": {"Billing": 2, 7: {"skill_weight": 3}, "Old": None}},
       "brightpattern": {"team": "Billing", "extension": 2101, "skills": {"English": 100, "French": None},
                         "roles": ["Agent"], "disabled": False}}


def test_cec_item_from_a_record():
    (item,) = items([ANN], "cec")
    assert item == {"user_account": "ann.lee", "user_name": "Ann Lee", "email": "ann@example.com",
                    "phone": "4155550101", "agent_type": "audio", "role": "agent", "state": "present",
                    "skills": [{"name": "Billing", "agent_weight": 2}, {"skill_id": 7, "skill_weight": 3}]}


def test_cec_user_name_is_derived_without_forbidden_characters_and_cut_to_20():
    record = dict(ANN, first_name=" Grace ", last_name="O'Brien-Vandenberghe (ext)")
    assert items([record], "cec")[0]["user_name"] == "Grace OBrien-Vandenb"
    record = dict(ANN, cec=dict(ANN["cec"], user_name="G. OBrien"))
    assert items([record], "cec")[0]["user_name"] == "G. OBrien"


def test_cec_list_skills_pass_through():
    record = dict(ANN, cec=dict(ANN["cec"], skills=[{"name": "Billing", "agent_weight": 4}]))
    assert items([record], "cec")[0]["skills"] == [{"name": "Billing", "agent_weight": 4}]
    record = dict(ANN, cec=dict(ANN["cec"], skills={}))
    assert items([record], "cec")[0]["skills"] == []  # remove every skill
    record = dict(ANN, cec={"agent_type": "audio", "role": "agent"})
    assert "skills" not in items([record], "cec")[0]  # unmanaged


def test_brightpattern_item_from_a_record():
    (item,) = items([ANN], "brightpattern")
    assert item == {"login_id": "ann.lee", "first_name": "Ann", "last_name": "Lee", "team": "Billing",
                    "extension": "2101", "email": "ann@example.com", "work_phone": "4155550101",
                    "disabled": False, "skills": {"English": 100}, "roles": ["Agent"], "state": "present"}


def test_section_values_win_over_the_identity():
    record = dict(ANN, brightpattern={"login_id": "alee", "team": "Sales", "email": "a@bp.example.com",
                                      "work_phone": None, "mobile_phone": "555"})
    item = items([record], "brightpattern")[0]
    assert (item["login_id"], item["email"], item["mobile_phone"], "work_phone" in item) == (
        "alee", "a@bp.example.com", "555", False)


def test_absent_items_carry_only_the_key():
    record = dict(ANN, state="absent", brightpattern={"login_id": "alee"})
    assert items([record], "cec") == [{"user_account": "ann.lee", "state": "absent"}]
    assert items([record], "brightpattern") == [{"login_id": "alee", "state": "absent"}]
    record = dict(ANN, brightpattern=dict(ANN["brightpattern"], state="absent"))
    assert items([record], "cec")[0]["state"] == "present"
    assert items([record], "brightpattern") == [{"login_id": "ann.lee", "state": "absent"}]


def test_password_from_the_section_the_record_or_the_generated_ones():
    generated = {"ann.lee": "Generated-1a"}
    assert items([ANN], "cec", passwords=generated)[0]["password"] == "Generated-1a"
    record = dict(ANN, password="Record-Pa55!")
    assert items([record], "cec", passwords=generated)[0]["password"] == "Record-Pa55!"
    record = dict(record, cec=dict(ANN["cec"], password="Section-Pa55!"))
    assert items([record], "cec", passwords=generated)[0]["password"] == "Section-Pa55!"
    assert "password" not in items([ANN], "cec")[0]


def test_only_people_in_a_selected_system():
    cec_only = dict(ANN, account="carl.cec1", brightpattern=None)
    assert [i["login_id"] for i in items([ANN, cec_only], "brightpattern")] == ["ann.lee"]
    assert [i["user_account"] for i in items([ANN, cec_only], "cec")] == ["ann.lee", "carl.cec1"]
    assert items([ANN], "cec", systems=["brightpattern"]) == []
