# -*- coding: utf-8 -*-
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    # Attributes shared by the collection's modules.
    DOCUMENTATION = r"""
options: {}
attributes:
  check_mode:
    description: Can run in C(check_mode) and return changed status prediction without modifying target.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in C(check_mode)), when in diff mode.
"""

    ENTITY = r"""
options: {}
attributes:
  check_mode:
    support: full
    details:
      - Check mode reads the current state and reports exactly the changes a real run would make,
        without any write.
  diff_mode:
    support: full
    details:
      - Passwords appear in diffs only as V(<set>) (sent on create) or V(<changed>) (sent on update),
        never as their value or a hash of it.
  idempotent:
    support: full
    description: When run twice in a row with the same arguments, the second run reports no change.
"""

    INFO = r"""
options: {}
attributes:
  check_mode:
    support: full
    details:
      - This module only reads.
  diff_mode:
    support: N/A
    details:
      - This module only reads.
"""

    # The action plugins that run on the controller only (onboarding_prepare, onboarding_apply), together with
    # ansible.builtin.action_common_attributes and its .flow; each module adds its check_mode details.
    CONTROLLER_ACTION = r"""
options: {}
attributes:
  action:
    support: full
  async:
    support: none
  bypass_host_loop:
    support: none
  check_mode:
    support: full
  diff_mode:
    support: none
  platform:
    platforms: all
"""

    ACTIONGROUP_CEC = r"""
options: {}
attributes:
  action_group:
    description: Use C(group/contactcenter.agents.cec) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - contactcenter.agents.cec
"""

    ACTIONGROUP_BRIGHTPATTERN = r"""
options: {}
attributes:
  action_group:
    description: Use C(group/contactcenter.agents.brightpattern) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - contactcenter.agents.brightpattern
"""
