# -*- coding: utf-8 -*-
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""CEC agent accounts: field map, documented rules, and the read/create/update/delete calls."""

from __future__ import annotations

import math
import threading
from collections import Counter

from ._adapter import Adapter
from ._cec_client import AGENT_API, CEC_ARGUMENT_SPEC, CecClient, confirmable, index, pick
from ._entity import UNKNOWN, EntitySpec, Field, Rule, matches, max_bytes, max_length, without
from ._errors import ApiError, AuthError, ContactCenterError, InputError
from ._operations import CREATE, UPDATE
from ._orphans import REPORT, Term

AGENT_TYPES = {"audio": 4, "video": 11, "multimedia": 5, "versatile": 99}
ROLES = {"agent": 2, "inspector": 3, "outbound_call_agent": 4}
IDLE = 255  # query answers use 255 for an idle agent type/role; it is not a value one can set
PASSWORD_SPECIALS = "~`!@#$%^*()-+_=\\¦,./<>?;':\"[]{}&"
DELETE_FORBIDDEN = "@."  # in create's userAccount charset, forbidden by the delete page's rule


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
    """Field arguments to_api/from_api for an option whose API value is a code; 255 or None reads as UNKNOWN."""
    reverse = {v: k for k, v in mapping.items()}

    def from_api(value):
        if value is None or value == IDLE or value == str(IDLE):
            return UNKNOWN
        code = int(value)
        if code not in reverse:
            raise ValueError("unknown code %r" % value)
        return reverse[code]
    return {"to_api": mapping.get, "from_api": from_api}


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

CEC_AGENT = EntitySpec(
    name="agent account", key="user_account", list_option="agents", result_key="agent",
    fields=[
        Field("user_account", "userAccount", aliases=["userAccount"], identifier=True, rules=[
            matches(r"[A-Za-z0-9@._-]{6,50}", "must be 6 to 50 characters of letters, digits and @ . - _")]),
        Field("user_name", "userName", aliases=["userName"], required_on_create=True, rules=[
            max_length(20), without("\"[]'&()=;<>,", ops=(CREATE,)),
            max_bytes(20, ops=(UPDATE,)), without("\"[]=;<>", ops=(UPDATE,))]),
        Field("email", "email", required_on_create=True, rules=[Rule(
            email_ok, "must be an address whose local part has at most 64 characters, domain at most 255 "
            "and first domain label at most 63")]),
        Field("phone", "phone", kind="text", identifier=True, rules=[max_length(25)], to_api=lambda v: v or ""),
        Field("agent_type", "agentType", aliases=["agentType"], choices=tuple(AGENT_TYPES), required_on_create=True,
              **codec(AGENT_TYPES)),
        Field("role", "ccRoleId", aliases=["ccRoleId"], choices=tuple(ROLES), required_on_create=True,
              **codec(ROLES)),
        Field("password", "password", write_only=True, required_on_create=True, rules=[Rule(
            password_ok, "must be 8 to 32 characters with an uppercase letter, a lowercase letter, a digit and "
            "one of %s, and nothing else" % PASSWORD_SPECIALS)]),
        Field("skills", "skills", kind="custom", normalize=norm_skills, from_api=skills_from_api,
              to_api=skills_to_api, argspec=SKILL_ARGSPEC, merge_option="append_skills"),
    ],
    controls={"old_password": {"type": "str", "no_log": True, "aliases": ["oldPassWord"]}},
)


class CecAgentAdapter(Adapter):
    spec = CEC_AGENT
    connection_spec = CEC_ARGUMENT_SPEC
    readback_ops = (UPDATE,)  # create answers workNo; update semantics for skills are undocumented

    def __init__(self, params, batch):
        super().__init__(params, batch)
        self.client = CecClient(params)
        self.catalogue = None  # {id: {name, mediaTypeId}}, one listing per run
        self._lock = threading.Lock()
        self._listing = None  # the complete listing, once a failure envelope needed confirming
        self._work_no_off = False  # queryAgentInfoByAccount refused us: do not ask again this run
        self._work_no_warned = False  # one warning per run, not one per agent
        self._listed = None  # the complete listing read_many read, for the orphan pass (before any write)

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

    # Reading ---------------------------------------------------------------
    def read(self, key):
        try:
            record = self.client.query_account(key)
        except ApiError as exc:
            if not confirmable(exc):
                raise
            record = self.confirm_absent(key, exc)
        if record is None:
            return None
        state = self.state(record)
        if state["work_no"] is None:
            state["work_no"] = self.work_no(key)  # the by-account query example omits workNo
        return state

    def confirm_absent(self, key, exc):
        """A failure envelope on a by-account query is "absent" only if the complete listing agrees."""
        try:
            with self._lock:
                if self._listing is None:
                    self._listing = self.listing()
                records = self._listing
        except ContactCenterError as err:
            raise ApiError("%s; the paged listing that could confirm %r is absent failed too: %s" % (
                exc.msg, key, err.msg), exc.status, vendor_code=exc.vendor_code,
                vendor_message=exc.vendor_message) from None
        if pick(key, records, "the paged listing") is not None:
            raise ApiError("%s (the paged listing holds %r, so this is not a missing account)" % (exc.msg, key),
                           exc.status, vendor_code=exc.vendor_code, vendor_message=exc.vendor_message)
        return None

    def work_no(self, key):
        """queryAgentInfoByAccount's workNo; a failure costs only the value (its accountCode is documented
        as the sign-in account, and it alone lists 403), never the read."""
        if self._work_no_off:
            return None
        try:
            return self.client.work_no(key)
        except ApiError as exc:
            with self._lock:
                warned, self._work_no_warned = self._work_no_warned, True
                self._work_no_off = self._work_no_off or isinstance(exc, AuthError)
            if not warned:
                self.batch.warn("the agentAccount/query answers have no workNo and queryAgentInfoByAccount failed "
                                "(HTTP %s: %s): work_no is null" % (exc.status, exc.vendor_message or exc.msg))
            return None

    def read_many(self, keys):
        """One by-account query each, unless paging through every account costs fewer calls."""
        if len(keys) < 2:
            return super().read_many(keys)
        first = self.client.query_page(0)
        if first[1] is not None and first[0] and math.ceil(first[1] / len(first[0])) > len(keys):
            return super().read_many(keys)
        self._listed = self.listing(first)
        found = index(self._listed)
        out = {}
        for key in keys:
            try:
                record = pick(key, found, "the paged listing")
                out[key] = None if record is None else self.state(record)
            except ContactCenterError as exc:  # one odd record fails its own agent, not the batch
                out[key] = exc
        return out

    def listing(self, first=None):
        """Every record of the paged listing, or ApiError when the pages do not add up.

        The page size is what page 0 holds (the maximum is undocumented; a server may cap pageSize
        silently), so later pages are asked with that size. With a total they are read at once
        (10 round trips -> 1 at 1,000 agents) and must add up to it; without one, until a short page."""
        records, total = first or self.client.query_page(0)
        records = list(records)
        size = len(records)
        if not size:
            if total:
                raise listing_error("page 0 is empty but the total is %d" % total)
            return records
        if total is not None:
            pages = self.batch.map(lambda n: self.client.query_page(n, size)[0], range(1, math.ceil(total / size)))
        else:
            pages, last = [], records
            while len(last) == size:
                last = self.client.query_page(len(pages) + 1, size)[0]
                pages.append(last)
        for page in pages:
            if isinstance(page, Exception):
                raise page
            if len(page) > size:
                raise listing_error("a page holds %d records where page 0 held %d" % (len(page), size))
            records.extend(page)
        twice = sorted((a for a, n in Counter(r.get("userAccount") for r in records).items() if n > 1), key=str)
        if twice:
            raise listing_error("accounts listed twice: %s" % ", ".join(map(str, twice[:5])))
        if total is not None and len(records) != total:
            raise listing_error("the pages hold %d records, the total is %d" % (len(records), total))
        return records

    # Writing ---------------------------------------------------------------
    def check(self, plan, desired, controls):
        if plan.op == UPDATE and "password" in plan.changes:
            if not controls.get("old_password"):
                raise InputError("old_password", "is required to change the password of an existing agent "
                                 "(update_password=always); CEC checks it and locks the account after three wrong "
                                 "ones")
            if controls["old_password"] == plan.changes["password"]:
                raise InputError("old_password", "is the same as password; nothing to change")
            if self.password_in_force(plan.key, plan.changes["password"], controls["old_password"]):
                # Already changed (a re-run): sending the stale old password would count as a wrong one.
                return plan.without({"password"})
        return plan

    def password_in_force(self, key, new, old):
        """Which of the two passwords queryAgentInfoByAccount accepts for ``key``; True when only the new
        one. Raise, before any write, when that does not say (both accepted: the server does not check the
        password; neither: wrong passwords, or the account is not a sign-in account there)."""
        accepted = []
        for password in (old, new):
            try:
                self.client.by_account(key, password)
                accepted.append(True)
            except ApiError as exc:
                if isinstance(exc, AuthError) or exc.vendor_code is None or exc.status != 200:
                    raise ApiError("the password change needs queryAgentInfoByAccount to check which password is "
                                   "in force, and it failed: %s; nothing was sent" % exc.msg, exc.status) from None
                accepted.append(False)
        if accepted == [True, False]:
            return False
        if accepted == [False, True]:
            return True
        reason = ("accepts both old_password and password, so it does not check them" if all(accepted) else
                  "accepts neither old_password nor password (wrong passwords, or the account is not a sign-in "
                  "account there)")
        raise ApiError("not changing the password of %r: queryAgentInfoByAccount %s; sending the change anyway "
                       "could count as a wrong old password (three lock the agent for 30 minutes)" % (key, reason))

    def create(self, plan, controls):
        body = {"userAccount": plan.key}
        body.update(self.spec.to_api({k: v for k, v in plan.changes.items() if v is not None}))
        self._listing = None
        return {"work_no": self.client.create(body)}

    def update(self, plan, current, controls):
        changes = dict(plan.changes)
        body = {"userAccount": plan.key}
        if "password" in changes:
            body["oldPassWord"] = controls["old_password"]
            body["newPassWord"] = changes.pop("password")
        body.update(self.spec.to_api(changes))
        self._listing = None
        try:
            self.client.update(body)
        except ApiError as exc:
            if "newPassWord" in body:
                exc.msg += (" (the password change was not retried: CEC locks an account for 30 minutes after "
                            "three wrong old passwords and allows one change per 24 hours)")
            raise

    def delete(self, plan):
        self._listing = None
        try:
            self.client.delete(plan.key)
        except ApiError as exc:
            bad = sorted(set(plan.key) & set(DELETE_FORBIDDEN))
            if bad:
                exc.msg += (" (the agent was NOT deleted. The delete page's userAccount rule forbids %s, which the "
                            "create page allows; if this server enforces it, delete %r in the CEC console)" % (
                                " and ".join(repr(c) for c in bad), plan.key))
            raise

    # Orphans -------------------------------------------------------------
    orphan_terms = (Term("accounts", "user_account"),)
    orphan_actions = (REPORT, "delete", "quarantine")
    orphan_listing_name = "the paged agentAccount/query listing"

    def protected_keys(self):
        """None: the API user is an API Fabric app (app key), not an agent account, so no account is it."""
        return ()

    def orphan_listing(self, scope, skip, action):
        """(every account, {account in scope and not skipped: state}) from the complete paged listing."""
        records = self._listed if self._listed is not None else self.listing()
        if action == "quarantine" and self.catalogue is None:
            self.catalogue = catalogue(self.client.skills())  # skill names in the diff
        existing, candidates = set(), {}
        for record in records:
            key = record.get("userAccount")
            existing.add(key)
            if not isinstance(key, str) or skip(key) or not scope.prefilter(self.spec.key, key):
                continue
            try:
                candidates[key] = self.state(record)
            except ApiError as exc:  # from_api's message names the field; among thousands, name the account too
                raise ApiError("the listing's record of %r: %s; nothing was written" % (key, exc.msg), 200, "POST",
                               AGENT_API + "query") from None
        return existing, candidates

    def orphan_desired(self, key, action, current):
        """(desired, controls) of an orphan. Quarantine is an update to no skill queue at all."""
        if action == "delete":
            return {}, {"state": "absent"}
        if action == "quarantine":
            if current.get("skills") is UNKNOWN:
                raise ApiError("the listing does not report the skills of %r, so its quarantine can be neither "
                               "planned nor verified; nothing was written" % key)
            return {"skills": {}}, {"append_skills": False}
        return {}, {}

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


def listing_error(what):
    return ApiError("the paged agentAccount/query listing does not add up (%s): accounts may be missing or listed "
                    "twice, so nothing was written" % what, 200, "POST", AGENT_API + "query")


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
