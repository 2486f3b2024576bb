# -*- coding: utf-8 -*-
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: onboarding_export
short_description: Turn the accounts that exist in CEC and Bright Pattern into onboarding person records and files
version_added: 0.1.0
author:
  - contactcenter.agents developers (@contactcenter)
description:
  - Merges the accounts read by M(contactcenter.agents.cec_agent_account_info) (O(_input), its C(agents)) and
    M(contactcenter.agents.brightpattern_user_info) (O(users), its C(users)) by account, compared without regard
    to case, into one person record each, as the P(contactcenter.agents.onboarding#role) role reads them.
  - E-mail and phone become the record's own fields when every system the person is in gave the same value,
    and section fields (C(cec.email), C(brightpattern.work_phone), ...) otherwise. C(cec.user_name) is only
    given when it differs from the name the role derives from the first and last name. A value a system did not
    answer is left out (the role then does not manage it), never guessed. Passwords are never exported.
  - Returns the records and their files, the CSV of the P(contactcenter.agents.hr_file#inventory) inventory
    plugin and a C(host_vars) inventory, so that running the role on them right away changes nothing.
  - The playbook C(contactcenter.agents.export) writes the files.
options:
  _input:
    description: The C(agents) of M(contactcenter.agents.cec_agent_account_info) (an empty list for none).
    type: list
    elements: dict
    required: true
  users:
    description: The C(users) of M(contactcenter.agents.brightpattern_user_info).
    type: list
    elements: dict
    default: []
  csv_name:
    description: The CSV file name that RV(_value.hr_config) points at.
    type: str
    default: agents.csv
"""

EXAMPLES = r"""
- name: Read both systems
  contactcenter.agents.cec_agent_account_info:
  register: cec

- name: Read Bright Pattern
  contactcenter.agents.brightpattern_user_info:
  register: bp

- name: Write the CSV
  ansible.builtin.copy:
    content: "{{ (cec.agents | contactcenter.agents.onboarding_export(bp.users)).csv }}"
    dest: export/agents.csv
    mode: "0600"
"""

RETURN = r"""
_value:
  description: The records and their files.
  type: dict
  contains:
    records:
      description: One person record per account, sorted by account.
      type: list
      elements: dict
      sample:
        - account: ann.lee
          first_name: Ann
          last_name: Lee
          email: ann.lee@example.com
          cec: {agent_type: audio, role: agent, skills: {Billing: 2}}
          brightpattern: {team: Billing, extension: "2101", skills: {English: 100}, roles: [Agent]}
    problems:
      description:
        - What the role's checks say of the records, for example a CEC account without an e-mail address. The role
          refuses such a record until it is completed.
      type: list
      elements: str
    csv:
      description: The records as CSV, with a C(team) column (the Bright Pattern team) to group the hosts.
      type: str
    hr_config:
      description: An inventory source for the CSV (C(plugin) and C(path)), to save as C(<name>.hr_file.yml).
      type: str
    hosts:
      description: A YAML inventory, group C(agents) with one child group per team, to save as C(hosts.yml).
      type: str
    host_vars:
      description: The C(host_vars/<account>.yml) file of each account (C(onboarding_person)), by account.
      type: dict
"""

from ansible.utils.unsafe_proxy import wrap_var

from ansible_collections.contactcenter.agents.plugins.plugin_utils._hr_export import export


def _plain(value):
    """Plain Python data: YAML and CSV writers know no unsafe or tagged str/int subclasses."""
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, str):  # str() keeps ansible-core 2.16's AnsibleUnsafeText (its __str__ returns itself)
        return bytes.decode(str.encode(value, "utf-8"), "utf-8")
    for kind in (bool, int, float):
        if isinstance(value, kind):
            return kind(value)
    return value


def onboarding_export(agents, users=None, csv_name="agents.csv"):
    # The result holds names as read; marked unsafe so that a name with {{ }} is never templated.
    return wrap_var(export({"cec": _plain(agents or []), "brightpattern": _plain(users or [])}, csv_name))


class FilterModule:
    """onboarding_export"""

    def filters(self):
        return {"onboarding_export": onboarding_export}
