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
  - Without O(login_id), the API user must be allowed to read C(GET /configapi/v2/phone/user) (the Postman collection
    asks for an API user authorized to manage users and/or phones). It is the only listing there is, so if it is
    refused (HTTP 403) the module fails, naming the privilege. With O(login_id) the directory is read only after a
    404, to confirm that the user is absent; if it is refused then, the 404 is trusted with a warning.
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
notes:
  - "API notes: a user is reported absent only when the directory agrees with the 404 of C(GET /user/<loginId>) (see
    M(contactcenter.agents.brightpattern_user)); a listed user that answers 404, or an answer about another login
    (another letter case, or another path), fails."
  - "API notes: fields the server's answers do not have (the current docs list no C(workPhone) and C(mobilePhone))
    are left out of RV(users)."
seealso:
  - module: contactcenter.agents.brightpattern_user
"""

EXAMPLES = r"""
# The vendor's Get User Data example: GET /configapi/v2/user/frank.zappa
- name: Read the user of the Get User Data example
  contactcenter.agents.brightpattern_user_info:
    brightpattern_url: https://example.brightpattern.com
    brightpattern_client_id: api.admin
    brightpattern_client_secret: "{{ vault_bp_secret }}"
    login_id: frank.zappa
  register: one

- name: Show the user's team and roles (users is empty when the user does not exist)
  ansible.builtin.debug:
    msg: "{{ item.first_name }} {{ item.last_name }}: team {{ item.team }}, roles {{ item.roles | join(', ') }}"
  loop: "{{ one.users }}"
  loop_control:
    label: "{{ item.login_id }}"

# The vendor has no list-users call: every user is enumerated with GET /configapi/v2/phone/user (the Export
# User Phone Numbers example) and read with GET /configapi/v2/user/<loginId>; the teams come from
# GET /configapi/v2/team (the Get Teams example).
- name: Export all users and the teams
  contactcenter.agents.brightpattern_user_info:
  register: everyone

- name: Show the teams and who is in Customer Service
  ansible.builtin.debug:
    msg:
      teams: "{{ everyone.teams }}"
      customer_service: "{{ everyone.users | selectattr('team', 'defined')
                            | selectattr('team', '==', 'Customer Service') | map(attribute='login_id') }}"

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
