# -*- coding: utf-8 -*-
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one read -> compare -> plan -> apply cycle, and the only place that talks to Ansible.

A batch of entities is read in as few calls as the vendor allows, each entity is planned with
the pure reconcile, then applied and read back on a bounded worker pool. One entity's failure
is recorded in its own result; the others carry on.
"""

from __future__ import annotations

from ansible.module_utils.basic import AnsibleModule, missing_required_lib
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
try:  # ansible-core 2.19 and later
    from ansible.module_utils.common.warnings import get_deprecations, get_warnings
except ImportError:  # 2.16 to 2.18 (requires_ansible >= 2.16)
    from ansible.module_utils.common.warnings import get_deprecation_messages as get_deprecations
    from ansible.module_utils.common.warnings import get_warning_messages as get_warnings

from ._adapter import Batch
from ._errors import ConflictError, ContactCenterError, InputError, TransportError, VerificationError
from ._http import (HAS_REQUESTS, HTTP_ARGUMENT_SPEC, REQUESTS_IMPORT_ERROR, check_ca_path, insecure_settings,
                    mask_secrets, runtime_secrets)
from ._entity import UNKNOWN, take_unreported
from ._reconcile import CREATE, DELETE, NONE, UPDATE, Plan, mismatches, plan_entity, server_added, visible

COUNT_NAMES = {CREATE: "created", UPDATE: "updated", DELETE: "deleted", NONE: "unchanged"}
CAUSE = "_cause"  # a failure's cause without the call, which differs per entity (a per-user URL)
SHOWN_KEYS = 5


class Entry:
    """One requested entity travelling through the run."""

    def __init__(self, index, params, controls, error=None):
        self.index = index
        self.params = params
        self.controls = controls
        self.error = error
        self.desired = None
        self.key = params.get("_key")
        self.wrote = False  # a write call returned (or a lost one turned out to be applied)


class Runner:
    def __init__(self, spec, batch):
        self.spec = spec
        self.batch = batch

    # ---------------------------------------------------------------- input
    def entries(self, params, raw=None):
        """Entries from the single-entity options or from the list option (``raw``: the options as given)."""
        spec = self.spec
        controls = {name: params.get(name) for name in spec.controls}
        items = params.get(spec.list_option)
        if items is None:
            wrong = spec.wrong_types(raw or {})
            if wrong:
                raise InputError(wrong[0], "must be a string, not a list or a mapping")
            error = spec.unquoted(raw or {})
            if error:
                raise error
            entity = {name: params.get(name) for name in spec.entity_argument_spec()}
            return [Entry(0, dict(entity, _key=entity.get(spec.key)), controls)]
        stray = sorted(n for n, f in spec.fields.items()
                       if params.get(n) is not None and params.get(n) != f.argument_spec().get("default"))
        if stray:
            raise InputError(None, "%s cannot be combined with %s; put them in each item" % (
                ", ".join(stray), spec.list_option))
        validator = ArgumentSpecValidator(spec.entity_argument_spec(with_defaults=False))
        out = []
        for index, raw in enumerate(items):
            result = validator.validate(raw)
            entity = dict(result.validated_parameters)
            key = raw.get(spec.key) if isinstance(raw, dict) else None
            merged = {n: entity.get(n) if entity.get(n) is not None else controls[n] for n in controls}
            error = None
            wrong = spec.wrong_types(raw) if isinstance(raw, dict) else []
            number = spec.unquoted(raw, " in %s[%d]" % (spec.list_option, index)) if isinstance(raw, dict) else None
            if wrong:
                error = InputError(wrong[0], "must be a string, not a list or a mapping (%s[%d])" % (
                    spec.list_option, index))
            elif number:
                error = number
            elif result.error_messages:
                error = InputError(None, "%s[%d]: %s" % (spec.list_option, index, "; ".join(result.error_messages)))
            elif entity.get(spec.key) is None:
                error = InputError(spec.key, "%s[%d] has no %s" % (spec.list_option, index, spec.key))
            out.append(Entry(index, dict(entity, _key=key), merged, error))
        return out

    # ---------------------------------------------------------------- the cycle
    def run(self, adapter, entries):
        spec = self.spec
        take_unreported()  # what an earlier run in this process saw is not this run's news
        seen = {}
        for entry in entries:
            if entry.error:
                continue
            try:
                entry.desired = spec.desired(entry.params)
                entry.key = entry.desired[spec.key]
            except InputError as exc:
                entry.error = exc
                continue
            if entry.key in seen:
                entry.error = InputError(spec.key, "%r is listed more than once (items %d and %d)" % (
                    entry.key, seen[entry.key], entry.index))
            seen.setdefault(entry.key, entry.index)
        good = [e for e in entries if not e.error]
        adapter.prepare([e.desired for e in good])
        options = [f.unmanaged_option for f in spec.fields.values() if f.unmanaged_option]
        for entry in good:
            try:
                entry.desired = adapter.resolve(entry.desired)
                for option in options:
                    if entry.controls.get(option):
                        entry.controls = dict(entry.controls, **{option: adapter.resolve_unmanaged(
                            option, entry.controls[option])})
            except ContactCenterError as exc:
                entry.error = exc
        good = [e for e in good if not e.error]
        current = adapter.read_many([e.key for e in good]) if good else {}
        results = self.batch.map(lambda e: self.process(adapter, e, None if e.error else current.get(e.key)),
                                 entries)
        for warning in take_unreported():
            self.batch.warn(warning)
        return results

    def process(self, adapter, entry, current):
        if entry.error:
            return self.result(adapter, entry, None, error=entry.error)
        if isinstance(current, Exception):
            return self.result(adapter, entry, None, error=current)
        plan = None
        try:
            plan = plan_entity(self.spec, entry.desired, current, entry.controls)
            adapter.check(plan, entry.desired, entry.controls)
            plan = self.handle_unsupported(adapter, plan, entry.controls)
            if self.batch.check_mode or not plan.changed:
                return self.result(adapter, entry, plan, predicted(self.spec, plan, current))
            readback = self.apply(adapter, plan, current, entry)
            return self.result(adapter, entry, plan, readback)
        except Exception as exc:  # noqa: BLE001 - becomes this entity's failure, not the batch's
            return self.result(adapter, entry, plan, error=exc)

    def handle_unsupported(self, adapter, plan, controls):
        """Fields the update call cannot change are never dropped silently."""
        if not plan.unsupported or adapter.can_apply(plan, controls):
            return plan
        text = "; ".join("%s (current %r, desired %r)" % u for u in plan.unsupported)
        if (controls.get("on_unsupported_change") or "fail") == "fail":
            raise InputError(None, "the API cannot change %s of %r: %s. %s" % (
                ", ".join(u[0] for u in plan.unsupported), plan.key, text, getattr(adapter, "unsupported_hint", "")))
        self.batch.warn("%r: not changing %s (the API cannot)" % (plan.key, text))
        skip = {u[0] for u in plan.unsupported}
        changes = {k: v for k, v in plan.changes.items() if k not in skip}
        after = dict(plan.after)
        after.update({k: plan.before.get(k) for k in skip})
        return Plan(plan.key, plan.op if changes else NONE, changes, plan.before, after)

    def apply(self, adapter, plan, current, entry):
        """Write, recovering from lost responses and create races by reading again."""
        extra = None
        try:
            extra = self.write(adapter, plan, current, entry.controls)
            entry.wrote = True
        except ConflictError:
            if plan.op != CREATE:
                raise
            entry.wrote = self.rewrite(adapter, plan, entry)
        except TransportError as exc:
            if not exc.maybe_applied:
                raise
            secret = [n for n in plan.changes if self.spec.field(n).write_only]
            if plan.op == UPDATE and secret:
                raise TransportError(
                    "%s; the update carried %s, which is never sent twice automatically (a repeat "
                    "can lock the account): check the account, then run again" % (exc.msg, ", ".join(secret))) from None
            self.rewrite(adapter, plan, entry)
            entry.wrote = True  # ours or the retry's: either way this run changed it
        if plan.op not in adapter.readback_ops:
            state = predicted(self.spec, plan, current)
            return dict(state, **extra) if state is not None and extra else state
        readback = adapter.read(plan.key)
        if plan.op == DELETE:
            if readback is not None:
                raise VerificationError([(self.spec.key, "absent", "still present")])
            return None
        self.warn_server_added(adapter, plan, readback, entry.controls)
        wrong = mismatches(self.spec, plan, readback)
        if wrong:
            raise VerificationError(wrong)
        return readback

    def warn_server_added(self, adapter, plan, readback, controls):
        """Map keys the server holds besides what was written: not a failure, but the next run removes them."""
        for name, extra in server_added(self.spec, plan, readback, controls):
            if name == self.spec.merge_field and controls.get(self.spec.merge_option):
                continue  # an additive run keeps them
            shown = adapter.to_display({name: extra}).get(name) or extra
            keys = ", ".join(sorted(str(k) for k in shown))
            option = self.spec.field(name).unmanaged_option
            hint = "list %s in %s" % ("it" if len(extra) == 1 else "them", option) if option else "add %s to %s" % (
                "it" if len(extra) == 1 else "them", name)
            self.batch.warn("%s %r: the server's %s also %s %s, which this task did not write; %s, or the next "
                            "run removes %s" % (self.spec.name, plan.key, name, "has" if len(extra) == 1 else "have",
                                                keys, hint, "it" if len(extra) == 1 else "them"))

    def rewrite(self, adapter, plan, entry):
        """Read what the server has now and write only what is still missing (never a secret twice).

        Returns whether a write was needed.
        """
        current = adapter.read(plan.key)
        desired = entry.desired
        if current is not None:
            desired = {k: v for k, v in desired.items() if not self.spec.field(k).write_only}
        again = plan_entity(self.spec, desired, current, entry.controls)
        if again.changed:
            adapter.check(again, desired, entry.controls)
            self.write(adapter, again, current, entry.controls)
        return again.changed

    @staticmethod
    def write(adapter, plan, current, controls):
        """Returns what the write call taught us about the new state (e.g. an assigned id)."""
        if plan.op == CREATE:
            return adapter.create(plan, controls)
        if plan.op == UPDATE:
            return adapter.update(plan, current, controls)
        return adapter.delete(plan)

    # ---------------------------------------------------------------- results
    def result(self, adapter, entry, plan, state=None, error=None):
        spec = self.spec
        out = {spec.key: entry.key, "changed": bool(plan and plan.changed and (not error or entry.wrote)),
               "operation": plan.op if plan else NONE,
               "changed_fields": plan.changed_fields if plan else [],
               spec.result_key: adapter.to_options(visible(spec, state)) if state else None,
               "failed": error is not None}
        if plan is not None:
            out["diff"] = {"before": adapter.to_display(plan.before), "after": adapter.to_display(plan.after),
                           "before_header": str(entry.key), "after_header": str(entry.key)}
        if error is not None:
            out["msg"] = getattr(error, "msg", None) or "%s: %s" % (type(error).__name__, error)
            if isinstance(error, ContactCenterError):
                out.update(error.details())
            out[CAUSE] = getattr(error, "cause", None) or out["msg"]  # for the summary; never returned
        return out


def predicted(spec, plan, current):
    """The state a real run would leave (for check mode and unchanged entities)."""
    if plan.op == DELETE:
        return None
    state = dict(current or {})
    state.update(visible(spec, plan.changes))
    state[spec.key] = plan.key
    return state


def summarise(spec, results):
    counts = {name: 0 for name in list(COUNT_NAMES.values()) + ["failed"]}
    for r in results:
        counts["failed" if r["failed"] else COUNT_NAMES[r["operation"]]] += 1
    return counts


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


NO_LOG_PLACEHOLDER = "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"  # what Ansible's masking puts for a secret value


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


class MaskingModule(AnsibleModule):
    """An AnsibleModule that also masks the tokens the run obtained, like the no_log options."""

    def _return_formatted(self, kwargs):
        text = result_text(kwargs)
        self.no_log_values.update(s for s in runtime_secrets() if s in text)
        super()._return_formatted(kwargs)


def result_text(kwargs):
    return "\n".join(texts_of([kwargs, get_warnings(), get_deprecations()]))


def start_batch(module, connection_spec, check_mode):
    """The run's Batch, after the settings every call depends on: a ca_path that cannot be read fails here,
    once, before any call; plain http and unchecked certificates are warned about once."""
    try:
        check_ca_path(module.params)
    except ContactCenterError as exc:
        module.fail_json(msg=exc.msg, **exc.details())
    batch = Batch(module.params, check_mode, module.params["parallel"])
    for warning in insecure_settings(module.params, [n for n in connection_spec if n.endswith("_url")]):
        batch.warn(warning)
    return batch


def emit_warnings(module, batch):
    # Warnings are masked here: not every ansible-core masks the warnings it returns.
    for warning in batch.warnings:
        module.warn(mask_secrets(warning))


def run_entity_module(spec, adapter_class, connection_spec):
    """main() of every entity module."""
    argument_spec = spec.module_argument_spec()
    argument_spec.update(connection_spec)
    argument_spec.update(HTTP_ARGUMENT_SPEC)
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

    module = EntityModule(argument_spec=argument_spec, supports_check_mode=True,
                          mutually_exclusive=[(spec.key, spec.list_option)],
                          required_one_of=[(spec.key, spec.list_option)])
    if not HAS_REQUESTS:
        module.fail_json(msg=missing_required_lib("requests"), exception=str(REQUESTS_IMPORT_ERROR))
    batch = start_batch(module, connection_spec, module.check_mode)
    runner = Runner(spec, batch)
    try:
        entries = runner.entries(module.params, module.raw_params)
        results = runner.run(adapter_class(module.params, batch), entries)
    except ContactCenterError as exc:
        emit_warnings(module, batch)
        module.fail_json(msg=exc.msg, **exc.details())
    emit_warnings(module, batch)
    if module.params.get(spec.list_option) is None:
        finish_single(module, spec, results[0])
    finish_batch(module, spec, results)


def finish_single(module, spec, res):
    res.pop(CAUSE, None)
    out = {"changed": res["changed"], spec.result_key: res[spec.result_key],
           "changed_fields": res["changed_fields"], "operation": res["operation"]}
    if "diff" in res:
        out["diff"] = {k: v for k, v in res["diff"].items() if k in ("before", "after")}
    if res["failed"]:
        extra = {k: v for k, v in res.items() if k not in out and k not in ("msg", "failed", "diff")}
        module.fail_json(msg=res["msg"], **dict(out, **extra))
    module.exit_json(**out)


def finish_batch(module, spec, results):
    counts = summarise(spec, results)
    diffs = [r.pop("diff") for r in results if "diff" in r]
    out = {"changed": any(r["changed"] for r in results), "results": results, "counts": counts,
           "diff": [d for d in diffs if d["before"] != d["after"]]}
    failed = [r for r in results if r["failed"]]
    if failed:
        msg = "%d of %d %s failed: %s" % (len(failed), len(results), spec.list_option, failure_lines(spec, failed))
        module.fail_json(msg=msg, failed_keys=[r[spec.key] for r in failed], **out)
    module.exit_json(**out)


def failure_lines(spec, failed):
    """One line per failure, except that failures with the same cause (a refused login, an unreachable or
    untrusted server) share one line with their count: 1,000 copies of one connection error help nobody."""
    groups = {}
    for r in failed:
        groups.setdefault(r.pop(CAUSE, None) or r["msg"], []).append(r)
    lines = []
    for cause, rows in groups.items():
        if len(rows) == 1:
            lines.append("%s: %s" % (rows[0][spec.key], rows[0]["msg"]))
            continue
        keys = ", ".join(str(r[spec.key]) for r in rows[:SHOWN_KEYS])
        more = " and %d more" % (len(rows) - SHOWN_KEYS) if len(rows) > SHOWN_KEYS else ""
        lines.append("%d %s (%s%s), each: %s" % (len(rows), spec.list_option, keys, more, cause))
    return " | ".join(lines)


def run_info_module(argument_spec, connection_spec, collect):
    """main() of every read-only module: ``collect(params, batch)`` returns the result keys."""
    spec = dict(argument_spec)
    spec.update(connection_spec)
    spec.update(HTTP_ARGUMENT_SPEC)
    module = MaskingModule(argument_spec=spec, supports_check_mode=True)
    if not HAS_REQUESTS:
        module.fail_json(msg=missing_required_lib("requests"), exception=str(REQUESTS_IMPORT_ERROR))
    batch = start_batch(module, connection_spec, True)
    take_unreported()
    try:
        result = collect(module.params, batch)
    except ContactCenterError as exc:
        emit_warnings(module, batch)
        module.fail_json(msg=exc.msg, **exc.details())
    for warning in take_unreported():
        batch.warn(warning)
    emit_warnings(module, batch)
    module.exit_json(changed=False, **drop_unknown(result))


def drop_unknown(value):
    """``value`` without the UNKNOWN markers of fields the server did not report (they are not JSON)."""
    if isinstance(value, dict):
        return {k: drop_unknown(v) for k, v in value.items() if v is not UNKNOWN}
    if isinstance(value, list):
        return [drop_unknown(v) for v in value]
    return value
