# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""No secret ever shows: the module and role scenarios run at -vvvv, with diff, in check mode and for real,
failures included; stdout, stderr, the registered results, the role's JSON and Markdown reports and every file
the runs wrote are scanned for every password, app secret, client secret and token that was used.

Not scanned: the extra-vars files the test itself hands to ansible-playbook (its input), and the role's
password store (onboarding_password_dir), whose job is to keep the generated initial passwords, in 0600 files.
"""
from __future__ import annotations

import os

import requests

from ansible_collections.contactcenter.agents.tests.integration.reliability import (
    CEC_API, CEC_TOKEN, control, exact, note)
from ansible_collections.contactcenter.agents.tests.integration.steps import run_steps

OLD, WRONG_OLD = "Old-Secret-Pw1!", "Wrong-Old-Pw2!"
CEC_PASSWORDS = ["Create-Secret-Pw3!", "Batch-Secret-Pw4!", "Batch-Secret-Pw5!", "Rule Breaking \u00fc6",
                 "Changed-Secret-Pw7!", "Never-Set-Pw8!", "Lost-Change-Pw9!"]
BP_PASSWORDS = ["Bp-Create-Secret-1", "Bp-Batch-Secret-2", "Bp-Batch-Secret-3", "Bp-Always-Secret-4",
                "Bp-Refused-Secret-5"]
WRONG_APP_SECRET, WRONG_CLIENT_SECRET = "Wrong-App-Secret-10", "Wrong-Client-Secret-11"
ROLE_PASSWORD = "Role-Inventory-Pw12!"
TENANT_HEADER = "Tenant-Secret-13"  # cec_extra_headers values are secrets too


def cec_agent(account, password, **more):
    out = {"user_account": account, "user_name": "Secret Test", "email": "secret@example.com", "agent_type": "audio",
           "role": "agent", "password": password}
    out.update(more)
    return out


def bp_user(login, password, **more):
    out = {"login_id": login, "first_name": "Secret", "last_name": "Test", "team": "Sales", "password": password}
    out.update(more)
    return out


def module_steps(app_secret, client_secret, given_token):
    cec, bp = CEC_PASSWORDS, BP_PASSWORDS
    change = {"update_password": "always", "old_password": OLD}
    return [
        {"module": "cec_agent_account", "check": True, "args": cec_agent("sec.single", cec[0], cec_app_secret=app_secret)},
        {"module": "cec_agent_account", "args": cec_agent("sec.single", cec[0], cec_app_secret=app_secret)},
        {"module": "cec_agent_account", "fail": True,
         "args": {"agents": [cec_agent("sec.batch1", cec[1]), cec_agent("sec.batch2", cec[2]),
                             cec_agent("sec.badrule", cec[3])]}},
        {"module": "cec_agent_account", "args": dict({"user_account": "sec.exist1", "password": cec[4]}, **change)},
        {"module": "cec_agent_account", "fail": True,
         "args": {"user_account": "sec.exist2", "password": cec[5], "update_password": "always",
                  "oldPassWord": WRONG_OLD}},
        {"module": "cec_agent_account", "fail": True,
         "args": cec_agent("sec.nosecret", cec[0], cec_app_secret=WRONG_APP_SECRET)},
        {"module": "cec_agent_account", "args": cec_agent("sec.token", cec[0], cec_access_token=given_token,
                                                          cec_extra_headers={"X-TenantSpaceID": TENANT_HEADER})},
        {"module": "cec_agent_account", "fail": True,
         "args": {"agents": [dict({"user_account": "sec.exist3", "password": cec[6]}, **change)]},
         "cec_faults": [{"path": exact(CEC_API + "update"), "kind": "drop_response", "count": 1}]},
        {"module": "cec_agent_account_info", "args": {"cec_app_secret": app_secret}},
        {"module": "brightpattern_user", "check": True,
         "args": bp_user("sec.single", bp[0], brightpattern_client_secret=client_secret)},
        {"module": "brightpattern_user", "args": bp_user("sec.single", bp[0], brightpattern_client_secret=client_secret)},
        {"module": "brightpattern_user",
         "args": {"users": [bp_user("sec.batch1", bp[1]), bp_user("sec.batch2", bp[2])]}},
        {"module": "brightpattern_user", "args": {"login_id": "sec.single", "password": bp[3],
                                                  "update_password": "always"}},
        {"module": "brightpattern_user", "fail": True,
         "args": bp_user("sec.refused", bp[4], brightpattern_client_secret=WRONG_CLIENT_SECRET)},
        {"module": "brightpattern_user", "fail": True, "args": {"users": [bp_user("sec.failed", bp[4])]},
         "bp_faults": [{"path": "^/configapi/v2/user$", "method": "POST", "status": 503, "count": 1}]},
        {"module": "brightpattern_user_info", "args": {"brightpattern_client_secret": client_secret}},
    ]


def test_no_secret_in_any_output_or_file(run_playbook, sim_log, simulators, tmp_path):
    cec_sim, bp_sim = simulators.cec.sim, simulators.brightpattern.sim
    app_secret, client_secret = cec_sim.options["app_secret"], bp_sim.options["client_secret"]
    # The lenient reading of the CEC docs (test_dialects_cec.py covers the others): these passwords are longer
    # than 8 characters, and a password change needs a server that says which password is in force.
    control(simulators, "cec", "options", {"dialect": "lenient"})
    control(simulators, "cec", "seed", {"agents": [
        {"userAccount": account, "userName": "Existing", "email": "e@example.com", "phone": "", "agentType": 4,
         "ccRoleId": 2, "skills": [], "password": OLD} for account in ("sec.exist1", "sec.exist2", "sec.exist3")]})
    given_token = requests.post(simulators.cec.url + CEC_TOKEN, headers={"X-Token-Expire": "600"}, timeout=10, json={
        "app_key": cec_sim.options["app_key"], "app_secret": app_secret}).json()["AccessToken"]

    work = tmp_path / "work"  # everything the runs write goes below here
    env = {"ANSIBLE_HOME": work / "ansible_home", "ANSIBLE_LOCAL_TEMP": work / "ansible_tmp",
           "ANSIBLE_REMOTE_TMP": work / "remote_tmp"}
    tokens = set()
    runs = []

    def seen_tokens():
        tokens.update(cec_sim.tokens)
        tokens.update(bp_sim.tokens)

    work.mkdir()
    steps = run_steps(run_playbook, sim_log, work, module_steps(app_secret, client_secret, given_token),
                      verbosity=4, env=env, diff=True)
    runs.append(steps[0].playbook)
    seen_tokens()
    failed = [s.result.get("msg", "") for s in steps if s.result.get("failed")]
    assert len(failed) == 6, failed  # the failures happened, and are part of the scan

    # the role, in list mode: a plan in check mode, then a real run; one person fails in both
    role_vars = {
        "onboarding_agents": [
            {"account": "sec.role1", "first_name": "Role", "last_name": "One", "email": "r1@example.com"},
            {"account": "sec.role2", "first_name": "Role", "last_name": "Two", "email": "r2@example.com",
             "password": ROLE_PASSWORD},
            {"account": "sec.role3", "first_name": "Role", "last_name": "Three", "email": "r3@example.com",
             "cec": {"skills": {"No Such Queue": 1}}}],
        "onboarding_defaults": {"cec": {"agent_type": "audio", "role": "agent", "skills": {"Sales": 2}},
                                "brightpattern": {"team": "Sales", "roles": ["Agent"]}},
        "onboarding_password_dir": str(tmp_path / "passwords"),
        "onboarding_report_dir": str(work / "reports"),
        "onboarding_cec_app_secret": app_secret,
        "onboarding_brightpattern_client_secret": client_secret}
    plan = run_playbook("onboarding_list", role_vars, check=True, diff=True, verbosity=4, env=env)
    assert plan.rc == 2 and "No Such Queue" in plan.stdout, plan  # the unknown queue fails sec.role3 already
    seen_tokens()
    apply = run_playbook("onboarding_list", role_vars, diff=True, verbosity=4, env=env)
    assert apply.rc == 2 and "No Such Queue" in apply.stdout, apply
    seen_tokens()
    runs += [plan, apply]
    generated = [p.read_text().strip() for p in (tmp_path / "passwords").glob("*/*")]
    assert len(generated) == 3  # sec.role1 in both systems, sec.role3 in Bright Pattern (its CEC create never went out)

    secrets = set(CEC_PASSWORDS + BP_PASSWORDS + [OLD, WRONG_OLD, WRONG_APP_SECRET, WRONG_CLIENT_SECRET,
                                                  ROLE_PASSWORD, TENANT_HEADER, app_secret, client_secret,
                                                  given_token])
    secrets |= tokens | set(generated)
    assert len(tokens) >= 10, tokens  # one per module run that talked to a simulator

    texts = {"run %d %s" % (n, part): getattr(run, part) for n, run in enumerate(runs) for part in ("stdout", "stderr")}
    files = [p for p in work.rglob("*") if p.is_file()]
    assert any(p.name.startswith("steps_") for p in files)  # the registered results
    reports = {p.name for p in (work / "reports").iterdir()}
    assert reports >= {"onboarding-plan.json", "onboarding-plan.md", "onboarding-result.json", "onboarding-result.md"}
    for path in files:
        texts[str(path.relative_to(work))] = path.read_bytes().decode("utf-8", "replace")
    found = sorted((secret, where) for secret in secrets for where, text in texts.items() if secret in text)
    assert found == []
    assert sum(len(t) for t in texts.values()) > 100000  # -vvvv really was verbose
    note("secrets", secrets=len(secrets), texts=len(texts), files=len(files), found=len(found),
         bytes=sum(len(t) for t in texts.values()))
    assert os.path.isdir(tmp_path / "passwords")
