# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Strict simulator of the Bright Pattern Contact Center Configuration API v2 (5.x) and its SCIM API.

Every documented rule is enforced; behaviour the docs leave open or contradict is an option in
``DEFAULT_OPTIONS`` so tests can exercise each reading (see README.md, section "Bright Pattern").
"""
from __future__ import annotations

import copy
import json
import posixpath
import random
import secrets
import uuid

from flask import Response, request
from werkzeug.exceptions import MethodNotAllowed, NotFound

from ._base import Simulator
from ._brightpattern_rules import (
    ACCESS_NUMBERS, API, CHOICES, DEFAULT_ROLES, DEFAULT_SKILLS, DEFAULT_TEAMS, DIALECTS, NON_UPDATABLE,
    REQUIRED_ON_CREATE, TEAM_SKILL_LEVEL, ApiError, AuthMixin, ScimError, normalize_user_body, password_ok,
    same_secret, truthy,
)
from ._brightpattern_scim import ScimMixin

# Invented: the docs only show a logged-in example; a fresh user has never logged in.
DEFAULT_LOGIN_INFO = {"isLoggedIn": False, "lastLogin": None, "lastLogout": None}


class BrightPatternSimulator(AuthMixin, ScimMixin, Simulator):
    name = "brightpattern"
    # Where the docs are silent or contradict each other, the default is the reading least convenient for a
    # client (README.md, "Options", says which doc passage, or its absence, is behind each switch).
    DEFAULT_OPTIONS = {
        "client_id": "api.admin",
        "client_secret": "sim-bp-secret-CHANGE-ME",
        "tenant": "127.0.0.1",
        "token_param": "scope",
        "token_ttl": 3600,
        "unauthorized_status": 401,
        "skills_put": "replace",
        "put_response": "ok",
        "ok_body": "bare",
        "non_updatable": "ignore",
        "string_booleans": "reject",
        "get_string_booleans": True,
        "get_levels_as_strings": True,
        "get_phones": "omit",
        "team_skills": True,
        "default_role": None,
        "error_format": "text",
        "include_login_info": True,
        "phone_user_key": "login_id",
        "phone_directory": "allowed",
        "login_case": "sensitive",
        "encoded_slash": "decode",
        "password_min_length": 8,
        "first_extension": 1000,
        "unknown_endpoint_status": 500,
        "lock_put_content_type": "required",
        "scim_default_team": "Customer Service",
        "scim_default_role": "Agent",
        "scim_email_required": True,
        "scim_roles_format": "objects",
        "scim_username_change": "reject",
    }

    def update_options(self, options):
        """``dialect`` (see DIALECTS) sets a documented bundle first; the other options given win over it."""
        options = dict(options)
        dialect = options.pop("dialect", None)
        if dialect is not None:
            if dialect not in DIALECTS:
                raise ValueError("unknown dialect %r (one of %s)" % (dialect, ", ".join(DIALECTS)))
            options = dict(DIALECTS[dialect], **options)
        super().update_options(options)

    def reset(self, seed=None):
        initial = self._initial_options
        if "dialect" in initial:  # a dialect given to the constructor survives resets, like any option
            self._initial_options = dict(DIALECTS[initial["dialect"]],
                                         **{k: v for k, v in initial.items() if k != "dialect"})
        super().reset(seed)

    # ------------------------------------------------------------------ state
    def reset_state(self):
        self.ids = random.Random(52)  # deterministic UUIDs, independent of the fault RNG
        self.skills = list(DEFAULT_SKILLS)
        self.roles = list(DEFAULT_ROLES)
        self.teams = {}  # name -> {"name", "id", "skills": {skill: level}}
        for name in DEFAULT_TEAMS:
            self._put_team({"name": name})
        self.users = {}  # loginId -> record; dict order is creation order (/phone/user lists it)
        self.tokens = {}  # access_token -> expiry on the sim clock

    def seed(self, data):
        """Plant state as given, without validation (tests use it for odd server states)."""
        with self.lock:
            self.update_options(data.get("options") or {})
            for name in data.get("skills") or []:
                self._add_skill(name)
            for name in data.get("roles") or []:
                if name not in self.roles:
                    self.roles.append(name)
            for item in data.get("teams") or []:
                self._put_team(item)
            for item in data.get("users") or []:
                user = self._new_record(copy.deepcopy(item))
                self.users[user["loginId"]] = user

    def dump_state(self):
        with self.lock:
            users = {}
            for login_id, user in self.users.items():
                item = {k: copy.deepcopy(v) for k, v in user.items() if k != "password"}
                item["has_password"] = bool(user["password"])
                users[login_id] = item
            return {
                "users": users,
                "teams": [copy.deepcopy(t) for t in self.teams.values()],
                "skills": list(self.skills),
                "roles": list(self.roles),
            }

    def check_password(self, login_id, candidate):
        """For tests: does ``candidate`` match the stored password? (The password is never returned.)"""
        with self.lock:
            user = self.users.get(login_id)
            return bool(user and user["password"] and same_secret(user["password"], candidate))

    def _new_uuid(self):
        return str(uuid.UUID(int=self.ids.getrandbits(128), version=4)).upper()

    def _add_skill(self, name):
        if name not in self.skills:
            self.skills.append(name)

    def _put_team(self, item):
        name = item["name"]
        skills = item.get("skills")
        if skills is None:
            skills = {name: TEAM_SKILL_LEVEL}  # the team's own service skill
        elif isinstance(skills, list):
            skills = dict.fromkeys(skills, TEAM_SKILL_LEVEL)
        for skill in skills:
            self._add_skill(skill)
        old = self.teams.get(name)
        self.teams[name] = {"name": name, "id": item.get("id") or (old or {}).get("id") or self._new_uuid(),
                            "skills": dict(skills)}

    def _free_extension(self):
        used = {u["extension"] for u in self.users.values()}
        number = int(self.options["first_extension"])
        while str(number) in used:
            number += 1
        return str(number)

    def _new_record(self, fields):
        now = self.now()
        extension = fields.get("extension")
        password = fields.get("password")
        return {
            "loginId": fields["loginId"],
            "firstName": fields.get("firstName", ""),
            "lastName": fields.get("lastName", ""),
            "team": fields.get("team", ""),
            "extension": self._free_extension() if extension in (None, "") else str(extension),
            "workPhone": fields.get("workPhone", ""),
            "mobilePhone": fields.get("mobilePhone", ""),
            "email": fields.get("email", ""),
            "disabled": fields.get("disabled", False),
            "changePassword": fields.get("changePassword", False),  # PM-CONFIG: "Default is false."
            "skills": dict(fields.get("skills") or {}),
            "roles": list(fields.get("roles") or []),
            # PM-SCIM: an omitted password is autogenerated (so nobody knows it).
            "password": secrets.token_urlsafe(18) if password is None else password,
            "password_changes": 0,
            "lockedOut": bool(fields.get("lockedOut", False)),
            "scim_id": fields.get("scim_id") or self._new_uuid(),
            "scim": dict(fields.get("scim") or {}),
            "loginInfo": copy.deepcopy(fields.get("loginInfo") or DEFAULT_LOGIN_INFO),
            "created": now,
            "modified": now,
        }

    def _opt(self, name):
        value = self.options[name]
        if name in CHOICES and value not in CHOICES[name]:
            raise ValueError("option %s must be one of %r, not %r" % (name, CHOICES[name], value))
        return value

    # ------------------------------------------------------------------ routes
    def register_routes(self, app):
        app.register_error_handler(ApiError, self._api_error)
        app.register_error_handler(ScimError, self._scim_error)
        app.register_error_handler(NotFound, self._not_found)
        app.register_error_handler(MethodNotAllowed, self._not_allowed)
        app.add_url_rule(API + "/oauth/token", "bp_token", self._token, methods=["POST"])
        for path, endpoint, view, method in (
            ("/user", "bp_create", self._create_user, "POST"),
            ("/user/<login_id>", "bp_get", self._read_user, "GET"),
            ("/user/<login_id>", "bp_update", self._update_user, "PUT"),
            ("/user/<login_id>", "bp_delete", self._delete_user, "DELETE"),
            ("/user/lock/<login_id>", "bp_lock_get", self._get_lock, "GET"),
            ("/user/lock/<login_id>", "bp_lock_clear", self._clear_lock, "PUT"),
            ("/team", "bp_teams", self._list_teams, "GET"),
            ("/phone/user", "bp_phone_user", self._phone_users, "GET"),
            ("/phone/ext", "bp_phone_ext", self._access_numbers, "GET"),
        ):
            app.add_url_rule(API + path, endpoint, self._guard(view), methods=[method])
        self.register_scim_routes(app)

    def create_app(self):
        app = super().create_app()
        app.wsgi_app = self._route_path(app.wsgi_app)
        return app

    def _route_path(self, wsgi_app):
        """How the server (or a proxy in front of it) treats an encoded slash in the path: ``decode`` routes
        the decoded path with its dot segments removed (what werkzeug and many proxies do), ``reject`` answers
        404 as Apache does by default (AllowEncodedSlashes Off)."""
        def routed(environ, start_response):
            path = environ.get("PATH_INFO", "")
            raw = environ.get("RAW_URI") or environ.get("REQUEST_URI") or ""
            if path.startswith(API + "/"):
                if self.options.get("encoded_slash") == "reject" and "%2f" in raw.split("?")[0].lower():
                    start_response("404 Not Found", [("Content-Type", "text/html")])
                    return [b"<html><body><h1>Not Found</h1></body></html>"]
                normal = posixpath.normpath(path)
                environ["PATH_INFO"] = normal + ("/" if path.endswith("/") and normal != "/" else "")
            return wsgi_app(environ, start_response)
        return routed

    def _guard(self, view, scim=False):
        def guarded(**kwargs):
            with self.lock:
                for name in CHOICES:  # a mistyped option fails before any state changes
                    self._opt(name)
                self._authenticate(scim)
                return view(**kwargs)
        return guarded

    def _ok(self):
        # PM-CONFIG's Create/Delete examples answer the bare text OK under Content-Type: application/json.
        if self._opt("ok_body") == "bare":
            return Response("OK", status=200, mimetype="application/json")
        return self._json("OK")

    @staticmethod
    def _json(value, status=200, mimetype="application/json"):
        # json.dumps keeps insertion order (Flask's jsonify would sort keys).
        return Response(json.dumps(value), status=status, mimetype=mimetype)

    @staticmethod
    def _is_scim_path():
        return request.path.startswith(API + "/scim/")

    def _api_error(self, exc):
        if self._opt("error_format") == "json":
            resp = self._json({"error": exc.message}, exc.status)
        else:
            resp = Response(exc.message, status=exc.status, mimetype="text/plain")
        resp.headers.update(exc.headers)
        return resp

    def _not_found(self, exc):
        if not request.path.startswith(API + "/"):
            return exc
        # PM-CONFIG: "500 Request Failed - Incorrect endpoint specification."
        status = int(self._opt("unknown_endpoint_status"))
        message = "Incorrect endpoint specification" if status == 500 else "not found"
        if self._is_scim_path():
            return self._scim_error(ScimError(status, message))
        return self._api_error(ApiError(status, message))

    def _not_allowed(self, exc):
        if not request.path.startswith(API + "/"):
            return exc
        headers = {"Allow": ", ".join(sorted(exc.valid_methods or ()))}
        if self._is_scim_path():
            return self._scim_error(ScimError(405, "method not allowed", headers=headers))
        return self._api_error(ApiError(405, "method not allowed", headers))

    # ------------------------------------------------------------------ users
    @staticmethod
    def _require_json():
        if request.mimetype != "application/json":
            raise ApiError(415, "unsupported media type")

    @staticmethod
    def _body():
        try:
            body = json.loads(request.get_data())
        except ValueError:
            raise ApiError(400, "malformed JSON request body") from None
        if not isinstance(body, dict):
            raise ApiError(400, "request body must be a JSON object")
        return body

    def _find(self, login_id):
        user = self.users.get(login_id)
        if user is None and self._opt("login_case") == "insensitive":
            user = next((u for k, u in self.users.items() if k.lower() == login_id.lower()), None)
        return user

    def _get_user(self, login_id):
        user = self._find(login_id)
        if user is None:
            raise ApiError(404, "user not found")
        return user

    def _check_password(self, password):
        if not password_ok(password, self.options["password_min_length"]):
            raise ApiError(400, "password does not comply with the security policy")

    def _check_references(self, fields):
        # PM-CONFIG: 404 when "one of the objects referred to in the properties ... cannot be found".
        if "team" in fields and fields["team"] not in self.teams:
            raise ApiError(404, "user team not found")
        for name in fields.get("skills", {}):
            if name not in self.skills:
                raise ApiError(404, "skill not found: %s" % name)
        for name in fields.get("roles", []):
            if name not in self.roles:
                raise ApiError(404, "role not found: %s" % name)

    def _extension_owner(self, extension):
        for user in self.users.values():
            if str(user["extension"]) == extension:
                return user
        return None

    def _grant_team_skills(self, user):
        # SKILL-LEVELS: team members "get the service skill automatically" (tenant setting).
        if not self.options["team_skills"] or user["team"] not in self.teams:
            return
        for name, level in self.teams[user["team"]]["skills"].items():
            user["skills"].setdefault(name, level)

    def _user_json(self, user):
        as_bool = (lambda v: "true" if truthy(v) else "false") if self.options["get_string_booleans"] else truthy
        as_level = str if self.options["get_levels_as_strings"] else (lambda v: v)
        out = {
            "disabled": as_bool(user["disabled"]),
            "changePassword": as_bool(user["changePassword"]),
            "skills": {name: as_level(level) for name, level in user["skills"].items()},
            "loginId": user["loginId"],
            "firstName": user["firstName"],
            "lastName": user["lastName"],
            "team": user["team"],
            "extension": str(user["extension"]),
            "email": user["email"],
            "roles": list(user["roles"]),
        }
        for key in ("workPhone", "mobilePhone"):  # the current UM52-GET table has no such rows
            if user[key] and self._opt("get_phones") == "when_set":
                out[key] = user[key]
        if self.options["include_login_info"]:
            out["loginInfo"] = copy.deepcopy(user["loginInfo"])
        return out

    def _create_user(self):
        self._require_json()
        fields = normalize_user_body(self._body(), self._opt("string_booleans"))
        for field in REQUIRED_ON_CREATE:
            if not fields.get(field):
                raise ApiError(400, "%s is required" % field)
        if "password" in fields:
            self._check_password(fields["password"])
        if self._find(fields["loginId"]) is not None:
            raise ApiError(409, "user already exists: %s" % fields["loginId"])
        self._check_references(fields)
        if "extension" in fields and self._extension_owner(fields["extension"]):
            raise ApiError(409, "extension already in use: %s" % fields["extension"])
        if "roles" not in fields and self.options["default_role"]:
            fields["roles"] = [self.options["default_role"]]
        user = self._new_record(fields)
        self._grant_team_skills(user)
        self.users[user["loginId"]] = user
        return self._ok()

    def _read_user(self, login_id):
        return self._json(self._user_json(self._get_user(login_id)))

    def _differs(self, user, field, value):
        if field == "roles":
            return set(value) != set(user["roles"])
        return value != str(user[field])

    def _update_user(self, login_id):
        self._require_json()
        user = self._get_user(login_id)
        fields = normalize_user_body(self._body(), self._opt("string_booleans"))
        reject = self._opt("non_updatable") == "reject"
        for field in NON_UPDATABLE:
            if field in fields:
                value = fields.pop(field)
                if reject and self._differs(user, field, value):
                    raise ApiError(400, "property cannot be updated: %s" % field)
        if "password" in fields:
            self._check_password(fields["password"])
        self._check_references(fields)
        if "password" in fields:
            user["password"] = fields["password"]
            user["password_changes"] += 1
        for field in ("disabled", "changePassword"):
            if field in fields:
                user[field] = fields[field]
        if "skills" in fields:
            if self._opt("skills_put") == "replace":
                user["skills"] = dict(fields["skills"])
            else:
                user["skills"].update(fields["skills"])
        if "team" in fields:
            user["team"] = fields["team"]
            self._grant_team_skills(user)
        user["modified"] = self.now()
        if self._opt("put_response") == "user":
            return self._json(self._user_json(user))
        return self._ok()

    def _delete_user(self, login_id):
        del self.users[self._get_user(login_id)["loginId"]]
        return self._ok()

    def _get_lock(self, login_id):
        return self._json({"lockedOut": bool(self._get_user(login_id)["lockedOut"])})

    def _clear_lock(self, login_id):
        if self._opt("lock_put_content_type") == "required":
            self._require_json()
        user = self._get_user(login_id)
        raw = b"".join(request.get_data().split())
        if raw not in (b"", b"{}"):  # UM52-CLRLOCK: "Empty."
            raise ApiError(400, "request body must be empty")
        user["lockedOut"] = False
        return self._json({"lockedOut": False})

    # ------------------------------------------------------------------ lists
    def _list_teams(self):
        return self._json([{"name": name} for name in self.teams])

    def _phone_users(self):
        if self._opt("phone_directory") == "forbidden":
            raise ApiError(403, "access denied")  # an API user without the phone privilege (invented text)
        key = self._opt("phone_user_key")
        return self._json([
            {"extension": str(u["extension"]), key: u["loginId"], "firstName": u["firstName"],
             "lastName": u["lastName"], "voiceMail": False, "greeting": False}
            for u in self.users.values()
        ])

    def _access_numbers(self):
        rows = [dict(row) for row in ACCESS_NUMBERS]
        rows.extend(
            {"extension": str(u["extension"]), "type": "softphone", "loginId": u["loginId"],
             "firstName": u["firstName"], "lastName": u["lastName"],
             "displayName": ("%s %s" % (u["firstName"], u["lastName"])).strip()}
            for u in self.users.values()
        )
        return self._json(rows)
