# -*- coding: utf-8 -*-
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The accounts that exist (the info modules' output) -> onboarding person records and their files: pure.

One record per account, merged across CEC and Bright Pattern by account (compared without regard to case).
Only what the systems answered goes in: a value the answer left out is left out of the record too (the role
then does not manage it), never guessed. Passwords are never read, so never exported.
"""

from __future__ import annotations

import yaml

from ansible_collections.contactcenter.agents.plugins.plugin_utils._hr_records import (
    group_name, known_columns, record_row, write_csv)
from ansible_collections.contactcenter.agents.plugins.plugin_utils._onboarding import IDENTITY_FIELDS
from ansible_collections.contactcenter.agents.plugins.plugin_utils._onboarding_checks import validate
from ansible_collections.contactcenter.agents.plugins.plugin_utils._systems import get, systems as registered


def _read(system, option, value):
    """An answered value in the record's form; an empty text ("" is how CEC answers an unset phone) is none."""
    field = system.spec.fields.get(option)
    if value is None or value == "" or option not in system.options:
        return None
    if option in system.record_form:
        return system.record_form[option](value)
    if field is None:
        return None  # a role-only option (unmanaged_skills): no system answers it
    return {"map": dict, "set": list, "bool": bool}.get(field.kind, str)(value)


def person(answers):
    """One record from one person's accounts, {system name: the info module's entry for it}.

    Values that go to an identity field (``account``, names) are the first system's; a value a system may take
    from an identity field (its ``fallback``: e-mail, phone, login) is the identity value when every system
    the person is in gave that same value, and a section value otherwise. A value the role would derive the
    same (CEC's user name) is left out."""
    found = [(get(name), entry) for name, entry in answers.items() if entry]
    identity, shared, sections = {}, {}, {}
    for system, entry in found:
        section = sections[system.name] = {}
        for option, value in entry.items():
            value = _read(system, option, value)
            if value is None:
                continue
            if option in system.identity:
                identity.setdefault(system.identity[option], value)
            elif option in system.fallback:
                shared.setdefault(system.fallback[option], []).append((section, option, value))
            else:
                section[option] = value
    for name, given in shared.items():
        if name not in identity and len(given) == len(found) and len({v for s, o, v in given}) == 1:
            identity[name] = given[0][2]
        for section, option, value in given:
            if value != identity.get(name):
                section[option] = value
    record = {name: identity[name] for name in IDENTITY_FIELDS if name in identity}
    for system, entry in found:
        section = sections[system.name]
        for option, derive in system.derive.items():
            if option in section and section[option] == derive(record, system.spec.fields[option]):
                del section[option]
    # null, not missing: a team default in group_vars must not put the person into a system they are not in
    record.update((s.name, sections.get(s.name)) for s in registered())
    return record


def records(answers):
    """Records of every account, {system name: its info module's entries}, merged by account (compared
    without regard to case) across the systems, sorted by account."""
    people = {}
    for system in registered():
        for entry in answers.get(system.name) or []:
            people.setdefault(str(entry[system.key]).lower(), {})[system.name] = entry
    return sorted((person(p) for p in people.values()), key=lambda r: r["account"].lower())


class _Dumper(yaml.SafeDumper):
    """YAML for host_vars: text with a brace is tagged !unsafe, so Ansible never templates a name."""


def _represent_text(dumper, value):
    if "{" in value or "}" in value:
        return dumper.represent_scalar("!unsafe", value, style='"')
    return dumper.represent_str(value)


_Dumper.add_representer(str, _represent_text)


def dump_yaml(data):
    return "---\n" + yaml.dump(data, Dumper=_Dumper, default_flow_style=False, allow_unicode=True, sort_keys=False)


def team_of(record):
    """The team (the hr_file grouping column) of the first section that has one."""
    return next((record[s.name]["team"] for s in registered()
                 if isinstance(record.get(s.name), dict) and record[s.name].get("team")), None)


def export(answers, csv_name="agents.csv"):
    """{records, problems, csv, hr_config, hosts, host_vars: {account: text}} of the existing accounts,
    {system name: its info module's entries}.

    ``problems`` are what the role's checks would say of the records (for example a CEC account without an
    e-mail address): the role refuses such a record until it is completed by hand.
    """
    people, columns = records(answers), known_columns()
    problems = validate([dict(r, _where="host %s" % r["account"]) for r in people])
    groups = {}
    for record in people:
        team = team_of(record)
        groups.setdefault(group_name(team) if team else None, []).append(record["account"])
    hosts = {"agents": {}}
    if None in groups:
        hosts["agents"]["hosts"] = dict.fromkeys(groups.pop(None))
    if groups:
        hosts["agents"]["children"] = {g: {"hosts": dict.fromkeys(a)} for g, a in sorted(groups.items())}
    return {
        "records": people,
        "problems": problems,
        "csv": write_csv([record_row(r, team_of(r), columns) for r in people]),
        "hr_config": dump_yaml({"plugin": "contactcenter.agents.hr_file", "path": csv_name}),
        "hosts": dump_yaml(hosts),
        "host_vars": {r["account"]: dump_yaml({"onboarding_person": r}) for r in people},
    }
