# -*- coding: utf-8 -*-
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: onboarding_people
short_description: Collect the person records of the onboarding role from the inventory or from a list
version_added: 0.1.0
author:
  - contactcenter.agents developers (@contactcenter)
description:
  - Builds the list of person records that the P(contactcenter.agents.onboarding#role) role applies.
  - B(Inventory mode) (O(agents) not given) takes one record per host of O(hosts), read from O(_input)
    (C(hostvars)). A host's record is its C(onboarding_person) combined recursively onto its
    C(onboarding_defaults) (for example a team's defaults in C(group_vars)). Both are read from C(hostvars), that
    is from the inventory, facts and extra vars, not from play vars or role parameters. The account defaults to the
    host name.
  - B(List mode) (O(agents) given) takes every item of O(agents), each combined recursively onto O(defaults).
  - Mappings are combined key by key (so a team's skills and a person's skills add up, and a person's C(null)
    removes a team skill or a whole system section); lists are replaced.
  - Each record gets the private keys C(_where) (for messages), C(_source) (the host that holds it) and, in
    inventory mode, C(_host).
  - The role itself runs this step together with the other input steps in one task,
    M(contactcenter.agents.onboarding_prepare), which uses the same code.
options:
  _input:
    description: The C(hostvars) of the play.
    type: raw
    required: true
  hosts:
    description: The hosts to read in inventory mode, normally C(ansible_play_batch).
    type: list
    elements: str
    default: []
  defaults:
    description: Defaults for every record of list mode (C(onboarding_defaults)). Not used in inventory mode.
    type: dict
  agents:
    description: The records of list mode (C(onboarding_agents)). When given, O(hosts) is ignored.
    type: list
    elements: dict
  source:
    description: The host that holds O(agents), recorded as C(_source) of each record in list mode.
    type: str
"""

EXAMPLES = r"""
- name: Records of the agents of this play batch (inventory mode)
  ansible.builtin.set_fact:
    records: "{{ hostvars | contactcenter.agents.onboarding_people(ansible_play_batch) }}"
  run_once: true
  no_log: true

- name: Records from a list (list mode)
  ansible.builtin.set_fact:
    records: "{{ hostvars | contactcenter.agents.onboarding_people(agents=onboarding_agents,
         defaults=onboarding_defaults, source=inventory_hostname) }}"
  run_once: true
  no_log: true
"""

RETURN = r"""
_value:
  description: One record per person, in host or list order.
  type: list
  elements: dict
  sample:
    - account: ann.lee
      first_name: Ann
      last_name: Lee
      email: ann.lee@example.com
      cec: {agent_type: audio, role: agent, skills: {Billing: 2}}
      brightpattern: {team: Billing, skills: {English: 100}}
      _where: host ann.lee
      _host: ann.lee
      _source: ann.lee
"""

from ansible_collections.contactcenter.agents.plugins.plugin_utils._onboarding import people


class FilterModule:
    """onboarding_people"""

    def filters(self):
        return {"onboarding_people": people}
