# -*- coding: utf-8 -*-
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Result shaping: one entity's result, and the module result of the single and the batch form."""

from __future__ import annotations

from ._entity import UNKNOWN
from ._errors import ContactCenterError
from ._operations import DELETE, NONE, count_key, new_counts
from ._reconcile import visible

CAUSE = "_cause"  # a failure's cause without the call, which differs per entity (a per-user URL)
SHOWN_KEYS = 5


def result(spec, adapter, entry, plan, state=None, error=None):
    """One entity's result (its diff and ``_cause`` are taken out by the finish functions)."""
    out = {spec.key: entry.key, "changed": bool(plan and plan.changed and (not error or entry.wrote)),
           "operation": plan.op if plan else NONE,
           "changed_fields": plan.changed_fields if plan else [],
           spec.result_key: adapter.to_options(visible(spec, state)) if state else None,
           "failed": error is not None}
    if plan is not None:
        out["diff"] = {"before": adapter.to_display(plan.before), "after": adapter.to_display(plan.after),
                       "before_header": str(entry.key), "after_header": str(entry.key)}
    if error is not None:
        out["msg"] = getattr(error, "msg", None) or "%s: %s" % (type(error).__name__, error)
        if isinstance(error, ContactCenterError):
            out.update(error.details())
        out[CAUSE] = getattr(error, "cause", None) or out["msg"]  # for the summary; never returned
    return out


def predicted(spec, plan, current):
    """The state a real run would leave (for check mode and unchanged entities)."""
    if plan.op == DELETE:
        return None
    state = dict(current or {})
    state.update(visible(spec, plan.changes))
    state[spec.key] = plan.key
    return state


def summarise(results):
    counts = new_counts()
    for r in results:
        counts[count_key(r["operation"], r["failed"])] += 1
    return counts


def finish_single(spec, res):
    """(failure message or None, module result) of the single-entity form."""
    res.pop(CAUSE, None)
    out = {"changed": res["changed"], spec.result_key: res[spec.result_key],
           "changed_fields": res["changed_fields"], "operation": res["operation"]}
    if "diff" in res:
        out["diff"] = {k: v for k, v in res["diff"].items() if k in ("before", "after")}
    if not res["failed"]:
        return None, out
    extra = {k: v for k, v in res.items() if k not in out and k not in ("msg", "failed", "diff")}
    return res["msg"], dict(out, **extra)


def finish_batch(spec, results):
    """(failure message or None, module result) of the list form."""
    counts = summarise(results)
    diffs = [r.pop("diff") for r in results if "diff" in r]
    out = {"changed": any(r["changed"] for r in results), "results": results, "counts": counts,
           "diff": [d for d in diffs if d["before"] != d["after"]]}
    failed = [r for r in results if r["failed"]]
    if not failed:
        return None, out
    msg = "%d of %d %s failed: %s" % (len(failed), len(results), spec.list_option, failure_lines(spec, failed))
    return msg, dict(out, failed_keys=[r[spec.key] for r in failed])


def failure_lines(spec, failed):
    """One line per failure, except that failures with the same cause (a refused login, an unreachable or
    untrusted server) share one line with their count: 1,000 copies of one connection error help nobody."""
    groups = {}
    for r in failed:
        groups.setdefault(r.pop(CAUSE, None) or r["msg"], []).append(r)
    lines = []
    for cause, rows in groups.items():
        if len(rows) == 1:
            lines.append("%s: %s" % (rows[0][spec.key], rows[0]["msg"]))
            continue
        keys = ", ".join(str(r[spec.key]) for r in rows[:SHOWN_KEYS])
        more = " and %d more" % (len(rows) - SHOWN_KEYS) if len(rows) > SHOWN_KEYS else ""
        lines.append("%d %s (%s%s), each: %s" % (len(rows), spec.list_option, keys, more, cause))
    return " | ".join(lines)


def drop_unknown(value):
    """``value`` without the UNKNOWN markers of fields the server did not report (they are not JSON)."""
    if isinstance(value, dict):
        return {k: drop_unknown(v) for k, v in value.items() if v is not UNKNOWN}
    if isinstance(value, list):
        return [drop_unknown(v) for v in value]
    return value
