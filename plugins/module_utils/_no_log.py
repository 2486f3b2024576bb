# -*- coding: utf-8 -*-
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The no_log fast path: secrets masked in every result, without one masking pass per item's password.

It overrides private AnsibleModule internals, so a new ansible-core may break it. It relies on exactly these
(tests/unit/plugins/module_utils/test__no_log_internals.py fails loudly if one changes):
- ``AnsibleModule.__init__`` creates ``self.no_log_values`` (a set), then calls ``self._load_params()``
  (no arguments), which sets ``self.params`` to the raw options, before validating them; validation then
  adds to that same set (it does not replace it);
- ``exit_json`` and ``fail_json`` both go through ``self._return_formatted(kwargs)``, which adds
  ``invocation`` only when absent, adds ``get_warnings()``/``get_deprecations()`` and masks every value
  of ``self.no_log_values`` with ``remove_values``.
"""

from __future__ import annotations

from ansible.module_utils.basic import AnsibleModule
try:  # ansible-core 2.19 and later
    from ansible.module_utils.common.warnings import get_deprecations, get_warnings
except ImportError:  # 2.16 to 2.18 (requires_ansible >= 2.16)
    from ansible.module_utils.common.warnings import get_deprecation_messages as get_deprecations
    from ansible.module_utils.common.warnings import get_warning_messages as get_warnings

from ._http import runtime_secrets

NO_LOG_PLACEHOLDER = "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"  # what Ansible's masking puts for a secret value


def secret_strings(value):
    """The strings of a secret option's value, as Ansible's no_log collects them."""
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in secret_strings(v)]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return [str(value)]
    return []


def masked_arguments(params, argument_spec, list_option, secret_names):
    """The module arguments for the result's ``invocation``, as Ansible's masking leaves them: the value of
    every no_log option, at the top and in each item of the list option, replaced by the placeholder."""
    out = dict(params)
    for name, opts in argument_spec.items():
        for key in [name] + list(opts.get("aliases") or []):
            if opts.get("no_log") and out.get(key) is not None:
                out[key] = NO_LOG_PLACEHOLDER
    items = out.get(list_option)
    if isinstance(items, list):
        out[list_option] = [dict(item, **{n: NO_LOG_PLACEHOLDER for n in secret_names if item.get(n) is not None})
                            if isinstance(item, dict) else item for item in items]
    return out


def texts_of(value):
    """Every string inside ``value`` (keys, values, numbers as text), once each."""
    seen, stack = set(), [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            seen.add(item)
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, set, frozenset)):
            stack.extend(item)
        elif item is not None and not isinstance(item, bool):
            seen.add(str(item))
    return seen


def result_text(kwargs):
    """Every string the result will hold, with the warnings and deprecations Ansible adds to it."""
    return "\n".join(texts_of([kwargs, get_warnings(), get_deprecations()]))


class MaskingModule(AnsibleModule):
    """An AnsibleModule that also masks the tokens the run obtained, like the no_log options."""

    def _return_formatted(self, kwargs):
        text = result_text(kwargs)
        self.no_log_values.update(s for s in runtime_secrets() if s in text)
        super()._return_formatted(kwargs)


def entity_module_class(spec, argument_spec):
    """The AnsibleModule class of an entity module whose argument spec is ``argument_spec``."""
    secret_names = [n for name, opts in spec.entity_argument_spec().items() if opts.get("no_log")
                    for n in [name] + list(opts.get("aliases") or [])]

    class EntityModule(MaskingModule):
        """Ansible sees the list option's items as plain dicts (the engine validates each item itself, so
        one bad item fails alone), so it would not mask their passwords: register them before Ansible
        validates, logs or returns anything."""

        def _load_params(self):
            super()._load_params()
            self.raw_params = dict(self.params)  # before Ansible turns a list given for a string into text
            items = self.params.get(spec.list_option)
            for item in items if isinstance(items, list) else []:
                if isinstance(item, dict):
                    for name in secret_names:
                        self.no_log_values.update(secret_strings(item.get(name)))

        def _return_formatted(self, kwargs):
            # Ansible masks each no_log value in each string of the result, one pass per value: with a
            # password per item that is O(items^2), minutes at 10,000 items. The invocation is masked here
            # where the secrets are known to be; Ansible then masks the secrets that still occur anywhere.
            kwargs.setdefault("invocation", {"module_args": masked_arguments(
                self.params, argument_spec, spec.list_option, secret_names)})
            # A secret that occurs in no string of the result has nothing to hide there: Ansible's masking
            # only writes asterisks, so keeping it could at most turn those into more asterisks.
            text = result_text(kwargs)
            self.no_log_values = {v for v in self.no_log_values | runtime_secrets() if v in text}
            AnsibleModule._return_formatted(self, kwargs)  # the tokens are in no_log_values already

    return EntityModule
