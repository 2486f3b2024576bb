# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The HTTP layer against servers that misbehave on purpose (issue #14): redirects that would take the secrets
elsewhere, an error body that echoes the bearer token, insecure settings, and one failure shared by every item.

The hostile servers are tiny HTTP servers started by the test on 127.0.0.1; some forward to a simulator.
"""
from __future__ import annotations

import json

import pytest
import requests

from ansible_collections.contactcenter.agents.tests.integration.reliability import CEC_API, CEC_TOKEN, exact
from ansible_collections.contactcenter.agents.tests.simulators.hostile import HostileServers

PASSWORD = "Init-Pw0"
TOKEN = "Zq8xK2mP4vR7tY1wN5bHc3Lx"  # what the echoing server hands out


def agent(account, **more):
    return dict({"user_account": account, "user_name": "Hardening", "email": "hard@example.com",
                 "agent_type": "audio", "role": "agent", "password": PASSWORD}, **more)


def user(login, **more):
    return dict({"login_id": login, "first_name": "Hard", "last_name": "Ening", "team": "Sales",
                 "password": PASSWORD}, **more)


@pytest.fixture
def hostile():
    servers = HostileServers()
    yield servers
    servers.stop_all()


def forward(target, redirect=None):
    """Relay to ``target``, except that ``redirect(method, path)`` returns a Location to send instead."""
    def answer(method, path, headers, body):
        location = redirect(method, path) if redirect else None
        if location:
            return 307, {"Location": location}, "<html>moved; this body must not be shown</html>"
        sent = {k: v for k, v in headers.items() if k.lower() not in ("host", "content-length", "connection")}
        reply = requests.request(method, target + path, headers=sent, data=body, timeout=30)
        return reply.status_code, {"Content-Type": reply.headers.get("Content-Type", "text/plain")}, reply.text
    return answer


def test_redirects_are_never_followed_so_secrets_are_not_sent_elsewhere(module_steps, hostile, simulators, sim_state):
    """#14.1: a 307 to another port would make requests re-send the app secret (token call) and the initial
    password (create). The other port receives nothing; the error names the status and the Location."""
    recorder = hostile(lambda *a: (200, {"Content-Type": "application/json"}, '{"resultCode": "0"}'))
    cec_front = hostile(forward(simulators.cec.url, lambda method, path: recorder.url + path))
    bp_front = hostile(forward(simulators.brightpattern.url, lambda method, path: recorder.url + path
                               if (method, path) == ("POST", "/configapi/v2/user") else None))
    cec, bp = module_steps(
        None,
        {"module": "cec_agent_account", "args": agent("redir.agent1", cec_url=cec_front.url), "fail": True},
        {"module": "brightpattern_user", "args": user("redir.user1", brightpattern_url=bp_front.url), "fail": True})
    assert recorder.requests == []
    assert cec.result["msg"] == (
        "POST %s%s (HTTP 307): the server redirects to %s%s; redirects are not followed, as they would send the "
        "credentials and the request (secrets included) again, elsewhere: give the URL that answers itself (%s)" % (
            cec_front.url, CEC_TOKEN, recorder.url, CEC_TOKEN, cec_front.url.split("//")[1]))
    assert bp.result["msg"].startswith("POST /user (HTTP 307): the server redirects to %s/configapi/v2/user;" %
                                       recorder.url)
    for step in (cec, bp):
        assert "must not be shown" not in json.dumps(step.result)
    assert [(m, p) for m, p, _h, _b in cec_front.requests] == [("POST", CEC_TOKEN)]  # once: not retried
    assert [(m, p) for m, p, _h, _b in bp_front.requests][-1] == ("POST", "/configapi/v2/user")
    assert "redir.user1" not in sim_state("bp")["users"]


def test_a_token_echoed_by_the_server_never_shows(module_steps, hostile, simulators, tmp_path):
    """#14.5: an API that echoes the Authorization header in its error body; the snippet of the body the error
    shows (500 characters) ends inside the token, so masking after shortening would leave a part of it."""
    prefix = "E" * (500 - len("Authorization: Bearer ") - 10)

    def echo(method, path, headers, body):
        if path == CEC_TOKEN:
            return 200, {"Content-Type": "application/json"}, json.dumps({"AccessToken": TOKEN, "Expires": 3600})
        return 400, {"Content-Type": "text/plain"}, prefix + "Authorization: " + headers.get("Authorization", "")
    server = hostile(echo)
    single, batch, info = module_steps(
        None,
        {"module": "cec_agent_account", "args": agent("echo.agent1", cec_url=server.url), "fail": True},
        {"module": "cec_agent_account", "fail": True,
         "args": {"agents": [agent("echo.agent2"), agent("echo.agent3")], "cec_url": server.url}},
        {"module": "cec_agent_account_info", "args": {"cec_url": server.url}, "fail": True}, verbosity=3)
    calls = [r for r in server.requests if r[1] != CEC_TOKEN]
    assert len(calls) == 3 and all(r[2].get("Authorization") == "Bearer " + TOKEN for r in calls)  # echoed it
    for step in (single, batch, info):
        assert step.result["failed"] is True and "(HTTP 400)" in step.result["msg"], step.result
        assert "Authorization: Bearer ********" in step.result["msg"]
    run = single.playbook
    everything = run.stdout + run.stderr + "".join(p.read_text() for p in tmp_path.glob("steps_*.json"))
    assert "EEEEAuthorization" in everything  # the echo is in the output, masked
    for part in (TOKEN, TOKEN[:10], TOKEN[-10:]):
        assert part not in everything


def test_plain_http_and_unchecked_certificates_are_warned_once_per_run(module_steps):
    """#14.7: the simulators run on http://; a batch names each setting once, not once per item."""
    batch, info = module_steps(
        None,
        {"module": "cec_agent_account", "args": {"agents": [agent("warn.agent%d" % n) for n in range(4)],
                                                 "validate_certs": False}},
        {"module": "brightpattern_user_info", "args": {}})
    warnings = [str(w) for w in batch.result["warnings"]]
    assert sum("cec_url is a plain http:// URL" in w for w in warnings) == 1, warnings
    assert sum(w.startswith("validate_certs=false: the server's certificate is not checked") for w in warnings) == 1
    info_warnings = [str(w) for w in info.result["warnings"]]
    assert sum("brightpattern_url is a plain http:// URL" in w for w in info_warnings) == 1, info_warnings
    assert not any("validate_certs" in w for w in info_warnings)


def test_one_failure_of_every_item_is_said_once_with_the_count(module_steps, sim_control, simulators):
    """#14.17: the module's msg names a shared cause once with the count; each item keeps its own message."""
    sim_control("cec", "faults", [{"path": exact(CEC_API + "create"), "status": 503, "count": None}])
    sim_control("bp", "seed", {"users": [{"loginId": "same.%d" % n, "firstName": "S", "lastName": "C",
                                          "team": "Sales"} for n in range(7)]})
    sim_control("bp", "faults", [{"path": "^/configapi/v2/user/same", "method": "GET", "kind": "reset",
                                  "count": None}])
    cec, bp = module_steps(
        None,
        {"module": "cec_agent_account", "args": {"agents": [agent("same.agent%d" % n) for n in range(8)]},
         "fail": True},
        {"module": "brightpattern_user", "args": {"users": [{"login_id": "same.%d" % n} for n in range(7)],
                                                  "retries": 0}, "fail": True})
    msg = cec.result["msg"]
    assert msg.startswith("8 of 8 agents failed: 8 agents (same.agent0, same.agent1, same.agent2, same.agent3, "
                          "same.agent4 and 3 more), each: POST %screate (HTTP 503)" % CEC_API), msg
    assert msg.count("503") == 1
    assert all("(HTTP 503)" in r["msg"] for r in cec.result["results"])
    msg = bp.result["msg"]
    assert msg.startswith("7 of 7 users failed: 7 users (same.0, same.1, same.2, same.3, same.4 and 2 more), "
                          "each: connection failed: "), msg
    assert msg.count("connection failed") == 1 and "/user/" not in msg  # the per-user URL is in each item only
    assert [r["msg"].split(":")[0] for r in bp.result["results"]] == ["GET /user/same.%d" % n for n in range(7)]
