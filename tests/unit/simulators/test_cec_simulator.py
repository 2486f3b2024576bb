# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The CEC simulator enforces every documented rule, and each option switch works both ways."""
from __future__ import annotations

import pytest

TOKEN = "/apigovernance/api/oauth/tokenByAkSk"
API = "/apiaccess/rest/cc-management/v1/"
API_UPPER = "/apiaccess/rest/CC-Management/v1/"
KEY, SECRET = "sim-app-key", "sim-app-secret-CHANGE-ME"
PASSWORD = "Str0ng!Pw"

# Seed 000 (create), verbatim apart from nothing: its masked values are valid as they stand.
EXAMPLE_CREATE = {"userAccount": "test123456", "userName": "test111", "password": "Te****34",
                  "email": "t**@****.com", "agentType": 11, "ccRoleId": 2,
                  "skills": [{"skillId": 3, "agentWeight": 1, "skillWeight": 1},
                             {"skillId": 2, "agentWeight": 1, "skillWeight": 2}]}
# Seed 001 (update); "xxxxx"/"xxxxxxx" replaced by the created password and a valid new one.
EXAMPLE_UPDATE = {"userAccount": "test123456", "userName": "test123", "email": "Test@****.com",
                  "phone": "184****5555", "agentType": 5, "ccRoleId": 2,
                  "skills": [{"skillId": 1, "agentWeight": 1, "skillWeight": 1}],
                  "oldPassWord": "Te****34", "newPassWord": "N3w!Pass"}


def valid_agent(**overrides):
    body = {"userAccount": "alice.agent01", "userName": "Alice Agent", "password": PASSWORD,
            "email": "alice@example.com", "agentType": 4, "ccRoleId": 2,
            "skills": [{"skillId": 4, "agentWeight": 1, "skillWeight": 1}], "phone": "+1 555 0100"}
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not DROP}


DROP = object()


class Api:
    """A test client holding a valid token. The rule tests run against the lenient dialect (the defaults
    before the fail-closed round); the tests of the other readings name their dialect or options."""

    def __init__(self, cec_sim, dialect="lenient", **options):
        self.sim, self.client = cec_sim
        self.sim.update_options(dict(options, dialect=dialect))
        self.token = self.get_token().json["AccessToken"]

    def get_token(self, key=KEY, secret=SECRET, expire=None, body=None):
        headers = {} if expire is None else {"X-Token-Expire": str(expire)}
        return self.client.post(TOKEN, json={"app_key": key, "app_secret": secret} if body is None else body,
                                headers=headers)

    def post(self, op, body=None, base=API, token=None, headers=None, **kwargs):
        all_headers = {"Authorization": "Bearer " + (token or self.token), "x-app-key": KEY}
        all_headers.update(headers or {})
        all_headers = {k: v for k, v in all_headers.items() if v is not None}
        if body is not None:
            kwargs["json"] = body
        return self.client.post(base + op, headers=all_headers, **kwargs)

    def call(self, op, body, status=200, base=API):
        resp = self.post(op, body, base=base)
        assert resp.status_code == status, (resp.status_code, resp.get_data(as_text=True))
        return resp.json

    def ok(self, op, body, base=API):
        data = self.call(op, body, base=base)
        code = data.get("resultCode", data.get("returnCode"))
        assert code == "0", data
        return data

    def fail(self, op, body, field, status=200, base=API):
        data = self.call(op, body, status=status, base=base)
        if "resultCode" in data:
            code, message = data["resultCode"], data["resultMessage"]
        else:
            code, message = data["returnCode"], data["description"]
        assert code == "1", data
        assert field in message, (field, message)
        return data

    def create(self, **overrides):
        return self.ok("agentAccount/create", valid_agent(**overrides))

    def agent(self, account="alice.agent01"):
        data = self.ok("agentAccount/query", {"userAccount": account})["data"]
        return data[0] if data else None

    def advance(self, seconds, refresh=True):
        """Move the sim clock; by default fetch a fresh token, as a client would after expiry."""
        assert self.client.post("/_sim/clock", json={"advance": seconds}).status_code == 200
        if refresh:
            self.token = self.get_token().json["AccessToken"]

    def change_password(self, old, new, account="alice.agent01"):
        return self.call("agentAccount/update", {"userAccount": account, "oldPassWord": old, "newPassWord": new})


# ---------------------------------------------------------------- vendor examples


def test_create_example_is_accepted(cec_sim):
    api = Api(cec_sim)
    data = api.ok("agentAccount/create", EXAMPLE_CREATE)
    assert data == {"resultCode": "0", "resultMessage": "create agent account success", "workNo": 101}
    record = api.agent("test123456")
    assert record == {"userAccount": "test123456", "userName": "test111", "phone": "", "email": "t**@****.com",
                      "agentType": 11, "ccRoleId": 2, "sipAccount": "88880101", "transparentDisplayFlag": False,
                      "skills": [{"skillId": 3, "agentWeight": 1, "skillWeight": 1},
                                 {"skillId": 2, "agentWeight": 1, "skillWeight": 2}], "workNo": 101}


def test_update_example_is_accepted(cec_sim):
    api = Api(cec_sim)
    api.ok("agentAccount/create", EXAMPLE_CREATE)
    assert api.ok("agentAccount/update", EXAMPLE_UPDATE) == {"resultCode": "0", "resultMessage": "edit success"}
    record = api.agent("test123456")
    assert record["userName"] == "test123" and record["email"] == "Test@****.com"
    assert record["phone"] == "184****5555" and record["agentType"] == 5
    assert record["skills"] == [{"skillId": 1, "agentWeight": 1, "skillWeight": 1}]  # replaced
    state = api.sim.dump_state()["agents"]["test123456"]
    assert state["password_changes"] == 1 and state["password_changed_at"] is not None
    assert api.change_password("N3w!Pass", "An0ther!Pw", "test123456")["resultCode"] == "1"  # 24 h rule
    api.advance(24 * 3600)
    assert api.change_password("N3w!Pass", "An0ther!Pw", "test123456")["resultCode"] == "0"


def test_query_delete_and_skill_examples(cec_sim):
    api = Api(cec_sim)
    api.ok("agentAccount/create", EXAMPLE_CREATE)
    paged = api.ok("agentAccount/query", {"pageNum": 0, "pageSize": 1})
    assert paged["total"] == 1 and paged["resultMessage"] == "get agent account info success"
    assert api.ok("agentAccount/addSkillsToAgent", {"userAccounts": ["test123456"], "skillId": 4,
                                                    "agentWeight": 1, "skillWeight": 1}) \
        == {"resultCode": "0", "resultMessage": "success"}
    assert api.ok("agentAccount/releaseAgentBySkillId", {"skillId": 3, "userAccounts": []}) \
        == {"resultCode": "0", "resultMessage": "success"}
    skills = api.ok("skill/querySkills", {"limit": "10", "offset": 0})
    assert skills["description"] == "success" and skills["total"] == 11 and len(skills["data"]) == 10
    first = skills["data"][0]
    assert {"skillId", "name", "mediaTypeId", "description", "maxAgentWrapupTime", "maxWaitTime",
            "maxWaitNum", "skillParam"} <= set(first)
    by_account = api.ok("queryAgentInfoByAccount", {"accountCode": "test123456"}, base=API_UPPER)
    assert by_account == {"returnCode": "0", "description": "success",
                          "data": {"workNo": 101, "agentType": 11, "agentStatus": "0"}}
    assert api.ok("agentAccount/delete", {"userAccount": "test123456"}) \
        == {"resultCode": "0", "resultMessage": "delete AgentAccount success"}
    assert api.agent("test123456") is None


# ---------------------------------------------------------------- create: documented constraints

CREATE_REJECTS = [
    # (field named in the message, overrides)
    ("userAccount", {"userAccount": DROP}),
    ("userAccount", {"userAccount": "abcde"}),
    ("userAccount", {"userAccount": "a" * 51}),
    ("userAccount", {"userAccount": "bad acct1"}),
    ("userAccount", {"userAccount": "bad#acct1"}),
    ("userAccount", {"userAccount": "b\u00e4d.acct1"}),
    ("userAccount", {"userAccount": "abcdef\n"}),
    ("userAccount", {"userAccount": 12345678}),
    ("userName", {"userName": DROP}),
    ("userName", {"userName": ""}),
    ("userName", {"userName": "x" * 21}),
    ("userName", {"userName": 42}),
    ("userName", {"userName": None}),
    ("password", {"password": DROP}),
    ("password", {"password": "Ab1!xyz"}),
    ("password", {"password": "Ab1!" + "x" * 29}),
    ("password", {"password": "str0ng!pw"}),
    ("password", {"password": "STR0NG!PW"}),
    ("password", {"password": "Strong!Pw"}),
    ("password", {"password": "Str0ngPwd"}),
    ("password", {"password": "Str0ng! Pw"}),
    ("password", {"password": "Str0ng|Pw"}),
    ("password", {"password": "Str0ng!P\u00e9"}),
    ("password", {"password": 12345678}),
    ("email", {"email": DROP}),
    ("email", {"email": "no-at-sign"}),
    ("email", {"email": "a@b@example.com"}),
    ("email", {"email": "@example.com"}),
    ("email", {"email": "alice@"}),
    ("email", {"email": "al ice@example.com"}),
    ("email", {"email": "alice@exa\tmple.com"}),
    ("email", {"email": "x" * 65 + "@example.com"}),
    ("email", {"email": "alice@" + "d" * 63 + "." + "e" * 192}),
    ("email", {"email": "alice@" + "d" * 64 + ".com"}),
    ("email", {"email": 7}),
    ("agentType", {"agentType": DROP}),
    ("agentType", {"agentType": "11"}),
    ("agentType", {"agentType": True}),
    ("agentType", {"agentType": 3}),
    ("agentType", {"agentType": 255}),
    ("agentType", {"agentType": 4.0}),
    ("agentType", {"agentType": None}),
    ("ccRoleId", {"ccRoleId": DROP}),
    ("ccRoleId", {"ccRoleId": 1}),
    ("ccRoleId", {"ccRoleId": 255}),
    ("ccRoleId", {"ccRoleId": "2"}),
    ("ccRoleId", {"ccRoleId": False}),
    ("skills", {"skills": {"skillId": 4}}),
    ("skills", {"skills": None}),
    ("skills[0]", {"skills": [4]}),
    ("skills[0].skillId", {"skills": [{"agentWeight": 1, "skillWeight": 1}]}),
    ("skills[0].agentWeight", {"skills": [{"skillId": 4, "skillWeight": 1}]}),
    ("skills[0].skillWeight", {"skills": [{"skillId": 4, "agentWeight": 1}]}),
    ("skills[0].skillId", {"skills": [{"skillId": 999, "agentWeight": 1, "skillWeight": 1}]}),
    ("skills[0].skillId", {"skills": [{"skillId": "4", "agentWeight": 1, "skillWeight": 1}]}),
    ("skills[0].agentWeight", {"skills": [{"skillId": 4, "agentWeight": 0, "skillWeight": 1}]}),
    ("skills[0].skillWeight", {"skills": [{"skillId": 4, "agentWeight": 1, "skillWeight": -1}]}),
    ("skills[0].agentWeight", {"skills": [{"skillId": 4, "agentWeight": "1", "skillWeight": 1}]}),
    ("skills[0].skillWeight", {"skills": [{"skillId": 4, "agentWeight": 1, "skillWeight": True}]}),
    ("skills[1].skillId", {"skills": [{"skillId": 4, "agentWeight": 1, "skillWeight": 1},
                                      {"skillId": 4, "agentWeight": 2, "skillWeight": 2}]}),
    ("skills[0]", {"skills": [{"skillId": 4, "agentWeight": 1, "skillWeight": 1, "weight": 3}]}),
    ("skills", {"skills": [{"skillId": 9, "agentWeight": 1, "skillWeight": 1}]}),  # 53 not for agentType 4
    ("phone", {"phone": "1" * 26}),
    ("phone", {"phone": 5550100}),
    ("phone", {"phone": None}),
    ("request", {"nickname": "Al"}),
]


@pytest.mark.parametrize("field,overrides", CREATE_REJECTS, ids=[
    "%02d-%s" % (i, field) for i, (field, _value) in enumerate(CREATE_REJECTS)])
def test_create_rejects(cec_sim, field, overrides):
    api = Api(cec_sim)
    api.fail("agentAccount/create", valid_agent(**overrides), field)
    assert api.sim.dump_state()["agents"] == {}


@pytest.mark.parametrize("char", list("\"[]'&()=;<>,"))
def test_create_user_name_forbidden_characters(cec_sim, char):
    Api(cec_sim).fail("agentAccount/create", valid_agent(userName="Al%sce" % char), "userName")


CREATE_ACCEPTS = [
    {"userAccount": "abcdef"},
    {"userAccount": "a" * 50},
    {"userAccount": "first.last@corp-1_x"},
    {"userName": "x" * 20},
    {"userName": "\u738b" * 20},  # 20 characters (60 bytes): create counts characters
    {"userName": "Ann-Marie O.K. #1!"},
    {"password": "Ab1!" + "x" * 28},
    {"password": "Ab1\u00a6xyzw"},
    {"password": "Ab1~`!@#$%^*()-+_=\\,./<>?;':\"[]{}&"[:32]},
    {"email": "x" * 64 + "@" + "d" * 63 + ".com"},
    {"email": "odd!#$%&'*+/=?^`{|}~@example"},
    {"email": "alice@" + ".".join(["d" * 63] * 4)},
    {"phone": "1" * 25},
    {"phone": ""},
    {"phone": DROP, "skills": DROP},
    {"skills": []},
    {"agentType": 99, "skills": [{"skillId": i, "agentWeight": 1, "skillWeight": 1} for i in (1, 2, 3, 8)]},
    {"ccRoleId": 3},
    {"ccRoleId": 4},
]


@pytest.mark.parametrize("overrides", CREATE_ACCEPTS)
def test_create_accepts_boundaries(cec_sim, overrides):
    api = Api(cec_sim)
    body = valid_agent(**overrides)
    data = api.ok("agentAccount/create", body)
    record = api.agent(body["userAccount"])
    assert record["workNo"] == data["workNo"] == 101
    assert record["phone"] == body.get("phone", "")
    assert record["skills"] == body.get("skills", [])


MEDIA_CASES = [
    (4, 4, True), (4, 8, True), (4, 2, False), (4, 9, False),
    (11, 2, True), (11, 3, True), (11, 1, False),
    (5, 1, True), (5, 9, True), (5, 4, False), (5, 2, False),
    (99, 1, True), (99, 2, True), (99, 4, True), (99, 8, True),
]


@pytest.mark.parametrize("agent_type,skill_id,allowed", MEDIA_CASES)
def test_media_type_must_fit_agent_type(cec_sim, agent_type, skill_id, allowed):
    api = Api(cec_sim)
    body = valid_agent(agentType=agent_type, skills=[{"skillId": skill_id, "agentWeight": 1, "skillWeight": 1}])
    if allowed:
        api.ok("agentAccount/create", body)
    else:
        api.fail("agentAccount/create", body, "mediaTypeId")


def test_media_map_option(cec_sim):
    api = Api(cec_sim, media_map={"4": [5, 2], "11": [19, 18], "5": [53], "99": "any"})
    api.fail("agentAccount/create", valid_agent(agentType=11), "skills")


def test_duplicate_account_is_rejected(cec_sim):
    api = Api(cec_sim)
    api.create()
    api.fail("agentAccount/create", valid_agent(userName="Other"), "userAccount")
    assert api.agent()["userName"] == "Alice Agent"


def test_work_numbers_count_up_and_are_not_reused(cec_sim):
    api = Api(cec_sim)
    numbers = [api.create(userAccount="agent%04d" % i)["workNo"] for i in range(3)]
    assert numbers == [101, 102, 103]
    api.ok("agentAccount/delete", {"userAccount": "agent0002"})
    assert api.create(userAccount="agent0009")["workNo"] == 104
    assert api.agent("agent0009")["sipAccount"] == "88880104"


def test_work_numbers_run_out_at_59999(cec_sim):
    api = Api(cec_sim)
    api.sim.seed({"agents": [{"userAccount": "last.one", "workNo": 59999}]})
    api.sim.next_work_no = 59999
    api.fail("agentAccount/create", valid_agent(), "workNo")


def test_password_length_exact8(cec_sim):
    api = Api(cec_sim, password_length="exact8")
    api.fail("agentAccount/create", valid_agent(password="Str0ng!Pw"), "password")
    api.ok("agentAccount/create", valid_agent(password="Str0ng!P"))


def test_password_specials_option(cec_sim):
    api = Api(cec_sim)
    api.fail("agentAccount/create", valid_agent(password="Str0ng|Pw"), "password")
    api.sim.options["password_specials"] += "|"
    api.ok("agentAccount/create", valid_agent(password="Str0ng|Pw"))


def test_create_skill_weights_optional(cec_sim):
    api = Api(cec_sim, create_skill_weights_optional=True)
    api.create(skills=[{"skillId": 4}])
    assert api.agent()["skills"] == [{"skillId": 4, "agentWeight": 1, "skillWeight": 1}]


def test_unknown_fields_ignore(cec_sim):
    api = Api(cec_sim, unknown_fields="ignore")
    api.create(nickname="Al", skills=[{"skillId": 4, "agentWeight": 1, "skillWeight": 1, "extra": 1}])
    assert "nickname" not in api.sim.dump_state()["agents"]["alice.agent01"]


def test_business_error_status_500(cec_sim):
    api = Api(cec_sim, business_error_status=500)
    api.fail("agentAccount/create", valid_agent(userAccount="short"), "userAccount", status=500)
    api.fail("skill/querySkills", {"limit": "0"}, "limit", status=500)


# ---------------------------------------------------------------- update


UPDATE_REJECTS = [
    ("userAccount", {"userAccount": DROP}),
    ("userAccount", {"userAccount": "nobody.here"}),
    ("userAccount", {"userAccount": 17}),
    ("userName", {"userName": "\u738b" * 7}),  # 21 bytes: update counts bytes
    ("userName", {"userName": "x" * 21}),
    ("userName", {"userName": ""}),
    ("userName", {"userName": "Al;ce"}),
    ("userName", {"userName": "Al=ce"}),
    ("userName", {"userName": 'Al"ce'}),
    ("email", {"email": "not-an-email"}),
    ("email", {"email": ""}),
    ("phone", {"phone": "1" * 26}),
    ("agentType", {"agentType": "5"}),
    ("agentType", {"agentType": 7}),
    ("ccRoleId", {"ccRoleId": 9}),
    ("skills[0].agentWeight", {"skills": [{"skillId": 4, "skillWeight": 1}]}),
    ("skills[0].skillWeight", {"skills": [{"skillId": 4, "agentWeight": 1}]}),
    ("skills[0].skillId", {"skills": [{"agentWeight": 1, "skillWeight": 1}]}),
    ("skills[0].skillId", {"skills": [{"skillId": 404, "agentWeight": 1, "skillWeight": 1}]}),
    ("skills[0].agentWeight", {"skills": [{"skillId": 4, "agentWeight": 0, "skillWeight": 1}]}),
    ("skills", {"skills": [{"skillId": 2, "agentWeight": 1, "skillWeight": 1}]}),  # video queue, audio agent
    ("agentType", {"agentType": 5}),  # stored Billing (5) does not fit a multimedia agent
    ("skills", {"agentType": 11, "skills": [{"skillId": 9, "agentWeight": 1, "skillWeight": 1}]}),
    ("request", {"password": "Str0ng!Pw2"}),
    ("newPassWord", {"oldPassWord": PASSWORD}),
    ("oldPassWord", {"newPassWord": "N3w!Passw"}),
    ("newPassWord", {"oldPassWord": PASSWORD, "newPassWord": "weakpassword"}),
    ("oldPassWord", {"oldPassWord": 1234, "newPassWord": "N3w!Passw"}),
]


@pytest.mark.parametrize("field,overrides", UPDATE_REJECTS, ids=[
    "%02d-%s" % (i, field) for i, (field, _value) in enumerate(UPDATE_REJECTS)])
def test_update_rejects_and_changes_nothing(cec_sim, field, overrides):
    api = Api(cec_sim)
    api.create()
    before = api.sim.dump_state()
    body = {"userAccount": "alice.agent01", "userName": "Changed", "phone": "999"}
    body.update(overrides)
    api.fail("agentAccount/update", {k: v for k, v in body.items() if v is not DROP}, field)
    assert api.sim.dump_state() == before


def test_update_user_name_rule_differs_from_create(cec_sim):
    api = Api(cec_sim)
    api.create()
    api.ok("agentAccount/update", {"userAccount": "alice.agent01", "userName": "O'Brien & (Co), Ltd"[:20]})
    assert api.agent()["userName"] == "O'Brien & (Co), Ltd"[:20]
    api.ok("agentAccount/update", {"userAccount": "alice.agent01", "userName": "\u738b" * 6 + "ab"})  # 20 bytes


def test_update_partial_and_flat_vs_wrapped(cec_sim):
    api = Api(cec_sim)
    api.create()
    api.ok("agentAccount/update", {"requestParam": {"userAccount": "alice.agent01", "phone": ""}})
    api.ok("agentAccount/update", {"requestParams": {"userAccount": "alice.agent01", "ccRoleId": 3}})
    api.ok("agentAccount/update", {"userAccount": "alice.agent01"})
    record = api.agent()
    assert (record["phone"], record["ccRoleId"], record["userName"]) == ("", 3, "Alice Agent")
    assert record["skills"] == [{"skillId": 4, "agentWeight": 1, "skillWeight": 1}]


def skills_body(*triples):
    return [{"skillId": s, "agentWeight": a, "skillWeight": w} for s, a, w in triples]


def test_update_skills_replace(cec_sim):
    api = Api(cec_sim)
    api.create(skills=skills_body((4, 1, 1), (5, 2, 2)))
    api.ok("agentAccount/update", {"userAccount": "alice.agent01", "skills": skills_body((6, 3, 3), (4, 5, 5))})
    assert api.agent()["skills"] == skills_body((6, 3, 3), (4, 5, 5))


def test_update_skills_merge(cec_sim):
    api = Api(cec_sim, skills_update="merge")
    api.create(skills=skills_body((4, 1, 1), (5, 2, 2)))
    api.ok("agentAccount/update", {"userAccount": "alice.agent01", "skills": skills_body((6, 3, 3), (4, 5, 5))})
    assert api.agent()["skills"] == skills_body((4, 5, 5), (5, 2, 2), (6, 3, 3))


def test_update_example_fails_under_merge(cec_sim):
    # Merging a multimedia queue into a video agent's audio/video queues cannot fit agentType 5.
    api = Api(cec_sim, skills_update="merge")
    api.ok("agentAccount/create", EXAMPLE_CREATE)
    api.fail("agentAccount/update", EXAMPLE_UPDATE, "agentType")


@pytest.mark.parametrize("mode", ["replace", "merge"])
def test_update_empty_skills_clears(cec_sim, mode):
    api = Api(cec_sim, skills_update=mode)
    api.create()
    api.ok("agentAccount/update", {"userAccount": "alice.agent01", "skills": []})
    assert api.agent()["skills"] == []


@pytest.mark.parametrize("mode", ["replace", "merge"])
def test_update_empty_skills_ignored(cec_sim, mode):
    api = Api(cec_sim, skills_update=mode, skills_empty_list="ignored")
    api.create()
    api.ok("agentAccount/update", {"userAccount": "alice.agent01", "skills": []})
    assert api.agent()["skills"] == skills_body((4, 1, 1))
    # the stored skills still have to fit a new agentType
    api.fail("agentAccount/update", {"userAccount": "alice.agent01", "skills": [], "agentType": 5}, "agentType")


def test_update_agent_type_with_fitting_skills(cec_sim):
    api = Api(cec_sim)
    api.create()
    api.ok("agentAccount/update", {"userAccount": "alice.agent01", "agentType": 11})  # Billing (5) fits 11
    api.ok("agentAccount/update", {"userAccount": "alice.agent01", "agentType": 5,
                                   "skills": skills_body((9, 1, 1))})
    assert api.agent()["agentType"] == 5


def test_update_uses_stored_agent_type_for_media_check(cec_sim):
    api = Api(cec_sim)
    api.sim.seed({"agents": [{"userAccount": "idle.agent", "userName": "Idle", "email": "i@x", "agentType": 255,
                              "ccRoleId": 255}]})
    api.fail("agentAccount/update", {"userAccount": "idle.agent", "skills": skills_body((4, 1, 1))}, "skills")
    api.ok("agentAccount/update", {"userAccount": "idle.agent", "agentType": 4, "skills": skills_body((4, 1, 1))})


# ---------------------------------------------------------------- passwords


def test_lockout_after_three_wrong_old_passwords(cec_sim):
    api = Api(cec_sim)
    api.create()
    for attempt in (1, 2):
        data = api.change_password("Wr0ng!Pw", "N3w!Passw")
        assert data["resultCode"] == "1" and "oldPassWord" in data["resultMessage"]
        assert "%d of 3" % attempt in data["resultMessage"]
    data = api.change_password("Wr0ng!Pw", "N3w!Passw")
    assert data["resultCode"] == "1" and "locked for 30 minutes" in data["resultMessage"]
    data = api.change_password(PASSWORD, "N3w!Passw")  # even the right password is refused now
    assert data["resultCode"] == "1" and "locked" in data["resultMessage"] and "30 minute" in data["resultMessage"]
    state = api.sim.dump_state()["agents"]["alice.agent01"]
    assert state["failed_password_attempts"] == 3 and state["locked_until"] is not None
    api.advance(29 * 60)
    data = api.change_password(PASSWORD, "N3w!Passw")
    assert "locked" in data["resultMessage"] and "1 minute" in data["resultMessage"]
    api.advance(60)
    assert api.change_password(PASSWORD, "N3w!Passw")["resultCode"] == "0"
    state = api.sim.dump_state()["agents"]["alice.agent01"]
    assert state["failed_password_attempts"] == 0 and state["locked_until"] is None


def test_other_fields_can_change_while_locked(cec_sim):
    api = Api(cec_sim)
    api.create()
    for _attempt in range(3):
        api.change_password("Wr0ng!Pw", "N3w!Passw")
    api.ok("agentAccount/update", {"userAccount": "alice.agent01", "userName": "Still Editable"})


def test_correct_old_password_resets_the_counter(cec_sim):
    api = Api(cec_sim)
    api.create()
    for _attempt in range(2):
        api.change_password("Wr0ng!Pw", "N3w!Passw")
    assert api.change_password(PASSWORD, "N3w!Passw")["resultCode"] == "0"
    api.advance(24 * 3600)
    for _attempt in range(2):
        api.change_password("Wr0ng!Pw", "An0ther!Pw")
    assert api.change_password("N3w!Passw", "An0ther!Pw")["resultCode"] == "0"


def test_invalid_new_password_does_not_count(cec_sim):
    api = Api(cec_sim)
    api.create()
    for _attempt in range(4):
        api.fail("agentAccount/update", {"userAccount": "alice.agent01", "oldPassWord": "Wr0ng!Pw",
                                         "newPassWord": "short"}, "newPassWord")
    assert api.sim.dump_state()["agents"]["alice.agent01"]["failed_password_attempts"] == 0


def test_failed_field_check_does_not_count_password_attempt(cec_sim):
    api = Api(cec_sim)
    api.create()
    api.fail("agentAccount/update", {"userAccount": "alice.agent01", "email": "bad", "oldPassWord": "Wr0ng!Pw",
                                     "newPassWord": "N3w!Passw"}, "email")
    assert api.sim.dump_state()["agents"]["alice.agent01"]["failed_password_attempts"] == 0


def test_password_change_once_per_24_hours(cec_sim):
    api = Api(cec_sim)
    api.create()
    assert api.change_password(PASSWORD, "N3w!Passw")["resultCode"] == "0"
    data = api.change_password("N3w!Passw", "An0ther!Pw")
    assert data["resultCode"] == "1" and "24 hours" in data["resultMessage"]
    api.advance(24 * 3600 - 60)
    assert api.change_password("N3w!Passw", "An0ther!Pw")["resultCode"] == "1"
    api.advance(60)
    assert api.change_password("N3w!Passw", "An0ther!Pw")["resultCode"] == "0"
    # the old password is gone, the new one is in force
    assert api.sim.dump_state()["agents"]["alice.agent01"]["password_changes"] == 2


def test_password_interval_rejection_changes_nothing_else(cec_sim):
    api = Api(cec_sim)
    api.create()
    api.change_password(PASSWORD, "N3w!Passw")
    api.fail("agentAccount/update", {"userAccount": "alice.agent01", "userName": "New Name",
                                     "oldPassWord": "N3w!Passw", "newPassWord": "An0ther!Pw"}, "newPassWord")
    assert api.agent()["userName"] == "Alice Agent"


def test_password_interval_from_create(cec_sim):
    api = Api(cec_sim, password_interval_from_create=True)
    api.create()
    api.fail("agentAccount/update", {"userAccount": "alice.agent01", "oldPassWord": PASSWORD,
                                     "newPassWord": "N3w!Passw"}, "newPassWord")
    api.advance(24 * 3600)
    assert api.change_password(PASSWORD, "N3w!Passw")["resultCode"] == "0"


def test_lock_options(cec_sim):
    api = Api(cec_sim, max_password_failures=1, lock_minutes=5, password_change_interval_hours=1)
    api.create()
    assert "locked for 5 minutes" in api.change_password("Wr0ng!Pw", "N3w!Passw")["resultMessage"]
    api.advance(5 * 60)
    assert api.change_password(PASSWORD, "N3w!Passw")["resultCode"] == "0"
    api.advance(3600)
    assert api.change_password("N3w!Passw", "An0ther!Pw")["resultCode"] == "0"


# ---------------------------------------------------------------- query


def make_agents(api, count):
    types = (4, 5, 11, 99)
    media_skill = {4: 4, 5: 9, 11: 11, 99: 1}
    for i in range(count):
        agent_type = types[i % 4]
        api.create(userAccount="agent%04d" % i, agentType=agent_type,
                   skills=skills_body((media_skill[agent_type], 1, 1)))


def test_query_paging(cec_sim):
    api = Api(cec_sim)
    make_agents(api, 5)
    pages = [api.ok("agentAccount/query", {"pageNum": n, "pageSize": 2}) for n in range(4)]
    assert [[r["userAccount"] for r in p["data"]] for p in pages] == [
        ["agent0000", "agent0001"], ["agent0002", "agent0003"], ["agent0004"], []]
    assert {p["total"] for p in pages} == {5}
    wrapped = api.ok("agentAccount/query", {"requestParams": {"pageNum": 0, "pageSize": 100}})
    assert [r["workNo"] for r in wrapped["data"]] == [101, 102, 103, 104, 105]


def test_query_order_is_creation_order(cec_sim):
    api = Api(cec_sim)
    make_agents(api, 3)
    api.ok("agentAccount/update", {"userAccount": "agent0000", "userName": "Renamed"})
    data = api.ok("agentAccount/query", {"pageNum": 0, "pageSize": 10})["data"]
    assert [r["userAccount"] for r in data] == ["agent0000", "agent0001", "agent0002"]


def test_query_agent_type_filter(cec_sim):
    api = Api(cec_sim)
    make_agents(api, 8)
    data = api.ok("agentAccount/query", {"pageNum": 0, "pageSize": 10, "agentType": [5, 99]})
    assert data["total"] == 4 and {r["agentType"] for r in data["data"]} == {5, 99}
    assert api.ok("agentAccount/query", {"pageNum": 0, "pageSize": 10, "agentType": []})["total"] == 8


QUERY_REJECTS = [
    ("userAccount", {}),
    ("userAccount", {"agentType": [4]}),
    ("pageSize", {"pageNum": 0}),
    ("pageNum", {"pageSize": 10}),
    ("pageSize", {"pageNum": 0, "pageSize": 0}),
    ("pageSize", {"pageNum": 0, "pageSize": 101}),
    ("pageSize", {"pageNum": 0, "pageSize": "10"}),
    ("pageNum", {"pageNum": -1, "pageSize": 10}),
    ("pageNum", {"pageNum": "0", "pageSize": 10}),
    ("pageNum", {"pageNum": True, "pageSize": 10}),
    ("agentType", {"pageNum": 0, "pageSize": 10, "agentType": 4}),
    ("agentType[1]", {"pageNum": 0, "pageSize": 10, "agentType": [4, 255]}),
    ("transparentDisplayFlag", {"pageNum": 0, "pageSize": 10, "transparentDisplayFlag": "no"}),
    ("userAccount", {"userAccount": 5}),
    ("request", {"userAccount": "alice.agent01", "account": "x"}),
]


@pytest.mark.parametrize("field,body", QUERY_REJECTS)
def test_query_rejects(cec_sim, field, body):
    api = Api(cec_sim)
    api.create()
    api.fail("agentAccount/query", body, field)


def test_query_max_page_size_option(cec_sim):
    api = Api(cec_sim, max_page_size=3)
    api.fail("agentAccount/query", {"pageNum": 0, "pageSize": 4}, "pageSize")
    api.ok("agentAccount/query", {"pageNum": 0, "pageSize": 3})


def test_query_by_account_ignores_other_parameters(cec_sim):
    api = Api(cec_sim)
    api.create()
    data = api.ok("agentAccount/query", {"userAccount": "alice.agent01", "pageNum": -5, "agentType": [11]})
    assert [r["userAccount"] for r in data["data"]] == ["alice.agent01"] and data["total"] == 1


def test_query_missing_empty(cec_sim):
    api = Api(cec_sim)
    data = api.ok("agentAccount/query", {"userAccount": "nobody.here"})
    assert data == {"resultCode": "0", "resultMessage": "get agent account info success", "data": [], "total": 0}


def test_query_missing_error(cec_sim):
    Api(cec_sim, query_missing="error").fail("agentAccount/query", {"userAccount": "nobody.here"}, "userAccount")


def test_query_without_work_no_and_total(cec_sim):
    api = Api(cec_sim, query_includes_work_no=False, query_includes_total=False)
    api.create()
    data = api.ok("agentAccount/query", {"userAccount": "alice.agent01"})
    assert "total" not in data and "workNo" not in data["data"][0]
    assert api.ok("queryAgentInfoByAccount", {"accountCode": "alice.agent01"})["data"]["workNo"] == 101


def test_paging_required(cec_sim):
    api = Api(cec_sim, paging_required=True)
    api.create()
    api.fail("agentAccount/query", {"userAccount": "alice.agent01"}, "pageNum")
    api.fail("agentAccount/query", {"userAccount": "alice.agent01", "pageNum": 0}, "pageSize")
    data = api.ok("agentAccount/query", {"userAccount": "alice.agent01", "pageNum": 0, "pageSize": 1})
    assert len(data["data"]) == 1


def test_seeded_odd_agents_are_returned_as_stored(cec_sim):
    api = Api(cec_sim)
    api.sim.seed({"agents": [{"userAccount": "idle", "userName": "I", "email": "", "phone": "",
                              "agentType": 255, "ccRoleId": 255, "skills": [{"skillId": 77}]},
                             {"userAccount": "fixed.no", "userName": "F", "email": "f@x", "agentType": 4,
                              "ccRoleId": 2, "workNo": 7094}]})
    data = api.ok("agentAccount/query", {"pageNum": 0, "pageSize": 10})["data"]
    assert data[0] == {"userAccount": "idle", "userName": "I", "phone": "", "email": "", "agentType": 255,
                       "ccRoleId": 255, "sipAccount": "88880101", "transparentDisplayFlag": False,
                       "skills": [{"skillId": 77, "agentWeight": None, "skillWeight": None}], "workNo": 101}
    assert data[1]["workNo"] == 7094
    assert api.create()["workNo"] == 102


# ---------------------------------------------------------------- delete


def test_delete(cec_sim):
    api = Api(cec_sim)
    api.create()
    api.ok("agentAccount/delete", {"requestParams": {"userAccount": "alice.agent01"}})
    assert api.sim.dump_state()["agents"] == {}
    api.fail("agentAccount/delete", {"userAccount": "alice.agent01"}, "userAccount")


def test_delete_missing_success(cec_sim):
    api = Api(cec_sim, delete_missing="success")
    assert api.ok("agentAccount/delete", {"userAccount": "nobody.here"})["resultMessage"] \
        == "delete AgentAccount success"


@pytest.mark.parametrize("charset,account,ok", [
    ("create", "first.last@corp", True), ("create", "abc-def_1", True), ("create", "abc", False),
    ("create", "abc def1", False), ("strict", "first.last@corp", False), ("strict", "firstlast@corp", False),
    ("strict", "first.last", False), ("strict", "abc-def_1", True), ("strict", "abc", False),
    ("strict", "tab\tbed1", False), ("strict", "a" * 51, False), ("create", None, False),
])
def test_delete_account_charset(cec_sim, charset, account, ok):
    api = Api(cec_sim, delete_account_charset=charset, delete_missing="success")
    body = {} if account is None else {"userAccount": account}
    if ok:
        api.ok("agentAccount/delete", body)
    else:
        api.fail("agentAccount/delete", body, "userAccount")


# ---------------------------------------------------------------- skill bindings


def test_add_skills_to_agents(cec_sim):
    api = Api(cec_sim)
    api.create(userAccount="agent.one1")
    api.create(userAccount="agent.two2", skills=[])
    api.ok("agentAccount/addSkillsToAgent", {"userAccounts": ["agent.one1", "agent.two2"], "skillId": 5,
                                             "agentWeight": 3, "skillWeight": 2})
    assert api.agent("agent.one1")["skills"] == skills_body((4, 1, 1), (5, 3, 2))
    assert api.agent("agent.two2")["skills"] == skills_body((5, 3, 2))
    by_skill = api.ok("agentAccount/queryAgentInfoBySkillId",
                      {"requestParam": {"skillId": 5, "pageSize": 1, "pageNum": 1}})
    assert by_skill["count"] == 2 and [r["userAccount"] for r in by_skill["data"]] == ["agent.two2"]
    assert by_skill["data"][0] == {"workNo": 102, "agentType": 4, "agentWeight": 3, "accountName": "Alice Agent",
                                   "sipAccount": "88880102", "skillWeight": 2, "userAccount": "agent.two2"}


ADD_REJECTS = [
    ("userAccounts", {"userAccounts": []}),
    ("userAccounts", {"userAccounts": "alice.agent01"}),
    ("userAccounts[1]", {"userAccounts": ["alice.agent01", "nobody.here"]}),
    ("userAccounts[1]", {"userAccounts": ["alice.agent01", "alice.agent01"]}),
    ("userAccounts[0]", {"userAccounts": [7]}),
    ("userAccounts", {"userAccounts": ["alice.agent01"] + ["x%d" % i for i in range(50)]}),
    ("skillId", {"skillId": 99}),
    ("skillId", {"skillId": "5"}),
    ("agentWeight", {"agentWeight": 0}),
    ("skillWeight", {"skillWeight": DROP}),
    ("userAccounts[0]", {"skillId": 2}),  # video queue, audio agent
    ("userAccounts[0]", {"skillId": 4}),  # already bound
    ("request", {"weight": 1}),
]


@pytest.mark.parametrize("field,overrides", ADD_REJECTS)
def test_add_skills_rejects_atomically(cec_sim, field, overrides):
    api = Api(cec_sim)
    api.create()
    before = api.sim.dump_state()
    body = {"userAccounts": ["alice.agent01"], "skillId": 5, "agentWeight": 1, "skillWeight": 1}
    body.update(overrides)
    api.fail("agentAccount/addSkillsToAgent", {k: v for k, v in body.items() if v is not DROP}, field)
    assert api.sim.dump_state() == before


def test_add_skills_existing_update(cec_sim):
    api = Api(cec_sim, add_skills_existing="update")
    api.create(skills=skills_body((4, 1, 1), (5, 1, 1)))
    api.ok("agentAccount/addSkillsToAgent", {"userAccounts": ["alice.agent01"], "skillId": 4,
                                             "agentWeight": 7, "skillWeight": 8})
    assert api.agent()["skills"] == skills_body((4, 7, 8), (5, 1, 1))


def test_release_skill(cec_sim):
    api = Api(cec_sim)
    for name in ("agent.one1", "agent.two2", "agent.three"):
        api.create(userAccount=name, skills=skills_body((4, 1, 1), (5, 1, 1)))
    api.ok("agentAccount/releaseAgentBySkillId", {"skillId": 4, "userAccounts": ["agent.one1"]})
    assert api.agent("agent.one1")["skills"] == skills_body((5, 1, 1))
    assert api.agent("agent.two2")["skills"] == skills_body((4, 1, 1), (5, 1, 1))
    api.fail("agentAccount/releaseAgentBySkillId", {"skillId": 4, "userAccounts": ["agent.one1"]}, "userAccounts[0]")
    api.fail("agentAccount/releaseAgentBySkillId", {"skillId": 4, "userAccounts": ["ghost.agent"]},
             "userAccounts[0]")
    api.fail("agentAccount/releaseAgentBySkillId", {"skillId": 404, "userAccounts": []}, "skillId")
    api.fail("agentAccount/releaseAgentBySkillId", {"skillId": 4}, "userAccounts")
    # Documented: an empty list unbinds every agent from the queue.
    api.ok("agentAccount/releaseAgentBySkillId", {"skillId": 5, "userAccounts": []})
    assert [api.agent(n)["skills"] for n in ("agent.one1", "agent.two2", "agent.three")] == [
        [], skills_body((4, 1, 1)), skills_body((4, 1, 1))]


def test_release_not_bound_ignore(cec_sim):
    api = Api(cec_sim, release_not_bound="ignore")
    api.create()
    api.ok("agentAccount/releaseAgentBySkillId", {"skillId": 5, "userAccounts": ["alice.agent01"]})
    assert api.agent()["skills"] == skills_body((4, 1, 1))


def test_query_by_skill_rejects(cec_sim):
    api = Api(cec_sim)
    api.fail("agentAccount/queryAgentInfoBySkillId", {"skillId": 4, "pageNum": 0}, "pageSize")
    api.fail("agentAccount/queryAgentInfoBySkillId", {"skillId": 4, "pageNum": 0, "pageSize": 101}, "pageSize")
    api.fail("agentAccount/queryAgentInfoBySkillId", {"skillId": 404, "pageNum": 0, "pageSize": 1}, "skillId")


# ---------------------------------------------------------------- querySkills


def skill_names(data):
    return [s["name"] for s in data["data"]]


def test_query_skills_defaults(cec_sim):
    api = Api(cec_sim)
    data = api.ok("skill/querySkills", {})
    assert data["total"] == 11 and skill_names(data)[:4] == [
        "defaultMultimediaSkill", "defaultVideoSkill", "defaultAudioVideoSkill", "Billing"]
    assert [(s["skillId"], s["mediaTypeId"]) for s in data["data"]] == [
        (1, 53), (2, 19), (3, 5), (4, 5), (5, 5), (6, 5), (7, 5), (8, 2), (9, 53), (10, 53), (11, 19)]


@pytest.mark.parametrize("body,names,total", [
    ({"limit": "2", "offset": "0"}, ["defaultMultimediaSkill", "defaultVideoSkill"], 11),
    ({"limit": 2, "offset": 10}, ["Video Care"], 11),
    ({"offset": 20}, [], 11),
    ({"name": "Support"}, ["Tech Support", "Chat Support", "Email Support"], 3),
    ({"name": "Tech Support"}, ["Tech Support"], 1),
    ({"mediaTypeId": "19"}, ["defaultVideoSkill", "Video Care"], 2),
    ({"mediaTypeId": 2}, ["Outbound"], 1),
    ({"skillIds": ["4", 5]}, ["Billing", "Sales"], 2),
    ({"skillIds": []}, None, 11),
    ({"skillIds": [4, 5, 6], "limit": "1", "offset": "1"}, ["Sales"], 3),
])
def test_query_skills_filters(cec_sim, body, names, total):
    data = Api(cec_sim).ok("skill/querySkills", body)
    assert data["total"] == total
    if names is not None:
        assert skill_names(data) == names


def test_query_skills_exact_name_match(cec_sim):
    api = Api(cec_sim, skill_name_match="exact")
    assert api.ok("skill/querySkills", {"name": "Support"})["total"] == 0
    assert skill_names(api.ok("skill/querySkills", {"name": "Tech Support"})) == ["Tech Support"]


@pytest.mark.parametrize("field,body", [
    ("limit", {"limit": "0"}), ("limit", {"limit": "101"}), ("limit", {"limit": 101}), ("limit", {"limit": "ten"}),
    ("limit", {"limit": -1}), ("limit", {"limit": 2.5}), ("limit", {"limit": True}), ("limit", {"limit": None}),
    ("offset", {"offset": -1}), ("offset", {"offset": "-1"}), ("offset", {"offset": "1.0"}),
    ("mediaTypeId", {"mediaTypeId": "7"}), ("mediaTypeId", {"mediaTypeId": "video"}),
    ("name", {"name": "x" * 101}), ("name", {"name": "Bill<ing>"}), ("name", {"name": 4}),
    ("skillIds", {"skillIds": "4"}), ("skillIds[0]", {"skillIds": ["four"]}),
    ("request", {"page": 1}),
])
def test_query_skills_rejects(cec_sim, field, body):
    data = Api(cec_sim).fail("skill/querySkills", body, field)
    assert "data" not in data


def test_seeded_skills(cec_sim):
    api = Api(cec_sim)
    api.sim.seed({"skills": [{"name": "VIP", "mediaTypeId": 5, "description": "gold"},
                             {"skillId": 4, "name": "Billing 2", "mediaTypeId": 5}]})
    data = api.ok("skill/querySkills", {"skillIds": [4, 12]})
    assert [(s["skillId"], s["name"]) for s in data["data"]] == [(12, "VIP"), (4, "Billing 2")]
    assert data["data"][0]["description"] == "gold" and "skillParam" in data["data"][0]
    api.create(skills=skills_body((12, 1, 1)))


# ---------------------------------------------------------------- queryAgentInfoByAccount


def test_by_account(cec_sim):
    api = Api(cec_sim)
    api.create()
    for base in (API, API_UPPER):
        data = api.ok("queryAgentInfoByAccount", {"accountCode": "alice.agent01"}, base=base)
        assert data["data"] == {"workNo": 101, "agentType": 4, "agentStatus": "0"}
    api.ok("queryAgentInfoByAccount", {"accountCode": "alice.agent01", "password": PASSWORD, "username": "A"})
    data = api.fail("queryAgentInfoByAccount", {"accountCode": "nobody.here"}, "accountCode")
    assert data["data"] == {"workNo": ""}
    assert api.fail("queryAgentInfoByAccount", {}, "accountCode")["data"] == {"workNo": ""}
    api.fail("queryAgentInfoByAccount", {"accountCode": "alice.agent01", "password": "Wr0ng!Pw"}, "password")
    api.fail("queryAgentInfoByAccount", {"accountCode": "x" * 65}, "accountCode")


def test_by_account_auth_variants(cec_sim):
    api = Api(cec_sim)
    api.create()
    assert api.post("queryAgentInfoByAccount", {"accountCode": "alice.agent01"},
                    headers={"Authorization": None}).status_code == 401
    api.sim.options["by_account_auth_failure_status"] = 403
    assert api.post("queryAgentInfoByAccount", {"accountCode": "alice.agent01"},
                    token="bogus").status_code == 403
    assert api.post("agentAccount/query", {"userAccount": "alice.agent01"}, token="bogus").status_code == 401
    api.sim.options["by_account_requires_auth"] = False
    resp = api.post("queryAgentInfoByAccount", {"accountCode": "alice.agent01"}, headers={"Authorization": None})
    assert resp.status_code == 200 and resp.json["returnCode"] == "0"


# ---------------------------------------------------------------- tokens and HTTP-level errors


def test_token_response(cec_sim):
    api = Api(cec_sim)
    resp = api.get_token()
    assert resp.status_code == 200
    body = resp.json
    assert set(body) == {"AccessToken", "ApplyType", "CreateTime", "Expires", "Scope", "AppKey", "UserID"}
    assert all(isinstance(v, str) for v in body.values())
    assert body["ApplyType"] == "Bearer" and body["UserID"] == "Anonymous" and body["AppKey"] == KEY
    assert body["Expires"] == "600" and abs(int(body["CreateTime"]) - api.sim.now()) <= 1
    assert body["AccessToken"] != api.token
    api.advance(1000, refresh=False)
    assert int(api.get_token(expire=3600).json["CreateTime"]) >= int(body["CreateTime"]) + 1000
    assert api.get_token(expire=3600).json["Expires"] == "3600"
    assert api.sim.dump_state()["tokens"] == 2  # the first two expired


@pytest.mark.parametrize("expire", ["3601", "0", "-5", "abc", "60.5", ""])
def test_token_expire_header_rejected(cec_sim, expire):
    assert Api(cec_sim).get_token(expire=expire).status_code == 400


@pytest.mark.parametrize("body", [
    {"app_key": KEY, "app_secret": "wrong"}, {"app_key": "wrong", "app_secret": SECRET}, {"app_key": KEY},
    {"app_secret": SECRET}, {}, {"app_key": KEY, "app_secret": None},
    {"requestParam": {"app_key": KEY, "app_secret": SECRET}},
])
def test_token_bad_credentials(cec_sim, body):
    resp = Api(cec_sim).get_token(body=body)
    assert resp.status_code == 401 and resp.is_json and "message" in resp.json
    assert SECRET not in resp.get_data(as_text=True)


def test_token_malformed_body(cec_sim):
    _sim, client = cec_sim
    assert client.post(TOKEN, data="{", headers={"Content-Type": "application/json"}).status_code == 400
    assert client.post(TOKEN, data="app_key=x", headers={"Content-Type": "text/plain"}).status_code == 400


@pytest.mark.parametrize("headers", [
    {"Authorization": None}, {"Authorization": "Bearer"}, {"Authorization": "Bearer "},
    {"Authorization": "bearer TOKEN"}, {"Authorization": "BearerTOKEN"}, {"Authorization": "Bearer  TOKEN"},
    {"Authorization": "Token TOKEN"}, {"Authorization": "Bearer not-a-token"}, {"x-app-key": "other-key"},
])
def test_bad_authorization(cec_sim, headers):
    api = Api(cec_sim)
    headers = {k: (v.replace("TOKEN", api.token) if v else v) for k, v in headers.items()}
    for op in ("agentAccount/create", "agentAccount/query", "skill/querySkills"):
        resp = api.post(op, valid_agent(), headers=headers)
        assert resp.status_code == 401 and resp.is_json, op
    assert api.sim.dump_state()["agents"] == {}


def test_require_app_key_header(cec_sim):
    api = Api(cec_sim)
    assert api.post("skill/querySkills", {}, headers={"x-app-key": None}).status_code == 200
    api.sim.options["require_app_key_header"] = True
    assert api.post("skill/querySkills", {}, headers={"x-app-key": None}).status_code == 401
    assert api.post("skill/querySkills", {}, headers={"x-app-key": None, "X-APP-KEY": KEY}).status_code == 200


def test_token_revoke_previous(cec_sim):
    api = Api(cec_sim)
    old = api.token
    api.get_token()
    assert api.post("skill/querySkills", {}, token=old).status_code == 200
    api.sim.options["token_revoke_previous"] = True
    new = api.get_token().json["AccessToken"]
    assert api.post("skill/querySkills", {}, token=old).status_code == 401
    assert api.post("skill/querySkills", {}, token=new).status_code == 200


@pytest.mark.parametrize("kwargs", [
    {"data": "{\"userAccount\": ", "headers": {"Content-Type": "application/json"}},
    {"data": "[1, 2]", "headers": {"Content-Type": "application/json"}},
    {"data": "null", "headers": {"Content-Type": "application/json"}},
    {"data": "", "headers": {"Content-Type": "application/json"}},
    {"data": "userAccount=alice", "headers": {"Content-Type": "application/x-www-form-urlencoded"}},
    {"json": {"requestParam": "alice"}},
    {"json": {"requestParam": {"userAccount": "alice.agent01"}, "userAccount": "alice.agent01"}},
    {"json": {"requestParam": {"userAccount": "alice.agent01"}, "requestParams": {}}},
])
def test_malformed_bodies_are_400(cec_sim, kwargs):
    api = Api(cec_sim)
    headers = dict(kwargs.pop("headers", {}), Authorization="Bearer " + api.token)
    resp = api.client.post(API + "agentAccount/query", headers=headers, **kwargs)
    assert resp.status_code == 400 and resp.is_json


def test_flat_and_wrapped_create(cec_sim):
    api = Api(cec_sim)
    api.ok("agentAccount/create", {"requestParam": valid_agent(userAccount="wrapped.one")})
    api.ok("agentAccount/create", {"requestParams": valid_agent(userAccount="wrapped.two")})
    api.ok("agentAccount/create", valid_agent(userAccount="flat.three"), base=API_UPPER)
    api.ok("skill/querySkills", {"requestParam": {"limit": "1"}})
    assert list(api.sim.dump_state()["agents"]) == ["wrapped.one", "wrapped.two", "flat.three"]


@pytest.mark.parametrize("path,status", [
    ("/apiaccess/rest/Cc-MaNaGeMeNt/v1/skill/querySkills", 200),
    ("/apiaccess/rest/cc-managemant/v1/skill/querySkills", 404),
    ("/apiaccess/rest/cc-management/v1/agentAccount/frobnicate", 404),
    ("/apiaccess/rest/cc-management/v2/skill/querySkills", 404),
    ("/apiaccess/cc-management/v1/skill/querySkills", 404),
])
def test_paths(cec_sim, path, status):
    api = Api(cec_sim)
    resp = api.client.post(path, json={}, headers={"Authorization": "Bearer " + api.token})
    assert resp.status_code == status


def test_get_is_not_allowed(cec_sim):  # on the token endpoint: test_control_api.py
    assert Api(cec_sim).client.get(API + "agentAccount/query").status_code == 405


def test_invalid_option_value_is_a_500(cec_sim):
    api = Api(cec_sim, query_missing="maybe")
    resp = api.post("agentAccount/query", {"userAccount": "nobody.here"})
    assert resp.status_code == 500 and "query_missing" in resp.json["message"]


# ---------------------------------------------------------------- state (the control API: test_control_api.py)


def test_dump_state_shape(cec_sim):
    api = Api(cec_sim)
    api.create()
    state = api.client.get("/_sim/state").json
    agent = state["agents"]["alice.agent01"]
    assert {"userAccount", "userName", "email", "phone", "agentType", "ccRoleId", "skills", "workNo",
            "failed_password_attempts", "locked_until", "password_changed_at", "password_changes"} <= set(agent)
    assert (agent["workNo"], agent["failed_password_attempts"], agent["password_changes"]) == (101, 0, 0)
    assert len(state["skills"]) == 11 and state["tokens"] == 1


# ---------------------------------------------------------------- the fail-closed round: readings and dialects
def test_defaults_are_the_inconvenient_readings(cec_sim):
    api = Api(cec_sim, dialect="inconvenient")
    opts = api.sim.options
    assert (opts["query_missing"], opts["query_includes_work_no"], opts["query_includes_total"], opts["page_cap"],
            opts["delete_account_charset"], opts["password_length"], opts["body_shape"], opts["http_error_body"],
            opts["account_case"], opts["by_account_code"], opts["by_account_password"]) == (
        "error", False, False, 50, "strict", "exact8", "flat", "envelope", "sensitive", "sign_in", "ignored")
    api.fail("agentAccount/create", valid_agent(), "password")  # 9 characters: not "eight"
    api.create(password="Str0ng!P")
    api.fail("agentAccount/query", {"userAccount": "nobody.here"}, "userAccount")
    data = api.ok("agentAccount/query", {"userAccount": "alice.agent01"})
    assert "total" not in data and "workNo" not in data["data"][0]
    api.fail("agentAccount/delete", {"userAccount": "alice.agent01"}, "userAccount")


def test_page_cap_truncates_silently_from_the_asked_offset(cec_sim):
    api = Api(cec_sim, page_cap=3)
    make_agents(api, 10)
    first = api.ok("agentAccount/query", {"pageNum": 0, "pageSize": 5})
    second = api.ok("agentAccount/query", {"pageNum": 1, "pageSize": 5})
    assert len(first["data"]) == 3 and first["total"] == 10
    assert [r["userAccount"] for r in second["data"]] == [r["userAccount"] for r in api.ok(
        "agentAccount/query", {"pageNum": 5, "pageSize": 1})["data"]] + [
        r["userAccount"] for r in api.ok("agentAccount/query", {"pageNum": 6, "pageSize": 1})["data"]] + [
        r["userAccount"] for r in api.ok("agentAccount/query", {"pageNum": 7, "pageSize": 1})["data"]]


@pytest.mark.parametrize("shape, body, ok", [
    ("flat", {"userAccount": "alice.agent01"}, True),
    ("flat", {"requestParams": {"userAccount": "alice.agent01"}}, False),
    ("wrapped", {"userAccount": "alice.agent01"}, False),
    ("wrapped", {"requestParam": {"userAccount": "alice.agent01"}}, False),  # query takes requestParams
    ("wrapped", {"requestParams": {"userAccount": "alice.agent01"}}, True),
    ("either", {"requestParams": {"userAccount": "alice.agent01"}}, True),
])
def test_body_shape(cec_sim, shape, body, ok):
    api = Api(cec_sim)
    api.create()
    api.sim.options["body_shape"] = shape
    if ok:
        assert api.ok("agentAccount/query", body)["data"][0]["userAccount"] == "alice.agent01"
    else:
        api.fail("agentAccount/query", body, "requestParam")  # a business failure, like any other
    api.ok("skill/querySkills", {"requestParam": {"limit": "1"}})  # documented flat calls take both


def test_required_headers_and_envelope_error_bodies(cec_sim):
    api = Api(cec_sim, http_error_body="envelope")
    api.sim.options["require_headers"] = {"X-TenantSpaceID": "t1"}
    resp = api.get_token()
    assert resp.status_code == 401 and resp.json == {"resultCode": "1",
                                                     "resultMessage": "missing or wrong X-TenantSpaceID header"}
    assert api.post("agentAccount/query", {"userAccount": "x"}).status_code == 401
    resp = api.post("agentAccount/query", {"userAccount": "nobody.here"}, headers={"X-TenantSpaceID": "t1"})
    assert resp.status_code == 200
    api.sim.options["require_headers"] = {}
    resp = api.post("queryAgentInfoByAccount", {"accountCode": "x"}, base=API_UPPER, token="bogus")
    assert resp.json == {"returnCode": "1", "description": "unknown access token"}


def test_account_case_option(cec_sim):
    api = Api(cec_sim)
    api.create(userAccount="mixed.case")
    assert api.ok("agentAccount/query", {"userAccount": "Mixed.Case"})["data"] == []
    api.create(userAccount="Mixed.Case")  # sensitive: a second account
    api.sim.options["account_case"] = "insensitive"
    api.fail("agentAccount/create", valid_agent(userAccount="MIXED.case"), "already exists")
    assert api.ok("agentAccount/query", {"userAccount": "MIXED.CASE"})["data"][0]["userAccount"] == "mixed.case"


def test_by_account_sign_in_and_password_readings(cec_sim):
    api = Api(cec_sim)
    api.create()
    api.sim.seed({"agents": [{"userAccount": "signs.in01", "accountCode": "SignIn01", "password": PASSWORD}]})
    api.sim.options.update(by_account_code="sign_in", by_account_password="ignored")
    api.fail("queryAgentInfoByAccount", {"accountCode": "alice.agent01"}, "accountCode", base=API_UPPER)
    api.ok("queryAgentInfoByAccount", {"accountCode": "SignIn01", "password": "Wr0ng!pw"}, base=API_UPPER)
    api.sim.options.update(by_account_code="user_account", by_account_password="verify",
                           by_account_password_counts=True)
    api.ok("queryAgentInfoByAccount", {"accountCode": "alice.agent01", "password": PASSWORD}, base=API_UPPER)
    for _attempt in range(2):
        api.fail("queryAgentInfoByAccount", {"accountCode": "alice.agent01", "password": "Wr0ng!pw"}, "password",
                 base=API_UPPER)
    api.ok("queryAgentInfoByAccount", {"accountCode": "alice.agent01", "password": PASSWORD}, base=API_UPPER)
    assert api.sim.dump_state()["agents"]["alice.agent01"]["failed_password_attempts"] == 0  # "consecutive"
    for _attempt in range(3):
        api.fail("queryAgentInfoByAccount", {"accountCode": "alice.agent01", "password": "Wr0ng!pw"}, "password",
                 base=API_UPPER)
    api.fail("queryAgentInfoByAccount", {"accountCode": "alice.agent01", "password": PASSWORD}, "locked",
             base=API_UPPER)
    assert api.change_password(PASSWORD, "N3w!Pass")["resultCode"] == "1"  # the same lock-out
