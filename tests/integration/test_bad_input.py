# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A corpus of invalid input, through ansible-playbook: every documented length, character, enum and range rule,
wrong types, empty keys, unicode edge cases and injection-looking strings, for both modules and the role.

Each bad value fails with a message that names the field, and the simulators record no write for it. The
modules' cases go through the batch options (``agents:`` / ``users:``, where each bad item fails on its own
result without stopping the others) plus a few module-level cases; the role's cases go through its list mode
in one run, which stops before any request. Values the documentation allows pass, and pass again unchanged.
"""
from __future__ import annotations

import json
from pathlib import Path

from ansible_collections.contactcenter.agents.tests.integration.reliability import note
from ansible_collections.contactcenter.agents.tests.integration.steps import writes

COLLECTION_DIR = Path(__file__).resolve().parents[2]

PASSWORD = "Init-Pw0"  # 8 characters: CEC's "a string of eight characters" read literally
OLD_PASSWORD = "Old-Passw0rd!"
CEC_SPECIALS = "~`!@#$%^*()-+_=\\\u00a6,./<>?;':\"[]{}&"
ZWSP, NBSP = "\u200b", "\u00a0"


# ---------------------------------------------------------------------------------------------- CEC corpus
def cec_create(n):
    return {"user_account": "bc%03d.acct" % n, "user_name": "Bad Input", "email": "bad.input@example.com",
            "agent_type": "audio", "role": "agent", "password": PASSWORD}


def cec_update(n):
    return {"user_account": "bu%03d.acct" % n}


# (field the message must name, changes to a valid create, or "update:" changes to an existing agent)
CEC_BAD = [("user_account", {"user_account": v}) for v in [
    "abc12", "x" * 51, "has space1", "tab\tacct1", "new\nline1", "jos\u00e9.agent", "agent%s01" % ZWSP,
    "\uff21\uff22\uff23\uff24\uff25\uff26", "agent/slash", "agent;drop1", "a'or'1'='1", "<script>x", "agent#hash1",
    "agent%2e%2e", "../../etc/passwd", "agent\U0001f600x1", "agent,comma", "agent+plus1", "agent(paren)",
    "agent" + NBSP + "nbsp", "", "   ", 12345, ["list.account"], {"a": 1}, "agent*star1", "agent\\back1"]] + [
    ("user_account", {"user_account": None}),
] + [("user_name", {"user_name": v}) for v in [
    "x" * 21, "\u540d" * 21, "Robert'); DROP TABLE agents;--", "<script>alert(1)</script>", "", "   ",
    ["Bob"], {"first": "Bob"}] + ["Bob %s Bob" % c for c in "\"[]'&()=;<>,"]] + [
    ("user_name", {"update": {"user_name": v}}) for v in ["\u540d" * 7, "Bob \"B\"", "Bob [B]", "Bob ]", "Bob=B",
                                                          "Bob;B", "Bob <B", "Bob >B"]] + [
    ("email", {"email": v}) for v in [
        "no-at-sign", "@example.com", "user@", "a@b@example.com", "a" * 65 + "@example.com",
        "a@" + "b" * 64 + ".com", "a@" + ".".join(["c" * 60] * 5), "sp ace@example.com", "tab\t@example.com",
        "new\nline@example.com", "nbsp" + NBSP + "@example.com", ["a@example.com"], {"e": 1}, "", None]] + [
    ("phone", {"phone": v}) for v in ["1" * 26, "+" + "9" * 25, ["123"], {"p": 1}, True, 1.5, 1845555555]] + [
    ("agent_type", {"agent_type": v}) for v in ["fax", "AUDIO", "audio ", 4, "", ["audio"], None]] + [
    ("role", {"role": v}) for v in ["boss", "Agent", 2, "inspector;drop", None]] + [
    ("password", {"password": v}) for v in [
        "Sh0rt!x", "Aa1!" + "x" * 29, "alllower1!", "ALLUPPER1!", "NoDigits!!", "NoSpecial12", "Has Space1!",
        "Tab\tPass1!", "P\u00e4ssw0rd!x", "Emoji\U0001f600Pw1!", "\uff26ullwidth1!", "Zwsp%sPassw0rd1!" % ZWSP,
        "", None, 12345678]] + [
    ("password", {"update": {"password": "weakpassword", "update_password": "always", "old_password": OLD_PASSWORD}}),
    ("password", {"update": {"password": "Sh0rt!", "update_password": "always", "old_password": OLD_PASSWORD}}),
    ("old_password", {"update": {"password": "N3w-Passw0rd!", "update_password": "always"}}),
    ("old_password", {"update": {"password": "N3w-Passw0rd!", "update_password": "always",
                                 "old_password": ["Wrong-Old-1"]}}),
    ("update_password", {"update_password": "sometimes"}),
    ("update_password", {"update_password": True}),
    ("state", {"state": "gone"}),
    ("state", {"state": "ABSENT"}),
    ("state", {"state": 1}),
    ("append_skills", {"append_skills": "maybe"}),
    ("append_skills", {"append_skills": 2}),
] + [("skills", {"skills": v}) for v in [
    [{"skill_id": 4, "agent_weight": 0}], [{"skill_id": 4, "agent_weight": -1}], [{"skill_id": 4, "skill_weight": 0}],
    [{"skill_id": 4, "agent_weight": "x"}], [{"skill_id": 4, "agent_weight": 1.5}], [{"skill_id": 999}],
    [{"name": "No Such Queue"}], [{"skill_id": 4, "name": "Billing"}], [{}], [{"agent_weight": 1}],
    [{"skill_id": "abc"}], [{"skill_id": 4}, {"skill_id": 4}], [{"name": "Billing"}, {"skill_id": 4}], "Billing",
    {"skill_id": 4}, [{"skill_id": 4, "priority": 1}], [{"name": ""}], [{"name": "   "}],
    [{"name": "Billing'); DROP TABLE skills;--"}], [{"skill_id": -4}], [{"name": ["Billing"]}]]] + [
    ("nickname", {"nickname": "Bobby"}),
    ("work_no", {"work_no": 101}),
]


# ---------------------------------------------------------------------------------------------- BP corpus
def bp_create(n):
    return {"login_id": "bb%03d.user" % n, "first_name": "Bad", "last_name": "Input", "team": "Sales",
            "password": PASSWORD}


BP_BAD = [("login_id", {"login_id": v}) for v in ["", "   ", None, ["x.user"], {"a": 1}]] + [
    (field, {field: v}) for field in ("first_name", "last_name") for v in ["", "   ", None, ["Bob"], {"n": 1}]] + [
    ("team", {"team": v}) for v in ["", "No Such Team", "sales", ["Sales"], {"n": 1}, None, "Sales; DROP TABLE teams",
                                    "Sales" + ZWSP, "<script>Sales</script>"]] + [
    ("extension", {"extension": v}) for v in [
        "10x2", "-5", "1.5", "\u0661\u0662\u0663", "\uff11\uff12\uff13", "12 34", "0x1F", "1e3", -5, 1.5, True, 1234,
        ["1000"], {"e": 1}, "1000; rm -rf /", "1000" + ZWSP, "\u00b9\u00b2\u00b3"]] + [
    (field, {field: v}) for field in ("work_phone", "mobile_phone")
    for v in [["1"], {"p": 1}, True, 1.5, 6501234567]] + [
    ("email", {"email": v}) for v in [["a@example.com"], {"e": 1}]] + [
    ("disabled", {"disabled": v}) for v in ["maybe", "2", [True], {"a": 1}, 2]] + [
    ("change_password", {"change_password": v}) for v in ["maybe", [True], 3]] + [
    ("skills", {"skills": v}) for v in [
        {"English": 101}, {"English": -1}, {"English": "lots"}, {"English": 1.5}, {"English": True},
        {"English": None}, {"": 50}, {"  ": 50}, ["English"], "English", {"English": "101"}, {"English": "1e2"},
        {"English": [1]}, {"English": {"level": 1}}, {"English": 10 ** 20}]] + [
    ("roles", {"roles": {"Agent": 1}}),
    ("password", {"password": ["Secret-In-A-List-1"]}),
    ("password", {"password": {"p": "Secret-1"}}),
    ("state", {"state": "gone"}),
    ("update_password", {"update_password": "sometimes"}),
    ("on_unsupported_change", {"on_unsupported_change": "ignore"}),
    ("use_scim", {"use_scim": "maybe"}),
    ("unlock", {"unlock": "maybe"}),
    ("append_skills", {"append_skills": "maybe"}),
    ("nickname", {"nickname": "Bobby"}),
]

# Module-level options: the whole task fails before any request.
SINGLE_BAD = [
    ("agents", "cec_agent_account", {"agents": "not-a-list"}),
    ("user_account", "cec_agent_account", {"agents": [cec_create(900)], "user_account": "single.acct"}),
    ("user_account", "cec_agent_account", {}),
    ("timeout", "cec_agent_account", dict(cec_create(901), timeout="soon")),
    ("user_account", "cec_agent_account", dict(cec_create(903), user_account=["a.list.acct"])),
    ("skills", "cec_agent_account", dict(cec_create(904), skills=[{"skill_id": "x"}])),
    ("users", "brightpattern_user", {"users": {"login_id": "x.user"}}),
    ("first_name", "brightpattern_user", dict(bp_create(902), first_name={"given": "Bad"})),
    ("bogus_option", "brightpattern_user", dict(bp_create(903), bogus_option=1)),
]


def cec_items():
    items = []
    for n, (field, change) in enumerate(CEC_BAD):
        if "update" in change:
            items.append(dict(cec_update(n), **change["update"]))
        else:
            items.append({k: v for k, v in dict(cec_create(n), **change).items() if v is not None})
    return items


def bp_items():
    return [{k: v for k, v in dict(bp_create(n), **change).items() if v is not None}
            for n, (field, change) in enumerate(BP_BAD)]


def test_bad_input_fails_alone_naming_the_field_and_writes_nothing(steps, sim, sim_log):
    sim("cec", "seed", {"agents": [
        {"userAccount": cec_update(n)["user_account"], "userName": "Existing", "email": "existing@example.com",
         "phone": "", "agentType": 4, "ccRoleId": 2, "skills": [], "password": OLD_PASSWORD}
        for n, (field, change) in enumerate(CEC_BAD) if "update" in change]})
    good_cec = dict(cec_create(999), user_account="good.cec.one")  # the batch still applies a good item
    good_bp = dict(bp_create(999), login_id="good.bp.one")
    results = steps({"module": "cec_agent_account", "args": {"agents": cec_items() + [good_cec]}, "fail": True},
                    {"module": "brightpattern_user", "args": {"users": bp_items() + [good_bp]}, "fail": True},
                    *[{"module": module, "args": args, "fail": True} for _field, module, args in SINGLE_BAD])
    cec, bp, single = results[0], results[1], results[2:]

    for batch, corpus, key, good in ((cec, CEC_BAD, "user_account", good_cec), (bp, BP_BAD, "login_id", good_bp)):
        out = batch.result["results"]
        assert len(out) == len(corpus) + 1
        for (field, change), res in zip(corpus, out):
            assert res["failed"] is True, (field, change, res)
            assert field in res["msg"], (field, change, res["msg"])
            assert "Traceback" not in res["msg"]
        assert out[-1]["failed"] is False and out[-1]["operation"] == "create"
    # the only writes are the good items' creates
    assert [w["body"]["userAccount"] for w in cec.cec_writes()] == ["good.cec.one"]
    assert [w["body"]["loginId"] for w in bp.bp_writes()] == ["good.bp.one"]

    for (field, module, args), step in zip(SINGLE_BAD, single):
        assert step.result["failed"] is True, (field, args)
        assert field in step.result["msg"], (field, step.result["msg"])
        assert step.cec == [] and step.bp == [], (field, args)  # not even a token request

    cases = len(CEC_BAD) + len(BP_BAD) + len(SINGLE_BAD)
    writes = len([w for w in cec.cec_writes() if w["body"]["userAccount"] != "good.cec.one"])
    writes += len([w for w in bp.bp_writes() if w["body"]["loginId"] != "good.bp.one"])
    note("bad_input_modules", cases=cases, writes=writes)
    assert cases >= 200 and writes == 0


# ---------------------------------------------------------------------------------------------- allowed values
CEC_GOOD = [
    {"user_account": "a.b-c_"},
    {"user_account": "x" * 50},
    {"user_account": "user@example.com"},
    {"userAccount": "_under_score", "userName": "Alias Names", "agentType": "audio", "ccRoleId": "agent"},
    {"user_account": "good.name20", "user_name": "x" * 20},
    {"user_account": "good.cjk20", "user_name": "\u540d" * 20},
    {"user_account": "good.accent", "user_name": "Zo\u00eb \u00c5ngstr\u00f6m"},
    {"user_account": "good.punct", "user_name": "Dr. Who? #1! a/b|c"},
    {"user_account": "good.local64", "email": "l" * 64 + "@example.com"},
    {"user_account": "good.label63", "email": "a@" + "b" * 63 + ".com"},
    {"user_account": "good.dom255", "email": "a@" + ".".join(["c" * 63] * 4)},
    {"user_account": "good.docmail", "email": "t**@****.com"},
    {"user_account": "good.plusmail", "email": "first.last+tag@example.co.uk"},
    {"user_account": "good.idnmail", "email": "\u7528\u6237@\u4f8b\u5b50.\u516c\u53f8"},
    {"user_account": "good.phone25", "phone": "1" * 25},
    {"user_account": "good.phonefmt", "phone": "+86 (10) 1234-5678"},
    {"user_account": "good.pass8", "password": "Aa1!aaaa"},
    {"user_account": "good.pass32", "password": "Aa1!" + "a" * 28},
    {"user_account": "good.passall", "password": "Aa1" + CEC_SPECIALS[:29]},
    {"user_account": "good.passrest", "password": "Aa1" + CEC_SPECIALS[29:] + "bbbbb"},
    {"user_account": "good.video", "agent_type": "video", "skills": [{"name": "defaultVideoSkill"}]},
    {"user_account": "good.multi", "agent_type": "multimedia", "skills": [{"skill_id": 1}, {"name": "Chat Support"}]},
    {"user_account": "good.versatile", "agent_type": "versatile", "role": "outbound_call_agent",
     "skills": [{"skill_id": 1}, {"skill_id": 4}]},
    {"user_account": "good.inspector", "role": "inspector", "skills": [{"name": "Billing", "agent_weight": 100,
                                                                        "skill_weight": 100}]},
    {"user_account": "good.noskills", "skills": []},
]
CEC_GOOD_UPDATES = [
    {"user_account": "existing.1", "user_name": "O'Brien & Co (x)"},  # allowed on update, not on create
    {"user_account": "existing.2", "user_name": "\u540d" * 6 + "ab"},  # 20 bytes
    {"user_account": "existing.3", "password": "N3w-Passw0rd!", "old_password": OLD_PASSWORD,
     "update_password": "always"},
]
BP_GOOD = [
    {"login_id": "zo\u00eb.\u00e5ngstr\u00f6m", "first_name": "Zo\u00eb", "last_name": "\u00c5ngstr\u00f6m-O'Brien"},
    {"login_id": "o'brien", "first_name": "<script>alert(1)</script>", "last_name": "Robert'); DROP TABLE users;--"},
    {"login_id": "robert'); DROP TABLE users;--", "first_name": "Bobby", "last_name": "Tables"},
    {"login_id": "good.ext0072", "extension": "0072"},
    {"login_id": "good.levels", "skills": {"English": 0, "Spanish": 100, "French": "75"}},
    {"login_id": "good.roles", "roles": ["Agent", "Supervisor"]},
    {"login_id": "good.noroles", "roles": []},
    {"login_id": "good.flags", "disabled": "yes", "change_password": "false"},
    {"login_id": "good.idnmail", "email": "\u7528\u6237@\u4f8b\u5b50.\u516c\u53f8"},
    {"login_id": "good.phones", "work_phone": "+1 (415) 555-0100", "mobile_phone": "6501234567"},
    {"login_id": "good.team", "team": "Technical Support"},
    {"login_id": "good.password", "password": "P\u00e4ssw\u00f6rd-\u00fc"},
    {"loginId": "good.alias", "firstName": "Alias", "lastName": "Names", "changePassword": True},
]


def test_values_the_docs_allow_pass_then_change_nothing(steps, sim, sim_state):
    # Passwords of 8 to 32 characters and a password change: the lenient reading of the CEC docs (8 or more
    # characters; queryAgentInfoByAccount says which password is in force). test_dialects_cec.py has the others.
    sim("cec", "options", {"dialect": "lenient"})
    sim("cec", "seed", {"agents": [{"userAccount": "existing.%d" % n, "userName": "Existing",
                                    "email": "existing@example.com", "phone": "", "agentType": 4, "ccRoleId": 2,
                                    "skills": [], "password": OLD_PASSWORD} for n in (1, 2, 3)]})
    base_cec = {"user_name": "Good Input", "email": "good@example.com", "agent_type": "audio", "role": "agent",
                "password": PASSWORD}
    cec_agents = [dict(base_cec, **item) if "userAccount" not in item else
                  dict({k: v for k, v in base_cec.items() if k not in ("user_name", "agent_type", "role")}, **item)
                  for item in CEC_GOOD] + CEC_GOOD_UPDATES
    base_bp = {"first_name": "Good", "last_name": "Input", "team": "Sales", "password": PASSWORD,
               "unmanaged_skills": ["Sales"]}  # the team's service skill, which the tenant gives its members
    bp_users = [dict(base_bp, **item) if "loginId" not in item else
                dict({k: v for k, v in base_bp.items() if k not in ("first_name", "last_name")}, **item)
                for item in BP_GOOD]
    again_cec = [a for a in cec_agents if a.get("update_password") != "always"]  # a password change reports changed
    first_cec, first_bp, second_cec, second_bp = steps(
        {"module": "cec_agent_account", "args": {"agents": cec_agents}},
        {"module": "brightpattern_user", "args": {"users": bp_users}},
        {"module": "cec_agent_account", "args": {"agents": again_cec}},
        {"module": "brightpattern_user", "args": {"users": bp_users}})
    assert first_cec.result["counts"] == {"created": len(CEC_GOOD), "updated": len(CEC_GOOD_UPDATES), "deleted": 0,
                                          "unchanged": 0, "failed": 0}
    assert first_bp.result["counts"]["created"] == len(BP_GOOD) and first_bp.result["counts"]["failed"] == 0
    for step in (second_cec, second_bp):
        assert step.result["changed"] is False and step.cec_writes() == [] and step.bp_writes() == []
    cec_state, bp_state = sim_state("cec")["agents"], sim_state("bp")["users"]
    assert cec_state["good.cjk20"]["userName"] == "\u540d" * 20
    assert cec_state["existing.1"]["userName"] == "O'Brien & Co (x)"
    assert bp_state["robert'); DROP TABLE users;--"]["lastName"] == "Tables"
    assert bp_state["o'brien"]["firstName"] == "<script>alert(1)</script>"
    assert bp_state["good.ext0072"]["extension"] == "0072"
    note("allowed_values", cases=len(CEC_GOOD) + len(CEC_GOOD_UPDATES) + len(BP_GOOD))


# ---------------------------------------------------------------------------------------------- unquoted identifiers
# Issue #14.9, as a user writes it: YAML 1.1 reads these unquoted values as numbers (0101 is octal 65, 0123456 is
# 42798, 00012345 is 5349, and +44... an int without its +). Nothing may be written from what is left of them.
UNQUOTED_PLAYBOOK = """
- name: Unquoted identifiers
  hosts: localhost
  gather_facts: false
  tasks:
    - name: CEC, single form
      contactcenter.agents.cec_agent_account:
        user_account: 00012345
        user_name: Unquoted
        email: unquoted@example.com
        agent_type: audio
        role: agent
        password: Init-Pw0
      register: cec_single
      ignore_errors: true
    - name: CEC, list form
      contactcenter.agents.cec_agent_account:
        agents:
          - {user_account: unq.phone1, phone: 0123456, user_name: Unq, email: u@example.com, agent_type: audio,
             role: agent, password: Init-Pw0}
          - {user_account: unq.phone2, phone: +442079460000, user_name: Unq, email: u@example.com, agent_type: audio,
             role: agent, password: Init-Pw0}
          - {user_account: unq.quoted, phone: "0123456", user_name: Unq, email: u@example.com, agent_type: audio,
             role: agent, password: Init-Pw0}
      register: cec_list
      ignore_errors: true
    - name: Bright Pattern, single form
      contactcenter.agents.brightpattern_user:
        login_id: unq.ext1
        extension: 0101
        first_name: Un
        last_name: Quoted
        team: Sales
        password: Init-Pw0
      register: bp_single
      ignore_errors: true
    - name: Bright Pattern, list form
      contactcenter.agents.brightpattern_user:
        users:
          - {login_id: unq.work, work_phone: +14155550100, first_name: Un, last_name: Quoted, team: Sales}
          - {login_id: unq.mobile, mobile_phone: 0123456, first_name: Un, last_name: Quoted, team: Sales}
          - {login_id: 00012345, first_name: Un, last_name: Quoted, team: Sales}
          - {login_id: unq.quoted, extension: "0101", first_name: Un, last_name: Quoted, team: Sales}
      register: bp_list
      ignore_errors: true
    - name: Save the results
      ansible.builtin.copy:
        content: "{{ {'cec_single': cec_single, 'cec_list': cec_list, 'bp_single': bp_single,
                      'bp_list': bp_list} | to_json }}"
        dest: "{{ result_file }}"
        mode: "0600"
"""


def test_unquoted_identifiers_are_refused_showing_what_yaml_made_of_them(run_playbook, sim_log, sim_state, tmp_path):
    playbook = COLLECTION_DIR / "tests" / "output" / "playbooks" / ("unquoted_%s.yml" % tmp_path.name)
    playbook.parent.mkdir(parents=True, exist_ok=True)
    playbook.write_text(UNQUOTED_PLAYBOOK, encoding="utf-8")
    result_file = tmp_path / "unquoted.json"
    run = run_playbook(str(playbook.relative_to(COLLECTION_DIR)), {"result_file": str(result_file)})
    assert run.rc == 0, run
    out = json.loads(result_file.read_text())

    def refused(msg, option, value):
        assert msg.startswith("%s: got %s (type int)" % (option, value)), msg
        assert 'not a string' in msg and 'quote it, e.g. %s: "0101"' % option in msg, msg

    refused(out["cec_single"]["msg"], "user_account", 5349)
    cec = out["cec_list"]["results"]
    refused(cec[0]["msg"], "phone", 42798)
    assert "in agents[0], not a string" in cec[0]["msg"] and "in agents[1], not a string" in cec[1]["msg"]
    refused(cec[1]["msg"], "phone", 442079460000)
    assert cec[2]["failed"] is False and cec[2]["agent"]["phone"] == "0123456"
    refused(out["bp_single"]["msg"], "extension", 65)
    bp = out["bp_list"]["results"]
    refused(bp[0]["msg"], "work_phone", 14155550100)
    refused(bp[1]["msg"], "mobile_phone", 42798)
    refused(bp[2]["msg"], "login_id", 5349)
    assert "in users[2]" in bp[2]["msg"]
    assert bp[3]["failed"] is False and bp[3]["user"]["extension"] == "0101"
    cec_writes, bp_writes = writes(sim_log)
    assert [w["body"]["userAccount"] for w in cec_writes] == ["unq.quoted"]
    assert [w["body"]["loginId"] for w in bp_writes] == ["unq.quoted"]
    assert sim_state("cec")["agents"]["unq.quoted"]["phone"] == "0123456"


# ---------------------------------------------------------------------------------------------- the role
ROLE_DEFAULTS = {"cec": {"agent_type": "audio", "role": "agent", "skills": {"Sales": 2}},
                 "brightpattern": {"team": "Sales", "roles": ["Agent"], "skills": {"English": 100}}}


def person(n, **changes):
    record = {"account": "rb%03d.acct" % n, "first_name": "Role", "last_name": "Bad", "email": "role.bad@example.com"}
    record.update(changes)
    return record


# (what the problem line must contain, the record); each record breaks one rule.
ROLE_BAD = [
    ("unknown field 'hobby'", person(0, hobby="chess")),
    ("account is required", {k: v for k, v in person(1).items() if k != "account"}),
    ("account 'bad account!' must be letters", person(2, account="bad account!")),
    ("account '.dotfirst' must be letters", person(3, account=".dotfirst")),
    ("account must be 6 to 50 characters", person(4, account="ab")),
    ("account \"x'; DROP TABLE--\" must be letters", person(5, account="x'; DROP TABLE--")),
    ("account 'jos\u00e9.garc\u00eda' must be letters", person(6, account="jos\u00e9.garc\u00eda")),
    ("cec.agent_type must be one of", person(7, cec={"agent_type": "phone"})),
    ("cec.role must be one of", person(8, cec={"role": "boss"})),
    ("email is required to create the CEC agent", {k: v for k, v in person(9).items() if k != "email"}),
    ("email must be an address whose local part has at most 64 characters, domain at most 255 and first domain "
     "label at most 63 for CEC, not 'not-an-email'", person(10, email="not-an-email")),
    ("email must be an address whose local part has at most 64 characters, domain at most 255 and first domain "
     "label at most 63 for CEC, not 'a@b@example.com'", person(11, email="a@b@example.com")),
    ("phone must be at most 25 characters", person(12, phone="1" * 26)),
    ("cec.user_name must not contain", person(13, cec={"user_name": "Bob <script>"})),
    ("cec.user_name must be at most 20 characters", person(14, cec={"user_name": "x" * 21})),
    ("cec.skills agent_weight of skill Sales must be an integer of at least 1", person(15, cec={"skills": {"Sales": 0}})),
    ("cec.skills agent_weight of skill Sales must be an integer of at least 1", person(16, cec={"skills": {"Sales": "x"}})),
    ("cec.skills must be a mapping", person(17, cec={"skills": "Sales"})),
    ("the CEC password from the inventory breaks CEC's rule", person(18, password="weakpass")),
    ("brightpattern.extension must be digits", person(19, brightpattern={"extension": "12a"})),
    ("brightpattern.skills.English levels must be integers from 0 to 100, not 101",
     person(20, brightpattern={"skills": {"English": 101}})),
    ("brightpattern.skills must be a mapping", person(21, brightpattern={"skills": "English"})),
    ("brightpattern.roles must be a list of role names", person(22, brightpattern={"roles": "Agent"})),
    ("brightpattern.disabled must be true or false", person(23, brightpattern={"disabled": "maybe"})),
    ("brightpattern.team is required", person(24, brightpattern={"team": None})),
    ("first_name is required to create the Bright Pattern user",
     {k: v for k, v in person(25).items() if k != "first_name"}),
    ("the Bright Pattern password from the inventory breaks Bright Pattern's rule (at least 8 characters)", person(26, cec=None, password="short")),
    ("brightpattern.login_id 'bad login!' must be letters", person(27, brightpattern={"login_id": "bad login!"})),
    ("state must be present or absent", person(28, state="gone")),
    ("unknown system section 'genesys'", person(29, genesys={"queue": "x"})),
    ("cec must be a mapping", person(30, cec="yes")),
    ("is in no system", person(31, cec=None, brightpattern=None)),
    ("unknown field cec.queue", person(32, cec={"queue": "Sales"})),
    ("first_name must be a string", person(33, first_name=["Role"])),
    ("brightpattern.change_password must be true or false", person(34, brightpattern={"change_password": "x"})),
    ("cec.skills skill_weight of skill Sales must be an integer of at least 1",
     person(35, cec={"skills": {"Sales": {"skill_weight": -1}}})),
    ("cec.skills.Sales has unknown keys priority", person(36, cec={"skills": {"Sales": {"priority": 1}}})),
    ("account rb037.acct is given 2 times", person(37)),
    ("account rb037.acct is given 2 times", person(37, first_name="Twin")),
    ("brightpattern.extension 4242 is given 2 times", person(38, brightpattern={"extension": "4242"})),
    ("brightpattern.extension 4242 is given 2 times", person(39, brightpattern={"extension": "4242"})),
]


def test_role_bad_input_is_reported_at_once_before_any_request(run_playbook, sim_log, tmp_path):
    agents = [record for _text, record in ROLE_BAD]
    extra = {"onboarding_agents": agents, "onboarding_defaults": ROLE_DEFAULTS,
             "onboarding_password_dir": str(tmp_path / "passwords"), "onboarding_report_dir": str(tmp_path / "reports")}
    result = run_playbook("onboarding_list", extra)
    assert result.rc == 2, result
    assert sim_log("cec") == [] and sim_log("bp") == []  # not even a token request
    assert not (tmp_path / "passwords").exists() and not (tmp_path / "reports").exists()
    problems = _problem_list(result.stdout)
    assert "nothing was written" in problems[0]
    for index, (expected, _record) in enumerate(ROLE_BAD):
        lines = [line for line in problems if "onboarding_agents[%d]" % index in line]
        assert any(expected in line for line in lines), (index, expected, lines)
    note("bad_input_role", cases=len(ROLE_BAD), writes=len(sim_log("cec") + sim_log("bp")))


def _problem_list(stdout):
    """The role's list of problems: the msg of the failed task, as the default callback prints it."""
    for line in stdout.splitlines():
        if line.startswith("fatal: ") and "problem(s); nothing was written" in line:
            return json.loads(line.split(" => ", 1)[1])["msg"]
    raise AssertionError("no problem list in the output")
