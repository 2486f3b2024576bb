# -*- coding: utf-8 -*-
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The onboarding role's input checks (the onboarding_prepare action): pure.

``validate`` returns one message per problem, so the role can stop before any write with one report.
"""

from __future__ import annotations

import difflib
import re

from ansible.module_utils.parsing.convert_bool import BOOLEANS

from ansible_collections.contactcenter.agents.plugins.module_utils._cec_agent import (
    AGENT_TYPES, PASSWORD_SPECIALS, ROLES, email_ok, password_ok)
from ansible_collections.contactcenter.agents.plugins.plugin_utils._onboarding import (
    ACCOUNT_MAX, ACCOUNT_RE, BRIGHTPATTERN_PASSWORD_MIN, CEC_ACCOUNT_RE, CEC_NAME_FORBIDDEN, CEC_NAME_MAX,
    CEC_PHONE_MAX, IDENTIFIER_FIELDS, IDENTITY_FIELDS, ROLE_VARIABLES, SECTION_FIELDS, STATES, STRING_FIELDS,
    SYSTEM_TITLES, SYSTEMS, cec_user_name, key_of, label, sections, selected, state_of)

ENV_NAMES = {"cec": "CEC_URL", "brightpattern": "BRIGHTPATTERN_URL"}
# Left in a value after Ansible's templating: HR data marked !unsafe (or a loader's unsafe text) that holds
# template code. No name, e-mail or phone has them; refused rather than sent to the vendors.
TEMPLATE_MARKERS = ("{{", "{%", "{#")
SECRET_FIELDS = ("password",)
ROLE_RECORD_VARIABLES = "onboarding_person and onboarding_defaults (each host), or onboarding_agents (list mode)"


def _is_text(value):
    return isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool))


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def as_int(value):
    """An integer as the modules accept it (an int, or a string of digits such as "75"), else None."""
    if _is_int(value):
        return value
    if isinstance(value, str) and re.fullmatch(r"\s*[+-]?[0-9]+\s*", value):
        return int(value)
    return None


def is_bool(value):
    """A boolean as the modules accept it (true, "false", "yes", 1, ...)."""
    if isinstance(value, str):
        value = value.strip().lower()
    return isinstance(value, (bool, int, str)) and value in BOOLEANS


def shown(value):
    """A value as received, with its type, for messages (never used for passwords)."""
    kinds = ((bool, "boolean"), (int, "integer"), (float, "number"), (str, "string"), (list, "list"), (dict, "mapping"))
    kind = next((name for cls, name in kinds if isinstance(value, cls)), type(value).__name__)
    plain = next((cls for cls, name in kinds if isinstance(value, cls)), None)
    return "%r (%s)" % (plain(value) if plain else value, kind)


def _identifier_problem(where, name, value):
    return ("%s: %s must be a string; got %s: YAML reads unquoted digits as a number (0101 becomes 65, a leading "
            "0 or + is lost), so quote it, for example extension: \"0101\"" % (where, name, shown(value)))


def _check_value(where, name, value, problems):
    field = name.split(".")[-1]
    if value is None:
        return
    if field in IDENTIFIER_FIELDS:
        if not isinstance(value, str):
            problems.append(_identifier_problem(where, name, value))
    elif field in STRING_FIELDS and not _is_text(value):
        problems.append("%s: %s must be a string, not %s" % (where, name, shown(value)))
    if field not in SECRET_FIELDS and isinstance(value, str) and any(m in value for m in TEMPLATE_MARKERS):
        problems.append("%s: %s holds template markers (%s) after templating: HR data must be plain text "
                        "(see 'Handling HR data safely' in docs/onboarding.md)" % (
                            where, name, ", ".join(m for m in TEMPLATE_MARKERS if m in value)))


def check_types(record, where, problems):
    for name, value in record.items():
        if name.startswith("_"):
            continue
        if name in SYSTEMS:
            if value is not None and not isinstance(value, dict):
                problems.append("%s: %s must be a mapping (or null to leave the person out of %s)" % (
                    where, name, SYSTEM_TITLES[name]))
            continue
        if name not in IDENTITY_FIELDS:
            if isinstance(value, dict):
                problems.append("%s: unknown system section %r (known: %s)" % (where, name, ", ".join(SYSTEMS)))
            else:
                problems.append("%s: unknown field %r (known: %s, and the sections %s)" % (
                    where, name, ", ".join(IDENTITY_FIELDS), ", ".join(SYSTEMS)))
            continue
        _check_value(where, name, value, problems)
    for system in sections(record):
        for name, value in record[system].items():
            if name not in SECTION_FIELDS[system]:
                problems.append("%s: unknown field %s.%s (known: %s)" % (
                    where, system, name, ", ".join(SECTION_FIELDS[system])))
            else:
                _check_value(where, "%s.%s" % (system, name), value, problems)
    for system in [None] + sections(record):
        state = (record if system is None else record[system]).get("state")
        if state is not None and state not in STATES:
            problems.append("%s: %sstate must be present or absent, not %r" % (where, system + "." if system else "", state))


def check_account(record, where, problems):
    account = record.get("account")
    if account in (None, ""):
        problems.append("%s: account is required" % where)
        return
    if not isinstance(account, str):
        return  # reported by check_types
    if not ACCOUNT_RE.fullmatch(account) or account.startswith("."):
        problems.append("%s: account %r must be letters, digits and @ . - _ (not starting with a dot)" % (
            where, account))
    elif len(account) > ACCOUNT_MAX:
        problems.append("%s: account is %d characters long; at most %d (the password store keeps one file per "
                        "account)" % (where, len(account), ACCOUNT_MAX))


def check_cec(record, where, problems):
    section = record["cec"]
    if not CEC_ACCOUNT_RE.fullmatch(str(record.get("account") or "")):
        problems.append("%s: account must be 6 to 50 characters of letters, digits and @ . - _ for CEC" % where)
    if state_of(record, "cec") != "present":
        return
    name = cec_user_name(record)
    given = section.get("user_name")
    if name is None:
        problems.append("%s: cec.user_name is required to create the agent (or first_name/last_name to derive it)"
                        % where)
    elif given is not None:
        if len(name) > CEC_NAME_MAX:
            problems.append("%s: cec.user_name must be at most %d characters" % (where, CEC_NAME_MAX))
        if set(name) & set(CEC_NAME_FORBIDDEN):
            problems.append("%s: cec.user_name must not contain any of %s" % (where, CEC_NAME_FORBIDDEN))
    email = section.get("email", record.get("email"))
    if email in (None, ""):
        problems.append("%s: email is required to create the CEC agent" % where)
    elif _is_text(email) and not email_ok(str(email)):
        problems.append("%s: email %r is not an address CEC accepts" % (where, email))
    phone = section.get("phone", record.get("phone"))
    if phone is not None and _is_text(phone) and len(str(phone)) > CEC_PHONE_MAX:
        problems.append("%s: phone must be at most %d characters for CEC" % (where, CEC_PHONE_MAX))
    for field, choices in (("agent_type", AGENT_TYPES), ("role", ROLES)):
        value = section.get(field)
        if value is None:
            problems.append("%s: cec.%s is required to create the agent (one of %s)" % (where, field, ", ".join(choices)))
        elif value not in choices:
            problems.append("%s: cec.%s must be one of %s, not %r" % (where, field, ", ".join(choices), value))
    check_cec_skills(section.get("skills"), where, problems)
    password = section.get("password") or record.get("password")
    if password and not password_ok(str(password)):
        problems.append("%s: the CEC password from the inventory breaks CEC's rule (8 to 32 characters with an "
                        "uppercase letter, a lowercase letter, a digit and one of %s, and nothing else)"
                        % (where, PASSWORD_SPECIALS))


def check_cec_skills(skills, where, problems):
    if skills is None:
        return
    if isinstance(skills, list):
        entries = []
        for index, entry in enumerate(skills):
            if not isinstance(entry, dict) or (entry.get("name") is None) == (entry.get("skill_id") is None):
                problems.append("%s: cec.skills[%d] needs either name or skill_id" % (where, index))
                continue
            ref = entry.get("name") if entry.get("name") is not None else entry.get("skill_id")
            entries.append((ref, {k: v for k, v in entry.items() if k not in ("name", "skill_id")}))
    elif isinstance(skills, dict):
        entries = [(ref, w) for ref, w in skills.items() if w is not None]
    else:
        problems.append("%s: cec.skills must be a mapping of skill queue to weight (or a list)" % where)
        return
    for ref, weights in entries:
        if not isinstance(weights, dict):
            weights = {"agent_weight": weights}
        unknown = sorted(set(weights) - {"agent_weight", "skill_weight"})
        if unknown:
            problems.append("%s: cec.skills.%s has unknown keys %s (agent_weight, skill_weight)" % (
                where, ref, ", ".join(map(str, unknown))))
        for name, weight in weights.items():
            number = as_int(weight)
            if name in ("agent_weight", "skill_weight") and weight is not None and (number is None or number < 1):
                problems.append("%s: cec.skills.%s %s must be an integer of at least 1, not %s" % (
                    where, ref, name, shown(weight)))


def check_brightpattern(record, where, problems):
    section = record["brightpattern"]
    login = key_of(record, "brightpattern")
    if login is not None and (not ACCOUNT_RE.fullmatch(login) or login.startswith(".")):
        problems.append("%s: brightpattern.login_id %r must be letters, digits and @ . - _" % (where, login))
    elif login is not None and len(login) > ACCOUNT_MAX:
        problems.append("%s: brightpattern.login_id is %d characters long; at most %d (the password store keeps "
                        "one file per account)" % (where, len(login), ACCOUNT_MAX))
    unmanaged = section.get("unmanaged_skills")
    if unmanaged is not None and (not isinstance(unmanaged, list) or not all(isinstance(n, str) and n for n in unmanaged)):
        problems.append("%s: brightpattern.unmanaged_skills must be a list of skill names, not %s" % (
            where, shown(unmanaged)))
    if state_of(record, "brightpattern") != "present":
        return
    for field, value in (("first_name", record.get("first_name")), ("last_name", record.get("last_name")),
                         ("brightpattern.team", section.get("team"))):
        if value in (None, ""):
            problems.append("%s: %s is required to create the Bright Pattern user" % (where, field))
    extension = section.get("extension")
    if extension is not None and not re.fullmatch(r"[0-9]+", str(extension)):  # ASCII digits, as the module checks
        problems.append("%s: brightpattern.extension must be digits, not %r" % (where, extension))
    skills = section.get("skills")
    if skills is not None:
        if not isinstance(skills, dict):
            problems.append("%s: brightpattern.skills must be a mapping of skill name to level" % where)
        else:
            for name, level in skills.items():
                number = as_int(level)
                if level is not None and (number is None or not 0 <= number <= 100):
                    problems.append("%s: brightpattern.skills.%s level must be an integer from 0 to 100, not %s" % (
                        where, name, shown(level)))
    roles = section.get("roles")
    if roles is not None and (not isinstance(roles, list) or not all(isinstance(r, str) and r for r in roles)):
        problems.append("%s: brightpattern.roles must be a list of role names" % where)
    for field in ("disabled", "change_password"):
        if section.get(field) is not None and not is_bool(section[field]):
            problems.append("%s: brightpattern.%s must be true or false, not %s" % (where, field, shown(section[field])))
    password = section.get("password") or record.get("password")
    if password and len(str(password)) < BRIGHTPATTERN_PASSWORD_MIN:
        problems.append("%s: the Bright Pattern password from the inventory is shorter than %d characters" % (
            where, BRIGHTPATTERN_PASSWORD_MIN))


def check_duplicates(records, systems, problems):
    seen = {}
    for record in records:
        where = record.get("_where", "?")
        account = str(record["account"]).lower() if _is_text(record.get("account")) else None
        if account is not None:
            seen.setdefault(("account", account), []).append((where, account))
        for system in selected(record, systems):
            if system != "brightpattern":
                continue
            key = key_of(record, system)
            if key is not None:
                seen.setdefault(("brightpattern.login_id", key.lower()), []).append((where, account))
            extension = record[system].get("extension")
            if extension is not None and state_of(record, system) == "present":
                seen.setdefault(("brightpattern.extension", str(extension)), []).append((where, account))
    for (what, value), found in seen.items():
        if len(found) < 2:
            continue
        if what == "brightpattern.login_id" and len({pair[1] for pair in found}) == 1:
            continue  # the same account twice: reported once, as an account
        problems.append("%s %s is given %d times: %s" % (what, value, len(found), ", ".join(pair[0] for pair in found)))


def password_rule_broken(system, password):
    """The vendor's password rule that ``password`` breaks, or None (the password is never part of the text)."""
    if system == "cec" and not password_ok(password):
        return ("CEC's rule (8 to 32 characters with an uppercase letter, a lowercase letter, a digit and one of %s, "
                "and nothing else)" % PASSWORD_SPECIALS)
    if system == "brightpattern" and len(password) < BRIGHTPATTERN_PASSWORD_MIN:
        return "Bright Pattern's rule (at least %d characters)" % BRIGHTPATTERN_PASSWORD_MIN
    return None


def _hint(record):
    """Why a host may have no record: a misspelt variable name."""
    if "_host" not in record and "_stray_variables" not in record:
        return ""
    text = "; the role reads %s" % ROLE_RECORD_VARIABLES
    stray = record.get("_stray_variables") or []
    if stray:
        guesses = ["%s (did you mean %s?)" % (n, difflib.get_close_matches(n, ROLE_VARIABLES, 1, 0.6)[0])
                   if difflib.get_close_matches(n, ROLE_VARIABLES, 1, 0.6) else n for n in stray]
        text += "; this host has %s, which the role does not read" % ", ".join(guesses)
    return text


def validate(records, systems=SYSTEMS, connections=None, failed_hosts=None):
    problems = []
    unknown = [s for s in systems or [] if s not in SYSTEMS]
    if unknown:
        problems.append("onboarding_systems: unknown system %s (known: %s)" % (", ".join(map(repr, unknown)), ", ".join(SYSTEMS)))
    systems = [s for s in systems or [] if s in SYSTEMS]
    used = set()
    for record in records or []:
        if not isinstance(record, dict):
            problems.append("a record must be a mapping, not %s" % type(record).__name__)
            continue
        where = label(record)
        problems.extend("%s: %s" % (where, e) for e in record.get("_errors", []))
        check_types(record, where, problems)
        check_account(record, where, problems)
        if not sections(record):
            problems.append("%s: is in no system (give a cec or brightpattern section)%s" % (where, _hint(record)))
        for system in selected(record, systems):
            used.add(system)
            (check_cec if system == "cec" else check_brightpattern)(record, where, problems)
    check_duplicates([r for r in records or [] if isinstance(r, dict)], systems, problems)
    reported = {r.get("_host") for r in records or [] if isinstance(r, dict) and any(
        p.startswith(label(r) + ":") for p in problems)}
    problems.extend("host %s: failed before these checks (see its error above)" % host
                    for host in failed_hosts or [] if host not in reported)
    for system in sorted(used):
        if not (connections or {}).get(system, True):
            problems.append("%s: no URL to connect to: set onboarding_%s_url or the %s environment variable" % (
                SYSTEM_TITLES[system], system, ENV_NAMES[system]))
    return problems
