#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: brightpattern_user
short_description: Manage Bright Pattern Contact Center users
version_added: 0.1.0
description:
  - Create, update and delete users of Bright Pattern Contact Center through the Configuration API v2
    (C(GET|POST|PUT|DELETE /configapi/v2/user)).
  - Idempotent. The module reads the user, compares it with the desired state and sends only what differs; when
    nothing differs it makes no write. After each write it reads the user again and fails if the server did not
    keep a value it was sent.
  - The API's C(PUT) documents changes of O(password), O(disabled), O(change_password), O(skills) and O(team)
    only. A change of any other field is never dropped silently; see O(on_unsupported_change) and O(use_scim).
  - Manage one user with O(login_id), or many in one task with O(users). With O(users), the module lists who
    exists with C(GET /phone/user) (the API has no full listing), reads each existing user in parallel, and writes
    in parallel (O(parallel)); one failing user does not stop the others.
author:
  - contactcenter.agents developers (@contactcenter)
extends_documentation_fragment:
  - contactcenter.agents.brightpattern
  - contactcenter.agents.transport
  - contactcenter.agents.attributes
  - contactcenter.agents.attributes.ENTITY
  - contactcenter.agents.attributes.ACTIONGROUP_BRIGHTPATTERN
options:
  login_id:
    description:
      - The user's login (username), the key of the user. Required unless O(users) is given.
      - It is sent as a segment of the URL path, so V(.), V(..) and a login with an empty, V(.) or V(..) part
        between slashes are refused before any call.
      - A login that differs from an existing user's only in letter case fails (see the notes).
    type: str
    aliases: [loginId]
  first_name:
    description:
      - First name. Required to create a user. Not changeable through C(PUT).
    type: str
    aliases: [firstName]
  last_name:
    description:
      - Last name. Required to create a user. Not changeable through C(PUT).
    type: str
    aliases: [lastName]
  team:
    description:
      - Name of the user's team. Required to create a user. Checked against C(GET /team) before any write.
      - Depending on tenant settings, a team member gets the team's service skill; list such skills in
        O(unmanaged_skills).
    type: str
  extension:
    description:
      - Extension number, digits only, compared as a string. If omitted on create, the server assigns one.
        Not changeable through C(PUT).
    type: raw
  work_phone:
    description:
      - Work phone number, compared as a string. Not changeable through C(PUT).
      - Sent on create. The current Get User Data table has no C(workPhone) (older revisions had it), so when the
        server's answers have none it is neither compared nor verified (one warning per task).
    type: raw
    aliases: [workPhone]
  mobile_phone:
    description:
      - Mobile phone number, compared as a string. Not changeable through C(PUT).
      - Like O(work_phone), neither compared nor verified when the server's answers have no C(mobilePhone).
    type: raw
    aliases: [mobilePhone]
  email:
    description:
      - E-mail address. Not changeable through C(PUT).
    type: str
  disabled:
    description:
      - Whether the account is disabled. Compared as a boolean, also when the server sends V("true").
    type: bool
  change_password:
    description:
      - Whether the user must change the password at the next login.
      - Like a password, it is sent when the user is created, and on an existing user only with
        O(update_password=always). The flag clears when the user changes the password, and comparing it on
        every run would demand a new password again and again.
    type: bool
    aliases: [changePassword]
  skills:
    description:
      - Skill levels by skill name (see the examples). Levels are integers from 0 to 100; a level the server
        sends as the string V("75") equals V(75). Compared as a map, in any order.
      - The map is the user's complete set of skills unless O(append_skills=true), apart from O(unmanaged_skills).
    type: dict
  unmanaged_skills:
    description:
      - Names of skills the task does not manage, typically the service skills a tenant gives every member of a
        team. They are ignored when comparing O(skills), and a write of O(skills) carries their current levels
        unchanged, so they are never removed.
      - A skill the server holds after a write that the write did not carry (and that is not listed here) is a
        warning, not a failure; unless it is listed here, the next run removes it. A skill the write carried that
        the server did not keep is a failure.
      - Given at the top level with O(users), it applies to every item without its own.
    type: list
    elements: str
  append_skills:
    description:
      - If V(true), O(skills) are added to (or change the levels of) the user's skills, and skills not listed are kept.
    type: bool
    default: false
  roles:
    description:
      - Role names, compared as a set. Not changeable through C(PUT).
    type: list
    elements: str
  password:
    description:
      - The user's password. Sent on create; see O(update_password). If omitted on create, the server may
        generate one, depending on the tenant's settings.
      - The API never returns a password, so it cannot be compared.
    type: str
  update_password:
    description:
      - V(on_create) sends O(password) only when the user is created.
      - V(always) sends it on every run and reports a change every run, because there is no way to read it back
        and tell whether it differs. V(always) also compares and sets O(change_password) on existing users.
    type: str
    choices: [on_create, always]
    default: on_create
  unlock:
    description:
      - If V(true), read the lock state (C(GET /user/lock/<loginId>)) and clear it (C(PUT /user/lock/<loginId>))
        when the user is locked out after too many failed logins. V(false) leaves the lock state alone.
    type: bool
    default: false
  on_unsupported_change:
    description:
      - What to do when a field that C(PUT) cannot change (O(first_name), O(last_name), O(email), O(work_phone),
        O(mobile_phone), O(extension), O(roles)) differs and O(use_scim=false).
      - V(fail) fails the user's task, naming each field with its current and desired value, before any write.
      - V(warn) applies the other changes and warns about each field left unchanged.
    type: str
    choices: [fail, warn]
    default: fail
  use_scim:
    description:
      - Change the fields C(PUT) cannot change through the SCIM users API (C(/configapi/v2/scim/users)); the user is
        looked up with a C(userName) filter and patched. The API user needs C(Manage users) and
        C(Manage all teams), and the tenant needs a SCIM integration account.
    type: bool
    default: false
  state:
    description:
      - V(present) creates or updates the user, V(absent) deletes it (C(DELETE /configapi/v2/user/<loginId>)).
        An absent user that does not exist is left alone without any write.
    type: str
    choices: [present, absent]
    default: present
  users:
    description:
      - A list of users to manage in one task, each a dictionary with the options above (O(login_id),
        O(first_name), O(last_name), O(team), O(extension), O(work_phone), O(mobile_phone), O(email),
        O(disabled), O(change_password), O(skills), O(append_skills), O(unmanaged_skills), O(roles), O(password),
        O(update_password), O(unlock), O(on_unsupported_change), O(use_scim), O(state)).
      - O(update_password), O(append_skills), O(unmanaged_skills), O(on_unsupported_change), O(use_scim) and
        O(state) given at the top level are the defaults of every item.
      - Mutually exclusive with O(login_id).
    type: list
    elements: dict
  orphans:
    description:
      - Makes O(users) authoritative within an explicit scope. Orphans are the existing users inside
        O(orphans.scope) that O(users) does not name, that are neither in O(orphans.keep) nor in O(orphans.known),
        and that are not the API user itself (O(brightpattern_client_id), the API user's login). Users outside the
        scope are never touched.
      - Only with O(users); given with O(login_id) it is an input error.
      - Who exists comes from C(GET /phone/user), the only listing the API has; then each user whose login
        matches O(orphans.scope.logins) (every listed user when only teams are given) is read with
        C(GET /user/<login>) for its team. If the directory is refused (HTTP 403), a read fails, or the directory
        lacks a user that O(users) read as existing, the task fails before any write.
      - Each orphan goes through the same plan, check mode, diff and read-back as the items of O(users), as an
        extra entry of RV(results). See the notes ("Orphans").
      - Logins are compared ignoring letter case here (a login differing from a listed one only in case is that
        item's conflict, never an orphan); the login globs and team names are case-sensitive.
    type: dict
    suboptions:
      action:
        description:
          - V(report) lists the orphans in RV(results) and RV(orphans) and writes nothing.
          - V(disable) sets C(disabled=true) (C(PUT /user/<login>)); reversible, the user keeps its history. An
            orphan that is already disabled is left unchanged.
          - V(delete) deletes the user (C(DELETE /user/<login>)); not reversible.
        type: str
        choices: [report, disable, delete]
        default: report
      scope:
        description:
          - Which users this list owns. Required; at least one of O(orphans.scope.teams) and
            O(orphans.scope.logins) not empty. When both are given, a user must match both.
        type: dict
        required: true
        suboptions:
          teams:
            description: Team names (exact). A user whose GET answer has no team is never an orphan (warned).
            type: list
            elements: str
          logins:
            description: Globs (C(fnmatch) style, case-sensitive, e.g. V(*.sales)) of the login.
            type: list
            elements: str
      max_removals:
        description:
          - The most orphans one run may disable or delete. When more would be changed (V(report) and orphans
            already disabled do not count), the whole task fails before any write, not even the changes to
            O(users), listing the orphans in RV(orphans); raise it for that run if they really are leavers.
            Check mode evaluates it too.
        type: int
        default: 5
      keep:
        description: Logins never treated as orphans (service or supervisor users inside the scope).
        type: list
        elements: str
        default: []
      known:
        description:
          - Logins that belong to the source but are not in this call's O(users) (for example the rest of an
            inventory handled by other tasks); never orphans.
        type: list
        elements: str
        default: []
notes:
  - A create answered with HTTP 409 (someone created the user meanwhile) is read again and continues as an update.
  - "API notes: whether C(PUT) replaces or merges O(skills) is not documented; the module sends the complete desired
    map (with the O(unmanaged_skills) as the server has them) and checks the result by reading the user again."
  - "API notes: a 404 on C(GET /user/<loginId>) means absent only from the API itself (an unknown endpoint under
    C(/configapi) answers 500; a wrong URL prefix or a reverse proxy answers 404). The module concludes that a user
    is absent only after the phone directory (C(GET /phone/user)) agrees; a 404 for a listed user fails naming the
    URL, and nothing is written. Every answer of C(GET /user/<loginId>) must be about that very login."
  - "API notes: the docs do not say whether logins compare ignoring letter case. A login that matches an existing
    user's only in letter case (in the directory, or answered by C(GET) under another spelling) fails, naming both
    spellings, and nothing is written."
  - "API notes: C(GET /phone/user) may need a phone privilege (PM-CONFIG: an API user authorized to manage users
    and/or phones). If it is refused (HTTP 403), every user is read with C(GET /user/<loginId>) instead, with a
    warning; case-only matches are then not detected."
  - "API notes: SCIM (O(use_scim)) looks the user up with C(userName eq \"...\"), the login escaped as RFC 7644
    requires, and writes only when the answer's C(userName) is exactly the login."
  - "API notes: the success body of create, update and delete is not parsed (the Postman collection shows a bare
    C(OK) under C(Content-Type: application/json), the wiki a JSON string or the user); the module reads the user
    again instead."
  - "Orphans (O(orphans)): V(disable) is the documented C(PUT) of C(disabled) (\"system status, i.e. disabled or
    active\"): the user, its login, skills, history and reports stay, and listing the person again with
    O(disabled=false) enables the same user. V(delete) is C(DELETE /user/<login>) (Postman collection only), not
    reversible. The API user, whose login is O(brightpattern_client_id) (\"the user's login ID\" of the token
    call), is never an orphan."
seealso:
  - module: contactcenter.agents.brightpattern_user_info
  - name: User Management API specification
    description: Bright Pattern documentation.
    link: https://help.brightpattern.com/5.2:User-management-api-specification/CreateUser
"""

EXAMPLES = r"""
- name: Create the user of the Create User example
  contactcenter.agents.brightpattern_user:
    brightpattern_url: https://example.brightpattern.com
    brightpattern_client_id: api.admin
    brightpattern_client_secret: "{{ vault_bp_secret }}"
    login_id: sheila.thomas
    password: "{{ vault_initial_password }}"
    first_name: Sheila
    last_name: Thomas
    team: Customer Service
    extension: "1072"
    work_phone: "4151234567"
    mobile_phone: "6501234567"
    email: sheila.thomas@nowhere.net
    disabled: false
    change_password: true
    skills:
      Spanish: 100
      English: 100
    roles:
      - Agent
      - Supervisor

- name: Apply the Update User example (disable and move to Accounting)
  contactcenter.agents.brightpattern_user:
    login_id: sheila.thomas
    disabled: true
    team: Accounting

- name: Fix a misspelt last name through SCIM (PUT cannot change names)
  contactcenter.agents.brightpattern_user:
    login_id: sheila.thomas
    last_name: Thompson
    use_scim: true

- name: Clear a lock-out
  contactcenter.agents.brightpattern_user:
    login_id: sheila.thomas
    unlock: true

- name: Many users in one task, connection from module_defaults
  module_defaults:
    group/contactcenter.agents.brightpattern:
      brightpattern_url: "{{ bp_url }}"
      brightpattern_client_id: "{{ bp_client_id }}"
      brightpattern_client_secret: "{{ bp_client_secret }}"
  block:
    - name: Onboard the sales team
      contactcenter.agents.brightpattern_user:
        users:
          - login_id: ann.sales
            first_name: Ann
            last_name: Lee
            team: Sales
            skills: {English: 100, Sales: 80}
            roles: [Agent]
          - login_id: old.sales
            state: absent

- name: Access review - list the sales users that are not in the inventory (writes nothing)
  contactcenter.agents.brightpattern_user:
    users: "{{ sales_users }}"
    orphans:
      action: report
      scope:
        teams: [Sales]
  check_mode: true
  register: review

- name: Leavers - disable sales users not in the inventory, at most 10 in this run
  contactcenter.agents.brightpattern_user:
    users: "{{ sales_users }}"
    orphans:
      action: disable
      scope:
        teams: [Sales]
        logins: ["*.sales"]
      keep: [sales.supervisor]
      max_removals: 10
"""

RETURN = r"""
user:
  description:
    - The user after the task (predicted in check mode), in the shape of the module's options, without any
      password. V(null) when the user is absent.
  returned: when O(login_id) is given
  type: dict
  sample:
    login_id: sheila.thomas
    first_name: Sheila
    last_name: Thomas
    team: Customer Service
    extension: "1072"
    email: sheila.thomas@nowhere.net
    disabled: false
    change_password: true
    skills: {English: 100, Spanish: 100}
    roles: [Agent, Supervisor]
operation:
  description: What the task did or, in check mode, would do.
  returned: when O(login_id) is given
  type: str
  sample: update
changed_fields:
  description: Options whose values were (or would be) written. V(password) appears when a password is sent.
  returned: when O(login_id) is given
  type: list
  elements: str
  sample: [disabled, team]
results:
  description:
    - One entry per item of O(users), in the same order, with the keys C(login_id), C(changed), C(operation),
      C(changed_fields), C(user), C(failed), and C(msg) when it failed.
    - With O(orphans), then one entry per orphan (sorted by login) with the same keys and C(orphan=true),
      C(orphan_action) and C(reason); its C(operation) is V(delete), V(update) for a disable, V(none) for
      V(report) or an orphan already disabled.
  returned: when O(users) is given
  type: list
  elements: dict
  sample:
    - login_id: ann.sales
      changed: true
      operation: create
      changed_fields: [first_name, last_name, roles, skills, team]
      failed: false
      user: {login_id: ann.sales, team: Sales}
counts:
  description:
    - How many items of O(users) (and orphans) were created, updated, deleted, unchanged or failed; a disabled
      orphan counts as updated. With O(orphans) also C(orphans), the number of orphans found.
  returned: when O(users) is given
  type: dict
  sample: {created: 1, updated: 0, deleted: 1, unchanged: 0, failed: 0}
orphans:
  description:
    - Every orphan found (with any action), with C(login_id), C(action) and C(reason). Also returned when
      O(orphans.max_removals) fails the task, listing the orphans that would have been removed.
  returned: when O(orphans) is given
  type: list
  elements: dict
  sample:
    - login_id: old.sales
      action: disable
      reason: "not in users; in scope (team Sales in teams=[Sales])"
failed_keys:
  description: The O(login_id) of every item of O(users) that failed.
  returned: when some items of O(users) failed
  type: list
  elements: str
  sample: [old.sales]
status:
  description: HTTP status of the failed API call.
  returned: on failure of an API call
  type: int
  sample: 404
vendor_message:
  description: The API's own message (response body) for the failed call.
  returned: on failure of an API call
  type: str
  sample: user team not found
field:
  description: The option that broke a rule.
  returned: on a rule failure
  type: str
  sample: skills
"""

from ansible_collections.contactcenter.agents.plugins.module_utils._brightpattern_user import BrightPatternUserAdapter
from ansible_collections.contactcenter.agents.plugins.module_utils._runner import run_entity_module


def main():
    run_entity_module(BrightPatternUserAdapter)


if __name__ == "__main__":
    main()
