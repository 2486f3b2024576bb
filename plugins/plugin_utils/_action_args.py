# -*- coding: utf-8 -*-
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The argument check both onboarding action plugins share (an action plugin is no library of another)."""

from __future__ import annotations

from ansible.errors import AnsibleActionFail
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator


def checked_args(action, given, spec, unchecked, problems=()):
    """``given`` checked against ``spec``, but for the arguments named in ``unchecked``, passed on as given (or
    None). The spec's problems, then ``problems``, fail the task in one message that names ``action``."""
    checked = ArgumentSpecValidator(spec).validate({k: v for k, v in given.items() if k not in unchecked})
    problems = checked.error_messages + list(problems)
    if problems:
        raise AnsibleActionFail("%s: %s" % (action, "; ".join(problems)))
    return dict(checked.validated_parameters, **{k: given.get(k) for k in unchecked})
