#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: cec_agent_account
short_description: Manage Huawei Cloud CEC agent accounts
version_added: 0.1.0
description:
  - Create, update and delete agent accounts of Huawei Cloud Customer Engagement Center (CEC) through the API Fabric
    calls C(agentAccount/query), C(agentAccount/create), C(agentAccount/update) and C(agentAccount/delete).
  - Idempotent. The module reads the account, compares it with the desired state and sends only what differs;
    when nothing differs it makes no write.
  - Manage one account with O(user_account), or many in one task with O(agents). With O(agents), accounts are
    read with the paged C(agentAccount/query) listing when that takes fewer calls than one query per account,
    then written in parallel (O(parallel)); one failing account does not stop the others.
  - Every documented rule of the create and update calls is checked before any call that writes, and a broken
    rule fails with the option name and the rule.
author:
  - contactcenter.agents developers (@contactcenter)
extends_documentation_fragment:
  - contactcenter.agents.cec
  - contactcenter.agents.transport
  - contactcenter.agents.attributes
  - contactcenter.agents.attributes.ENTITY
  - contactcenter.agents.attributes.ACTIONGROUP_CEC
options:
  user_account:
    description:
      - The agent's business account, the key of the agent. It cannot be changed.
      - 6 to 50 characters of letters, digits and C(@ . - _).
      - Required unless O(agents) is given.
    type: str
    aliases: [userAccount]
  user_name:
    description:
      - The agent's name. At most 20 characters without any of V("[]'&(\)=;<>,) when creating; when updating,
        at most 20 bytes (UTF-8) without any of V("[]=;<>), as the API documents.
      - Required to create an account.
    type: str
    aliases: [userName]
  email:
    description:
      - E-mail address. The local part has at most 64 characters, the domain at most 255 and the domain's first
        label at most 63. Required to create an account.
    type: str
  phone:
    description:
      - Phone number, at most 25 characters. Numbers are compared as strings. V("") clears it.
    type: raw
  agent_type:
    description:
      - The agent type (the API's C(agentType)). V(audio) is 4, V(video) 11, V(multimedia) 5 and V(versatile) 99.
      - Required to create an account. Skill queues must be of a media type that fits the agent type; the server
        decides which fit.
      - When the server reports the idle type 255, the type is not compared.
    type: str
    choices: [audio, video, multimedia, versatile]
    aliases: [agentType]
  role:
    description:
      - The agent role (the API's C(ccRoleId)). V(agent) is 2, V(inspector) 3 and V(outbound_call_agent) 4.
      - Required to create an account. When the server reports the idle role 255, the role is not compared.
    type: str
    choices: [agent, inspector, outbound_call_agent]
    aliases: [ccRoleId]
  password:
    description:
      - The agent's password. Required to create an account.
      - 8 to 32 characters with at least one uppercase letter, one lowercase letter, one digit and one of
        V(~`!@#$%^*(\)-+_=\\¦,./<>?;':"[]{}&), and no other characters (see the API notes on
        password length).
      - A password cannot be read back, so it is never compared. See O(update_password).
    type: str
  update_password:
    description:
      - V(on_create) sends O(password) only when the account is created.
      - V(always) changes the password of an existing account when it is not already O(password).
        O(old_password) is then required. CEC allows one change per 24 hours and locks the account for
        30 minutes after three wrong old passwords, so a failed change is reported and never retried.
      - Before a change the module asks C(queryAgentInfoByAccount) (with its optional C(password)) whether
        O(old_password) or O(password) is in force. Only O(old_password) accepted - the change is sent; only
        O(password) accepted - nothing is sent (a re-run of the same task, which would otherwise send a stale
        old password); both or neither accepted - the module cannot tell and refuses, sending nothing. See the
        notes.
    type: str
    choices: [on_create, always]
    default: on_create
  old_password:
    description:
      - The current password, required by CEC to change the password of an existing account
        (O(update_password=always)). Sent as C(oldPassWord).
    type: str
    aliases: [oldPassWord]
  skills:
    description:
      - Skill queues of the agent with their weights. Compared as a set keyed by skill queue, in any order.
      - The list is the agent's complete set of skills unless O(append_skills=true). V([]) removes all skills.
      - When skills differ, the update sends the whole desired list, then the module reads the account again
        to confirm the server kept exactly that list (the API does not document whether it replaces or merges).
    type: list
    elements: dict
    suboptions:
      skill_id:
        description:
          - Skill queue id, as listed by C(querySkills) (see M(contactcenter.agents.cec_skill_info)).
          - Give either O(skills[].skill_id) or O(skills[].name).
        type: int
        aliases: [skillId]
      name:
        description:
          - Skill queue name, resolved to its id with one paged C(querySkills) listing per task. Unknown names fail.
        type: str
      agent_weight:
        description:
          - Agent weight, at least 1. A larger weight gives the agent a higher priority.
        type: int
        default: 1
        aliases: [agentWeight]
      skill_weight:
        description:
          - Skill queue weight, at least 1.
        type: int
        default: 1
        aliases: [skillWeight]
  append_skills:
    description:
      - If V(true), O(skills) are added to (or change the weights of) the agent's skills, and skills not listed
        are kept.
    type: bool
    default: false
  state:
    description:
      - V(present) creates or updates the account, V(absent) deletes it (C(agentAccount/delete)).
        An absent account that does not exist is left alone without any write; see the notes for when an
        account counts as absent.
      - The delete page forbids C(@) and C(.) in C(userAccount), which the create page allows. If the server
        refuses to delete such an account, the task fails saying so (the agent is never reported deleted);
        it can then only be deleted in the CEC console.
    type: str
    choices: [present, absent]
    default: present
  agents:
    description:
      - A list of accounts to manage in one task, each a dictionary with the options above
        (O(user_account), O(user_name), O(email), O(phone), O(agent_type), O(role), O(password),
        O(old_password), O(update_password), O(skills), O(append_skills), O(state)).
      - O(update_password), O(append_skills) and O(state) given at the top level are the defaults of every item.
      - Mutually exclusive with O(user_account).
    type: list
    elements: dict
  orphans:
    description:
      - Makes O(agents) authoritative within an explicit scope. Orphans are the existing accounts inside
        O(orphans.scope) that O(agents) does not name, and that are neither in O(orphans.keep) nor in
        O(orphans.known). Accounts outside the scope are never read for this, never listed, never touched.
      - Only with O(agents); given with O(user_account) it is an input error.
      - Who exists comes from the complete paged C(agentAccount/query) listing. If the pages do not add up (see
        the notes), or the listing lacks an account that O(agents) read as existing, the task fails before any
        write.
      - Each orphan goes through the same plan, check mode, diff and read-back as the items of O(agents), as an
        extra entry of RV(results). See the notes ("Orphans").
      - Accounts are compared ignoring letter case here (an account differing from a listed one only in case is
        that item's conflict, never an orphan); the scope globs are case-sensitive.
    type: dict
    suboptions:
      action:
        description:
          - V(report) lists the orphans in RV(results) and RV(orphans) and writes nothing.
          - V(delete) deletes them (C(agentAccount/delete)); not reversible.
          - V(quarantine) removes every skill queue of the agent (C(agentAccount/update) with C(skills=[])), so
            it receives no work; the account, its work number and its password stay, and listing the person again
            with their skills restores them. An orphan that already has no skill queue is left unchanged.
        type: str
        choices: [report, delete, quarantine]
        default: report
      scope:
        description: Which accounts this list owns. Required.
        type: dict
        required: true
        suboptions:
          accounts:
            description:
              - Globs (C(fnmatch) style, case-sensitive, e.g. V(billing_*)) of C(userAccount). Required and not
                empty, as a scope is what keeps a typo or an empty list from touching the whole tenant.
            type: list
            elements: str
      max_removals:
        description:
          - The most orphans one run may delete or quarantine. When more would be changed (V(report) and orphans
            already quarantined do not count), the whole task fails before any write, not even the changes to
            O(agents), listing the orphans in RV(orphans); raise it for that run if they really are leavers.
            Check mode evaluates it too.
        type: int
        default: 5
      keep:
        description: Accounts never treated as orphans (service or supervisor accounts inside the scope).
        type: list
        elements: str
        default: []
      known:
        description:
          - Accounts that belong to the source but are not in this call's O(agents) (for example the rest of an
            inventory handled by other tasks); never orphans.
        type: list
        elements: str
        default: []
notes:
  - "API notes (workNo): the query example has no C(workNo). When the answer lacks it, the module asks
    C(queryAgentInfoByAccount), whose C(accountCode) is documented as the sign-in account (which the docs never
    equate with C(userAccount)) and which alone lists HTTP 403. If that call fails, only the work number is
    lost: C(work_no) is V(null) and the task warns once; reading, updating and deleting go on."
  - "API notes (password changes): the check of O(update_password) relies on C(queryAgentInfoByAccount) checking
    its optional C(password) for C(accountCode) = O(user_account). Readings where it cannot tell (the password
    ignored, or the account unknown there as a sign-in account) make the module refuse the change without
    sending it. Whether that check counts toward the lock-out is undocumented; the docs speak of three
    I(consecutive) wrong passwords, and the check of the password in force ends such a run, so a re-run does
    not accumulate attempts."
  - "API notes (password length): the create and update pages say \"a string of eight characters (default
    password rule group)\". The module accepts 8 to 32 characters (the rule of the other CEC interfaces); a
    tenant that reads the text as exactly 8 refuses longer ones with its own message. Eight characters fit both
    readings."
  - There is no API to enable, disable or unlock an agent; unlocking is done by a tenant administrator.
  - "Orphans (O(orphans)): CEC has no disable. V(delete) removes the account for good (its work number and
    history go with it). V(quarantine) is the reversible choice: the update page documents C(skills) as the
    agent's skill queues, and the module sends C(skills=[]) like for an item listed without skills, then reads
    the agent back; the page does not say whether an empty list clears the queues, so a server that ignores it
    fails the orphan (\"did not persist: skills\") instead of reporting it quarantined. C(releaseAgentBySkillId)
    is not used: called with an empty C(userAccounts) it unbinds every agent of the queue. The API user is an
    API Fabric app (O(cec_app_key)), not an agent account, so no account in the listing can be it; keep service
    accounts in O(orphans.keep)."
seealso:
  - module: contactcenter.agents.cec_agent_account_info
  - module: contactcenter.agents.cec_skill_info
  - name: agentAccount/create
    description: Huawei Cloud CEC API reference.
    link: https://support.huaweicloud.com/intl/en-us/api-cec/cec_07_0020.html
  - name: agentAccount/update
    description: Huawei Cloud CEC API reference.
    link: https://support.huaweicloud.com/intl/en-us/api-cec/cec_07_0022.html
"""

EXAMPLES = r"""
- name: Create the agent of the agentAccount/create example
  contactcenter.agents.cec_agent_account:
    cec_url: https://service.besclouds.com
    cec_app_key: "{{ vault_cec_app_key }}"
    cec_app_secret: "{{ vault_cec_app_secret }}"
    user_account: test123456
    user_name: test111
    password: "{{ vault_initial_password }}"
    email: test@example.com
    agent_type: video
    role: agent
    skills:
      - skill_id: 3
        agent_weight: 1
        skill_weight: 1
      - skill_id: 2
        agent_weight: 1
        skill_weight: 2

- name: Apply the agentAccount/update example (new name, phone, type and skills)
  contactcenter.agents.cec_agent_account:
    user_account: test123456
    user_name: test123
    email: Test@example.com
    phone: "1845555555"
    agent_type: multimedia
    role: agent
    skills:
      - skill_id: 1

- name: Change a password (CEC needs the current one, allows one change a day)
  contactcenter.agents.cec_agent_account:
    user_account: test123456
    password: "{{ vault_new_password }}"
    old_password: "{{ vault_old_password }}"
    update_password: always

- name: Many agents in one task, skills by name, connection from module_defaults
  module_defaults:
    group/contactcenter.agents.cec:
      cec_url: "{{ cec_url }}"
      cec_app_key: "{{ cec_app_key }}"
      cec_app_secret: "{{ cec_app_secret }}"
  block:
    - name: Onboard the billing team
      contactcenter.agents.cec_agent_account:
        agents:
          - user_account: alice.billing
            user_name: Alice
            email: alice@example.com
            agent_type: audio
            role: agent
            password: "{{ vault_alice_password }}"
            skills:
              - name: Billing
                agent_weight: 2
          - user_account: bob.billing
            state: absent

- name: Preview what would change, with a diff
  contactcenter.agents.cec_agent_account:
    user_account: test123456
    role: inspector
  check_mode: true
  diff: true

- name: Access review - list the billing accounts that are not in the inventory (writes nothing)
  contactcenter.agents.cec_agent_account:
    agents: "{{ billing_agents }}"
    orphans:
      action: report
      scope:
        accounts: ["billing_*"]
      keep: [billing_supervisor]
  check_mode: true
  register: review

- name: Leavers - quarantine billing accounts not in the inventory, at most 10 in this run
  contactcenter.agents.cec_agent_account:
    agents: "{{ billing_agents }}"
    orphans:
      action: quarantine
      scope:
        accounts: ["billing_*"]
      keep: [billing_supervisor]
      max_removals: 10
"""

RETURN = r"""
agent:
  description:
    - The account after the task (predicted in check mode), in the shape of the module's options, without any
      password. V(null) when the account is absent.
  returned: when O(user_account) is given
  type: dict
  sample:
    user_account: test123456
    user_name: test111
    email: test@example.com
    phone: null
    agent_type: video
    role: agent
    work_no: 108
    skills:
      - {skill_id: 2, name: defaultVideoSkill, agent_weight: 1, skill_weight: 2}
      - {skill_id: 3, name: defaultAudioVideoSkill, agent_weight: 1, skill_weight: 1}
operation:
  description: What the task did or, in check mode, would do.
  returned: when O(user_account) is given
  type: str
  sample: create
changed_fields:
  description: Options whose values were (or would be) written. V(password) appears when a password is sent.
  returned: when O(user_account) is given
  type: list
  elements: str
  sample: [email, skills]
results:
  description:
    - One entry per item of O(agents), in the same order, with the keys C(user_account), C(changed),
      C(operation), C(changed_fields), C(agent), C(failed), and C(msg) when it failed.
    - With O(orphans), then one entry per orphan (sorted by account) with the same keys and C(orphan=true),
      C(orphan_action) and C(reason); its C(operation) is V(delete), V(update) for a quarantine, V(none) for
      V(report) or an orphan already quarantined.
  returned: when O(agents) is given
  type: list
  elements: dict
  sample:
    - user_account: alice.billing
      changed: true
      operation: create
      changed_fields: [agent_type, email, password, role, skills, user_account, user_name]
      failed: false
      agent: {user_account: alice.billing, work_no: 101}
counts:
  description:
    - How many items of O(agents) (and orphans) were created, updated, deleted, unchanged or failed; a quarantined
      orphan counts as updated. With O(orphans) also C(orphans), the number of orphans found.
  returned: when O(agents) is given
  type: dict
  sample: {created: 1, updated: 0, deleted: 1, unchanged: 0, failed: 0}
orphans:
  description:
    - Every orphan found (with any action), with C(user_account), C(action) and C(reason). Also returned when
      O(orphans.max_removals) fails the task, listing the orphans that would have been removed.
  returned: when O(orphans) is given
  type: list
  elements: dict
  sample:
    - user_account: billing_old
      action: quarantine
      reason: "not in agents; in scope (user_account billing_old in accounts=[billing_*])"
failed_keys:
  description: The O(user_account) of every item of O(agents) that failed.
  returned: when some items of O(agents) failed
  type: list
  elements: str
  sample: [bob.billing]
status:
  description: HTTP status of the failed API call.
  returned: on failure of an API call
  type: int
  sample: 200
vendor_code:
  description: The API's C(resultCode) or C(returnCode) of the failed call.
  returned: on failure reported in the API's envelope
  type: str
  sample: "1"
vendor_message:
  description: The API's own message for the failed call.
  returned: on failure of an API call
  type: str
  sample: the userAccount already exists
field:
  description: The option that broke a rule.
  returned: on a rule failure
  type: str
  sample: user_name
"""

from ansible_collections.contactcenter.agents.plugins.module_utils._cec_agent import CecAgentAdapter
from ansible_collections.contactcenter.agents.plugins.module_utils._runner import run_entity_module


def main():
    run_entity_module(CecAgentAdapter)


if __name__ == "__main__":
    main()
