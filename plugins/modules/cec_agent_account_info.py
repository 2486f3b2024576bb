#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: cec_agent_account_info
short_description: Read Huawei Cloud CEC agent accounts
version_added: 0.1.0
description:
  - Read one agent account (C(agentAccount/query) by account) or all of them (the paged listing; see the API
    notes on paging and O(parallel)).
  - The accounts come back in the option shape of M(contactcenter.agents.cec_agent_account), so they can be fed
    back as its O(contactcenter.agents.cec_agent_account#module:agents) option, for example to export an
    existing tenant as inventory.
author:
  - contactcenter.agents developers (@contactcenter)
extends_documentation_fragment:
  - contactcenter.agents.cec
  - contactcenter.agents.transport
  - contactcenter.agents.attributes
  - contactcenter.agents.attributes.INFO
  - contactcenter.agents.attributes.ACTIONGROUP_CEC
options:
  user_account:
    description:
      - The account to read. If omitted, every account is read.
    type: str
    aliases: [userAccount]
notes:
  - "API notes (workNo): when the query answer has no C(workNo) (the query example has none), one account is
    completed with C(queryAgentInfoByAccount); if that fails its work number is V(null) with a warning. The
    listing of every account never makes that extra call, so its work numbers are V(null) on such servers."
  - An account that is absent by the rules of the API notes gives an empty RV(agents); any other failed read
    fails the task.
seealso:
  - module: contactcenter.agents.cec_agent_account
"""

EXAMPLES = r"""
# The vendor's example: POST /apiaccess/rest/cc-management/v1/agentAccount/query {"userAccount": "test123456"}
- name: Read the account of the agentAccount/query example
  contactcenter.agents.cec_agent_account_info:
    cec_url: https://service.besclouds.com
    cec_app_key: "{{ vault_cec_app_key }}"
    cec_app_secret: "{{ vault_cec_app_secret }}"
    user_account: test123456
  register: one

- name: Show its work number, type, role and skills (agents is empty when the account does not exist)
  ansible.builtin.debug:
    msg: >-
      {{ item.user_account }} is agent {{ one.work_numbers[item.user_account] }},
      {{ item.agent_type | default('idle') }} {{ item.role | default('idle') }}, skills {{ item.skills | default([]) }}
  loop: "{{ one.agents }}"
  loop_control:
    label: "{{ item.user_account }}"

# The vendor's paged example: POST .../agentAccount/query {"pageNum": 0, "pageSize": 1}.
# Without user_account the module reads every page, 100 accounts a page.
- name: Export every account
  contactcenter.agents.cec_agent_account_info:
  register: all_agents

- name: List the accounts in the defaultVideoSkill queue
  ansible.builtin.debug:
    msg: "{{ item.user_account }}"
  loop: "{{ all_agents.agents }}"
  loop_control:
    label: "{{ item.user_account }}"
  when: "'defaultVideoSkill' in (item.skills | default([]) | map(attribute='name', default=''))"

- name: Feed the export back (passwords are never exported)
  contactcenter.agents.cec_agent_account:
    agents: "{{ all_agents.agents }}"
  check_mode: true
"""

RETURN = r"""
agents:
  description:
    - The accounts, without passwords, in the option shape of M(contactcenter.agents.cec_agent_account).
      Skills are given by name, or by id when the skill queue has no name.
    - An empty list when O(user_account) does not exist.
  returned: always
  type: list
  elements: dict
  sample:
    - user_account: test123456
      user_name: test111
      email: test@example.com
      phone: null
      agent_type: video
      role: agent
      skills:
        - {name: defaultVideoSkill, agent_weight: 1, skill_weight: 2}
work_numbers:
  description: The agent work number (C(workNo)) of each account, by account; V(null) when the server did not give it.
  returned: always
  type: dict
  sample: {test123456: 108}
"""

from ansible_collections.contactcenter.agents.plugins.module_utils._cec_agent import agents_info
from ansible_collections.contactcenter.agents.plugins.module_utils._cec_client import CEC_ARGUMENT_SPEC
from ansible_collections.contactcenter.agents.plugins.module_utils._runner import run_info_module


def main():
    run_info_module({"user_account": {"type": "str", "aliases": ["userAccount"]}}, CEC_ARGUMENT_SPEC, agents_info)


if __name__ == "__main__":
    main()
