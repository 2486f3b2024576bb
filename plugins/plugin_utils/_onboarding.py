# -*- coding: utf-8 -*-
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The onboarding role's data work, shared by its filter plugins: pure functions, no I/O.

One *person record* describes an agent once: the shared identity (account, names, e-mail, phone,
state, password) plus one section per system the person is in (``cec:``, ``brightpattern:``).
This file collects records (from hostvars or a list), derives each system's values from them (key,
CEC user name, skills) and turns them into the items of the batch modules (``agents:`` / ``users:``).
The checks are in _onboarding_checks.py, the report in the onboarding_report filter. Passwords are
read from records only to build module items.
"""

from __future__ import annotations

import re

SYSTEMS = ("cec", "brightpattern")
SYSTEM_TITLES = {"cec": "CEC", "brightpattern": "Bright Pattern"}
KEY_OPTIONS = {"cec": "user_account", "brightpattern": "login_id"}
STATES = ("present", "absent")

IDENTITY_FIELDS = ("account", "first_name", "last_name", "email", "phone", "state", "password")
SECTION_FIELDS = {
    "cec": ("user_name", "email", "phone", "agent_type", "role", "skills", "password", "state"),
    "brightpattern": ("login_id", "team", "extension", "email", "work_phone", "mobile_phone", "skills", "roles",
                      "disabled", "change_password", "unmanaged_skills", "password", "state"),
}
STRING_FIELDS = {"account", "first_name", "last_name", "email", "phone", "password", "user_name", "agent_type",
                 "role", "login_id", "team", "extension", "work_phone", "mobile_phone", "state"}

# Identifiers that YAML would silently turn into numbers when unquoted (0101 -> 65, +44... -> 44...).
IDENTIFIER_FIELDS = ("account", "login_id", "extension", "phone", "work_phone", "mobile_phone")
# The variables the role reads (roles/onboarding/meta/argument_specs.yml); a test keeps them in line.
ROLE_VARIABLES = (
    "onboarding_person", "onboarding_defaults", "onboarding_agents", "onboarding_systems", "onboarding_password_dir",
    "onboarding_password_length", "onboarding_brightpattern_password_length", "onboarding_report_dir",
    "onboarding_cec_url", "onboarding_cec_app_key", "onboarding_cec_app_secret", "onboarding_brightpattern_url",
    "onboarding_brightpattern_client_id", "onboarding_brightpattern_client_secret", "onboarding_brightpattern_tenant",
    "onboarding_validate_certs", "onboarding_ca_path", "onboarding_timeout", "onboarding_parallel",
    "onboarding_requests_per_second", "onboarding_brightpattern_on_unsupported_change",
    "onboarding_brightpattern_use_scim", "onboarding_brightpattern_unmanaged_skills", "onboarding_hosts")

# Safe as a file name and accepted by both APIs (CEC: 6-50 of these characters).
ACCOUNT_RE = re.compile(r"[A-Za-z0-9@._-]+")
ACCOUNT_MAX = 200  # one file per account in the password store: file names have at most 255 bytes
CEC_ACCOUNT_RE = re.compile(r"[A-Za-z0-9@._-]{6,50}")
CEC_NAME_FORBIDDEN = "\"[]'&()=;<>,"
CEC_NAME_MAX = 20
CEC_PHONE_MAX = 25
BRIGHTPATTERN_PASSWORD_MIN = 8
OPERATION_NAMES = {"create": "create", "update": "update", "delete": "delete", "none": "unchanged"}


# ------------------------------------------------------------------ records
def merge(base, override):
    """``override`` combined onto ``base``, recursing into mappings; an explicit ``None`` wins.

    Lists are replaced, not merged (as ``combine(recursive=True)`` does)."""
    if not isinstance(base, dict) or not isinstance(override, dict):
        return override
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


def _plain(value):
    """A plain dict/list copy of a templated value (HostVars views, lazy containers)."""
    if isinstance(value, dict) or (hasattr(value, "items") and hasattr(value, "keys")):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _build(defaults, person, where):
    errors = []
    if defaults is not None and not isinstance(defaults, dict):
        errors.append("onboarding_defaults must be a mapping, not %s" % type(defaults).__name__)
        defaults = None
    if person is not None and not isinstance(person, dict):
        errors.append("the record must be a mapping, not %s" % type(person).__name__)
        person = None
    record = merge(defaults or {}, person or {})
    record["_where"] = where
    if errors:
        record["_errors"] = errors
    return record


def people(hostvars, hosts, defaults=None, agents=None, source=None):
    """Person records: from ``agents`` (list mode) or from each host's variables (inventory mode).

    List mode: every item of ``agents`` combined onto ``defaults``.
    Inventory mode: for each host, its ``onboarding_person`` combined onto its ``onboarding_defaults``,
    both read from ``hostvars`` (inventory, facts and extra vars; ``defaults`` is not used, because the
    task's own view of ``onboarding_defaults`` is one host's); the account defaults to the host name.
    """
    out = []
    if agents is not None:
        if not isinstance(agents, (list, tuple)):
            return [{"_where": "onboarding_agents", "_source": source,
                     "_errors": ["onboarding_agents must be a list, not %s" % type(agents).__name__]}]
        for index, item in enumerate(_plain(agents)):
            record = _build(_plain(defaults), item, "onboarding_agents[%d]" % index)
            record["_source"] = source
            out.append(record)
        return out
    for host in hosts or []:
        host_vars = hostvars[host]
        own = host_vars["onboarding_defaults"] if "onboarding_defaults" in host_vars else None
        person = host_vars["onboarding_person"] if "onboarding_person" in host_vars else {}
        record = _build(_plain(own), _plain(person), "host %s" % host)
        if record.get("account") is None:
            record["account"] = host
        record["_host"] = host
        record["_source"] = host
        stray = sorted(n for n in host_vars.keys() if n.startswith("onboarding_") and n not in ROLE_VARIABLES)
        if stray:
            record["_stray_variables"] = stray
        out.append(record)
    return out


def label(record):
    account = record.get("account")
    where = record.get("_where", "?")
    if account is None or where == "host %s" % account:
        return where
    return "%s (%s)" % (account, where)


def state_of(record, system):
    section = record.get(system)
    if isinstance(section, dict) and section.get("state") is not None:
        return section["state"]
    return record.get("state") or "present"


def sections(record):
    """The systems the person is in: the sections present and not null."""
    return [s for s in SYSTEMS if isinstance(record.get(s), dict)]


def selected(record, systems):
    return [s for s in sections(record) if s in systems]


def _text(value):
    if value is None or isinstance(value, bool):
        return None if value is None else str(value)
    return str(value).strip() or None


def cec_user_name(record):
    """The section's ``user_name``, or first and last name without CEC's forbidden characters, at most 20."""
    section = record.get("cec") or {}
    if section.get("user_name") is not None:
        return _text(section["user_name"])
    name = " ".join(n for n in (_text(record.get("first_name")), _text(record.get("last_name"))) if n)
    name = "".join(c for c in name if c not in CEC_NAME_FORBIDDEN)
    return " ".join(name.split())[:CEC_NAME_MAX].strip() or None


def cec_skills(value):
    """``{name or id: weight | {agent_weight, skill_weight} | null}`` or a list -> the module's skill list."""
    if value is None:
        return None
    if isinstance(value, list):
        return [dict(item) for item in value]
    out = []
    for ref, weights in value.items():
        if weights is None:
            continue  # a team skill this person does not take
        item = {"skill_id": ref} if isinstance(ref, int) and not isinstance(ref, bool) else {"name": str(ref)}
        if isinstance(weights, dict):
            item.update({k: v for k, v in weights.items() if v is not None})
        else:
            item["agent_weight"] = weights
        out.append(item)
    return out


def brightpattern_skills(value):
    if value is None:
        return None
    return {str(name): level for name, level in value.items() if level is not None}


def _password(record, system, passwords):
    section = record.get(system) or {}
    for value in (section.get("password"), record.get("password")):
        if value not in (None, ""):
            return str(value)  # also a vaulted value
    return (passwords or {}).get(key_of(record, system))


def key_of(record, system):
    section = record.get(system) if isinstance(record.get(system), dict) else {}
    if system == "brightpattern" and section.get("login_id") is not None:
        return _text(section["login_id"])
    return _text(record.get("account"))


def _compact(item):
    return {k: v for k, v in item.items() if v is not None}


def unmanaged_skills(section, role_wide=()):
    """Bright Pattern skills the collection leaves alone: the role-wide ones and the record's own."""
    names = list(role_wide or []) + list(section.get("unmanaged_skills") or [])
    return sorted(set(str(n) for n in names)) or None


def item(record, system, passwords=None, unmanaged=()):
    """The module item (``agents:`` or ``users:`` element) of one record for one system."""
    key = key_of(record, system)
    state = state_of(record, system)
    if state == "absent":
        return {KEY_OPTIONS[system]: key, "state": "absent"}
    section = record.get(system) or {}
    if system == "cec":
        out = {
            "user_account": key,
            "user_name": cec_user_name(record),
            "email": _text(section.get("email", record.get("email"))),
            "phone": _text(section.get("phone", record.get("phone"))),
            "agent_type": section.get("agent_type"),
            "role": section.get("role"),
            "skills": cec_skills(section.get("skills")),
        }
    else:
        out = {
            "login_id": key,
            "first_name": _text(record.get("first_name")),
            "last_name": _text(record.get("last_name")),
            "team": section.get("team"),
            "extension": _text(section.get("extension")),
            "email": _text(section.get("email", record.get("email"))),
            "work_phone": _text(section.get("work_phone", record.get("phone"))),
            "mobile_phone": _text(section.get("mobile_phone")),
            "disabled": section.get("disabled"),
            "change_password": section.get("change_password"),
            "skills": brightpattern_skills(section.get("skills")),
            "roles": section.get("roles"),
            "unmanaged_skills": unmanaged_skills(section, unmanaged),
        }
    out["password"] = _password(record, system, passwords)
    out["state"] = "present"
    return _compact(out)


def items(records, system, passwords=None, systems=SYSTEMS, unmanaged=()):
    """Module items of every record that is in ``system`` (and ``system`` is selected), in record order.

    ``unmanaged``: Bright Pattern skills the collection does not manage, for every user."""
    if system not in systems:
        return []
    return [item(r, system, passwords, unmanaged) for r in records if system in sections(r)]
