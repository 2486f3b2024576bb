# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Tests of the Bright Pattern Configuration API v2 simulator against the vendor docs (brightpattern.md)."""
from __future__ import annotations

import copy
import json
import re
from urllib.parse import urlencode

import pytest
import requests

from ansible_collections.contactcenter.agents.tests.simulators.brightpattern import BrightPatternSimulator
from ansible_collections.contactcenter.agents.tests.simulators.server import RunningSimulator

API = "/configapi/v2"
SECRET = "sim-bp-secret-CHANGE-ME"
NO_BODY = object()

# UM52-CREATE "Example Request Body Content", verbatim.
SEED_BODY = {
    "loginId": "sheila.thomas",
    "password": "ChangeMe",
    "firstName": "Sheila",
    "lastName": "Thomas",
    "team": "Customer Service",
    "extension": "1072",
    "workPhone": "4151234567",
    "mobilePhone": "6501234567",
    "email": "sheila.thomas@nowhere.net",
    "disabled": False,
    "changePassword": True,
    "skills": {"Spanish": 100, "English": 100},
    "roles": ["Agent", "Supervisor"],
}
MINIMAL = {"loginId": "frank.zappa", "firstName": "Frank", "lastName": "Zappa", "team": "Customer Service"}
PM_UPDATE = {"disabled": "true", "team": "Accounting"}  # PM-CONFIG Update User example
WIKI_UPDATE = {"password": "top secret", "disabled": False, "changePassword": True,
               "skills": {"Maintenance Renewal": 100, "English": 33}}  # UM52-UPDATE example
USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error"
SCIM_BODY = {
    "schemas": [USER_SCHEMA],
    "userName": "bjensen",
    "name": {"familyName": "Jensen", "givenName": "Barbara"},
    "nickName": "Babs",
    "emails": [{"value": "bjensen@example.com"}],
    "addresses": [{"locality": "Hollywood", "region": "CA", "country": "US"}],
    "phoneNumbers": [{"value": "555-555-5555", "type": "work"}, {"value": "555-555-4444", "type": "mobile"}],
    "title": "TSR Level 3",
    "timezone": "America/Los_Angeles",
    "active": True,
    "password": "Secret123",
}


def token_form(**overrides):
    form = {"grant_type": "client_credentials", "client_id": "api.admin", "client_secret": SECRET,
            "scope": "127.0.0.1"}
    form.update(overrides)
    return {k: v for k, v in form.items() if v is not None}


class Api:
    """A thin client over Flask's test client that always sends JSON in the order given."""

    def __init__(self, sim, client):
        self.sim, self.client = sim, client
        self.token = client.post(API + "/oauth/token", data=token_form()).get_json()["access_token"]

    def call(self, method, path, body=NO_BODY, content_type="application/json", headers=None, auth=True):
        sent = {"Authorization": "Bearer " + self.token} if auth else {}
        kwargs = {}
        if body is not NO_BODY:
            kwargs["data"] = body if isinstance(body, (str, bytes)) else json.dumps(body)
            if content_type:
                sent["Content-Type"] = content_type
        sent.update(headers or {})
        return self.client.open(API + path, method=method, headers=sent, **kwargs)

    def create(self, body=None, **fields):
        data = dict(MINIMAL if body is None else body)
        data.update(fields)
        return self.call("POST", "/user", data)

    def get(self, login_id):
        resp = self.call("GET", "/user/" + login_id)
        assert resp.status_code == 200, resp.data
        return resp.get_json()

    def put(self, login_id, body, **kwargs):
        return self.call("PUT", "/user/" + login_id, body, **kwargs)

    def options(self, **options):
        self.sim.options.update(options)


@pytest.fixture
def api(bp_sim):
    return Api(*bp_sim)


def text(resp):
    return resp.get_data(as_text=True)


# ====================================================================== token endpoint
def test_token_success_shape(bp_sim):
    _sim, client = bp_sim
    resp = client.post(API + "/oauth/token", data=token_form())
    assert resp.status_code == 200
    body = resp.get_json()
    assert list(body) == ["access_token", "token_type", "expires_in", "scope"]
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == "3600"  # a string, as in every vendor example
    assert body["scope"] == "127.0.0.1"
    assert re.fullmatch(r"[0-9A-F]{64}", body["access_token"])
    assert resp.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("overrides, status, error", [
    ({"grant_type": "password"}, 400, "unsupported_grant_type"),
    ({"grant_type": None}, 400, "unsupported_grant_type"),
    ({"client_secret": "wrong"}, 401, "invalid_client"),
    ({"client_secret": None}, 401, "invalid_client"),
    ({"client_id": "someone.else"}, 401, "invalid_client"),
    ({"client_id": None}, 401, "invalid_client"),
    ({"scope": "other.example.com"}, 400, "invalid_scope"),
    ({"scope": None}, 400, "invalid_scope"),
])
def test_token_failures(bp_sim, overrides, status, error):
    _sim, client = bp_sim
    resp = client.post(API + "/oauth/token", data=token_form(**overrides))
    assert resp.status_code == status
    assert resp.get_json() == {"error": error}


@pytest.mark.parametrize("kwargs", [
    {"json": token_form()},
    {"data": json.dumps(token_form()), "content_type": "text/plain"},
    {},
])
def test_token_requires_form_encoding(bp_sim, kwargs):
    _sim, client = bp_sim
    resp = client.post(API + "/oauth/token", **kwargs)
    assert resp.status_code == 415
    assert resp.get_json()["error"] == "invalid_request"


@pytest.mark.parametrize("mode, params, status", [
    ("scope", {"scope": "127.0.0.1"}, 200),
    ("scope", {"scope": None, "tenant": "127.0.0.1"}, 400),
    ("tenant", {"scope": None, "tenant": "127.0.0.1"}, 200),
    ("tenant", {"scope": "127.0.0.1"}, 400),
    ("either", {"scope": "127.0.0.1"}, 200),
    ("either", {"scope": None, "tenant": "127.0.0.1"}, 200),
    ("either", {"scope": "127.0.0.1", "tenant": "wrong"}, 400),
    ("either", {"scope": None}, 400),
])
def test_token_param_option(bp_sim, mode, params, status):
    sim, client = bp_sim
    sim.options["token_param"] = mode
    resp = client.post(API + "/oauth/token", data=token_form(**params))
    assert resp.status_code == status
    if status == 400:
        assert resp.get_json() == {"error": "invalid_scope"}


# ====================================================================== bearer auth on every endpoint
PROTECTED = [
    ("POST", "/user", SEED_BODY), ("GET", "/user/x", NO_BODY), ("PUT", "/user/x", {"disabled": True}),
    ("DELETE", "/user/x", NO_BODY), ("GET", "/user/lock/x", NO_BODY), ("PUT", "/user/lock/x", ""),
    ("GET", "/team", NO_BODY), ("GET", "/phone/user", NO_BODY), ("GET", "/phone/ext", NO_BODY),
]


@pytest.mark.parametrize("method, path, body", PROTECTED)
@pytest.mark.parametrize("authorization, message", [
    (None, "authorization required"),
    ("Bearer", "authorization required"),
    ("Basic YXBpLmFkbWluOnNlY3JldA==", "authorization required"),
    ("Bearer 0123456789ABCDEF", "invalid access token"),
])
def test_bad_bearer_is_401(api, method, path, body, authorization, message):
    headers = {"Authorization": authorization} if authorization else {}
    resp = api.call(method, path, body, headers=headers, auth=False)
    assert resp.status_code == 401
    assert text(resp) == message
    assert resp.headers["WWW-Authenticate"].startswith('Bearer realm="BrightPattern"')
    assert api.sim.dump_state()["users"] == {}


def test_unauthorized_status_option(api):
    api.options(unauthorized_status=403)
    resp = api.call("GET", "/team", auth=False)
    assert resp.status_code == 403
    assert "WWW-Authenticate" not in resp.headers


def test_token_is_not_accepted_as_query_parameter(api):
    resp = api.client.get(API + "/team?access_token=" + api.token)
    assert resp.status_code == 401


# ====================================================================== create + get
def test_seed_example_is_accepted_and_read_back_in_documented_shape(api):
    resp = api.create(SEED_BODY)
    assert resp.status_code == 200
    assert resp.mimetype == "application/json"
    assert resp.get_json() == "OK"
    got = api.get("sheila.thomas")
    assert list(got) == ["disabled", "changePassword", "skills", "loginId", "firstName", "lastName", "team",
                         "extension", "email", "roles", "workPhone", "mobilePhone", "loginInfo"]
    expected = {k: v for k, v in SEED_BODY.items() if k != "password"}
    assert {k: v for k, v in got.items() if k != "loginInfo"} == expected
    assert got["extension"] == "1072"
    assert "password" not in json.dumps(got)
    assert got["loginInfo"]["isLoggedIn"] is False
    assert api.sim.check_password("sheila.thomas", "ChangeMe")


def test_create_minimal_fills_documented_defaults(api):
    assert api.create().status_code == 200
    got = api.get("frank.zappa")
    assert got["disabled"] is False and got["changePassword"] is False
    assert got["skills"] == {} and got["roles"] == [] and got["email"] == ""
    assert got["extension"] == "1000"  # auto-assigned
    assert "workPhone" not in got and "mobilePhone" not in got
    state = api.sim.dump_state()["users"]["frank.zappa"]
    assert state["has_password"] is True  # autogenerated, unknown to everyone
    assert not api.sim.check_password("frank.zappa", "")


def test_auto_extension_skips_used_numbers(api):
    api.sim.seed({"users": [dict(MINIMAL, loginId="a", extension="1000"),
                            dict(MINIMAL, loginId="b", extension="1001")]})
    api.create(loginId="c")
    assert api.get("c")["extension"] == "1002"
    api.options(first_extension=2000)
    api.create(loginId="d")
    assert api.get("d")["extension"] == "2000"


@pytest.mark.parametrize("extension, stored", [("1072", "1072"), (1072, "1072"), ("0072", "0072")])
def test_extension_string_or_number_stored_as_string(api, extension, stored):
    assert api.create(extension=extension).status_code == 200
    assert api.get("frank.zappa")["extension"] == stored


def test_content_type_with_charset_is_json(api):
    resp = api.call("POST", "/user", MINIMAL, content_type="application/json; charset=utf-8")
    assert resp.status_code == 200


INVALID_CREATE = [
    ({"loginId": None}, "loginId is required"),
    ({"firstName": None}, "firstName is required"),
    ({"lastName": None}, "lastName is required"),
    ({"team": None}, "team is required"),
    ({"loginId": ""}, "loginId is required"),
    ({"team": ""}, "team is required"),
    ({"firstName": 5}, "firstName must be a string"),
    ({"loginId": ["x"]}, "loginId must be a string"),
    ({"email": None}, "email must be a string"),
    ({"workPhone": 4151234567}, "workPhone must be a string"),
    ({"password": 12345678}, "password must be a string"),
    ({"roles": "Agent"}, "roles must be an array of strings"),
    ({"roles": [1]}, "roles must be an array of strings"),
    ({"skills": ["Spanish"]}, "skills must be an object"),
    ({"skills": {"Spanish": 101}}, "invalid level for skill Spanish: must be an integer from 0 to 100"),
    ({"skills": {"Spanish": -1}}, "invalid level for skill Spanish: must be an integer from 0 to 100"),
    ({"skills": {"English": "75"}}, "invalid level for skill English: must be an integer from 0 to 100"),
    ({"skills": {"English": 75.5}}, "invalid level for skill English: must be an integer from 0 to 100"),
    ({"skills": {"English": True}}, "invalid level for skill English: must be an integer from 0 to 100"),
    ({"extension": "10a2"}, "extension must be a number"),
    ({"extension": -5}, "extension must be a number"),
    ({"extension": 10.5}, "extension must be a number"),
    ({"extension": True}, "extension must be a number"),
    ({"extension": ""}, "extension must be a number"),
    ({"disabled": "yes"}, "disabled must be a Boolean"),
    ({"disabled": "True"}, "disabled must be a Boolean"),
    ({"changePassword": 1}, "changePassword must be a Boolean"),
    ({"changePassword": None}, "changePassword must be a Boolean"),
    ({"password": "short"}, "password does not comply with the security policy"),
    ({"password": ""}, "password does not comply with the security policy"),
    ({"nickName": "Frankie"}, "unknown property: nickName"),
    ({"skill": {"English": 10}}, "unknown property: skill"),
]


@pytest.mark.parametrize("change, message", INVALID_CREATE)
def test_create_integrity_errors_are_400(api, change, message):
    body = dict(MINIMAL)
    for key, value in change.items():
        if value is None and key in MINIMAL:
            body.pop(key)
        else:
            body[key] = value
    resp = api.create(body)
    assert resp.status_code == 400
    assert text(resp) == message
    assert api.sim.dump_state()["users"] == {}


@pytest.mark.parametrize("raw, message", [
    ("{not json", "malformed JSON request body"),
    ("", "malformed JSON request body"),
    ("[1, 2]", "request body must be a JSON object"),
    ('"OK"', "request body must be a JSON object"),
])
def test_create_malformed_body(api, raw, message):
    resp = api.call("POST", "/user", raw)
    assert (resp.status_code, text(resp)) == (400, message)


@pytest.mark.parametrize("change, message", [
    ({"team": "Night Shift"}, "user team not found"),
    ({"skills": {"English": 50, "Klingon": 10}}, "skill not found: Klingon"),
    ({"roles": ["Agent", "Wizard"]}, "role not found: Wizard"),
])
def test_create_unknown_references_are_404(api, change, message):
    resp = api.create(**change)
    assert (resp.status_code, text(resp)) == (404, message)
    assert api.sim.dump_state()["users"] == {}


def test_duplicate_login_id_is_409(api):
    assert api.create(SEED_BODY).status_code == 200
    resp = api.create(SEED_BODY, extension="1999")
    assert (resp.status_code, text(resp)) == (409, "user already exists: sheila.thomas")


@pytest.mark.parametrize("extension", ["1072", 1072])
def test_duplicate_extension_is_409(api, extension):
    api.create(SEED_BODY)
    resp = api.create(extension=extension)
    assert (resp.status_code, text(resp)) == (409, "extension already in use: 1072")


def test_auto_assigned_extension_also_conflicts(api):
    api.create(loginId="a")
    resp = api.create(loginId="b", extension="1000")
    assert resp.status_code == 409


@pytest.mark.parametrize("content_type, body", [
    (None, json.dumps(MINIMAL)),
    ("text/plain", json.dumps(MINIMAL)),
    ("application/x-www-form-urlencoded", "loginId=frank.zappa"),
    ("application/xml", "<user/>"),
])
def test_create_needs_json_content_type(api, content_type, body):
    resp = api.call("POST", "/user", body, content_type=content_type)
    assert (resp.status_code, text(resp)) == (415, "unsupported media type")


@pytest.mark.parametrize("mode, value, status, stored", [
    ("accept", "true", 200, True), ("accept", "false", 200, False), ("accept", True, 200, True),
    ("reject", "true", 400, None), ("reject", "false", 400, None), ("reject", False, 200, False),
])
def test_string_booleans_option_on_create(api, mode, value, status, stored):
    api.options(string_booleans=mode)
    resp = api.create(disabled=value, changePassword=value)
    assert resp.status_code == status
    if status == 200:
        got = api.get("frank.zappa")
        assert got["disabled"] is stored and got["changePassword"] is stored
    else:
        assert text(resp) == "disabled must be a Boolean"


def test_password_min_length_option(api):
    api.options(password_min_length=12)
    assert api.create(password="ChangeMe").status_code == 400
    assert api.create(password="ChangeMe-longer").status_code == 200


@pytest.mark.parametrize("default_role, body_roles, expected", [
    (None, None, []), ("Agent", None, ["Agent"]), ("Agent", [], []), ("Agent", ["Supervisor"], ["Supervisor"]),
])
def test_default_role_option(api, default_role, body_roles, expected):
    api.options(default_role=default_role)
    extra = {} if body_roles is None else {"roles": body_roles}
    api.create(**extra)
    assert api.get("frank.zappa")["roles"] == expected


def test_get_unknown_user_is_404(api):
    resp = api.call("GET", "/user/nobody")
    assert (resp.status_code, text(resp)) == (404, "user not found")


@pytest.mark.parametrize("options, check", [
    ({"get_string_booleans": True}, lambda u: u["disabled"] == "false" and u["changePassword"] == "true"),
    ({"get_levels_as_strings": True}, lambda u: u["skills"] == {"Spanish": "100", "English": "100"}),
    ({"include_login_info": False}, lambda u: "loginInfo" not in u),
    ({}, lambda u: u["disabled"] is False and u["skills"]["Spanish"] == 100 and "loginInfo" in u),
])
def test_get_shape_options(api, options, check):
    api.create(SEED_BODY)
    api.options(**options)
    assert check(api.get("sheila.thomas"))


def test_error_format_json(api):
    api.options(error_format="json")
    resp = api.create(team="Nope")
    assert resp.status_code == 404
    assert resp.mimetype == "application/json"
    assert resp.get_json() == {"error": "user team not found"}
    assert api.call("GET", "/team", auth=False).get_json() == {"error": "authorization required"}


def test_error_format_text_is_plain_text(api):
    resp = api.create(team="Nope")
    assert resp.mimetype == "text/plain"
    assert text(resp) == "user team not found"


# ====================================================================== wrong method / endpoint
@pytest.mark.parametrize("method, path", [
    ("GET", "/user"), ("PUT", "/user"), ("POST", "/user/frank.zappa"), ("PATCH", "/user/frank.zappa"),
    ("DELETE", "/team"), ("POST", "/phone/user"), ("DELETE", "/user/lock/frank.zappa"), ("PUT", "/oauth/token"),
])
def test_wrong_method_is_405(api, method, path):
    resp = api.call(method, path)
    assert (resp.status_code, text(resp)) == (405, "method not allowed")
    assert resp.headers["Allow"]


@pytest.mark.parametrize("status, message", [(500, "Incorrect endpoint specification"), (404, "not found")])
def test_unknown_endpoint(api, status, message):
    api.options(unknown_endpoint_status=status)
    for path in ("/users", "/user/", "/user/a/b", "/skills", "/scim/Users"):
        resp = api.call("GET", path)
        assert resp.status_code == status, path
    assert text(api.call("GET", "/users")) == message


def test_paths_outside_the_api_are_plain_404(api):
    assert api.client.get("/admin/ws/t/127.0.0.1/user/x").status_code == 404


# ====================================================================== update
def test_pm_config_update_example(api):
    api.create(SEED_BODY)
    resp = api.put("sheila.thomas", PM_UPDATE)
    assert resp.status_code == 200
    assert resp.get_json() == "OK"
    got = api.get("sheila.thomas")
    assert got["disabled"] is True and got["team"] == "Accounting"


def test_wiki_update_example(api):
    api.create(SEED_BODY, changePassword=False)
    assert api.put("sheila.thomas", WIKI_UPDATE).status_code == 200
    got = api.get("sheila.thomas")
    assert got["changePassword"] is True and got["disabled"] is False
    assert got["skills"] == {"Maintenance Renewal": 100, "English": 33}  # replace (default)
    assert api.sim.check_password("sheila.thomas", "top secret")
    assert api.sim.dump_state()["users"]["sheila.thomas"]["password_changes"] == 1


@pytest.mark.parametrize("mode, expected", [
    ("replace", {"Maintenance Renewal": 100, "English": 33}),
    ("merge", {"Spanish": 100, "English": 33, "Maintenance Renewal": 100}),
])
def test_skills_put_option(api, mode, expected):
    api.options(skills_put=mode)
    api.create(SEED_BODY)
    api.put("sheila.thomas", {"skills": {"Maintenance Renewal": 100, "English": 33}})
    assert api.get("sheila.thomas")["skills"] == expected


def test_skills_put_empty_object_replace_clears(api):
    api.create(SEED_BODY)
    api.put("sheila.thomas", {"skills": {}})
    assert api.get("sheila.thomas")["skills"] == {}


def test_put_response_user_returns_get_shape(api):
    api.options(put_response="user")
    api.create(SEED_BODY)
    resp = api.put("sheila.thomas", WIKI_UPDATE)
    assert resp.status_code == 200
    assert resp.get_json() == api.get("sheila.thomas")
    assert "password" not in resp.get_json()


@pytest.mark.parametrize("field, value", [
    ("firstName", "Shelly"), ("lastName", "T"), ("email", "new@example.com"), ("workPhone", "1"),
    ("mobilePhone", "2"), ("extension", "1999"), ("extension", 1999), ("roles", ["Agent"]), ("loginId", "s.t"),
])
def test_non_updatable_ignore_drops_silently(api, field, value):
    api.create(SEED_BODY)
    before = api.get("sheila.thomas")
    resp = api.put("sheila.thomas", {field: value, "disabled": True})
    assert resp.status_code == 200
    after = api.get("sheila.thomas")
    assert after[field] == before[field]
    assert after["disabled"] is True  # the updatable part of the body still applies


@pytest.mark.parametrize("field, value", [
    ("firstName", "Shelly"), ("lastName", "T"), ("email", "new@example.com"), ("workPhone", "1"),
    ("mobilePhone", "2"), ("extension", "1999"), ("roles", ["Agent"]), ("loginId", "s.t"),
])
def test_non_updatable_reject(api, field, value):
    api.options(non_updatable="reject")
    api.create(SEED_BODY)
    resp = api.put("sheila.thomas", {field: value, "disabled": True})
    assert (resp.status_code, text(resp)) == (400, "property cannot be updated: %s" % field)
    assert api.get("sheila.thomas")["disabled"] is False  # nothing applied


@pytest.mark.parametrize("field, value", [
    ("firstName", "Sheila"), ("extension", 1072), ("extension", "1072"), ("roles", ["Supervisor", "Agent"]),
    ("loginId", "sheila.thomas"), ("email", "sheila.thomas@nowhere.net"),
])
def test_non_updatable_reject_accepts_unchanged_values(api, field, value):
    api.options(non_updatable="reject")
    api.create(SEED_BODY)
    assert api.put("sheila.thomas", {field: value}).status_code == 200


def test_put_full_get_body_round_trip_in_reject_mode(api):
    """A module that PUTs back what it read (minus loginInfo) must not trip the reject mode."""
    api.options(non_updatable="reject")
    api.create(SEED_BODY)
    body = api.get("sheila.thomas")
    body.pop("loginInfo")
    body["disabled"] = True
    assert api.put("sheila.thomas", body).status_code == 200


@pytest.mark.parametrize("body, status, message", [
    ({"team": "Nope"}, 404, "user team not found"),
    ({"skills": {"Klingon": 5}}, 404, "skill not found: Klingon"),
    ({"skills": {"English": 500}}, 400, "invalid level for skill English: must be an integer from 0 to 100"),
    ({"password": "short"}, 400, "password does not comply with the security policy"),
    ({"disabled": "maybe"}, 400, "disabled must be a Boolean"),
    ({"team": 7}, 400, "team must be a string"),
    ({"nickName": "x"}, 400, "unknown property: nickName"),
    ({"roles": "Agent"}, 400, "roles must be an array of strings"),
    ({"extension": "abc"}, 400, "extension must be a number"),
])
def test_update_errors(api, body, status, message):
    api.create(SEED_BODY)
    before = api.sim.dump_state()
    resp = api.put("sheila.thomas", dict(body, changePassword=False))
    assert (resp.status_code, text(resp)) == (status, message)
    assert api.sim.dump_state() == before  # atomic: nothing applied


def test_update_unknown_user_is_404_even_with_a_bad_body(api):
    resp = api.put("nobody", "{broken")
    assert (resp.status_code, text(resp)) == (404, "user not found")


def test_update_needs_json_content_type(api):
    api.create(SEED_BODY)
    resp = api.put("sheila.thomas", {"disabled": True}, content_type="text/plain")
    assert resp.status_code == 415
    assert api.put("nobody", {"disabled": True}, content_type=None).status_code == 415


@pytest.mark.parametrize("mode, status", [("accept", 200), ("reject", 400)])
def test_string_booleans_option_on_update(api, mode, status):
    api.options(string_booleans=mode)
    api.create(SEED_BODY)
    assert api.put("sheila.thomas", PM_UPDATE).status_code == status


def test_empty_update_is_a_no_op(api):
    api.create(SEED_BODY)
    before = api.get("sheila.thomas")
    assert api.put("sheila.thomas", {}).status_code == 200
    assert api.get("sheila.thomas") == before


@pytest.mark.parametrize("enabled", [True, False])
def test_team_skills_option(api, enabled):
    api.options(team_skills=enabled)
    api.create(SEED_BODY, team="Sales")
    expected = {"Spanish": 100, "English": 100}
    if enabled:
        expected["Sales"] = 100
    assert api.get("sheila.thomas")["skills"] == expected
    api.put("sheila.thomas", {"team": "Billing", "skills": {"English": 10}})
    assert api.get("sheila.thomas")["skills"] == ({"English": 10, "Billing": 100} if enabled else {"English": 10})


def test_team_skills_keep_explicit_levels(api):
    api.options(team_skills=True)
    api.create(SEED_BODY, team="Sales", skills={"Sales": 40})
    assert api.get("sheila.thomas")["skills"] == {"Sales": 40}


def test_team_skills_of_seeded_team(api):
    api.sim.seed({"teams": [{"name": "Night Shift", "skills": {"Night Service": 70, "English": 20}}]})
    api.options(team_skills=True)
    assert api.create(team="Night Shift").status_code == 200
    assert api.get("frank.zappa")["skills"] == {"Night Service": 70, "English": 20}


# ====================================================================== delete
def test_delete_user(api):
    api.create(SEED_BODY)
    resp = api.call("DELETE", "/user/sheila.thomas")
    assert (resp.status_code, resp.get_json()) == (200, "OK")
    assert api.call("GET", "/user/sheila.thomas").status_code == 404
    resp = api.call("DELETE", "/user/sheila.thomas")
    assert (resp.status_code, text(resp)) == (404, "user not found")
    assert api.create(SEED_BODY).status_code == 200  # loginId and extension are free again


# ====================================================================== lock state
def test_lock_get_and_clear(api):
    api.sim.seed({"users": [dict(MINIMAL, lockedOut=True)]})
    resp = api.call("GET", "/user/lock/frank.zappa")
    assert (resp.status_code, resp.get_json()) == (200, {"lockedOut": True})
    resp = api.call("PUT", "/user/lock/frank.zappa", "")
    assert (resp.status_code, resp.get_json()) == (200, {"lockedOut": False})
    assert api.call("GET", "/user/lock/frank.zappa").get_json() == {"lockedOut": False}
    assert api.sim.dump_state()["users"]["frank.zappa"]["lockedOut"] is False


def test_lock_of_unknown_user_is_404(api):
    for method in ("GET", "PUT"):
        resp = api.call(method, "/user/lock/nobody", "" if method == "PUT" else NO_BODY)
        assert (resp.status_code, text(resp)) == (404, "user not found")


@pytest.mark.parametrize("mode, content_type, body, status", [
    ("required", "application/json", "", 200),
    ("required", "application/json", "{}", 200),
    ("required", "application/json", "{\n}", 200),
    ("required", None, "", 415),
    ("optional", None, "", 200),
    ("optional", None, NO_BODY, 200),
    ("required", "application/json", '{"lockedOut": false}', 400),
])
def test_lock_clear_body_rules(api, mode, content_type, body, status):
    api.options(lock_put_content_type=mode)
    api.create()
    resp = api.call("PUT", "/user/lock/frank.zappa", body, content_type=content_type)
    assert resp.status_code == status
    if status == 400:
        assert text(resp) == "request body must be empty"


# ====================================================================== lists
def test_team_list(api):
    resp = api.call("GET", "/team")
    assert resp.status_code == 200
    names = [t["name"] for t in resp.get_json()]
    assert names[:6] == ["Administrators", "Contact Center Support", "CSIM Support", "Customer Service",
                         "Maintenance Renewal", "Management"]  # the PM-CONFIG example, in order
    assert {"Accounting", "Sales", "Billing", "Technical Support"} <= set(names)
    assert all(list(t) == ["name"] for t in resp.get_json())
    api.sim.seed({"teams": [{"name": "Night Shift"}]})
    assert api.call("GET", "/team").get_json()[-1] == {"name": "Night Shift"}


@pytest.mark.parametrize("key", ["loginId", "login_id"])
def test_phone_user_list(api, key):
    api.options(phone_user_key=key)
    api.create(SEED_BODY)
    api.create(extension=2000)
    rows = api.call("GET", "/phone/user").get_json()
    assert rows == [
        {"extension": "1072", key: "sheila.thomas", "firstName": "Sheila", "lastName": "Thomas",
         "voiceMail": False, "greeting": False},
        {"extension": "2000", key: "frank.zappa", "firstName": "Frank", "lastName": "Zappa",
         "voiceMail": False, "greeting": False},
    ]


def test_phone_ext_list(api):
    api.create(SEED_BODY)
    rows = api.call("GET", "/phone/ext").get_json()
    assert rows[0] == {"number": "14151234567", "media": "voice_text", "type": "scenario",
                       "scenario": "Queue to agent", "textOutService": "Maintenance renewal SMS"}
    assert {"extension": "1072", "type": "softphone", "loginId": "sheila.thomas", "firstName": "Sheila",
            "lastName": "Thomas", "displayName": "Sheila Thomas"} in rows


# ====================================================================== state, seed (control API: test_control_api.py)
def test_dump_state_shape(api):
    api.create(SEED_BODY)
    state = api.client.get("/_sim/state").get_json()
    user = state["users"]["sheila.thomas"]
    assert user["has_password"] is True and user["password_changes"] == 0 and user["lockedOut"] is False
    assert re.fullmatch(r"[0-9A-F-]{36}", user["scim_id"])
    assert "Customer Service" in state["skills"] and "Agent" in state["roles"]
    assert {"name", "id", "skills"} == set(state["teams"][0])


def test_seed_stores_users_as_given(api):
    api.sim.seed({
        "skills": ["Klingon"], "roles": ["Wizard"],
        "users": [{"loginId": "odd", "firstName": "O", "lastName": "D", "team": "Ghost Team", "extension": 42,
                   "disabled": "true", "skills": {"Klingon": 5}, "roles": ["Wizard"], "password": "x"}],
        "options": {"put_response": "user"},
    })
    got = api.get("odd")
    assert got["extension"] == "42" and got["disabled"] is True and got["team"] == "Ghost Team"
    assert api.sim.options["put_response"] == "user"
    assert api.create(skills={"Klingon": 1}, roles=["Wizard"]).status_code == 200
    assert api.sim.check_password("odd", "x")


# ====================================================================== no digest mode
def test_digest_credentials_are_refused_like_any_non_bearer_scheme(api):
    """Digest is documented only with the 3.x paths (/admin/ws/t/<tenant>/...), which are not simulated."""
    header = 'Digest username="api.admin", realm="BrightPattern", nonce="0", uri="/configapi/v2/team", response="0"'
    resp = api.call("GET", "/team", auth=False, headers={"Authorization": header})
    assert resp.status_code == 401 and resp.headers["WWW-Authenticate"].startswith("Bearer")
    assert "auth_mode" not in api.sim.options


def test_running_server_answers_a_bare_ok_and_decodes_encoded_slashes():
    running = RunningSimulator(BrightPatternSimulator()).start()
    try:
        url = running.url + API
        tok = requests.post(url + "/oauth/token", data=token_form(), timeout=10).json()
        headers = {"Authorization": "Bearer " + tok["access_token"]}
        created = requests.post(url + "/user", json=MINIMAL, headers=headers, timeout=10)
        assert (created.text, created.headers["Content-Type"]) == ("OK", "application/json")  # bare, as in PM-CONFIG
        # A %2F is decoded and dot segments removed (encoded_slash: decode): the path reaches another user.
        victim = requests.get(url + "/user/x%2F..%2Ffrank.zappa", headers=headers, timeout=10)
        assert victim.json()["loginId"] == "frank.zappa"
        lock = requests.get(url + "/user/lock%2Ffrank.zappa", headers=headers, timeout=10)
        assert lock.json() == {"lockedOut": False}
        running.sim.update_options({"encoded_slash": "reject"})
        refused = requests.get(url + "/user/x%2F..%2Ffrank.zappa", headers=headers, timeout=10)
        assert refused.status_code == 404 and "<html>" in refused.text  # not the API's answer
    finally:
        running.stop()


# ====================================================================== SCIM
class Scim:
    def __init__(self, api):
        self.api = api

    def call(self, method, path="", body=NO_BODY, content_type="application/scim+json", **kwargs):
        return self.api.call(method, "/scim/users" + path, body, content_type=content_type, **kwargs)

    def create(self, body=None, **fields):
        data = copy.deepcopy(SCIM_BODY if body is None else body)
        data.update(fields)
        return self.call("POST", "", data)

    def patch(self, user_id, *operations, schemas=(PATCH_SCHEMA,)):
        return self.call("PATCH", "/" + user_id, {"schemas": list(schemas), "Operations": list(operations)})


@pytest.fixture
def scim(api):
    return Scim(api)


def scim_error(resp, status, scim_type=None):
    body = resp.get_json()
    assert resp.status_code == status, body
    assert body["schemas"] == [ERROR_SCHEMA] and body["status"] == str(status)
    assert body.get("scimType") == scim_type
    return body["detail"]


def test_scim_create(scim, api):
    resp = scim.create()
    assert resp.status_code == 201
    user = resp.get_json()
    assert re.fullmatch(r"[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}", user["id"])
    assert user["meta"]["resourceType"] == "USER"
    assert resp.headers["Location"] == user["meta"]["location"]
    assert user["meta"]["location"].endswith(API + "/scim/users/" + user["id"])
    assert user["externalId"] == "" and user["active"] is True and user["nickName"] == "Babs"
    assert user["emails"] == [{"value": "bjensen@example.com", "primary": True}]
    assert user["phoneNumbers"] == [{"type": "work", "value": "555-555-5555"},
                                    {"type": "mobile", "value": "555-555-4444"},
                                    {"type": "extension", "value": "1000"}]
    assert user["roles"] == [{"value": "Agent"}]  # scim_default_role
    team_id = api.sim.teams["Customer Service"]["id"]
    assert user["groups"] == [{"value": team_id, "display": "Customer Service"}]
    assert user["addresses"] == [{"locality": "Hollywood", "region": "CA", "country": "US"}]
    assert "password" not in json.dumps(user)
    got = api.get("bjensen")
    assert got["team"] == "Customer Service" and got["email"] == "bjensen@example.com"
    assert got["workPhone"] == "555-555-5555" and got["roles"] == ["Agent"]
    assert api.sim.check_password("bjensen", "Secret123")


def test_scim_filter_then_patch_changes_configuration_api_fields(scim, api):
    api.create(SEED_BODY)
    resp = scim.call("GET", "?filter=" + requests.utils.quote('userName eq "sheila.thomas"'))
    assert resp.status_code == 200
    listing = resp.get_json()
    assert listing["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:ListResponse"]
    assert (listing["totalResults"], listing["startIndex"], listing["itemsPerPage"]) == (1, 1, 1)
    user_id = listing["Resources"][0]["id"]
    resp = scim.patch(
        user_id,
        {"op": "replace", "path": "active", "value": False},
        {"op": "Replace", "path": "name.givenName", "value": "Shelly"},
        {"op": "replace", "path": 'phoneNumbers[type eq "work"].value', "value": "4150000000"},
        {"op": "remove", "path": 'phoneNumbers[type eq "mobile"].value'},
        {"op": "replace", "path": "emails", "value": [{"value": "a@x.net"}, {"value": "b@x.net", "primary": True}]},
        {"op": "add", "path": "roles", "value": [{"value": "Team Lead"}]},
    )
    assert resp.status_code == 200
    assert resp.get_json()["active"] is False
    got = api.get("sheila.thomas")
    assert got["disabled"] is True and got["firstName"] == "Shelly" and got["workPhone"] == "4150000000"
    assert "mobilePhone" not in got and got["email"] == "b@x.net"
    assert got["roles"] == ["Agent", "Supervisor", "Team Lead"]
    assert got["skills"] == {"Spanish": 100, "English": 100}  # SCIM carries no skills


def test_scim_filter_is_case_insensitive_and_may_find_nothing(scim, api):
    api.create(SEED_BODY)
    assert scim.call("GET", '?filter=username EQ "SHEILA.THOMAS"').get_json()["totalResults"] == 1
    empty = scim.call("GET", '?filter=userName eq "nobody"').get_json()
    assert (empty["totalResults"], empty["Resources"]) == (0, [])


def test_scim_list_paging(scim, api):
    for n in range(3):
        api.create(loginId="u%d" % n)
    page = scim.call("GET", "?startIndex=2&count=1").get_json()
    assert (page["totalResults"], page["startIndex"], page["itemsPerPage"]) == (3, 2, 1)
    assert page["Resources"][0]["userName"] == "u1"
    assert scim_error(scim.call("GET", "?count=x"), 400, "invalidValue")


@pytest.mark.parametrize("expression", ['emails eq "x"', 'userName co "x"', "userName eq x", 'userName eq "a" or 1'])
def test_scim_unsupported_filter(scim, expression):
    scim_error(scim.call("GET", "?filter=" + requests.utils.quote(expression)), 400, "invalidFilter")


@pytest.mark.parametrize("operation, field, expected", [
    ({"op": "replace", "path": "name.familyName", "value": "T"}, "lastName", "T"),
    ({"op": "replace", "path": "name", "value": {"givenName": "S"}}, "firstName", "S"),
    ({"op": "replace", "path": "name", "value": {"givenName": "S"}}, "lastName", "Thomas"),
    ({"op": "add", "path": 'phoneNumbers[type eq "mobile"].value', "value": "9"}, "mobilePhone", "9"),
    ({"op": "replace", "path": 'phoneNumbers[type eq "extension"].value', "value": "2001"}, "extension", "2001"),
    ({"op": "replace", "path": "phoneNumbers", "value": [{"type": "mobile", "value": "7"}]}, "mobilePhone", "7"),
    ({"op": "replace", "path": "phoneNumbers", "value": [{"type": "mobile", "value": "7"}]}, "workPhone", None),
    ({"op": "replace", "path": "phoneNumbers", "value": [{"type": "mobile", "value": "7"}]}, "extension", "1072"),
    ({"op": "add", "path": "phoneNumbers", "value": [{"type": "mobile", "value": "7"}]}, "workPhone", "4151234567"),
    ({"op": "remove", "path": "phoneNumbers"}, "workPhone", None),
    ({"op": "replace", "path": 'emails[type eq "work"].value', "value": "w@x.net"}, "email", "w@x.net"),
    ({"op": "replace", "path": "roles", "value": [{"value": "Team Lead"}]}, "roles", ["Team Lead"]),
    ({"op": "remove", "path": "roles", "value": [{"value": "Agent"}]}, "roles", ["Supervisor"]),
    ({"op": "remove", "path": "roles"}, "roles", []),
    ({"op": "add", "path": "roles", "value": [{"value": "Agent"}]}, "roles", ["Agent", "Supervisor"]),
    ({"op": "replace", "path": "urn:ietf:params:scim:schemas:core:2.0:User:active", "value": False}, "disabled", True),
    ({"op": "replace", "value": {"active": False, "name.familyName": "X", "displayName": "ignored"}}, "disabled", True),
    ({"op": "replace", "value": {"name": {"familyName": "X"}, "emails": [{"value": "v@x.net"}]}}, "lastName", "X"),
    ({"op": "add", "value": {"phoneNumbers": [{"type": "work", "value": "5"}]}}, "workPhone", "5"),
    ({"op": "replace", "path": "externalId", "value": "abc"}, "firstName", "Sheila"),
])
def test_scim_patch_paths(scim, api, operation, field, expected):
    api.create(SEED_BODY)
    user_id = api.sim.users["sheila.thomas"]["scim_id"]
    resp = scim.patch(user_id, operation)
    assert resp.status_code == 200, resp.get_json()
    assert resp.mimetype == "application/scim+json"
    assert api.get("sheila.thomas").get(field) == expected


def test_scim_patch_password(scim, api):
    api.create(SEED_BODY)
    user_id = api.sim.users["sheila.thomas"]["scim_id"]
    assert scim.patch(user_id, {"op": "replace", "path": "password", "value": "NewSecret1"}).status_code == 200
    assert api.sim.check_password("sheila.thomas", "NewSecret1")
    assert api.sim.dump_state()["users"]["sheila.thomas"]["password_changes"] == 1
    scim_error(scim.patch(user_id, {"op": "replace", "path": "password", "value": "short"}), 400, "invalidValue")


@pytest.mark.parametrize("operations, status, scim_type", [
    ([{"op": "replace", "path": "groups", "value": [{"value": "x"}]}], 400, "invalidPath"),
    ([{"op": "replace", "path": "displayName", "value": "x"}], 400, "invalidPath"),
    ([{"op": "replace", "path": 'phoneNumbers[type eq "fax"].value', "value": "1"}], 400, "invalidPath"),
    ([{"op": "remove", "path": 'phoneNumbers[type eq "extension"].value'}], 400, "mutability"),
    ([{"op": "remove", "path": "active"}], 400, "mutability"),
    ([{"op": "remove", "path": "name.givenName"}], 400, "mutability"),
    ([{"op": "replace", "path": "active", "value": "False"}], 400, "invalidValue"),
    ([{"op": "replace", "path": "active"}], 400, "invalidValue"),
    ([{"op": "move", "path": "active", "value": True}], 400, "invalidSyntax"),
    ([{"op": "remove"}], 400, "noTarget"),
    ([{"op": "replace", "value": "x"}], 400, "invalidSyntax"),
    (["replace"], 400, "invalidSyntax"),
    ([], 400, "invalidSyntax"),
    ([{"op": "replace", "path": "roles", "value": [{"value": "Wizard"}]}], 400, "invalidValue"),
    ([{"op": "replace", "path": "roles", "value": ["Agent"]}], 400, "invalidValue"),
    ([{"op": "replace", "path": "name.givenName", "value": ""}], 400, "invalidValue"),
    ([{"op": "remove", "path": "emails"}], 400, "invalidValue"),
    ([{"op": "replace", "path": 'phoneNumbers[type eq "extension"].value', "value": "12a"}], 400, "invalidValue"),
    ([{"op": "replace", "path": 'phoneNumbers[type eq "extension"].value', "value": "2000"}], 409, "uniqueness"),
    ([{"op": "replace", "path": "userName", "value": "other"}], 400, "mutability"),
    ([{"op": "replace", "path": "userName", "value": "frank.zappa"}], 400, "mutability"),
    ([{"op": "replace", "path": "active", "value": False}, {"op": "replace", "path": "nope", "value": 1}],
     400, "invalidPath"),
])
def test_scim_patch_errors_are_atomic(scim, api, operations, status, scim_type):
    api.create(SEED_BODY)
    api.create(extension="2000")
    before = api.sim.dump_state()
    user_id = api.sim.users["sheila.thomas"]["scim_id"]
    resp = scim.call("PATCH", "/" + user_id, {"schemas": [PATCH_SCHEMA], "Operations": operations})
    scim_error(resp, status, scim_type)
    assert api.sim.dump_state() == before


def test_scim_patch_needs_patchop_schema(scim, api):
    api.create(SEED_BODY)
    user_id = api.sim.users["sheila.thomas"]["scim_id"]
    resp = scim.patch(user_id, {"op": "replace", "path": "active", "value": False}, schemas=[USER_SCHEMA])
    scim_error(resp, 400, "invalidSyntax")


@pytest.mark.parametrize("mode, status", [("reject", 400), ("allow", 200)])
def test_scim_username_change_option(scim, api, mode, status):
    api.options(scim_username_change=mode)
    api.create(SEED_BODY)
    user_id = api.sim.users["sheila.thomas"]["scim_id"]
    resp = scim.patch(user_id, {"op": "replace", "path": "userName", "value": "s.thomas"})
    assert resp.status_code == status
    if status == 200:
        assert api.call("GET", "/user/sheila.thomas").status_code == 404
        assert api.get("s.thomas")["extension"] == "1072"
        assert [row["loginId"] for row in api.call("GET", "/phone/user").get_json()] == ["s.thomas"]
        assert api.create().status_code == 200
        resp = scim.patch(user_id, {"op": "replace", "path": "userName", "value": "frank.zappa"})
        scim_error(resp, 409, "uniqueness")


def test_scim_put_replaces_everything(scim, api):
    api.create(SEED_BODY)
    user_id = api.sim.users["sheila.thomas"]["scim_id"]
    body = {"schemas": [USER_SCHEMA], "userName": "sheila.thomas", "name": {"givenName": "Sheila", "familyName": "T"},
            "emails": [{"value": "s@x.net"}], "phoneNumbers": [{"type": "work", "value": "1"}]}
    resp = scim.call("PUT", "/" + user_id, body)
    assert resp.status_code == 200
    assert resp.get_json()["roles"] == [] and resp.get_json()["active"] is True
    got = api.get("sheila.thomas")
    assert got["roles"] == [] and got["lastName"] == "T" and got["workPhone"] == "1"
    assert "mobilePhone" not in got and got["extension"] == "1072"  # the extension stays
    assert got["team"] == "Customer Service" and got["skills"] == {"Spanish": 100, "English": 100}
    assert api.sim.check_password("sheila.thomas", "ChangeMe")  # write-only and not sent: unchanged


def test_scim_put_missing_required_is_400(scim, api):
    api.create(SEED_BODY)
    user_id = api.sim.users["sheila.thomas"]["scim_id"]
    resp = scim.call("PUT", "/" + user_id, {"schemas": [USER_SCHEMA], "userName": "sheila.thomas"})
    assert scim_error(resp, 400, "invalidValue") == "name.givenName is required"


def test_scim_delete(scim, api):
    user_id = scim.create().get_json()["id"]
    resp = scim.call("DELETE", "/" + user_id)
    assert resp.status_code == 204 and resp.data == b""
    assert api.call("GET", "/user/bjensen").status_code == 404
    scim_error(scim.call("DELETE", "/" + user_id), 404)


def test_scim_get_by_id(scim, api):
    user_id = scim.create().get_json()["id"]
    resp = scim.call("GET", "/" + user_id.lower())
    assert resp.status_code == 200 and resp.get_json()["userName"] == "bjensen"
    assert scim_error(scim.call("GET", "/00000000-0000-4000-8000-000000000000"), 404).startswith("User ")


@pytest.mark.parametrize("change, status, scim_type, detail", [
    ({"userName": None}, 400, "invalidValue", "userName is required"),
    ({"userName": 5}, 400, "invalidValue", "userName must be a string"),
    ({"name": {"givenName": "B"}}, 400, "invalidValue", "name.familyName is required"),
    ({"name": "Barbara Jensen"}, 400, "invalidValue", "name must be an object"),
    ({"emails": None}, 400, "invalidValue", "emails is required"),
    ({"emails": "b@x"}, 400, "invalidValue", "emails must be an array of objects"),
    ({"active": "true"}, 400, "invalidValue", "active must be a Boolean"),
    ({"password": "short"}, 400, "invalidValue", "password does not comply with the security policy"),
    ({"roles": [{"value": "Wizard"}]}, 400, "invalidValue", "role not found: Wizard"),
    ({"phoneNumbers": [{"type": "fax", "value": "1"}]}, 400, "invalidValue", "unsupported phoneNumbers type: fax"),
    ({"schemas": ["urn:x"]}, 400, "invalidSyntax", "schemas must contain " + USER_SCHEMA),
    ({"phoneNumbers": [{"type": "extension", "value": "1072"}]}, 409, "uniqueness", "extension already in use: 1072"),
    ({"userName": "sheila.thomas"}, 409, "uniqueness", "userName already exists: sheila.thomas"),
])
def test_scim_create_errors(scim, api, change, status, scim_type, detail):
    api.create(SEED_BODY)
    body = copy.deepcopy(SCIM_BODY)
    for key, value in change.items():
        if value is None:
            body.pop(key)
        else:
            body[key] = value
    assert scim_error(scim.create(body), status, scim_type) == detail
    assert list(api.sim.users) == ["sheila.thomas"]


def test_scim_create_accepts_empty_password_and_explicit_extension(scim, api):
    resp = scim.create(password="", phoneNumbers=[{"type": "extension", "value": "3003"}], roles=[])
    assert resp.status_code == 201
    assert resp.get_json()["roles"] == []
    assert api.get("bjensen")["extension"] == "3003"
    assert api.sim.dump_state()["users"]["bjensen"]["has_password"] is False


def test_scim_ignores_unsupported_attributes(scim):
    resp = scim.create(photos=[{"value": "https://x/p.png", "type": "photo"}], displayName="B", externalId="ext-1",
                       id="ignored", meta={"resourceType": "x"}, groups=[{"value": "x"}])
    assert resp.status_code == 201
    assert resp.get_json()["externalId"] == "" and resp.get_json()["id"] != "ignored"


@pytest.mark.parametrize("option, value, check", [
    ("scim_email_required", False, lambda r: r.status_code == 201),
    ("scim_default_team", None, lambda r: r.status_code == 400),
    ("scim_default_team", "No Such Team", lambda r: r.status_code == 400),
    ("scim_default_team", "Sales", lambda r: r.get_json()["groups"][0]["display"] == "Sales"),
    ("scim_default_role", None, lambda r: r.get_json()["roles"] == []),
    ("scim_roles_format", "strings", lambda r: r.get_json()["roles"] == ["Agent"]),
])
def test_scim_options(scim, api, option, value, check):
    api.options(**{option: value})
    body = copy.deepcopy(SCIM_BODY)
    body.pop("emails")
    if option != "scim_email_required":
        body["emails"] = [{"value": "b@x.net"}]
    assert check(scim.create(body))


def test_scim_roles_as_strings_accepted_only_in_strings_mode(scim, api):
    scim_error(scim.create(roles=["Agent"]), 400, "invalidValue")
    api.options(scim_roles_format="strings")
    assert scim.create(roles=["Supervisor"]).get_json()["roles"] == ["Supervisor"]


def test_scim_team_skills(scim, api):
    api.options(team_skills=True)
    scim.create()
    assert api.get("bjensen")["skills"] == {"Customer Service": 100}


def test_scim_auth_and_media_type_errors(scim, api):
    resp = scim.call("GET", "", auth=False)
    assert "Bearer" in resp.headers["WWW-Authenticate"]
    scim_error(resp, 401)
    scim_error(scim.call("POST", "", json.dumps(SCIM_BODY), content_type="text/plain"), 415)
    assert scim.call("POST", "", SCIM_BODY, content_type="application/json").status_code == 201
    scim_error(scim.call("POST", "", "{oops"), 400, "invalidSyntax")
    scim_error(scim.call("PUT", ""), 405)


def test_scim_and_configuration_api_share_extensions(scim, api):
    scim.create()  # takes 1000
    resp = api.create(extension="1000")
    assert (resp.status_code, text(resp)) == (409, "extension already in use: 1000")
    assert api.create().status_code == 200
    assert api.get("frank.zappa")["extension"] == "1001"


# ====================================================================== defaults and dialects
@pytest.fixture
def strict_api():
    """The simulator with its defaults: the reading least convenient for a client at every open point."""
    sim = BrightPatternSimulator()
    return Api(sim, sim.create_app().test_client())


def test_default_get_has_no_phones_and_adds_the_team_service_skill(strict_api):
    created = strict_api.create(SEED_BODY)
    assert (created.status_code, text(created)) == (200, "OK")  # PM-CONFIG: the bare OK
    user = strict_api.get("sheila.thomas")
    assert "workPhone" not in user and "mobilePhone" not in user  # the current UM52-GET table has no such rows
    assert user["skills"] == {"Spanish": "100", "English": "100", "Customer Service": "100"}
    assert user["disabled"] == "false" and user["changePassword"] == "true"
    assert strict_api.sim.dump_state()["users"]["sheila.thomas"]["workPhone"] == "4151234567"  # stored all the same
    assert text(strict_api.call("DELETE", "/user/sheila.thomas")) == "OK"


def test_default_refuses_string_booleans_and_token_tenant(strict_api):
    assert strict_api.create(disabled="true").status_code == 400
    assert strict_api.client.post(API + "/oauth/token", data=token_form(scope=None, tenant="127.0.0.1")).status_code == 400


def test_default_directory_key_is_the_tables_login_id(strict_api):
    strict_api.create()
    assert [row["login_id"] for row in strict_api.call("GET", "/phone/user").get_json()] == ["frank.zappa"]


@pytest.mark.parametrize("mode", ["sensitive", "insensitive"])
def test_login_case_option(strict_api, mode):
    strict_api.options(login_case=mode)
    strict_api.create(MINIMAL, loginId="mixed.case")
    resp = strict_api.call("GET", "/user/Mixed.Case")
    second = strict_api.create(MINIMAL, loginId="Mixed.Case", extension="3001")
    if mode == "sensitive":
        assert resp.status_code == 404 and second.status_code == 200  # a second user, spelt differently
        assert sorted(strict_api.sim.dump_state()["users"]) == ["Mixed.Case", "mixed.case"]
    else:
        assert resp.status_code == 200 and resp.get_json()["loginId"] == "mixed.case"  # the stored spelling
        assert second.status_code == 409
        assert strict_api.call("DELETE", "/user/MIXED.case").status_code == 200
        assert strict_api.sim.dump_state()["users"] == {}


def test_phone_directory_forbidden(strict_api):
    strict_api.options(phone_directory="forbidden")
    assert strict_api.call("GET", "/phone/user").status_code == 403
    assert strict_api.call("GET", "/team").status_code == 200


def test_scim_filter_parses_json_string_escapes(strict_api):
    strict_api.create(MINIMAL, loginId="victim", email="v@example.com")
    strict_api.create(MINIMAL, loginId="vi\\ctim", email="w@example.com", extension="3002")
    scim = Scim(strict_api)
    found = scim.call("GET", "?" + urlencode({"filter": 'userName eq "vi\\\\ctim"'})).get_json()
    assert [r["userName"] for r in found["Resources"]] == ["vi\\ctim"]
    quoted = scim.call("GET", "?" + urlencode({"filter": 'userName eq "a\\"b"'})).get_json()
    assert quoted["totalResults"] == 0
    bad = scim.call("GET", "?" + urlencode({"filter": 'userName eq "vi\\ctim"'}))  # \c is no JSON escape
    assert scim_error(bad, 400, "invalidFilter")
