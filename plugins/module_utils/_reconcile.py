# -*- coding: utf-8 -*-
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pure reconcile: desired + current -> Plan. No I/O, no AnsibleModule, so it is easy to test and
check mode can report exactly what a real run would do."""

from __future__ import annotations

from ._entity import UNKNOWN
from ._errors import InputError
from ._operations import CREATE, DELETE, NONE, UPDATE

SECRET_SET = "<set>"  # a write-only value that a create will send
SECRET_CHANGED = "<changed>"  # a write-only value that an update will send


class Plan:
    """What to do with one entity and what it changes.

    ``changes`` holds normalised values to write (secrets included, for the adapter only);
    ``before``/``after`` are the comparable views (secrets only as markers).
    """

    def __init__(self, key, op, changes=None, before=None, after=None, unsupported=()):
        self.key = key
        self.op = op
        self.changes = changes or {}
        self.before = before or {}
        self.after = after or {}
        self.unsupported = list(unsupported)

    @property
    def changed(self):
        return self.op != NONE

    @property
    def changed_fields(self):
        return sorted(self.changes)

    def without(self, names):
        """A new plan that leaves the fields ``names`` as they are: ``after`` shows their current values (a
        write-only field, which has none, drops out). Adapter.check may return it."""
        changes = {k: v for k, v in self.changes.items() if k not in names}
        after = {k: self.before[k] if k in names else v for k, v in self.after.items()
                 if k in self.before or k not in names}
        return Plan(self.key, self.op if changes else NONE, changes, self.before, after,
                    [u for u in self.unsupported if u[0] not in names])

    def __repr__(self):
        return "Plan(%r, %s, %s)" % (self.key, self.op, self.changed_fields)


def visible(spec, state):
    """The state without write-only or unknown values."""
    return {k: v for k, v in state.items()
            if v is not UNKNOWN and not (k in spec.fields and spec.field(k).write_only)}


def unmanaged(spec, name, want, controls):
    """The keys of map field ``name`` the collection leaves alone, refusing a key that is also wanted."""
    option = spec.field(name).unmanaged_option
    keep = controls.get(option) if option else None
    if not keep:
        return ()
    keep = set(keep)
    both = sorted(str(k) for k in keep & set(want or ()))
    if both:
        raise InputError(option, "%s %s also in %s: a key is either managed or not" % (
            ", ".join(both), "is" if len(both) == 1 else "are", name))
    return keep


def without_keys(value, keys):
    return {k: v for k, v in value.items() if k not in keys} if isinstance(value, dict) else value


def plan_entity(spec, desired, current, controls):
    """Compare one entity. ``current`` is None when it does not exist."""
    key = desired[spec.key]
    if controls.get("state") == "absent":
        if current is None:
            return Plan(key, NONE)
        return Plan(key, DELETE, before=visible(spec, current))
    if current is None:
        return _plan_create(spec, key, desired, controls)
    return _plan_update(spec, key, desired, current, controls)


def _plan_create(spec, key, desired, controls):
    for name, value in desired.items():
        if isinstance(value, dict):
            unmanaged(spec, name, value, controls)
    missing = [n for n, f in spec.fields.items() if f.required_on_create and desired.get(n) is None]
    if missing:
        raise InputError(None, "%s %r does not exist yet; creating it needs %s" % (
            spec.name, key, ", ".join(missing)))
    for name, value in desired.items():
        spec.field(name).check(value, CREATE)
    after = visible(spec, desired)
    after.update({n: SECRET_SET for n in desired if spec.field(n).write_only})
    changes = {k: v for k, v in desired.items() if k != spec.key}
    return Plan(key, CREATE, changes=changes, after=after)


def _plan_update(spec, key, desired, current, controls):
    changes = {}
    for name, want in desired.items():
        field = spec.field(name)
        if field.write_only:
            if controls.get("update_password") == "always":
                changes[name] = want
            continue
        if field.on_create_only and controls.get("update_password") != "always":
            continue  # like a password: set when created, on an existing entity only when asked to
        have = current.get(name, UNKNOWN)
        if have is UNKNOWN:
            continue  # the server does not report it: comparing would only invent changes
        keep = unmanaged(spec, name, want, controls) if isinstance(want, dict) else ()
        if field.merge_option and controls.get(field.merge_option):
            want = {**(have or {}), **(want or {})}  # additive: keep what the entity has, add or change the rest
        if keep:
            want = without_keys(want, keep)
            if want != without_keys(have, keep):
                # a full-replace write must carry the keys the collection does not manage, unchanged
                changes[name] = dict(want, **{k: v for k, v in (have or {}).items() if k in keep})
        elif want != have:
            changes[name] = want
    for name, value in changes.items():
        spec.field(name).check(value, UPDATE)
    fields = set(desired) | {spec.key}
    before = visible(spec, {k: v for k, v in current.items() if k in fields})
    after = dict(before)
    after.update(visible(spec, changes))
    after.update({n: SECRET_CHANGED for n in changes if spec.field(n).write_only})
    unsupported = [(n, current.get(n), v) for n, v in changes.items() if not spec.field(n).updatable]
    return Plan(key, UPDATE if changes else NONE, changes, before, after, unsupported)


def mismatches(spec, plan, readback):
    """Fields the write should have set but the read-back does not show.

    For a map: a key the write carried must be there with its value, and a key the write removed (the
    entity had it before) must be gone; a key the server added on its own is not a failure (see server_added)."""
    if readback is None:
        return [(spec.key, plan.key, None)]
    out = []
    for name, want in sorted(plan.changes.items()):
        if spec.field(name).write_only:
            continue
        have = readback.get(name, UNKNOWN)
        if have is UNKNOWN:
            continue
        if isinstance(want, dict) and isinstance(have, dict):
            removed = set(plan.before.get(name) or ()) - set(want)
            if any(k not in have or have[k] != v for k, v in want.items()) or removed & set(have):
                out.append((name, want, have))
        elif have != want:
            out.append((name, want, have))
    return out


def server_added(spec, plan, readback, controls):
    """[(field, {key: value})]: map keys the read-back shows that neither the write nor the entity before had,
    nor the field's unmanaged option names (those the user already said the server may add)."""
    out = []
    for name, want in sorted(plan.changes.items()):
        have = (readback or {}).get(name)
        if isinstance(want, dict) and isinstance(have, dict):
            before = plan.before.get(name) or ()
            option = spec.field(name).unmanaged_option if name in spec.fields else None
            declared = set(controls.get(option) or ()) if option else set()
            extra = {k: v for k, v in have.items() if k not in want and k not in before and k not in declared}
            if extra:
                out.append((name, extra))
    return out
