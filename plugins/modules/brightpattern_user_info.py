#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: brightpattern_user_info
short_description: Read Bright Pattern Contact Center users and teams
version_added: 0.1.0
description:
  - Read one user (C(GET /configapi/v2/user/<loginId>)) or all of them. The API has no full listing, so all users
    are enumerated with C(GET /configapi/v2/phone/user) and then read one by one, in parallel (O(parallel)).
  - The users come back in the option shape of M(contactcenter.agents.brightpattern_user), so they can be fed back
    as its O(contactcenter.agents.brightpattern_user#module:users) option.
  - Teams come from C(GET /configapi/v2/team).
author:
  - contactcenter.agents developers (@contactcenter)
extends_documentation_fragment:
  - contactcenter.agents.brightpattern
  - contactcenter.agents.transport
  - contactcenter.agents.attributes
  - contactcenter.agents.attributes.INFO
  - contactcenter.agents.attributes.ACTIONGROUP_BRIGHTPATTERN
options:
  login_id:
    description:
      - The user to read. If omitted, every user is read.
    type: str
    aliases: [loginId]
seealso:
  - module: contactcenter.agents.brightpattern_user
"""

EXAMPLES = r"""
- name: Read one user
  contactcenter.agents.brightpattern_user_info:
    login_id: sheila.thomas
  register: one

- name: Export all users
  contactcenter.agents.brightpattern_user_info:
  register: everyone

- name: Feed them back, for example to check for drift
  contactcenter.agents.brightpattern_user:
    users: "{{ everyone.users }}"
  check_mode: true
"""

RETURN = r"""
users:
  description:
    - The users, without passwords, in the option shape of M(contactcenter.agents.brightpattern_user); options the
      server left empty are omitted. An empty list when O(login_id) does not exist.
  returned: always
  type: list
  elements: dict
  sample:
    - login_id: frank.zappa
      first_name: Frank
      last_name: Zappa
      team: Customer Service
      extension: "1048"
      email: frank.zappa@example.com
      disabled: false
      change_password: false
      skills: {}
      roles: [Agent]
teams:
  description: Names of all teams.
  returned: always
  type: list
  elements: str
  sample: [Customer Service, Sales]
"""

from ansible_collections.contactcenter.agents.plugins.module_utils._brightpattern_client import (
    BRIGHTPATTERN_ARGUMENT_SPEC)
from ansible_collections.contactcenter.agents.plugins.module_utils._brightpattern_user import users_info
from ansible_collections.contactcenter.agents.plugins.module_utils._runner import run_info_module


def main():
    run_info_module({"login_id": {"type": "str", "aliases": ["loginId"]}}, BRIGHTPATTERN_ARGUMENT_SPEC, users_info)


if __name__ == "__main__":
    main()
