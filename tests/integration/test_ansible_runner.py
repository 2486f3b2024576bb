# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The onboarding job templates as AWX runs them: through ansible-runner, with AWX's credential injection.

AWX (and Automation Controller) runs a job by writing a private data directory (``project/``,
``inventory/``, ``env/envvars``, ``env/extravars``, ``env/cmdline``) and handing it to
ansible-runner inside the execution environment. These tests do the same with:

- the project of docs/awx/project/ (``onboard.yml``) and the agents of examples/inventory/,
  imported the way an AWX inventory source imports them (``ansible-inventory --list --export``)
  and written back as AWX writes a job's inventory (an executable script printing JSON);
- the credentials of docs/awx/credential_types/, whose injector templates are rendered the way
  AWX's ``CredentialType.inject_credential`` renders them (sandboxed Jinja, empty fields left
  out of the namespace, every ``env`` injector set);
- the survey answers and AWX's own ``awx_*`` variables as extra vars, and ``--check`` for a
  job template of job type "Check".

They then read the job's artifacts as AWX does: status and rc, the host summary (stats), the host
events, and the ``set_stats`` data of the ``playbook_on_stats`` event (AWX's job artifacts).
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import ansible_runner
import jsonschema
import pytest
import yaml
from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ansible_collections.contactcenter.agents.tests.integration.conftest import COLLECTION_DIR, COLLECTIONS_ROOT, PLAYBOOK_TIMEOUT
from ansible_collections.contactcenter.agents.tests.integration.steps import log_positions, writes

AWX_DIR = COLLECTION_DIR / "docs" / "awx"
CREDENTIAL_TYPES = {"cec": AWX_DIR / "credential_types" / "cec.yml",
                    "brightpattern": AWX_DIR / "credential_types" / "brightpattern.yml"}
SURVEY = AWX_DIR / "survey_onboard.yml"
PROJECT = AWX_DIR / "project"
INVENTORY = COLLECTION_DIR / "examples" / "inventory"
DOC_FRAGMENTS = COLLECTION_DIR / "plugins" / "doc_fragments"
ARGUMENT_SPECS = COLLECTION_DIR / "roles" / "onboarding" / "meta" / "argument_specs.yml"
OUTCOME_TASK = "Outcome of this agent"

# AWX's schema for CredentialType.inputs (awx/main/fields.py, CredentialTypeInputField.schema).
AWX_INPUTS_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "required": {"type": "array", "items": {"type": "string"}},
        "fields": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "type": {"enum": ["string", "boolean"]},
                    "format": {"enum": ["ssh_private_key", "url"]},
                    "choices": {"type": "array", "minItems": 1, "items": {"type": "string"}, "uniqueItems": True},
                    "id": {"type": "string", "pattern": "^[a-zA-Z_]+[a-zA-Z0-9_]*$"},
                    "label": {"type": "string"},
                    "help_text": {"type": "string"},
                    "multiline": {"type": "boolean"},
                    "secret": {"type": "boolean"},
                    "ask_at_runtime": {"type": "boolean"},
                    "default": {},
                },
                "additionalProperties": False,
                "required": ["id", "label"],
            },
        },
    },
}
# ... and for CredentialType.injectors (CredentialTypeInjectorField.schema).
AWX_INJECTORS_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "file": {"type": "object", "patternProperties": {r"^template(\.[a-zA-Z_]+[a-zA-Z0-9_]*)?$": {"type": "string"}},
                 "additionalProperties": False},
        "env": {"type": "object",
                "patternProperties": {"^[a-zA-Z_]+[a-zA-Z0-9_]*$": {"type": "string", "pattern": "^[\x00-\x7F]*$"}},
                "additionalProperties": False},
        "extra_vars": {"type": "object", "patternProperties": {"^[a-zA-Z_]+[a-zA-Z0-9_]*$": {"type": "string"}},
                       "additionalProperties": False},
    },
}
# Environment variables AWX refuses to inject (awx/main/constants.py ENV_BLOCKLIST, and the ANSIBLE_ prefix).
AWX_ENV_BLOCKLIST = {"VIRTUAL_ENV", "PATH", "PYTHONPATH", "JOB_ID", "INVENTORY_ID", "INVENTORY_SOURCE_ID",
                     "INVENTORY_UPDATE_ID", "AD_HOC_COMMAND_ID", "REST_API_URL", "REST_API_TOKEN", "MAX_EVENT_RES",
                     "CALLBACK_QUEUE", "CALLBACK_CONNECTION", "CACHE", "JOB_CALLBACK_DEBUG", "INVENTORY_HOSTVARS",
                     "AWX_HOST", "PROJECT_REVISION", "SUPERVISOR_CONFIG_PATH"}
# AWX survey question types (awx/main/models/mixins.py, SurveyJobTemplateMixin).
AWX_SURVEY_TYPES = {"text", "textarea", "password", "integer", "float", "multiplechoice", "multiselect"}


# ------------------------------------------------------------------ AWX's side, reproduced
def load_yaml(path):
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def credential_type(vendor):
    return load_yaml(CREDENTIAL_TYPES[vendor])


def inject(ctype, inputs):
    """The environment AWX gives a job for a credential of ``ctype`` with ``inputs``.

    Mirrors CredentialType.inject_credential: only non-empty inputs (and booleans) enter the
    template namespace, missing booleans are False, and every ``env`` injector is set, rendered
    with a sandboxed Jinja environment (undefined names render empty).
    """
    namespace = {}
    for name, value in inputs.items():
        if isinstance(value, bool) or len(value):
            namespace[name] = value
    for field in ctype["inputs"].get("fields", []):
        if field.get("type") == "boolean" and field["id"] not in inputs:
            namespace[field["id"]] = False
    sandbox = ImmutableSandboxedEnvironment()
    return {var: sandbox.from_string(template).render(**namespace) for var, template in ctype["injectors"]["env"].items()}


def documented_env_vars(fragment):
    """The E(...) environment variables named by a doc fragment (plugins/doc_fragments/<fragment>.py)."""
    return set(re.findall(r"E\(([A-Z_]+)\)", (DOC_FRAGMENTS / (fragment + ".py")).read_text(encoding="utf-8")))


def awx_inventory_script(source, dest):
    """Import ``source`` like an AWX inventory source, and write it like AWX writes a job's inventory."""
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(COLLECTIONS_ROOT))
    proc = subprocess.run([str(Path(sys.executable).with_name("ansible-inventory")), "-i", str(source), "--list", "--export"],
                          capture_output=True, text=True, env=env, check=True, timeout=PLAYBOOK_TIMEOUT)
    data = json.loads(proc.stdout)
    dest.mkdir(parents=True)
    script = dest / "hosts"
    script.write_text("#!%s\n# -*- coding: utf-8 -*-\nimport json\nprint(json.dumps(json.loads(%r)))\n"
                      % (sys.executable, json.dumps(data)), encoding="utf-8")
    script.chmod(0o700)
    return data


class AwxJob:
    """One job of a job template: a private data directory handed to ansible-runner."""

    def __init__(self, root, env, extra_vars, check=False, limit=None):
        self.root = root
        (root / "project").mkdir(parents=True)
        for item in PROJECT.rglob("*"):
            if item.is_file():
                target = root / "project" / item.relative_to(PROJECT)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(item.read_bytes())
        self.inventory = awx_inventory_script(INVENTORY, root / "inventory")
        (root / "env").mkdir()
        (root / "env" / "envvars").write_text(json.dumps(env), encoding="utf-8")
        (root / "env" / "extravars").write_text(json.dumps(extra_vars), encoding="utf-8")
        cmdline = []
        if check:
            cmdline.append("--check")
        if limit:
            cmdline += ["--limit", limit]
        if cmdline:
            (root / "env" / "cmdline").write_text(" ".join(cmdline), encoding="utf-8")
        self.runner = None
        self.events = []
        self.name = "job %s (%s)" % (root.name, " ".join(cmdline) or "run")

    @property
    def rc(self):
        return self.runner.rc if self.runner else -1

    def run(self):
        self.runner = ansible_runner.run(private_data_dir=str(self.root), playbook="onboard.yml", quiet=True,
                                         timeout=PLAYBOOK_TIMEOUT)
        self.events = list(self.runner.events)
        return self

    @property
    def stdout(self):
        if not self.runner:
            return ""
        with self.runner.stdout as stdout:
            return stdout.read()

    def artifacts(self):
        """What AWX stores as the job's artifacts: the set_stats data of the playbook_on_stats event."""
        stats = [e for e in self.events if e["event"] == "playbook_on_stats"]
        assert len(stats) == 1, "no playbook_on_stats event"
        return stats[0]["event_data"].get("artifact_data", {})

    def host_outcomes(self):
        """Per host, the events of the role's per-agent outcome task: {host: (event, changed)}."""
        out = {}
        for event in self.events:
            data = event.get("event_data", {})
            if event["event"].startswith("runner_on_") and data.get("task") == OUTCOME_TASK:
                out[data["host"]] = (event["event"], bool(data.get("res", {}).get("changed")))
        return out

    def describe(self):
        if not self.runner:
            return "job %s: not run" % self.root
        return "job %s: status %s, rc %s\n%s" % (self.root, self.runner.status, self.runner.rc, self.stdout)


# ------------------------------------------------------------------ fixtures
@pytest.fixture
def credentials(sim_credentials):
    """The job's credentials as a user fills them in: required fields only, plus the Bright Pattern tenant."""
    return sim_credentials


@pytest.fixture
def awx_job(request, run_playbook, credentials, tmp_path, monkeypatch):
    """Run a job of the onboarding job template; returns the finished AwxJob.

    Jobs join the harness's list of playbook runs, so a failing test prints their output.
    """
    del run_playbook  # only requested so that request.node.playbook_runs exists
    # A job's environment holds only what AWX and its credentials put there.
    for name in list(os.environ):
        if name.startswith(("CEC_", "BRIGHTPATTERN_")):
            monkeypatch.delenv(name)
    # ansible-runner starts the ansible-playbook found on PATH: the one of the Python running the tests.
    monkeypatch.setenv("PATH", os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    runs = request.node.playbook_runs
    shared = tmp_path / "shared"  # storage that outlives a job (see docs/awx.md on passwords)

    def run(check=False, limit=None, survey=None, reports=False):
        number = len([r for r in runs if isinstance(r, AwxJob)]) + 1
        env = {"JOB_ID": str(number), "ANSIBLE_COLLECTIONS_PATH": str(COLLECTIONS_ROOT),
               "ANSIBLE_HOME": str(tmp_path / "ansible_home"), "ANSIBLE_LOCAL_TEMP": str(tmp_path / "ansible_tmp"),
               "ANSIBLE_RETRY_FILES_ENABLED": "False", "ANSIBLE_INVENTORY_UNPARSED_FAILED": "True", "ANSIBLE_NOCOLOR": "1"}
        for vendor, inputs in credentials.items():
            env.update(inject(credential_type(vendor), inputs))
        extra_vars = {"awx_job_id": number, "awx_job_template_name": "Agent drift report" if check else "Onboard agents",
                      "awx_job_launch_type": "manual", "awx_user_name": "admin",
                      "onboarding_password_dir": str(shared / "passwords")}
        if reports:  # JSON and Markdown reports besides the artifacts (slower: three more tasks)
            extra_vars["onboarding_report_dir"] = str(tmp_path / ("job%d" % number) / "reports")
        extra_vars.update(survey or {})
        job = AwxJob(tmp_path / ("job%d" % number), env, extra_vars, check=check, limit=limit)
        runs.append(job)
        return job.run()

    return run


def total(artifacts):
    return artifacts["onboarding"]["counts"]["total"]


# ------------------------------------------------------------------ the definitions
@pytest.mark.parametrize("vendor", sorted(CREDENTIAL_TYPES))
def test_credential_type_is_valid_for_awx(vendor):
    ctype = credential_type(vendor)
    assert set(ctype) == {"name", "description", "kind", "inputs", "injectors"}
    assert ctype["kind"] == "cloud"  # attachable to a job template next to a machine credential
    jsonschema.validate(ctype["inputs"], AWX_INPUTS_SCHEMA)
    jsonschema.validate(ctype["injectors"], AWX_INJECTORS_SCHEMA)
    ids = [f["id"] for f in ctype["inputs"]["fields"]]
    assert len(ids) == len(set(ids)) and "tower" not in ids
    assert set(ctype["inputs"]["required"]) <= set(ids)
    for field in ctype["inputs"]["fields"]:
        if "default" in field:
            assert isinstance(field["default"], {"string": str, "boolean": bool}[field.get("type", "string")])
        if "choices" in field and "default" in field:
            assert field["default"] in field["choices"]
    # AWX's own check: every template renders with StrictUndefined when each field is "EXAMPLE".
    strict = ImmutableSandboxedEnvironment(undefined=StrictUndefined)
    for var, template in ctype["injectors"]["env"].items():
        assert not var.startswith("ANSIBLE_") and var not in AWX_ENV_BLOCKLIST
        strict.from_string(template).render(dict.fromkeys(ids, "EXAMPLE"))
    # Secrets are marked secret, so AWX encrypts them and masks them in job_env.
    secrets = {"cec": {"app_secret", "extra_headers"}, "brightpattern": {"client_secret"}}[vendor]
    assert {f["id"] for f in ctype["inputs"]["fields"] if f.get("secret")} == secrets


@pytest.mark.parametrize("vendor", sorted(CREDENTIAL_TYPES))
def test_credential_type_injects_the_documented_variables(vendor):
    injected = set(credential_type(vendor)["injectors"]["env"])
    documented = documented_env_vars(vendor)
    assert injected <= documented
    # CEC_ACCESS_TOKEN lives at most an hour: a stored credential would go stale (docs/awx.md).
    assert documented - injected == ({"CEC_ACCESS_TOKEN"} if vendor == "cec" else set())


def test_empty_optional_fields_inject_values_the_modules_accept():
    cec = inject(credential_type("cec"), {"url": "https://cec.example.com", "app_key": "k", "app_secret": "s",
                                          "token_url": ""})
    assert cec == {"CEC_URL": "https://cec.example.com", "CEC_APP_KEY": "k", "CEC_APP_SECRET": "s", "CEC_TOKEN_URL": "",
                   "CEC_BODY_SHAPE": "", "CEC_EXTRA_HEADERS": ""}  # the modules take an empty value for unset
    bp = inject(credential_type("brightpattern"), {"url": "https://bp.example.com", "client_id": "i", "client_secret": "s"})
    # An empty tenant means "the URL's host name" to the modules; an empty auth would fail their choices.
    assert bp["BRIGHTPATTERN_TENANT"] == "" and bp["BRIGHTPATTERN_AUTH"] == "oauth"
    assert inject(credential_type("brightpattern"), {"url": "u", "client_id": "i", "client_secret": "s",
                                                     "auth": "digest"})["BRIGHTPATTERN_AUTH"] == "digest"


def test_survey_asks_for_role_options_with_their_choices():
    survey = load_yaml(SURVEY)
    assert set(survey) == {"name", "description", "spec"}
    options = load_yaml(ARGUMENT_SPECS)["argument_specs"]["main"]["options"]
    for question in survey["spec"]:
        assert question["type"] in AWX_SURVEY_TYPES
        assert {"question_name", "variable", "required"} <= set(question)
        variable = question["variable"]
        if variable == "onboarding_hosts":  # the playbook's, not the role's
            continue
        assert variable in options, "%s is not an option of the onboarding role" % variable
        if "choices" in question:
            choices = question["choices"] if isinstance(question["choices"], list) else question["choices"].split("\n")
            assert set(choices) == set(options[variable]["choices"])


def test_project_playbook_is_the_collections_playbook():
    """docs/awx/project/onboard.yml repeats playbooks/onboard.yml's play (comments aside): they must not drift apart."""
    assert load_yaml(PROJECT / "onboard.yml") == load_yaml(COLLECTION_DIR / "playbooks" / "onboard.yml")


# ------------------------------------------------------------------ the jobs
def test_drift_report_and_onboarding_jobs(awx_job, sim_log, run_playbook):
    # 1. The check-mode job template ("Agent drift report") against empty systems: everyone is drift.
    plan = awx_job(check=True)
    assert (plan.runner.status, plan.runner.rc) == ("successful", 0), plan.describe()
    agents = sorted(plan.inventory["_meta"]["hostvars"])
    assert len(agents) > 1
    assert writes(sim_log) == ([], [])  # a check job reads only
    artifacts = plan.artifacts()
    assert artifacts["onboarding"]["mode"] == "check"
    assert artifacts["onboarding"]["failed"] == []
    planned = total(artifacts)
    assert planned["created"] > 0 and planned["failed"] == 0
    assert plan.host_outcomes() == {h: ("runner_on_ok", True) for h in agents}
    assert plan.runner.stats["changed"] == dict.fromkeys(agents, 1)

    # 2. The onboarding job template (job type "Run"), with a survey answer.
    before = log_positions(sim_log)
    apply = awx_job(survey={"onboarding_brightpattern_on_unsupported_change": "warn"}, reports=True)
    assert (apply.runner.status, apply.runner.rc) == ("successful", 0), apply.describe()
    artifacts = apply.artifacts()
    assert artifacts["onboarding"]["mode"] == "apply"
    assert total(artifacts) == planned  # the drift report predicted exactly this run
    cec_writes, bp_writes = writes(sim_log, before)
    assert len(cec_writes) == artifacts["onboarding"]["counts"]["cec"]["created"]
    assert len(bp_writes) == artifacts["onboarding"]["counts"]["brightpattern"]["created"]
    assert apply.host_outcomes() == {h: ("runner_on_ok", True) for h in agents}
    assert not apply.runner.stats.get("failures")
    report = json.loads((apply.root / "reports" / "onboarding-result.json").read_text(encoding="utf-8"))
    assert report["counts"] == artifacts["onboarding"]["counts"]

    # 3. Someone changes an agent by hand. The next scheduled drift report shows that agent, and only it:
    #    everyone else is unchanged, nothing is written.
    row = next(r for r in report["rows"] if r["system"] == "cec")
    drift = run_playbook("eco_drift", extra_vars={"drift_account": row["key"]})
    assert drift.rc == 0, drift
    before = log_positions(sim_log)
    drifted = awx_job(check=True, reports=True)
    assert (drifted.runner.status, drifted.runner.rc) == ("successful", 0), drifted.describe()
    onboarding = drifted.artifacts()["onboarding"]
    assert onboarding["counts"]["cec"]["updated"] == 1
    assert total(drifted.artifacts()) == dict(planned, created=0, updated=1, unchanged=planned["created"] - 1)
    assert drifted.runner.stats["changed"] == {row["host"]: 1}
    assert drifted.host_outcomes() == {h: ("runner_on_ok", h == row["host"]) for h in agents}
    assert writes(sim_log, before) == ([], [])
    plan = json.loads((drifted.root / "reports" / "onboarding-plan.json").read_text(encoding="utf-8"))
    assert [(r["host"], r["operation"], r["changed_fields"]) for r in plan["rows"] if r["status"] == "changed"] == \
        [(row["host"], "update", ["role"])]


def test_job_with_refused_credentials_fails(awx_job, credentials, sim_log):
    """A refused credential fails the job (AWX's "on failure" notifications fire) and names who failed."""
    credentials["brightpattern"]["client_secret"] = "not-the-secret"
    agent = "ann.lee"
    # Launched with a Limit and a survey answer, as from AWX's launch prompts.
    job = awx_job(check=True, limit=agent, survey={"onboarding_systems": ["brightpattern"]})
    assert (job.runner.status, job.runner.rc) == ("failed", 2), job.describe()
    onboarding = job.artifacts()["onboarding"]
    assert onboarding["counts"]["brightpattern"]["failed"] == 1
    assert onboarding["failed"] == [agent]
    assert job.host_outcomes() == {agent: ("runner_on_failed", False)}
    assert job.runner.stats["failures"] == {agent: 1}
    assert "not-the-secret" not in job.stdout
    assert writes(sim_log) == ([], [])
