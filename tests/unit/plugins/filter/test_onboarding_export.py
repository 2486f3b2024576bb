# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""onboarding_export: existing accounts -> records merged by account -> CSV and host_vars that read back the same."""
from __future__ import annotations

from ansible.parsing.dataloader import DataLoader
from ansible.template import Templar

from ansible_collections.contactcenter.agents.plugins.filter.onboarding_export import FilterModule
from ansible_collections.contactcenter.agents.plugins.plugin_utils._hr_records import read_people
from ansible_collections.contactcenter.agents.plugins.plugin_utils._systems import get

export = FilterModule().filters()["onboarding_export"]

ANN_CEC = {"user_account": "ann.lee", "user_name": "Ann Lee", "email": "ann@example.com", "phone": "+14155550101",
           "agent_type": "audio", "role": "agent",
           "skills": [{"name": "Billing", "agent_weight": 2, "skill_weight": 1},
                      {"name": "Re;tention", "agent_weight": 1, "skill_weight": 3},
                      {"skill_id": 12, "agent_weight": 1, "skill_weight": 1}]}
ANN_BP = {"login_id": "Ann.Lee", "first_name": "Ann", "last_name": "Lee", "team": "Customer Service",
          "extension": "0101", "email": "ann@example.com", "skills": {"English": 100}, "roles": ["Agent"],
          "disabled": False, "change_password": False, "password": "must-not-leak"}


def test_accounts_are_merged_by_account_and_shared_values_given_once():
    (ann,) = export([ANN_CEC], [ANN_BP])["records"]
    assert ann == {
        "account": "ann.lee", "first_name": "Ann", "last_name": "Lee", "email": "ann@example.com",
        "cec": {"agent_type": "audio", "role": "agent", "phone": "+14155550101",
                "skills": {"Billing": 2, "Re;tention": {"agent_weight": 1, "skill_weight": 3}, 12: 1}},
        "brightpattern": {"login_id": "Ann.Lee", "team": "Customer Service", "extension": "0101",
                          "skills": {"English": 100}, "roles": ["Agent"], "disabled": False,
                          "change_password": False}}
    # Bright Pattern did not answer a work phone: the phone stays CEC's, and the role sends none to Bright Pattern
    assert "work_phone" not in get("brightpattern").item(ann) and get("cec").item(ann)["phone"] == "+14155550101"
    assert get("cec").item(ann)["user_name"] == "Ann Lee"  # derived, so not exported


def test_values_a_system_did_not_answer_are_left_out_and_checked():
    result = export([{"user_account": "idle.agent", "user_name": "Idle", "email": "", "phone": ""}], [])
    assert result["records"] == [{"account": "idle.agent", "cec": {"user_name": "Idle"}, "brightpattern": None}]
    assert "host idle.agent: email is required to create the CEC agent" in result["problems"]
    assert any("cec.agent_type is required" in p for p in result["problems"])


def test_systems_that_disagree_get_their_own_values():
    cec = dict(ANN_CEC, email="ann@cec.example.com", user_name="A. Lee")
    (ann,) = export([cec], [dict(ANN_BP, work_phone="+14155559999")])["records"]
    assert "email" not in ann and "phone" not in ann
    assert (ann["cec"]["email"], ann["brightpattern"]["email"]) == ("ann@cec.example.com", "ann@example.com")
    assert (ann["cec"]["phone"], ann["brightpattern"]["work_phone"]) == ("+14155550101", "+14155559999")
    assert ann["cec"]["user_name"] == "A. Lee"


def test_the_csv_reads_back_to_the_same_records():
    users = [ANN_BP, {"login_id": "zoe.x", "first_name": "{{ lookup('env', 'HOME') }}", "last_name": "Ünal, Jr.",
                      "team": "Sales", "skills": {"Span:ish": 60}}]
    result = export([ANN_CEC], users)
    read, problems = read_people(str(result["csv"]), "agents.csv", "csv")
    assert problems == []
    assert [r for r, dummy in read] == result["records"]
    assert result["records"][1]["cec"] is None  # not in CEC, whatever a team default says
    assert [team for dummy, team in read] == ["Customer Service", "Sales"]
    assert "must-not-leak" not in str(result) and "password" not in str(result["csv"]).replace("change_password", "")


def test_host_vars_keep_templates_and_strings_as_written():
    result = export([], [{"login_id": "zoe.x", "first_name": "{{ lookup('env', 'HOME') }}", "last_name": "X",
                          "team": "Sales", "extension": "0101"}])
    text = str(result["host_vars"]["zoe.x"])
    assert "!unsafe \"{{ lookup('env', 'HOME') }}\"" in text and "extension: '0101'" in text
    loaded = DataLoader().load(text)["onboarding_person"]
    assert Templar(loader=DataLoader(), variables={}).template(loaded["first_name"]) == "{{ lookup('env', 'HOME') }}"
    assert loaded["brightpattern"]["extension"] == "0101"
    assert "agents:\n  children:\n    sales:\n      hosts:\n        zoe.x: null" in str(result["hosts"])
    assert str(result["hr_config"]) == "---\nplugin: contactcenter.agents.hr_file\npath: agents.csv\n"
