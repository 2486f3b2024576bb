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

from ansible_collections.contactcenter.agents.plugins.plugin_utils._hr_records import group_name, record_row, write_csv
from ansible_collections.contactcenter.agents.plugins.plugin_utils._systems import CEC, cec_user_name
from ansible_collections.contactcenter.agents.plugins.plugin_utils._onboarding_checks import validate

# identity field -> (CEC option, Bright Pattern option); the identity value is used when both systems agree
SHARED = {"email": ("email", "email"), "phone": ("phone", "work_phone")}
BP_FIELDS = ("team", "extension", "mobile_phone", "skills", "roles", "disabled", "change_password")
TEXT_BP_FIELDS = ("team", "extension", "mobile_phone")


def _text(value):
    """A read value as text; an empty one ("" is how CEC answers an unset phone) is not a value."""
    if value is None or value == "":
        return None
    return value if isinstance(value, bool) else str(value)


def _cec_skills(skills):
    out = {}
    for skill in skills or []:
        ref = skill["name"] if skill.get("name") is not None else int(skill["skill_id"])
        agent, weight = skill.get("agent_weight", 1), skill.get("skill_weight", 1)
        out[ref] = agent if weight == 1 else {"agent_weight": agent, "skill_weight": weight}
    return out


def person(agent, user):
    """One record from a CEC agent (``agents`` item of cec_agent_account_info) and/or a Bright Pattern user."""
    record = {"account": str(agent["user_account"] if agent else user["login_id"])}
    cec = bp = None
    if user:
        for name in ("first_name", "last_name"):
            if _text(user.get(name)) is not None:
                record[name] = _text(user[name])
        bp = {}
        if str(user["login_id"]) != record["account"]:
            bp["login_id"] = str(user["login_id"])
        for name in BP_FIELDS:
            value = user.get(name)
            if name in TEXT_BP_FIELDS:
                value = _text(value)
            if value is not None:
                bp[name] = dict(value) if name == "skills" else (list(value) if name == "roles" else value)
    if agent:
        cec = {k: agent[k] for k in ("agent_type", "role") if agent.get(k) is not None}
        if agent.get("skills") is not None:
            cec["skills"] = _cec_skills(agent["skills"])
    for field, (cec_name, bp_name) in SHARED.items():
        values = {}
        if cec is not None:
            values["cec"] = (cec, cec_name, _text(agent.get(cec_name)))
        if bp is not None:
            values["bp"] = (bp, bp_name, _text(user.get(bp_name)))
        found = {v[2] for v in values.values()}
        if len(found) == 1 and None not in found:
            record[field] = found.pop()
            continue
        for section, name, value in values.values():
            if value is not None:
                section[name] = value
    if cec is not None:
        name = _text(agent.get("user_name"))
        if name is not None and name != cec_user_name(record, CEC.spec.field("user_name")):
            cec["user_name"] = name
    # null, not missing: a team default in group_vars must not put the person into a system they are not in
    record["cec"], record["brightpattern"] = cec, bp
    return record


def records(cec_agents, bp_users):
    """Records of every account, merged by account across both systems, sorted by account."""
    users = {str(u["login_id"]).lower(): u for u in bp_users or []}
    out = []
    for agent in cec_agents or []:
        out.append(person(agent, users.pop(str(agent["user_account"]).lower(), None)))
    out.extend(person(None, user) for user in users.values())
    return sorted(out, key=lambda r: r["account"].lower())


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
    section = record.get("brightpattern")
    return section.get("team") if isinstance(section, dict) else None


def export(cec_agents, bp_users, csv_name="agents.csv"):
    """{records, problems, csv, hr_config, hosts, host_vars: {account: text}} of the existing accounts.

    ``problems`` are what the role's checks would say of the records (for example a CEC account without an
    e-mail address): the role refuses such a record until it is completed by hand.
    """
    people = records(cec_agents, bp_users)
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
        "csv": write_csv([record_row(r, team_of(r)) for r in people]),
        "hr_config": dump_yaml({"plugin": "contactcenter.agents.hr_file", "path": csv_name}),
        "hosts": dump_yaml(hosts),
        "host_vars": {r["account"]: dump_yaml({"onboarding_person": r}) for r in people},
    }
