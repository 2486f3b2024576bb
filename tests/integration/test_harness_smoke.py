# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The harness itself: simulators up, environment wired, playbook output and request logs readable."""
from __future__ import annotations

import json

CEC_TOKEN_PATH = "/apigovernance/api/oauth/tokenByAkSk"
BP_TOKEN_PATH = "/configapi/v2/oauth/token"


def test_playbook_gets_a_token_from_each_simulator(run_playbook, sim_log, simulators):
    result = run_playbook("harness_smoke")

    assert result.rc == 0
    assert "failed=0" in result.stdout
    cec_log, bp_log = sim_log("cec"), sim_log("brightpattern")
    # The playbook's own side-channel reads (/_sim/...) are never logged: one request each.
    assert [(e["method"], e["path"], e["status"]) for e in cec_log] == [("POST", CEC_TOKEN_PATH, 200)]
    assert [(e["method"], e["path"], e["status"]) for e in bp_log] == [("POST", BP_TOKEN_PATH, 200)]
    assert bp_log[0]["body"]["grant_type"] == "client_credentials"
    # Secrets reach the simulators but never their logs.
    assert simulators.cec.sim.options["app_secret"] not in json.dumps(cec_log)
    assert simulators.brightpattern.sim.options["client_secret"] not in json.dumps(bp_log)


def test_simulators_start_each_test_reset(sim_log, sim_state):
    assert sim_log("cec") == []
    assert sim_log("bp") == []
    assert isinstance(sim_state("cec"), dict)
    assert isinstance(sim_state("brightpattern"), dict)


def test_failed_playbook_reports_rc_and_output(run_playbook, sim_log):
    result = run_playbook("harness_smoke", env={"CEC_APP_SECRET": "not-the-secret"})

    assert result.rc == 2, result
    assert "Get a CEC token" in result.stdout
    assert "401" in result.stdout
    assert [(e["path"], e["status"]) for e in sim_log("cec")] == [(CEC_TOKEN_PATH, 401)]
    assert sim_log("bp") == []  # the play stopped at the first failure
