# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""HTTP behaviour against the real CEC simulator over loopback: retries, lost answers, tokens, TLS."""
from __future__ import annotations

import json
import time

import pytest
import requests

from ansible_collections.contactcenter.agents.plugins.module_utils import _http
from ansible_collections.contactcenter.agents.plugins.module_utils._cec_client import AGENT_API, TOKEN_PATH, CecClient
from ansible_collections.contactcenter.agents.plugins.module_utils._errors import (
    ApiError, AuthError, InputError, TransportError)
from ansible_collections.contactcenter.agents.plugins.module_utils._http import (
    HTTP_ARGUMENT_SPEC, HttpClient, TokenAuth, insecure_settings)
from ansible_collections.contactcenter.agents.tests.simulators.cec import CecSimulator
from ansible_collections.contactcenter.agents.tests.simulators.hostile import HostileServers
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
    mine = tmp_path / "mine.pem"
    mine.write_text("")
    assert client(sim, ca_path=str(mine)).http.verify == str(mine)  # an explicit CA bundle wins
    assert client(sim, validate_certs=False).http.verify is False
    local = client(sim)
    assert local.http.proxies_for(sim.url + QUERY) == {}  # NO_PROXY covers the simulator
    prepared = local.http.session.prepare_request(requests.Request("GET", sim.url + QUERY))
    assert "Authorization" not in prepared.headers  # ~/.netrc would have added Basic credentials
    assert local.query_account("nobody.here") is None
    monkeypatch.delenv("NO_PROXY")
    assert client(sim).http.proxies_for(sim.url + QUERY).get("https") == "http://proxy.example:3128"


# ------------------------------------------------------------------ hostile servers (issue #14)
@pytest.fixture
def hostile():
    servers = HostileServers()
    yield servers
    servers.stop_all()


def test_a_redirect_is_never_followed_so_no_secret_is_sent_again(hostile):
    recorder = hostile(lambda *a: (200, {}, '{"AccessToken": "x"}'))
    redirector = hostile(lambda method, path, *a: (307, {"Location": recorder.url + path}, "<p>moved, see body</p>"))
    cec = CecClient({**{k: v.get("default") for k, v in HTTP_ARGUMENT_SPEC.items()},
                     "cec_url": redirector.url, "cec_app_key": "key", "cec_app_secret": "app-secret-1"})
    for write in (False, True):
        with pytest.raises(ApiError) as err:
            cec.http.request("POST", AGENT_API + "create", write=write, auth=False, json={"password": "Init-Pw1!"})
        assert err.value.status == 307 and "redirects to %s%screate" % (recorder.url, AGENT_API) in err.value.msg
        assert "moved, see body" not in err.value.msg
    with pytest.raises(ApiError, match="HTTP 307"):
        cec.query_account("someone")  # the token call
    assert recorder.requests == [] and len(redirector.requests) == 3  # each sent once, never retried


def test_a_token_echoed_in_an_error_body_is_masked_even_where_the_body_is_cut(hostile):
    token = "Zq8xK2mP4vR7tY1wN5bH"
    prefix = "E" * (500 - len("Authorization: Bearer ") - 8)  # the 500-character snippet ends inside the token

    def echo(method, path, headers, body):
        if path.endswith("tokenByAkSk"):
            return 200, {}, json.dumps({"AccessToken": token, "Expires": 3600})
        return 400, {}, prefix + "Authorization: " + headers["Authorization"]
    server = hostile(echo)
    cec = CecClient({**{k: v.get("default") for k, v in HTTP_ARGUMENT_SPEC.items()},
                     "cec_url": server.url, "cec_app_key": "key", "cec_app_secret": "app-secret-1"})
    with pytest.raises(ApiError) as err:
        cec.query_account("someone")
    text = err.value.msg + repr(err.value.details())
    assert token[:8] not in text and "Bearer ********" in text


def test_a_given_token_is_a_runtime_secret_too():
    auth = TokenAuth(token="given-token-123")
    assert auth.headers(None)["Authorization"] == "Bearer given-token-123"
    from ansible_collections.contactcenter.agents.plugins.module_utils._http import mask_secrets
    assert mask_secrets("echo given-token-123!") == "echo ********!"


def test_a_tls_failure_is_permanent_and_names_host_and_ca_path(tmp_path):
    running = RunningSimulator(CecSimulator(), tls_dir=str(tmp_path / "a")).start()
    other = RunningSimulator(CecSimulator(), tls_dir=str(tmp_path / "b")).start()  # another CA
    try:
        host = running.url.split("://")[1]
        cec = client(running, retries=3)
        with pytest.raises(TransportError) as err:
            cec.query_account("nobody.here")
        assert cec.http.calls == 1  # not retried: the certificate would be refused again
        assert "TLS verification failed for %s" % host in err.value.msg and "ca_path is not set" in err.value.msg
        cec = client(running, retries=3, ca_path=other.ca_path)
        with pytest.raises(TransportError, match="ca_path %s does not hold the CA" % other.ca_path):
            cec.query_account("nobody.here")
        assert cec.http.calls == 1
    finally:
        running.stop()
        other.stop()


def test_a_missing_ca_path_is_one_clear_error_before_any_call(sim, tmp_path):
    for path, why in (("/nonexistent/ca.pem", "does not exist"), (str(tmp_path / "gone"), "does not exist")):
        with pytest.raises(InputError, match="^ca_path: %s %s" % (path, why)):
            client(sim, ca_path=path)
    client(sim, ca_path="/nonexistent/ca.pem", validate_certs=False)  # not used: no error
    assert sim.sim.log == []


def test_plain_http_and_unchecked_certificates_are_named_once():
    params = {"cec_url": "HTTP://cec.example", "cec_token_url": "https://iam.example", "validate_certs": False}
    warnings = insecure_settings(params, ["cec_url", "cec_token_url"])
    assert [w.split(" ", 1)[0] for w in warnings] == ["cec_url", "validate_certs=false:"]
    assert insecure_settings({"cec_url": "https://x", "validate_certs": True}, ["cec_url"]) == []


def test_connection_errors_read_the_same_for_every_url():
    http = HttpClient("http://127.0.0.1:9", retry=None)
    http.retry.retries = 0
    texts = set()
    for path in ("/user/a", "/user/b"):
        with pytest.raises(TransportError) as err:
            http.request("GET", path)
        assert err.value.msg.startswith("GET %s: connection failed: " % path)
        texts.add(err.value.cause)
    assert len(texts) == 1 and "127.0.0.1:9" in texts.pop()


def test_a_long_transport_reason_is_cut_at_300_characters():
    url = "https://cec.example/x"
    assert _http._reason(OSError("x" * 301), url) == "x" * 300 + "... (cec.example)"
    assert _http._reason(OSError("x" * 300), url) == "x" * 300 + " (cec.example)"  # whole: no "..."
    assert _http._reason(OSError("y" * 400 + " cec.example"), url) == "y" * 300 + "..."  # names the host


def test_the_proxy_is_chosen_per_request_host(sim, hostile, monkeypatch):
    """#16: NO_PROXY covers the token host (127.0.0.1) but not the API host (localhost): only the API calls
    go through the proxy. Worked out per host, once."""
    relay = requests.Session()
    relay.trust_env = False

    def proxy_answer(method, url, headers, body):  # a plain-http proxy receives the absolute URL
        sent = {k: v for k, v in headers.items() if k.lower() not in ("host", "content-length", "proxy-connection")}
        reply = relay.request(method, url, headers=sent, data=body, timeout=10)
        return reply.status_code, {"Content-Type": reply.headers.get("Content-Type", "text/plain")}, reply.text
    proxy = hostile(proxy_answer)
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    port = sim.url.rsplit(":", 1)[1]
    cec = client(sim, cec_url="http://localhost:%s" % port, cec_token_url=sim.url + TOKEN_PATH)
    assert cec.query_account("nobody.here") is None
    assert [(m, u) for m, u, _h, _b in proxy.requests] == [("POST", "http://localhost:%s%s" % (port, QUERY))]
    assert [e["path"] for e in sim.sim.log] == [TOKEN_PATH, QUERY]
    assert list(cec.http.proxies) == [("http", "127.0.0.1:" + port)]  # the token host, cached


def test_mask_secrets_survives_a_token_added_by_another_worker():
    # Workers add tokens while another masks a text; iterating the live set would raise "changed size".
    tokens = _http._RUNTIME_SECRETS

    class Growing(str):
        def replace(self, old, new, *args):
            tokens.add("tok-added-meanwhile-%d" % len(tokens))
            return Growing(str.replace(self, old, new, *args))

    tokens.add("tok-known-1")
    try:
        assert "tok-known-1" not in _http.mask_secrets(Growing("a tok-known-1 b"))
    finally:
        for token in [t for t in tokens if t.startswith("tok-")]:
            tokens.discard(token)
