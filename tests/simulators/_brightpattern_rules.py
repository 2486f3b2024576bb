# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures, field rules, dialects and authentication (OAuth token, Bearer) of the Bright Pattern simulator.

Messages marked "invented" in tests/simulators/README.md come from here: the vendor documents
only the status codes and one example body (``user team not found``).
"""
from __future__ import annotations

import hmac
import re
import secrets

from flask import request

API = "/configapi/v2"
REALM = "BrightPattern"

# PM-CONFIG "Get Teams" example, plus teams the docs' examples assign users to.
DEFAULT_TEAMS = (
    "Administrators", "Contact Center Support", "CSIM Support", "Customer Service", "Maintenance Renewal",
    "Management", "Accounting", "Sales", "Billing", "Technical Support",
)
DEFAULT_SKILLS = (
    "Spanish", "English", "French", "German", "Customer Service", "Maintenance Renewal", "Support",
    "Billing", "Sales", "Technical Support", "Accounting",
)
DEFAULT_ROLES = ("Agent", "Supervisor", "Administrator", "Team Lead", "Quality Manager")
TEAM_SKILL_LEVEL = 100

# UM52-EXPACC / UM3-EXPACC example rows (the per-user softphone rows are added at request time).
ACCESS_NUMBERS = (
    {"number": "14151234567", "media": "voice_text", "type": "scenario", "scenario": "Queue to agent",
     "textOutService": "Maintenance renewal SMS"},
    {"number": "14157654321", "media": "voice", "type": "unassigned"},
)

USER_FIELDS = ("loginId", "password", "firstName", "lastName", "team", "extension", "workPhone",
               "mobilePhone", "email", "disabled", "changePassword", "skills", "roles")
STRING_FIELDS = ("loginId", "password", "firstName", "lastName", "team", "workPhone", "mobilePhone", "email")
BOOL_FIELDS = ("disabled", "changePassword")
REQUIRED_ON_CREATE = ("loginId", "firstName", "lastName", "team")
# UM52-UPDATE + PM-CONFIG list what PUT changes; everything else is "not documented as updatable".
NON_UPDATABLE = ("loginId", "firstName", "lastName", "extension", "workPhone", "mobilePhone", "email", "roles")

CHOICES = {
    "token_param": ("scope", "tenant", "either"),
    "skills_put": ("replace", "merge"),
    "put_response": ("ok", "user"),
    "ok_body": ("bare", "json"),
    "get_phones": ("omit", "when_set"),
    "phone_directory": ("allowed", "forbidden"),
    "login_case": ("sensitive", "insensitive"),
    "encoded_slash": ("decode", "reject"),
    "non_updatable": ("ignore", "reject"),
    "string_booleans": ("accept", "reject"),
    "error_format": ("text", "json"),
    "phone_user_key": ("loginId", "login_id"),
    "unknown_endpoint_status": (500, 404),
    "lock_put_content_type": ("required", "optional"),
    "scim_roles_format": ("objects", "strings"),
    "scim_username_change": ("reject", "allow"),
}

# Named bundles of the switches where the docs are silent or contradict themselves (README.md, "Dialects").
# inconvenient: the defaults, the reading least convenient for a client at each switch.
# literal: what the current vendor pages say when read word for word (the 5.2 wiki tables where they exist,
#   the Postman collection where only it documents a call); silent points keep the inconvenient reading.
# lenient: the most forgiving reading everywhere (close to the simulator's defaults before the audit).
INCONVENIENT = {
    "token_param": "scope", "ok_body": "bare", "put_response": "ok", "string_booleans": "reject",
    "get_string_booleans": True, "get_levels_as_strings": True, "get_phones": "omit", "team_skills": True,
    "phone_user_key": "login_id", "login_case": "sensitive", "encoded_slash": "decode",
    "skills_put": "replace", "non_updatable": "ignore", "lock_put_content_type": "required",
    "include_login_info": True, "error_format": "text",
}
DIALECTS = {
    "inconvenient": INCONVENIENT,
    "literal": dict(INCONVENIENT, put_response="user", get_string_booleans=False, get_levels_as_strings=False,
                    non_updatable="reject"),
    "lenient": dict(INCONVENIENT, token_param="either", ok_body="json", string_booleans="accept",
                    get_string_booleans=False, get_levels_as_strings=False, get_phones="when_set",
                    team_skills=False, phone_user_key="loginId", lock_put_content_type="optional"),
}


class ApiError(Exception):
    """A Configuration API failure: status plus a short message (rendered per ``error_format``)."""

    def __init__(self, status, message, headers=None):
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


class ScimError(Exception):
    """A SCIM failure, rendered with the RFC 7644 error schema."""

    def __init__(self, status, detail, scim_type=None, headers=None):
        super().__init__(detail)
        self.status, self.detail, self.scim_type, self.headers = status, detail, scim_type, headers or {}


def truthy(value):
    """Seeded records are stored as given, so a Boolean may be a "true"/"false" string there."""
    return value is True or (isinstance(value, str) and value.lower() == "true")


def parse_bool(value, field, string_booleans):
    if isinstance(value, bool):
        return value
    # PM-CONFIG's update example sends "true"; the tables say Boolean.
    if string_booleans == "accept" and value in ("true", "false"):
        return value == "true"
    raise ApiError(400, "%s must be a Boolean" % field)


def parse_extension(value):
    """Docs type it as number but every example is a string: take either, store a digit string."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return str(value)
    if isinstance(value, str) and re.fullmatch(r"[0-9]+", value):
        return value
    raise ApiError(400, "extension must be a number")


def check_skill_levels(skills):
    for name, level in skills.items():
        if isinstance(level, bool) or not isinstance(level, int) or not 0 <= level <= 100:
            raise ApiError(400, "invalid level for skill %s: must be an integer from 0 to 100" % name)


def normalize_user_body(body, string_booleans):
    """Type-check every present field of a Create/Update body; return the normalised values."""
    unknown = sorted(set(body) - set(USER_FIELDS))
    if unknown:
        raise ApiError(400, "unknown property: %s" % unknown[0])
    out = {}
    for field, value in body.items():
        if field in STRING_FIELDS:
            if not isinstance(value, str):
                raise ApiError(400, "%s must be a string" % field)
            out[field] = value
        elif field in BOOL_FIELDS:
            out[field] = parse_bool(value, field, string_booleans)
        elif field == "extension":
            out[field] = parse_extension(value)
        elif field == "skills":
            if not isinstance(value, dict):
                raise ApiError(400, "skills must be an object")
            check_skill_levels(value)
            out[field] = dict(value)
        elif field == "roles":
            if not isinstance(value, list) or not all(isinstance(r, str) for r in value):
                raise ApiError(400, "roles must be an array of strings")
            out[field] = list(dict.fromkeys(value))
    return out


def password_ok(password, min_length):
    return isinstance(password, str) and len(password) >= int(min_length)


def same_secret(a, b):
    return hmac.compare_digest(str(a).encode("utf-8"), str(b).encode("utf-8"))


class AuthMixin:
    """The token endpoint and the per-request Bearer check; mixed into BrightPatternSimulator.

    No HTTP Digest: the docs pair it only with the 3.x paths (/admin/ws/t/<tenant>/...), which are not simulated."""

    def _oauth_error(self, status, error, description=None):
        body = {"error": error}
        if description:
            body["error_description"] = description
        return self._json(body, status)

    def _token(self):
        with self.lock:
            if request.mimetype != "application/x-www-form-urlencoded":
                return self._oauth_error(415, "invalid_request",
                                         "Content-Type must be application/x-www-form-urlencoded")
            # Cache the raw body first: once request.form consumed the stream, the request log
            # (_base.record -> get_data) would see an empty body.
            request.get_data()
            form = request.form
            if form.get("grant_type") != "client_credentials":
                return self._oauth_error(400, "unsupported_grant_type")
            if not (same_secret(form.get("client_id", ""), self.options["client_id"])
                    and same_secret(form.get("client_secret", ""), self.options["client_secret"])):
                return self._oauth_error(401, "invalid_client")
            param = self._opt("token_param")
            names = ("scope", "tenant") if param == "either" else (param,)
            given = [form[name] for name in names if name in form]
            if not given or any(value != self.options["tenant"] for value in given):
                return self._oauth_error(400, "invalid_scope")
            now = self.now()
            self.tokens = {t: exp for t, exp in self.tokens.items() if exp > now}
            token = secrets.token_hex(32).upper()
            ttl = int(self.options["token_ttl"])
            self.tokens[token] = now + ttl
            resp = self._json({"access_token": token, "token_type": "Bearer",
                               "expires_in": str(ttl),  # a string in every vendor example
                               "scope": self.options["tenant"]})
            resp.headers["Cache-Control"] = "no-store"
            resp.headers["Pragma"] = "no-cache"
            return resp

    def _deny(self, scim, message, challenge, status=None):
        status = int(status or self.options["unauthorized_status"])
        headers = {"WWW-Authenticate": challenge} if status == 401 else {}
        if scim:
            raise ScimError(status, message, headers=headers)
        raise ApiError(status, message, headers)

    def _authenticate(self, scim):
        scheme, _space, token = request.headers.get("Authorization", "").partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            self._deny(scim, "authorization required", 'Bearer realm="%s"' % REALM)
        expiry = self.tokens.get(token)
        if expiry is None:
            self._deny(scim, "invalid access token", 'Bearer realm="%s", error="invalid_token"' % REALM)
        if self.now() >= expiry:
            del self.tokens[token]
            self._deny(scim, "access token expired",
                       'Bearer realm="%s", error="invalid_token", error_description="expired"' % REALM)
