# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Helpers of the reliability and security tests (test_faults, test_bad_input, test_secrets, test_tls).

``run_rel_steps`` runs module calls through playbooks/rel_steps.yml, which can add simulator faults before
each call, wait for abandoned requests after it, and capture the simulators' states; it returns the same
``Step`` objects as steps.run_steps (result plus the request-log entries of each call, per simulator).
"""
from __future__ import annotations

import json
import os
import threading

import requests

from ansible_collections.contactcenter.agents.tests.integration.steps import Step

CEC_API = "/apiaccess/rest/cc-management/v1/agentAccount/"
CEC_TOKEN = "/apigovernance/api/oauth/tokenByAkSk"
CEC_SKILLS = "/apiaccess/rest/cc-management/v1/skill/querySkills"
BP_API = "/configapi/v2"
BP_TOKEN = BP_API + "/oauth/token"


def exact(path):
    """A fault ``path`` regex that matches exactly this path."""
    return "^%s$" % path.replace(".", r"\.")


def run_rel_steps(run_playbook, sim_log, tmp_path, steps, verbosity=0, env=None, diff=False, expect_rc=0):
    """Run ``steps`` ([{module, args, check?, diff?, fail?, cec_faults?, bp_faults?, settle?, capture_state?}])
    in one ansible-playbook run; return [Step]. Each Step also has ``cec_state``/``bp_state`` when captured,
    and the first has ``playbook`` (the PlaybookResult)."""
    result_file = tmp_path / ("rel_steps_%d.json" % len(list(tmp_path.glob("rel_steps_*.json"))))
    cec_at, bp_at = len(sim_log("cec")), len(sim_log("brightpattern"))
    run = run_playbook("rel_steps", {"steps": steps, "result_file": str(result_file)}, verbosity=verbosity, env=env,
                       diff=diff)
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


def control(simulators, vendor, what, body, method="POST"):
    """POST ``body`` to a simulator's control API (/_sim/<what>: options, seed, faults, clock)."""
    response = requests.request(method, simulators.get(vendor).url + "/_sim/" + what, json=body, timeout=10)
    response.raise_for_status()
    return response.json()


class FaultCounter:
    """Counts the faults a simulator injects (every kind, also ``slow``, which the request log does not mark)."""

    def __init__(self, sim):
        self.sim = sim
        self.counts = {}
        self.lock = threading.Lock()
        self.original = sim.__dict__.get("_take_fault")

    def __enter__(self):
        original = type(self.sim)._take_fault.__get__(self.sim)

        def counting(method, path):
            fault = original(method, path)
            if fault is not None:
                with self.lock:
                    self.counts[fault["kind"]] = self.counts.get(fault["kind"], 0) + 1
            return fault
        self.sim._take_fault = counting
        return self

    def __exit__(self, *exc):
        if self.original is None:
            self.sim.__dict__.pop("_take_fault", None)
        else:
            self.sim._take_fault = self.original

    @property
    def total(self):
        return sum(self.counts.values())


class ClockJump:
    """Advances a simulator's clock once its request log reaches ``after`` entries (expires every token)."""

    def __init__(self, sim, after, seconds=4000):
        self.sim, self.after, self.seconds = sim, after, seconds
        self.done = threading.Event()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self):
        while not self.stop.wait(0.002):
            with self.sim.lock:
                if len(self.sim.log) >= self.after:
                    self.sim.clock_offset += self.seconds
                    self.done.set()
                    return

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(5)


def note(name, **numbers):
    """Append the numbers a test measured to $RELIABILITY_REPORT (JSON lines), when that is set."""
    path = os.environ.get("RELIABILITY_REPORT")
    if path:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(dict(numbers, test=name), sort_keys=True) + "\n")
