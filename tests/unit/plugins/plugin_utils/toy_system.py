# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A third, test-only vendor for the onboarding role's registry: proves the role's Python assumes no two systems."""
from __future__ import annotations

from ansible_collections.contactcenter.agents.plugins.module_utils._entity import (
    EntitySpec, Field, matches, max_length)
from ansible_collections.contactcenter.agents.plugins.plugin_utils._systems import System

MEMBER = EntitySpec(
    name="member", key="handle", list_option="members", result_key="member",
    fields=[
        Field("handle", "handle", identifier=True),
        Field("display_name", "displayName", required_on_create=True, rules=[max_length(10)]),
        Field("desk", "desk", kind="text", identifier=True, rules=[matches(r"[0-9]{3}", "must be 3 digits")]),
        Field("level", "level", kind="int"),
        Field("active", "active", kind="bool"),
        Field("tags", "tags", kind="set"),
        Field("password", "password", write_only=True, required_on_create=True,
              rules=[max_length(12)]),
    ],
    controls={"state": {"type": "str", "default": "present", "choices": ["present", "absent"]}},
)

TOY = System(
    "toy", "Toy Desk", MEMBER, "example.toy.toy_member",
    connection={"toy_url": "onboarding_toy_url", "toy_token": "onboarding_toy_token"}, url_env="TOY_URL",
    fallback={"handle": "account", "display_name": "first_name"}, unique=("desk",), password_lengths=(10, 12))
