# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""HTTP behaviour against the real CEC simulator over loopback: retries, lost answers, tokens, TLS."""
from __future__ import annotations

import time

import pytest
import requests

from ansible_collections.contactcenter.agents.plugins.module_utils._cec_client import AGENT_API, TOKEN_PATH, CecClient
from ansible_collections.contactcenter.agents.plugins.module_utils._errors import ApiError, AuthError, TransportError
from ansible_collections.contactcenter.agents.plugins.module_utils._http import HTTP_ARGUMENT_SPEC
from ansible_collections.contactcenter.agents.tests.simulators.cec import CecSimulator
from ansible_collections.contactcenter.agents.tests.simulators.server import RunningSimulator

QUERY = AGENT_API + "query"
CREATE = AGENT_API + "create"
NEW_AGENT = {"userAccount": "alice.w", "userName": "Alice", "password": "Secr3t!pw", "email": "a@example.com",
             "agentType": 4, "ccRoleId": 2}


@pytest.fixture(scope="module")
def server():
    running = RunningSimulator(CecSimulator()).start()
    yield running
    running.stop()


@pytest.fixture
def sim(server):
    server.sim.reset()
    server.sim.update_options({"dialect": "lenient"})  # transport tests: the CEC readings are not the point
    return server


def client(sim, sleeps=None, **overrides):
    params = {k: v.get("default") for k, v in HTTP_ARGUMENT_SPEC.items()}
    params.update(cec_url=sim.url, cec_app_key=sim.sim.options["app_key"],
                  cec_app_secret=sim.sim.options["app_secret"], timeout=2)
    params.update(overrides)
    cec = CecClient(params)
    cec.http.retry.sleep = (sleeps.append if sleeps is not None else (lambda s: None))
    return cec


def calls(sim, path):
    return [e for e in sim.sim.log if e["path"] == path]


def fault(sim, **spec):
    sim.sim.add_fault(spec)


def test_read_is_retried_after_5xx(sim):
    fault(sim, path=QUERY, status=503, count=2)
    assert client(sim).query_account("nobody.here") is None
    assert [e["status"] for e in calls(sim, QUERY)] == [503, 503, 200]


def test_retry_after_is_honoured(sim):
    sleeps = []
    fault(sim, path=QUERY, status=429, retry_after=7)
    client(sim, sleeps).query_account("nobody.here")
    assert sleeps == [7.0]


def test_retries_are_bounded_and_the_error_names_call_and_cause(sim):
    fault(sim, path=QUERY, status=502, count=None)
    with pytest.raises(ApiError) as err:
        client(sim, retries=2).query_account("nobody.here")
    assert err.value.status == 502 and "POST " + QUERY in err.value.msg
    assert len(calls(sim, QUERY)) == 3


def test_write_is_not_retried_after_5xx(sim):
    fault(sim, path=CREATE, status=503)
    with pytest.raises(ApiError) as err:
        client(sim).create(dict(NEW_AGENT))
    assert err.value.status == 503 and len(calls(sim, CREATE)) == 1


def test_write_is_retried_after_429(sim):
    fault(sim, path=CREATE, status=429, retry_after=0)
    assert client(sim).create(dict(NEW_AGENT)) == 101
    assert [e["status"] for e in calls(sim, CREATE)] == [429, 200]


def test_connection_reset_on_read_is_retried(sim):
    fault(sim, path=QUERY, kind="reset")
    assert client(sim).query_account("nobody.here") is None
    assert len(calls(sim, QUERY)) == 2


def test_lost_write_answer_is_flagged_not_repeated(sim):
    fault(sim, path=CREATE, kind="drop_response")
    with pytest.raises(TransportError) as err:
        client(sim).create(dict(NEW_AGENT))
    assert err.value.maybe_applied is True
    assert len(calls(sim, CREATE)) == 1 and "alice.w" in sim.sim.agents  # applied, answer lost


def test_slow_read_beyond_timeout_is_retried(sim):
    fault(sim, path=QUERY, kind="slow", delay=1.5)
    assert client(sim, timeout=1).query_account("nobody.here") is None
    time.sleep(0.7)  # the slow first request is logged when it finally finishes
    assert len(calls(sim, QUERY)) == 2


def test_garbled_answer_is_retried_for_reads_and_reported_for_writes(sim):
    fault(sim, path=QUERY, kind="non_json")
    assert client(sim).query_account("nobody.here") is None
    fault(sim, path=CREATE, kind="non_json")
    with pytest.raises(ApiError, match="not JSON"):
        client(sim).create(dict(NEW_AGENT))


def test_expired_token_is_renewed_once(sim):
    cec = client(sim)
    cec.query_account("nobody.here")
    sim.sim.clock_offset += 3700  # the simulator now considers the token expired
    cec.query_account("nobody.here")
    assert len(calls(sim, TOKEN_PATH)) == 2
    assert [e["status"] for e in calls(sim, QUERY)] == [200, 401, 200]


def test_refused_credentials_are_tried_once(sim):
    cec = client(sim, cec_app_secret="wrong-secret")
    for _attempt in range(3):
        with pytest.raises(AuthError) as err:
            cec.query_account("nobody.here")
    assert err.value.status == 401
    assert len(calls(sim, TOKEN_PATH)) == 1 and calls(sim, QUERY) == []
    assert "wrong-secret" not in err.value.msg


def test_business_failure_carries_the_vendor_message(sim):
    cec = client(sim)
    cec.create(dict(NEW_AGENT))
    with pytest.raises(ApiError) as err:
        cec.create(dict(NEW_AGENT))
    assert err.value.status == 200 and err.value.vendor_code == "1" and err.value.vendor_message


def test_tls_is_verified_by_default(tmp_path):
    running = RunningSimulator(CecSimulator(dialect="lenient"), tls_dir=str(tmp_path)).start()
    try:
        with pytest.raises(TransportError, match="TLS verification failed"):
            client(running).query_account("nobody.here")
        assert client(running, ca_path=running.ca_path).query_account("nobody.here") is None
        assert client(running, validate_certs=False).query_account("nobody.here") is None
    finally:
        running.stop()


def test_one_keep_alive_session(sim):
    cec = client(sim)
    assert isinstance(cec.http.session, requests.Session)
    for _attempt in range(3):
        cec.query_account("nobody.here")
    assert cec.http.calls == 4  # a token and three queries on one session


def test_connections_are_kept_alive(sim):
    cec = client(sim)
    for _attempt in range(3):
        cec.query_account("nobody.here")
    ports = {entry["client_port"] for entry in sim.sim.log}
    assert len(sim.sim.log) == 4 and len(ports) == 1  # a token and three queries over one TCP connection


def test_the_simulator_can_close_each_connection(sim):
    sim.sim.update_options({"keep_alive": False})
    cec = client(sim)
    for _attempt in range(3):
        cec.query_account("nobody.here")
    assert len({entry["client_port"] for entry in sim.sim.log}) == 4


def test_environment_is_read_once_and_netrc_never(sim, monkeypatch, tmp_path):
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login intruder password from-netrc\n")
    monkeypatch.setenv("NETRC", str(netrc))
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/etc/corporate-ca.pem")
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:3128")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    assert client(sim).http.verify == "/etc/corporate-ca.pem"  # as requests itself would use it
    assert client(sim, ca_path="/mine.pem").http.verify == "/mine.pem"  # an explicit CA bundle wins
    assert client(sim, validate_certs=False).http.verify is False
    local = client(sim)
    assert local.http.session.proxies == {}  # NO_PROXY covers the simulator
    prepared = local.http.session.prepare_request(requests.Request("GET", sim.url + QUERY))
    assert "Authorization" not in prepared.headers  # ~/.netrc would have added Basic credentials
    assert local.query_account("nobody.here") is None
    monkeypatch.delenv("NO_PROXY")
    assert client(sim).http.session.proxies.get("https") == "http://proxy.example:3128"
