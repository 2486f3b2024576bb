#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: onboarding_apply
short_description: Check each system's credentials, then apply its onboarding items with one batch module call
version_added: 0.1.0
description:
  - The second step of the P(contactcenter.agents.onboarding#role) role, in one task. It runs on the controller (an
    action plugin) and goes through the registry of systems the role knows (CEC, Bright Pattern), so the role's
    tasks name no system.
  - For each system with items (or a leaver check), first one cheap read with the system's info module and the
    task's C(module_defaults) (CEC C(cec_skill_info); Bright Pattern C(brightpattern_user_info) of the first
    user), before the first write to any system, in check mode too.
  - If every system can be used, one call of each system's batch module (M(contactcenter.agents.cec_agent_account)
    with O(contactcenter.agents.cec_agent_account#module:agents), M(contactcenter.agents.brightpattern_user) with
    O(contactcenter.agents.brightpattern_user#module:users)) with its items, C(update_password=on_create), the
    system's O(orphans) option if any, and the connection settings of the task's C(module_defaults) (its action
    groups C(group/contactcenter.agents.all) and C(group/contactcenter.agents.<system>), then the module's own
    entry; a value that templates to C(omit) is left out, so the module reads its environment variable).
  - If a system cannot be used (no credentials, refused credentials, unreachable), no batch call runs, nothing is
    written to any system, the passwords listed in O(generated) are forgotten, and every system in use answers
    with one failure that says why.
  - The module results hold no password, but the arguments do. Use C(no_log) on the task.
author:
  - contactcenter.agents developers (@contactcenter)
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.flow
  - contactcenter.agents.attributes.CONTROLLER_ACTION
attributes:
  check_mode:
    details:
      - The batch modules run in check mode and write nothing.
options:
  module_items:
    description:
      - Per system, the items of its batch module, as P(contactcenter.agents.onboarding_prepare#module) returns them
        in C(module_items). An unknown system is an error.
    type: dict
    required: true
  orphans:
    description:
      - Per system, the batch module's C(orphans) option (or null), as P(contactcenter.agents.onboarding_prepare#module)
        returns them in C(orphans). A system with an option is called even without items.
    type: dict
    default: {}
  generated:
    description:
      - Per system, the accounts whose initial password was generated for this run (C(generated) of
        P(contactcenter.agents.onboarding_prepare#module)); forgotten when a system cannot be used.
    type: dict
    default: {}
  password_dir:
    description: The password store, with one directory per system.
    type: path
    required: true
seealso:
  - module: contactcenter.agents.onboarding_prepare
  - module: contactcenter.agents.cec_agent_account
  - module: contactcenter.agents.brightpattern_user
"""

EXAMPLES = r"""
- name: Apply the prepared items of every system
  contactcenter.agents.onboarding_apply:
    module_items: "{{ prepared.module_items }}"
    orphans: "{{ prepared.orphans }}"
    generated: "{{ prepared.generated }}"
    password_dir: ~/.contactcenter/onboarding/passwords
  module_defaults:
    group/contactcenter.agents.cec:
      cec_url: https://cec.example.com
  register: applied
  no_log: true  # the arguments hold initial passwords
"""

RETURN = r"""
results:
  description:
    - Per system, the registered result of its batch module call; C(skipped=true) for a system not in use; C(failed=true)
      and C(msg) for every system in use when one of them could not be used.
  returned: always
  type: dict
  sample: {cec: {changed: true, counts: {created: 1, updated: 0, deleted: 0, unchanged: 0, failed: 0}, results: []},
           brightpattern: {skipped: true}}
connection_problems:
  description: One message per system that could not be used (its title, a colon and the message); empty when all could.
  returned: always
  type: list
  elements: str
"""
