# -*- coding: utf-8 -*-
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Bright Pattern Configuration API v2 client: OAuth 2.0 client credentials (or digest), users, SCIM."""

from __future__ import annotations

from urllib.parse import quote, urlparse

from ansible.module_utils.basic import env_fallback

from ._errors import ApiError, ConflictError, InputError
from ._http import HttpClient, TokenAuth, client_settings

try:
    from requests.auth import HTTPDigestAuth
except ImportError:  # pragma: no cover - reported by the runner as missing_required_lib
    HTTPDigestAuth = None

API = "/configapi/v2"
SCIM_USER = "urn:ietf:params:scim:schemas:core:2.0:User"
SCIM_PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"

BRIGHTPATTERN_ARGUMENT_SPEC = {
    "brightpattern_url": {"type": "str", "required": True, "fallback": (env_fallback, ["BRIGHTPATTERN_URL"])},
    "brightpattern_client_id": {"type": "str", "fallback": (env_fallback, ["BRIGHTPATTERN_CLIENT_ID"])},
    "brightpattern_client_secret": {"type": "str", "no_log": True,
                                    "fallback": (env_fallback, ["BRIGHTPATTERN_CLIENT_SECRET"])},
    "brightpattern_tenant": {"type": "str", "fallback": (env_fallback, ["BRIGHTPATTERN_TENANT"])},
    "brightpattern_auth": {"type": "str", "default": "oauth", "choices": ["oauth", "digest"],
                           "fallback": (env_fallback, ["BRIGHTPATTERN_AUTH"])},
}


class BrightPatternClient:
    """User, lock, team, directory and SCIM calls below ``<url>/configapi/v2``."""

    def __init__(self, params):
        url = params["brightpattern_url"].rstrip("/")
        self._id, self._secret = params.get("brightpattern_client_id"), params.get("brightpattern_client_secret")
        if not (self._id and self._secret):
            raise InputError("brightpattern_client_id",
                             "brightpattern_client_id and brightpattern_client_secret are required")
        self._scope = params.get("brightpattern_tenant") or urlparse(url).hostname
        digest = params.get("brightpattern_auth") == "digest"
        auth = None if digest else TokenAuth(self._fetch_token)
        self.http = HttpClient(url + API, auth=auth, **client_settings(params))
        if digest:
            self.http.session.auth = HTTPDigestAuth(self._id, self._secret)

    def _fetch_token(self, http):
        reply = http.request("POST", "/oauth/token", auth=False, data={
            "grant_type": "client_credentials", "client_id": self._id,
            "client_secret": self._secret, "scope": self._scope})
        data = reply.data if isinstance(reply.data, dict) else {}
        if not data.get("access_token") or not isinstance(data["access_token"], str):
            raise ApiError("the token answer has no access_token", reply.status, "POST", API + "/oauth/token")
        try:
            lifetime = float(data.get("expires_in") or 3600)  # documented as a string
        except (TypeError, ValueError):
            lifetime = 3600
        return data["access_token"], lifetime

    @staticmethod
    def _user(login):
        return "/user/" + quote(login, safe="")

    def get_user(self, login):
        try:
            reply = self.http.request("GET", self._user(login))
        except ApiError as exc:
            if exc.status == 404:
                return None
            raise
        record = self._record(reply, "user")
        if not isinstance(record.get("loginId"), str):
            raise ApiError("the user answer has no loginId", reply.status, reply.method, reply.path)
        return record

    def create_user(self, body):
        try:
            self.http.request("POST", "/user", json=body, write=True, expect_json=False)
        except ApiError as exc:
            if exc.status == 409 and "extension" not in (exc.vendor_message or "").lower():
                raise ConflictError(exc.vendor_message, 409, "POST", API + "/user") from None
            raise

    def update_user(self, login, body):
        self.http.request("PUT", self._user(login), json=body, write=True, expect_json=False,
                          once="password" in body)  # a password change is never sent twice

    def delete_user(self, login):
        self.http.request("DELETE", self._user(login), write=True, expect_json=False)

    def locked(self, login):
        data = self._record(self.http.request("GET", "/user/lock/" + quote(login, safe="")), "lock state")
        return data.get("lockedOut") in (True, "true")

    def unlock(self, login):
        self.http.request("PUT", "/user/lock/" + quote(login, safe=""), json={}, write=True, expect_json=False)

    def teams(self):
        reply = self.http.request("GET", "/team")
        names = [t.get("name") for t in self._list(reply, "team")]
        if not all(isinstance(n, str) for n in names):
            raise ApiError("a team in the answer has no name", reply.status, reply.method, reply.path)
        return names

    def login_ids(self):
        """Every user's loginId from the phone directory (the only listing the API has)."""
        reply = self.http.request("GET", "/phone/user")
        logins = [r.get("loginId", r.get("login_id")) for r in self._list(reply, "directory")]
        if not all(isinstance(login, str) for login in logins):
            raise ApiError("a directory row has no loginId", reply.status, reply.method, reply.path)
        return set(logins)

    # SCIM, for the fields the Configuration API cannot change ------------------------
    def scim_id(self, login):
        reply = self.http.request("GET", "/scim/users", params={"filter": 'userName eq "%s"' % login})
        found = self._record(reply, "SCIM list").get("Resources") or []
        if not isinstance(found, list) or not all(isinstance(r, dict) for r in found):
            raise ApiError("the SCIM list answer's Resources is not a list of objects", reply.status, "GET",
                           API + "/scim/users")
        if len(found) != 1 or not found[0].get("id"):
            raise ApiError("SCIM found %d users named %r" % (len(found), login), reply.status, "GET", API + "/scim/users")
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
