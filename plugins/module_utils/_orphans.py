# -*- coding: utf-8 -*-
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Orphans: existing accounts inside an explicit scope that the batch list does not name.

Vendor-neutral. An adapter that supports orphans declares ``orphan_terms`` (its scope options),
``orphan_actions`` (the first is the default) and implements ``orphan_listing``, ``orphan_desired``
and ``protected_keys``. Orphans then travel through the engine's cycle as extra entries, after a
guard that fails the whole task, before any write, when more would be removed than allowed.
"""

from __future__ import annotations

from fnmatch import fnmatchcase

from ._entity import UNKNOWN
from ._errors import ContactCenterError, InputError
from ._reconcile import NONE, plan_entity

REPORT = "report"
DEFAULT_MAX_REMOVALS = 5
SHOWN = 50  # orphans named in the guard's message (all of them are in its ``orphans`` return value)


class Term:
    """One scope option: ``option`` lists globs (``glob``) or exact names (``name``) for ``field``."""

    def __init__(self, option, field, kind="glob"):
        self.option = option
        self.field = field
        self.kind = kind

    def match(self, value, patterns):
        """True/False, or None when the value is not known (never proves "in scope")."""
        if value is None or value is UNKNOWN or not isinstance(value, str):
            return None
        if self.kind == "glob":
            return any(fnmatchcase(value, p) for p in patterns)
        return value in patterns


class Scope:
    """The scope options as given; every non-empty option must match (both given = both must match)."""

    def __init__(self, terms, options):
        options = options or {}
        self.terms = [(t, list(options.get(t.option) or [])) for t in terms]
        self.active = [(t, p) for t, p in self.terms if p]
        if not self.active:
            raise InputError("orphans.scope", "must name at least one of %s (non-empty): the scope is what keeps an "
                             "orphan pass from touching accounts this list does not own" % (
                                 " or ".join(t.option for t in terms)))
        for term, patterns in self.active:
            if any(not isinstance(p, str) or not p.strip() for p in patterns):
                raise InputError("orphans.scope.%s" % term.option, "must not hold empty entries")

    def prefilter(self, spec_key, key):
        """False when the key alone already excludes the account (so the vendor need not read it)."""
        return all(t.match(key, p) is not False for t, p in self.active if t.field == spec_key)

    def matches(self, state):
        """True, False, or None when a scoped field of ``state`` is not reported."""
        verdicts = [t.match(state.get(t.field), p) for t, p in self.active]
        if False in verdicts:
            return False
        return None if None in verdicts else True

    def describe(self, state):
        return "; ".join("%s %s in %s=[%s]" % (t.field, state.get(t.field), t.option, ", ".join(p))
                         for t, p in self.active)


def argument_spec(adapter_class):
    """The ``orphans`` module option for an adapter that declares orphan support; {} otherwise."""
    terms = adapter_class.orphan_terms
    if not terms:
        return {}
    actions = list(adapter_class.orphan_actions)
    return {"orphans": {"type": "dict", "options": {
        "action": {"type": "str", "default": actions[0], "choices": actions},
        "scope": {"type": "dict", "required": True, "options": {
            t.option: {"type": "list", "elements": "str"} for t in terms}},
        "max_removals": {"type": "int", "default": DEFAULT_MAX_REMOVALS},
        "keep": {"type": "list", "elements": "str", "default": []},
        "known": {"type": "list", "elements": "str", "default": []},
    }}}


class OrphanEntry:
    """An orphan as the engine's cycle sees an entry (same attributes as the runner's Entry)."""

    def __init__(self, index, key, action, reason):
        self.index = index
        self.key = key
        self.action = action
        self.reason = reason
        self.params = {"_key": key}
        self.controls = {}
        self.desired = None
        self.error = None
        self.wrote = False
        self.plan = None


class OrphanGuardError(ContactCenterError):
    """More orphans to remove than ``max_removals``: the whole task fails before any write."""

    def __init__(self, msg, orphans):
        super().__init__(msg)
        self.orphans = orphans

    def details(self):
        return {"field": "orphans.max_removals", "orphans": self.orphans}


def folded(keys):
    return {k.lower() for k in keys if isinstance(k, str)}


def find(candidates, spared, scope, list_option, warn=None):
    """[(key, reason)] of the ``candidates`` ({key: state}) that are orphans, sorted by key.

    ``spared`` holds, folded to lower case, every key that names an account (listed, kept, known, protected):
    that protects it, ignoring letter case. An account that differs from a listed one only in case is that
    item's conflict (it fails on its own), never an orphan."""
    out = []
    for key in sorted(candidates, key=str):
        if not isinstance(key, str) or key.lower() in spared:
            continue
        state = candidates[key]
        verdict = scope.matches(state)
        if verdict is None:
            if warn:
                warn("%r is not treated as an orphan: the server does not report its %s, so it cannot be shown "
                     "to be in the scope" % (key, ", ".join(t.field for t, p in scope.active)))
            continue
        if verdict:
            out.append((key, "not in %s; in scope (%s)" % (list_option, scope.describe(state))))
    return out


def check_complete(present, existing, what):
    """The listing must hold every listed account that was read as present; otherwise it is not complete."""
    missing = sorted(k for k in present if k not in existing)
    if missing:
        raise ContactCenterError("%s does not list %s, which %s read as existing: the listing is not complete, so "
                                 "no account can be shown to be an orphan; nothing was written" % (
                                     what, ", ".join(repr(k) for k in missing[:5]), "the per-account read"))


def removals(entries):
    """The orphan entries whose plan changes the account (report never does; neither does the target state)."""
    return [e for e in entries if e.action != REPORT and e.plan is not None and e.plan.op != NONE]


def guard(entries, max_removals, spec):
    removing = removals(entries)
    if len(removing) <= max_removals:
        return
    action = removing[0].action
    names = ", ".join(e.key for e in removing[:SHOWN])
    more = " and %d more" % (len(removing) - SHOWN) if len(removing) > SHOWN else ""
    raise OrphanGuardError(
        "%d orphans would be removed (action %s), more than orphans.max_removals (%d): %s%s. Nothing was written, "
        "not even the changes to the items of %s. Check the scope and the list first (run with action=report, "
        "or in check mode); if they really are leavers, set orphans.max_removals to %d for this run" % (
            len(removing), action, max_removals, names, more, spec.list_option, len(removing)),
        summary(entries, spec.key))


def summary(entries, key_option):
    return [{key_option: e.key, "action": e.action, "reason": e.reason} for e in entries]


def orphan_entries(spec, adapter, entries, current):
    """The orphan pass, before any write: ([OrphanEntry], {key: current state}). ([], {}) without the option."""
    options = adapter.params.get("orphans")
    if not options:
        return [], {}
    if adapter.params.get(spec.list_option) is None:
        raise InputError("orphans", "needs the batch form (%s): only a whole list can say who is missing" %
                         spec.list_option)
    action = options.get("action") or adapter.orphan_actions[0]
    max_removals = options.get("max_removals")
    max_removals = DEFAULT_MAX_REMOVALS if max_removals is None else max_removals
    if max_removals < 0:
        raise InputError("orphans.max_removals", "must be 0 or more")
    scope = Scope(adapter.orphan_terms, options.get("scope"))
    listed = [e.key if e.key is not None else e.params.get("_key") for e in entries]  # folded() drops a None
    protected = [k for k in adapter.protected_keys() if k]
    spared = folded(listed) | folded(options.get("keep") or ()) | folded(options.get("known") or ()) | folded(protected)
    # skip: accounts that can never be orphans, so the vendor need not read them
    existing, candidates = adapter.orphan_listing(scope, lambda key: key.lower() in spared, action)
    check_complete([k for k, v in current.items() if isinstance(v, dict)], existing, adapter.orphan_listing_name)
    found = find(candidates, spared, scope, spec.list_option, adapter.batch.warn)
    out, states = [], {}
    defaults = {n: c.get("default") for n, c in spec.controls.items()}
    for offset, (key, reason) in enumerate(found):
        entry = OrphanEntry(len(entries) + offset, key, action, reason)
        state = candidates[key]
        states[key] = state
        try:
            desired, controls = adapter.orphan_desired(key, action, state)
            entry.desired = dict(desired, **{spec.key: key})
            entry.controls = dict(defaults, **controls)
            entry.plan = plan_entity(spec, entry.desired, state, entry.controls)
        except ContactCenterError as exc:
            entry.error = exc
        out.append(entry)
    guard(out, max_removals, spec)
    return out, states


def mark(results, entries):
    """Each orphan's result says so, with its action and reason."""
    for result, entry in zip(results, entries):
        if isinstance(result, dict):
            result.update(orphan=True, orphan_action=entry.action, reason=entry.reason)


def finish(out, params, key_option):
    """Top-level ``orphans`` and ``counts.orphans`` of a batch result, when the option was given."""
    if not params.get("orphans"):
        return
    found = [r for r in out.get("results") or [] if r.get("orphan")]
    out["orphans"] = [{key_option: r[key_option], "action": r["orphan_action"], "reason": r["reason"]} for r in found]
    out["counts"]["orphans"] = len(found)
