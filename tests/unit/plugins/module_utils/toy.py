# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A toy entity spec and an in-memory adapter, so the engine is tested without any vendor."""
from __future__ import annotations

from ansible_collections.contactcenter.agents.plugins.module_utils._adapter import Adapter, Batch
from ansible_collections.contactcenter.agents.plugins.module_utils._entity import EntitySpec, Field, max_length
from ansible_collections.contactcenter.agents.plugins.module_utils._errors import ConflictError, TransportError

TOY = EntitySpec(
    name="toy", key="login", list_option="toys", result_key="toy",
    fields=[
        Field("login", "loginId"),
        Field("name", "fullName", required_on_create=True, rules=[max_length(5)]),
        Field("phone", "phone", kind="text"),
        Field("level", "level", kind="int"),
        Field("active", "active", kind="bool"),
        Field("roles", "roles", kind="set"),
        Field("skills", "skills", kind="map", merge_option="append_skills"),
        Field("team", "team", updatable=False),
        Field("password", "password", write_only=True, required_on_create=True),
    ],
)


class MemoryAdapter(Adapter):
    """Stores API records in a dict and logs every call; knobs simulate server behaviour."""

    spec = TOY

    def __init__(self, params=None, batch=None, records=None):
        super().__init__(params or {}, batch or Batch({}))
        self.records = records if records is not None else {}
        self.calls = []
        self.conflict_once = False  # someone else creates the entity just before our create
        self.lose_response_once = None  # "applied" or "not-applied"
        self.ignore_fields = set()  # fields the server silently drops on update

    def read(self, key):
        self.calls.append(("read", key))
        record = self.records.get(key)
        return None if record is None else self.spec.from_api(record)

    def _lost(self, apply):
        mode, self.lose_response_once = self.lose_response_once, None
        if mode == "applied":
            apply()
        raise TransportError("connection reset", "POST", "/toy", maybe_applied=True)

    def create(self, plan, controls):
        self.calls.append(("create", plan.key, dict(plan.changes)))
        record = dict(self.spec.to_api(plan.changes), loginId=plan.key)
        if self.conflict_once:
            self.conflict_once = False
            self.records[plan.key] = {"loginId": plan.key, "fullName": "Other", "password": "x"}
            raise ConflictError("exists", 409)
        if self.lose_response_once:
            self._lost(lambda: self.records.__setitem__(plan.key, record))
        self.records[plan.key] = record
        return {"serial": 7}

    def update(self, plan, current, controls):
        self.calls.append(("update", plan.key, dict(plan.changes)))
        changes = {k: v for k, v in self.spec.to_api(plan.changes).items() if k not in self.ignore_fields}
        if self.lose_response_once:
            self._lost(lambda: self.records[plan.key].update(changes))
        self.records[plan.key].update(changes)

    def delete(self, plan):
        self.calls.append(("delete", plan.key))
        del self.records[plan.key]

    def writes(self):
        return [c for c in self.calls if c[0] != "read"]


def defaults(**params):
    base = {name: spec.get("default") for name, spec in TOY.controls.items()}
    base.update({name: None for name in TOY.fields}, toys=None)
    base.update(params)
    return base
