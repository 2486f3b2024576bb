# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What both simulators share (_base.py, server.py), tested once against each through a small adapter: the control
API (/_sim/...), secret masking, token expiry on the sim clock, a real server. Vendor rules: the vendor test files."""
from __future__ import annotations

import json
import time

import pytest
import requests

from ansible_collections.contactcenter.agents.tests.simulators import _brightpattern_rules, _cec_rules
from ansible_collections.contactcenter.agents.tests.simulators._base import MASK
from ansible_collections.contactcenter.agents.tests.simulators.brightpattern import BrightPatternSimulator
from ansible_collections.contactcenter.agents.tests.simulators.cec import CecSimulator
from ansible_collections.contactcenter.agents.tests.simulators.server import RunningSimulator

CEC, BP = "/apiaccess/rest/cc-management/v1/", "/configapi/v2"
PASSWORDS = ("password", "oldPassWord", "newPassWord")


def js(resp):  # Flask's and requests' responses both have .text
    return json.loads(resp.text)


class Cec:
    """At its defaults (the inconvenient dialect) the CEC simulator wants passwords of exactly eight characters."""
    sim_class, rules, store, key, key_field = CecSimulator, _cec_rules, "agents", "test123456", "userAccount"
    token_path, secret, default_ttl = "/apigovernance/api/oauth/tokenByAkSk", "sim-app-secret-CHANGE-ME", 600
    body = {"userAccount": key, "userName": "test111", "password": "Te****34", "email": "t**@****.com",  # seed 000
            "agentType": 11, "ccRoleId": 2, "skills": [{"skillId": 3, "agentWeight": 1, "skillWeight": 1},
                                                       {"skillId": 2, "agentWeight": 1, "skillWeight": 2}]}
    create, create_path, first_number = ("POST", CEC + "agentAccount/create"), "agentAccount/create", ("workNo", 101)
    probe = ("POST", CEC + "agentAccount/query", {"pageNum": 0, "pageSize": 1})
    update_path = CEC + "agentAccount/update"
    update = ("POST", update_path, {"userAccount": key, "userName": "Changed"})
    password_writes = [  # a good, then a wrong password change
        ("POST", update_path, {"userAccount": key, "oldPassWord": "Te****34", "newPassWord": "N3w!Pw12"}),
        ("POST", update_path, {"userAccount": key, "oldPassWord": "Wr0ng!Pw", "newPassWord": "An0th3r!"})]
    masked = [("tokenByAkSk", "app_secret"), ("/create", "password"), ("/update", "oldPassWord"),
              ("/update", "newPassWord")]
    option, bad_option = ("query_missing", "empty"), ("unknown_fields", "sideways")
    seed_option = ("delete_missing", "success")
    ctor_options, ctor_default = {"app_secret": "other-secret", "skills_update": "merge"}, ("app_key", "sim-app-key")
    seed = {"userName": "S", "password": "Str0ng!P", "email": "s@x", "agentType": 4, "ccRoleId": 2}
    extra_seed = {"skills": [{"name": "Extra", "mediaTypeId": 5}]}

    def token(self, http, sim, ttl=None):
        body = {"app_key": "sim-app-key", "app_secret": self.secret}
        resp = http("POST", self.token_path, body, headers={} if ttl is None else {"X-Token-Expire": str(ttl)})
        return resp, resp.status_code == 200 and (js(resp)["AccessToken"], js(resp)["Expires"])

    def read(self, send, key):  # the gateway matches the path case-insensitively
        return send("POST", "/apiaccess/rest/CC-Management/v1/agentAccount/query", {"userAccount": key})["data"][0]

    def expired(self, resp):  # the default error body: the failure envelope
        assert (resp.status_code, js(resp)) == (401, {"resultCode": "1", "resultMessage": "access token expired"})

    def password_ok(self, send, sim, key):
        body = {"userAccount": key, "oldPassWord": "Str0ng!P", "newPassWord": "N3w!Pass"}
        return send("POST", self.update_path, body)["resultCode"] == "0"


class BrightPattern:
    sim_class, rules, store = BrightPatternSimulator, _brightpattern_rules, "users"
    key, key_field = "frank.zappa", "loginId"
    token_path, secret, default_ttl = BP + "/oauth/token", "sim-bp-secret-CHANGE-ME", 3600
    body = {"loginId": key, "firstName": "Frank", "lastName": "Zappa", "team": "Customer Service",
            "password": "ChangeMe"}
    create, create_path, first_number = ("POST", BP + "/user"), "^/configapi/v2/user$", ("extension", "1000")
    probe, update = ("GET", BP + "/team", None), ("PUT", BP + "/user/" + key, {"password": "Another-1", "skills": {}})
    password_writes = [("PUT", BP + "/user/" + key, {"password": "top secret", "disabled": False,
                                                     "changePassword": True})]  # UM52-UPDATE example
    masked = [("/oauth/token", "client_secret"), ("/user", "password"), ("/user/" + key, "password")]
    option, bad_option, seed_option = ("skills_put", "merge"), ("skills_put", "sideways"), ("put_response", "user")
    ctor_options, ctor_default = {"skills_put": "merge"}, ("client_id", "api.admin")
    seed = {"firstName": "S", "lastName": "One", "team": "Customer Service", "password": "x"}
    extra_seed = {"skills": ["Klingon"], "roles": ["Wizard"], "teams": [{"name": "Ghost Team"}]}

    def token(self, http, sim, ttl=None):
        if ttl is not None:
            sim.options["token_ttl"] = ttl
        resp = http("POST", self.token_path, data={"grant_type": "client_credentials", "client_id": "api.admin",
                                                   "client_secret": self.secret, "scope": "127.0.0.1"})
        return resp, resp.status_code == 200 and (js(resp)["access_token"], js(resp)["expires_in"])

    def read(self, send, key):
        return send("GET", BP + "/user/" + key)

    def expired(self, resp):
        assert (resp.status_code, resp.text) == (401, "access token expired")
        assert 'error="invalid_token"' in resp.headers["WWW-Authenticate"]

    def password_ok(self, send, sim, key):
        return sim.check_password(key, "x")


class Session:
    """A simulator at its defaults, a client (Flask's test client, or requests to a running server), a token."""

    def __init__(self, vendor, running=None):
        self.vendor, self.sim = vendor, running.sim if running else vendor.sim_class()
        self.url, self.client = running and running.url, None if running else self.sim.create_app().test_client()
        self.token = self.new_token()

    def http(self, method, path, body=None, data=None, headers=None):
        if self.url:
            return requests.request(method, self.url + path, json=body, data=data, headers=headers, timeout=10)
        return self.client.open(path, method=method, json=body, data=data, headers=headers or {})

    def new_token(self, ttl=None):
        return self.vendor.token(self.http, self.sim, ttl)[1][0]

    def call(self, method, path, body=None, token=None, data=None, headers=None):
        headers = dict(headers or {}, Authorization="Bearer " + (token or self.token))
        return self.http(method, path, body, data=data, headers=headers)

    def send(self, method, path, body=None):
        resp = self.call(method, path, body)
        assert resp.status_code == 200, resp.text
        return js(resp)

    def create(self):
        assert self.call(*self.vendor.create, self.vendor.body).status_code == 200 and self.vendor.key in self.records()

    def records(self):
        return self.sim.dump_state()[self.vendor.store]

    def record(self, key):
        return dict(self.vendor.seed, **{self.vendor.key_field: key})

    def control(self, method, what, body=None):
        return js(self.http(method, "/_sim/" + what, body))


@pytest.fixture(params=[Cec(), BrightPattern()], ids=["cec", "brightpattern"])
def vendor(request):
    return request.param


@pytest.fixture
def s(vendor):
    return Session(vendor)


def without_password(record):
    return {k: v for k, v in record.items() if k != "password"}


def test_options_through_the_control_api_and_unknown_ones_refused_before_any_change(s):
    name, value = s.vendor.option
    before = dict(s.sim.options)
    resp = s.http("POST", "/_sim/options", {name: value, "no_such_option": 1})
    assert resp.status_code == 400 and "no_such_option" in js(resp)["error"] and s.sim.options == before
    with pytest.raises(ValueError):
        s.sim.seed({s.vendor.store: [s.record("never.stored")], "options": {"no_such_option": 1}})
    assert s.records() == {} and s.sim.options == before
    assert s.control("POST", "options", {name: value})[name] == value and s.sim.options[name] == value
    assert s.control("GET", "options") == dict(s.sim.options, latency_ms=0)


def test_invalid_option_value_fails_loudly_before_any_change(s):
    s.create()
    before = s.sim.dump_state()
    s.sim.options.update([s.vendor.bad_option])  # a value outside the switch's choices: caught when a request reads it
    assert s.call(*s.vendor.update).status_code == 500 and s.sim.dump_state() == before


def test_defaults_are_the_inconvenient_dialect(vendor):
    dialects, choices, options = vendor.rules.DIALECTS, vendor.rules.CHOICES, vendor.sim_class().options
    assert {k: options[k] for k in dialects["inconvenient"]} == dialects["inconvenient"]
    for name, bundle in dialects.items():
        assert set(bundle) == set(dialects["inconvenient"]), name  # every dialect sets every switch
        assert all(v in choices[k] for k, v in bundle.items() if k in choices), name


def test_dialects_set_their_bundle_and_given_options_win(s):
    dialects, (name, value) = s.vendor.rules.DIALECTS, s.vendor.option
    answer = s.control("POST", "options", {"dialect": "literal", name: value})
    assert answer == dict(s.sim.options, latency_ms=0)
    assert {k: answer[k] for k in dialects["literal"]} == dict(dialects["literal"], **{name: value})  # given wins
    answer = s.control("POST", "options", {"dialect": "lenient"})
    assert {k: answer[k] for k in dialects["lenient"]} == dialects["lenient"]
    resp = s.http("POST", "/_sim/options", {"dialect": "sloppy"})
    assert resp.status_code == 400 and "dialect" in js(resp)["error"]


def test_constructor_options_and_dialect_survive_reset(vendor):
    given, lenient, literal = vendor.ctor_options, vendor.rules.DIALECTS["lenient"], vendor.rules.DIALECTS["literal"]
    for sim, bundle in ((vendor.sim_class(**given), {}), (vendor.sim_class(dialect="lenient", **given), lenient)):
        sim.reset()
        assert {k: sim.options[k] for k in set(bundle) | set(given)} == dict(bundle, **given)  # given wins
        assert sim.options[vendor.ctor_default[0]] == vendor.ctor_default[1]
    assert {k: vendor.sim_class(dialect="literal").options[k] for k in literal} == literal


def test_seed_through_the_control_api(s):
    name, value = s.vendor.seed_option
    assert s.control("POST", "seed", {s.vendor.store: [s.record("seeded.one")], "options": {name: value}})["ok"]
    assert s.sim.options[name] == value and list(s.records()) == ["seeded.one"]
    assert s.vendor.password_ok(s.send, s.sim, "seeded.one")


def test_reset_restores_fixtures_options_clock_and_tokens(s):
    fresh = s.vendor.sim_class()
    s.create()
    s.sim.seed(s.vendor.extra_seed)
    s.control("POST", "options", dict([s.vendor.option], latency_ms=1))
    s.control("POST", "faults", {"kind": "status", "status": 503, "count": None})
    assert s.control("POST", "clock", {"advance": 100})["offset"] == 100
    assert s.control("POST", "reset")["ok"]
    assert s.sim.dump_state() == fresh.dump_state() and s.sim.options == fresh.options
    assert (s.sim.clock_offset, s.sim.faults, s.sim.latency_ms, s.sim.log) == (0, [], 0, [])
    assert s.call(*s.vendor.probe).status_code == 401  # tokens do not survive
    s.control("POST", "reset", {s.vendor.store: [s.record("after.reset")]})
    s.token = s.new_token()
    assert list(s.records()) == ["after.reset"]
    record, seeded = s.vendor.read(s.send, "after.reset"), without_password(s.record("after.reset"))
    assert {k: record[k] for k in seeded} == seeded


def test_token_expiry_follows_the_sim_clock(s):
    short, ttl = s.vendor.token(s.http, s.sim, 60)[1]
    assert ttl == "60"
    assert s.control("POST", "clock", {"advance": 59})["offset"] == 59
    assert s.call(*s.vendor.probe, token=short).status_code == 200
    s.control("POST", "clock", {"advance": 1})
    s.vendor.expired(s.call(*s.vendor.probe, token=short))
    assert s.call(*s.vendor.probe).status_code == 200  # the default lifetime
    s.control("POST", "clock", {"advance": s.vendor.default_ttl - 60})
    s.vendor.expired(s.call(*s.vendor.probe))


def test_token_endpoint_is_post_only(s):
    resp = s.http("GET", s.vendor.token_path)
    assert resp.status_code == 405 and "POST" in resp.headers["Allow"]


def test_status_fault_answers_once_before_the_service_and_is_logged(s):
    assert s.http("POST", "/_sim/faults", {"kind": "explode"}).status_code == 400
    fault = {"path": s.vendor.create_path, "method": "POST", "status": 429, "retry_after": 7}
    assert len(s.control("POST", "faults", fault)["faults"]) == 1
    resp = s.call(*s.vendor.create, s.vendor.body)
    assert (resp.status_code, resp.text, resp.headers["Retry-After"]) == (429, "injected fault", "7")
    assert s.records() == {}  # the gateway answered; the service never saw it
    s.create()  # count 1: the next one goes through
    log = s.control("GET", "log")["entries"]
    assert [(e["status"], e.get("fault")) for e in log[-2:]] == [(429, "status"), (200, None)]


def test_non_json_fault_and_fault_on_the_token_endpoint(s):
    s.control("POST", "faults", [{"kind": "non_json", "path": s.vendor.create_path},
                                 {"kind": "status", "status": 503, "path": s.vendor.token_path}])
    resp = s.call(*s.vendor.create, s.vendor.body)
    assert resp.status_code == 200 and resp.headers["Content-Type"].startswith("text/html") and s.records() == {}
    s.create()
    assert [s.vendor.token(s.http, s.sim)[0].status_code for _attempt in range(2)] == [503, 200]


def test_latency_applies_to_vendor_calls_only(s):
    assert s.control("POST", "options", {"latency_ms": 150})["latency_ms"] == 150
    started = time.monotonic()
    assert s.call(*s.vendor.probe).status_code == 200 and time.monotonic() - started >= 0.15
    started = time.monotonic()
    assert s.control("GET", "state") and time.monotonic() - started < 0.15


def test_request_log_and_state_mask_secrets(s):
    s.create()
    for method, path, body in s.vendor.password_writes:
        s.call(method, path, body)
    s.call(*s.vendor.create, data="{not json", headers={"Content-Type": "application/json"})
    log = s.control("GET", "log")["entries"]
    assert log[0]["path"] == s.vendor.token_path
    for suffix, field in s.vendor.masked:
        assert any(e["path"].endswith(suffix) and (e["body"] or {}).get(field) == MASK for e in log), (suffix, field)
    state = s.control("GET", "state")
    assert state == s.sim.dump_state() and "password" not in state[s.vendor.store][s.vendor.key]
    everything = json.dumps([log, state, s.vendor.read(s.send, s.vendor.key)])
    secrets = [v for _method, _path, body in s.vendor.password_writes for k, v in body.items() if k in PASSWORDS]
    for secret in [s.vendor.secret, s.vendor.body["password"], s.token] + secrets:
        assert secret not in everything


def test_running_server_round_trip(vendor):
    running = RunningSimulator(vendor.sim_class()).start()
    try:
        s = Session(vendor, running)
        s.create()
        record, body = vendor.read(s.send, vendor.key), without_password(vendor.body)
        assert {k: record[k] for k in body} == body
        assert s.records()[vendor.key][vendor.first_number[0]] == vendor.first_number[1]
        assert s.call(*vendor.create, data="{", headers={"Content-Type": "application/json"}).status_code == 400
        assert [e["status"] for e in s.control("GET", "log")["entries"]] == [200, 200, 200, 400]
    finally:
        running.stop()
