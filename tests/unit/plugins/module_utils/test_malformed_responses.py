# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Malformed API answers (missing fields, wrong types, wrong shapes, odd Retry-After values) give a clear error,
never a traceback.

The real simulators answer over loopback; a fault of kind ``status`` with status 200 and a ``body``
replaces one call's answer with an odd JSON document. Each case runs what a module's ``main()`` runs
(the runner over the vendor adapter, or an info module's collect function) without AnsibleModule:
a ContactCenterError escaping the run is what ``fail_json`` would report; any other exception is
what would have been a traceback, and fails the test.
"""
from __future__ import annotations

import json
import re

import pytest

from ansible_collections.contactcenter.agents.plugins.module_utils._adapter import Batch
from ansible_collections.contactcenter.agents.plugins.module_utils._brightpattern_client import (
    BRIGHTPATTERN_ARGUMENT_SPEC)
from ansible_collections.contactcenter.agents.plugins.module_utils._brightpattern_user import (
    BrightPatternUserAdapter, users_info)
from ansible_collections.contactcenter.agents.plugins.module_utils._cec_agent import (
    CecAgentAdapter, agents_info, skills_info)
from ansible_collections.contactcenter.agents.plugins.module_utils._cec_client import (
    AGENT_API, BY_ACCOUNT_API, CEC_ARGUMENT_SPEC, SKILL_API, TOKEN_PATH, CecClient)
from ansible_collections.contactcenter.agents.plugins.module_utils._errors import ContactCenterError
from ansible_collections.contactcenter.agents.plugins.module_utils._http import HTTP_ARGUMENT_SPEC, RetryPolicy
from ansible_collections.contactcenter.agents.plugins.module_utils._runner import Runner
from ansible_collections.contactcenter.agents.tests.simulators.brightpattern import BrightPatternSimulator
from ansible_collections.contactcenter.agents.tests.simulators.cec import CecSimulator
from ansible_collections.contactcenter.agents.tests.simulators.server import RunningSimulator

QUERY = "^" + AGENT_API + "query$"
CREATE = "^" + AGENT_API + "create$"
SKILLS = "^" + SKILL_API + "$"
CEC_TOKEN = "^" + TOKEN_PATH + "$"
BY_ACCOUNT = "^" + BY_ACCOUNT_API + "$"
BP = "/configapi/v2"
BP_TOKEN = "^" + BP + "/oauth/token$"
BP_USER = "^" + BP + "/user/sheila.thomas$"
BP_TEAMS = "^" + BP + "/team$"
BP_DIRECTORY = "^" + BP + "/phone/user$"
BP_LOCK = "^" + BP + "/user/lock/sheila.thomas$"
BP_SCIM = "^" + BP + "/scim/users$"

AGENT = {"user_account": "alice.w01", "user_name": "Alice", "email": "alice@example.com", "agent_type": "audio",
         "role": "agent", "password": "Secr3t!pw", "skills": [{"name": "Billing"}]}
RECORD = {"userAccount": "alice.w01", "userName": "Alice", "email": "alice@example.com", "phone": "", "agentType": 4,
          "ccRoleId": 2, "skills": [{"skillId": 4, "agentWeight": 1, "skillWeight": 1}], "workNo": 101}
SHEILA = {"login_id": "sheila.thomas", "first_name": "Sheila", "last_name": "Thomas", "team": "Customer Service",
          "password": "ChangeMe", "skills": {"English": 100}}
USER = {"loginId": "sheila.thomas", "firstName": "Sheila", "lastName": "Thomas", "team": "Customer Service",
        "extension": "1000", "email": "", "disabled": False, "changePassword": False, "skills": {"English": 100},
        "roles": []}
PYTHON_ERROR = re.compile(r"^\w*(Error|Exception)\b|Traceback")


@pytest.fixture(scope="module")
def servers():
    cec = RunningSimulator(CecSimulator()).start()
    bp = RunningSimulator(BrightPatternSimulator()).start()
    yield {"cec": cec, "bp": bp}
    cec.stop()
    bp.stop()


@pytest.fixture
def cec(servers):
    servers["cec"].sim.reset()
    servers["cec"].sim.update_options({"dialect": "lenient"})  # these tests are about odd answers, not readings
    return servers["cec"]


@pytest.fixture
def bp(servers):
    servers["bp"].sim.reset()
    return servers["bp"]


def answer(running, path, body, count=None, status=200):
    """Replace the answer of the calls matching ``path`` with ``body`` (JSON text unless a str is given)."""
    running.sim.add_fault({"path": path, "kind": "status", "status": status, "count": count,
                           "body": body if isinstance(body, str) else json.dumps(body)})


def params(adapter_class, connection_spec, **values):
    out = {k: v.get("default") for k, v in HTTP_ARGUMENT_SPEC.items()}
    out.update({k: v.get("default") for k, v in connection_spec.items()})
    out.update({k: v.get("default") for k, v in adapter_class.spec.module_argument_spec().items()})
    out.update(retries=0, timeout=5, parallel=2)
    out.update(values)
    return out


def cec_params(running, **values):
    options = running.sim.options
    return params(CecAgentAdapter, CEC_ARGUMENT_SPEC, cec_url=running.url, cec_app_key=options["app_key"],
                  cec_app_secret=options["app_secret"], **values)


def bp_params(running, **values):
    options = running.sim.options
    return params(BrightPatternUserAdapter, BRIGHTPATTERN_ARGUMENT_SPEC, brightpattern_url=running.url,
                  brightpattern_client_id=options["client_id"], brightpattern_client_secret=options["client_secret"],
                  brightpattern_tenant=options["tenant"], **values)


def run_entity(adapter_class, values):
    """What run_entity_module does: the task's error message, or the per-entity results."""
    batch = Batch(values, False, values["parallel"])
    runner = Runner(adapter_class.spec, batch)
    try:
        return runner.run(adapter_class(values, batch), runner.entries(values))
    except ContactCenterError as exc:  # fail_json(msg=exc.msg)
        return exc.msg


def run_info(collect, values):
    try:
        return collect(values, Batch(values, True, values["parallel"]))
    except ContactCenterError as exc:
        return exc.msg


def messages(outcome):
    """Every error message of a run: the task's, or each failed entity's."""
    if isinstance(outcome, str):
        return [outcome]
    if isinstance(outcome, dict):
        return []
    return [r["msg"] for r in outcome if r["failed"]]


def assert_clear(outcome, *words):
    found = messages(outcome)
    assert found, "expected a failure, got %r" % (outcome,)
    for msg in found:
        assert not PYTHON_ERROR.search(msg), msg  # a bare Python exception is not a clear error
        for word in words:
            assert word in msg, (word, msg)


# ---------------------------------------------------------------- CEC
CEC_CASES = [
    # (id, path, body, words the error must contain)
    ("token-empty", CEC_TOKEN, {}, ["AccessToken"]),
    ("token-list", CEC_TOKEN, [], ["AccessToken"]),
    ("token-null", CEC_TOKEN, None, ["AccessToken"]),
    ("token-blank", CEC_TOKEN, {"AccessToken": ""}, ["AccessToken"]),
    ("token-number", CEC_TOKEN, {"AccessToken": 12345, "Expires": "3600"}, ["AccessToken"]),
    ("token-object", CEC_TOKEN, {"AccessToken": {"value": "x"}}, ["AccessToken"]),
    ("skills-object", SKILLS, {"returnCode": "0", "data": {"skillId": 4}}, ["querySkills", "not a list"]),
    ("skills-strings", SKILLS, {"returnCode": "0", "data": ["Billing"]}, ["querySkills", "not a list"]),
    ("skills-no-code", SKILLS, {"data": []}, ["querySkills", "resultCode"]),
    ("skills-bad-id", SKILLS, {"returnCode": "0", "data": [{"skillId": "four", "name": "Billing"}]},
     ["querySkills", "skillId"]),
    ("skills-null-id", SKILLS, {"returnCode": "0", "data": [{"skillId": None, "name": "Billing"}]},
     ["querySkills", "skillId"]),
    ("skills-list-name", SKILLS, {"returnCode": "0", "data": [{"skillId": 4, "name": ["Billing"]}]},
     ["querySkills", "name"]),
    ("query-empty", QUERY, {}, ["query", "resultCode"]),
    ("query-list", QUERY, [], ["query", "unexpected response"]),
    ("query-string", QUERY, "\"OK\"", ["query", "unexpected response"]),
    ("query-null", QUERY, "null", ["query", "unexpected response"]),
    ("query-data-object", QUERY, {"resultCode": "0", "data": RECORD}, ["query", "not a list"]),
    ("query-data-strings", QUERY, {"resultCode": "0", "data": ["alice.w01"]}, ["query", "not a list"]),
    ("query-agent-type-text", QUERY, {"resultCode": "0", "data": [dict(RECORD, agentType="audio")]}, ["agentType"]),
    ("query-agent-type-code", QUERY, {"resultCode": "0", "data": [dict(RECORD, agentType=77)]}, ["agentType"]),
    ("query-role-list", QUERY, {"resultCode": "0", "data": [dict(RECORD, ccRoleId=[2])]}, ["ccRoleId"]),
    ("query-skills-text", QUERY, {"resultCode": "0", "data": [dict(RECORD, skills="Billing")]}, ["skills"]),
    ("query-skill-no-id", QUERY, {"resultCode": "0", "data": [dict(RECORD, skills=[{"agentWeight": 1}])]},
     ["skills"]),
    ("query-skill-id-text", QUERY, {"resultCode": "0", "data": [dict(RECORD, skills=[{"skillId": "four"}])]},
     ["skills"]),
    ("query-skill-null", QUERY, {"resultCode": "0", "data": [dict(RECORD, skills=[None])]}, ["skills"]),
    ("query-skill-weight-text", QUERY,
     {"resultCode": "0", "data": [dict(RECORD, skills=[{"skillId": 4, "agentWeight": "heavy"}])]}, ["skills"]),
    ("query-name-object", QUERY, {"resultCode": "0", "data": [dict(RECORD, userName={"first": "A"})]},
     ["userName"]),
    ("query-email-list", QUERY, {"resultCode": "0", "data": [dict(RECORD, email=["a@example.com"])]}, ["email"]),
    ("query-phone-bool", QUERY, {"resultCode": "0", "data": [dict(RECORD, phone=True)]}, ["phone"]),
    ("create-list", CREATE, [], ["create", "unexpected response"]),
    ("create-no-code", CREATE, {"workNo": 101}, ["create", "resultCode"]),
    ("create-failure-no-message", CREATE, {"resultCode": "1"}, ["create", "failed without a message"]),
]


@pytest.mark.parametrize("path, body, words", [c[1:] for c in CEC_CASES], ids=[c[0] for c in CEC_CASES])
def test_cec_agent_account_reports_malformed_answers(cec, path, body, words):
    answer(cec, path, body)
    assert_clear(run_entity(CecAgentAdapter, cec_params(cec, **AGENT)), *words)


@pytest.mark.parametrize("record, field", [
    (dict(RECORD, skills=[{"weight": 1}]), "skills"),
    (dict(RECORD, agentType="x"), "agentType"),
], ids=["skill-no-id", "agent-type"])
def test_cec_batch_and_info_report_malformed_records(cec, record, field):
    answer(cec, QUERY, {"resultCode": "0", "data": [record], "total": 1})
    agents = [AGENT, dict(AGENT, user_account="carl.w01")]
    alice, carl = run_entity(CecAgentAdapter, cec_params(cec, agents=agents))
    assert_clear([alice], "the server's answer", field)
    assert carl["failed"] is False and carl["operation"] == "create"
    assert_clear(run_info(agents_info, cec_params(cec)), "the server's answer", field)
    assert_clear(run_info(agents_info, cec_params(cec, user_account="alice.w01")), "the server's answer", field)


def test_cec_one_malformed_record_in_the_listing_fails_only_its_agent(cec):
    cec.sim.seed({"agents": [dict(RECORD, userAccount="bob.w0001"), dict(RECORD, userAccount="odd.agent")]})
    listing = [dict(RECORD, userAccount="bob.w0001"), dict(RECORD, userAccount="odd.agent", skills=[{"x": 1}])]
    answer(cec, QUERY, {"resultCode": "0", "data": listing, "total": 2}, count=1)
    agents = [AGENT, dict(AGENT, user_account="bob.w0001"), dict(AGENT, user_account="odd.agent")]
    results = run_entity(CecAgentAdapter, cec_params(cec, agents=agents, parallel=1))
    assert [(r["operation"], r["failed"]) for r in results] == [("create", False), ("none", False), ("none", True)]
    assert_clear(results, "skills")


def test_cec_skill_info_and_token_lifetime(cec):
    answer(cec, SKILLS, {"returnCode": "0", "data": "Billing"}, count=1)
    assert_clear(run_info(skills_info, cec_params(cec, name="Billing", media_type_id=None)), "querySkills")
    # An unusable lifetime falls back to the documented maximum instead of failing; the made-up token
    # is then refused (401) and a new one is fetched.
    answer(cec, CEC_TOKEN, {"AccessToken": "not-a-real-token", "Expires": {"seconds": 60}}, count=1)
    assert messages(run_entity(CecAgentAdapter, cec_params(cec, **AGENT))) == []


def test_cec_work_number_answer_of_the_wrong_shape_is_ignored(cec):
    cec.sim.seed({"agents": [RECORD], "options": {"query_includes_work_no": False}})
    answer(cec, BY_ACCOUNT, {"returnCode": "0", "data": ["101"]})
    (result,) = run_entity(CecAgentAdapter, cec_params(cec, **AGENT))
    assert result["failed"] is False and result["agent"]["work_no"] is None


# ---------------------------------------------------------------- Bright Pattern
BP_CASES = [
    ("token-empty", BP_TOKEN, {}, ["access_token"]),
    ("token-list", BP_TOKEN, ["tok"], ["access_token"]),
    ("token-number", BP_TOKEN, {"access_token": 42, "expires_in": "3600"}, ["access_token"]),
    ("teams-object", BP_TEAMS, {"name": "Customer Service"}, ["team", "not a JSON list of objects"]),
    ("teams-strings", BP_TEAMS, ["Customer Service"], ["team", "not a JSON list of objects"]),
    ("teams-list-name", BP_TEAMS, [{"name": ["Customer Service"]}], ["/team", "name"]),
    ("user-list", BP_USER, [USER], ["user", "not a JSON object"]),
    ("user-text", BP_USER, "\"OK\"", ["user", "not a JSON object"]),
    ("user-no-login", BP_USER, {k: v for k, v in USER.items() if k != "loginId"}, ["loginId"]),
    ("user-skills-list", BP_USER, dict(USER, skills=["English"]), ["skills"]),
    ("user-skill-level-text", BP_USER, dict(USER, skills={"English": "high"}), ["skills"]),
    ("user-disabled-text", BP_USER, dict(USER, disabled="maybe"), ["disabled"]),
    ("user-roles-text", BP_USER, dict(USER, roles="Agent"), ["roles"]),
    ("user-first-name-object", BP_USER, dict(USER, firstName={"given": "Sheila"}), ["firstName"]),
    ("user-extension-list", BP_USER, dict(USER, extension=[1000]), ["extension"]),
]


@pytest.mark.parametrize("path, body, words", [c[1:] for c in BP_CASES], ids=[c[0] for c in BP_CASES])
def test_brightpattern_user_reports_malformed_answers(bp, path, body, words):
    bp.sim.seed({"users": [dict(USER, password="ChangeMe")]})
    answer(bp, path, body)
    assert_clear(run_entity(BrightPatternUserAdapter, bp_params(bp, **SHEILA)), *words)


@pytest.mark.parametrize("body, words", [
    ({"lockedOut": True, "users": 1}, None),
    ([True], ["lock state", "not a JSON object"]),
], ids=["extra-field", "list"])
def test_brightpattern_lock_state_answers(bp, body, words):
    bp.sim.seed({"users": [dict(USER, password="ChangeMe", lockedOut=True)]})
    answer(bp, BP_LOCK, body, count=1)
    outcome = run_entity(BrightPatternUserAdapter, bp_params(bp, login_id="sheila.thomas", unlock=True))
    if words:
        assert_clear(outcome, *words)
    else:
        assert messages(outcome) == []


@pytest.mark.parametrize("body, words", [
    ({"Resources": {"id": "X"}}, ["SCIM"]),
    ({"Resources": ["X"]}, ["SCIM"]),
    ({"Resources": [{"userName": "sheila.thomas"}]}, ["SCIM"]),
    ([{"id": "X"}], ["SCIM list", "not a JSON object"]),
], ids=["resources-object", "resources-strings", "no-id", "list"])
def test_brightpattern_scim_lookup_answers(bp, body, words):
    bp.sim.seed({"users": [dict(USER, password="ChangeMe")]})
    answer(bp, BP_SCIM, body)
    change = dict(SHEILA)
    change.update(last_name="Thompson", use_scim=True)
    outcome = run_entity(BrightPatternUserAdapter, bp_params(bp, **change))
    assert_clear(outcome, *words)


@pytest.mark.parametrize("body, words", [
    ({"loginId": "sheila.thomas"}, ["directory", "not a JSON list of objects"]),
    ([{"loginId": ["sheila.thomas"]}], ["directory", "loginId"]),
    ([{"loginId": 7}], ["directory", "loginId"]),
], ids=["object", "list-login", "number-login"])
def test_brightpattern_directory_answers(bp, body, words):
    bp.sim.seed({"users": [dict(USER, password="ChangeMe")]})
    answer(bp, BP_DIRECTORY, body)
    users = [SHEILA, dict(SHEILA, login_id="sam.other", extension="1001")]
    assert_clear(run_entity(BrightPatternUserAdapter, bp_params(bp, users=users)), *words)
    assert_clear(run_info(users_info, bp_params(bp)), *words)


def test_brightpattern_info_reports_a_malformed_user(bp):
    bp.sim.seed({"users": [dict(USER, password="ChangeMe")]})
    answer(bp, BP_USER, dict(USER, skills=[1]))
    assert_clear(run_info(users_info, bp_params(bp)), "skills")
    assert_clear(run_info(users_info, bp_params(bp, login_id="sheila.thomas")), "skills")


def test_brightpattern_token_lifetime_of_the_wrong_type_is_not_fatal(bp):
    bp.sim.seed({"users": [dict(USER, password="ChangeMe")]})
    answer(bp, BP_TOKEN, {"access_token": "not-a-real-token", "expires_in": ["3600"]}, count=1)
    assert messages(run_entity(BrightPatternUserAdapter, bp_params(bp, **SHEILA))) == []


# ---------------------------------------------------------------- Retry-After
@pytest.mark.parametrize("retry_after, slept", [("3600", [60.0]), ("-5", [0.0]), ("soon", None),
                                                ("Wed, 21 Oct 2015 07:28:00 GMT", None)],
                         ids=["capped", "negative", "text", "http-date"])
def test_odd_retry_after_values_are_capped_or_replaced_by_the_backoff(cec, retry_after, slept):
    cec.sim.add_fault({"path": QUERY, "status": 429, "retry_after": retry_after, "count": 1})
    client = CecClient(cec_params(cec, retries=1, retry_max_time=120))
    sleeps = []
    client.http.retry.sleep = sleeps.append
    assert client.query_account("nobody.here") is None
    if slept is None:  # not a number of seconds: the jittered backoff of a first retry (0.25 to 0.5 s)
        assert len(sleeps) == 1 and 0.25 <= sleeps[0] <= 0.5
    else:
        assert sleeps == slept


def test_backoff_is_exponential_jittered_and_bounded():
    policy = RetryPolicy(backoff=0.5, backoff_max=10.0)
    for attempt in range(8):
        base = min(10.0, 0.5 * 2 ** attempt)
        waits = [policy.delay(attempt) for _sample in range(200)]
        assert all(base * 0.5 <= w <= base for w in waits), attempt
        assert max(waits) - min(waits) > base * 0.25, attempt  # spread out, so clients do not retry in lockstep
    assert policy.delay(3, retry_after=7.5) == 7.5  # Retry-After wins over the backoff, without jitter
