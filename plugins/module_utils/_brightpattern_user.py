# -*- coding: utf-8 -*-
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Bright Pattern users: field map, which fields PUT can change, and SCIM for the others."""

from __future__ import annotations

from ._adapter import Adapter
from ._brightpattern_client import API, BRIGHTPATTERN_ARGUMENT_SPEC, DIRECTORY_PRIVILEGE, BrightPatternClient
from ._entity import UNKNOWN, EntitySpec, Field, Rule, matches, norm_str
from ._errors import ApiError, InputError
from ._orphans import REPORT, Term
from ._reconcile import visible

# The Configuration API documents PUT for these fields only; SCIM can change the rest.
SCIM_PATHS = {
    "first_name": "name.givenName",
    "last_name": "name.familyName",
    "email": "emails",
    "work_phone": 'phoneNumbers[type eq "work"].value',
    "mobile_phone": 'phoneNumbers[type eq "mobile"].value',
    "extension": 'phoneNumbers[type eq "extension"].value',
    "roles": "roles",
}


def scim_operation(option, value):
    path = SCIM_PATHS[option]
    if value is None or value == []:
        return {"op": "remove", "path": path}
    if option == "email":
        value = [{"value": value, "primary": True}]
    elif option == "roles":
        value = [{"value": role} for role in value]
    return {"op": "replace", "path": path, "value": value}


def norm_unlock(value):
    """``unlock: true`` wants the user unlocked; false leaves the lock state alone.

    The current state's ``unlock`` is true when the user is not locked out."""
    if value in (None, False):
        return UNKNOWN
    if value is True:
        return True
    raise ValueError("must be a boolean")


def norm_login(value):
    """The login travels as a URL path segment: clients and proxies drop "." and ".." segments, and a server
    that decodes %2F splits it, so a login that would name another path is refused before any call."""
    login = norm_str(value)
    if login is not None and any(part in ("", ".", "..") for part in login.split("/")):
        raise ValueError("%r cannot be sent as a URL path segment: it must not be \".\" or \"..\", and no part "
                         "between slashes may be empty, \".\" or \"..\"" % login)
    return login


def levels_ok(skills):
    return all(0 <= level <= 100 for level in skills.values())


BRIGHTPATTERN_USER = EntitySpec(
    name="user", key="login_id", list_option="users", result_key="user",
    fields=[
        Field("login_id", "loginId", aliases=["loginId"], identifier=True, normalize=norm_login),
        Field("first_name", "firstName", aliases=["firstName"], required_on_create=True, updatable=False),
        Field("last_name", "lastName", aliases=["lastName"], required_on_create=True, updatable=False),
        Field("team", "team", required_on_create=True),
        Field("extension", "extension", kind="text", identifier=True, updatable=False, rules=[matches(r"[0-9]+", "must be digits")]),
        Field("work_phone", "workPhone", kind="text", aliases=["workPhone"], identifier=True, updatable=False),
        Field("mobile_phone", "mobilePhone", kind="text", aliases=["mobilePhone"], identifier=True,
              updatable=False),
        Field("email", "email", updatable=False),
        Field("disabled", "disabled", kind="bool"),
        # Re-arming "must change at next login" on every run would undo the user's own change: like a password.
        Field("change_password", "changePassword", kind="bool", aliases=["changePassword"], no_log=False,
              on_create_only=True),
        Field("skills", "skills", kind="map", rules=[Rule(levels_ok, "levels must be integers from 0 to 100")],
              unmanaged_option="unmanaged_skills", merge_option="append_skills"),
        Field("roles", "roles", kind="set", updatable=False),
        Field("password", "password", write_only=True),
        Field("unlock", None, kind="custom", normalize=norm_unlock, argspec={"type": "bool", "default": False}),
    ],
    controls={"use_scim": {"type": "bool", "default": False}},
)

PUT_FIELDS = {n for n, f in BRIGHTPATTERN_USER.fields.items() if f.updatable and f.api} - {"login_id"}


class BrightPatternUserAdapter(Adapter):
    spec = BRIGHTPATTERN_USER
    connection_spec = BRIGHTPATTERN_ARGUMENT_SPEC
    unsupported_hint = ("Set on_unsupported_change=warn to leave them, or use_scim=true to change them "
                        "through the SCIM users API.")
    unsupported_writer = "use_scim"

    def __init__(self, params, batch):
        super().__init__(params, batch)
        self.client = BrightPatternClient(params)
        self.teams = None
        self.unlocking = set()  # users whose lock state must be read
        self._directory = None  # the logins GET /phone/user listed, for the orphan pass (before any write)

    def prepare(self, desired_list):
        if any(d.get("team") for d in desired_list):
            self.teams = set(self.client.teams())
        self.unlocking = {d["login_id"] for d in desired_list if "unlock" in d}

    def resolve(self, desired):
        team = desired.get("team")
        if team and team not in self.teams:
            raise InputError("team", "unknown team %r (GET /team lists: %s)" % (team, ", ".join(sorted(self.teams))))
        return desired

    def read(self, key):
        record = self.client.get_user(key)
        if record is None:
            return None
        state = self.spec.from_api(record)
        if key in self.unlocking:
            state["unlock"] = not self.client.locked(key)
        return state

    def directory(self, required=False):
        """The logins GET /phone/user lists, or None (with a warning) when the API user may not read it."""
        logins = self.client.login_ids(required)
        if logins is None:
            self.batch.warn("GET %s/phone/user was refused (HTTP 403): %s. Each user is read with GET /user/<login> "
                            "instead, so a login that differs from an existing one only in letter case is not "
                            "detected" % (API, DIRECTORY_PRIVILEGE))
        return logins

    def read_many(self, keys, directory=None):
        """Who exists comes from GET /phone/user (one call for many users, or after a single user's 404), then one
        GET per listed user, in parallel. A 404 alone never says "absent" for a login the directory lists, and a
        login that matches an existing one only in letter case fails."""
        found = None
        if directory is None and len(keys) < 2:
            found = dict(zip(keys, self.batch.map(self.read, keys)))
            if not any(v is None for v in found.values()):
                return found
        if directory is None:
            directory = self._directory = self.directory()
            if directory is None:  # refused (warned): each user's own answer, read once
                return found if found is not None else dict(zip(keys, self.batch.map(self.read, keys)))
        listed = [k for k in keys if k in directory]
        states = dict(zip(listed, self.batch.map(self.read, listed)))
        folded = {}
        for login in directory:
            folded.setdefault(login.lower(), []).append(login)
        out = {}
        for key in keys:
            if key in states:
                path = self.client.user_path(key)
                out[key] = states[key] if states[key] is not None else ApiError(
                    "GET /phone/user lists %r but %s%s answered 404: that 404 is not the API's (a wrong URL "
                    "prefix or a reverse proxy?); nothing is written" % (key, self.client.url, path), 404, "GET", API + path)
            elif key.lower() in folded:
                out[key] = self.client.case_conflict(key, sorted(folded[key.lower()])[0], "GET /phone/user lists")
            else:
                out[key] = None
        return out

    # Orphans -------------------------------------------------------------
    orphan_terms = (Term("teams", "team", "name"), Term("logins", "login_id"))
    orphan_actions = (REPORT, "disable", "delete")
    orphan_listing_name = "GET /phone/user (the directory)"

    def protected_keys(self):
        """The API user: client_id is the API user's login (PM-CONFIG token parameters)."""
        return [self.params.get("brightpattern_client_id")]

    def orphan_listing(self, scope, skip, action):
        """(every login of the directory, {login not skipped, inside the login globs: state}). The team needs one
        GET /user/<login> per candidate; a login the globs exclude is not read. Any failed read fails the pass."""
        directory = self._directory if self._directory is not None else self.directory(required=True)
        keys = sorted(k for k in directory if not skip(k) and scope.prefilter(self.spec.key, k))
        states = self.read_many(keys, directory) if keys else {}
        for key in keys:
            if isinstance(states[key], Exception):
                raise states[key]
        return set(directory), states

    def orphan_desired(self, key, action, current):
        """(desired, controls) of an orphan. Disable is PUT disabled=true: reversible, the user keeps its history."""
        if action == "delete":
            return {}, {"state": "absent"}
        if action == "disable":
            if current.get("disabled") is UNKNOWN:
                raise ApiError("GET /user/%s does not report disabled, so disabling it can be neither planned nor "
                               "verified; nothing was written" % key)
            return {"disabled": True}, {}
        return {}, {}

    def create(self, plan, controls):
        body = {"loginId": plan.key}
        body.update(self.spec.to_api({k: v for k, v in plan.changes.items() if v is not None}))
        self.client.create_user(body)

    def update(self, plan, current, controls):
        put = {k: v for k, v in plan.changes.items() if k in PUT_FIELDS}
        if put:
            self.client.update_user(plan.key, self.spec.to_api(put))
        scim = [scim_operation(k, v) for k, v in sorted(plan.changes.items()) if k in SCIM_PATHS]
        if scim:
            self.client.scim_patch(self.client.scim_id(plan.key), scim)
        if "unlock" in plan.changes:
            self.client.unlock(plan.key)

    def delete(self, plan):
        self.client.delete_user(plan.key)

    def to_options(self, state):
        """The state without ``unlock``, which asks for an action and is no setting to export."""
        return {k: v for k, v in state.items() if k != "unlock"}


def users_info(params, batch):
    """One user or every user (the directory, then one GET each), in the option shape ``users:`` accepts."""
    adapter = BrightPatternUserAdapter(params, batch)
    if params.get("login_id"):
        keys = [adapter.spec.field("login_id").normalize(params["login_id"])]
        states = adapter.read_many(keys)
    else:
        directory = adapter.directory(required=True)  # the only listing: without it there is nothing to export
        keys = sorted(directory)
        states = adapter.read_many(keys, directory)
    failed = [s for s in states.values() if isinstance(s, Exception)]
    if failed:
        raise failed[0]
    users = [{k: v for k, v in adapter.to_options(visible(adapter.spec, states[k])).items() if v is not None}
             for k in keys if states[k] is not None]
    return {"users": users, "teams": sorted(adapter.client.teams())}
