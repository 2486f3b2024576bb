#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: cec_skill_info
short_description: List Huawei Cloud CEC skill queues
version_added: 0.1.0
description:
  - List the tenant's skill queues with C(skill/querySkills), paged at the documented maximum of 100 a page.
  - Use it to find the ids and media types behind the skill names given to M(contactcenter.agents.cec_agent_account).
author:
  - contactcenter.agents developers (@contactcenter)
extends_documentation_fragment:
  - contactcenter.agents.cec
  - contactcenter.agents.transport
  - contactcenter.agents.attributes
  - contactcenter.agents.attributes.INFO
  - contactcenter.agents.attributes.ACTIONGROUP_CEC
options:
  name:
    description:
      - Only the skill queue with this exact name.
    type: str
  media_type_id:
    description:
      - Only skill queues of this media type (5 voice, 19 video, 53 multimedia, 2 voice click-to-dial,
        18 video click-to-dial).
    type: int
seealso:
  - module: contactcenter.agents.cec_agent_account
"""

EXAMPLES = r"""
- name: List the multimedia skill queues
  contactcenter.agents.cec_skill_info:
    media_type_id: 53
  register: queues

- name: Show their names
  ansible.builtin.debug:
    msg: "{{ queues.skills | map(attribute='name') }}"
"""

RETURN = r"""
skills:
  description: The skill queues.
  returned: always
  type: list
  elements: dict
  contains:
    skill_id:
      description: Skill queue id (C(skillId)).
      type: int
    name:
      description: Skill queue name.
      type: str
    media_type_id:
      description: Media type of the queue (C(mediaTypeId)).
      type: int
    description:
      description: The queue's description.
      type: str
  sample:
    - {skill_id: 2, name: defaultVideoSkill, media_type_id: 19, description: "2021ok"}
"""

from ansible_collections.contactcenter.agents.plugins.module_utils._cec_agent import skills_info
from ansible_collections.contactcenter.agents.plugins.module_utils._cec_client import CEC_ARGUMENT_SPEC
from ansible_collections.contactcenter.agents.plugins.module_utils._runner import run_info_module


def main():
    run_info_module({"name": {"type": "str"}, "media_type_id": {"type": "int"}}, CEC_ARGUMENT_SPEC, skills_info)


if __name__ == "__main__":
    main()
