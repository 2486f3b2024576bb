# -*- coding: utf-8 -*-
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The onboarding role's input checks (the onboarding_prepare action): pure.

``validate`` returns one message per problem, so the role can stop before any write with one report.
The vendors' rules are their field specs' own (spec fields' normalisation, choices, rules and
required_on_create, run on each record's module item); the role checks only what is its own: the record's
shape and types, template markers, the account as a file name, duplicates across records and connections.
"""

from __future__ import annotations

import difflib

from ansible.module_utils.parsing.convert_bool import BOOLEANS, boolean

from ansible_collections.contactcenter.agents.plugins.module_utils._entity import CREATE
from ansible_collections.contactcenter.agents.plugins.module_utils._errors import InputError
from ansible_collections.contactcenter.agents.plugins.plugin_utils._onboarding import (
    ACCOUNT_MAX, ACCOUNT_RE, IDENTITY_FIELDS, ROLE_VARIABLES, STATES, label, sections, selected)
from ansible_collections.contactcenter.agents.plugins.plugin_utils._systems import (
    as_int, get, names, systems as registered)
# Left in a value after Ansible's templating: HR data marked !unsafe (or a loader's unsafe text) that holds
# template code. No name, e-mail or phone has them; refused rather than sent to the vendors.
TEMPLATE_MARKERS = ("{{", "{%", "{#")
SECRET_FIELDS = ("password",)
IDENTITY_IDENTIFIERS = ("account", "phone")  # record fields that identify: YAML numbers lose digits
ROLE_RECORD_VARIABLES = "onboarding_person and onboarding_defaults (each host), or onboarding_agents (list mode)"


def _is_text(value):
    return isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool))


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


def _type_problem(kind, name, value, identifier=False):
    """What is wrong with the type of ``value`` for a field of ``kind`` (as the module would convert it), or None."""
    if identifier and not isinstance(value, str):
        return (" must be a string; got %s: YAML reads unquoted digits as a number (0101 becomes 65, a leading 0 or "
                "+ is lost), so quote it, for example extension: \"0101\"" % shown(value))
    if kind in ("str", "text") and not _is_text(value):
        return " must be a string, not %s" % shown(value)
    if kind == "bool" and not is_bool(value):
        return " must be true or false, not %s" % shown(value)
    if kind == "int" and as_int(value) is None:
        return " must be an integer, not %s" % shown(value)
    if kind == "set" and not (isinstance(value, list) and all(isinstance(n, str) and n for n in value)):
        return " must be a list of %s names, not %s" % (name.split("_")[-1].rstrip("s"), shown(value))
    if kind == "map" and not isinstance(value, dict):
        return " must be a mapping of name to integer, not %s" % shown(value)
    wrong = [(k, v) for k, v in value.items() if v is not None and as_int(v) is None] if kind == "map" else []
    return ".%s must be an integer, not %s" % (wrong[0][0], shown(wrong[0][1])) if wrong else None


def _check_value(where, name, value, kind, identifier, problems, templates=True):
    """Appends the problems of one value; true when its type is wrong (its rules are then not checked)."""
    wrong = None if value is None else _type_problem(kind, name.split(".")[-1], value, identifier)
    if wrong:
        problems.append("%s: %s%s" % (where, name, wrong))
    secret = name.split(".")[-1] in SECRET_FIELDS
    if templates and not secret and isinstance(value, str) and any(m in value for m in TEMPLATE_MARKERS):
        problems.append("%s: %s holds template markers (%s) after templating: HR data must be plain text "
                        "(see 'Handling HR data safely' in docs/onboarding.md)" % (
                            where, name, ", ".join(m for m in TEMPLATE_MARKERS if m in value)))
    return bool(wrong)


def _section_kind(system, name):
    """(kind, identifier) of a section field: its spec field's; the role's own are text or checked when built."""
    field = system.spec.fields.get(name)
    if field is not None:
        return field.kind, field.identifier
    return ("str" if name in ("state", "password") else None), False


def check_types(record, where, problems, templates=True):
    """Shape and types of a record (and template markers); returns the paths whose type is wrong."""
    bad = set()
    known = names()
    for name, value in record.items():
        if name.startswith("_"):
            continue
        if name in known:
            if value is not None and not isinstance(value, dict):
                problems.append("%s: %s must be a mapping (or null to leave the person out of %s)" % (
                    where, name, get(name).title))
            continue
        if name not in IDENTITY_FIELDS:
            if isinstance(value, dict):
                problems.append("%s: unknown system section %r (known: %s)" % (where, name, ", ".join(known)))
            else:
                problems.append("%s: unknown field %r (known: %s, and the sections %s)" % (
                    where, name, ", ".join(IDENTITY_FIELDS), ", ".join(known)))
            continue
        if _check_value(where, name, value, "str", name in IDENTITY_IDENTIFIERS, problems, templates):
            bad.add(name)
    for system in map(get, sections(record)):
        for name, value in record[system.name].items():
            path = "%s.%s" % (system.name, name)
            if name not in system.section_fields:
                problems.append("%s: unknown field %s (known: %s)" % (where, path, ", ".join(system.section_fields)))
            elif _check_value(where, path, value, *_section_kind(system, name), problems, templates):
                bad.add(path)
    for system in [None] + sections(record):
        state = (record if system is None else record[system]).get("state")
        if state is not None and state not in STATES:
            problems.append("%s: %sstate must be present or absent, not %r" % (where, system + "." if system else "", state))
    return bad


def _file_name(where, name, value, problems):
    """The role's rule for a key: it names a file of the password store."""
    if not ACCOUNT_RE.fullmatch(value) or value.startswith("."):
        problems.append("%s: %s %r must be letters, digits and @ . - _ (not starting with a dot)" % (where, name, value))
    elif len(value) > ACCOUNT_MAX:
        problems.append("%s: %s is %d characters long; at most %d (the password store keeps one file per "
                        "account)" % (where, name, len(value), ACCOUNT_MAX))


def check_account(record, where, problems):
    account = record.get("account")
    if account in (None, ""):
        problems.append("%s: account is required" % where)
    elif isinstance(account, str):  # else reported by check_types
        _file_name(where, "account", account, problems)


def _phrase(where, system, path, text, value=None):
    """A problem of a value, named by its record path; a value outside the section names the system."""
    return "%s: %s%s%s%s%s" % (where, path, "" if text.startswith((".", "[")) else " ", text,
                               "" if path.startswith(system.name + ".") else " for %s" % system.title,
                               "" if value is None else ", not %r" % (value,))


def _reason(exc):
    return exc.msg.split(": ", 1)[-1] if exc.field else exc.msg


def _converted(kind, value):
    """``value`` as the module's argument spec hands it to the spec (the type checks have passed)."""
    if kind == "bool":
        return boolean(value)
    if kind == "int":
        return as_int(value)
    if kind == "map":
        return {k: as_int(v) for k, v in value.items()}
    return value


def _spec_problem(field, value):
    """(suffix of the path, reason, value shown) of the first spec rule ``value`` breaks for a create, or None.

    A mapping is checked entry by entry, so that the problem names the entry."""
    value = _converted(field.kind, value)
    parts = [(".%s" % k, {k: v}) for k, v in value.items()] if field.kind == "map" else [("", value)]
    for suffix, part in parts:
        try:
            normal = field.normalize(part)
        except InputError as exc:
            return suffix, _reason(exc), None
        try:
            field.check(normal, CREATE)
        except InputError as exc:
            shown_value = next(iter(normal.values())) if suffix else normal
            return suffix, _reason(exc), None if " not " in _reason(exc) else shown_value
    return None


def check_system(record, system, where, bad, problems, complete=True):
    """The record's item for ``system`` through the vendor's field spec: normalisation, choices, rules (for a
    create) and, if the record is ``complete`` (defaults applied), the fields a create needs. The key is
    checked for every state."""
    present = system.state_of(record) == "present"
    key_path, key = system.source(record, system.key)[0], system.key_of(record)
    if key_path != "account" and key is not None and key_path not in bad:
        _file_name(where, key_path, key, problems)
    for option in system.options if present else [system.key]:
        field = system.spec.fields.get(option)
        if system.source(record, option)[0] in bad:
            continue
        try:
            path, value = system.value(record, option)
        except InputError as exc:
            problems.append(_phrase(where, system, exc.field, _reason(exc)))
            continue
        found = _spec_problem(field, value) if field is not None and value is not None else None
        if found:
            problems.append(_phrase(where, system, path + found[0], found[1], found[2]))
        elif (complete and present and value is None and field is not None and field.required_on_create
              and option != system.key):
            hint = " (one of %s)" % ", ".join(field.choices) if field.choices else ""
            problems.append("%s: %s is required to create the %s%s%s" % (
                where, path, "" if path.startswith(system.name + ".") else system.title + " ", system.noun, hint))
    password = system.password_of(record)
    if present and password:
        rule = system.password_rule_broken(password)
        if rule:
            problems.append("%s: the %s password from the inventory breaks %s" % (where, system.title, rule))


def check_duplicates(records, chosen, problems):
    seen = {}
    for record in records:
        where = record.get("_where", "?")
        account = str(record["account"]).lower() if _is_text(record.get("account")) else None
        if account is not None:
            seen.setdefault(("account", account), []).append((where, account))
        for system in map(get, selected(record, chosen)):
            key = system.key_of(record)
            if key is not None:
                seen.setdefault(("%s.%s" % (system.name, system.key), key.lower()), []).append((where, account))
            for option in system.unique if system.state_of(record) == "present" else ():
                value = record[system.name].get(option)
                if value is not None:
                    seen.setdefault(("%s.%s" % (system.name, option), str(value)), []).append((where, account))
    for (what, value), found in seen.items():
        if len(found) < 2:
            continue
        if what != "account" and len({pair[1] for pair in found}) == 1:
            continue  # the same account twice: reported once, as an account
        problems.append("%s %s is given %d times: %s" % (what, value, len(found), ", ".join(pair[0] for pair in found)))


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


def validate(records, systems=None, connections=None, failed_hosts=None):
    known = names()
    systems = known if systems is None else systems
    unknown = [s for s in systems or [] if s not in known]
    problems = []
    if unknown:
        problems.append("onboarding_systems: unknown system %s (known: %s)" % (", ".join(map(repr, unknown)), ", ".join(known)))
    systems = [s for s in systems or [] if s in known]
    used = set()
    for record in records or []:
        if not isinstance(record, dict):
            problems.append("a record must be a mapping, not %s" % type(record).__name__)
            continue
        where = label(record)
        problems.extend("%s: %s" % (where, e) for e in record.get("_errors", []))
        bad = check_types(record, where, problems)
        check_account(record, where, problems)
        if not sections(record):
            problems.append("%s: is in no system (give a %s section)%s" % (where, " or ".join(known), _hint(record)))
        for system in selected(record, systems):
            used.add(system)
            check_system(record, get(system), where, bad, problems)
    check_duplicates([r for r in records or [] if isinstance(r, dict)], systems, problems)
    reported = {r.get("_host") for r in records or [] if isinstance(r, dict) and any(
        p.startswith(label(r) + ":") for p in problems)}
    problems.extend("host %s: failed before these checks (see its error above)" % host
                    for host in failed_hosts or [] if host not in reported)
    for system in registered():
        if system.name in used and not (connections or {}).get(system.name, True):
            problems.append("%s: no URL to connect to: set %s or the %s environment variable" % (
                system.title, system.url_variable, system.url_env))
    return problems
