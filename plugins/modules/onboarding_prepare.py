#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: onboarding_prepare
short_description: Collect, check and turn onboarding person records into batch module items, on the controller
version_added: 0.1.0
description:
  - The first step of the P(contactcenter.agents.onboarding#role) role, in one task. It runs on the controller only
    (an action plugin) and calls no API.
  - Collects the person records from O(agents) (list mode) or from the variables of O(hosts) (inventory mode),
    each host's C(onboarding_person) combined onto its C(onboarding_defaults).
  - Checks all of them (fields, vendor rules, duplicates, connections) and returns every problem in
    RV(problems). When there is any, it stops there, so no password is generated for input that will not be applied.
  - Otherwise, gives each account to be created without a password in the inventory its stored initial password
    from O(password_dir), or a new one, stored there before any account is created (as
    P(contactcenter.agents.initial_password#lookup) does; not stored in check mode). A password store it cannot use
    (see the notes) is reported in RV(problems), without any item, and so is a stored password that breaks the
    vendor's password rule (naming its file and how to replace it).
  - Returns the items of the O(contactcenter.agents.cec_agent_account#module:agents) option and of the
    O(contactcenter.agents.brightpattern_user#module:users) option.
  - One task instead of four filter tasks, because Ansible templates the whole list again for every task that
    receives it; with a thousand agents that was about 1.5 seconds of each run.
  - The result holds initial passwords. Use C(no_log) on the task.
  - >-
    Identifier fields (C(account), C(login_id), C(extension) and the phones) must be strings: YAML turns unquoted
    digits into numbers (C(0101) becomes 65), so a number is reported with the value as received and a hint to
    quote it. Skill weights and levels and C(disabled) / C(change_password) may be strings as the modules accept
    them (V("75"), V("false")). A value (other than a password) that still holds C({{), C({%) or C({#) after
    templating is reported: HR data must be plain text.
author:
  - contactcenter.agents developers (@contactcenter)
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.flow
  - contactcenter.agents.attributes.CONTROLLER_ACTION
attributes:
  check_mode:
    details:
      - In check mode a new initial password is generated but not stored, and RV(generated) is empty.
options:
  agents:
    description:
      - The person records of list mode (C(onboarding_agents)). When not given (or V(null)), inventory mode reads
        O(hosts).
      - A value that is not a list of mappings is reported in RV(problems).
    type: raw
  defaults:
    description:
      - Defaults for every record of list mode (C(onboarding_defaults)). Inventory mode reads each host's own
        C(onboarding_defaults) instead.
    type: raw
  hosts:
    description: The hosts whose C(onboarding_person) to read in inventory mode, normally the play batch.
    type: list
    elements: str
    default: []
  failed_hosts:
    description: Hosts of the batch that failed before this task (for example in the role's argument validation);
      each is reported as a problem unless one of its record's problems already names it.
    type: list
    elements: str
    default: []
  systems:
    description: The systems this run manages; items are built only for these.
    type: list
    elements: str
    default: [cec, brightpattern]
  connections:
    description:
      - >-
        Whether each system has a URL to connect to, for example V({"cec": true, "brightpattern": false}). A system
        that is used and has none is reported as a problem.
      - Unset, each system's role variable (C(onboarding_cec_url), C(onboarding_brightpattern_url)) or environment
        variable (C(CEC_URL), C(BRIGHTPATTERN_URL)) says.
    type: dict
  password_dir:
    description: The directory of stored initial passwords, one file per account in C(<dir>/cec/) and
      C(<dir>/brightpattern/) (files 0600, directories 0700).
    type: path
    required: true
  password_length:
    description:
      - Length of generated passwords (8 to 32 for CEC, 8 to 128 for Bright Pattern).
      - The default, 8, satisfies every reading of CEC's documented rule ("a string of eight characters",
        which may mean exactly eight). Raise it only where the tenant is known to accept longer passwords.
    type: int
    default: 8
  brightpattern_password_length:
    description:
      - Length of generated Bright Pattern passwords (8 to 128). Unset, O(password_length).
    type: int
  brightpattern_unmanaged_skills:
    description:
      - Bright Pattern skill names the collection does not manage, for every user. Each Bright Pattern item gets
        them, together with its record's C(brightpattern.unmanaged_skills), as C(unmanaged_skills).
    type: list
    elements: str
    default: []
  leavers:
    description:
      - The leaver check (C(onboarding_leavers)). V(report) or V(remove) build each scoped system's batch module
        C(orphans) option in RV(orphans), when the run sees the whole source; V(ignore) builds none.
      - A run sees the whole source in list mode (O(agents)), or when it has no C(--limit), its play batch is the
        whole play (no C(serial)), and (for V(remove)) the source's size is proven by the C(onboarding_source) the
        C(contactcenter.agents.hr_file) inventory gives every host or by O(leavers_source_size). V(remove) without
        that, or without a scope, is reported in RV(problems).
    type: str
    choices: [report, remove, ignore]
    default: ignore
  leavers_scope:
    description: Per system, the C(orphans.scope) of its batch module (C(onboarding_leavers_scope)).
    type: dict
    default: {}
  leavers_removal:
    description: Per system, what V(remove) does (C(onboarding_leavers_removal)); default CEC V(quarantine), Bright
      Pattern V(disable).
    type: dict
    default: {}
  leavers_keep:
    description: Per system, accounts never treated as orphans (C(onboarding_leavers_keep)).
    type: dict
    default: {}
  leavers_max_removals:
    description: The batch modules' C(orphans.max_removals).
    type: int
    default: 5
  leavers_source_size:
    description: The number of agent hosts of the whole source (C(onboarding_leavers_source_size)).
    type: int
notes:
  - >-
    The password store is checked along its whole path. O(password_dir) and its per-system directories must be
    directories (not symlinks) of the current user with mode 0700; every directory above must belong to root or
    the current user and not be writable by its group or others unless it has the sticky bit (as C(/tmp)).
    Directories are created race-free and files are written to a temporary file and linked into place, so
    several runs (AWX job slices) may share the store.
seealso:
  - module: contactcenter.agents.cec_agent_account
  - module: contactcenter.agents.brightpattern_user
"""

EXAMPLES = r"""
- name: Prepare the agents of a list
  contactcenter.agents.onboarding_prepare:
    agents:
      - account: ann.lee
        first_name: Ann
        last_name: Lee
        email: ann.lee@example.com
        cec: {agent_type: audio, role: agent, skills: {Billing: 2}}
        brightpattern: {team: Billing, extension: "2001"}
    password_dir: ~/.contactcenter/onboarding/passwords
  register: prepared
  no_log: true  # the items carry initial passwords

- name: Stop when the input is wrong
  ansible.builtin.fail:
    msg: "{{ prepared.problems }}"
  when: prepared.problems | length > 0

- name: One call for every CEC agent
  contactcenter.agents.cec_agent_account:
    agents: "{{ prepared.module_items.cec }}"
    update_password: on_create
  no_log: true
"""

RETURN = r"""
people:
  description: The person records, in host or list order, each with C(_where) (how problems name it).
  returned: always
  type: list
  elements: dict
problems:
  description: One message per problem, each naming the record (host or list position) and the field. Empty if
    the input is fine.
  returned: always
  type: list
  elements: str
  sample: ["host ann.lee: cec.agent_type is required to create the agent (one of audio, video, multimedia, versatile)"]
module_items:
  description: Each system's module items, with initial passwords. Empty lists when there are problems.
  returned: always
  type: dict
  contains:
    cec:
      description: Items of M(contactcenter.agents.cec_agent_account)'s O(contactcenter.agents.cec_agent_account#module:agents).
      type: list
      elements: dict
    brightpattern:
      description: Items of M(contactcenter.agents.brightpattern_user)'s O(contactcenter.agents.brightpattern_user#module:users).
      type: list
      elements: dict
generated:
  description: Per system, the accounts whose initial password this run generated and stored. If such an account is
    not created in the end (it existed already), forget its password with
    P(contactcenter.agents.initial_password#lookup) and O(contactcenter.agents.initial_password#lookup:forget=true).
  returned: always
  type: dict
  contains:
    cec:
      description: CEC user accounts.
      type: list
      elements: str
    brightpattern:
      description: Bright Pattern login ids.
      type: list
      elements: str
  sample: {cec: [ann.lee], brightpattern: []}
orphans:
  description: Per system, the batch module's C(orphans) option, or null when leavers are not checked there.
  returned: always
  type: dict
  sample: {cec: {action: report, scope: {accounts: ["*.example.com"]}, max_removals: 5, keep: []}, brightpattern: null}
leavers:
  description: Per system, what the leaver check does, or why it does not run (for the report).
  returned: always
  type: dict
  sample: {cec: "checked in scope accounts=*.example.com: reported", brightpattern: "not checked: ..."}
passwords:
  description:
    - Per system, the items whose initial password comes from the store (read, or generated and stored), by key,
      with C(path) (the file) and C(new) (generated by this run). Never the password itself. Pass it to
      P(contactcenter.agents.onboarding_report#filter) to learn which stored passwords no account uses after the
      call, and what happens to the stored password of a failed create.
  returned: always
  type: dict
  sample: {cec: {ann.lee: {path: /home/awx/.contactcenter/onboarding/passwords/cec/ann.lee, new: true}},
           brightpattern: {}}
"""
