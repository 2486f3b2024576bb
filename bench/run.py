# -*- coding: utf-8 -*-
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark: the batch onboarding against the per-agent baselines, on the bundled simulators.

    python bench/run.py [--n 1000] [--latency-ms 20] [--subset 50] [--sweep 100,1000,5000]
                        [--memory-n 10000] [--approaches role,modules,loop,uri] [--quick] ...

Run it with the Python of the test virtualenv (``make bench`` does, see bench/README.md). It copies
the collection into a temporary ``ansible_collections`` tree, starts both simulators with an
injected latency, and for each approach runs three scenarios against freshly reset simulators:
``first`` (every agent is created), ``noop`` (the same input again) and ``changed`` (10 % of the
agents have one field changed in each system). For each run it records the wall time, the CPU
time of ansible-playbook and its children, the API calls by kind from the simulators' request
logs, the writes that were not needed, and the peak RSS of every module process (the modules run
under a small interpreter wrapper that reads ``ru_maxrss`` from ``wait4``). The per-agent
baselines are measured on ``--subset`` agents and scaled linearly to N; the output says so.

Results: a table on stdout and in ``<out>/benchmark.md``, everything in ``<out>/benchmark.json``.
``bench/chart.py`` draws the chart from that JSON.
"""

from __future__ import annotations

import argparse
import copy
import datetime
import importlib.util
import json
import os
import platform
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

import yaml  # ansible-core's own dependency: the test venv, which runs this file, has it

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "bench")

APPROACHES = {
    # name: (playbook, title, measured on the subset and scaled)
    "role": ("batch_role.yml", "onboarding role (batch)", False),
    "modules": ("batch_modules.yml", "2 batch module calls", False),
    "loop": ("loop_modules.yml", "module per agent (loop)", True),
    "uri": ("loop_uri.yml", "uri per agent (loop)", True),
}
SCENARIOS = {
    "first": "first run (all creates)",
    "noop": "no-op re-run",
    "leavers": "no-op + leavers report",
    "changed": "10% changed (1 field)",
}
SYSTEMS = ("cec", "brightpattern")
SYSTEM_TITLES = {"cec": "CEC", "brightpattern": "BP"}
CEC_SKILL_IDS = {"Billing": 4, "Sales": 5, "Tech Support": 6, "Retention": 7}  # the simulator's catalogue
AGENT_TYPES = {"audio": 4, "video": 11, "multimedia": 5, "versatile": 99}
ROLES = {"agent": 2, "inspector": 3, "outbound_call_agent": 4}
TEAMS = (  # (Bright Pattern team, CEC skills {name: weight}, Bright Pattern skills {name: level})
    ("Billing", {"Billing": 2, "Retention": 1}, {"English": 100, "Billing": 80}),
    ("Sales", {"Sales": 2}, {"English": 100, "Sales": 80}),
    ("Technical Support", {"Tech Support": 2}, {"English": 100, "Technical Support": 70}),
)
LOOP_PASSWORD = "Bench#Pass-%05d"  # CEC rule: upper, lower, digit, special; 8 to 32 characters

TARGETS = {"first_s": 20.0, "noop_s": 8.0, "speedup": 30.0, "rss_mb": 200.0}

WRAPPER = r'''import json, os, sys, time
REAL, LOG = {real!r}, {log!r}
start = time.time()
pid = os.fork()
if pid == 0:
    os.execv(REAL, [REAL] + sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
script = sys.argv[-1] if len(sys.argv) > 1 else ""
with open(LOG, "a") as handle:
    handle.write(json.dumps({{"module": os.path.basename(script), "start": start, "end": time.time(),
                             "maxrss_kb": usage.ru_maxrss, "cpu": usage.ru_utime + usage.ru_stime}}) + "\n")
sys.exit(os.waitstatus_to_exitcode(status))
'''


def log(msg):
    print(msg, flush=True)


# ---------------------------------------------------------------------------------- input data
def load_file(tree, relpath, name):
    """A stdlib-only module of the collection, loaded by its path (no package import needed)."""
    spec = importlib.util.spec_from_file_location(name, os.path.join(tree, relpath))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_onboarding(tree):
    """The role's own record -> module item mapping (plugin_utils/_onboarding.py), imported from the copy of the
    collection under <workdir>/collections/ansible_collections/ (it imports the registry and the field specs)."""
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(tree))))
    return importlib.import_module("ansible_collections.contactcenter.agents.plugins.plugin_utils._onboarding")


# What counts as a write in a request log: the integration tests' own definition.
LOG_KINDS = load_file(ROOT, os.path.join("tests", "integration", "steps.py"), "bench_steps")


def records(n, changed=False):
    """N person records (the role's list-mode input). ``changed``: every 10th agent has one field
    changed in each system (its first CEC skill weight +1, its English level 100 -> 90)."""
    out = []
    for i in range(n):
        team, cec_skills, bp_skills = TEAMS[i % len(TEAMS)]
        cec_skills, bp_skills = dict(cec_skills), dict(bp_skills)
        if changed and i % 10 == 0:
            first = next(iter(cec_skills))
            cec_skills[first] += 1
            bp_skills["English"] = 90
        out.append({
            "account": "bench.agent%05d" % i, "first_name": "Agent", "last_name": "N%05d" % i,
            "email": "bench.agent%05d@example.com" % i, "phone": "+1415%07d" % i,
            "cec": {"agent_type": "audio", "role": "agent", "skills": cec_skills},
            "brightpattern": {"team": team, "roles": ["Agent"], "skills": bp_skills},
        })
    return out


def leavers(n):
    """How many agents the leavers scenario leaves out of the input (1%): each system must report them."""
    return max(1, n // 100)


LEAVERS_SCOPE = {"cec": {"accounts": ["bench.agent*"]}, "brightpattern": {"logins": ["bench.agent*"]}}


def log_text(path):
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def orphans_reported(text, name, count):
    """[problem] unless the run's output shows ``count`` orphans reported per system."""
    pattern = r"'orphans': %d\b" if name == "modules" else r"orphans: %d \(checked"
    found = len(re.findall(pattern % count, text))
    return [] if found >= len(SYSTEMS) else ["the output shows %d orphans reported in %d of %d systems" % (
        count, found, len(SYSTEMS))]


def changed_keys(n):
    return {"bench.agent%05d" % i for i in range(0, n, 10)}


def module_items(onboarding, recs):
    """Module items for the loops and the batch-modules playbook (with a fixed password each)."""
    passwords = {r["account"]: LOOP_PASSWORD % i for i, r in enumerate(recs)}
    return {system: onboarding.items(recs, system, passwords) for system in SYSTEMS}


def api_bodies(items):
    """The same agents as API request bodies, for the hand-written uri loop."""
    cec = [{
        "userAccount": i["user_account"], "userName": i["user_name"], "email": i["email"], "phone": i["phone"],
        "agentType": AGENT_TYPES[i["agent_type"]], "ccRoleId": ROLES[i["role"]], "password": i["password"],
        "skills": [{"skillId": CEC_SKILL_IDS[s["name"]], "agentWeight": s.get("agent_weight", 1),
                    "skillWeight": s.get("skill_weight", 1)} for s in i["skills"]],
    } for i in items["cec"]]
    bp = [{
        "loginId": i["login_id"], "firstName": i["first_name"], "lastName": i["last_name"], "team": i["team"],
        "email": i["email"], "workPhone": i["work_phone"], "skills": i["skills"], "roles": i["roles"],
        "password": i["password"],
    } for i in items["brightpattern"]]
    return cec, bp


def expected_state(recs):
    """What each simulator must hold afterwards: {system: {key: skills}}."""
    cec, bp = {}, {}
    for r in recs:
        cec[r["account"]] = {CEC_SKILL_IDS[name]: weight for name, weight in r["cec"]["skills"].items()}
        bp[r["account"]] = dict(r["brightpattern"]["skills"])
    return {"cec": cec, "brightpattern": bp}


# ---------------------------------------------------------------------------------- simulators
class Simulators:
    def __init__(self, python, tree, workdir, latency_ms):
        self.latency_ms = latency_ms
        info_file = os.path.join(workdir, "simulators.json")
        self.log_path = os.path.join(workdir, "simulators.log")
        if os.path.exists(info_file):
            os.remove(info_file)
        # pylint: disable-next=consider-using-with
        self.proc = subprocess.Popen(
            [python, "-m", "tests.simulators", "--latency-ms", str(latency_ms), "--info-file", info_file],
            cwd=tree, stdout=open(self.log_path, "w", encoding="utf-8"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while not os.path.exists(info_file):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the simulators did not start; see %s" % self.log_path)
            time.sleep(0.1)
        with open(info_file, encoding="utf-8") as handle:
            self.info = json.load(handle)
        self.urls = {"cec": self.info["cec"]["url"], "brightpattern": self.info["brightpattern"]["url"]}

    def env(self):
        cec, bp = self.info["cec"], self.info["brightpattern"]
        return {"CEC_URL": cec["url"], "CEC_APP_KEY": cec["app_key"], "CEC_APP_SECRET": cec["app_secret"],
                "BRIGHTPATTERN_URL": bp["url"], "BRIGHTPATTERN_CLIENT_ID": bp["client_id"],
                "BRIGHTPATTERN_CLIENT_SECRET": bp["client_secret"], "BRIGHTPATTERN_TENANT": bp["tenant"]}

    def call(self, system, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.urls[system] + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=120) as resp:
            return json.load(resp)

    def reset(self):
        """Empty state and log; the reset also clears the latency, so set it again.

        The simulators' default dialect plays the least convenient documented readings (no total or workNo in
        CEC query answers, silently capped pages, ...), which makes the per-agent baseline loops quadratic; the
        benchmark measures the collection against those loops on the lenient dialect, the readings it was
        always measured on, so that runs stay comparable."""
        for system in SYSTEMS:
            self.call(system, "POST", "/_sim/reset")
            self.call(system, "POST", "/_sim/options", {"dialect": "lenient", "latency_ms": self.latency_ms})

    def clear_logs(self):
        for system in SYSTEMS:
            self.call(system, "DELETE", "/_sim/log")

    def logs(self):
        return {system: self.call(system, "GET", "/_sim/log")["entries"] for system in SYSTEMS}

    def state(self):
        return {system: self.call(system, "GET", "/_sim/state") for system in SYSTEMS}

    def cpu_seconds(self):
        try:
            with open("/proc/%d/stat" % self.proc.pid, encoding="ascii") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            return None

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def classify(system, entry):
    """'auth', 'write' or 'read', and the agent key a write is for."""
    path = entry["path"]
    body = entry.get("body") if isinstance(entry.get("body"), dict) else {}
    if system == "cec":
        if path.endswith("/tokenByAkSk"):
            return "auth", None
        if LOG_KINDS.is_cec_write(entry):
            return "write", body.get("userAccount")
        return "read", None
    if path.endswith("/oauth/token"):
        return "auth", None
    if LOG_KINDS.is_bp_write(entry):
        key = body.get("loginId")
        if key is None and "/user/" in path:
            key = urllib.request.unquote(path.rsplit("/", 1)[1])
        return "write", key
    return "read", None


def count_calls(logs, needed):
    """API calls by kind per system, the writes not needed, and the needed writes missing."""
    out = {}
    for system in SYSTEMS:
        counts = {"read": 0, "write": 0, "auth": 0, "errors": 0}
        per_key = {}
        for entry in logs[system]:
            kind, key = classify(system, entry)
            counts[kind] += 1
            if not 200 <= int(entry.get("status") or 0) < 300:
                counts["errors"] += 1
            if kind == "write":
                per_key[key] = per_key.get(key, 0) + 1
        unneeded = sum(c for k, c in per_key.items() if k not in needed) + \
            sum(c - 1 for k, c in per_key.items() if k in needed and c > 1)
        counts["expected_writes"] = len(needed)
        counts["unneeded_writes"] = unneeded
        counts["missing_writes"] = len([k for k in needed if k not in per_key])
        out[system] = counts
    return out


def verify(sims, recs):
    """Both simulators hold exactly the wanted agents with the wanted skills."""
    want = expected_state(recs)
    state = sims.state()
    problems = []
    agents = state["cec"]["agents"]
    users = state["brightpattern"]["users"]
    if set(agents) != set(want["cec"]):
        problems.append("CEC holds %d agents, %d wanted" % (len(agents), len(want["cec"])))
    if set(users) != set(want["brightpattern"]):
        problems.append("Bright Pattern holds %d users, %d wanted" % (len(users), len(want["brightpattern"])))
    wrong_cec = [k for k, skills in want["cec"].items() if k in agents and {
        s["skillId"]: s["agentWeight"] for s in agents[k].get("skills") or []} != skills]
    wrong_bp = [k for k, skills in want["brightpattern"].items() if k in users and users[k].get("skills") != skills]
    if wrong_cec:
        problems.append("%d CEC agents have other skills than wanted, e.g. %s" % (len(wrong_cec), wrong_cec[0]))
    if wrong_bp:
        problems.append("%d Bright Pattern users have other skills than wanted, e.g. %s" % (len(wrong_bp), wrong_bp[0]))
    return problems


# ---------------------------------------------------------------------------------- running
class Bench:
    def __init__(self, args):
        self.args = args
        self.python = sys.executable
        self.workdir = args.workdir or tempfile.mkdtemp(prefix="contactcenter-bench.")
        os.makedirs(self.workdir, exist_ok=True)
        log("work directory: %s" % self.workdir)
        built = subprocess.run(["bash", os.path.join(ROOT, "scripts", "build_tree.sh"),
                                os.path.join(self.workdir, "collections")],
                               check=True, capture_output=True, text=True)
        self.tree = built.stdout.strip().splitlines()[-1]
        self.onboarding = load_onboarding(self.tree)
        self.rss_log = os.path.join(self.workdir, "module-processes.jsonl")
        self.wrapper = self._write_wrapper()
        self.sims = Simulators(self.python, self.tree, self.workdir, args.latency_ms)
        self.env = dict(os.environ)
        for name in [k for k in self.env if k.startswith("ANSIBLE_")]:
            del self.env[name]
        self.env.update(self.sims.env())
        home = os.path.join(self.workdir, "ansible-home")
        self.env.update({
            "ANSIBLE_COLLECTIONS_PATH": os.path.join(self.workdir, "collections"),
            "ANSIBLE_HOME": home, "ANSIBLE_LOCAL_TEMP": os.path.join(home, "tmp"),
            "ANSIBLE_REMOTE_TEMP": os.path.join(home, "remote-tmp"),
            "ANSIBLE_RETRY_FILES_ENABLED": "false", "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_LOCALHOST_WARNING": "false", "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
            "ANSIBLE_CALLBACK_PLUGINS": os.path.join(self.tree, "bench", "callback_plugins"),
            "ANSIBLE_CALLBACKS_ENABLED": "bench_timer",
            "PATH": os.path.dirname(self.python) + os.pathsep + self.env.get("PATH", ""),
        })
        self.runs = []

    def _write_wrapper(self):
        self.spy = shutil.which("py-spy") if self.args.profile else None
        if self.args.profile and not self.spy:
            raise SystemExit("--profile needs py-spy on PATH (make bench installs it into the bench venv)")
        script = os.path.join(self.workdir, "rss_wrapper.py")
        with open(script, "w", encoding="utf-8") as handle:
            handle.write(WRAPPER.format(real=self.python, log=self.rss_log))
        shell = os.path.join(self.workdir, "python")
        with open(shell, "w", encoding="utf-8") as handle:
            handle.write('#!/bin/sh\nexec "%s" -I -S "%s" "$@"\n' % (self.python, script))
        os.chmod(shell, 0o755)
        return shell

    def close(self):
        self.sims.stop()
        if not self.args.keep and not self.args.workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def playbook(self, name, extra, label):
        """Run one playbook; return wall and CPU seconds, module processes, task times."""
        vars_file = os.path.join(self.workdir, "vars-%s.json" % label)
        with open(vars_file, "w", encoding="utf-8") as handle:
            json.dump(dict(extra, bench_python=self.wrapper), handle)
        timer_file = os.path.join(self.workdir, "tasks-%s.json" % label)
        log_file = os.path.join(self.workdir, "ansible-%s.log" % label)
        env = dict(self.env, BENCH_TIMER_FILE=timer_file)
        open(self.rss_log, "w", encoding="utf-8").close()
        cmd = [os.path.join(os.path.dirname(self.python), "ansible-playbook"),
               os.path.join(self.tree, "bench", "playbooks", APPROACHES[name][0]), "-e", "@" + vars_file]
        profile = None
        if self.spy and not APPROACHES[name][2]:
            os.makedirs(os.path.join(self.workdir, "profiles"), exist_ok=True)
            profile = os.path.join(self.workdir, "profiles", label + ".txt")
            cmd = [self.spy, "record", "--subprocesses", "--idle", "--rate", "100", "--format", "raw",
                   "--output", profile, "--"] + cmd
        load = os.getloadavg()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        sim_cpu = self.sims.cpu_seconds()
        start = time.monotonic()
        with open(log_file, "w", encoding="utf-8") as out:
            try:
                rc = subprocess.run(cmd, cwd=self.workdir, env=env, stdout=out, stderr=subprocess.STDOUT,
                                    timeout=self.args.timeout, check=False).returncode
            except subprocess.TimeoutExpired:
                rc = "timeout"
        wall = time.monotonic() - start
        if profile and rc != 0:  # py-spy may exit non-zero after writing its file; the play decides
            with open(log_file, encoding="utf-8") as handle:
                text = handle.read()
            if "PLAY RECAP" in text and not re.search(r"(failed|unreachable)=[1-9]", text):
                rc = 0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        sim_cpu_after = self.sims.cpu_seconds()
        procs = []
        with open(self.rss_log, encoding="utf-8") as handle:
            procs = [json.loads(line) for line in handle if line.strip()]
        tasks = None
        if os.path.exists(timer_file):
            with open(timer_file, encoding="utf-8") as handle:
                tasks = json.load(handle)["tasks"]
        if rc != 0:
            with open(log_file, encoding="utf-8") as handle:
                tail = handle.read()[-3000:]
            log("  !! %s exited %s; last lines of %s:\n%s" % (APPROACHES[name][0], rc, log_file, tail))
        return {
            "rc": rc, "wall_s": wall,
            "cpu_s": (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime),
            "simulator_cpu_s": None if sim_cpu is None or sim_cpu_after is None else sim_cpu_after - sim_cpu,
            "load_avg_1m": load[0],
            "module_processes": len(procs),
            "module_wall_s": sum(p["end"] - p["start"] for p in procs),
            "module_cpu_s": sum(p["cpu"] for p in procs),
            "peak_rss_mb": max((p["maxrss_kb"] for p in procs), default=0) / 1024.0,
            "tasks": tasks, "log": log_file,
            "profile": summarise_profile(profile) if profile and os.path.exists(profile) else None,
        }

    def case(self, name, n, scenarios=tuple(SCENARIOS)):
        """Every scenario of one approach at N agents, from reset simulators."""
        playbook, title = APPROACHES[name][:2]
        self.sims.reset()
        passwords = os.path.join(self.workdir, "passwords-%s-%d" % (name, n))
        shutil.rmtree(passwords, ignore_errors=True)
        out = []
        for scenario in [s for s in SCENARIOS if s != "leavers" or not APPROACHES[name][2]]:
            recs = records(n, changed=scenario == "changed")
            needed = {"first": {r["account"] for r in recs}, "noop": set(), "leavers": set(),
                      "changed": changed_keys(n)}[scenario]
            given = recs[:n - leavers(n)] if scenario == "leavers" else recs
            if name == "role":
                extra = {"onboarding_agents": given, "onboarding_password_dir": passwords}
                if scenario == "leavers":
                    extra.update(onboarding_leavers="report", onboarding_leavers_scope=LEAVERS_SCOPE)
                if self.args.parallel:
                    extra["onboarding_parallel"] = self.args.parallel
            else:
                items = module_items(self.onboarding, given)
                if name == "uri":
                    cec, bp = api_bodies(items)
                    extra = {"bench_cec_api": cec, "bench_bp_api": bp}
                else:
                    extra = {"bench_cec_items": items["cec"], "bench_bp_items": items["brightpattern"]}
                if name == "modules" and self.args.parallel:
                    extra["bench_parallel"] = self.args.parallel
                if scenario == "leavers":
                    extra.update({"bench_%s_orphans" % s: {"action": "report", "scope": scope}
                                  for s, scope in (("cec", LEAVERS_SCOPE["cec"]), ("bp", LEAVERS_SCOPE["brightpattern"]))})
            self.sims.clear_logs()
            label = "%s-%d-%s" % (name, n, scenario)
            log("  %-8s N=%-6d %-26s ..." % (name, n, SCENARIOS[scenario]))
            run = self.playbook(name, extra, label)
            run.update(approach=name, title=title, n=n, scenario=scenario, playbook=playbook)
            run["calls"] = count_calls(self.sims.logs(), needed)
            run["problems"] = verify(self.sims, recs)
            if scenario == "leavers":
                run["problems"] += orphans_reported(log_text(run["log"]), name, leavers(n))
            calls = run["calls"]
            log("           %6.1f s wall, %5.1f s CPU, load %.1f, %d module processes, peak RSS %.0f MB, "
                "calls CEC r/w/a %d/%d/%d BP r/w/a %d/%d/%d, unneeded writes %d%s" % (
                    run["wall_s"], run["cpu_s"], run["load_avg_1m"], run["module_processes"], run["peak_rss_mb"],
                    calls["cec"]["read"], calls["cec"]["write"], calls["cec"]["auth"],
                    calls["brightpattern"]["read"], calls["brightpattern"]["write"], calls["brightpattern"]["auth"],
                    calls["cec"]["unneeded_writes"] + calls["brightpattern"]["unneeded_writes"],
                    "; PROBLEMS: " + "; ".join(run["problems"]) if run["problems"] else ""))
            out.append(run)
            self.runs.append(run)
        return [r for r in out if r["scenario"] in scenarios]


# ---------------------------------------------------------------------------------- reporting
def summarise_profile(path, top=25):
    """py-spy raw stacks -> the functions with the most samples (inclusive), for module processes and for
    ansible-playbook (controller and workers) separately. py-spy samples every thread, idle ones too."""
    kinds = {"module": {}, "controller": {}}
    totals = {"module": 0, "controller": 0}
    with open(path, encoding="utf-8", errors="replace") as handle:
        for line in handle:
            stack, _sep, count = line.rstrip("\n").rpartition(" ")
            if not stack or not count.isdigit():
                continue
            frames = [f for f in stack.split(";") if not f.startswith("process ")]
            kind = "module" if "AnsiballZ_" in stack else "controller"
            totals[kind] += int(count)
            for frame in set(frames):
                kinds[kind][frame] = kinds[kind].get(frame, 0) + int(count)
    return {kind: {"samples": totals[kind], "top": sorted(([f, c] for f, c in frames.items()),
                                                          key=lambda x: -x[1])[:top]}
            for kind, frames in kinds.items()}


def scaled(run, n):
    """A run measured on fewer agents, scaled linearly to N (time, calls, CPU)."""
    factor = float(n) / run["n"]
    out = copy.deepcopy(run)
    out.update(measured_n=run["n"], n=n, scale=factor)
    for key in ("wall_s", "cpu_s", "module_wall_s", "module_cpu_s", "simulator_cpu_s"):
        if out.get(key) is not None:
            out[key] = out[key] * factor
    for counts in out["calls"].values():
        # Token requests scale only where they are made per agent (a module call each), not once per run.
        keys = ["read", "write", "errors", "expected_writes", "unneeded_writes", "missing_writes"]
        for key in keys + (["auth"] if counts["auth"] >= run["n"] else []):
            counts[key] = int(round(counts[key] * factor))
    out["module_processes"] = int(round(out["module_processes"] * factor))
    return out


def module_default_parallel():
    """The documented default of ``parallel`` (sanity's validate-modules holds it equal to the code's)."""
    fragment = load_file(ROOT, os.path.join("plugins", "doc_fragments", "transport.py"), "bench_transport_doc")
    return yaml.safe_load(fragment.ModuleDocFragment.DOCUMENTATION)["options"]["parallel"]["default"]


def total_calls(run, kind):
    return sum(run["calls"][s][kind] for s in SYSTEMS)


def table(rows, n, baseline_name="loop"):
    base = {r["scenario"]: r["wall_s"] for r in rows if r["approach"] == baseline_name}
    lines = ["| scenario | approach | wall s | CPU s | × faster than loop | reads CEC / BP | writes CEC / BP "
             "| token calls | unneeded writes | peak RSS MB |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for scenario in SCENARIOS:
        for r in [r for r in rows if r["scenario"] == scenario]:
            speed = base.get(scenario, 0) / r["wall_s"] if r["wall_s"] else 0
            star = " *" if r.get("scale") else ""
            lines.append("| %s | %s%s | %.1f | %.1f | %s | %d / %d | %d / %d | %d | %d | %.0f |" % (
                SCENARIOS[scenario], r["title"], star, r["wall_s"], r["cpu_s"],
                "baseline" if r["approach"] == baseline_name else "-" if not speed else (
                    "%.0f×" if speed >= 10 else "%.1f×") % speed,
                r["calls"]["cec"]["read"], r["calls"]["brightpattern"]["read"],
                r["calls"]["cec"]["write"], r["calls"]["brightpattern"]["write"], total_calls(r, "auth"),
                total_calls(r, "unneeded_writes"), r["peak_rss_mb"]))
    notes = sorted({(r["measured_n"], r["title"]) for r in rows if r.get("scale")})
    for measured, title in notes:
        lines.append("")
        lines.append("\\* %s: measured on %d agents and scaled linearly to %d (time and call counts ×%g; token "
                     "calls only where made per agent)." % (title, measured, n, float(n) / measured))
    return "\n".join(lines)


def check_targets(rows, n, memory_runs):
    """Each target of issue 6 with the measured value, for each batch approach (targets are for 1,000 agents)."""
    by = {(r["approach"], r["scenario"]): r for r in rows}
    out = []

    def add(what, value, target, ok):
        out.append({"target": what, "measured": value, "wanted": target, "ok": bool(ok)})

    for batch in [a for a in APPROACHES if not APPROACHES[a][2] and (a, "first") in by]:
        title = APPROACHES[batch][1]
        first, noop, changed = by.get((batch, "first")), by.get((batch, "noop")), by.get((batch, "changed"))
        if first:
            add("%s: first run, N=%d" % (title, n), "%.1f s" % first["wall_s"], "<= 20 s",
                first["wall_s"] <= TARGETS["first_s"])
        if noop:
            add("%s: no-op re-run" % title, "%.1f s" % noop["wall_s"], "<= 8 s", noop["wall_s"] <= TARGETS["noop_s"])
        for scenario in SCENARIOS:
            mine, base = by.get((batch, scenario)), by.get(("loop", scenario))
            if mine and base:
                speed = base["wall_s"] / mine["wall_s"]
                add("%s: speed-up vs module loop, %s" % (title, SCENARIOS[scenario]), "%.0f×" % speed, ">= 30×",
                    speed >= TARGETS["speedup"])
        if noop:
            add("%s: writes in the no-op run" % title, str(total_calls(noop, "write")), "0",
                total_calls(noop, "write") == 0)
            # the role first checks each system's credentials with one cheap read (CEC: the skill queues; Bright
            # Pattern: the first user and the team list)
            check = {"cec": 1, "brightpattern": 2} if batch == "role" else {"cec": 0, "brightpattern": 0}
            extra = " + the credential check (%d)" if batch == "role" else ""
            cec_reads = noop["calls"]["cec"]["read"]
            want_reads = -(-n // 100) + 1
            add("%s: CEC reads in the no-op run" % title, str(cec_reads),
                ("%d listing pages + 1 skill listing" + extra) % ((want_reads - 1,) + ((check["cec"],) if extra else ())),
                cec_reads <= want_reads + check["cec"])
            bp_reads = noop["calls"]["brightpattern"]["read"]
            add("%s: Bright Pattern reads in the no-op run" % title, str(bp_reads),
                ("1 directory + %d users + 1 team list" + extra) % ((n,) + ((check["brightpattern"],) if extra else ())),
                bp_reads <= n + 2 + check["brightpattern"])
        leaving = by.get((batch, "leavers"))
        if leaving and noop:
            extra = leaving["wall_s"] - noop["wall_s"]
            add("%s: the leavers report (orphan pass) over the no-op run" % title,
                "%+.1f s (%+.0f%%)" % (extra, 100.0 * extra / noop["wall_s"]), "<= +10% (the listing is read anyway)",
                extra <= 0.1 * noop["wall_s"])
            add("%s: writes in the leavers report run" % title, str(total_calls(leaving, "write")), "0",
                total_calls(leaving, "write") == 0)
        if changed:
            writes = "%d / %d" % (changed["calls"]["cec"]["write"], changed["calls"]["brightpattern"]["write"])
            add("%s: writes in the 10%%-changed run (CEC / BP)" % title, writes, "%d / %d" % (n // 10, n // 10),
                all(changed["calls"][s]["write"] == n // 10 for s in SYSTEMS))
    unneeded = sum(total_calls(r, "unneeded_writes") for r in rows if not r.get("scale"))
    add("unneeded writes, all batch runs", str(unneeded), "0", unneeded == 0)
    for run in memory_runs:
        add("peak RSS of a module process, %s, N=%d, %s" % (APPROACHES[run["approach"]][1], run["n"],
                                                            SCENARIOS[run["scenario"]]),
            "%.0f MB" % run["peak_rss_mb"], "<= 200 MB", run["peak_rss_mb"] <= TARGETS["rss_mb"])
    return out


def where_time_went(run):
    """Role/playbook tasks by wall time, and the module processes' share."""
    if not run or not run.get("tasks"):
        return []
    tasks = sorted(run["tasks"], key=lambda t: -t[1])
    return [{"task": name.split(" : ", 1)[-1], "seconds": secs} for name, secs in tasks[:8]]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1000, help="agents for the main table (default 1000)")
    parser.add_argument("--latency-ms", type=float, default=20, help="latency per request (default 20)")
    parser.add_argument("--subset", type=int, default=50,
                        help="agents for the per-agent baselines, scaled linearly to N (default 50)")
    parser.add_argument("--sweep", default="100,1000,5000",
                        help="N values for the time-vs-N chart (batch measured at each; default 100,1000,5000; "
                             "empty: none)")
    parser.add_argument("--memory-n", type=int, default=10000, help="N for the memory check (0: skip)")
    parser.add_argument("--memory-approach", default="modules", choices=sorted(APPROACHES),
                        help="approach for the memory check (default: modules, the same module processes "
                             "without the role's own tasks)")
    parser.add_argument("--sweep-approaches", default="role,modules",
                        help="batch approaches measured at each N of the sweep (default role,modules)")
    parser.add_argument("--parallel", type=int, help="the modules' parallel option (default: the modules' default)")
    parser.add_argument("--approaches", default="role,modules,loop,uri")
    parser.add_argument("--out", default=os.path.join(BENCH, "results"))
    parser.add_argument("--workdir", help="keep everything here (default: a temporary directory, removed)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary work directory")
    parser.add_argument("--timeout", type=int, default=3600, help="seconds per ansible-playbook run")
    parser.add_argument("--profile", action="store_true",
                        help="run each batch playbook under py-spy record --subprocesses (raw stacks in "
                             "<workdir>/profiles; a summary in the JSON)")
    parser.add_argument("--quick", action="store_true", help="N=100, subset 20, no sweep, no memory check")
    parser.add_argument("--chart-python", help="a Python with matplotlib: draw <out>/time_vs_n.png with bench/chart.py")
    parser.add_argument("--from-json", metavar="FILE", action="append",
                        help="measure nothing: redo the table, targets and chart from earlier benchmark.json files "
                             "(repeat to merge runs measured separately; the first file's settings count)")
    args = parser.parse_args(argv)
    if args.quick:
        args.n, args.subset, args.sweep, args.memory_n = 100, 20, "", 0
    approaches = [a.strip() for a in args.approaches.split(",") if a.strip()]
    unknown = sorted(set(approaches) - set(APPROACHES))
    if unknown:
        parser.error("unknown approaches: %s" % ", ".join(unknown))
    sweep = sorted({int(x) for x in args.sweep.split(",") if x.strip()})

    if args.from_json:
        measured, memory = [], None
        for path in args.from_json:
            with open(path, encoding="utf-8") as handle:
                saved = json.load(handle)
            measured.extend(saved["runs"])
            if path == args.from_json[0]:
                first = saved
            if saved["settings"]["memory_n"]:
                memory = saved["settings"]
        started = datetime.datetime.strptime(first["generated_at"], "%Y-%m-%dT%H:%M:%SZ")
        memory = first["settings"] if not memory else memory
        for key in ("n", "latency_ms", "subset"):
            setattr(args, key, first["settings"][key])
        args.memory_n, args.memory_approach = memory["memory_n"], memory["memory_approach"]
        sweep = sorted(set(first["settings"]["sweep"]) | {
            r["n"] for r in measured if r["n"] != args.memory_n and not APPROACHES[r["approach"]][2]})
        args.parallel = first["settings"].get("parallel")
        args.parallel = None if str(args.parallel).startswith("module default") else args.parallel
        stopped = None
    else:
        measured, started, stopped = measure(args, approaches, sweep)
    rc = report(args, measured, started, sweep)
    return 1 if stopped else rc


def measure(args, approaches, sweep):
    """Run every case; return the runs and when the benchmark started."""
    started = datetime.datetime.now(datetime.timezone.utc)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # still stop the simulators
    bench = Bench(args)
    stopped = None
    try:
        log("simulators: CEC %s, Bright Pattern %s, latency %g ms per request" % (
            bench.sims.urls["cec"], bench.sims.urls["brightpattern"], args.latency_ms))
        for name in approaches:
            bench.case(name, min(args.subset, args.n) if APPROACHES[name][2] else args.n)
        for n in sweep:
            for name in [a.strip() for a in args.sweep_approaches.split(",") if a.strip()]:
                if n != args.n or name not in approaches:
                    bench.case(name, n)
        if args.memory_n:
            bench.case(args.memory_approach, args.memory_n)
    except Exception as exc:  # pylint: disable=broad-exception-caught
        log("!! the benchmark stopped early (%s: %s); reporting what was measured" % (type(exc).__name__, exc))
        stopped = str(exc)
    finally:
        bench.close()
    return bench.runs, started, stopped


def report(args, measured, started, sweep):
    """The table, the targets, the JSON and Markdown files and the chart."""
    rows = []
    for r in measured:
        if r["n"] == args.n or (APPROACHES[r["approach"]][2] and r["n"] == min(args.subset, args.n)):
            rows.append(scaled(r, args.n) if r["n"] != args.n else r)
    series = {}
    for r in measured:
        if not APPROACHES[r["approach"]][2]:
            series.setdefault(r["approach"], {}).setdefault(r["scenario"], {})[r["n"]] = r["wall_s"]
    for r in measured:
        if APPROACHES[r["approach"]][2]:
            for n in sorted(set(sweep + [args.n])):
                series.setdefault(r["approach"], {}).setdefault(r["scenario"], {})[n] = r["wall_s"] * n / r["n"]
    result = {
        "generated_at": started.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "settings": {"n": args.n, "latency_ms": args.latency_ms, "subset": args.subset, "sweep": sweep,
                     "memory_n": args.memory_n, "memory_approach": args.memory_approach,
                     "parallel": args.parallel or "module default (%s)" % module_default_parallel()},
        "rss_method": "each module process runs under a wrapper interpreter that forks the real one and reads "
                      "ru_maxrss from os.wait4 (the child's peak resident set size)",
        "table": rows,
        "targets": check_targets(rows, args.n, [r for r in measured if args.memory_n and r["n"] == args.memory_n
                                                and r["approach"] == args.memory_approach]),
        "where_time_went": [{
            "approach": r["approach"], "scenario": r["scenario"], "wall_s": r["wall_s"], "cpu_s": r["cpu_s"],
            "module_wall_s": r["module_wall_s"], "module_cpu_s": r["module_cpu_s"],
            "simulator_cpu_s": r["simulator_cpu_s"], "load_avg_1m": r["load_avg_1m"], "tasks": where_time_went(r),
        } for r in rows if not r.get("scale")],
        "series": {a: {s: {str(k): v for k, v in sorted(d.items())} for s, d in sc.items()} for a, sc in series.items()},
        "runs": measured,
    }
    os.makedirs(args.out, exist_ok=True)
    md = table(rows, args.n)
    heading = "%d agents × 2 systems, %g ms latency per request, %s; %d CPUs" % (
        args.n, args.latency_ms, started.strftime("%Y-%m-%d"), os.cpu_count())
    targets = "\n".join("| %s | %s | %s | %s |" % (t["target"], t["measured"], t["wanted"], "yes" if t["ok"] else "**no**")
                        for t in result["targets"])
    with open(os.path.join(args.out, "benchmark.json"), "w", encoding="utf-8") as handle:
        json.dump(result, handle, indent=1, sort_keys=False)
        handle.write("\n")
    with open(os.path.join(args.out, "benchmark.md"), "w", encoding="utf-8") as handle:
        handle.write("%s\n\n%s\n\n| target | measured | wanted | met |\n|---|---|---|---|\n%s\n" % (heading, md, targets))
    log("\n" + heading + "\n\n" + md + "\n\n| target | measured | wanted | met |\n|---|---|---|---|\n" + targets)
    log("\nwhere the time went (batch runs at N=%d): wall; CPU of ansible-playbook and children; module processes' "
        "wall and CPU; simulators' CPU; load average at the start; slowest tasks" % args.n)
    for item in result["where_time_went"]:
        log("  %-24s %-24s %6.1f s wall, %5.1f s CPU, modules %5.1f s wall %5.1f s CPU, simulators %4.1f s CPU, "
            "load %.1f" % (APPROACHES[item["approach"]][1], SCENARIOS[item["scenario"]], item["wall_s"], item["cpu_s"],
                           item["module_wall_s"], item["module_cpu_s"], item["simulator_cpu_s"] or 0,
                           item["load_avg_1m"]))
        log("      " + "; ".join("%s %.1f s" % (t["task"][:48], t["seconds"]) for t in item["tasks"][:5]))
    log("\nwrote %s and %s" % (os.path.join(args.out, "benchmark.json"), os.path.join(args.out, "benchmark.md")))
    if args.chart_python:
        subprocess.run([args.chart_python, os.path.join(BENCH, "chart.py"), os.path.join(args.out, "benchmark.json"),
                        os.path.join(args.out, "time_vs_n.png")], check=False)
    failed = [r for r in measured if r["rc"] != 0 or r["problems"]]
    for r in failed:
        log("FAILED: %s N=%d %s: exit %s %s (log: %s)" % (
            r["approach"], r["n"], r["scenario"], r["rc"], "; ".join(r["problems"]), r["log"]))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
