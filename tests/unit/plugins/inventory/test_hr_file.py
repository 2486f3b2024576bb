# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""hr_file: a file of people -> agent hosts with onboarding_person; every bad cell named, nothing added then."""
from __future__ import annotations

import json

import pytest

from ansible.errors import AnsibleParserError
from ansible.inventory.data import InventoryData
from ansible.parsing.dataloader import DataLoader
from ansible.plugins.loader import inventory_loader
from ansible.template import Templar

HEADER = "account,team,first_name,last_name,email,phone,cec.skills,brightpattern.extension,brightpattern.skills\n"


@pytest.fixture
def load(tmp_path):
    """load(people_text, file_name="people.csv", **options) -> InventoryData."""
    def load(text, name="people.csv", **options):
        (tmp_path / name).write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
        config = tmp_path / "agents.hr_file.yml"
        config.write_text(json.dumps(dict({"plugin": "contactcenter.agents.hr_file", "path": name}, **options)))
        plugin = inventory_loader.get("contactcenter.agents.hr_file")
        assert plugin.verify_file(str(config))
        inventory = InventoryData()
        plugin.parse(inventory, DataLoader(), str(config))
        return inventory
    return load


def person(inventory, host):
    return inventory.get_host(host).vars["onboarding_person"]


def test_cells_stay_as_written(load):
    inventory = load("\ufeff" + HEADER +  # a byte-order mark, as spreadsheets write
                     'ann.lee,Billing,Ann,"Lee, Jr. ""AJ""",ann@example.com,+14155550101,Billing:2; Retention:1/3,'
                     "0101,English:100;Spanish:070\r\n"
                     "zoe.x,Customer Service,Zoë,Ünal,zoe@example.com,,,,\r\n")
    assert person(inventory, "ann.lee") == {
        "account": "ann.lee", "first_name": "Ann", "last_name": 'Lee, Jr. "AJ"', "email": "ann@example.com",
        "phone": "+14155550101",
        "cec": {"skills": {"Billing": 2, "Retention": {"agent_weight": 1, "skill_weight": 3}}},
        "brightpattern": {"extension": "0101", "skills": {"English": 100, "Spanish": 70}}}
    # empty cells are not given, so the team's defaults apply
    assert person(inventory, "zoe.x") == {"account": "zoe.x", "first_name": "Zoë", "last_name": "Ünal",
                                          "email": "zoe@example.com"}


def test_hosts_are_grouped_by_team_under_agents(load):
    inventory = load(HEADER + "ann.lee,Billing,Ann,Lee,a@example.com,,,,\n"
                              "bob.kim,Customer Service,Bob,Kim,b@example.com,,,,\n"
                              "cy.solo,,Cy,Solo,c@example.com,,,,\n")
    groups = inventory.groups
    assert [h.name for h in groups["billing"].get_hosts()] == ["ann.lee"]
    assert [h.name for h in groups["customer_service"].get_hosts()] == ["bob.kim"]
    assert sorted(g.name for g in groups["agents"].child_groups) == ["billing", "customer_service"]
    assert sorted(h.name for h in groups["agents"].get_hosts()) == ["ann.lee", "bob.kim", "cy.solo"]
    assert "team" not in person(inventory, "ann.lee")  # the grouping column is not a record field


def test_every_bad_cell_is_named_with_line_and_column_and_no_host_is_added(load, tmp_path):
    text = (HEADER + 'ann.lee,Billing,Ann,"multi\nline",ann@example.com,,,,\n'  # a quoted cell over two lines
            "bad one,Billing,B,O,nope,,Billing:x,12a,English:101\n"
            "ok.person,Billing,O,P,o@example.com,,,,\n"
            ",Billing,No,Account,n@example.com,,,,\n"
            "ANN.LEE,Billing,Ann,Again,a2@example.com,,,,\n")
    with pytest.raises(AnsibleParserError) as caught:
        load(text)
    message = str(caught.value)
    csv_path = str(tmp_path / "people.csv")
    # The rules are the role's and the vendors' field specs' own (the CEC ones: the row has a cec.skills cell).
    for expected in ("line 4, column 1: account 'bad one' must be letters",
                     "line 4, column 1: account must be 6 to 50 characters of letters, digits and @ . - _ for CEC",
                     "line 4, column 5: email must be an address whose local part has at most 64 characters, domain "
                     "at most 255 and first domain label at most 63 for CEC, not 'nope'",
                     "line 4, column 7: cec.skills: Billing must be a whole number, not 'x'",
                     "line 4, column 8: brightpattern.extension must be digits, not '12a'",
                     "line 4, column 9: brightpattern.skills.English levels must be integers from 0 to 100, not 101",
                     "line 6, column account: account is required",
                     "account ann.lee is on lines 2, 7"):
        assert expected in message
    assert message.count(csv_path) == 1 + 8 and "8 problem(s) in %s; no host was added" % csv_path in message


def test_nothing_is_added_when_a_row_is_bad(tmp_path):
    (tmp_path / "people.csv").write_text(HEADER + "good.one,Billing,G,O,g@example.com,,,,\nbad two,,B,T,b@example.com,,,,\n")
    config = tmp_path / "agents.hr_file.yml"
    config.write_text("plugin: contactcenter.agents.hr_file\npath: people.csv\n")
    inventory = InventoryData()
    with pytest.raises(AnsibleParserError):
        inventory_loader.get("contactcenter.agents.hr_file").parse(inventory, DataLoader(), str(config))
    assert "good.one" not in inventory.hosts and "agents" not in inventory.groups


def test_own_headers_per_skill_columns_and_section_flags(load):
    inventory = load("Login,Dept,Mail,Billing weight,Spanish,In BP,Manager\n"
                     "ann.lee,Billing,ann@example.com,3/2,60,yes,Someone\n",
                     columns={"Login": "account", "Mail": "email", "Billing weight": "cec.skills.Billing",
                              "Spanish": "brightpattern.skills.Spanish", "In BP": "brightpattern", "Manager": None},
                     group_by="Dept")
    assert person(inventory, "ann.lee") == {"account": "ann.lee", "email": "ann@example.com",
                                            "cec": {"skills": {"Billing": {"agent_weight": 3, "skill_weight": 2}}},
                                            "brightpattern": {"skills": {"Spanish": 60}}}
    assert "billing" in inventory.groups


def test_a_section_said_no_with_its_cells_filled_is_refused(load):
    with pytest.raises(AnsibleParserError, match="brightpattern says no, but the row has brightpattern fields"):
        load("account,brightpattern,brightpattern.extension\nann.lee,no,2101\n")


def test_null_cells_remove_defaults(load):
    inventory = load("account,cec,cec.skills,brightpattern\nann.lee,yes,Retention:-;#12:1,-\n")
    assert person(inventory, "ann.lee") == {"account": "ann.lee", "cec": {"skills": {"Retention": None, 12: 1}},
                                            "brightpattern": None}


def test_unknown_columns_fail_unless_ignored_and_passwords_are_refused(load):
    with pytest.raises(AnsibleParserError, match=r"line 1, column 2: unknown column 'cec.skils'"):
        load("account,cec.skils\nann.lee,Billing:2\n")
    inventory = load("account,Department\nann.lee,Sales\n", unknown_columns="ignore")
    assert person(inventory, "ann.lee") == {"account": "ann.lee"}
    with pytest.raises(AnsibleParserError, match="passwords are not read from a file of people"):
        load("account,password\nann.lee,Secret-123\n", unknown_columns="ignore")


def test_yaml_and_json_scalars_stay_as_written(load):
    inventory = load("- account: ann.lee\n  phone: +14155550101\n  brightpattern:\n    extension: 0101\n"
                     "    roles: [Agent, Supervisor]\n    disabled: no\n  cec: null\n", name="people.yml")
    assert person(inventory, "ann.lee") == {
        "account": "ann.lee", "phone": "+14155550101", "cec": None,
        "brightpattern": {"extension": "0101", "roles": ["Agent", "Supervisor"], "disabled": False}}
    inventory = load('[\n\t{"account": "bob.kim", "brightpattern": {"skills": {"English": 100}, "extension": "007"}}]',
                     name="people.json")  # a tab-indented JSON file
    assert person(inventory, "bob.kim") == {"account": "bob.kim",
                                            "brightpattern": {"skills": {"English": 100}, "extension": "007"}}


def test_yaml_problems_name_the_line_and_key(load, tmp_path):
    with pytest.raises(AnsibleParserError) as caught:
        load("- account: ann.lee\n- account: bob.kim\n  brightpattern:\n    extension: 12a\n", name="people.yaml")
    assert "people.yaml line 4, column brightpattern.extension: brightpattern.extension must be digits, not '12a'" \
        in str(caught.value)


def test_a_template_in_a_cell_is_never_templated(load):
    inventory = load("account,first_name\nann.lee,\"{{ lookup('env', 'HOME') }}\"\n")
    value = person(inventory, "ann.lee")["first_name"]
    # ansible-core 2.16 templates a plain string that holds a template; an unsafe one stays as it is.
    assert Templar(loader=DataLoader(), variables={}).template(value) == "{{ lookup('env', 'HOME') }}"


def test_verify_file_wants_hr_file_yml(tmp_path):
    plugin = inventory_loader.get("contactcenter.agents.hr_file")
    for name, wanted in (("agents.hr_file.yml", True), ("x.hr_file.yaml", True), ("hosts.yml", False)):
        (tmp_path / name).write_text("plugin: contactcenter.agents.hr_file\n")
        assert bool(plugin.verify_file(str(tmp_path / name))) is wanted


def test_unnamed_columns_may_only_hold_empty_cells(load):
    inventory = load("account,,first_name,\nann.lee,,Ann,\n")  # as spreadsheets export them
    assert person(inventory, "ann.lee") == {"account": "ann.lee", "first_name": "Ann"}
    with pytest.raises(AnsibleParserError, match="line 3, column 2: a cell outside the named columns"):
        load("account,,first_name\nann.lee,,Ann\nbob.kim,oops,Bob\n")
    with pytest.raises(AnsibleParserError, match="line 2, column 3: a cell outside the named columns"):
        load("account,first_name\nann.lee,Ann,extra\n")


def test_every_host_records_the_size_of_its_source(load, tmp_path):
    # The role's leavers check compares it with the hosts it sees: an AWX job slice holds fewer.
    inventory = load(HEADER + "ann.lee,Billing,Ann,Lee,a@example.com,,,,\n"
                              "bob.kim,Billing,Bob,Kim,b@example.com,,,,\n")
    for host in ("ann.lee", "bob.kim"):
        assert inventory.get_host(host).vars["onboarding_source"] == {"file": str(tmp_path / "people.csv"),
                                                                      "people": 2}
