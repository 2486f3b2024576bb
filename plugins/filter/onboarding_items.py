# -*- coding: utf-8 -*-
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: onboarding_items
short_description: Turn onboarding person records into the items of one batch module call
version_added: 0.1.0
author:
  - contactcenter.agents developers (@contactcenter)
description:
  - Returns, for the records that have a section for O(system), the items of the list option of that system's module,
    in record order, so that the P(contactcenter.agents.onboarding#role) role makes one module call per system.
  - >-
    For C(cec), items of the O(contactcenter.agents.cec_agent_account#module:agents) option. C(user_account) is the
    record's account; C(user_name) is the section's, or the first and last name without the characters CEC forbids,
    cut to 20 characters. Skills given as a mapping (V({Billing: 2}) or V({Billing: {agent_weight: 2, skill_weight: 1}}))
    become the module's skill list; integer keys are skill queue ids.
  - For C(brightpattern), items of the O(contactcenter.agents.brightpattern_user#module:users) option. C(login_id) is the
    section's C(login_id) or the account; C(work_phone) defaults to the record's phone.
  - A record whose state (the section's, else the record's) is V(absent) becomes an item with only its key and
    C(state=absent).
  - The password is the section's, else the record's, else the one in O(passwords) for the item's key. Keep tasks that
    use this filter's output C(no_log).
  - The role itself runs this step together with the other input steps in one task,
    M(contactcenter.agents.onboarding_prepare), which uses the same code.
options:
  _input:
    description: Person records, as returned by P(contactcenter.agents.onboarding_people#filter).
    type: list
    elements: dict
    required: true
  system:
    description: The system to build items for.
    type: str
    choices: [cec, brightpattern]
    required: true
  passwords:
    description: Generated passwords by item key (C(user_account) or C(login_id)), used when the inventory gives none.
    type: dict
    default: {}
  systems:
    description: The systems this run manages. When O(system) is not among them, the result is empty.
    type: list
    elements: str
    default: [cec, brightpattern]
"""

EXAMPLES = r"""
- name: One call for every CEC agent of the play
  contactcenter.agents.cec_agent_account:
    agents: "{{ records | contactcenter.agents.onboarding_items('cec', passwords=cec_passwords) }}"
  no_log: true
"""

RETURN = r"""
_value:
  description: Module items; keys whose value would be V(null) are left out, so they stay unmanaged.
  type: list
  elements: dict
  sample:
    - user_account: ann.lee
      user_name: Ann Lee
      email: ann.lee@example.com
      agent_type: audio
      role: agent
      skills: [{name: Billing, agent_weight: 2}]
      state: present
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.contactcenter.agents.plugins.plugin_utils._onboarding import SYSTEMS, items


def onboarding_items(records, system, passwords=None, systems=SYSTEMS):
    if system not in SYSTEMS:
        raise AnsibleFilterError("onboarding_items: system must be one of %s, not %r" % (", ".join(SYSTEMS), system))
    return items(records or [], system, passwords, systems)


class FilterModule:
    """onboarding_items"""

    def filters(self):
        return {"onboarding_items": onboarding_items}
