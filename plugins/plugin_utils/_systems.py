# -*- coding: utf-8 -*-
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The registry of systems the onboarding role manages: one descriptor per vendor, nothing else per vendor.

The role's Python (collect, check, items, passwords, report) loops over ``systems()`` and asks a descriptor;
an unknown system name is an error (``get``). A descriptor says where each option of the vendor's module item
comes from in a person record; the rules the values obey are the vendor's own field specs (module_utils).
See docs/development.md for adding a vendor or a field.
"""

from __future__ import annotations

import re

from ansible_collections.contactcenter.agents.plugins.module_utils._adapter import Adapter
from ansible_collections.contactcenter.agents.plugins.module_utils._brightpattern_user import (
    BRIGHTPATTERN_USER, BrightPatternUserAdapter)
from ansible_collections.contactcenter.agents.plugins.module_utils._cec_agent import CEC_AGENT, CecAgentAdapter
from ansible_collections.contactcenter.agents.plugins.module_utils._entity import CREATE, Rule
from ansible_collections.contactcenter.agents.plugins.module_utils._errors import InputError


def text(value):
    """A record value as module text: trimmed, empty -> None, booleans as given (the checks refuse them)."""
    if value is None or isinstance(value, bool):
        return None if value is None else str(value)
    return str(value).strip() or None


class System:
    """One vendor as the onboarding role sees it (the arguments are described in docs/development.md).

    The item's options are the spec's fields (less ``skip``) and ``extras``; each is read from the record's
    section, or from an identity field (``identity``: only there; ``fallback``: when the section lacks it).
    """

    def __init__(self, name, title, spec, module, connection, url_env, identity=None, fallback=None, skip=(),
                 extras=(), convert=None, derive=None, password_lengths=(8, 128), password_rules=(),
                 length_arg="password_length", unmanaged_arg=None, unique=(), noun=None, probe=None,
                 removal=None, adapter=None, cells=None, record_form=None):
        self.name, self.title, self.spec, self.module = name, title, spec, module
        self.cells = dict(cells or {})  # option -> MapCells, for an option that is not a spec ``map``
        self.record_form = dict(record_form or {})  # option -> the inverse of ``convert`` (for the export)
        # (info module, items -> its arguments or None, the key of a good answer): the credential check
        # Leavers: the module's orphans scope options and removal actions (from its adapter); ``removal`` is the
        # role's default.
        adapter = adapter or Adapter  # the base class: no orphans option
        self.leaver_scope = tuple(t.option for t in adapter.orphan_terms)
        self.leaver_removals = tuple(a for a in adapter.orphan_actions if a != "report")
        self.removal = removal or "delete"
        self.probe = probe or (module + "_info", lambda items: {}, spec.list_option)
        self.noun = noun or spec.name
        self.key = spec.key
        self.connection, self.url_env, self.unique = dict(connection), url_env, tuple(unique)
        self.url_variable = next(iter(self.connection.values()))
        self.identity, self.fallback = dict(identity or {}), dict(fallback or {})
        self.convert, self.derive = dict(convert or {}), dict(derive or {})
        self.password_lengths, self.length_arg, self.unmanaged_arg = password_lengths, length_arg, unmanaged_arg
        self.password_rules = tuple(spec.field("password").rules) + tuple(password_rules)
        self.options = [o for o in spec.fields if o not in skip and o != "password"] + list(extras)
        self.section_fields = tuple([o for o in self.options if o not in self.identity] + ["password", "state"])

    # ------------------------------------------------------------ reading a record
    def source(self, record, option):
        """(record path, value) the item option is taken from; the path names it in messages."""
        section = record.get(self.name) if isinstance(record.get(self.name), dict) else {}
        if option in self.identity:
            return self.identity[option], record.get(self.identity[option])
        if option in section and (option != self.key or section[option] is not None):
            return "%s.%s" % (self.name, option), section[option]
        if option in self.fallback:
            return self.fallback[option], record.get(self.fallback[option])
        return "%s.%s" % (self.name, option), None

    def key_of(self, record):
        return text(self.source(record, self.key)[1])

    def state_of(self, record):
        section = record.get(self.name)
        if isinstance(section, dict) and section.get("state") is not None:
            return section["state"]
        return record.get("state") or "present"

    def password_of(self, record):
        section = record.get(self.name) or {}
        for value in (section.get("password"), record.get("password")):
            if value not in (None, ""):
                return str(value)  # also a vaulted value
        return None

    def password_rule_broken(self, password):
        """The text of the rule ``password`` breaks, or None (the password is never part of the text)."""
        broken = [r for r in self.password_rules if CREATE in r.ops and not r.check(password)]
        return "%s's rule (%s)" % (self.title, broken[0].message.replace("must be ", "", 1)) if broken else None

    # ------------------------------------------------------------ module items
    def value(self, record, option, context=None):
        """(path, value in the module's form) of one item option; raises InputError(path, problem)."""
        path, value = self.source(record, option)
        field = self.spec.fields.get(option)
        if option in self.convert:
            try:
                value = self.convert[option](value, context or {})
            except ValueError as exc:
                raise InputError(path, str(exc)) from None
        elif field is not None and field.kind in ("str", "text"):
            value = text(value)
        if value is None and option in self.derive:
            value = self.derive[option](record, field)
        return path, value

    def item(self, record, passwords=None, context=None):
        """The module item (an element of the module's list option) of one record."""
        key = self.key_of(record)
        if self.state_of(record) == "absent":
            return {self.key: key, "state": "absent"}
        out = {}
        for option in self.options:
            value = self.value(record, option, context)[1]
            if value is not None:
                out[option] = value
        password = self.password_of(record) or (passwords or {}).get(key)
        if password is not None:
            out["password"] = password
        out["state"] = "present"
        return out


class MapCells:
    """How a file of people (hr_file, onboarding_export) writes a mapping option: ``name:value; ...`` in one
    cell, or a column ``<system>.<option>.<name>`` per name. ``parse``/``write`` turn one value from and to its
    text (a ValueError names what is wrong); with ``ids``, ``#<digits>`` names an entry by number."""

    def __init__(self, parse=None, write=str, ids=False):
        self.parse, self.write, self.ids = parse or whole, write, ids

    def ref(self, name):
        return int(name[1:]) if self.ids and re.fullmatch(r"#[0-9]+", name) else name

    def ref_text(self, ref):
        return "#%d" % ref if isinstance(ref, int) else ref


def whole(text):
    """A whole number as written in a cell; its range is the vendor spec's to check."""
    if not re.fullmatch(r"\s*[0-9]+\s*", text):
        raise ValueError("must be a whole number, not %r" % text)
    return int(text)


# ------------------------------------------------------------ CEC
def cec_user_name(record, field):
    """First and last name without the characters the spec forbids, cut to the length it allows."""
    def ok(value):
        try:
            field.check(value, CREATE)
        except InputError:
            return False
        return True

    name = " ".join(n for n in (text(record.get("first_name")), text(record.get("last_name"))) if n)
    name = " ".join("".join(c for c in name if ok(c)).split())
    while name and not ok(name):
        name = name[:-1]
    return name.strip() or None


def as_int(value):
    """An integer as the modules accept it (an int, or a string of digits such as "75"), else None."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and re.fullmatch(r"\s*[+-]?[0-9]+\s*", value):
        return int(value)
    return None


def number(value):
    """``value`` as the integer the module's argument spec makes of it, or as given (the spec refuses it)."""
    return value if as_int(value) is None else as_int(value)


def cec_skills(value, context):
    """``{name or id: weight | {agent_weight, skill_weight} | null}`` or a list -> the module's skill list."""
    if value is None:
        return None
    if isinstance(value, list):
        for index, entry in enumerate(value):
            if not isinstance(entry, dict) or (entry.get("name") is None) == (entry.get("skill_id") is None):
                raise ValueError("[%d] needs either name or skill_id" % index)
        return [dict(item) for item in value]
    if not isinstance(value, dict):
        raise ValueError("must be a mapping of skill queue to weight (or a list)")
    out = []
    for ref, weights in value.items():
        if weights is None:
            continue  # a team skill this person does not take
        item = {"skill_id": ref} if isinstance(ref, int) and not isinstance(ref, bool) else {"name": str(ref)}
        if isinstance(weights, dict):
            unknown = sorted(set(weights) - {"agent_weight", "skill_weight"})
            if unknown:
                raise ValueError(".%s has unknown keys %s (agent_weight, skill_weight)" % (
                    ref, ", ".join(map(str, unknown))))
            item.update({k: number(v) for k, v in weights.items() if v is not None})
        else:
            item["agent_weight"] = number(weights)
        out.append(item)
    return out


def cec_skills_record(skills):
    """The module's skill list -> the record's ``{name or id: weight | {agent_weight, skill_weight}}``."""
    out = {}
    for skill in skills:
        ref = skill["name"] if skill.get("name") is not None else int(skill["skill_id"])
        agent, weight = skill.get("agent_weight", 1), skill.get("skill_weight", 1)
        out[ref] = agent if weight == 1 else {"agent_weight": agent, "skill_weight": weight}
    return out


def cec_weight_cell(text):
    """``2`` -> 2 (the agent weight); ``2/3`` -> {agent_weight: 2, skill_weight: 3}."""
    agent, slash, skill = text.partition("/")
    return {"agent_weight": whole(agent), "skill_weight": whole(skill)} if slash else whole(agent)


def cec_weight_text(value):
    if isinstance(value, dict):
        agent, skill = value.get("agent_weight", 1), value.get("skill_weight", 1)
        return str(agent) if skill == 1 else "%s/%s" % (agent, skill)
    return str(value)


def brightpattern_skills(value, context):
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ValueError("must be a mapping of skill name to level")
    return {str(name): level for name, level in value.items() if level is not None}


def brightpattern_unmanaged(value, context):
    """Skills the collection leaves alone: the role-wide ones and the record's own."""
    if value is not None and (not isinstance(value, list) or not all(isinstance(n, str) and n for n in value)):
        raise ValueError("must be a list of skill names")
    return sorted(set(str(n) for n in list(context.get("unmanaged") or []) + list(value or []))) or None


CEC = System(
    "cec", "CEC", CEC_AGENT, "contactcenter.agents.cec_agent_account",
    connection={"cec_url": "onboarding_cec_url", "cec_app_key": "onboarding_cec_app_key",
                "cec_app_secret": "onboarding_cec_app_secret"},
    url_env="CEC_URL", noun="agent", removal="quarantine", adapter=CecAgentAdapter,
    probe=("contactcenter.agents.cec_skill_info", lambda items: {}, "skills"),
    identity={"user_account": "account"}, fallback={"email": "email", "phone": "phone"},
    convert={"skills": cec_skills}, derive={"user_name": cec_user_name}, password_lengths=(8, 32),
    cells={"skills": MapCells(cec_weight_cell, cec_weight_text, ids=True)}, record_form={"skills": cec_skills_record})

BRIGHTPATTERN = System(
    "brightpattern", "Bright Pattern", BRIGHTPATTERN_USER, "contactcenter.agents.brightpattern_user",
    connection={"brightpattern_url": "onboarding_brightpattern_url",
                "brightpattern_client_id": "onboarding_brightpattern_client_id",
                "brightpattern_client_secret": "onboarding_brightpattern_client_secret",
                "brightpattern_tenant": "onboarding_brightpattern_tenant"},
    url_env="BRIGHTPATTERN_URL", removal="disable", adapter=BrightPatternUserAdapter,
    probe=("contactcenter.agents.brightpattern_user_info",
           lambda items: {"login_id": items[0]["login_id"]} if items else None, "users"),
    identity={"first_name": "first_name", "last_name": "last_name"},
    fallback={"login_id": "account", "email": "email", "work_phone": "phone"}, skip=("unlock",),
    extras=("unmanaged_skills",),
    convert={"skills": brightpattern_skills, "unmanaged_skills": brightpattern_unmanaged},
    # The Bright Pattern API takes any password; tenants require at least 8 characters.
    password_rules=[Rule(lambda v: len(v) >= 8, "must be at least 8 characters")],
    length_arg="brightpattern_password_length", unmanaged_arg="brightpattern_unmanaged_skills", unique=("extension",))

_REGISTRY = {s.name: s for s in (CEC, BRIGHTPATTERN)}


def systems():
    """The registered systems, in the order the role applies and reports them."""
    return list(_REGISTRY.values())


def names():
    return list(_REGISTRY)


def get(name):
    """The descriptor of ``name``; an unknown name is an error, never a default."""
    try:
        return _REGISTRY[name]
    except (KeyError, TypeError):
        raise ValueError("unknown system %r (known: %s)" % (name, ", ".join(_REGISTRY))) from None


def register(system):
    """Add a system (tests register a toy vendor); returns a function that removes it again."""
    _REGISTRY[system.name] = system
    return lambda: _REGISTRY.pop(system.name, None)
