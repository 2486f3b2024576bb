# -*- coding: utf-8 -*-
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""onboarding_apply: check every system's credentials, then one batch module call per system (documented in
plugins/modules). A loop over the registry of systems, so the role's YAML names no system."""

from __future__ import annotations

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase

from ansible_collections.contactcenter.agents.plugins.plugin_utils._action_args import checked_args
from ansible_collections.contactcenter.agents.plugins.plugin_utils._passwords import forget_by_system
from ansible_collections.contactcenter.agents.plugins.plugin_utils._systems import get, systems

# The items (a thousand records) are only type-checked: the validator would deep-copy them.
ITEM_ARGS = ("module_items", "orphans", "generated")
ARGUMENT_SPEC = {"password_dir": {"type": "path", "required": True}}


class ActionModule(ActionBase):

    def run(self, tmp=None, task_vars=None):
        task_vars = task_vars or {}
        result = super().run(tmp, task_vars)
        given = self._task.args
        problems = ["%s must be a mapping of system to value" % k for k in ITEM_ARGS
                    if not isinstance(given.get(k, {}), dict)]
        if "module_items" not in given:
            problems.append("missing required arguments: module_items")
        args = checked_args("onboarding_apply", given, ARGUMENT_SPEC, ITEM_ARGS, problems)
        args.update({k: args[k] or {} for k in ITEM_ARGS})
        try:
            for name in list(args["module_items"]) + list(args["orphans"]) + list(args["generated"]):
                get(name)  # an unknown system is an error, never skipped
        except ValueError as exc:
            raise AnsibleActionFail("onboarding_apply: %s" % exc) from None
        used = [s for s in systems() if args["module_items"].get(s.name) or args["orphans"].get(s.name)]
        problems = [p for p in (self._probe(s, args["module_items"].get(s.name) or [], task_vars) for s in used) if p]
        results = {s.name: {"skipped": True} for s in systems()}
        if problems:
            # Nothing is written to any system; the passwords generated for this run's creates are not kept.
            forget_by_system(args["generated"], args["password_dir"])
            failed = {"failed": True, "msg": "not applied, nothing was written to any system: %s" % "; ".join(problems)}
            results.update({s.name: failed for s in used})
        else:
            for system in used:
                module_args = dict(self._defaults(system.module, system.name, task_vars),
                                   **{system.spec.list_option: args["module_items"].get(system.name) or [],
                                      "update_password": "on_create"})
                if args["orphans"].get(system.name):
                    module_args["orphans"] = args["orphans"][system.name]
                results[system.name] = self._execute_module(
                    module_name=system.module, module_args=module_args, task_vars=task_vars)
        result.update(changed=False, results=results, connection_problems=problems)
        return result

    def _probe(self, system, items, task_vars):
        """One cheap read with the role's connection settings: None, or the problem ("<title>: <message>")."""
        module, args_of, answer = system.probe
        args = args_of(items)
        if args is None:
            return None  # nothing to read it with (no items): the batch call's own read fails alone
        found = self._execute_module(module_name=module, task_vars=task_vars,
                                     module_args=dict(self._defaults(module, system.name, task_vars), **args))
        if answer in found and not found.get("failed"):
            return None
        return "%s: %s" % (system.title, found.get("msg") or "the read failed")

    def _defaults(self, module, group, task_vars):
        """The task's module_defaults for ``module``: its groups' (all, then its own), then its own entry; a
        value that templates to omit is left out, so the module reads its environment variable."""
        merged = {}
        for entry in self._task.module_defaults or []:
            for name in ("group/contactcenter.agents.all", "group/contactcenter.agents.%s" % group, module):
                merged.update(entry.get(name) or {})
        omit = task_vars.get("omit")
        values = self._templar.template(merged)
        return {k: v for k, v in values.items() if v is not None and v != omit}
