# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Leavers: orphans are only decided, and only removed, when the run sees the whole source."""
from __future__ import annotations

from ansible_collections.contactcenter.agents.plugins.plugin_utils._leavers import (
    orphan_rows, partial_reasons, plan)

HOSTS = ["ann", "bob", "cy"]
FROM_FILE = {h: {"file": "people.csv", "people": 3} for h in HOSTS}


def reasons(**kw):
    args = dict(list_mode=False, limit=None, batch=HOSTS, play_hosts=HOSTS, sources=FROM_FILE, declared_size=None)
    args.update(kw)
    seen, unproven = partial_reasons(**args)
    return seen + unproven


def test_whole_source_from_an_hr_file():
    assert reasons() == []


def test_list_mode_is_the_whole_source():
    assert partial_reasons(True, "x", [], HOSTS, {}, None) == ([], [])


def test_each_partial_view_is_named():
    assert reasons(limit="ann") == ["the run is limited to 'ann' (--limit, or an AWX limit)"]
    assert reasons(batch=["ann"]) == ["this play batch holds 1 of the play's 3 hosts (serial)"]


def test_a_job_slice_is_found_from_the_recorded_size():
    # An AWX slice is an inventory of its own: play and batch agree, only the file's size tells.
    got = reasons(batch=["ann"], play_hosts=["ann"], sources={"ann": FROM_FILE["ann"]})
    assert got == ["the HR file people.csv holds 3 people but this inventory has 1 of them (an AWX job slice or "
                   "a partial inventory)"]


def test_without_a_size_nothing_proves_the_source_whole():
    assert partial_reasons(False, None, HOSTS, HOSTS, {}, None)[0] == []  # nothing shows a part either
    got = reasons(sources={})
    assert len(got) == 1 and "set onboarding_leavers_source_size" in got[0] and "3 of the play's hosts" in got[0]
    assert reasons(sources={}, declared_size=3) == []
    assert reasons(sources={}, declared_size=4) == ["onboarding_leavers_source_size is 4 but the play has 3 hosts"]
    # a host from another source than the file needs the declared size too
    assert "1 of the play's hosts" in reasons(play_hosts=HOSTS + ["dan"], batch=HOSTS + ["dan"])[0]


SETTINGS = {"cec": {"scope": {"accounts": ["*@example.com"]}, "removal": "quarantine"},
            "brightpattern": {"scope": {"teams": ["Billing"], "logins": []}, "removal": "disable", "keep": ["svc"]}}


def test_report_passes_scope_known_and_keep():
    options, notes, problems = plan("report", ["cec", "brightpattern"], SETTINGS, ([], []), 5)
    assert problems == []
    assert options["cec"] == {"action": "report", "scope": {"accounts": ["*@example.com"]}, "max_removals": 5,
                              "keep": []}
    assert options["brightpattern"]["scope"] == {"teams": ["Billing"]}  # empty criteria dropped
    assert options["brightpattern"]["keep"] == ["svc"]
    assert notes["cec"] == "checked in scope accounts=*@example.com: reported"


def test_remove_uses_each_systems_removal():
    options, notes, problems = plan("remove", ["cec", "brightpattern"], SETTINGS, ([], []), 2)
    assert problems == []
    assert options["cec"]["action"] == "quarantine" and options["brightpattern"]["action"] == "disable"
    assert notes["brightpattern"] == "checked in scope teams=Billing: removed (disable, at most 2 per run)"


def test_ignore_and_missing_scope():
    options, notes, problems = plan("ignore", ["cec"], SETTINGS, ([], []), 5)
    assert options == {"cec": None} and problems == []
    options, notes, problems = plan("report", ["cec"], {}, ([], []), 5)
    assert options == {"cec": None} and "onboarding_leavers_scope.cec is not set" in notes["cec"]
    assert problems == []  # report is the default: a system without a scope is only not checked
    options, notes, problems = plan("remove", ["cec"], {}, ([], []), 5)
    assert problems == ["onboarding_leavers is remove but onboarding_leavers_scope.cec is not set: removing leavers "
                        "needs an explicit scope"]


def test_partial_view_never_checks_and_refuses_remove():
    why = (["the run is limited to 'ann' (--limit, or an AWX limit)"], [])
    options, notes, problems = plan("report", ["cec"], SETTINGS, why, 5)
    assert options == {"cec": None} and problems == [] and "does not see the whole source" in notes["cec"]
    options, notes, problems = plan("remove", ["cec"], SETTINGS, why, 5)
    assert options == {"cec": None}
    assert len(problems) == 1 and "limited to 'ann'" in problems[0] and "Nobody was removed" in problems[0]
    assert "without --limit, serial or AWX job slicing" in problems[0]


def test_orphan_rows_from_results():
    registered = {"results": [
        {"user_account": "ann", "operation": "none", "changed": False, "failed": False},
        {"user_account": "old", "orphan": True, "orphan_action": "delete", "reason": "not in agents",
         "operation": "delete", "changed": True, "failed": False},
        {"user_account": "bad", "orphan": True, "orphan_action": "delete", "reason": "not in agents",
         "operation": "delete", "changed": False, "failed": True, "msg": "HTTP 500"}]}
    rows = orphan_rows("cec", "user_account", registered)
    assert [(r["key"], r["status"], r["msg"]) for r in rows] == [("old", "changed", None), ("bad", "failed", "HTTP 500")]
    assert orphan_rows("cec", "user_account", {"skipped": True}) == []


def test_an_unproven_size_only_holds_back_removal():
    unproven = ([], ["nothing says how many people the source holds"])
    options, notes, problems = plan("report", ["cec"], SETTINGS, unproven, 5)
    assert options["cec"]["action"] == "report" and problems == []
    options, notes, problems = plan("remove", ["cec"], SETTINGS, unproven, 5)
    assert options == {"cec": None} and "nothing says how many people" in problems[0]
