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
  - Read one agent account (C(agentAccount/query) by account) or all of them (the paged listing, 100 a page).
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
seealso:
  - module: contactcenter.agents.cec_agent_account
"""

EXAMPLES = r"""
- name: Read one account
  contactcenter.agents.cec_agent_account_info:
    user_account: test123456
  register: one

- name: Export every account and apply it elsewhere
  contactcenter.agents.cec_agent_account_info:
  register: all_agents

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
  description: The agent work number (C(workNo)) of each account, by account.
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
