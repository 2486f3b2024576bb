# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Strict simulator of the Huawei Cloud CEC agent-management API (API Fabric) and tokenByAkSk.

Every documented constraint is enforced; behaviour the docs leave open or contradict is an option
in ``DEFAULT_OPTIONS`` so tests can exercise each variant (see README.md, section "CEC").
"""
from __future__ import annotations

import copy
import re
import secrets

from flask import abort, jsonify, request

from ._base import Simulator
from ._cec_rules import (
    AGENT_TYPES, CC_ROLE_IDS, CHOICES, DEFAULT_OPTIONS as CEC_OPTIONS, DEFAULT_SKILLS, DIALECTS, MEDIA_TYPE_IDS,
    BusinessError,
    check_account_list, check_choice, check_email, check_fields, check_media, check_page, check_password,
    check_password_change, check_phone, check_skill_id, check_skill_name_filter, check_user_account,
    check_user_name, check_weight, is_int, loose_int, parse_skill_items, query_record, require_str, same_secret,
    sip_account, skill_record,
)

TOKEN_PATH = "/apigovernance/api/oauth/tokenByAkSk"
FIRST_WORK_NO, LAST_WORK_NO = 101, 59999  # querySysInfo: workNo 101-59999

CREATE_FIELDS = ("userAccount", "userName", "password", "email", "agentType", "ccRoleId", "skills", "phone")
WRAPPED_OPS = {"agentAccount/create": "requestParam", "agentAccount/update": "requestParam",
               "agentAccount/query": "requestParams", "agentAccount/delete": "requestParams"}
UPDATE_FIELDS = ("userAccount", "userName", "email", "phone", "agentType", "ccRoleId", "skills",
                 "oldPassWord", "newPassWord")


class HttpFailure(Exception):
    """A transport-level refusal (400/401/403) with an invented JSON body."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status, self.message = status, message


class CecSimulator(Simulator):
    name = "cec"
    DEFAULT_OPTIONS = CEC_OPTIONS

    def __init__(self, **options):
        # Declared here for readers and linters; reset_state() (run by the base __init__) fills them.
        self.agents, self.skills, self.tokens, self.next_work_no = {}, [], {}, FIRST_WORK_NO
        super().__init__(**options)

    # ------------------------------------------------------------------ state
    def update_options(self, options):
        """``dialect`` sets its whole bundle first; the other options given with it win."""
        options = dict(options)
        if "dialect" in options:
            if options["dialect"] not in DIALECTS:
                raise ValueError("unknown dialect %r (one of %s)" % (options["dialect"], ", ".join(DIALECTS)))
            options = dict(DIALECTS[options["dialect"]], **options)
        super().update_options(options)

    def reset_state(self):
        if self._initial_options.get("dialect"):
            self.update_options(self._initial_options)
        self.agents = {}  # userAccount -> record; dict order is creation order
        self.skills = [skill_record(i, name, media) for i, (name, media) in enumerate(DEFAULT_SKILLS, 1)]
        self.tokens = {}  # AccessToken -> expiry (sim clock)
        self.next_work_no = FIRST_WORK_NO

    def seed(self, data):
        """Plant state as given, without validation (tests use it for odd server states)."""
        with self.lock:
            self.update_options(data.get("options") or {})
            for item in data.get("skills") or []:
                skill_id = item.get("skillId") or max((s["skillId"] for s in self.skills), default=0) + 1
                record = skill_record(skill_id, item["name"], item["mediaTypeId"], item.get("description", ""))
                record.update(copy.deepcopy(item))
                self.skills = [s for s in self.skills if s["skillId"] != skill_id] + [record]
            for item in data.get("agents") or []:
                record = self._new_agent(item["userAccount"])
                record.update(copy.deepcopy(item))
                record["skills"] = record.get("skills") or []
                if record.get("workNo") is None:
                    record["workNo"] = self._allocate_work_no()
                self.agents[item["userAccount"]] = record

    def dump_state(self):
        with self.lock:
            now = self.now()
            return {
                "agents": {account: {k: copy.deepcopy(v) for k, v in agent.items() if k != "password"}
                           for account, agent in self.agents.items()},
                "skills": copy.deepcopy(self.skills),
                "tokens": sum(1 for expiry in self.tokens.values() if expiry > now),
            }

    def _new_agent(self, account):
        return {"userAccount": account, "userName": "", "email": None, "phone": None, "agentType": None,
                "ccRoleId": None, "skills": [], "workNo": None, "password": None,
                "transparentDisplayFlag": False, "created_at": self.now(), "failed_password_attempts": 0,
                "locked_until": None, "password_changed_at": None, "password_changes": 0}

    def _allocate_work_no(self):
        used = {agent.get("workNo") for agent in self.agents.values()}
        work_no = self.next_work_no
        while work_no in used:
            work_no += 1
        if work_no > LAST_WORK_NO:
            raise BusinessError("workNo: no free agent ID left in %d-%d" % (FIRST_WORK_NO, LAST_WORK_NO))
        self.next_work_no = work_no + 1
        return work_no

    def _skills_by_id(self):
        return {s["skillId"]: s for s in self.skills}

    def _opt(self, name):
        value = self.options[name]
        if name in CHOICES and value not in CHOICES[name]:
            raise HttpFailure(500, "simulator option %s=%r is not one of %r" % (name, value, CHOICES[name]))
        return value

    # ------------------------------------------------------------------ HTTP plumbing
    def register_routes(self, app):
        ops = {
            "agentAccount/create": ("result", self._create),
            "agentAccount/update": ("result", self._update),
            "agentAccount/query": ("result", self._query),
            "agentAccount/delete": ("result", self._delete),
            "agentAccount/addSkillsToAgent": ("result", self._add_skills),
            "agentAccount/releaseAgentBySkillId": ("result", self._release_skill),
            "agentAccount/queryAgentInfoBySkillId": ("result", self._by_skill),
            "skill/querySkills": ("return", self._query_skills),
            "queryAgentInfoByAccount": ("return", self._by_account),
        }

        @app.post(TOKEN_PATH)
        def cec_token():
            try:
                with self.lock:
                    self._required_headers()
                    return jsonify(self._issue_token())
            except HttpFailure as exc:
                return self._http_failure("result", exc)

        # The docs spell the family cc-management and CC-Management: accept any casing of it.
        @app.post("/apiaccess/rest/<family>/v1/<path:op>")
        def cec_api(family, op):
            if family.lower() != "cc-management" or op not in ops:
                abort(404)
            style, handler = ops[op]
            try:
                with self.lock:
                    self._required_headers()
                    self._authenticate(op)
                    try:
                        return jsonify(handler(self._params(self._json_object(), op)))
                    except BusinessError as exc:
                        return self._business_failure(style, op, exc)
            except HttpFailure as exc:
                return self._http_failure(style, exc)

    def _http_failure(self, style, exc):
        """4xx/5xx bodies are undocumented; by default they look like a failure envelope (resultCode "1")."""
        if self._opt("http_error_body") == "refused":
            return jsonify({"error": "refused", "message": exc.message}), exc.status
        if style == "result":
            return jsonify({"resultCode": "1", "resultMessage": exc.message}), exc.status
        return jsonify({"returnCode": "1", "description": exc.message}), exc.status

    def _required_headers(self):
        """Headers a gateway in front of the API needs (e.g. X-TenantSpaceID on AICC): undocumented by Huawei."""
        for name, value in (self.options["require_headers"] or {}).items():
            if request.headers.get(name) != value:
                raise HttpFailure(401, "missing or wrong %s header" % name)

    def _business_failure(self, style, op, exc):
        if style == "result":
            body = {"resultCode": "1", "resultMessage": exc.message}
        else:
            body = {"returnCode": "1", "description": exc.message}
            if op == "queryAgentInfoByAccount":
                body["data"] = {"workNo": ""}  # documented: an empty workNo when data fails
        body.update(exc.extra)
        return jsonify(body), self._opt("business_error_status")

    @staticmethod
    def _json_object():
        if not request.is_json:
            raise HttpFailure(400, "Content-Type must be application/json")
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            raise HttpFailure(400, "the request body must be a JSON object")
        return body

    def _params(self, body, op):
        """Tables wrap fields in requestParam(s), examples send them flat: ``body_shape`` says which shapes
        the four agentAccount calls accept (the other calls accept both); never a mix."""
        wrappers = [key for key in ("requestParam", "requestParams") if key in body]
        shape, wanted = self._opt("body_shape"), WRAPPED_OPS.get(op)
        if wanted and shape == "wrapped" and wrappers != [wanted]:
            raise BusinessError("%s: is required (the request must be wrapped in it)" % wanted)
        if wanted and shape == "flat" and wrappers:
            raise BusinessError("%s: unknown field; send the fields flat" % wrappers[0])
        if not wrappers:
            return body
        if len(body) > 1:
            raise HttpFailure(400, "%s must be the only top-level field" % "/".join(wrappers))
        inner = body[wrappers[0]]
        if not isinstance(inner, dict):
            raise HttpFailure(400, "%s must be a JSON object" % wrappers[0])
        return inner

    def _issue_token(self):
        body = self._json_object()
        raw = request.headers.get("X-Token-Expire", "600")
        if not re.fullmatch(r"-?[0-9]+", raw.strip()) or not 1 <= int(raw) <= 3600:
            raise HttpFailure(400, "X-Token-Expire must be an integer number of seconds from 1 to 3600")
        for field in ("app_key", "app_secret"):
            given = body.get(field)
            if not same_secret(given, self.options[field]):
                raise HttpFailure(401, "invalid app_key or app_secret")
        now = self.now()
        if self.options["token_revoke_previous"]:
            self.tokens.clear()
        self.tokens = {t: expiry for t, expiry in self.tokens.items() if expiry > now}
        token = secrets.token_urlsafe(32)
        self.tokens[token] = now + int(raw)
        return {"AccessToken": token, "ApplyType": "Bearer", "CreateTime": str(int(now)), "Expires": str(int(raw)),
                "Scope": "apiaccess cc-management", "AppKey": self.options["app_key"], "UserID": "Anonymous"}

    def _authenticate(self, op):
        if op == "queryAgentInfoByAccount":
            # EN/2023 tables say no Authorization, 2025 ZH says yes; only this page lists 403.
            if not self.options["by_account_requires_auth"]:
                return
            status = self._opt("by_account_auth_failure_status")
        else:
            status = 401
        header = request.headers.get("Authorization")
        if header is None:
            raise HttpFailure(status, "missing Authorization header")
        match = re.fullmatch(r"Bearer (\S+)", header)  # "A space is required after Bearer."
        if not match:
            raise HttpFailure(status, "Authorization must be 'Bearer <AccessToken>'")
        expiry = self.tokens.get(match.group(1))
        if expiry is None:
            raise HttpFailure(status, "unknown access token")
        if self.now() >= expiry:
            raise HttpFailure(status, "access token expired")
        app_key = request.headers.get("x-app-key")
        if app_key is None and self.options["require_app_key_header"]:
            raise HttpFailure(status, "missing x-app-key header")
        if app_key is not None and app_key != self.options["app_key"]:
            raise HttpFailure(status, "x-app-key does not match the token's app key")

    # ------------------------------------------------------------------ agentAccount
    def _need(self, params, field):
        if field not in params:
            raise BusinessError("%s: is required" % field)
        return params[field]

    def _check_password(self, value, field):
        return check_password(value, field, self._opt("password_length"), self.options["password_specials"])

    def _create(self, p):
        check_fields(p, CREATE_FIELDS, self._opt("unknown_fields"))
        account = check_user_account(self._need(p, "userAccount"))
        name = check_user_name(self._need(p, "userName"), "create")
        password = self._check_password(self._need(p, "password"), "password")
        email = check_email(self._need(p, "email"))
        agent_type = check_choice(self._need(p, "agentType"), "agentType", AGENT_TYPES)
        role = check_choice(self._need(p, "ccRoleId"), "ccRoleId", CC_ROLE_IDS)
        phone = check_phone(p["phone"]) if "phone" in p else None
        by_id = self._skills_by_id()
        skills = []
        if "skills" in p:
            skills = parse_skill_items(p["skills"], by_id, self._opt("unknown_fields"),
                                       require_weights=not self.options["create_skill_weights_optional"])
            check_media([s["skillId"] for s in skills], agent_type, by_id, self.options["media_map"])
        if self._find(account) is not None:
            raise BusinessError("userAccount: agent account %r already exists" % self._find(account))
        record = self._new_agent(account)
        record.update(userName=name, email=email, phone=phone, agentType=agent_type, ccRoleId=role,
                      skills=skills, password=password, workNo=self._allocate_work_no())
        self.agents[account] = record
        return {"resultCode": "0", "resultMessage": "create agent account success", "workNo": record["workNo"]}

    def _find(self, account):
        """The stored spelling of ``account``, or None; ``account_case`` says whether case counts."""
        if account in self.agents:
            return account
        if self._opt("account_case") == "insensitive" and isinstance(account, str):
            return next((a for a in self.agents if a.lower() == account.lower()), None)
        return None

    def _existing(self, account, field="userAccount"):
        if not isinstance(account, str):
            raise BusinessError("%s: must be a string" % field)
        if self._find(account) is None:
            raise BusinessError("%s: agent account %r does not exist" % (field, account))
        return self.agents[self._find(account)]

    def _update(self, p):
        check_fields(p, UPDATE_FIELDS, self._opt("unknown_fields"))
        agent = self._existing(self._need(p, "userAccount"))
        changes = {}
        if "userName" in p:
            changes["userName"] = check_user_name(p["userName"], "update")
        if "email" in p:
            changes["email"] = check_email(p["email"])
        if "phone" in p:
            changes["phone"] = check_phone(p["phone"])
        if "agentType" in p:
            changes["agentType"] = check_choice(p["agentType"], "agentType", AGENT_TYPES)
        if "ccRoleId" in p:
            changes["ccRoleId"] = check_choice(p["ccRoleId"], "ccRoleId", CC_ROLE_IDS)
        new_type = changes.get("agentType", agent.get("agentType"))
        by_id, media_map = self._skills_by_id(), self.options["media_map"]
        if "skills" in p:
            items = parse_skill_items(p["skills"], by_id, self._opt("unknown_fields"))
            check_media([s["skillId"] for s in items], new_type, by_id, media_map)
            if items and self._opt("skills_update") == "merge":
                given = {s["skillId"]: s for s in items}
                kept = [dict(s, **given.pop(s.get("skillId"), {})) for s in agent["skills"]]
                changes["skills"] = kept + list(given.values())
            elif items or self._opt("skills_empty_list") == "clears":
                changes["skills"] = items
        if new_type != agent.get("agentType") or "skills" in changes:
            # The resulting bindings must fit the resulting agentType (stored ones included).
            check_media([s.get("skillId") for s in changes.get("skills", agent["skills"])], new_type, by_id,
                        media_map, where="agentType %s with the resulting skills" % new_type)
        new_password = None
        if {"oldPassWord", "newPassWord"} & set(p):
            self._opt("password_length")  # a misconfigured option must fail before the counters move
            new_password = check_password_change(agent, p, self.options, self.now())
        agent.update(changes)
        if new_password is not None:
            agent.update(password=new_password, password_changed_at=self.now(),
                         password_changes=agent.get("password_changes", 0) + 1)
        return {"resultCode": "0", "resultMessage": "edit success"}

    def _query(self, p):
        check_fields(p, ("userAccount", "pageNum", "pageSize", "agentType", "transparentDisplayFlag"),
                     self._opt("unknown_fields"))
        max_size = self.options["max_page_size"]
        if self.options["paging_required"]:  # 2025 ZH edition: mandatory even with userAccount
            check_page(p, max_size)
        if "userAccount" in p:  # "When userAccount is transferred, other input parameters are invalid."
            account = self._find(require_str(p, "userAccount"))
            if account is not None:
                agents = [self.agents[account]]
            elif self._opt("query_missing") == "error":
                raise BusinessError("userAccount: agent account %r does not exist" % p["userAccount"])
            else:
                agents = []
            return self._query_result(agents, len(agents))
        if "pageNum" not in p and "pageSize" not in p:
            raise BusinessError("userAccount: is required when pageNum/pageSize are absent")
        num, size = check_page(p, max_size)
        agents = list(self.agents.values())
        start = num * size  # a capped page still starts where the asked size says: a client must notice
        if self.options["page_cap"]:
            size = min(size, self.options["page_cap"])
        if "agentType" in p:
            if not isinstance(p["agentType"], list):
                raise BusinessError("agentType: must be a list of agent types")
            types = [check_choice(t, "agentType[%d]" % i, AGENT_TYPES) for i, t in enumerate(p["agentType"])]
            if types:
                agents = [a for a in agents if a.get("agentType") in types]
        if "transparentDisplayFlag" in p and not isinstance(p["transparentDisplayFlag"], bool):
            raise BusinessError("transparentDisplayFlag: must be a boolean")
        return self._query_result(agents[start:start + size], len(agents))

    def _query_result(self, agents, total):
        result = {"resultCode": "0", "resultMessage": "get agent account info success",
                  "data": [query_record(a, self.options["query_includes_work_no"]) for a in agents]}
        if self.options["query_includes_total"]:
            result["total"] = total
        return result

    def _delete(self, p):
        check_fields(p, ("userAccount",), self._opt("unknown_fields"))
        account = check_user_account(self._need(p, "userAccount"), charset=self._opt("delete_account_charset"))
        if self._find(account) is not None:
            del self.agents[self._find(account)]
        elif self._opt("delete_missing") == "error":
            raise BusinessError("userAccount: agent account %r does not exist" % account)
        return {"resultCode": "0", "resultMessage": "delete AgentAccount success"}

    # ------------------------------------------------------------------ skill bindings
    def _add_skills(self, p):
        check_fields(p, ("userAccounts", "skillId", "agentWeight", "skillWeight"), self._opt("unknown_fields"))
        accounts = check_account_list(self._need(p, "userAccounts"), self.agents,
                                      self.options["max_user_accounts_per_call"], allow_empty=False)
        by_id = self._skills_by_id()
        skill_id = check_skill_id(self._need(p, "skillId"), by_id)
        weights = {f: check_weight(self._need(p, f), f) for f in ("agentWeight", "skillWeight")}
        for index, account in enumerate(accounts):
            agent = self.agents[account]
            check_media([skill_id], agent.get("agentType"), by_id, self.options["media_map"],
                        where="userAccounts[%d]" % index)
            if self._opt("add_skills_existing") == "error" and any(
                    s.get("skillId") == skill_id for s in agent["skills"]):
                raise BusinessError("userAccounts[%d]: agent %r is already bound to skill queue %d"
                                    % (index, account, skill_id))
        for account in accounts:
            agent = self.agents[account]
            others = [s for s in agent["skills"] if s.get("skillId") != skill_id]
            if len(others) == len(agent["skills"]):
                agent["skills"] = others + [dict({"skillId": skill_id}, **weights)]
            else:  # keep the binding's position, update its weights
                agent["skills"] = [dict(s, **weights) if s.get("skillId") == skill_id else s for s in agent["skills"]]
        return {"resultCode": "0", "resultMessage": "success"}

    def _release_skill(self, p):
        check_fields(p, ("skillId", "userAccounts"), self._opt("unknown_fields"))
        skill_id = check_skill_id(self._need(p, "skillId"), self._skills_by_id())
        accounts = check_account_list(self._need(p, "userAccounts"), self.agents,
                                      self.options["max_user_accounts_per_call"], allow_empty=True)
        for index, account in enumerate(accounts):
            bound = any(s.get("skillId") == skill_id for s in self.agents[account]["skills"])
            if not bound and self._opt("release_not_bound") == "error":
                raise BusinessError("userAccounts[%d]: agent %r is not bound to skill queue %d"
                                    % (index, account, skill_id))
        # Documented: an empty list unbinds every agent from the queue.
        for account in accounts or list(self.agents):
            agent = self.agents[account]
            agent["skills"] = [s for s in agent["skills"] if s.get("skillId") != skill_id]
        return {"resultCode": "0", "resultMessage": "success"}

    def _by_skill(self, p):
        check_fields(p, ("skillId", "pageSize", "pageNum"), self._opt("unknown_fields"))
        skill_id = check_skill_id(self._need(p, "skillId"), self._skills_by_id())
        num, size = check_page(p, 100)
        rows = [{"workNo": a.get("workNo"), "agentType": a.get("agentType"), "agentWeight": s.get("agentWeight"),
                 "accountName": a.get("userName"), "sipAccount": sip_account(a.get("workNo")),
                 "skillWeight": s.get("skillWeight"), "userAccount": a["userAccount"]}
                for a in self.agents.values() for s in a["skills"] if s.get("skillId") == skill_id]
        return {"resultCode": "0", "resultMessage": "success", "data": rows[num * size:(num + 1) * size],
                "count": len(rows)}

    # ------------------------------------------------------------------ returnCode family
    def _query_skills(self, p):
        check_fields(p, ("name", "mediaTypeId", "limit", "offset", "skillIds"), self._opt("unknown_fields"))
        skills = list(self.skills)
        if "name" in p:
            name = check_skill_name_filter(p["name"])
            exact = self._opt("skill_name_match") == "exact"
            skills = [s for s in skills if (s["name"] == name if exact else name in s["name"])]
        if "mediaTypeId" in p:
            media = loose_int(p["mediaTypeId"], "mediaTypeId", 0)
            if media not in MEDIA_TYPE_IDS:
                raise BusinessError("mediaTypeId: must be one of %s" % ", ".join(map(str, MEDIA_TYPE_IDS)))
            skills = [s for s in skills if int(s["mediaTypeId"]) == media]
        limit = loose_int(p.get("limit", 100), "limit", 1, 100)
        offset = loose_int(p.get("offset", 0), "offset", 0)
        if "skillIds" in p:
            if not isinstance(p["skillIds"], list):
                raise BusinessError("skillIds: must be a list of skill ids")
            wanted = {loose_int(v, "skillIds[%d]" % i, 0) for i, v in enumerate(p["skillIds"])}
            if wanted:
                skills = [s for s in skills if s["skillId"] in wanted]
        return {"returnCode": "0", "description": "success", "total": len(skills),
                "data": copy.deepcopy(skills[offset:offset + limit])}

    def _verify_password(self, agent, password):
        """The optional password of queryAgentInfoByAccount; with ``by_account_password_counts`` a wrong one
        counts toward the lock-out like a wrong oldPassWord, and a right one ends the run of failures."""
        counts, now = self.options["by_account_password_counts"], self.now()
        if counts and agent.get("locked_until") is not None and now < agent["locked_until"]:
            raise BusinessError("password: the account is locked")
        if same_secret(password, agent.get("password")):
            if counts:
                agent.update(failed_password_attempts=0, locked_until=None)
            return
        if counts:
            agent["failed_password_attempts"] = agent.get("failed_password_attempts", 0) + 1
            if agent["failed_password_attempts"] >= self.options["max_password_failures"]:
                agent["locked_until"] = now + self.options["lock_minutes"] * 60
        raise BusinessError("password: incorrect")

    def _by_account(self, p):
        check_fields(p, ("accountCode", "password", "username"), self._opt("unknown_fields"))
        code = require_str(p, "accountCode")
        if len(code) > 64:
            raise BusinessError("accountCode: at most 64 characters allowed")
        for field in ("password", "username"):
            value = require_str(p, field, required=False)
            if value is not None and len(value) > 64:
                raise BusinessError("%s: at most 64 characters allowed" % field)
        if self._opt("by_account_code") == "sign_in":  # the sign-in account, seeded as accountCode
            agent = next((a for a in self.agents.values() if a.get("accountCode") == code), None)
        else:
            agent = self.agents.get(self._find(code))
        if agent is None:
            raise BusinessError("accountCode: no agent signs in as %r" % code)
        if "password" in p and self._opt("by_account_password") == "verify":
            self._verify_password(agent, p["password"])
        work_no = agent.get("workNo")
        return {"returnCode": "0", "description": "success",
                "data": {"workNo": work_no if is_int(work_no) else "", "agentType": agent.get("agentType"),
                         "agentStatus": "0"}}
