# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Faults injected into the simulators while the modules run through ansible-playbook.

Fault kinds: HTTP 429 with Retry-After, 500/502/503, connection reset, read timeout (a read answered later
than ``timeout``), a slow write answered later than ``timeout`` (the server applies it after the client gave
up), token expiry in the middle of a batch, and a non-JSON body. For each:

- reads are retried with bounded, jittered exponential backoff; the final error names the call and the cause;
- a write whose answer was lost is checked by reading again, never blindly repeated, and never duplicated;
- a password change is sent once, whatever happens;
- after a faulty run, a clean re-run converges (batches of 240 agents, faults at seeded random points).

The HTTP retry rules themselves are unit-tested in tests/unit/plugins/module_utils/test__http.py; these
tests go through the modules, the engine and ansible-playbook.
"""
from __future__ import annotations

import pytest

from ansible_collections.contactcenter.agents.tests.integration.reliability import (
    BP_API, BP_TOKEN, CEC_API, CEC_SKILLS, CEC_TOKEN, ClockJump, FaultCounter, exact, note)

QUERY, CREATE, UPDATE, DELETE = (CEC_API + op for op in ("query", "create", "update", "delete"))
BP_USERS, BP_TEAMS = BP_API + "/user", BP_API + "/team"
OLD_PASSWORD, NEW_PASSWORD = "Old-Passw0rd!", "N3w-Passw0rd!"
SKILL_IDS = {"Billing": 4, "Sales": 5, "Tech Support": 6, "Retention": 7}


@pytest.fixture(autouse=True)
def lenient_cec(sim_control):
    """These tests are about faults, not about the readings of the CEC docs (test_dialects_cec.py)."""
    sim_control("cec", "options", {"dialect": "lenient"})


@pytest.fixture
def faults(simulators):
    """Counts the faults each simulator injects during the test."""
    with FaultCounter(simulators.cec.sim) as cec, FaultCounter(simulators.brightpattern.sim) as bp:
        yield {"cec": cec, "bp": bp}


def cec_seed(account, **fields):
    record = {"userAccount": account, "userName": "Agent", "email": "%s@example.com" % account, "phone": "",
              "agentType": 4, "ccRoleId": 2, "skills": [], "password": OLD_PASSWORD}
    record.update(fields)
    return record


def cec_agent(account, **options):
    out = {"user_account": account, "user_name": "Agent", "email": "%s@example.com" % account, "agent_type": "audio",
           "role": "agent", "password": "Init-Passw0rd!"}
    out.update(options)
    return out


def bp_seed(login, **fields):
    record = {"loginId": login, "firstName": "First", "lastName": "Last", "team": "Sales", "email": "",
              "disabled": False, "changePassword": False, "skills": {"English": 100}, "roles": ["Agent"],
              "password": "Old-Pass1"}
    record.update(fields)
    return record


def bp_user(login, **options):
    # The tenant gives team members the team's service skill (simulator default team_skills): not ours to manage.
    out = {"login_id": login, "first_name": "First", "last_name": "Last", "team": "Sales", "skills": {"English": 100},
           "roles": ["Agent"], "password": "Init-Pass1", "unmanaged_skills": ["Sales"]}
    out.update(options)
    return out


def on(log, path, key=None):
    """Entries for ``path``; for CEC writes also filtered by the userAccount in the body."""
    return [e for e in log if e["path"] == path
            and (key is None or (isinstance(e["body"], dict) and e["body"].get("userAccount") == key))]


def applied(entry):
    """The server processed the write (an answer lost on the way back still counts)."""
    return entry["status"] == 200 and entry.get("fault") not in ("non_json", "reset")


def gaps(entries):
    return [b["time"] - a["time"] for a, b in zip(entries, entries[1:])]


def by_key(results, key):
    return {r[key]: r for r in results}


# ---------------------------------------------------------------------------------------------- reads
def test_reads_are_retried_through_every_fault_kind(steps, sim, faults):
    """Each read call of a run meets one fault, then succeeds; Retry-After and the backoff are honoured."""
    billing = [{"skillId": 4, "agentWeight": 1, "skillWeight": 1}]
    sim("cec", "seed", {"agents": [cec_seed("read.agent1", skills=billing)]})
    sim("bp", "seed", {"users": [bp_seed("read.user1")]})
    agent = cec_agent("read.agent1", email="read.agent1@example.com", skills=[{"name": "Billing"}])
    user = bp_user("read.user1")
    user_path = BP_USERS + "/read.user1"
    c1, c2, c3, b1, b2, b3 = steps(
        {"module": "cec_agent_account", "args": agent, "cec_faults": [
            {"path": exact(CEC_TOKEN), "status": 429, "retry_after": 1},
            {"path": exact(CEC_SKILLS), "status": 500},
            {"path": exact(QUERY), "status": 502}]},
        {"module": "cec_agent_account", "args": agent, "cec_faults": [
            {"path": exact(CEC_TOKEN), "status": 503},
            {"path": exact(CEC_SKILLS), "kind": "reset"},
            {"path": exact(QUERY), "kind": "non_json"}]},
        {"module": "cec_agent_account", "args": dict(agent, timeout=1), "settle": 1, "cec_faults": [
            {"path": exact(CEC_SKILLS), "kind": "slow", "delay": 2},
            {"path": exact(QUERY), "status": 503, "count": 3}]},
        {"module": "brightpattern_user", "args": user, "bp_faults": [
            {"path": exact(BP_TOKEN), "status": 429, "retry_after": 1},
            {"path": exact(BP_TEAMS), "status": 500},
            {"path": exact(user_path), "status": 502}]},
        {"module": "brightpattern_user", "args": user, "bp_faults": [
            {"path": exact(BP_TOKEN), "status": 503},
            {"path": exact(BP_TEAMS), "kind": "reset"},
            {"path": exact(user_path), "kind": "non_json"}]},
        {"module": "brightpattern_user", "args": dict(user, timeout=1), "settle": 1, "bp_faults": [
            {"path": exact(BP_TEAMS), "kind": "slow", "delay": 2},
            {"path": exact(user_path), "status": 503, "count": 3}]})
    for step in (c1, c2, c3, b1, b2, b3):
        assert step.result["failed"] is False and step.result["changed"] is False, step.result
        assert step.cec_writes() == [] and step.bp_writes() == []

    def statuses(log, path):
        return [(e["status"], e.get("fault")) for e in on(log, path)]

    assert statuses(c1.cec, CEC_TOKEN) == [(429, "status"), (200, None)]
    assert statuses(c1.cec, CEC_SKILLS) == [(500, "status"), (200, None)]
    assert statuses(c1.cec, QUERY) == [(502, "status"), (200, None)]
    assert statuses(c2.cec, CEC_TOKEN) == [(503, "status"), (200, None)]
    assert statuses(c2.cec, CEC_SKILLS) == [(0, "reset"), (200, None)]
    assert statuses(c2.cec, QUERY) == [(200, "non_json"), (200, None)]
    assert len(on(c3.cec, CEC_SKILLS)) == 2  # the abandoned (slow) one, answered after the retry
    assert statuses(c3.cec, QUERY) == [(503, "status")] * 3 + [(200, None)]
    assert statuses(b1.bp, BP_TOKEN) == [(429, "status"), (200, None)]
    assert statuses(b1.bp, BP_TEAMS) == [(500, "status"), (200, None)]
    assert statuses(b1.bp, user_path) == [(502, "status"), (200, None)]
    assert statuses(b2.bp, BP_TOKEN) == [(503, "status"), (200, None)]
    assert statuses(b2.bp, BP_TEAMS) == [(0, "reset"), (200, None)]
    assert statuses(b2.bp, user_path) == [(200, "non_json"), (200, None)]
    assert len(on(b3.bp, BP_TEAMS)) == 2
    assert statuses(b3.bp, user_path) == [(503, "status")] * 3 + [(200, None)]

    # Retry-After: 1 is honoured (a jittered backoff alone would wait at most 0.5 s before the first retry).
    for log, path in ((c1.cec, CEC_TOKEN), (b1.bp, BP_TOKEN)):
        assert gaps(on(log, path))[0] >= 0.98
    # Exponential backoff: the n-th wait is 0.5 * 2**n seconds times a random factor from 0.5 to 1 (the jitter
    # itself is unit-tested in test_malformed_responses.py); the upper bound leaves room for a busy machine.
    for waits in (gaps(on(c3.cec, QUERY)), gaps(on(b3.bp, user_path))):
        for attempt, wait in enumerate(waits):
            base = 0.5 * 2 ** attempt
            assert base * 0.5 - 0.02 <= wait <= base + 1.0, waits
    note("reads_retried", faults=faults["cec"].total + faults["bp"].total)


def test_read_faults_that_persist_fail_naming_the_call_and_the_cause(steps, sim, faults):
    """retries=1: every read fault kind, twice in a row, ends the read with an error naming the call and cause."""
    kinds = {"429": {"status": 429, "retry_after": 0}, "500": {"status": 500}, "502": {"status": 502},
             "503": {"status": 503}, "reset": {"kind": "reset"}, "slow": {"kind": "slow", "delay": 1.5},
             "json": {"kind": "non_json"}}
    causes = {"429": "(HTTP 429): injected fault (rate limited; retries exhausted)", "500": "(HTTP 500)",
              "502": "(HTTP 502)", "503": "(HTTP 503)", "reset": ": connection failed:",
              "slow": ": no answer within 1s (timeout)", "json": "(HTTP 200): the server sent a response that is not JSON"}
    logins = ["p.%s" % k for k in kinds] + ["p.wait"]
    sim("bp", "seed", {"users": [bp_seed(login, extension=str(4000 + n)) for n, login in enumerate(logins)]})
    bp_faults = [dict(spec, path=exact(BP_USERS + "/p." + kind), method="GET", count=2) for kind, spec in kinds.items()]
    # Retry-After beyond what retry_max_time leaves: no retry at all, and the error says so.
    bp_faults.append({"path": exact(BP_USERS + "/p.wait"), "status": 429, "retry_after": 3600, "count": 1})
    users = [bp_user(login) for login in logins]

    cec_paths = {"502": CEC_TOKEN, "reset": CEC_SKILLS, "429": QUERY, "slow": QUERY}  # the others: Bright Pattern
    cec_steps = []
    for kind, path in cec_paths.items():
        spec = kinds[kind]
        cec_steps.append({"module": "cec_agent_account", "fail": True, "settle": 2 if kind == "slow" else None,
                          "args": cec_agent("r.%s.agent" % kind, skills=[{"name": "Sales"}], retries=1, timeout=1),
                          "cec_faults": [dict(spec, path=exact(path), count=2)]})
    results = steps({"module": "brightpattern_user", "args": {"users": users, "retries": 1, "timeout": 1,
                                                              "retry_max_time": 30},
                     "bp_faults": bp_faults, "settle": 2, "fail": True},
                    *[{k: v for k, v in s.items() if v is not None} for s in cec_steps])
    batch, cec = results[0], results[1:]

    res = by_key(batch.result["results"], "login_id")
    assert batch.bp_writes() == []
    for kind in kinds:
        login = "p." + kind
        assert res[login]["failed"] is True
        assert res[login]["msg"].split()[:2] in (["GET", "/user/" + login], ["GET", "/user/%s:" % login]), \
            res[login]["msg"]  # the path below /configapi/v2
        assert causes[kind] in res[login]["msg"], (kind, res[login]["msg"])
        assert len(on(batch.bp, BP_USERS + "/" + login)) == 2, kind  # one try and one retry (retries=1)
    assert "rate limited; retries exhausted" in res["p.wait"]["msg"]
    assert len(on(batch.bp, BP_USERS + "/p.wait")) == 1  # waiting an hour would break retry_max_time

    for (kind, path), step in zip(cec_paths.items(), cec):
        msg = step.result["msg"]
        assert step.result["failed"] is True and step.cec_writes() == []
        assert msg.startswith("POST ") and path in msg.split()[1], (kind, msg)
        assert causes[kind] in msg, (kind, msg)
        assert len(on(step.cec, path)) == 2, kind
    note("reads_exhausted", faults=faults["cec"].total + faults["bp"].total)


# ---------------------------------------------------------------------------------------------- writes
WRITE_KINDS = {
    # kind: (fault for the create, the update, the delete), whether the writes end up applied in this run
    "drop_response": ([{"kind": "drop_response"}] * 3, True),
    "reset": ([{"kind": "reset"}] * 3, True),
    "slow": ([{"kind": "slow", "delay": 2.5}] * 3, True),
    "429": ([{"status": 429, "retry_after": 0}] * 3, True),
    "5xx": ([{"status": 500}, {"status": 502}, {"status": 503}], False),
    "non_json": ([{"kind": "non_json"}] * 3, False),
}


def test_lost_write_answers_are_never_blindly_repeated(steps, sim, sim_state, faults):
    """Per fault kind, one batch that creates, updates and deletes meets the fault on each write call."""
    sim("cec", "options", {"business_error_status": 500})  # a refused write is then visible in the log's status
    names = list(WRITE_KINDS)
    sim("cec", "seed", {"agents": [cec_seed(p + "." + k.replace("_", "")) for k in names for p in ("upd", "del")]})
    sim("bp", "seed", {"users": [bp_seed(p + "." + k.replace("_", ""), extension=str(5000 + 2 * n + i))
                                 for n, k in enumerate(names) for i, p in enumerate(("upd", "del"))]})

    def cec_items(kind):
        k = kind.replace("_", "")
        return [cec_agent("new." + k), {"user_account": "upd." + k, "user_name": "Updated"},
                {"user_account": "del." + k, "state": "absent"}]

    def bp_items(kind):
        k = kind.replace("_", "")
        return [bp_user("new." + k), {"login_id": "upd." + k, "disabled": True, "team": "Billing"},
                {"login_id": "del." + k, "state": "absent"}]

    plan = []
    for kind, (specs, _ok) in WRITE_KINDS.items():
        k = kind.replace("_", "")
        plan.append({"module": "cec_agent_account", "fail": True, "settle": 3 if kind == "slow" else None,
                     "args": {"agents": cec_items(kind), "timeout": 1},
                     "cec_faults": [dict(spec, path=exact(path), count=1)
                                    for spec, path in zip(specs, (CREATE, UPDATE, DELETE))]})
        plan.append({"module": "brightpattern_user", "fail": True, "settle": 3 if kind == "slow" else None,
                     "args": {"users": bp_items(kind), "timeout": 1},
                     "bp_faults": [dict(specs[0], path=exact(BP_USERS), method="POST", count=1),
                                   dict(specs[1], path=exact(BP_USERS + "/upd." + k), method="PUT", count=1),
                                   dict(specs[2], path=exact(BP_USERS + "/del." + k), method="DELETE", count=1)]})
    everything_cec = [i for kind in names for i in cec_items(kind)]
    everything_bp = [i for kind in names for i in bp_items(kind)]
    plan += [{"module": "cec_agent_account", "args": {"agents": everything_cec}},
             {"module": "brightpattern_user", "args": {"users": everything_bp}}]
    results = steps(*[{k: v for k, v in s.items() if v is not None} for s in plan])

    for n, (kind, (_specs, ok)) in enumerate(WRITE_KINDS.items()):
        k = kind.replace("_", "")
        cec, bp = results[2 * n], results[2 * n + 1]
        cec_res, bp_res = by_key(cec.result["results"], "user_account"), by_key(bp.result["results"], "login_id")
        writes = {"create": on(cec.cec, CREATE, "new." + k), "update": on(cec.cec, UPDATE, "upd." + k),
                  "delete": on(cec.cec, DELETE, "del." + k),
                  "bp create": [e for e in bp.bp if e["path"] == BP_USERS and e["method"] == "POST"],
                  "bp update": [e for e in bp.bp if e["path"] == BP_USERS + "/upd." + k and e["method"] == "PUT"],
                  "bp delete": [e for e in bp.bp if e["path"] == BP_USERS + "/del." + k and e["method"] == "DELETE"]}
        marker = {"429": "status", "5xx": "status"}.get(kind, kind)
        for name, entries in writes.items():
            assert entries, (kind, name)
            if kind != "slow":  # the log does not mark slow requests; the one we gave up on comes last
                assert entries[0].get("fault") == marker, (kind, name, entries)
            # never more than one processed create or delete, whatever the fault
            if not name.endswith("update"):
                assert sum(applied(e) for e in entries) == (1 if ok else 0), (kind, name, entries)
        results_of = list(cec_res.values()) + list(bp_res.values())
        if ok:
            assert all(not r["failed"] and r["changed"] for r in results_of), (kind, results_of)
        else:
            assert all(r["failed"] for r in results_of), (kind, results_of)
        if kind == "drop_response":  # applied, answer lost: read again, nothing left to write
            assert all(len(entries) == 1 for entries in writes.values()), writes
        if kind in ("reset", "429"):  # not applied: read again (reset) or told so (429), written once more
            assert all(len(entries) == 2 for entries in writes.values()), writes
        if kind == "5xx":  # the server answered: not applied, not retried, the error names the call
            assert all(len(entries) == 1 for entries in writes.values()), writes
            assert cec_res["new." + k]["msg"].startswith("POST %s (HTTP 500)" % CREATE)
            assert cec_res["upd." + k]["msg"].startswith("POST %s (HTTP 502)" % UPDATE)
            assert cec_res["del." + k]["msg"].startswith("POST %s (HTTP 503)" % DELETE)
            assert bp_res["new." + k]["msg"].startswith("POST /user (HTTP 500)")
            assert bp_res["upd." + k]["msg"].startswith("PUT /user/upd.%s (HTTP 502)" % k)
            assert bp_res["del." + k]["msg"].startswith("DELETE /user/del.%s (HTTP 503)" % k)
        if kind == "non_json":
            assert all(len(entries) == 1 for entries in writes.values()), writes
            assert all("not JSON" in cec_res[key]["msg"] for key in cec_res)
            assert all("did not persist" in bp_res[key]["msg"] for key in bp_res)  # read back, found unchanged

    clean_cec, clean_bp = results[-2:]
    assert clean_cec.result["failed"] is False and clean_bp.result["failed"] is False
    # the clean run wrote only what the faulty runs had not applied
    assert sorted(w["body"]["userAccount"] for w in clean_cec.cec_writes()) == sorted(
        "%s.%s" % (p, k.replace("_", "")) for k in ("5xx", "non_json") for p in ("new", "upd", "del"))
    assert sorted(w["body"]["loginId"] if w["method"] == "POST" else w["path"].rsplit("/", 1)[-1]
                  for w in clean_bp.bp_writes()) == sorted(
        "%s.%s" % (p, k.replace("_", "")) for k in ("5xx", "non_json") for p in ("new", "upd", "del"))
    cec_state, bp_state = sim_state("cec")["agents"], sim_state("bp")["users"]
    for kind in names:
        k = kind.replace("_", "")
        assert "new." + k in cec_state and "del." + k not in cec_state
        assert cec_state["upd." + k]["userName"] == "Updated"
        assert "new." + k in bp_state and "del." + k not in bp_state
        assert (bp_state["upd." + k]["disabled"], bp_state["upd." + k]["team"]) == (True, "Billing")
    # no duplicates, ever: each new agent was created exactly once over all the runs
    all_cec = [e for r in results for e in r.cec]
    all_bp = [e for r in results for e in r.bp]
    for kind in names:
        k = kind.replace("_", "")
        assert sum(applied(e) for e in on(all_cec, CREATE, "new." + k)) == 1, kind
        assert sum(applied(e) for e in all_bp if e["path"] == BP_USERS and e["method"] == "POST"
                   and e["body"].get("loginId") == "new." + k) == 1, kind
    note("writes", faults=faults["cec"].total + faults["bp"].total, converged=2)


# ---------------------------------------------------------------------------------------------- passwords
def test_password_changes_are_sent_once_and_a_wrong_old_password_is_never_sent(steps, sim, faults):
    accounts = ("pw.lock01", "pw.drop01", "pw.rate01", "pw.fail01", "pw.auth01", "pw.slow01")
    sim("cec", "seed", {"agents": [cec_seed(a) for a in accounts]})
    sim("bp", "seed", {"users": [bp_seed(u, extension=str(6000 + n))
                                 for n, u in enumerate(("pwb.drop", "pwb.rate", "pwb.fail"))]})
    change = {"update_password": "always", "password": NEW_PASSWORD, "old_password": OLD_PASSWORD}
    wrong = dict(change, user_account="pw.lock01", old_password="Wr0ng-Passw0rd!")
    cec_faulted = ["pw.drop01", "pw.rate01", "pw.fail01", "pw.auth01", "pw.slow01"]
    bp_faulted = ["pwb.drop", "pwb.rate", "pwb.fail"]
    results = steps(
        {"module": "cec_agent_account", "args": wrong, "fail": True, "capture_state": True},
        {"module": "cec_agent_account", "args": wrong, "fail": True, "capture_state": True},
        {"module": "cec_agent_account", "args": wrong, "fail": True, "capture_state": True},
        {"module": "cec_agent_account", "fail": True, "settle": 2, "capture_state": True,
         "args": {"agents": [dict(change, user_account=a) for a in cec_faulted], "parallel": 1, "timeout": 1},
         # parallel=1: the accounts write in this order, so the n-th update meets the n-th fault
         "cec_faults": [dict(spec, path=exact(UPDATE), count=1) for spec in (
             {"kind": "drop_response"}, {"status": 429, "retry_after": 0}, {"status": 503}, {"status": 401},
             {"kind": "slow", "delay": 1.5})]},
        {"module": "brightpattern_user", "fail": True, "capture_state": True,
         "args": {"users": [{"login_id": u, "password": "N3w-Pass1", "update_password": "always"} for u in bp_faulted]},
         "bp_faults": [dict(spec, path=exact(BP_USERS + "/" + u), method="PUT", count=1) for spec, u in zip(
             ({"kind": "drop_response"}, {"status": 429, "retry_after": 0}, {"status": 503}), bp_faulted)]})
    lock_steps, cec_batch, bp_batch = results[:3], results[3], results[4]

    # Lock-out safety: queryAgentInfoByAccount accepts neither password, so the change is never sent and no
    # run costs a lock-out attempt (before, each run sent the wrong old password and the third locked the agent).
    for step in lock_steps:
        assert step.result["failed"] is True and on(step.cec, UPDATE, "pw.lock01") == []
        assert step.cec_state["agents"]["pw.lock01"]["failed_password_attempts"] == 0
        assert "accepts neither old_password nor password" in step.result["msg"]
    assert lock_steps[2].cec_state["agents"]["pw.lock01"]["locked_until"] is None

    res = by_key(cec_batch.result["results"], "user_account")
    state = cec_batch.cec_state["agents"]
    for account in cec_faulted:
        assert res[account]["failed"] is True
        assert len(on(cec_batch.cec, UPDATE, account)) == 1, account  # sent once, whatever happened
        assert state[account]["failed_password_attempts"] == 0
    assert "never sent twice automatically" in res["pw.drop01"]["msg"]
    assert "never sent twice automatically" in res["pw.slow01"]["msg"]
    assert "rate limited; not retried" in res["pw.rate01"]["msg"]
    for account in ("pw.rate01", "pw.fail01", "pw.auth01"):
        assert "the password change was not retried" in res[account]["msg"], res[account]["msg"]
    # the lost answer and the late one were applied on the server; the refused ones were not
    assert {a: state[a]["password_changes"] for a in cec_faulted} == {
        "pw.drop01": 1, "pw.rate01": 0, "pw.fail01": 0, "pw.auth01": 0, "pw.slow01": 1}

    res = by_key(bp_batch.result["results"], "login_id")
    for login in bp_faulted:
        assert res[login]["failed"] is True
        assert len([e for e in bp_batch.bp if e["method"] == "PUT" and e["path"] == BP_USERS + "/" + login]) == 1
    assert "never sent twice automatically" in res["pwb.drop"]["msg"]
    assert "rate limited; not retried" in res["pwb.rate"]["msg"]
    assert {u: bp_batch.bp_state["users"][u]["password_changes"] for u in bp_faulted} == {
        "pwb.drop": 1, "pwb.rate": 0, "pwb.fail": 0}
    note("passwords", faults=faults["cec"].total + faults["bp"].total)


# ---------------------------------------------------------------------------------------------- tokens
def test_token_expiry_in_the_middle_of_a_batch(steps, simulators, faults):
    """Every token expires while a batch of creates is running; one new token, nothing lost or doubled."""
    agents = [cec_agent("tok.agent%03d" % i) for i in range(60)]
    users = [bp_user("tok.user%03d" % i, extension=str(7000 + i)) for i in range(40)]
    with ClockJump(simulators.cec.sim, after=25) as cec_jump, ClockJump(simulators.brightpattern.sim, after=40) as bp_jump:
        cec, bp = steps({"module": "cec_agent_account", "args": {"agents": agents}},
                        {"module": "brightpattern_user", "args": {"users": users}})
    assert cec_jump.done.is_set() and bp_jump.done.is_set()
    assert cec.result["counts"]["created"] == 60 and bp.result["counts"]["created"] == 40
    # one token at the start, one after the expiry, shared by all workers
    assert len(on(cec.cec, CEC_TOKEN)) == 2 and len(on(bp.bp, BP_TOKEN)) == 2
    assert any(e["status"] == 401 for e in cec.cec) and any(e["status"] == 401 for e in bp.bp)
    for agent in agents:
        assert sum(applied(e) for e in on(cec.cec, CREATE, agent["user_account"])) == 1
    created = [e["body"]["loginId"] for e in bp.bp if e["path"] == BP_USERS and e["method"] == "POST" and applied(e)]
    assert sorted(created) == sorted(u["login_id"] for u in users)
    note("token_expiry", faults=2, refused=sum(e["status"] == 401 for e in cec.cec + bp.bp))


# ---------------------------------------------------------------------------------------------- convergence
ROUNDS = (0, 1)
RANDOM_FAULTS = [{"status": 429, "retry_after": 0}, {"status": 500}, {"status": 502}, {"status": 503},
                 {"kind": "reset"}, {"kind": "drop_response"}, {"kind": "non_json"}, {"kind": "slow", "delay": 1.5}]


def random_faults(seed, probability):
    """Every kind on every call, each with ``probability``; the simulator's random source is seeded."""
    out = [dict(spec, path=".*", count=None, probability=probability) for spec in RANDOM_FAULTS]
    out[0]["seed"] = seed
    return out


def version(i, rnd):
    """Each round, a third of the people get new values."""
    return (rnd + i % 3) // 3


def present(i, rnd):
    """Each round, a sixth of the people leave and the sixth that left last round come back."""
    return (i + rnd) % 6 != 0


def cec_wanted(i, rnd):
    v = version(i, rnd)
    skill = list(SKILL_IDS)[(i + v) % 4]
    return {"user_account": "conv%03d" % i, "user_name": "Agent%d v%d" % (i, v), "email": "conv%03d@example.com" % i,
            "phone": "555%04d%02d" % (i, v + 1), "agent_type": "audio", "role": "agent" if (i + v) % 2 else "inspector",
            "skills": [{"name": skill, "agent_weight": 1 + (v + 1) % 3}]}


def cec_record(wanted):
    return {"userAccount": wanted["user_account"], "userName": wanted["user_name"], "email": wanted["email"],
            "phone": wanted["phone"], "agentType": 4, "ccRoleId": 2 if wanted["role"] == "agent" else 3,
            "skills": [{"skillId": SKILL_IDS[s["name"]], "agentWeight": s["agent_weight"], "skillWeight": 1}
                       for s in wanted["skills"]]}


def bp_wanted(i, rnd):
    v = version(i, rnd)
    return {"login_id": "conv.%03d" % i, "first_name": "First%d" % i, "last_name": "Last%d" % i,
            "team": ("Sales", "Billing", "Customer Service")[(i + v) % 3], "extension": str(3000 + i),
            "disabled": (i + v) % 5 == 0, "skills": {"English": 50 + 10 * (v + 1), "Spanish": (i + v) % 101},
            "roles": ["Agent"]}


def bp_record(wanted):
    return {"loginId": wanted["login_id"], "firstName": wanted["first_name"], "lastName": wanted["last_name"],
            "team": wanted["team"], "extension": wanted["extension"], "disabled": wanted["disabled"],
            "skills": wanted["skills"], "roles": wanted["roles"]}


VENDORS = {
    # vendor: (module, list option, key, people, wanted, record, state key, fault probability)
    "cec": ("cec_agent_account", "agents", "user_account", 240, cec_wanted, cec_record, "agents", 0.015),
    "bp": ("brightpattern_user", "users", "login_id", 240, bp_wanted, bp_record, "users", 0.008),
}


@pytest.mark.parametrize("vendor", list(VENDORS))
def test_clean_rerun_converges_after_random_faults(vendor, steps, sim, faults):
    """Two rounds of changes (creates, updates, deletes) over a batch of 240 people: each round runs once
    with faults at seeded random points, then once clean; the clean run must leave the simulator's state
    exactly equal to the desired inventory, with every create and delete done exactly once."""
    module, option, key, people, wanted, record, state_key, probability = VENDORS[vendor]
    seed = [dict(record(wanted(i, -1)), password=OLD_PASSWORD) for i in range(people) if present(i, -1)]
    # Bright Pattern: a tenant without team service skills, so the state can equal the inventory exactly.
    sim(vendor, "seed", {state_key: seed, "options": {"business_error_status": 500}} if vendor == "cec"
        else {state_key: seed, "options": {"team_skills": False}})
    desired = {rnd: [wanted(i, rnd) if present(i, rnd) else {key: wanted(i, rnd)[key], "state": "absent"}
                     for i in range(people)] for rnd in ROUNDS}
    faults_key = "cec_faults" if vendor == "cec" else "bp_faults"
    plan = []
    for rnd in ROUNDS:
        items = [dict(item, password="Init-Passw0rd!") if item.get("state") != "absent" else item
                 for item in desired[rnd]]
        plan.append({"module": module, "args": {option: items, "timeout": 1}, "fail": True, "settle": 2,
                     faults_key: random_faults(seed=100 + rnd, probability=probability)})
        plan.append({"module": module, "args": {option: items}, "clear_faults": True, "capture_state": True})
    plan.append({"module": module, "args": {option: plan[-1]["args"][option]}})
    results = steps(*plan)

    log_of = (lambda s: s.cec) if vendor == "cec" else (lambda s: s.bp)
    creates, deletes = [], []
    for n, rnd in enumerate(ROUNDS):
        faulty, clean = results[2 * n], results[2 * n + 1]
        assert clean.result["failed"] is False, [r for r in clean.result["results"] if r["failed"]][:5]
        state = (clean.cec_state if vendor == "cec" else clean.bp_state)[state_key]
        expected = {w[key]: record(w) for i in range(people) if present(i, rnd) for w in [wanted(i, rnd)]}
        assert sorted(state) == sorted(expected), rnd  # nothing lost, nothing left over
        for name, fields in expected.items():
            have = {k: state[name].get(k) for k in fields}
            if vendor == "cec":
                have["skills"] = [{k: s[k] for k in ("skillId", "agentWeight", "skillWeight")} for s in have["skills"]]
            assert have == fields, (rnd, name)
        # every create and every delete of the round was processed exactly once (faulty and clean run together)
        log = log_of(faulty) + log_of(clean)
        for i in range(people):
            name = wanted(i, rnd)[key]
            made = [e for e in writes_of(vendor, log, "create") if entry_key(vendor, e) == name and applied(e)]
            gone = [e for e in writes_of(vendor, log, "delete") if entry_key(vendor, e) == name and applied(e)]
            was, now = present(i, rnd - 1), present(i, rnd)
            assert len(made) == (1 if now and not was else 0), (rnd, name, made)
            assert len(gone) == (1 if was and not now else 0), (rnd, name, gone)
            creates += made
            deletes += gone
    again = results[-1]
    assert again.result["changed"] is False
    assert (again.cec_writes() if vendor == "cec" else again.bp_writes()) == []
    faulty_failures = sum(results[2 * n].result.get("counts", {}).get("failed", 0) for n in range(len(ROUNDS)))
    note("converge_" + vendor, faults=faults[vendor].total, kinds=faults[vendor].counts, converged=len(ROUNDS),
         people=people, failed_in_faulty_runs=faulty_failures, creates=len(creates), deletes=len(deletes))
    assert faults[vendor].total >= 20 * len(ROUNDS)  # the faults did happen


def writes_of(vendor, log, op):
    if vendor == "cec":
        return on(log, {"create": CREATE, "delete": DELETE}[op])
    method = {"create": "POST", "delete": "DELETE"}[op]
    return [e for e in log if e["method"] == method and e["path"].startswith(BP_USERS)
            and (e["path"] == BP_USERS) == (op == "create")]


def entry_key(vendor, entry):
    if vendor == "cec":
        return entry["body"].get("userAccount") if isinstance(entry["body"], dict) else None
    if entry["method"] == "POST":
        return entry["body"].get("loginId") if isinstance(entry["body"], dict) else None
    return entry["path"].rsplit("/", 1)[-1]
