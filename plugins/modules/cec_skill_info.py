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
# The vendor's example: POST /apiaccess/rest/cc-management/v1/skill/querySkills {"limit": "10", "offset": 0},
# which answers with the queue defaultVideoSkill (skillId 1, mediaTypeId 19). The module pages through
# every queue (100 a page) and filters by name and media type itself.
- name: Find the skill queue of the querySkills example
  contactcenter.agents.cec_skill_info:
    cec_url: https://service.besclouds.com
    cec_app_key: "{{ vault_cec_app_key }}"
    cec_app_secret: "{{ vault_cec_app_secret }}"
    name: defaultVideoSkill
  register: video_queue

- name: Give a video agent that queue by id (skills can also be given by name)
  contactcenter.agents.cec_agent_account:
    user_account: test123456
    agent_type: video
    skills:
      - skill_id: "{{ video_queue.skills[0].skill_id }}"
        agent_weight: 1
        skill_weight: 2
  when: video_queue.skills | length > 0

- name: List the multimedia skill queues
  contactcenter.agents.cec_skill_info:
    media_type_id: 53
  register: queues

- name: Show their ids and names
  ansible.builtin.debug:
    msg: "{{ item.skill_id }}: {{ item.name }} ({{ item.description }})"
  loop: "{{ queues.skills }}"
  loop_control:
    label: "{{ item.name }}"
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
