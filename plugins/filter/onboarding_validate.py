# -*- coding: utf-8 -*-
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: onboarding_validate
short_description: Check every person record of the onboarding role before any write
version_added: 0.1.0
author:
  - contactcenter.agents developers (@contactcenter)
description:
  - Checks the whole input of the P(contactcenter.agents.onboarding#role) role at once and returns one message per
    problem, so that the role can stop before any write with a single report of everything wrong.
  - It checks what an argument spec cannot express across records and systems, and repeats the argument spec's type
    checks so that the report is complete in every mode.
  - Unknown fields and unknown system sections (anything but C(cec) and C(brightpattern)); a person in no system.
  - Duplicate accounts, CEC C(user_account)s, Bright Pattern C(login_id)s and extensions (compared case-insensitively).
  - The fields a create needs (CEC, user name (given or derived from the names), e-mail, agent type and role;
    Bright Pattern, first and last name and team) for every record that is present.
  - Cheap vendor rules, such as the CEC account, name, e-mail and phone formats, skill weights and levels, and the
    password rules of passwords given in the inventory (the message never shows a password).
  - That each selected system that has people to manage has a URL (role variable or environment variable).
  - Catalogue checks (skill, team and role names) need the vendor's API; the modules do them per person.
  - The role itself runs this step together with the other input steps in one task,
    M(contactcenter.agents.onboarding_prepare), which uses the same code.
options:
  _input:
    description: Person records, as returned by P(contactcenter.agents.onboarding_people#filter).
    type: list
    elements: dict
    required: true
  systems:
    description: The systems this run manages (the role's C(onboarding_systems)).
    type: list
    elements: str
    default: [cec, brightpattern]
  connections:
    description:
      - For each system, whether a URL is configured. Omitted systems are taken as configured.
    type: dict
    default: {}
  failed_hosts:
    description:
      - Hosts of the play that failed before the checks (for example in the role's argument validation, which runs
        per host). Include their records in O(_input) to have their problems reported; a failed host without a
        problem found here is reported as failed, so that the role stops instead of applying the others.
    type: list
    elements: str
    default: []
"""

EXAMPLES = r"""
- name: Stop before any write when the input is wrong
  ansible.builtin.fail:
    msg: "{{ problems }}"
  vars:
    problems: "{{ records | contactcenter.agents.onboarding_validate(systems=['cec', 'brightpattern']) }}"
  when: problems | length > 0
"""

RETURN = r"""
_value:
  description: One message per problem, each naming the record (host or list position) and the field. Empty if the
    input is fine.
  type: list
  elements: str
  sample:
    - "host ann.lee: cec.agent_type is required to create the agent (one of audio, video, multimedia, versatile)"
    - "account bob.kim is given twice: host bob.kim, onboarding_agents[3]"
"""

from ansible_collections.contactcenter.agents.plugins.plugin_utils._onboarding_checks import validate


class FilterModule:
    """onboarding_validate"""

    def filters(self):
        return {"onboarding_validate": validate}
