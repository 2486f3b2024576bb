# -*- coding: utf-8 -*-
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: onboarding_report_text
short_description: Render the onboarding report as a plain-text table or as Markdown
version_added: 0.1.0
author:
  - contactcenter.agents developers (@contactcenter)
description:
  - Renders a report of P(contactcenter.agents.onboarding_report#filter) for people.
  - V(table) is a fixed-width table for the log, one line per person and system, followed by the counts.
  - V(markdown) is a Markdown document with the same table and the counts, for a job artifact or a ticket.
  - V(failed) lists who failed, one line per person and system, after a line with how many people failed.
options:
  _input:
    description: A report, as returned by P(contactcenter.agents.onboarding_report#filter).
    type: dict
    required: true
  format:
    description: The output format.
    type: str
    choices: [table, markdown, failed]
    default: table
"""

EXAMPLES = r"""
- name: Show the plan in the log, one line per list item
  ansible.builtin.debug:
    msg: "{{ (report | contactcenter.agents.onboarding_report_text('table')).splitlines() }}"

- name: Save it as Markdown
  ansible.builtin.copy:
    content: "{{ report | contactcenter.agents.onboarding_report_text('markdown') }}"
    dest: /var/tmp/onboarding/plan.md
    mode: "0600"
"""

RETURN = r"""
_value:
  description: The rendered report.
  type: str
  sample: |
    Onboarding plan (check mode): 2 people
    AGENT    SYSTEM          ACTION  STATUS   CHANGED FIELDS / MESSAGE
    ann.lee  CEC             create  changed  agent_type, email, password, role, skills, user_account, user_name
    ann.lee  Bright Pattern  update  changed  skills
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.contactcenter.agents.plugins.module_utils._operations import COUNT_KEYS
from ansible_collections.contactcenter.agents.plugins.plugin_utils._systems import get, names

COLUMNS = ("AGENT", "SYSTEM", "ACTION", "STATUS", "CHANGED FIELDS / MESSAGE")


def _system(name):
    """A system's title; anything else (``total``, a system of another version) as given."""
    return get(name).title if name in names() else str(name)


def _title(report):
    people = len({r["agent"] for r in report.get("rows", [])})
    kind = "plan (check mode)" if report.get("mode") == "check" else "result"
    stamp = " at %s" % report["generated_at"] if report.get("generated_at") else ""
    return "Onboarding %s%s: %d %s" % (kind, stamp, people, "person" if people == 1 else "people")


def _cells(row):
    detail = "failed: %s" % row.get("msg", "") if row.get("failed") else ", ".join(row.get("changed_fields") or [])
    return (str(row.get("agent")), _system(row.get("system")),
            str(row.get("operation")), str(row.get("status")), detail or "-")


def _count_lines(report):
    counts = report.get("counts") or {}
    names = [s for s in report.get("systems", []) if s in counts] + (["total"] if "total" in counts else [])
    return [(_system(n),) + tuple(str(counts[n].get(k, 0)) for k in COUNT_KEYS) for n in names]


def _aligned(header, rows):
    """A fixed-width table: each column as wide as its widest cell, but the last, which is not padded."""
    widths = [max(len(c) for c in column) for column in zip(header, *rows)]
    return ["  ".join(c.ljust(w) for c, w in zip(cells[:-1], widths)) + "  " + cells[-1] for cells in [header] + rows]


def _table(report):
    lines = [_title(report)] + _aligned(COLUMNS, [_cells(r) for r in report.get("rows", [])])
    counts = _count_lines(report)
    if counts:
        lines += [""] + _aligned(("COUNTS",) + tuple(k.upper() for k in COUNT_KEYS), counts)
    return "\n".join(lines + _orphan_table(report))


ORPHAN_COLUMNS = ("ORPHAN", "SYSTEM", "ACTION", "STATUS", "REASON / MESSAGE")


def _orphan_cells(row):
    detail = "failed: %s" % row.get("msg", "") if row.get("status") == "failed" else row.get("reason") or "-"
    return (str(row.get("key")), _system(row.get("system")), str(row.get("action")), str(row.get("status")), detail)


def _leaver_lines(report):
    """One line per system: how many orphans, and what the check did (or why it did not run)."""
    orphans = report.get("orphans") or []
    out = []
    for system, note in (report.get("leavers") or {}).items():
        found = len([o for o in orphans if o.get("system") == system])
        out.append("%s orphans: %s" % (_system(system), "%d (%s)" % (found, note) if note.startswith("checked")
                                       else note))
    return out


def _orphan_table(report):
    lines = _leaver_lines(report)
    rows = [_orphan_cells(r) for r in report.get("orphans") or []]
    if rows:
        lines += _aligned(ORPHAN_COLUMNS, rows)
    return ([""] + lines) if lines else []


def _md(text):
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _md_table(header, rows):
    """A Markdown table: the header in lower case, then the rows, their cells escaped."""
    return (["| %s |" % " | ".join(header).lower(), "|---" * len(header) + "|"]
            + ["| %s |" % " | ".join(_md(c) for c in cells) for cells in rows])


def _markdown(report):
    lines = ["# " + _title(report), ""] + _md_table(COLUMNS, [_cells(r) for r in report.get("rows", [])])
    counts = _count_lines(report)
    if counts:
        lines += ["", "## Counts", ""] + _md_table(("system",) + COUNT_KEYS, counts)
    if report.get("leavers"):
        lines += ["", "## Leavers", ""] + ["- %s" % _md(line) for line in _leaver_lines(report)]
        if report.get("orphans"):
            lines += [""] + _md_table(ORPHAN_COLUMNS, [_orphan_cells(o) for o in report["orphans"]])
    failed = report.get("failed") or []
    if failed:
        lines += ["", "## Failed", ""]
        lines.extend("- **%s** (%s): %s" % (_md(f["agent"]), _system(f["system"]), _md(f["msg"]))
                     for f in failed)
    return "\n".join(lines) + "\n"


def _failed(report):
    failed = report.get("failed") or []
    people = len({f["agent"] for f in failed})
    total = len({r["agent"] for r in report.get("rows", [])})
    lines = ["%d of %d %s failed%s" % (people, total, "person" if total == 1 else "people",
                                       " (the others were applied):" if failed and report.get("mode") == "apply"
                                       else ":" if failed else "")]
    lines.extend("%s (%s): %s" % (f["agent"], _system(f["system"]), f["msg"]) for f in failed)
    return "\n".join(lines)


def report_text(report, format="table"):  # pylint: disable=redefined-builtin
    if not isinstance(report, dict):
        raise AnsibleFilterError("onboarding_report_text: the input must be a report (a mapping)")
    if format == "table":
        return _table(report)
    if format == "markdown":
        return _markdown(report)
    if format == "failed":
        return _failed(report)
    raise AnsibleFilterError("onboarding_report_text: format must be table, markdown or failed, not %r" % (format,))


class FilterModule:
    """onboarding_report_text"""

    def filters(self):
        return {"onboarding_report_text": report_text}
