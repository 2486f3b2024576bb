# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""cec_agent_account fails closed where the CEC docs are silent or contradict themselves (issue #13, #14.10).

Each test drives the simulator into the reading that used to make the module report a silent "ok" (or do harm)
and checks the module now refuses, names the call, and writes nothing; or, where the reading is legitimate, that
it does the right thing with the fewest calls.
"""
from __future__ import annotations

import json

import pytest

from ansible_collections.contactcenter.agents.tests.integration.steps import run_steps

MOD = "cec_agent_account"
QUERY = "agentAccount/query$"
LEAVER = {"userAccount": "leaver_01", "userName": "Leaver", "email": "leaver@x.io", "phone": "", "agentType": 4,
          "ccRoleId": 2, "skills": []}
GONE = {"user_account": "leaver_01", "state": "absent"}
NEW = {"user_account": "joiner_01", "user_name": "Joiner", "email": "joiner@x.io", "agent_type": "audio",
       "role": "agent", "password": "Te****34"}


def envelope(status, code="1", message="no permission for this operation"):
    return {"path": QUERY, "status": status, "count": None,
            "body": json.dumps({"resultCode": code, "resultMessage": message})}


def agents(sim_state):
    return set(sim_state("cec")["agents"])


# ---------------------------------------------------------------- 13.1 absence only when proven
FAILURES = {
    # a failure envelope carried by an auth or permission status is an error, never "absent"
    "401-envelope": [envelope(401)],
    "403-envelope": [envelope(403)],
    # a failure envelope the paged listing cannot confirm (the listing fails the same way)
    "200-envelope-unconfirmed": [envelope(200)],
}


@pytest.mark.parametrize("faults", FAILURES.values(), ids=FAILURES.keys())
def test_a_failed_read_is_never_absence(steps, cec, sim_state, faults):
    cec("seed", {"agents": [LEAVER]})
    (step,) = steps({"args": GONE, "fail": True, "cec_faults": faults})
    assert step.result["failed"] is True and step.cec_writes() == []
    assert "agentAccount/query" in step.result["msg"] and "HTTP" in step.result["msg"]
    assert "leaver_01" in agents(sim_state)


def test_an_envelope_shaped_token_refusal_is_an_auth_error(steps, sim_state, cec):
    # The simulator's 401 bodies are envelopes by default (http_error_body: envelope).
    cec("seed", {"agents": [LEAVER]})
    (step,) = steps({"args": dict(GONE, cec_app_secret="wrong-secret"), "fail": True})
    assert step.result["failed"] is True and step.cec_writes() == []
    assert "tokenByAkSk" in step.result["msg"] and "401" in step.result["msg"]
    assert step.result.get("status") == 401 and "leaver_01" in agents(sim_state)


def test_a_failure_envelope_the_listing_contradicts_is_an_error(steps, cec, sim_state):
    # The by-account query fails (HTTP 500 "business failure" envelope) but the listing holds the account.
    cec("seed", {"agents": [LEAVER]})
    by_account = {"path": QUERY, "status": 500, "count": None, "body": json.dumps(
        {"resultCode": "1", "resultMessage": "system busy"})}
    (step,) = steps({"args": dict(GONE, retries=0), "fail": True, "cec_faults": [dict(by_account, count=1)]})
    assert step.result["failed"] is True and step.cec_writes() == []
    assert "the paged listing holds 'leaver_01'" in step.result["msg"]
    assert "leaver_01" in agents(sim_state)


def test_a_confirmed_absence_is_ok_without_a_write(steps):
    # Default simulator: a missing account is a resultCode "1" envelope; the listing confirms it.
    (step,) = steps({"args": GONE})
    assert step.result["changed"] is False and step.cec_writes() == []
    assert step.cec_calls() == ["query", "query"]
    assert step.cec[-1]["body"] == {"pageNum": 0, "pageSize": 100}


# ---------------------------------------------------------------- 13.2 listing completeness
def seed_many(cec, count, **options):
    cec("options", options)
    cec("seed", {"agents": [dict(LEAVER, userAccount="agent_%03d" % i, email="a%d@x.io" % i) for i in range(count)]})


def batch(*extra):
    keep = [{"user_account": "agent_%03d" % i, "user_name": "Leaver", "email": "a%d@x.io" % i,
             "agent_type": "audio", "role": "agent"} for i in (0, 60, 110)]
    return {"agents": keep + [{"user_account": "agent_105", "state": "absent"}] + list(extra)}


@pytest.mark.parametrize("with_total", [True, False])
def test_a_silent_page_cap_is_noticed(steps, cec, sim_state, with_total):
    # 120 agents, pages silently capped at 50 and started where the asked size says (gaps for a client that
    # keeps asking 100): the old code saw agents 0-49 and 100-119 (total) or 0-49 (no total) only.
    seed_many(cec, 120, page_cap=50, query_includes_total=with_total)
    first, again = steps({"args": batch(NEW)}, {"args": batch(NEW)})
    assert first.result["counts"] == {"created": 1, "updated": 0, "deleted": 1, "unchanged": 3, "failed": 0}
    assert sorted(w["path"].rsplit("/", 1)[-1] for w in first.cec_writes()) == ["create", "delete"]
    assert again.result["changed"] is False and again.cec_writes() == []
    assert "agent_105" not in agents(sim_state) and "agent_110" in agents(sim_state)


LIES = {
    "short": {"resultCode": "0", "resultMessage": "ok", "data": [], "total": 120},
    "duplicated": {"resultCode": "0", "resultMessage": "ok", "total": 120,
                   "data": [dict(LEAVER, userAccount="agent_%03d" % i) for i in range(50)]},
}


@pytest.mark.parametrize("answer", LIES.values(), ids=LIES.keys())
def test_a_listing_that_does_not_add_up_fails_the_batch_before_any_write(steps, cec, sim_state, answer):
    seed_many(cec, 120, page_cap=50, query_includes_total=True)
    lie = {"path": QUERY, "status": 200, "skip": 1, "count": 1, "body": json.dumps(answer)}
    (step,) = steps({"args": batch(NEW), "fail": True, "cec_faults": [lie]})
    assert step.result["failed"] is True and step.cec_writes() == []
    assert "does not add up" in step.result["msg"]
    assert "agent_105" in agents(sim_state) and "joiner_01" not in agents(sim_state)


# ---------------------------------------------------------------- 13.5 workNo fallback
@pytest.mark.parametrize("options", [{}, {"by_account_code": "user_account"}], ids=["sign-in-account", "403"])
def test_a_failing_work_no_fallback_costs_only_the_work_no(steps, cec, sim_state, options):
    cec("options", options)
    cec("seed", {"agents": [LEAVER, dict(LEAVER, userAccount="stayer_01")]})
    faults = [{"path": "queryAgentInfoByAccount$", "status": 403, "count": None,
               "body": json.dumps({"returnCode": "1", "description": "authentication failed"})}] if options else []
    keep = {"user_account": "stayer_01", "user_name": "Leaver", "agent_type": "audio"}
    read, gone = steps({"args": keep, "cec_faults": faults} if faults else {"args": keep}, {"args": GONE})
    assert read.result["changed"] is False and read.result["agent"]["work_no"] is None
    assert any("queryAgentInfoByAccount failed" in w and "work_no is null" in w for w in read.result["warnings"])
    assert gone.result["changed"] is True and [w["path"].rsplit("/", 1)[-1] for w in gone.cec_writes()] == ["delete"]
    assert "leaver_01" not in agents(sim_state)


# ---------------------------------------------------------------- 13.8 body shape
def test_each_body_shape_against_a_server_that_refuses_the_other(steps, cec, sim_state):
    cec("options", {"body_shape": "wrapped"})
    cec("seed", {"agents": [LEAVER]})
    wrapped = {"cec_body_shape": "wrapped"}
    flat_gone, created, changed, again, gone = steps(
        {"args": GONE, "fail": True}, {"args": dict(NEW, **wrapped)},
        {"args": dict(NEW, user_name="Joined", **wrapped)}, {"args": dict(NEW, user_name="Joined", **wrapped)},
        {"args": dict(GONE, **wrapped)})
    assert flat_gone.result["failed"] is True and flat_gone.cec_writes() == []  # not a silent "absent"
    assert "requestParams" in flat_gone.result["msg"]
    assert created.cec_writes()[0]["body"]["requestParam"]["userAccount"] == "joiner_01"
    assert changed.cec_writes()[0]["body"] == {"requestParam": {"userAccount": "joiner_01", "userName": "Joined"}}
    assert again.result["changed"] is False and again.cec_writes() == []
    assert gone.cec_writes()[0]["body"] == {"requestParams": {"userAccount": "leaver_01"}}
    assert [e["body"] for e in gone.cec if e["path"].endswith("/query")][0] == {
        "requestParams": {"userAccount": "leaver_01", "pageNum": 0, "pageSize": 1}}
    assert agents(sim_state) == {"joiner_01"}
    cec("options", {"body_shape": "flat"})
    flat_ok, wrapped_refused = steps({"args": dict(NEW, user_name="Flat")},
                                     {"args": dict(NEW, user_name="Wrapped", **wrapped), "fail": True})
    assert flat_ok.result["changed"] is True and "requestParam" not in flat_ok.cec_writes()[0]["body"]
    assert wrapped_refused.result["failed"] is True and wrapped_refused.cec_writes() == []


# ---------------------------------------------------------------- 13.9 extra headers
def test_extra_headers_reach_every_call_and_stay_secret(steps, cec, sim_log):
    cec("options", {"require_headers": {"X-TenantSpaceID": "tenant-4711"}})
    cec("seed", {"agents": [LEAVER]})
    headers = {"cec_extra_headers": {"X-TenantSpaceID": "tenant-4711"}}
    refused, created, gone = steps({"args": GONE, "fail": True}, {"args": dict(NEW, **headers)},
                                   {"args": dict(GONE, **headers)})
    assert refused.result["failed"] is True and refused.cec_writes() == []
    assert "X-TenantSpaceID" in refused.result["msg"]
    assert created.result["changed"] is True and gone.result["changed"] is True
    assert all(e["status"] < 400 for e in created.cec + gone.cec)  # the token call got the header too
    assert "tenant-4711" not in json.dumps([created.result, gone.result])


def test_extra_headers_from_the_environment(run_playbook, cec, sim_log, tmp_path, sim_state):
    cec("options", {"require_headers": {"X-TenantSpaceID": "t-9"}})
    (step,) = run_steps(run_playbook, sim_log, tmp_path, [{"module": MOD, "args": NEW}],
                        env={"CEC_EXTRA_HEADERS": '{"X-TenantSpaceID": "t-9"}'})
    assert step.result["changed"] is True and "joiner_01" in agents(sim_state)


# ---------------------------------------------------------------- 13.11 delete charset
def test_a_delete_refused_for_the_delete_pages_charset_says_so(steps, cec, sim_state):
    cec("seed", {"agents": [dict(LEAVER, userAccount="bob.billing")]})
    (step,) = steps({"args": {"user_account": "bob.billing", "state": "absent"}, "fail": True})
    assert step.result["failed"] is True and step.result["changed"] is False
    assert "NOT deleted" in step.result["msg"] and "forbids '.'" in step.result["msg"]
    assert "bob.billing" in agents(sim_state)


# ---------------------------------------------------------------- 14.10 case-only matches
@pytest.mark.parametrize("options", [{}, {"account_case": "insensitive", "query_missing": "empty"}],
                         ids=["listing", "by-account-answer"])
def test_a_case_only_match_fails_without_a_write(steps, cec, sim_state, options):
    cec("options", options)
    cec("seed", {"agents": [dict(LEAVER, userAccount="mixed.case")]})
    other = dict(NEW, user_account="Mixed.Case")
    single, gone, many = steps(
        {"args": other, "fail": True}, {"args": {"user_account": "Mixed.Case", "state": "absent"}, "fail": True},
        {"args": {"agents": [other, dict(NEW, user_account="fresh_01")]}, "fail": True})
    for step in (single, gone):
        assert step.result["failed"] is True and step.cec_writes() == []
        assert "'Mixed.Case' differs only in letter case" in step.result["msg"] and "'mixed.case'" in step.result["msg"]
    assert many.result["failed_keys"] == ["Mixed.Case"] and many.result["counts"]["created"] == 1
    assert [w["body"]["userAccount"] for w in many.cec_writes()] == ["fresh_01"]
    assert agents(sim_state) == {"mixed.case", "fresh_01"}
