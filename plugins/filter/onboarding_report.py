# -*- coding: utf-8 -*-
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: onboarding_report
short_description: Build the onboarding role's plan or result report from the batch modules' results
version_added: 0.1.0
author:
  - contactcenter.agents developers (@contactcenter)
description:
  - Matches each person record of the P(contactcenter.agents.onboarding#role) role with its item in the per-item
    C(results) of the batch module call of each system, and returns one report with one row per person and system,
    counts per system, the people who failed, and an outcome per host (for the per-host task that shows each
    agent's own C(changed)/C(ok)/C(failed) in the recap).
  - When a module call failed as a whole (no C(results), for example refused credentials), every person of that
    system is reported failed with the module's message.
  - The report holds names of changed fields, never their values, and never a password.
options:
  _input:
    description: Person records, as returned by P(contactcenter.agents.onboarding_prepare#module) in its C(people).
    type: list
    elements: dict
    required: true
  results:
    description:
      - The registered results of the batch module calls, by system, with the keys C(cec) and C(brightpattern).
        A system that is missing, or whose call was skipped, has no rows.
    type: dict
    required: true
  systems:
    description: The systems this run manages.
    type: list
    elements: str
    default: [cec, brightpattern]
  check_mode:
    description: Whether the results come from check mode (the report is then a plan).
    type: bool
    default: false
  passwords:
    description:
      - Per system, the items whose initial password came from the password store, as
        P(contactcenter.agents.onboarding_prepare#module) returns them in C(passwords) (key -> C(path), C(new)).
      - With them, a real run's report lists in C(passwords_forgotten) the stored passwords to remove, and a failed
        create says what happens to its stored password and how to replace it.
    type: dict
    default: {}
  leavers:
    description:
      - Per system, what the leaver check did, as P(contactcenter.agents.onboarding_prepare#module) returns it in
        C(leavers). Shown with the orphans; without it the report has no leavers section.
    type: dict
    default: {}
"""

EXAMPLES = r"""
- name: Build the report
  ansible.builtin.set_fact:
    report: >-
      {{ records | contactcenter.agents.onboarding_report(results={'cec': cec_result, 'brightpattern': bp_result},
         check_mode=ansible_check_mode) }}
  run_once: true
"""

RETURN = r"""
_value:
  description: The report.
  type: dict
  contains:
    mode:
      description: V(check) for a plan, V(apply) for a real run.
      type: str
    systems:
      description: The systems managed by the run.
      type: list
      elements: str
    rows:
      description:
        - One row per person and system, with C(agent) (the account), C(host), C(system), C(key) (user_account or
          login_id), C(operation) (V(create), V(update), V(delete), V(unchanged), or V(-) when a failure came before
          planning), C(status) (V(changed), V(ok), V(failed)), C(changed_fields) and, on failure, C(msg).
      type: list
      elements: dict
    counts:
      description: Per system and in C(total), how many were created, updated, deleted, unchanged and failed.
      type: dict
    failed:
      description: The rows that failed (C(agent), C(system), C(msg)).
      type: list
      elements: dict
    hosts:
      description: Per inventory host, C(changed), C(failed) and a one-line C(msg) about its people.
      type: dict
    passwords_forgotten:
      description:
        - Per system, the keys whose stored initial password the role removes after a real run (empty in check
          mode) -- accounts deleted or already absent, creates the server refused, and passwords generated for
          accounts that existed already, and orphans deleted. A later account with the same name gets a new
          password.
      type: dict
    orphans:
      description:
        - The accounts inside a system's leaver scope that no record has (from the batch modules' C(orphans)
          option), each with C(system), C(key), C(action) (V(report), V(disable), V(quarantine), V(delete)),
          C(operation), C(status) (V(changed), V(ok), V(failed)), C(reason) and, on failure, C(msg).
      type: list
      elements: dict
    leavers:
      description: Per system, whether leavers were checked, in which scope, and what happens to them (or why not).
      type: dict
  sample:
    mode: check
    systems: [cec, brightpattern]
    rows:
      - {agent: ann.lee, host: ann.lee, system: cec, key: ann.lee, operation: create, status: changed,
         changed_fields: [agent_type, email, password, role, skills, user_account, user_name]}
    counts:
      cec: {created: 1, updated: 0, deleted: 0, unchanged: 0, failed: 0}
      total: {created: 1, updated: 0, deleted: 0, unchanged: 0, failed: 0}
    failed: []
    hosts:
      ann.lee: {changed: true, failed: false, msg: "CEC: create (agent_type, email, password, role, skills, ...)"}
"""

from ansible_collections.contactcenter.agents.plugins.module_utils._operations import (
    DELETE, FAILED, LABELS, NONE, count_key, label, new_counts)
from ansible_collections.contactcenter.agents.plugins.plugin_utils._leavers import orphan_rows
from ansible_collections.contactcenter.agents.plugins.plugin_utils._onboarding import selected
from ansible_collections.contactcenter.agents.plugins.plugin_utils._passwords import after_call
from ansible_collections.contactcenter.agents.plugins.plugin_utils._systems import get, names


def _row(record, system, key, result):
    row = {"agent": record.get("account"), "host": record.get("_host"), "system": system, "key": key}
    if result is None:
        row.update(operation="-", status="failed", changed=False, failed=True, changed_fields=[],
                   msg="no result for %s in the %s module's answer" % (key, system))
        return row
    failed = bool(result.get("failed"))
    operation = label(result.get("operation"))
    if failed and operation == LABELS[NONE]:
        operation = "-"  # it failed before planning (e.g. an unknown skill)
    changed = bool(result.get("changed"))
    row.update(operation=operation, changed=changed, failed=failed,
               status="failed" if failed else ("changed" if changed else "ok"),
               changed_fields=sorted(result.get("changed_fields") or []))
    if failed:
        row["msg"] = result.get("msg") or "failed"
    return row


def _results_by_key(system, registered):
    """{key: item result}, or a message when the call failed as a whole."""
    if not isinstance(registered, dict) or registered.get("skipped"):
        return None, None
    if "results" not in registered:
        return {}, registered.get("msg") or "the %s module call failed" % system
    return {r.get(get(system).key): r for r in registered["results"] if isinstance(r, dict)}, None


def _counts(rows):
    counts = new_counts()
    for row in rows:
        key = FAILED if row["failed"] else count_key(row["operation"])
        if key:
            counts[key] += 1
    return counts


def _describe(row):
    title = get(row["system"]).title
    if row["failed"]:
        return "%s: failed: %s" % (title, row["msg"])
    fields = " (%s)" % ", ".join(row["changed_fields"]) if row["changed_fields"] else ""
    return "%s: %s%s" % (title, row["operation"], fields)


def _hosts(records, rows_by_record, systems):
    hosts = {}
    for record, rows in rows_by_record:
        host = record.get("_host")
        if host is not None:
            msg = "; ".join(_describe(r) for r in rows) or "not in the managed systems (%s)" % ", ".join(systems)
            hosts[host] = {"changed": any(r["changed"] for r in rows), "failed": any(r["failed"] for r in rows),
                           "msg": msg}
    sources = {}
    for record, rows in rows_by_record:
        if record.get("_host") is None and record.get("_source") is not None:
            sources.setdefault(record["_source"], []).extend(rows)
    for source, rows in sources.items():
        failed = sorted({"%s (%s)" % (r["agent"], get(r["system"]).title) for r in rows if r["failed"]})
        counts = _counts(rows)
        msg = "%d people, %d accounts: %s" % (
            len({r["agent"] for r in rows}), len(rows),
            ", ".join("%s %s" % (n, k) for k, n in counts.items() if n) or "nothing to do")
        if failed:
            msg += "; failed: " + ", ".join(failed)
        hosts[source] = {"changed": any(r["changed"] for r in rows), "failed": bool(failed), "msg": msg}
    return hosts


def report(records, results, systems=None, check_mode=False, passwords=None, leavers=None):
    systems = [s for s in names() if systems is None or s in systems]
    answers = {s: _results_by_key(s, (results or {}).get(s)) for s in systems}
    rows, rows_by_record = [], []
    forgotten = {s: [] for s in names()}
    for record in records or []:
        mine = []
        for system in selected(record, systems):
            by_key, error = answers[system]
            if by_key is None:
                continue
            descriptor = get(system)
            key = descriptor.key_of(record)
            result = {"failed": True, "msg": error, "operation": "none"} if error else by_key.get(key)
            row = _row(record, system, key, result)
            if not check_mode and not error:
                source = ((passwords or {}).get(system) or {}).get(key)
                forget, note = after_call(result, source, descriptor.state_of(record) == "absent")
                if forget:
                    forgotten[system].append(key)
                if note and row.get("msg"):
                    row["msg"] = "%s (%s)" % (row["msg"], note)
            mine.append(row)
        rows.extend(mine)
        rows_by_record.append((record, mine))
    orphans = [o for s in systems for o in orphan_rows(s, get(s).key, (results or {}).get(s))]
    if not check_mode:  # a deleted leaver's stored password must not go to a later person of that name
        forgotten = {s: keys + [o["key"] for o in orphans if o["system"] == s and o["operation"] == DELETE and
                                o["status"] == "changed"] for s, keys in forgotten.items()}
    counts = {s: _counts([r for r in rows if r["system"] == s]) for s in systems}
    counts["total"] = _counts(rows)
    return {
        "mode": "check" if check_mode else "apply",
        "systems": systems,
        "rows": rows,
        "counts": counts,
        "failed": [{"agent": r["agent"], "system": r["system"], "msg": r["msg"]} for r in rows if r["failed"]],
        "hosts": _hosts(records or [], rows_by_record, systems),
        "passwords_forgotten": forgotten,
        "orphans": orphans,
        "leavers": {s: leavers.get(s) or "not checked" for s in systems} if leavers else {},
    }


class FilterModule:
    """onboarding_report"""

    def filters(self):
        return {"onboarding_report": report}
