# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Integration harness: both simulators on loopback, and a helper that runs playbooks against them.

Run through ``make integration`` (or ``make test``), which copies the repository to
``<tmp>/ansible_collections/contactcenter/agents/`` and runs ``python -m pytest tests/integration``
there. See tests/integration/README.md.

Fixtures:

``simulators``
    Session-wide: the running CEC and Bright Pattern simulators (``.cec``, ``.brightpattern``;
    each a ``RunningSimulator`` with ``.url``, ``.sim``, ``.ca_path``).
``run_playbook(name, extra_vars=None, check=False, diff=False, env=None, verbosity=0)``
    Runs ``tests/integration/playbooks/<name>.yml`` with ``ansible-playbook`` against localhost,
    with the CEC_* and BRIGHTPATTERN_* variables pointing at the simulators, and returns a
    ``PlaybookResult`` (``rc``, ``stdout``, ``stderr``). The extra vars ``cec_sim_url`` and
    ``bp_sim_url`` give playbooks the simulators' control API for side-channel checks. If the test
    fails, the output of every playbook it ran is printed with the failure.
``steps(*steps)``
    The test file's module calls in one playbook: ``module_steps`` for the file's module ``MOD``, or
    ``fault_steps`` in a file without ``MOD`` (see steps.py).
``cec(what, body)`` / ``bp(what, body)`` / ``sim(vendor, what, body)``
    POST ``body`` to a simulator's control API, ``/_sim/<what>`` (options, seed, faults).
``sim_log(vendor)`` / ``sim_state(vendor)``
    The simulator's request log entries (``GET /_sim/log``) and its state (``GET /_sim/state``);
    ``vendor`` is ``"cec"`` or ``"brightpattern"`` (``"bp"`` also works).

Every test starts with both simulators reset (``POST /_sim/reset``).
"""
from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

COLLECTION_DIR = Path(__file__).resolve().parents[2]
COLLECTIONS_ROOT = COLLECTION_DIR.parents[2]
PLAYBOOK_DIR = COLLECTION_DIR / "tests" / "integration" / "playbooks"
PLAYBOOK_TIMEOUT = int(os.environ.get("INTEGRATION_PLAYBOOK_TIMEOUT", "600"))

if COLLECTION_DIR.parents[1].name != "ansible_collections":
    raise pytest.UsageError(
        "tests/integration must run from an ansible_collections/<namespace>/<name>/ tree "
        "(ansible-playbook has to find the collection): use `make integration`, "
        "or scripts/build_tree.sh and run pytest inside the tree it prints. Found: %s" % COLLECTION_DIR)

if str(COLLECTIONS_ROOT) not in sys.path:
    sys.path.insert(0, str(COLLECTIONS_ROOT))

# pylint: disable=wrong-import-position
from ansible_collections.contactcenter.agents.tests.simulators.brightpattern import BrightPatternSimulator  # noqa: E402
from ansible_collections.contactcenter.agents.tests.simulators.cec import CecSimulator  # noqa: E402
from ansible_collections.contactcenter.agents.tests.simulators.server import RunningSimulator  # noqa: E402
from ansible_collections.contactcenter.agents.tests.integration.reliability import control  # noqa: E402
from ansible_collections.contactcenter.agents.tests.integration.steps import run_steps  # noqa: E402

VENDOR_ALIASES = {"cec": "cec", "brightpattern": "brightpattern", "bp": "brightpattern"}


@dataclass
class Simulators:
    cec: RunningSimulator
    brightpattern: RunningSimulator

    def get(self, vendor):
        try:
            return getattr(self, VENDOR_ALIASES[vendor])
        except KeyError:
            raise ValueError("unknown simulator %r (cec, brightpattern or bp)" % (vendor,)) from None

    def __iter__(self):
        return iter((self.cec, self.brightpattern))


@dataclass
class PlaybookResult:
    name: str
    command: list
    rc: int
    stdout: str
    stderr: str
    extra_vars: dict = field(default_factory=dict)

    @property
    def ok(self):
        return self.rc == 0

    def describe(self):
        return "\n".join([
            "$ " + " ".join(self.command),
            "rc: %d" % self.rc,
            "extra vars: %s" % json.dumps(self.extra_vars, sort_keys=True),
            "----- stdout -----",
            self.stdout.rstrip(),
            "----- stderr -----",
            self.stderr.rstrip(),
        ])

    def __str__(self):
        return self.describe()

    def __repr__(self):  # short in assertion messages; the full output is printed as a section
        return "PlaybookResult(%r, rc=%d)" % (self.name, self.rc)


def _http(method, url, **kwargs):
    response = requests.request(method, url, timeout=30, **kwargs)
    response.raise_for_status()
    return response.json()


def _ansible_playbook():
    beside = Path(sys.executable).with_name("ansible-playbook")
    found = str(beside) if beside.exists() else shutil.which("ansible-playbook")
    if not found:
        raise pytest.UsageError("ansible-playbook not found next to %s or on PATH" % sys.executable)
    return found


@pytest.fixture(scope="session")
def simulators():
    cec = RunningSimulator(CecSimulator()).start()
    try:
        brightpattern = RunningSimulator(BrightPatternSimulator()).start()
    except BaseException:
        cec.stop()
        raise
    try:
        yield Simulators(cec=cec, brightpattern=brightpattern)
    finally:
        cec.stop()
        brightpattern.stop()


@pytest.fixture(autouse=True)
def _reset_simulators(simulators):
    for running in simulators:
        _http("POST", running.url + "/_sim/reset")


@pytest.fixture
def sim_log(simulators):
    def sim_log(vendor):
        return _http("GET", simulators.get(vendor).url + "/_sim/log")["entries"]
    return sim_log


@pytest.fixture
def sim_state(simulators):
    def sim_state(vendor):
        return _http("GET", simulators.get(vendor).url + "/_sim/state")
    return sim_state


def simulator_credentials(simulators):
    """The simulators' connection settings as a user fills them in (required fields plus the Bright Pattern
    tenant): {"cec": {url, app_key, app_secret}, "brightpattern": {url, client_id, client_secret, tenant}}."""
    cec, bp = simulators.cec, simulators.brightpattern
    return {
        "cec": {"url": cec.url, "app_key": str(cec.sim.options["app_key"]),
                "app_secret": str(cec.sim.options["app_secret"])},
        "brightpattern": {"url": bp.url, "client_id": str(bp.sim.options["client_id"]),
                          "client_secret": str(bp.sim.options["client_secret"]),
                          "tenant": str(bp.sim.options["tenant"])},
    }


def simulator_environment(simulators):
    """The connection variables a user would export (CEC_URL, ..., BRIGHTPATTERN_TENANT), pointing at the
    simulators: the module options' environment fallbacks, named after the settings above."""
    prefixes = {"cec": "CEC_", "brightpattern": "BRIGHTPATTERN_"}
    return {prefixes[system] + name.upper(): value
            for system, settings in simulator_credentials(simulators).items() for name, value in settings.items()}


@pytest.fixture
def run_playbook(request, simulators, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("playbook")
    runs = request.node.playbook_runs = []

    def run_playbook(name, extra_vars=None, check=False, diff=False, env=None, verbosity=0, inventory=None,
                     limit=None):
        """Run tests/integration/playbooks/<name>.yml against localhost; return a PlaybookResult.

        ``env`` is merged into the environment last; a value of None removes that variable.
        """
        if "/" in name:  # a path inside the collection, e.g. playbooks/onboard.yml
            playbook = COLLECTION_DIR / name
        else:
            playbook = PLAYBOOK_DIR / (name if name.endswith((".yml", ".yaml")) else name + ".yml")
        if not playbook.is_file():
            raise FileNotFoundError("no playbook %s" % playbook)
        all_vars = {"cec_sim_url": simulators.cec.url, "bp_sim_url": simulators.brightpattern.url}
        all_vars.update(extra_vars or {})
        vars_file = workdir / ("extra_vars_%d.json" % (len(runs) + 1))
        vars_file.write_text(json.dumps(all_vars), encoding="utf-8")

        environ = dict(os.environ)
        environ.update(simulator_environment(simulators))
        environ.update({
            "ANSIBLE_COLLECTIONS_PATH": str(COLLECTIONS_ROOT),
            "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
            "ANSIBLE_HOME": str(workdir / "ansible_home"),
            "ANSIBLE_LOCAL_TEMP": str(workdir / "ansible_tmp"),
            "ANSIBLE_RETRY_FILES_ENABLED": "false",
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_FORCE_COLOR": "0",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(COLLECTIONS_ROOT), os.environ.get("PYTHONPATH")])),
        })
        environ.pop("ANSIBLE_CONFIG", None)
        for key, value in (env or {}).items():
            if value is None:
                environ.pop(key, None)
            else:
                environ[key] = str(value)

        hosts = ["-i", str(inventory)] if inventory else ["-i", "localhost,", "-c", "local"]
        command = [_ansible_playbook(), str(playbook.relative_to(COLLECTION_DIR))] + hosts + ["-e", "@" + str(vars_file)]
        if limit:
            command += ["--limit", limit]
        if check:
            command.append("--check")
        if diff:
            command.append("--diff")
        if verbosity:
            command.append("-" + "v" * verbosity)
        proc = subprocess.run(command, cwd=str(COLLECTION_DIR), env=environ, capture_output=True, text=True,
                              timeout=PLAYBOOK_TIMEOUT, check=False)
        result = PlaybookResult(name=name, command=command, rc=proc.returncode, stdout=proc.stdout,
                                stderr=proc.stderr, extra_vars=all_vars)
        runs.append(result)
        return result

    return run_playbook


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):  # pylint: disable=unused-argument
    """Print the output of every playbook a failed test ran."""
    report = yield
    if report.failed:
        for number, result in enumerate(getattr(item, "playbook_runs", []), 1):
            report.sections.append(("playbook run %d: %s (rc %d)" % (number, result.name, result.rc),
                                    result.describe()))
    return report


@pytest.fixture
def sim_credentials(simulators):
    """simulator_credentials(): a fresh copy per test, which a test may change."""
    return simulator_credentials(simulators)


@pytest.fixture
def sim_control(simulators):
    """sim_control(vendor, what, body): POST ``body`` to the simulator's /_sim/<what> (options, seed, faults)."""
    def sim_control(vendor, what, body):
        return control(simulators, vendor, what, body)
    return sim_control


@pytest.fixture
def module_steps(run_playbook, sim_log, tmp_path):
    """module_steps(default_module, *steps, verbosity=0): run module calls in one playbook (see steps.py)."""
    def module_steps(default_module, *items, verbosity=0):
        items = [dict(item, module=item.get("module", default_module)) for item in items]
        return run_steps(run_playbook, sim_log, tmp_path, items, verbosity=verbosity)
    return module_steps


@pytest.fixture
def fault_steps(run_playbook, sim_log, tmp_path):
    """fault_steps(*steps, **options): module calls with faults injected before each (see steps.py)."""
    def fault_steps(*items, **kwargs):
        return run_steps(run_playbook, sim_log, tmp_path, list(items), **kwargs)
    return fault_steps


@pytest.fixture
def steps(request):
    """module_steps bound to the test file's module ``MOD``; in a file without ``MOD``, fault_steps."""
    module = getattr(request.module, "MOD", None)
    if module is None:
        return request.getfixturevalue("fault_steps")
    return functools.partial(request.getfixturevalue("module_steps"), module)


@pytest.fixture
def sim(sim_control):
    """Control a simulator: sim(vendor, "options" | "seed" | "faults", body)."""
    return sim_control


@pytest.fixture
def cec(sim_control):
    """Control the CEC simulator: cec("options" | "seed" | "faults", body)."""
    return functools.partial(sim_control, "cec")


@pytest.fixture
def bp(sim_control):
    """Control the Bright Pattern simulator: bp("options" | "seed" | "faults", body)."""
    return functools.partial(sim_control, "brightpattern")
