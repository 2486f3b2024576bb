# -*- coding: utf-8 -*-
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Bright Pattern Configuration API v2 client: OAuth 2.0 client credentials, users, teams, directory, SCIM."""

from __future__ import annotations

from urllib.parse import quote, urlparse

from ansible.module_utils.basic import env_fallback

from ._errors import ApiError, AuthError, ConflictError, InputError
from ._http import HttpClient, TokenAuth, bearer_token, client_settings

API = "/configapi/v2"
SCIM_PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
DIGEST_DROPPED = (
    "brightpattern_auth=digest is not supported: HTTP digest is documented only for the 3.x User Management "
    "API, whose methods live under /admin/ws/t/<tenant>/..., while this collection speaks the 5.x Configuration "
    "API (/configapi/v2), which authenticates with OAuth 2.0 client credentials. Use brightpattern_auth=oauth "
    "(the default) with the API user's login and API secret.")
DIRECTORY_PRIVILEGE = ("the API user may lack the privilege to read the phone directory (PM-CONFIG: the API user "
                       "must be authorized to manage users and/or phones)")

BRIGHTPATTERN_ARGUMENT_SPEC = {
    "brightpattern_url": {"type": "str", "required": True, "fallback": (env_fallback, ["BRIGHTPATTERN_URL"])},
    "brightpattern_client_id": {"type": "str", "fallback": (env_fallback, ["BRIGHTPATTERN_CLIENT_ID"])},
    "brightpattern_client_secret": {"type": "str", "no_log": True,
                                    "fallback": (env_fallback, ["BRIGHTPATTERN_CLIENT_SECRET"])},
    "brightpattern_tenant": {"type": "str", "fallback": (env_fallback, ["BRIGHTPATTERN_TENANT"])},
    "brightpattern_auth": {"type": "str", "default": "oauth", "choices": ["oauth", "digest"],
                           "fallback": (env_fallback, ["BRIGHTPATTERN_AUTH"])},
}


def scim_string(value):
    """``value`` as an RFC 7644 filter compValue: a JSON string, so ``\\`` and ``"`` are escaped."""
    return '"%s"' % value.replace("\\", "\\\\").replace('"', '\\"')


class CaseConflict(ApiError):
    """An existing user's login differs from the one asked for only in letter case."""


class BrightPatternClient:
    """User, lock, team, directory and SCIM calls below ``<url>/configapi/v2``."""

    def __init__(self, params):
        url = params["brightpattern_url"].rstrip("/")
        if params.get("brightpattern_auth") == "digest":
            raise InputError("brightpattern_auth", DIGEST_DROPPED)
        self._id, self._secret = params.get("brightpattern_client_id"), params.get("brightpattern_client_secret")
        if not (self._id and self._secret):
            raise InputError("brightpattern_client_id",
                             "brightpattern_client_id and brightpattern_client_secret are required")
        self._scope = params.get("brightpattern_tenant") or urlparse(url).hostname
        self.url = url + API
        self.http = HttpClient(self.url, auth=TokenAuth(self._fetch_token), **client_settings(params))
        # True once an answer in this run showed that the base URL is the Configuration API: only then is a
        # 404 on GET /user/<login> the API's "not found" (a wrong prefix or a proxy answers 404 as well).
        self.base_proven = False

    def _fetch_token(self, http):
        try:
            reply = http.request("POST", "/oauth/token", auth=False, data={
                "grant_type": "client_credentials", "client_id": self._id,
                "client_secret": self._secret, "scope": self._scope})
        except ApiError as exc:
            if exc.status in (404, 405):  # not the Configuration API: a wrong prefix, a proxy, a 3.x server
                raise ApiError("%s/oauth/token is not the Bright Pattern token endpoint (%s); brightpattern_url must "
                               "be the tenant's base URL, to which the collection adds %s" % (
                                   self.url, exc.vendor_message, API), exc.status, "POST", API + "/oauth/token",
                               vendor_message=exc.vendor_message) from None
            raise
        answer = bearer_token(reply, API + "/oauth/token", "the token answer has no access_token",
                              "access_token", "expires_in")  # expires_in is documented as a string
        self.base_proven = True
        return answer

    @staticmethod
    def user_path(login):
        return "/user/" + quote(login, safe="")

    def get_user(self, login):
        """The user's record, or None on the API's 404. The answer must be about ``login`` itself."""
        try:
            reply = self.http.request("GET", self.user_path(login))
        except ApiError as exc:
            if exc.status != 404 or exc.method != "GET":  # e.g. the token call's own 404
                raise
            if not self.base_proven:
                raise ApiError("HTTP 404 for %s%s, and nothing in this run has shown that %s is the "
                               "Configuration API (a wrong URL prefix or a reverse proxy also answers 404): "
                               "not concluding that the user is absent" % (self.url, self.user_path(login), self.url),
                               404, "GET", API + self.user_path(login), vendor_message=exc.vendor_message) from None
            return None
        record = self._record(reply, "user")
        found = record.get("loginId")
        if not isinstance(found, str):
            raise ApiError("the user answer has no loginId", reply.status, reply.method, reply.path)
        if found != login:
            if found.lower() == login.lower():
                raise self.case_conflict(login, found, "GET %s%s answered the user" % (API, self.user_path(login)))
            raise ApiError("the answer is about the user %r, not %r (does a server or proxy decode %%2F or dot "
                           "segments in the path?); nothing is written" % (found, login),
                           reply.status, reply.method, reply.path)
        self.base_proven = True
        return record

    @staticmethod
    def case_conflict(login, found, where):
        return CaseConflict("%s %r, which differs from login_id %r only in letter case; Bright Pattern may "
                            "compare logins ignoring case, so this would be a second user or the same one "
                            "under another spelling: use the existing spelling %r, nothing is written" % (
                                where, found, login, found))

    def create_user(self, body):
        try:
            self.http.request("POST", "/user", json=body, write=True, expect_json=False)
        except ApiError as exc:
            if exc.status == 409 and "extension" not in (exc.vendor_message or "").lower():
                raise ConflictError(exc.vendor_message, 409, "POST", API + "/user") from None
            raise

    def update_user(self, login, body):
        self.http.request("PUT", self.user_path(login), json=body, write=True, expect_json=False,
                          once="password" in body)  # a password change is never sent twice

    def delete_user(self, login):
        self.http.request("DELETE", self.user_path(login), write=True, expect_json=False)

    def locked(self, login):
        reply = self.http.request("GET", "/user/lock/" + quote(login, safe=""))
        data = self._record(reply, "lock state")
        if data.get("lockedOut") not in (True, False, "true", "false"):
            raise ApiError("the lock state answer has no lockedOut boolean", reply.status, reply.method, reply.path)
        return data["lockedOut"] in (True, "true")

    def unlock(self, login):
        self.http.request("PUT", "/user/lock/" + quote(login, safe=""), json={}, write=True, expect_json=False)

    def teams(self):
        reply = self.http.request("GET", "/team")
        names = [t.get("name") for t in self._list(reply, "team")]
        if not all(isinstance(n, str) for n in names):
            raise ApiError("a team in the answer has no name", reply.status, reply.method, reply.path)
        self.base_proven = True
        return names

    def login_ids(self, required=False):
        """Every user's loginId from the phone directory (the only listing the API has).

        None when the API user may not read it (HTTP 403), unless ``required``."""
        try:
            reply = self.http.request("GET", "/phone/user")
        except AuthError as exc:
            if exc.status != 403 or required:
                if exc.status == 403:
                    exc.msg += "; " + DIRECTORY_PRIVILEGE
                raise
            return None
        logins = [r.get("loginId", r.get("login_id")) for r in self._list(reply, "directory")]
        if not all(isinstance(login, str) for login in logins):
            raise ApiError("a directory row has no loginId", reply.status, reply.method, reply.path)
        self.base_proven = True
        return set(logins)

    # SCIM, for the fields the Configuration API cannot change ------------------------
    def scim_id(self, login):
        reply = self.http.request("GET", "/scim/users", params={"filter": "userName eq " + scim_string(login)})
        found = self._record(reply, "SCIM list").get("Resources") or []
        where = API + "/scim/users"
        if not isinstance(found, list) or not all(isinstance(r, dict) for r in found):
            raise ApiError("the SCIM list answer's Resources is not a list of objects", reply.status, "GET", where)
        if len(found) != 1 or not found[0].get("id"):
            raise ApiError("SCIM found %d users named %r" % (len(found), login), reply.status, "GET", where)
        # The login was read with its exact spelling through the Configuration API: SCIM must name the same user.
        if found[0].get("userName") != login:
            raise ApiError("SCIM answered the user %r for userName %r; nothing is written" % (
                found[0].get("userName"), login), reply.status, "GET", where)
        return found[0]["id"]

    def scim_patch(self, scim_id, operations):
        self.http.request("PATCH", "/scim/users/" + quote(scim_id, safe=""), write=True,
                          json={"schemas": [SCIM_PATCH], "Operations": operations})

    @staticmethod
    def _record(reply, what):
        if not isinstance(reply.data, dict):
            raise ApiError("the %s answer is not a JSON object" % what, reply.status, reply.method, reply.path)
        return reply.data

    @staticmethod
    def _list(reply, what):
        if not isinstance(reply.data, list) or not all(isinstance(r, dict) for r in reply.data):
            raise ApiError("the %s answer is not a JSON list of objects" % what, reply.status, reply.method, reply.path)
        return reply.data
