# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run module calls through a real ansible-playbook and split the simulators' logs per call."""
from __future__ import annotations

import json

CEC_WRITES = ("/create", "/update", "/delete", "/addSkillsToAgent", "/releaseAgentBySkillId")


def is_cec_write(entry):
    """A CEC request-log entry that changes an agent (every CEC call is a POST, so the path decides)."""
    return entry["path"].endswith(CEC_WRITES)


def is_bp_write(entry):
    """A Bright Pattern request-log entry that changes something (not the token request)."""
    return entry["method"] in ("POST", "PUT", "PATCH", "DELETE") and not entry["path"].endswith("/oauth/token")


def writes(sim_log, since=(0, 0)):
    """The write requests each simulator saw after the log positions ``since``: (cec, bp)."""
    return ([e for e in sim_log("cec")[since[0]:] if is_cec_write(e)],
            [e for e in sim_log("bp")[since[1]:] if is_bp_write(e)])


def log_positions(sim_log):
    """Where both request logs end now, for ``writes(sim_log, since=...)``."""
    return len(sim_log("cec")), len(sim_log("bp"))


class Step:
    """One module call: its result and the request-log entries it caused, per simulator."""

    def __init__(self, result, cec, bp):
        self.result = result
        self.cec = cec
        self.bp = bp

    def cec_calls(self):
        return [e["path"].rsplit("/", 1)[-1] for e in self.cec if "oauth" not in e["path"]]

    def cec_writes(self):
        return [e for e in self.cec if is_cec_write(e)]

    def bp_calls(self):
        return ["%s %s" % (e["method"], e["path"].replace("/configapi/v2", "")) for e in self.bp
                if not e["path"].endswith("/oauth/token")]

    def bp_writes(self):
        return [e for e in self.bp if is_bp_write(e)]


def run_steps(run_playbook, sim_log, tmp_path, steps, verbosity=0, env=None, diff=False, expect_rc=0):
    """Run ``steps`` (see playbooks/module_steps.yml for their keys) in one ansible-playbook run; return
    [Step]. Each Step also has ``cec_state``/``bp_state`` when the step asked for ``capture_state``, and the
    first has ``playbook`` (the PlaybookResult)."""
    result_file = tmp_path / ("steps_%d.json" % len(list(tmp_path.glob("steps_*.json"))))
    cec_at, bp_at = len(sim_log("cec")), len(sim_log("brightpattern"))  # earlier runs of the same test
    run = run_playbook("module_steps", {"steps": steps, "result_file": str(result_file)}, verbosity=verbosity,
                       env=env, diff=diff)
    assert run.rc == expect_rc, run.describe()
    saved = json.loads(result_file.read_text())
    cec_log, bp_log = sim_log("cec"), sim_log("brightpattern")
    out = []
    for item in saved:
        step = Step(item["result"], cec_log[cec_at:item["cec_seq"]], bp_log[bp_at:item["bp_seq"]])
        step.cec_state, step.bp_state = item.get("cec_state"), item.get("bp_state")
        out.append(step)
        cec_at, bp_at = item["cec_seq"], item["bp_seq"]
    out[0].playbook = run
    return out
