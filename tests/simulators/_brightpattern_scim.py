# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""SCIM-Compliant User Provisioning API of the Bright Pattern simulator (PM-SCIM; RFC 7643/7644).

It shares the user store with the Configuration API, so a SCIM PATCH is visible through
``GET /configapi/v2/user/<loginId>`` and the other way round.
"""
from __future__ import annotations

import copy
import json
import re
import time

from flask import Response, request

from ._brightpattern_rules import API, ScimError, password_ok, truthy

USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error"
SCIM_JSON = "application/scim+json"
BASE = API + "/scim/users"
PHONE_KEYS = {"work": "workPhone", "mobile": "mobilePhone", "extension": "extension"}
EXTRA_STRINGS = {"nickname": "nickName", "title": "title", "timezone": "timezone"}
READ_ONLY = frozenset(("schemas", "id", "meta", "groups"))  # groups: the team is set by the integration account
FILTER_RE = re.compile(r'^\s*userName\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$', re.I)
VALUE_PATH_RE = re.compile(r'^(emails|phoneNumbers)\[\s*type\s+eq\s+"([^"]*)"\s*\]\.value$', re.I)


def _string(value, attr):
    if not isinstance(value, str):
        raise ScimError(400, "%s must be a string" % attr, "invalidValue")
    return value


def _pick(items, attr):
    """PM-SCIM: BPCC takes the entry with "primary": true, else the first one."""
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise ScimError(400, "%s must be an array of objects" % attr, "invalidValue")
    for item in items:
        if item.get("primary") is True:
            return item
    return items[0] if items else None


def _phone_value(key, value, attr):
    value = _string(value, attr)
    if key == "extension" and not re.fullmatch(r"[0-9]+", value):
        raise ScimError(400, "the extension must be a number", "invalidValue")
    return value


def _phones(items):
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise ScimError(400, "phoneNumbers must be an array of objects", "invalidValue")
    out = {}
    for item in items:
        key = PHONE_KEYS.get(str(item.get("type", "")).lower())
        if key is None:
            raise ScimError(400, "unsupported phoneNumbers type: %s" % item.get("type"), "invalidValue")
        out[key] = _phone_value(key, item.get("value"), "phoneNumbers.value")
    return out


def _stamp(seconds):
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds))


class ScimMixin:
    """Routes under /configapi/v2/scim/users; mixed into BrightPatternSimulator."""

    def register_scim_routes(self, app):
        for path, endpoint, view, method in (
            ("", "scim_create", self._scim_create, "POST"),
            ("", "scim_list", self._scim_list, "GET"),
            ("/<user_id>", "scim_get", self._scim_get, "GET"),
            ("/<user_id>", "scim_replace", self._scim_replace, "PUT"),
            ("/<user_id>", "scim_patch", self._scim_patch, "PATCH"),
            ("/<user_id>", "scim_delete", self._scim_delete, "DELETE"),
        ):
            app.add_url_rule(BASE + path, endpoint, self._guard(view, scim=True), methods=[method])

    def _scim_error(self, exc):
        body = {"schemas": [ERROR_SCHEMA], "status": str(exc.status), "detail": exc.detail}
        if exc.scim_type:
            body["scimType"] = exc.scim_type
        resp = self._json(body, exc.status, SCIM_JSON)
        resp.headers.update(exc.headers)
        return resp

    # ------------------------------------------------------------------ helpers
    @staticmethod
    def _scim_require_json():
        # The vendor examples send application/json; RFC 7644 names application/scim+json.
        if request.mimetype not in ("application/json", SCIM_JSON):
            raise ScimError(415, "unsupported media type")

    @staticmethod
    def _scim_body():
        try:
            body = json.loads(request.get_data())
        except ValueError:
            raise ScimError(400, "malformed JSON request body", "invalidSyntax") from None
        if not isinstance(body, dict):
            raise ScimError(400, "request body must be a JSON object", "invalidSyntax")
        return body

    def _scim_user(self, user_id):
        for user in self.users.values():
            if user["scim_id"].upper() == user_id.upper():
                return user
        raise ScimError(404, "User %s not found" % user_id)

    def _scim_roles(self, items):
        strings_ok = self._opt("scim_roles_format") == "strings"
        if not isinstance(items, list):
            raise ScimError(400, "roles must be an array", "invalidValue")
        out = []
        for item in items:
            if isinstance(item, dict) and isinstance(item.get("value"), str):
                out.append(item["value"])
            elif strings_ok and isinstance(item, str):
                out.append(item)
            else:
                raise ScimError(400, 'roles must be an array of {"value": <role name>} objects', "invalidValue")
        return list(dict.fromkeys(out))

    def _scim_resource(self, user):
        extra = user["scim"]
        location = request.host_url.rstrip("/") + BASE + "/" + user["scim_id"]
        out = {
            "schemas": [USER_SCHEMA],
            "id": user["scim_id"],
            "externalId": "",  # PM-SCIM: "always sets an empty string in responses"
            "meta": {"resourceType": "USER", "created": _stamp(user["created"]),
                     "lastModified": _stamp(user["modified"]), "location": location},
            "userName": user["loginId"],
        }
        if extra.get("nickName"):
            out["nickName"] = extra["nickName"]
        out["name"] = {"familyName": user["lastName"], "givenName": user["firstName"]}
        for key in ("title", "timezone"):
            if extra.get(key):
                out[key] = extra[key]
        out["active"] = not truthy(user["disabled"])
        out["emails"] = [{"value": user["email"], "primary": True}] if user["email"] else []
        out["phoneNumbers"] = [{"type": kind, "value": str(user[key])}
                               for kind, key in PHONE_KEYS.items() if user[key]]
        out["addresses"] = [dict(extra["address"])] if extra.get("address") else []
        strings = self._opt("scim_roles_format") == "strings"
        out["roles"] = [role if strings else {"value": role} for role in user["roles"]]
        team = self.teams.get(user["team"])
        out["groups"] = [{"value": team["id"] if team else "", "display": user["team"]}] if user["team"] else []
        return out

    @staticmethod
    def _scim_state(user):
        """A working copy of the SCIM-visible fields; changes are validated, then committed at once."""
        return {
            "loginId": user["loginId"], "firstName": user["firstName"], "lastName": user["lastName"],
            "email": user["email"], "workPhone": user["workPhone"], "mobilePhone": user["mobilePhone"],
            "extension": user["extension"], "disabled": truthy(user["disabled"]), "roles": list(user["roles"]),
            "scim": copy.deepcopy(user["scim"]),
        }

    def _scim_set(self, state, op, path, value):
        """Apply one add/replace/remove on ``path``; False if BPCC does not support the attribute."""
        attr = path.rsplit(":", 1)[-1] if path.lower().startswith("urn:") else path
        low, remove = attr.lower(), op == "remove"
        match = VALUE_PATH_RE.match(attr)
        if match:
            if match.group(1).lower() == "emails":
                state["email"] = "" if remove else _string(value, attr)
                return True
            key = PHONE_KEYS.get(match.group(2).lower())
            if key is None:
                raise ScimError(400, "unsupported phoneNumbers type: %s" % match.group(2), "invalidPath")
            if remove and key == "extension":
                raise ScimError(400, "the extension cannot be removed", "mutability")
            state[key] = "" if remove else _phone_value(key, value, attr)
        elif low in ("active", "username", "name", "name.givenname", "name.familyname", "password") and remove:
            raise ScimError(400, "%s cannot be removed" % attr, "mutability")
        elif low == "active":
            if not isinstance(value, bool):
                raise ScimError(400, "active must be a Boolean", "invalidValue")
            state["disabled"] = not value  # PM-SCIM: "Note the inversion"
        elif low == "username":
            state["loginId"] = _string(value, "userName")
        elif low == "name":
            if not isinstance(value, dict):
                raise ScimError(400, "name must be an object", "invalidValue")
            for sub in ("givenName", "familyName"):  # sub-attributes not given are left unchanged
                if sub in value:
                    self._scim_set(state, op, "name." + sub, value[sub])
        elif low in ("name.givenname", "name.familyname"):
            state["firstName" if low.endswith("givenname") else "lastName"] = _string(value, attr)
        elif low == "emails":
            item = None if remove else _pick(value, "emails")
            state["email"] = "" if item is None else _string(item.get("value"), "emails.value")
        elif low == "phonenumbers":
            if remove or op == "replace":
                state["workPhone"] = state["mobilePhone"] = ""  # the extension always stays
            if not remove:
                state.update(_phones(value))
        elif low == "roles":
            if remove:
                drop = self._scim_roles(value) if value is not None else state["roles"]
                state["roles"] = [role for role in state["roles"] if role not in drop]
            elif op == "replace":
                state["roles"] = self._scim_roles(value)
            else:
                state["roles"] = list(dict.fromkeys(state["roles"] + self._scim_roles(value)))
        elif low == "password":
            state["password"] = _string(value, "password")
        elif low in EXTRA_STRINGS:
            if remove:
                state["scim"].pop(EXTRA_STRINGS[low], None)
            else:
                state["scim"][EXTRA_STRINGS[low]] = _string(value, attr)
        elif low == "addresses":
            item = None if remove else _pick(value, "addresses")
            address = {k: item[k] for k in ("locality", "region", "country")
                       if isinstance(item.get(k), str) and item[k]} if item else {}
            if address:
                state["scim"]["address"] = address
            else:
                state["scim"].pop("address", None)
        elif low != "externalid":  # PM-SCIM: externalId "is ignored in requests"
            return False
        return True

    def _scim_from_resource(self, body, user=None):
        schemas = body.get("schemas")
        if not isinstance(schemas, list) or USER_SCHEMA not in schemas:
            raise ScimError(400, "schemas must contain %s" % USER_SCHEMA, "invalidSyntax")
        state = {"loginId": "", "firstName": "", "lastName": "", "email": "", "workPhone": "", "mobilePhone": "",
                 "extension": user["extension"] if user else None, "disabled": False, "roles": [], "scim": {}}
        for key, value in body.items():
            if key.lower() not in READ_ONLY:
                self._scim_set(state, "replace", key, value)  # unsupported attributes are ignored
        return state

    def _scim_commit(self, state, user=None):
        for key, attr in (("loginId", "userName"), ("firstName", "name.givenName"), ("lastName", "name.familyName")):
            if not state[key]:
                raise ScimError(400, "%s is required" % attr, "invalidValue")
        if self.options["scim_email_required"] and not state["email"]:
            raise ScimError(400, "emails is required", "invalidValue")  # PM-SCIM: emails/value "Required: Yes"
        if user is not None and state["loginId"] != user["loginId"] and self._opt("scim_username_change") == "reject":
            raise ScimError(400, "userName cannot be changed", "mutability")
        existing = self.users.get(state["loginId"])
        if existing is not None and existing is not user:
            raise ScimError(409, "userName already exists: %s" % state["loginId"], "uniqueness")
        for role in state["roles"]:
            if role not in self.roles:
                raise ScimError(400, "role not found: %s" % role, "invalidValue")
        # PM-SCIM: empty passwords are allowed (SSO); others must meet the complexity rules.
        if state.get("password") and not password_ok(state["password"], self.options["password_min_length"]):
            raise ScimError(400, "password does not comply with the security policy", "invalidValue")
        owner = self._extension_owner(state["extension"]) if state["extension"] else None
        if owner is not None and owner is not user:
            raise ScimError(409, "extension already in use: %s" % state["extension"], "uniqueness")
        if user is None:
            fields = {k: v for k, v in state.items() if k != "roles"}
            fields.update(team=self.options["scim_default_team"], roles=state["roles"])
            user = self._new_record(fields)
            self._grant_team_skills(user)
            self.users[user["loginId"]] = user
            return user
        for key in ("firstName", "lastName", "email", "workPhone", "mobilePhone", "disabled", "roles", "scim"):
            user[key] = state[key]
        user["extension"] = state["extension"]
        if "password" in state:
            user["password"] = state["password"]
            user["password_changes"] += 1
        if state["loginId"] != user["loginId"]:
            old = user["loginId"]
            user["loginId"] = state["loginId"]
            self.users = {(user["loginId"] if k == old else k): v for k, v in self.users.items()}
        user["modified"] = self.now()
        return user

    # ------------------------------------------------------------------ views
    def _scim_create(self):
        self._scim_require_json()
        body = self._scim_body()
        team = self.options["scim_default_team"]
        if not team or team not in self.teams:
            # PM-SCIM: without a SCIM integration account (and its default team) Create User fails.
            raise ScimError(400, "the SCIM integration account has no valid default team")
        state = self._scim_from_resource(body)
        if not any(key.lower() == "roles" for key in body) and self.options["scim_default_role"]:
            state["roles"] = [self.options["scim_default_role"]]  # "Assign this role to newly created users"
        user = self._scim_commit(state)
        resource = self._scim_resource(user)
        resp = self._json(resource, 201)
        resp.headers["Location"] = resource["meta"]["location"]
        return resp

    def _scim_list(self):
        users = list(self.users.values())
        expression = request.args.get("filter")
        if expression is not None:
            match = FILTER_RE.match(expression)
            if not match:
                raise ScimError(400, "unsupported filter: %s" % expression, "invalidFilter")
            try:  # RFC 7644 3.4.2.2: compValue is a JSON string, so only JSON escapes exist
                wanted = json.loads('"%s"' % match.group(1)).lower()  # userName is caseExact=false
            except ValueError:
                raise ScimError(400, "invalid string in filter: %s" % expression, "invalidFilter") from None
            users = [u for u in users if u["loginId"].lower() == wanted]
        try:
            start = max(int(request.args.get("startIndex", 1)), 1)
            count = request.args.get("count")
            count = None if count is None else max(int(count), 0)
        except ValueError:
            raise ScimError(400, "startIndex and count must be integers", "invalidValue") from None
        page = users[start - 1:] if count is None else users[start - 1:start - 1 + count]
        return self._json({"schemas": [LIST_SCHEMA], "totalResults": len(users), "startIndex": start,
                           "itemsPerPage": len(page), "Resources": [self._scim_resource(u) for u in page]},
                          200, SCIM_JSON)

    def _scim_get(self, user_id):
        return self._json(self._scim_resource(self._scim_user(user_id)))

    def _scim_replace(self, user_id):
        self._scim_require_json()
        user = self._scim_user(user_id)
        # RFC 7644 PUT replaces every attribute: optional ones not sent are cleared (roles too).
        self._scim_commit(self._scim_from_resource(self._scim_body(), user), user)
        return self._json(self._scim_resource(user))

    def _scim_patch(self, user_id):
        self._scim_require_json()
        user = self._scim_user(user_id)
        body = self._scim_body()
        if not isinstance(body.get("schemas"), list) or PATCH_SCHEMA not in body["schemas"]:
            raise ScimError(400, "schemas must contain %s" % PATCH_SCHEMA, "invalidSyntax")
        operations = body.get("Operations")
        if not isinstance(operations, list) or not operations:
            raise ScimError(400, "Operations must be a non-empty array", "invalidSyntax")
        state = self._scim_state(user)
        for operation in operations:
            if not isinstance(operation, dict):
                raise ScimError(400, "each operation must be an object", "invalidSyntax")
            op = str(operation.get("op", "")).lower()  # Azure AD sends "Replace"
            if op not in ("add", "replace", "remove"):
                raise ScimError(400, "unsupported op: %s" % operation.get("op"), "invalidSyntax")
            path, value = operation.get("path"), operation.get("value")
            if path in (None, ""):
                if op == "remove":
                    raise ScimError(400, "remove needs a path", "noTarget")
                if not isinstance(value, dict):
                    raise ScimError(400, "an operation without a path needs an object value", "invalidSyntax")
                for key, item in value.items():
                    if key.lower() not in READ_ONLY:
                        self._scim_set(state, op, key, item)  # unsupported attributes are ignored
                continue
            if not isinstance(path, str):
                raise ScimError(400, "path must be a string", "invalidPath")
            if op != "remove" and "value" not in operation:
                raise ScimError(400, "%s needs a value" % op, "invalidValue")
            if not self._scim_set(state, op, path, value):
                raise ScimError(400, "unsupported path: %s" % path, "invalidPath")
        self._scim_commit(state, user)
        return self._json(self._scim_resource(user), 200, SCIM_JSON)

    def _scim_delete(self, user_id):
        user = self._scim_user(user_id)
        del self.users[user["loginId"]]
        return Response(status=204)
