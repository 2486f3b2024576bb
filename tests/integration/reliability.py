# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Helpers of the reliability and security tests (test_faults, test_bad_input, test_secrets, test_tls): API paths,
fault specs and counters, clock jumps, and the numbers they report. The module calls themselves, with faults
injected before each, run through steps.run_steps (the ``fault_steps`` fixture)."""
from __future__ import annotations

import json
import os
import threading

import requests

CEC_API = "/apiaccess/rest/cc-management/v1/agentAccount/"
CEC_TOKEN = "/apigovernance/api/oauth/tokenByAkSk"
CEC_SKILLS = "/apiaccess/rest/cc-management/v1/skill/querySkills"
BP_API = "/configapi/v2"
BP_TOKEN = BP_API + "/oauth/token"


def exact(path):
    """A fault ``path`` regex that matches exactly this path."""
    return "^%s$" % path.replace(".", r"\.")


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
