# -*- coding: utf-8 -*-
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""CEC agent accounts: field map, documented rules, and the read/create/update/delete calls."""

from __future__ import annotations

import math

from ._adapter import Adapter
from ._cec_client import PAGE_SIZE, CecClient
from ._entity import CREATE, UNKNOWN, UPDATE, EntitySpec, Field, Rule, matches, max_bytes, max_length, without
from ._errors import ApiError, InputError

AGENT_TYPES = {"audio": 4, "video": 11, "multimedia": 5, "versatile": 99}
ROLES = {"agent": 2, "inspector": 3, "outbound_call_agent": 4}
IDLE = 255  # query answers use 255 for an idle agent type/role; it is not a value one can set
PASSWORD_SPECIALS = "~`!@#$%^*()-+_=\\¦,./<>?;':\"[]{}&"


def password_ok(value):
    classes = [any(c.isascii() and c.isupper() for c in value), any(c.isascii() and c.islower() for c in value),
               any(c.isdigit() for c in value), any(c in PASSWORD_SPECIALS for c in value)]
    allowed = all((c.isascii() and c.isalnum()) or c in PASSWORD_SPECIALS for c in value)
    return all(classes) and allowed and 8 <= len(value) <= 32


def email_ok(value):
    local, at, domain = value.rpartition("@")
    return (bool(at) and "@" not in local and 0 < len(local) <= 64 and 0 < len(domain) <= 255
            and len(domain.split(".")[0]) <= 63 and not any(c.isspace() for c in value))


def codec(mapping):
    """(to_api, from_api) for an option whose API value is a code; 255 or None reads as UNKNOWN."""
    reverse = {v: k for k, v in mapping.items()}

    def from_api(value):
        if value is None or value == IDLE or value == str(IDLE):
            return UNKNOWN
        code = int(value)
        if code not in reverse:
            raise ValueError("unknown code %r" % value)
        return reverse[code]
    return mapping.get, from_api


def norm_skills(value):
    """Skill list -> {id or name: {agent_weight, skill_weight}}; names are resolved later."""
    if value is None:
        return None
    out = {}
    for item in value:
        ref = item.get("skill_id") if item.get("skill_id") is not None else (item.get("name") or "").strip()
        if ref in (None, ""):
            raise ValueError("each skill needs skill_id or name")
        weights = {"agent_weight": item.get("agent_weight", 1), "skill_weight": item.get("skill_weight", 1)}
        for name, weight in weights.items():
            if not isinstance(weight, int) or isinstance(weight, bool) or weight < 1:
                raise ValueError("%s of skill %s must be an integer of at least 1" % (name, ref))
        if ref in out:
            raise ValueError("skill %s is listed twice" % ref)
        out[ref] = weights
    return out


def catalogue(records):
    """{skill id: record} from querySkills; an unusable id or name is the server's error, not ours."""
    out = {}
    for record in records:
        if "skillId" not in record:
            continue
        try:
            sid = int(record["skillId"])
        except (TypeError, ValueError):
            raise ApiError("querySkills answered an unusable skillId %r" % (record["skillId"],)) from None
        if record.get("name") is not None and not isinstance(record["name"], str):
            raise ApiError("querySkills answered an unusable name for skill queue %s" % sid)
        out[sid] = record
    return out


def skills_from_api(value):
    out = {}
    for item in value or []:
        out[int(item["skillId"])] = {"agent_weight": int(item.get("agentWeight", 1)),
                                     "skill_weight": int(item.get("skillWeight", 1))}
    return out


def skills_to_api(value):
    return [{"skillId": sid, "agentWeight": w["agent_weight"], "skillWeight": w["skill_weight"]}
            for sid, w in sorted((value or {}).items())]


SKILL_ARGSPEC = {"type": "list", "elements": "dict", "options": {
    "skill_id": {"type": "int", "aliases": ["skillId"]},
    "name": {"type": "str"},
    "agent_weight": {"type": "int", "default": 1, "aliases": ["agentWeight"]},
    "skill_weight": {"type": "int", "default": 1, "aliases": ["skillWeight"]},
}, "mutually_exclusive": [["skill_id", "name"]], "required_one_of": [["skill_id", "name"]]}

AGENT_TYPE_TO_API, AGENT_TYPE_FROM_API = codec(AGENT_TYPES)
ROLE_TO_API, ROLE_FROM_API = codec(ROLES)

CEC_AGENT = EntitySpec(
    name="agent account", key="user_account", list_option="agents", result_key="agent",
    merge_option="append_skills", merge_field="skills",
    fields=[
        Field("user_account", "userAccount", aliases=["userAccount"], identifier=True, rules=[
            matches(r"[A-Za-z0-9@._-]{6,50}", "must be 6 to 50 characters of letters, digits and @ . - _")]),
        Field("user_name", "userName", aliases=["userName"], required_on_create=True, rules=[
            max_length(20), without("\"[]'&()=;<>,", ops=(CREATE,)),
            max_bytes(20, ops=(UPDATE,)), without("\"[]=;<>", ops=(UPDATE,))]),
        Field("email", "email", required_on_create=True, rules=[Rule(
            email_ok, "must be an address whose local part has at most 64 characters, domain at most 255 "
            "and first domain label at most 63")]),
        Field("phone", "phone", kind="raw", identifier=True, rules=[max_length(25)], to_api=lambda v: v or ""),
        Field("agent_type", "agentType", aliases=["agentType"], choices=tuple(AGENT_TYPES), required_on_create=True,
              to_api=AGENT_TYPE_TO_API, from_api=AGENT_TYPE_FROM_API),
        Field("role", "ccRoleId", aliases=["ccRoleId"], choices=tuple(ROLES), required_on_create=True,
              to_api=ROLE_TO_API, from_api=ROLE_FROM_API),
        Field("password", "password", write_only=True, required_on_create=True, rules=[Rule(
            password_ok, "must be 8 to 32 characters with an uppercase letter, a lowercase letter, a digit and "
            "one of %s, and nothing else" % PASSWORD_SPECIALS)]),
        Field("skills", "skills", kind="custom", normalize=norm_skills, from_api=skills_from_api,
              to_api=skills_to_api, argspec=SKILL_ARGSPEC),
    ],
    controls={
        "state": {"type": "str", "default": "present", "choices": ["present", "absent"]},
        "update_password": {"type": "str", "default": "on_create", "choices": ["on_create", "always"], "no_log": False},
        "append_skills": {"type": "bool", "default": False},
        "old_password": {"type": "str", "no_log": True, "aliases": ["oldPassWord"]},
    },
)


class CecAgentAdapter(Adapter):
    spec = CEC_AGENT
    readback_ops = (UPDATE,)  # create answers workNo; update semantics for skills are undocumented

    def __init__(self, params, batch):
        super().__init__(params, batch)
        self.client = CecClient(params)
        self.catalogue = None  # {id: {name, mediaTypeId}}, one listing per run

    def prepare(self, desired_list):
        if any(d.get("skills") is not None for d in desired_list):
            self.catalogue = catalogue(self.client.skills())

    def resolve(self, desired):
        skills = desired.get("skills")
        if not skills:
            return desired
        by_name = {s.get("name"): sid for sid, s in self.catalogue.items()}
        out = {}
        for ref, weights in skills.items():
            sid = ref if isinstance(ref, int) else by_name.get(ref)
            if sid is None or sid not in self.catalogue:
                raise InputError("skills", "unknown skill queue %r (querySkills lists: %s)" % (
                    ref, ", ".join(sorted(str(n) for n in by_name)) or "none"))
            if sid in out:
                raise InputError("skills", "skill queue %s is listed twice" % ref)
            out[sid] = weights
        return dict(desired, skills=out)

    def state(self, record):
        state = self.spec.from_api(record)
        state["work_no"] = record.get("workNo")
        return state

    def read(self, key):
        record = self.client.query_account(key)
        if record is None:
            return None
        state = self.state(record)
        if state["work_no"] is None:
            state["work_no"] = self.client.work_no(key)  # the by-account query example omits workNo
        return state

    def read_many(self, keys):
        """One by-account query each, unless paging through every account costs fewer calls."""
        if len(keys) < 2:
            return super().read_many(keys)
        first = self.client.query_page(0)
        if isinstance(first[1], int) and math.ceil(first[1] / PAGE_SIZE) > len(keys):
            return super().read_many(keys)
        found = {r.get("userAccount"): r for r in self.listing(first)}
        return {k: self.state_or_error(found[k]) if k in found else None for k in keys}

    def listing(self, first=None):
        """Every record of the paged listing; ``first``: the answer for page 0, if already read."""
        records, total = first or self.client.query_page(0)
        records = list(records)
        if isinstance(total, int):
            # The total says which pages follow: read them at once (10 round trips -> 1 at 1,000 agents).
            pages = range(1, math.ceil(total / PAGE_SIZE))
            for more in self.batch.map(lambda n: self.client.query_page(n)[0], pages):
                if isinstance(more, Exception):
                    raise more
                records.extend(more)
        else:
            while records and len(records) % PAGE_SIZE == 0:  # without a total: until a short page
                more = self.client.query_page(len(records) // PAGE_SIZE)[0]
                if not more:
                    break
                records.extend(more)
        return records

    def state_or_error(self, record):
        """One odd record in the listing fails its own agent, not the batch."""
        try:
            return self.state(record)
        except ApiError as exc:
            return exc

    def check(self, plan, desired, controls):
        if plan.op == UPDATE and "password" in plan.changes and not controls.get("old_password"):
            raise InputError("old_password", "is required to change the password of an existing agent "
                             "(update_password=always); CEC checks it and locks the account after three wrong ones")

    def create(self, plan, controls):
        body = {"userAccount": plan.key}
        body.update(self.spec.to_api({k: v for k, v in plan.changes.items() if v is not None and k != "user_account"}))
        return {"work_no": self.client.create(body)}

    def update(self, plan, current, controls):
        changes = dict(plan.changes)
        body = {"userAccount": plan.key}
        if "password" in changes:
            body["oldPassWord"] = controls["old_password"]
            body["newPassWord"] = changes.pop("password")
        body.update(self.spec.to_api(changes))
        try:
            self.client.update(body)
        except ApiError as exc:
            if "newPassWord" in body:
                exc.msg += (" (the password change was not retried: CEC locks an account for 30 minutes after "
                            "three wrong old passwords and allows one change per 24 hours)")
            raise

    def delete(self, plan):
        self.client.delete(plan.key)

    def skill_name(self, sid):
        entry = (self.catalogue or {}).get(sid)
        return entry.get("name") if entry else None

    def to_options(self, state):
        out = dict(state)
        if state.get("skills") is not None:
            out["skills"] = [{"skill_id": sid, "name": self.skill_name(sid), **w} for sid, w in sorted(state["skills"].items())]
        return out

    def to_display(self, view):
        out = dict(view)
        if view.get("skills") is not None:
            out["skills"] = {self.skill_name(sid) or str(sid): w for sid, w in sorted(view["skills"].items())}
        return out


def agents_info(params, batch):
    """Every account (paged) or one, in the option shape ``agents:`` accepts."""
    adapter = CecAgentAdapter(params, batch)
    adapter.catalogue = catalogue(adapter.client.skills())
    if params.get("user_account"):
        found = adapter.read(params["user_account"])
        states = [found] if found else []
    else:
        states = [adapter.state(r) for r in adapter.listing()]
    agents = []
    for state in states:
        options = {k: v for k, v in adapter.to_options(state).items() if v is not UNKNOWN and k != "work_no"}
        for skill in options.get("skills") or []:
            skill.pop("skill_id" if skill["name"] else "name")
        agents.append(options)
    return {"agents": agents, "work_numbers": {s["user_account"]: s.get("work_no") for s in states}}


def skills_info(params, batch):
    client = CecClient(params)
    skills = [{"skill_id": s.get("skillId"), "name": s.get("name"), "media_type_id": s.get("mediaTypeId"),
               "description": s.get("description")} for s in client.skills()]
    if params.get("name"):
        skills = [s for s in skills if s["name"] == params["name"]]
    if params.get("media_type_id") is not None:
        skills = [s for s in skills if str(s["media_type_id"]) == str(params["media_type_id"])]
    return {"skills": skills}
