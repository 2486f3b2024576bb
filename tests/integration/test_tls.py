# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""TLS through ansible-playbook: validate_certs is true by default, so a simulator with a self-signed certificate
is refused with a clear message (and no request reaches it), and accepted with ca_path."""
from __future__ import annotations

import pytest

from ansible_collections.contactcenter.agents.tests.integration.reliability import BP_TOKEN, CEC_TOKEN
from ansible_collections.contactcenter.agents.tests.integration.steps import run_steps
from ansible_collections.contactcenter.agents.tests.simulators.brightpattern import BrightPatternSimulator
from ansible_collections.contactcenter.agents.tests.simulators.cec import CecSimulator
from ansible_collections.contactcenter.agents.tests.simulators.server import RunningSimulator

AGENT = {"user_account": "tls.agent1", "user_name": "TLS Agent", "email": "tls@example.com", "agent_type": "audio",
         "role": "agent", "password": "Tls-Passw0rd!"}
USER = {"login_id": "tls.user1", "first_name": "TLS", "last_name": "User", "team": "Sales", "password": "Tls-Pass1"}
# Whatever the machine trusts besides its system store must not make the self-signed certificate pass.
NO_CA_OVERRIDES = {"REQUESTS_CA_BUNDLE": None, "CURL_CA_BUNDLE": None, "SSL_CERT_FILE": None, "SSL_CERT_DIR": None}


@pytest.fixture
def tls(tmp_path):
    cec = RunningSimulator(CecSimulator(), tls_dir=str(tmp_path / "cec")).start()
    bp = RunningSimulator(BrightPatternSimulator(), tls_dir=str(tmp_path / "bp")).start()
    yield cec, bp
    cec.stop()
    bp.stop()


def test_self_signed_certificate_is_refused_by_default_and_accepted_with_ca_path(
        tls, run_playbook, sim_log, tmp_path):
    cec, bp = tls
    cec_conn = {"cec_url": cec.url, "cec_app_key": cec.sim.options["app_key"],
                "cec_app_secret": cec.sim.options["app_secret"]}
    bp_conn = {"brightpattern_url": bp.url, "brightpattern_client_id": bp.sim.options["client_id"],
               "brightpattern_client_secret": bp.sim.options["client_secret"],
               "brightpattern_tenant": bp.sim.options["tenant"]}
    default_cec, trusted_cec, unchecked_cec, info_cec, default_bp, trusted_bp = run_steps(
        run_playbook, sim_log, tmp_path, [
            {"module": "cec_agent_account", "args": dict(AGENT, **cec_conn), "fail": True},
            {"module": "cec_agent_account", "args": dict(AGENT, ca_path=cec.ca_path, **cec_conn)},
            {"module": "cec_agent_account", "args": dict(AGENT, validate_certs=False, **cec_conn)},
            {"module": "cec_skill_info", "args": cec_conn, "fail": True},
            {"module": "brightpattern_user", "args": dict(USER, **bp_conn), "fail": True},
            {"module": "brightpattern_user", "args": dict(USER, ca_path=bp.ca_path, **bp_conn)}],
        env=NO_CA_OVERRIDES)

    # the error names the call (Bright Pattern paths are given below /configapi/v2) and the cause
    for step, call in ((default_cec, cec.url + CEC_TOKEN), (info_cec, cec.url + CEC_TOKEN),
                       (default_bp, "/oauth/token")):
        msg = step.result["msg"]
        assert step.result["failed"] is True
        assert msg.startswith("POST %s: TLS verification failed" % call), msg
        assert "CERTIFICATE_VERIFY_FAILED" in msg or "certificate verify failed" in msg, msg
        assert "set ca_path to the CA bundle" in msg and "Traceback" not in msg
        # #14.18: permanent, so not retried, and it names the host and what was used to verify
        host = (bp if step is default_bp else cec).url.split("//")[1]
        assert "TLS verification failed for %s (" % host in msg and "not retried" in msg, msg
        assert "ca_path is not set: the system's CA store was used" in msg, msg
    assert trusted_cec.result["changed"] is True and trusted_cec.result["operation"] == "create"
    assert unchecked_cec.result["changed"] is False  # validate_certs=false also connects (test systems only)
    assert trusted_bp.result["changed"] is True and trusted_bp.result["operation"] == "create"
    assert "tls.agent1" in cec.sim.agents and "tls.user1" in bp.sim.users
    # The refused handshakes sent nothing: only the two trusted CEC runs and the trusted Bright Pattern run
    # fetched a token.
    assert [e["path"] for e in cec.sim.log].count(CEC_TOKEN) == 2
    assert [e["path"] for e in bp.sim.log].count(BP_TOKEN) == 1


def test_a_ca_path_that_does_not_exist_is_one_clear_error_before_any_call(module_steps, tmp_path):
    """#14.14: no traceback in the info modules, no OSError per item in the others: one error naming ca_path."""
    missing = str(tmp_path / "no-such-ca.pem")
    steps = module_steps(None, *[{"module": module, "args": dict(args, ca_path=missing), "fail": True} for module, args in (
        ("cec_skill_info", {}), ("cec_agent_account_info", {}), ("brightpattern_user_info", {}),
        ("cec_agent_account", {"agents": [dict(AGENT, user_account="tls.agent%d" % n) for n in range(3)]}),
        ("brightpattern_user", USER))])
    for step in steps:
        assert step.result["failed"] is True
        assert step.result["msg"] == ("ca_path: %s does not exist: give the PEM file (or c_rehash directory) of the "
                                      "CA that signed the server certificate" % missing), step.result
        assert "results" not in step.result and "OSError" not in str(step.result.get("exception"))
        assert step.cec == [] and step.bp == []  # not even a token request
