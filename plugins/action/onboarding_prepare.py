# -*- coding: utf-8 -*-
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""onboarding_prepare: the onboarding role's input in one controller step (documented in plugins/modules).

Collect, check, initial passwords and module items in one pass: each role task that hands a thousand
records to a filter costs Ansible's templating of all of them, so these four steps share one task.
"""

from __future__ import annotations

import os

from ansible.errors import AnsibleError
from ansible.module_utils.parsing.convert_bool import boolean
from ansible.plugins.action import ActionBase

from ansible_collections.contactcenter.agents.plugins.plugin_utils import _leavers
from ansible_collections.contactcenter.agents.plugins.plugin_utils._action_args import checked_args
from ansible_collections.contactcenter.agents.plugins.plugin_utils._onboarding import ROLE_VARIABLES, items, people
from ansible_collections.contactcenter.agents.plugins.plugin_utils._onboarding_checks import validate
from ansible_collections.contactcenter.agents.plugins.plugin_utils._passwords import forget_by_system, read_or_generate
from ansible_collections.contactcenter.agents.plugins.plugin_utils._systems import get, names, systems

# The records are checked by validate(), with messages that name the record; the validator would only
# deep-copy them (0.2 s at 1,000 agents), so checked_args() passes them on unchecked.
RECORD_ARGS = ("agents", "defaults")
ARGUMENT_SPEC = {
    "agents": {"type": "raw"},
    "defaults": {"type": "raw"},
    "hosts": {"type": "list", "elements": "str", "default": []},
    "failed_hosts": {"type": "list", "elements": "str", "default": []},
    "systems": {"type": "list", "elements": "str"},  # unset: every registered system
    "connections": {"type": "dict"},  # unset: from each system's URL variable or environment variable
    "password_dir": {"type": "path", "required": True},
    "password_length": {"type": "int", "default": 8},
    "brightpattern_password_length": {"type": "int"},
    "brightpattern_unmanaged_skills": {"type": "list", "elements": "str", "default": []},
    "leavers": {"type": "str", "default": "ignore", "choices": list(_leavers.MODES)},
    "leavers_scope": {"type": "dict", "default": {}},
    "leavers_removal": {"type": "dict", "default": {}},
    "leavers_keep": {"type": "dict", "default": {}},
    "leavers_max_removals": {"type": "int", "default": 5},
    "leavers_source_size": {"type": "int"},
}
REPLACE_HINT = ("delete that file to have a new one generated on the next run, or give the password in the inventory "
                "(%s)")


class ActionModule(ActionBase):

    def run(self, tmp=None, task_vars=None):
        task_vars = task_vars or {}
        result = super().run(tmp, task_vars)
        args = checked_args("onboarding_prepare", self._task.args, ARGUMENT_SPEC, RECORD_ARGS)
        records = people(task_vars.get("hostvars", {}), args["hosts"], defaults=args["defaults"],
                         agents=args["agents"], source=task_vars.get("inventory_hostname"))
        _add_play_variables(records, task_vars)
        connections = {s: boolean(v, strict=False) for s, v in (
            self._urls(task_vars) if args["connections"] is None else args["connections"]).items()}
        chosen = names() if args["systems"] is None else args["systems"]
        problems = validate(records, systems=chosen, connections=connections, failed_hosts=args["failed_hosts"])
        orphans, notes, refused = self._leavers(args, chosen, task_vars)
        problems.extend(refused)
        result.update(changed=False, people=records, problems=problems, orphans=orphans, leavers=notes,
                      module_items={s: [] for s in names()}, generated={s: [] for s in names()},
                      passwords={s: {} for s in names()})
        if problems:
            return result  # no password is generated for input that will not be applied
        write = not self._task.check_mode
        built, generated, sources = {}, {}, {}
        for descriptor in systems():
            system = descriptor.name
            built[system] = items(records, system, systems=chosen,
                                  unmanaged=args.get(descriptor.unmanaged_arg) or ())
            need = [i for i in built[system] if i["state"] == "present" and "password" not in i]
            directory = os.path.join(args["password_dir"], system)
            length = args.get(descriptor.length_arg) or args["password_length"]
            try:
                # private_parents=1: the password directory itself is part of the store (0700, no symlink)
                found = read_or_generate([i[descriptor.key] for i in need], directory, system, length, write,
                                         private_parents=1)
                problems = ["%s initial passwords: the password stored in %s breaks %s; %s" % (
                    system, os.path.join(directory, e["account"]), descriptor.password_rule_broken(e["password"]),
                    REPLACE_HINT % ("%s.password or password" % system))
                    for e in found if not e["new"] and descriptor.password_rule_broken(e["password"])]
            except AnsibleError as exc:
                # A problem of the input like the others (and visible: the role's task is no_log).
                found, problems = [], ["%s initial passwords: %s" % (system, exc.message)]
            generated[system] = [e["account"] for e in found if e["new"] and write]
            if problems:
                # The passwords stored by this run will not be used by it: not kept.
                forget_by_system(generated, args["password_dir"])
                result["problems"] = problems
                return result
            for item, entry in zip(need, found):
                item["password"] = entry["password"]
            sources[system] = {e["account"]: {"path": os.path.join(directory, e["account"]), "new": e["new"]}
                               for e in found if write or not e["new"]}
        result.update(module_items=built, generated=generated, passwords=sources, changed=any(generated.values()))
        return result

    def _urls(self, task_vars):
        """{system: whether it has a URL}: its role variable, else its environment variable (on the controller,
        where the modules run)."""
        return {s.name: bool(self._templar.template(task_vars.get(s.url_variable)) or os.environ.get(s.url_env))
                for s in systems()}

    def _leavers(self, args, chosen, task_vars):
        """({system: the modules' orphans option or None}, {system: what the report says}, [problems])."""
        mode = args["leavers"]
        chosen = [s for s in chosen if s in names()]  # validate() reports the others
        problems = _leavers.settings_problems(
            {k: args["leavers_" + k] for k in ("scope", "removal", "keep")},
            {s.name: (s.leaver_scope, s.leaver_removals) for s in systems()})
        if problems:
            return {}, {}, problems
        scoped = [s for s in chosen if args["leavers_scope"].get(s) and mode != "ignore"]
        play = list(task_vars.get("ansible_play_hosts_all") or [])
        hostvars = task_vars.get("hostvars", {})
        sources = {} if not scoped or args["agents"] is not None else {
            h: hostvars[h]["onboarding_source"] for h in play if "onboarding_source" in hostvars[h]}
        partial = _leavers.partial_reasons(args["agents"] is not None, task_vars.get("ansible_limit"),
                                           list(task_vars.get("ansible_play_batch") or []), play, sources,
                                           args["leavers_source_size"])
        settings = {s: {"scope": args["leavers_scope"].get(s), "keep": args["leavers_keep"].get(s),
                        "removal": args["leavers_removal"].get(s) or get(s).removal} for s in chosen}
        return _leavers.plan(mode, chosen, settings, partial, args["leavers_max_removals"])


def _add_play_variables(records, task_vars):
    """The running host also sees play variables, which hostvars lack: a misspelt onboarding_agents there."""
    stray = sorted(n for n in task_vars if n.startswith("onboarding_") and n not in ROLE_VARIABLES)
    if not stray:
        return
    for record in records:
        if record.get("_source") == task_vars.get("inventory_hostname") and "_host" in record:
            record["_stray_variables"] = sorted(set(record.get("_stray_variables", [])) | set(stray))
