# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Field rules of the Huawei CEC agent-management API, as documented (see shared/api/cec.md).

Every check raises :class:`BusinessError` with a message that starts with the field name and
names the rule. The real failure messages are undocumented, so all these texts are invented.
No message ever contains a password value.
"""
from __future__ import annotations

import copy
import hmac
import math
import re

AGENT_TYPES = (4, 11, 5, 99)
CC_ROLE_IDS = (2, 3, 4)
MEDIA_TYPE_IDS = (5, 53, 19, 2, 18)  # querySkills mediaTypeId values named by either edition

ACCOUNT_RE = re.compile(r"[A-Za-z0-9@.\-_]{6,50}")
CREATE_NAME_FORBIDDEN = "\"[]'&()=;<>,"
UPDATE_NAME_FORBIDDEN = "\"[]=;<>"
# The create/update pages list "~`!@#$%^*()-+_=\¦,./<>?;':"[]{}\&"; "¦" is kept literally (it may be
# a rendering of "|", which is why the set is an option).
PASSWORD_SPECIALS = "~`!@#$%^*()-+_=\\\u00a6,./<>?;':\"[]{}&"
# The delete page's regex [`~!@#$%^&*()+=|{}':;',\[\].<>/?~@#%……&*——+|{}] plus \n \r \t.
DELETE_FORBIDDEN = "`~!@#$%^&*()+=|{}':;,[].<>/?\u2026\u2014\n\r\t"
SKILL_NAME_FORBIDDEN = CREATE_NAME_FORBIDDEN  # querySkills: "special characters are forbidden" (set unknown)

# Switches for what the docs leave open or contradict (README.md, section "CEC", explains each). The
# defaults are the readings least convenient for a client (dialect "inconvenient").
DEFAULT_OPTIONS = {
    "dialect": "inconvenient",
    "app_key": "sim-app-key",
    "app_secret": "sim-app-secret-CHANGE-ME",
    "require_app_key_header": False,
    "require_headers": {},
    "token_revoke_previous": False,
    "http_error_body": "envelope",
    "business_error_status": 200,
    "body_shape": "flat",
    "unknown_fields": "reject",
    "query_missing": "error",
    "query_includes_work_no": False,
    "query_includes_total": False,
    "paging_required": False,
    "max_page_size": 100,
    "page_cap": 50,
    "account_case": "sensitive",
    "delete_missing": "error",
    "delete_account_charset": "strict",
    "skills_update": "replace",
    "skills_empty_list": "clears",
    "create_skill_weights_optional": False,
    "add_skills_existing": "error",
    "release_not_bound": "error",
    "max_user_accounts_per_call": 50,
    "password_length": "exact8",
    "password_specials": PASSWORD_SPECIALS,
    "media_map": {"4": [5, 2], "11": [19, 18, 5], "5": [53], "99": "any"},
    "lock_minutes": 30,
    "max_password_failures": 3,
    "password_change_interval_hours": 24,
    "password_interval_from_create": False,
    "skill_name_match": "contains",
    "by_account_requires_auth": True,
    "by_account_auth_failure_status": 403,
    "by_account_code": "sign_in",
    "by_account_password": "ignored",
    "by_account_password_counts": True,
}
CHOICES = {  # options with a fixed set of values; anything else is a simulator misconfiguration
    "http_error_body": ("envelope", "refused"),
    "business_error_status": (200, 500),
    "body_shape": ("flat", "wrapped", "either"),
    "query_missing": ("empty", "error"),
    "account_case": ("sensitive", "insensitive"),
    "delete_missing": ("error", "success"),
    "delete_account_charset": ("create", "strict"),
    "skills_update": ("replace", "merge"),
    "skills_empty_list": ("clears", "ignored"),
    "password_length": ("min8", "exact8"),
    "unknown_fields": ("reject", "ignore"),
    "skill_name_match": ("contains", "exact"),
    "add_skills_existing": ("error", "update"),
    "release_not_bound": ("error", "ignore"),
    "by_account_auth_failure_status": (401, 403),
    "by_account_code": ("sign_in", "user_account"),
    "by_account_password": ("ignored", "verify"),
}
# Named bundles (POST /_sim/options {"dialect": ...}); options given with the dialect win over it.
DIALECTS = {
    "inconvenient": {},  # the defaults
    # What the pages say when read word for word: the tables' wrappers, workNo and total as in the
    # response table, 200 for business failures, paging mandatory (2025 ZH), the delete page's charset,
    # "a string of eight characters", accountCode = the sign-in account, no page maximum.
    "literal": {"body_shape": "wrapped", "query_includes_work_no": True, "query_includes_total": True,
                "paging_required": True, "max_page_size": None, "page_cap": None, "by_account_password": "verify",
                "by_account_password_counts": False},
    # The most forgiving reading: the simulator's defaults before the fail-closed round.
    "lenient": {"http_error_body": "refused", "body_shape": "either", "query_missing": "empty",
                "query_includes_work_no": True, "query_includes_total": True, "page_cap": None,
                "delete_account_charset": "create", "password_length": "min8",
                "by_account_auth_failure_status": 401, "by_account_code": "user_account",
                "by_account_password": "verify", "by_account_password_counts": False},
}
for _name, _bundle in DIALECTS.items():  # a dialect sets every switch it differs on, from the defaults
    DIALECTS[_name] = dict({k: v for k, v in DEFAULT_OPTIONS.items() if k not in ("app_key", "app_secret")},
                           **_bundle, dialect=_name)

SKILL_ITEM_FIELDS = ("skillId", "agentWeight", "skillWeight")
SKILL_EXTRAS = {  # the extra fields of the querySkills example: clients must ignore them
    "maxAgentWrapupTime": 5,
    "maxWaitTime": 60,
    "maxWaitNum": 100,
    "skillParam": {"noAgents": {"transferType": "Release"}, "busy": {"transferType": "Release"},
                   "answerFunction": "0", "timeOut": {"transferType": "Release"},
                   "waitVoice": {"parameterType": "Voice"}},
}
DEFAULT_SKILLS = (
    ("defaultMultimediaSkill", 53), ("defaultVideoSkill", 19), ("defaultAudioVideoSkill", 5),
    ("Billing", 5), ("Sales", 5), ("Tech Support", 5), ("Retention", 5), ("Outbound", 2),
    ("Chat Support", 53), ("Email Support", 53), ("Video Care", 19),
)


class BusinessError(Exception):
    """A business failure: resultCode/returnCode "1" with this message (and optional extra keys)."""

    def __init__(self, message, extra=None):
        super().__init__(message)
        self.message = message
        self.extra = extra or {}


def skill_record(skill_id, name, media_type_id, description=""):
    return dict({"skillId": skill_id, "name": name, "mediaTypeId": media_type_id,
                 "description": description}, **copy.deepcopy(SKILL_EXTRAS))


def sip_account(work_no):
    """8-digit default softphone number, shaped like the doc examples ("88880551")."""
    try:
        return "%08d" % (88880000 + int(work_no))
    except (TypeError, ValueError):
        return ""


def is_int(value):
    # JSON true/false arrive as bool, which is an int subclass: the API types these as Integer.
    return isinstance(value, int) and not isinstance(value, bool)


def check_fields(params, allowed, policy, where="request"):
    """Unknown fields are a client bug (a typo would be silently ignored by a lenient server)."""
    if policy == "ignore":
        return
    unknown = sorted(set(params) - set(allowed))
    if unknown:
        raise BusinessError("%s: unknown field(s) %s; allowed: %s" % (where, ", ".join(unknown), ", ".join(allowed)))


def require_str(params, field, required=True):
    if field not in params:
        if required:
            raise BusinessError("%s: is required" % field)
        return None
    value = params[field]
    if not isinstance(value, str):
        raise BusinessError("%s: must be a string" % field)
    return value


def check_user_account(value, field="userAccount", charset="create"):
    if not isinstance(value, str):
        raise BusinessError("%s: must be a string" % field)
    if charset == "strict":
        if not 6 <= len(value) <= 50:
            raise BusinessError("%s: must be 6 to 50 characters long (got %d)" % (field, len(value)))
        bad = sorted({c for c in value if c in DELETE_FORBIDDEN})
        if bad:
            raise BusinessError("%s: must not contain %s" % (field, " ".join(repr(c) for c in bad)))
        return value
    if not ACCOUNT_RE.fullmatch(value):
        raise BusinessError("%s: must be 6 to 50 characters of letters, digits and @.-_ (got %r)" % (field, value))
    return value


def check_user_name(value, on="create"):
    if not isinstance(value, str):
        raise BusinessError("userName: must be a string")
    if not value:
        raise BusinessError("userName: must not be empty")
    if on == "create":
        if len(value) > 20:
            raise BusinessError("userName: at most 20 characters allowed (got %d)" % len(value))
        forbidden = CREATE_NAME_FORBIDDEN
    else:
        size = len(value.encode("utf-8"))
        if size > 20:
            raise BusinessError("userName: at most 20 bytes (UTF-8) allowed on update (got %d)" % size)
        forbidden = UPDATE_NAME_FORBIDDEN
    bad = [c for c in forbidden if c in value]
    if bad:
        raise BusinessError("userName: must not contain any of %s (found %s)" % (forbidden, "".join(bad)))
    return value


def check_password(value, field, length_rule="min8", specials=PASSWORD_SPECIALS):
    """Default password rule group; the value itself never appears in a message."""
    if not isinstance(value, str):
        raise BusinessError("%s: must be a string" % field)
    if length_rule == "exact8":
        if len(value) != 8:
            raise BusinessError("%s: must be exactly 8 characters long" % field)
    elif not 8 <= len(value) <= 32:
        raise BusinessError("%s: must be 8 to 32 characters long" % field)
    classes = {"uppercase letter": False, "lowercase letter": False, "digit": False, "special character": False}
    for char in value:
        if "A" <= char <= "Z":
            classes["uppercase letter"] = True
        elif "a" <= char <= "z":
            classes["lowercase letter"] = True
        elif "0" <= char <= "9":
            classes["digit"] = True
        elif char in specials:
            classes["special character"] = True
        else:
            raise BusinessError("%s: contains a character outside letters, digits and %s" % (field, specials))
    missing = [name for name, seen in classes.items() if not seen]
    if missing:
        raise BusinessError("%s: must contain at least one %s" % (field, ", one ".join(missing)))
    return value


def check_email(value):
    """Exactly the documented rule; no hostname rules beyond it (the doc example is t**@****.com)."""
    if not isinstance(value, str):
        raise BusinessError("email: must be a string")
    if any(c.isspace() for c in value):
        raise BusinessError("email: must not contain whitespace")
    if value.count("@") != 1:
        raise BusinessError("email: must contain exactly one @ (localPart@domainPart)")
    local, domain = value.split("@")
    if not local or not domain:
        raise BusinessError("email: localPart and domainPart must not be empty")
    if len(local) > 64:
        raise BusinessError("email: localPart is limited to 64 characters (got %d)" % len(local))
    if len(domain) > 255:
        raise BusinessError("email: domainPart is limited to 255 characters (got %d)" % len(domain))
    first = domain.split(".")[0]
    if len(first) > 63:
        raise BusinessError("email: the first label of domainPart is limited to 63 characters (got %d)" % len(first))
    return value


def check_choice(value, field, allowed):
    if not is_int(value):
        raise BusinessError("%s: must be an integer, one of %s" % (field, ", ".join(map(str, allowed))))
    if value not in allowed:
        raise BusinessError("%s: %d is not one of %s" % (field, value, ", ".join(map(str, allowed))))
    return value


def check_phone(value):
    if not isinstance(value, str):
        raise BusinessError("phone: must be a string")
    if len(value) > 25:
        raise BusinessError("phone: at most 25 characters allowed (got %d)" % len(value))
    return value


def check_weight(value, field):
    if not is_int(value):
        raise BusinessError("%s: must be an integer" % field)
    if value < 1:
        raise BusinessError("%s: the minimum is 1 (got %d)" % (field, value))
    return value


def check_skill_id(value, skills_by_id, field="skillId"):
    if not is_int(value):
        raise BusinessError("%s: must be an integer" % field)
    if value not in skills_by_id:
        raise BusinessError("%s: skill queue %d does not exist" % (field, value))
    return value


def parse_skill_items(value, skills_by_id, policy, require_weights=True):
    """Validate a ``skills`` list; returns fresh ``{skillId, agentWeight, skillWeight}`` dicts."""
    if not isinstance(value, list):
        raise BusinessError("skills: must be a list of {skillId, agentWeight, skillWeight}")
    out, seen = [], set()
    for index, item in enumerate(value):
        where = "skills[%d]" % index
        if not isinstance(item, dict):
            raise BusinessError("%s: must be an object {skillId, agentWeight, skillWeight}" % where)
        check_fields(item, SKILL_ITEM_FIELDS, policy, where)
        for field in SKILL_ITEM_FIELDS:
            if field not in item and (field == "skillId" or require_weights):
                raise BusinessError("%s.%s: is required" % (where, field))
        skill_id = check_skill_id(item["skillId"], skills_by_id, where + ".skillId")
        if skill_id in seen:
            raise BusinessError("%s.skillId: skill queue %d is listed twice" % (where, skill_id))
        seen.add(skill_id)
        weights = {f: check_weight(item[f], "%s.%s" % (where, f)) if f in item else 1
                   for f in ("agentWeight", "skillWeight")}
        out.append(dict({"skillId": skill_id}, **weights))
    return out


def allowed_media(media_map, agent_type):
    """The mediaTypeIds a skill may have for this agentType, or None for "any"."""
    allowed = media_map.get(str(agent_type), [])
    return None if allowed == "any" else [int(m) for m in allowed]


def check_media(skill_ids, agent_type, skills_by_id, media_map, where="skills"):
    """"The skill queue type must be the same as the value of agentType" (mapping: option media_map)."""
    allowed = allowed_media(media_map, agent_type)
    if allowed is None:
        return
    for skill_id in skill_ids:
        skill = skills_by_id.get(skill_id)
        if skill is None:
            continue  # a planted binding to a vanished queue: nothing to compare
        if int(skill["mediaTypeId"]) not in allowed:
            raise BusinessError(
                "%s: skill queue %s has mediaTypeId %s, which agentType %s does not allow (allowed: %s)"
                % (where, skill_id, skill["mediaTypeId"], agent_type, ", ".join(map(str, allowed)) or "none"))


def check_page(params, max_size, field_num="pageNum", field_size="pageSize"):
    for field in (field_num, field_size):
        if field not in params:
            raise BusinessError("%s: is required" % field)
    num, size = params[field_num], params[field_size]
    if not is_int(num) or num < 0:
        raise BusinessError("%s: must be an integer >= 0 (pages start at 0)" % field_num)
    if not is_int(size) or size < 1 or (max_size is not None and size > max_size):
        rule = "from 1 to %d" % max_size if max_size is not None else ">= 1"
        raise BusinessError("%s: must be an integer %s" % (field_size, rule))
    return num, size


def loose_int(value, field, minimum, maximum=None):
    """querySkills: typed string in the table, sent as a number in the example: accept both."""
    if isinstance(value, str) and re.fullmatch(r"[0-9]+", value):
        value = int(value)
    if not is_int(value) or value < minimum or (maximum is not None and value > maximum):
        rule = "%d to %d" % (minimum, maximum) if maximum is not None else ">= %d" % minimum
        raise BusinessError("%s: must be an integer (number or digit string) %s" % (field, rule))
    return value


def check_skill_name_filter(value):
    if not isinstance(value, str):
        raise BusinessError("name: must be a string")
    if len(value.encode("utf-8")) > 100:
        raise BusinessError("name: at most 100 bytes allowed")
    bad = [c for c in SKILL_NAME_FORBIDDEN if c in value]
    if bad:
        raise BusinessError("name: must not contain special characters (found %s)" % "".join(bad))
    return value


def check_account_list(value, accounts, max_items, allow_empty):
    if not isinstance(value, list):
        raise BusinessError("userAccounts: must be a list of strings")
    if not value and not allow_empty:
        raise BusinessError("userAccounts: must not be empty")
    if len(value) > max_items:
        raise BusinessError("userAccounts: at most %d accounts per call (got %d)" % (max_items, len(value)))
    seen = set()
    for index, account in enumerate(value):
        if not isinstance(account, str) or not account:
            raise BusinessError("userAccounts[%d]: must be a non-empty string" % index)
        if len(account) > 50:
            raise BusinessError("userAccounts[%d]: at most 50 characters allowed" % index)
        if account in seen:
            raise BusinessError("userAccounts[%d]: %r is listed twice" % (index, account))
        if account not in accounts:
            raise BusinessError("userAccounts[%d]: agent account %r does not exist" % (index, account))
        seen.add(account)
    return value


def same_secret(given, stored):
    return isinstance(given, str) and isinstance(stored, str) and hmac.compare_digest(given.encode(), stored.encode())


def check_password_change(agent, params, options, now):
    """Return the new password, or raise. On failure only the failure counter and the lock change:
    they are the point of the documented lock-out (3 wrong old passwords lock for 30 minutes)."""
    if "newPassWord" not in params:
        raise BusinessError("newPassWord: is required when oldPassWord is given")
    old = require_str(params, "oldPassWord")  # "mandatory when the agent password is changed"
    new = check_password(params["newPassWord"], "newPassWord", options["password_length"],
                         options["password_specials"])
    limit, lock_minutes = options["max_password_failures"], options["lock_minutes"]
    locked_until = agent.get("locked_until")
    if locked_until is not None and now < locked_until:
        raise BusinessError("oldPassWord: the account is locked after %d failed password verifications; "
                            "try again in %d minute(s)" % (limit, math.ceil((locked_until - now) / 60)))
    if locked_until is not None:  # the lock ran out: start counting afresh
        agent.update(locked_until=None, failed_password_attempts=0)
    if not same_secret(old, agent.get("password")):
        failures = agent.get("failed_password_attempts", 0) + 1
        agent["failed_password_attempts"] = failures
        if failures >= limit:
            agent["locked_until"] = now + lock_minutes * 60
            raise BusinessError("oldPassWord: incorrect; after %d consecutive failures the account is locked for "
                                "%d minutes" % (failures, lock_minutes))
        raise BusinessError("oldPassWord: incorrect (%d of %d attempts before lock-out)" % (failures, limit))
    agent["failed_password_attempts"] = 0
    last = agent.get("password_changed_at")
    if last is None and options["password_interval_from_create"]:
        last = agent.get("created_at")
    hours = options["password_change_interval_hours"]
    if last is not None and now - last < hours * 3600:
        raise BusinessError("newPassWord: the password can be changed only once within %s hours; next change "
                            "possible in %d minute(s)" % (hours, math.ceil((last + hours * 3600 - now) / 60)))
    return new


def query_record(agent, include_work_no):
    """An agent as agentAccount/query shows it; unset phone/email come back as "" like the examples."""
    skills = [{k: s.get(k) for k in SKILL_ITEM_FIELDS} for s in agent.get("skills") or []]
    record = {"userAccount": agent["userAccount"], "userName": agent.get("userName"),
              "phone": agent.get("phone") or "", "email": agent.get("email") or "",
              "agentType": agent.get("agentType"), "ccRoleId": agent.get("ccRoleId"),
              "sipAccount": sip_account(agent.get("workNo")), "skills": skills,
              "transparentDisplayFlag": bool(agent.get("transparentDisplayFlag", False))}
    if include_work_no:
        record["workNo"] = agent.get("workNo")
    return record
