# -*- coding: utf-8 -*-
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Leavers: which accounts the batch modules may treat as orphans, and whether this run may remove them.

Pure functions for the onboarding_prepare action. Orphans can only be decided from the whole source: a run
that sees part of it (--limit, serial batches, an AWX job slice) would take everyone else for a leaver.
"""

from __future__ import annotations

MODES = ("ignore", "report", "remove")
HOW_TO_RUN = ("run the role once over the whole source: without --limit, serial or AWX job slicing, or in list mode "
              "(onboarding_agents)")


def partial_reasons(list_mode, limit, batch, play_hosts, sources, declared_size):
    """Why this run cannot see the whole source: (what shows it sees part of it, what it cannot prove).

    Both empty: it positively sees the whole source. A report needs the first empty, a removal both.

    The source is the play's hosts (``ansible_play_hosts_all``: every batch of a serial play). ``sources``:
    {host: onboarding_source} for the play's hosts read by the hr_file inventory (the file and how many people
    it holds); ``declared_size``: onboarding_leavers_source_size. One of them must say how many people the
    source holds: an AWX job slice is an inventory of its own slice, which nothing else in a run reveals."""
    if list_mode:
        return [], []  # the list is the source
    reasons = []
    if limit:
        reasons.append("the run is limited to %r (--limit, or an AWX limit)" % limit)
    if len(batch) < len(play_hosts):
        reasons.append("this play batch holds %d of the play's %d hosts (serial)" % (len(batch), len(play_hosts)))
    files = {}
    for host, source in sources.items():
        if isinstance(source, dict) and source.get("file"):
            files.setdefault((str(source["file"]), source.get("people")), []).append(host)
    for (name, people), hosts in sorted(files.items()):
        if people != len(hosts):
            reasons.append("the HR file %s holds %s people but this inventory has %d of them (an AWX job slice or a "
                           "partial inventory)" % (name, people, len(hosts)))
    if declared_size is not None and declared_size != len(play_hosts):
        reasons.append("onboarding_leavers_source_size is %d but the play has %d hosts" % (
            declared_size, len(play_hosts)))
    unsized = len(play_hosts) - sum(len(h) for h in files.values())
    unproven = []
    if declared_size is None and unsized:
        unproven.append("nothing says how many people the source holds (%d of the play's hosts come from no "
                        "contactcenter.agents.hr_file inventory): set onboarding_leavers_source_size to the number "
                        "of agent hosts, so that a sliced or partial inventory is detected" % unsized)
    return reasons, unproven


def settings_problems(settings, known):
    """Problems of the role's per-system leaver variables (``settings``: {"scope"|"removal"|"keep": {system:
    value}}; ``known``: {system: (scope options, removals)}), before any module sees them."""
    problems = []
    for kind, values in sorted(settings.items()):
        for system, value in sorted((values or {}).items(), key=str):
            where = "onboarding_leavers_%s.%s" % (kind, system)
            if system not in known:
                problems.append("onboarding_leavers_%s: unknown system %r (known: %s)" % (
                    kind, system, ", ".join(known)))
            elif kind == "scope" and value is not None and (not isinstance(value, dict) or any(
                    k not in known[system][0] or not _names(v) for k, v in value.items())):
                problems.append("%s must map %s to lists of names or patterns" % (where, " and/or ".join(known[system][0])))
            elif kind == "removal" and value not in known[system][1]:
                problems.append("%s must be one of %s, not %r" % (where, ", ".join(known[system][1]), value))
            elif kind == "keep" and value is not None and not _names(value):
                problems.append("%s must be a list of accounts" % where)
    return problems


def _names(value):
    return value is None or (isinstance(value, list) and all(isinstance(v, str) and v for v in value))


def plan(mode, systems, settings, partial, max_removals):
    """Per system: the modules' ``orphans`` option (or None) and what the report says about leavers.

    ``partial``: what partial_reasons() returned. ``settings``: {system: {"scope": mapping or None, "removal": action, "keep": [keys]}} from the role's
    variables. A run that sees the whole source has everyone in its items, so the modules need no ``known``.
    Returns ({system: option or None}, {system: note}, [problems])."""
    options, notes, problems = {}, {}, []
    seen_part, unproven = partial
    reasons = seen_part + (unproven if mode == "remove" else [])
    for system in systems:
        own = settings.get(system) or {}
        scope = {k: v for k, v in (own.get("scope") or {}).items() if v}
        if mode == "ignore":
            options[system], notes[system] = None, "not checked (onboarding_leavers: ignore)"
            continue
        if not scope:
            options[system], notes[system] = None, "not checked: onboarding_leavers_scope.%s is not set" % system
            if mode == "remove":
                problems.append("onboarding_leavers is remove but onboarding_leavers_scope.%s is not set: removing "
                                "leavers needs an explicit scope" % system)
            continue
        if reasons:
            options[system] = None
            notes[system] = "not checked: the run does not see the whole source (%s)" % "; ".join(reasons)
            if mode == "remove":
                problems.append("onboarding_leavers is remove, but this run cannot see the whole source: %s. Nobody "
                                "was removed or written; %s" % ("; ".join(reasons), HOW_TO_RUN))
            continue
        action = own.get("removal") if mode == "remove" else "report"
        options[system] = {"action": action, "scope": scope, "max_removals": max_removals,
                           "keep": sorted(set(own.get("keep") or []))}
        notes[system] = "checked in scope %s: %s" % (
            ", ".join("%s=%s" % (k, ",".join(map(str, v))) for k, v in sorted(scope.items())),
            "reported" if action == "report" else "removed (%s, at most %d per run)" % (action, max_removals))
    return options, notes, problems


def orphan_rows(system, key_option, registered):
    """The report's rows for the orphans a module call found (``registered``: its registered result)."""
    rows = []
    for result in (registered or {}).get("results") or []:
        if not isinstance(result, dict) or not result.get("orphan"):
            continue
        failed = bool(result.get("failed"))
        rows.append({"system": system, "key": result.get(key_option), "action": result.get("orphan_action"),
                     "operation": result.get("operation"), "reason": result.get("reason"),
                     "status": "failed" if failed else ("changed" if result.get("changed") else "ok"),
                     "msg": result.get("msg") if failed else None})
    return rows
