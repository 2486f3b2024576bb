# -*- coding: utf-8 -*-
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The contract between the engine and a vendor: how to read, create, update and delete.

Vendor adapters subclass :class:`Adapter`; they never call ``fail_json`` and hold no state
that belongs to one entity, so the engine can run entities on parallel workers.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from ._operations import CREATE, DELETE, UPDATE


class Batch:
    """What one module run shares between workers: params, a worker pool, warnings."""

    def __init__(self, params, check_mode=False, parallel=1):
        self.params = params
        self.check_mode = check_mode
        self.parallel = max(1, int(parallel or 1))
        self.warnings = []
        self._seen = set()
        self._lock = threading.Lock()

    def warn(self, message):
        with self._lock:
            if message not in self._seen:
                self._seen.add(message)
                self.warnings.append(message)

    def map(self, fn, items):
        """``fn`` over ``items`` on the worker pool, results in input order.

        Exceptions are returned in place of results, so one failure never hides the others.
        """
        def guarded(item):
            try:
                return fn(item)
            except Exception as exc:  # noqa: BLE001 - handed back to the caller, who decides
                return exc

        items = list(items)
        if self.parallel == 1 or len(items) < 2:
            return [guarded(i) for i in items]
        with ThreadPoolExecutor(max_workers=min(self.parallel, len(items))) as pool:
            return list(pool.map(guarded, items))


class Adapter:
    """Vendor side of the engine. ``spec`` is the vendor's EntitySpec, ``connection_spec`` the argument spec of
    its connection options."""

    spec = None
    connection_spec = {}
    readback_ops = (CREATE, UPDATE, DELETE)  # operations the engine verifies by reading again
    # Changing a field the update call cannot change (updatable=False) fails, with this hint, unless
    # on_unsupported_change=warn, or the bool control ``unsupported_writer`` has update() write it another way.
    unsupported_hint = ""
    unsupported_writer = None
    # Orphans (_orphans.py): the scope options (Terms) and actions (the first is the default); none, no option.
    orphan_terms = ()
    orphan_actions = ()
    orphan_listing_name = ""

    def __init__(self, params, batch):
        self.params = params
        self.batch = batch

    # Reading ---------------------------------------------------------------
    def prepare(self, desired_list):
        """Fetch what the whole batch needs once (reference catalogues). Optional."""

    def resolve(self, desired):
        """Return ``desired`` with references resolved (names to ids). Optional."""
        return desired

    def resolve_unmanaged(self, option, names):
        """The map keys a Field's ``unmanaged_option`` control names, in the form the state uses (e.g. ids
        for names). Raise InputError for a name that cannot be resolved. Optional."""
        return set(names)

    def read(self, key):
        """Current normalised state of one entity, or None when it does not exist."""
        raise NotImplementedError

    def read_many(self, keys):
        """{key: state, None, or an exception}. Override with a listing call where one exists."""
        return dict(zip(keys, self.batch.map(self.read, keys)))

    # Writing ---------------------------------------------------------------
    def check(self, plan, desired, controls):
        """The plan to apply, after vendor rules that need it (e.g. what a password change requires): ``plan``,
        or a new Plan (see Plan.without); raise InputError or ApiError to refuse it. Optional."""
        return plan

    def writes_unsupported_fields(self, plan, controls):
        """True when update() writes the fields in ``plan.unsupported`` another way."""
        return bool(self.unsupported_writer and controls.get(self.unsupported_writer))

    def create(self, plan, controls):
        """Create ``plan.key``; may return extra state learnt from the answer (e.g. an id)."""
        raise NotImplementedError

    def update(self, plan, current, controls):
        raise NotImplementedError

    def delete(self, plan):
        raise NotImplementedError

    # Orphans (only with orphan_terms) ---------------------------------------
    def protected_keys(self):
        """Keys never treated as orphans (the API user itself)."""
        return []

    def orphan_listing(self, scope, skip, action):
        """(every existing key, {key: state} of the candidates in ``scope``), from a listing proven complete;
        ``skip(key)`` is true for keys that can never be orphans (need not be read)."""
        raise NotImplementedError

    def orphan_desired(self, key, action, current):
        """(desired, controls) that carry out ``action`` on orphan ``key``."""
        raise NotImplementedError

    # Shapes ----------------------------------------------------------------
    def to_options(self, state):
        """The state in the module's option shape (so it can be fed back as input)."""
        return dict(state)

    def to_display(self, view):
        """The state as shown in diffs."""
        return dict(view)
