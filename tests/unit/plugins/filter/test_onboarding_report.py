# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""onboarding_report and onboarding_report_text: module results -> rows, counts, per-host outcomes, text."""
from __future__ import annotations

import json

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.contactcenter.agents.plugins.filter.onboarding_report import FilterModule as Report
from ansible_collections.contactcenter.agents.plugins.filter.onboarding_report_text import FilterModule as Text

report = Report().filters()["onboarding_report"]
text = Text().filters()["onboarding_report_text"]

SECRET = "Never-In-Report-1"
ANN = {"account": "ann.lee", "password": SECRET, "cec": {}, "brightpattern": {"login_id": "alee"},
       "_host": "ann.lee", "_source": "ann.lee"}
BOB = {"account": "bob.kim", "cec": {}, "brightpattern": None, "_host": "bob.kim", "_source": "bob.kim"}
CARL = {"account": "carl.bp1", "cec": None, "brightpattern": {}, "_host": "carl.bp1", "_source": "carl.bp1"}
CEC = {"changed": True, "results": [
    {"user_account": "ann.lee", "changed": True, "operation": "create", "failed": False,
     "changed_fields": ["user_name", "email", "password"], "agent": {"user_account": "ann.lee"}},
    {"user_account": "bob.kim", "changed": False, "operation": "none", "failed": True, "changed_fields": [],
     "msg": "skills: unknown skill queue 'Klingon'"}]}
BP = {"changed": False, "results": [
    {"login_id": "alee", "changed": False, "operation": "none", "failed": False, "changed_fields": []},
    {"login_id": "carl.bp1", "changed": True, "operation": "update", "failed": False, "changed_fields": ["skills"]}]}


def test_rows_counts_and_hosts():
    out = report([ANN, BOB, CARL], {"cec": CEC, "brightpattern": BP}, check_mode=True)
    assert out["mode"] == "check" and out["systems"] == ["cec", "brightpattern"]
    assert [(r["agent"], r["system"], r["key"], r["operation"], r["status"]) for r in out["rows"]] == [
        ("ann.lee", "cec", "ann.lee", "create", "changed"), ("ann.lee", "brightpattern", "alee", "unchanged", "ok"),
        ("bob.kim", "cec", "bob.kim", "-", "failed"), ("carl.bp1", "brightpattern", "carl.bp1", "update", "changed")]
    assert out["rows"][0]["changed_fields"] == ["email", "password", "user_name"]
    assert out["counts"]["cec"] == {"created": 1, "updated": 0, "deleted": 0, "unchanged": 0, "failed": 1}
    assert out["counts"]["total"] == {"created": 1, "updated": 1, "deleted": 0, "unchanged": 1, "failed": 1}
    assert out["failed"] == [{"agent": "bob.kim", "system": "cec", "msg": "skills: unknown skill queue 'Klingon'"}]
    assert out["hosts"]["ann.lee"] == {"changed": True, "failed": False,
                                       "msg": "CEC: create (email, password, user_name); Bright Pattern: unchanged"}
    assert out["hosts"]["bob.kim"] == {"changed": False, "failed": True,
                                       "msg": "CEC: failed: skills: unknown skill queue 'Klingon'"}
    assert SECRET not in json.dumps(out)


def test_a_call_that_failed_as_a_whole_fails_everyone_in_that_system():
    out = report([ANN, BOB], {"cec": {"failed": False, "msg": "HTTP 401: bad app secret"}, "brightpattern": BP})
    assert [(r["agent"], r["status"], r.get("msg")) for r in out["rows"] if r["system"] == "cec"] == [
        ("ann.lee", "failed", "HTTP 401: bad app secret"), ("bob.kim", "failed", "HTTP 401: bad app secret")]
    assert out["mode"] == "apply"


def test_skipped_or_unselected_systems_have_no_rows():
    out = report([ANN], {"cec": {"skipped": True}, "brightpattern": BP}, systems=["brightpattern"])
    assert [r["system"] for r in out["rows"]] == ["brightpattern"] and "cec" not in out["counts"]
    out = report([BOB], {"cec": CEC}, systems=["brightpattern"])
    assert out["hosts"]["bob.kim"] == {"changed": False, "failed": False,
                                       "msg": "not in the managed systems (brightpattern)"}


def test_a_result_missing_for_a_person_is_a_failure():
    out = report([CARL], {"brightpattern": {"results": []}}, systems=["brightpattern"])
    assert out["rows"][0]["status"] == "failed" and "no result for carl.bp1" in out["rows"][0]["msg"]


def test_list_mode_outcome_belongs_to_the_host_holding_the_list():
    records = [dict(r, _host=None, _source="localhost") for r in (ANN, BOB, CARL)]
    out = report(records, {"cec": CEC, "brightpattern": BP})
    assert out["hosts"] == {"localhost": {
        "changed": True, "failed": True,
        "msg": "3 people, 4 accounts: 1 created, 1 updated, 1 unchanged, 1 failed; failed: bob.kim (CEC)"}}


def test_table_markdown_and_failed_texts():
    out = dict(report([ANN, BOB, CARL], {"cec": CEC, "brightpattern": BP}), generated_at="2030-01-01T00:00:00Z")
    table = text(out).splitlines()
    assert table[0] == "Onboarding result at 2030-01-01T00:00:00Z: 3 people"
    assert table[1].split() == ["AGENT", "SYSTEM", "ACTION", "STATUS", "CHANGED", "FIELDS", "/", "MESSAGE"]
    assert table[2].split()[:4] == ["ann.lee", "CEC", "create", "changed"]
    assert table[3].split()[:4] == ["ann.lee", "Bright", "Pattern", "unchanged"]
    assert table[-4].startswith("COUNTS") and table[-1].split() == ["total", "1", "1", "0", "1", "1"]
    markdown = text(dict(out, failed=[{"agent": "bob|kim", "system": "cec", "msg": "a|b"}]), "markdown")
    assert markdown.startswith("# Onboarding result")
    assert "| ann.lee | CEC | create | changed | email, password, user_name |" in markdown
    assert "- **bob\\|kim** (CEC): a\\|b" in markdown
    assert text(out, "failed").splitlines() == [
        "1 of 3 people failed (the others were applied):", "bob.kim (CEC): skills: unknown skill queue 'Klingon'"]
    plan = report([ANN], {"cec": CEC}, systems=["cec"], check_mode=True)
    assert text(plan).startswith("Onboarding plan (check mode): 1 person")
    assert text(plan, "failed") == "0 of 1 person failed"


def test_bad_text_input():
    with pytest.raises(AnsibleFilterError, match="format must be table, markdown or failed"):
        text({}, "html")
    with pytest.raises(AnsibleFilterError, match="must be a report"):
        text([], "table")


def test_a_real_run_lists_the_stored_passwords_to_forget_and_names_the_file_of_a_refused_create():
    gone = {"account": "old.one", "state": "absent", "cec": {}, "brightpattern": None, "_host": "old.one"}
    cec = {"results": CEC["results"][:1] + [
        {"user_account": "bob.kim", "changed": False, "operation": "create", "failed": True, "changed_fields": [],
         "status": 200, "msg": "POST agentAccount/create (HTTP 200): skills: refused"},
        {"user_account": "old.one", "changed": True, "operation": "delete", "failed": False, "changed_fields": []}]}
    passwords = {"cec": {"ann.lee": {"path": "/p/cec/ann.lee", "new": True},
                         "bob.kim": {"path": "/p/cec/bob.kim", "new": False}},
                 "brightpattern": {"alee": {"path": "/p/brightpattern/alee", "new": True}}}
    out = report([ANN, BOB, gone, CARL], {"cec": cec, "brightpattern": BP}, passwords=passwords)
    assert out["passwords_forgotten"] == {"cec": ["bob.kim", "old.one"], "brightpattern": ["alee"]}
    (failed,) = out["failed"]
    assert failed["msg"].endswith("(the initial password stored in /p/cec/bob.kim was removed (nothing was created "
                                  "with it); the next run generates a new one)")
    planned = report([ANN, BOB, gone, CARL], {"cec": cec, "brightpattern": BP}, passwords=passwords, check_mode=True)
    assert planned["passwords_forgotten"] == {"cec": [], "brightpattern": []}  # check mode removes nothing


def test_the_table_and_markdown_texts_in_full():
    """Every table of both formats, character for character: the rows, the counts, the leavers and the orphans."""
    bp = dict(BP, results=BP["results"] + [
        {"login_id": "gone.one", "orphan": True, "orphan_action": "disable", "operation": "update", "changed": True,
         "reason": "not in the source"},
        {"login_id": "old|two", "orphan": True, "orphan_action": "disable", "operation": "update", "failed": True,
         "msg": "HTTP 500"}])
    leavers = {"brightpattern": "checked in scope teams=Billing: removed (disable, at most 5 per run)"}
    out = dict(report([ANN, BOB, CARL], {"cec": CEC, "brightpattern": bp}, leavers=leavers),
               generated_at="2030-01-01T00:00:00Z")
    assert text(out).split("\n") == [
        "Onboarding result at 2030-01-01T00:00:00Z: 3 people",
        "AGENT     SYSTEM          ACTION     STATUS   CHANGED FIELDS / MESSAGE",
        "ann.lee   CEC             create     changed  email, password, user_name",
        "ann.lee   Bright Pattern  unchanged  ok       -",
        "bob.kim   CEC             -          failed   failed: skills: unknown skill queue 'Klingon'",
        "carl.bp1  Bright Pattern  update     changed  skills",
        "",
        "COUNTS          CREATED  UPDATED  DELETED  UNCHANGED  FAILED",
        "CEC             1        0        0        0          1",
        "Bright Pattern  0        1        0        1          0",
        "total           1        1        0        1          1",
        "",
        "CEC orphans: not checked",
        "Bright Pattern orphans: 2 (checked in scope teams=Billing: removed (disable, at most 5 per run))",
        "ORPHAN    SYSTEM          ACTION   STATUS   REASON / MESSAGE",
        "gone.one  Bright Pattern  disable  changed  not in the source",
        "old|two   Bright Pattern  disable  failed   failed: HTTP 500"]
    assert text(out, "markdown").split("\n") == [
        "# Onboarding result at 2030-01-01T00:00:00Z: 3 people",
        "",
        "| agent | system | action | status | changed fields / message |",
        "|---|---|---|---|---|",
        "| ann.lee | CEC | create | changed | email, password, user_name |",
        "| ann.lee | Bright Pattern | unchanged | ok | - |",
        "| bob.kim | CEC | - | failed | failed: skills: unknown skill queue 'Klingon' |",
        "| carl.bp1 | Bright Pattern | update | changed | skills |",
        "",
        "## Counts",
        "",
        "| system | created | updated | deleted | unchanged | failed |",
        "|---|---|---|---|---|---|",
        "| CEC | 1 | 0 | 0 | 0 | 1 |",
        "| Bright Pattern | 0 | 1 | 0 | 1 | 0 |",
        "| total | 1 | 1 | 0 | 1 | 1 |",
        "",
        "## Leavers",
        "",
        "- CEC orphans: not checked",
        "- Bright Pattern orphans: 2 (checked in scope teams=Billing: removed (disable, at most 5 per run))",
        "",
        "| orphan | system | action | status | reason / message |",
        "|---|---|---|---|---|",
        "| gone.one | Bright Pattern | disable | changed | not in the source |",
        "| old\\|two | Bright Pattern | disable | failed | failed: HTTP 500 |",
        "",
        "## Failed",
        "",
        "- **bob.kim** (CEC): skills: unknown skill queue 'Klingon'",
        ""]
