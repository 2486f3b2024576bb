# -*- coding: utf-8 -*-
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Huawei CEC API Fabric client: tokenByAkSk, the resultCode envelope, agent and skill calls."""

from __future__ import annotations

import json
import os

from ansible.module_utils.basic import AnsibleFallbackNotFound, env_fallback

from ._errors import ApiError, AuthError, InputError
from ._http import HttpClient, TokenAuth, bearer_token, client_settings

TOKEN_PATH = "/apigovernance/api/oauth/tokenByAkSk"
AGENT_API = "/apiaccess/rest/cc-management/v1/agentAccount/"
SKILL_API = "/apiaccess/rest/cc-management/v1/skill/querySkills"
BY_ACCOUNT_API = "/apiaccess/rest/CC-Management/v1/queryAgentInfoByAccount"
TOKEN_LIFETIME = 3600  # the documented maximum of X-Token-Expire; asked for, and assumed if the answer has none
PAGE_SIZE = 100  # asked for; querySkills documents it as the maximum, agent pages document none
# The tables wrap these bodies (create/update in requestParam, query/delete in requestParams); the examples do not.
WRAPPERS = {"create": "requestParam", "update": "requestParam", "query": "requestParams", "delete": "requestParams"}
RESERVED_HEADERS = ("authorization", "content-type", "x-token-expire", "x-app-key")


def set_env_fallback(name):
    """The variable's value unless it is unset or empty (AWX sets an optional field left empty to "")."""
    value = os.environ.get(name, "")
    if not value.strip():
        raise AnsibleFallbackNotFound
    return value


CEC_ARGUMENT_SPEC = {
    "cec_url": {"type": "str", "required": True, "fallback": (env_fallback, ["CEC_URL"])},
    "cec_app_key": {"type": "str", "fallback": (env_fallback, ["CEC_APP_KEY"]), "no_log": False},
    "cec_app_secret": {"type": "str", "no_log": True, "fallback": (env_fallback, ["CEC_APP_SECRET"])},
    "cec_token_url": {"type": "str", "fallback": (env_fallback, ["CEC_TOKEN_URL"]), "no_log": False},
    "cec_access_token": {"type": "str", "no_log": True, "fallback": (env_fallback, ["CEC_ACCESS_TOKEN"])},
    "cec_body_shape": {"type": "str", "choices": ["flat", "wrapped"], "default": "flat",
                       "fallback": (set_env_fallback, ["CEC_BODY_SHAPE"])},
    "cec_extra_headers": {"type": "dict", "no_log": True, "fallback": (set_env_fallback, ["CEC_EXTRA_HEADERS"])},
}


def extra_headers(params):
    """``cec_extra_headers`` as text; the headers the collection sets itself cannot be replaced."""
    headers = {}
    for name, value in (params.get("cec_extra_headers") or {}).items():
        if str(name).strip().lower() in RESERVED_HEADERS:
            raise InputError("cec_extra_headers", "must not set %s; the module sends it itself" % name)
        if value is None or isinstance(value, (dict, list)):
            raise InputError("cec_extra_headers", "the value of %s must be a string" % name)
        headers[str(name).strip()] = str(value)
    return headers


class CecClient:
    """Calls that answer ``{"resultCode"|"returnCode": "0", ...}``; anything else raises ApiError."""

    def __init__(self, params):
        key, secret, token = params.get("cec_app_key"), params.get("cec_app_secret"), params.get("cec_access_token")
        if not token and not (key and secret):
            raise InputError("cec_app_key", "cec_app_key and cec_app_secret (or cec_access_token) are required")
        token_url = params.get("cec_token_url") or params["cec_url"].rstrip("/") + TOKEN_PATH
        self.app_key, self._secret, self._token_url = key, secret, token_url
        self.wrapped = params.get("cec_body_shape") == "wrapped"
        self.extra = extra_headers(params)
        headers = dict(self.extra, **({"x-app-key": key} if key else {}))
        auth = TokenAuth(self._fetch_token if key and secret else None, token, headers)
        self.http = HttpClient(params["cec_url"], auth=auth, **client_settings(params))

    def _fetch_token(self, http):
        # The extra headers go to tokenByAkSk too: a gateway that routes by tenant routes this call as well.
        headers = dict(self.extra, **{"X-Token-Expire": str(TOKEN_LIFETIME)})
        reply = _post(http, self._token_url, auth=False, headers=headers,
                      json={"app_key": self.app_key, "app_secret": self._secret})
        return bearer_token(reply, self._token_url, "tokenByAkSk answered without an AccessToken",
                            "AccessToken", "Expires", TOKEN_LIFETIME)

    def call(self, path, body, write=False, once=False):
        """POST ``body`` and return the envelope; a failure envelope raises with the vendor's message."""
        reply = _post(self.http, path, json=body, write=write, once=once)
        data = reply.data
        if not isinstance(data, dict):
            raise ApiError("unexpected response %s" % json.dumps(data)[:200], reply.status, "POST", path)
        code = data.get("resultCode", data.get("returnCode"))
        if code is None:
            raise ApiError("the response has no resultCode", reply.status, "POST", path)
        if str(code) != "0":
            message = data.get("resultMessage") or data.get("description") or "failed without a message"
            raise ApiError(message, reply.status, "POST", path, vendor_code=str(code), vendor_message=message)
        return data

    def agent_call(self, op, body, **kwargs):
        """An agentAccount call, its body flat or in the table's wrapper (``cec_body_shape``)."""
        return self.call(AGENT_API + op, {WRAPPERS[op]: body} if self.wrapped else body, **kwargs)

    # Agents --------------------------------------------------------------
    def query_account(self, account):
        """The account's record, or None when a successful answer does not hold it.

        A failure envelope raises ApiError; whether it means "absent" is for the caller to confirm
        (see ``confirmable``): the docs do not say how a missing account is reported."""
        # pageNum/pageSize are mandatory in the 2025 edition and ignored with userAccount in the others.
        data = self.agent_call("query", {"userAccount": account, "pageNum": 0, "pageSize": 1})
        return pick(account, _records(data, AGENT_API + "query"), "the agentAccount/query answer")

    def query_page(self, page, size=PAGE_SIZE):
        data = self.agent_call("query", {"pageNum": page, "pageSize": size})
        total = data.get("total")
        return _records(data, AGENT_API + "query"), total if isinstance(total, int) and not isinstance(
            total, bool) else None

    def by_account(self, account, password=None):
        """queryAgentInfoByAccount's ``data`` (documented flat, with returnCode)."""
        body = {"accountCode": account}
        if password is not None:
            body["password"] = password
        data = self.call(BY_ACCOUNT_API, body).get("data")
        return data if isinstance(data, dict) else {}

    def work_no(self, account):
        value = self.by_account(account).get("workNo")
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    def create(self, body):
        return self.agent_call("create", body, write=True).get("workNo")

    def update(self, body):
        # A password change is sent once: a repeat can count as another wrong old password (lock-out).
        self.agent_call("update", body, write=True, once="newPassWord" in body)

    def delete(self, account):
        self.agent_call("delete", {"userAccount": account}, write=True)

    # Skill queues --------------------------------------------------------
    def skills(self):
        """Every skill queue, paged at the documented maximum of 100."""
        out, offset = [], 0
        while True:
            data = self.call(SKILL_API, {"limit": str(PAGE_SIZE), "offset": str(offset)})
            page = _records(data, SKILL_API)
            out.extend(page)
            offset += len(page)
            total = data.get("total")
            if len(page) < PAGE_SIZE or (isinstance(total, int) and offset >= total):
                return out


def confirmable(exc):
    """A failure envelope on HTTP 200 or 500 ("business failure"): it may mean "no such account", so a
    successful listing may confirm it. Auth, permission and other HTTP errors never mean absence."""
    return (isinstance(exc, ApiError) and not isinstance(exc, AuthError) and exc.vendor_code is not None
            and exc.status in (200, 500))


def index(records):
    """({account: record}, {lower-case account: [accounts]}) for ``pick``."""
    exact, folded = {}, {}
    for record in records:
        account = record.get("userAccount")
        exact.setdefault(account, record)
        if isinstance(account, str):
            folded.setdefault(account.lower(), []).append(account)
    return exact, folded


def pick(key, found, where):
    """The record of ``key`` in ``found`` (records or their ``index``); None when none has it. An account
    that differs only in letter case fails: the docs do not say whether CEC compares accounts ignoring case."""
    exact, folded = index(found) if isinstance(found, list) else found
    if key in exact:
        return exact[key]
    others = sorted(set(folded.get(key.lower(), ())))
    if others:
        raise InputError("user_account", "%r differs only in letter case from the existing account %s (in %s); "
                         "CEC does not document whether accounts are compared ignoring case, so nothing is written: "
                         "use the existing spelling" % (key, " and ".join(repr(a) for a in others), where))
    return None


def _records(data, path):
    records = data.get("data")
    if records is None or records == "":
        return []
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise ApiError("the response's data is not a list of records", 200, "POST", path)
    return records


def _post(http, path, **kwargs):
    """``http.request("POST", path, ...)``, where an HTTP error whose body is a CEC envelope (e.g. 500 "business
    failure") keeps the envelope's message and code."""
    try:
        return http.request("POST", path, **kwargs)
    except ApiError as exc:
        try:
            data = json.loads(exc.vendor_message or "")
        except ValueError:
            data = None
        message = isinstance(data, dict) and (data.get("resultMessage") or data.get("description"))
        if not message:
            raise exc from None
        code = data.get("resultCode", data.get("returnCode"))
        raise type(exc)(message, exc.status, exc.method, exc.path,
                        vendor_code=None if code is None else str(code), vendor_message=message) from None
