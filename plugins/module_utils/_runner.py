# -*- coding: utf-8 -*-
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one read -> compare -> plan -> apply cycle, and the only place that talks to Ansible.

A batch of entities is read in as few calls as the vendor allows, each entity is planned with
the pure reconcile, then applied and read back on a bounded worker pool. One entity's failure
is recorded in its own result; the others carry on. Results are shaped in _results.py; secrets
are masked in _no_log.py.
"""

from __future__ import annotations

from ansible.module_utils.basic import missing_required_lib
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from . import _orphans
from ._adapter import Batch
from ._errors import ConflictError, ContactCenterError, InputError, TransportError, VerificationError
from ._http import (HAS_REQUESTS, HTTP_ARGUMENT_SPEC, REQUESTS_IMPORT_ERROR, check_ca_path, insecure_settings,
                    mask_secrets)
from ._entity import take_unreported
from ._no_log import MaskingModule, entity_module_class
from ._operations import CREATE, DELETE, UPDATE
from ._reconcile import mismatches, plan_entity, server_added
from ._results import drop_unknown, finish_batch, finish_single, predicted, result


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
        # the orphans option (_orphans.py): extra entries, listed, planned and guarded before any write
        orphans, states = _orphans.orphan_entries(spec, adapter, entries, current)
        current = dict(current, **states)
        results = self.batch.map(lambda e: self.process(adapter, e, None if e.error else current.get(e.key)),
                                 entries + orphans)
        _orphans.mark(results[len(entries):], orphans)
        for warning in take_unreported():
            self.batch.warn(warning)
        return results

    def process(self, adapter, entry, current):
        if entry.error:
            return result(self.spec, adapter, entry, None, error=entry.error)
        if isinstance(current, Exception):
            return result(self.spec, adapter, entry, None, error=current)
        plan = None
        try:
            plan = plan_entity(self.spec, entry.desired, current, entry.controls)
            plan = adapter.check(plan, entry.desired, entry.controls)
            plan = self.handle_unsupported(adapter, plan, entry.controls)
            if self.batch.check_mode or not plan.changed:
                return result(self.spec, adapter, entry, plan, predicted(self.spec, plan, current))
            readback = self.apply(adapter, plan, current, entry)
            return result(self.spec, adapter, entry, plan, readback)
        except Exception as exc:  # noqa: BLE001 - becomes this entity's failure, not the batch's
            return result(self.spec, adapter, entry, plan, error=exc)

    def handle_unsupported(self, adapter, plan, controls):
        """Fields the update call cannot change are never dropped silently."""
        if not plan.unsupported or adapter.writes_unsupported_fields(plan, controls):
            return plan
        text = "; ".join("%s (current %r, desired %r)" % u for u in plan.unsupported)
        if (controls.get("on_unsupported_change") or "fail") == "fail":
            raise InputError(None, "the API cannot change %s of %r: %s. %s" % (
                ", ".join(u[0] for u in plan.unsupported), plan.key, text, adapter.unsupported_hint))
        self.batch.warn("%r: not changing %s (the API cannot)" % (plan.key, text))
        return plan.without({u[0] for u in plan.unsupported})

    def apply(self, adapter, plan, current, entry):
        """Write, recovering from lost responses and create races by reading again."""
        extra = None
        try:
            extra = self.write(adapter, plan, current, entry.controls)
            entry.wrote = True
        except ConflictError:
            if plan.op != CREATE:
                raise
            entry.wrote = self.write_what_is_missing(adapter, plan, entry)
        except TransportError as exc:
            if not exc.maybe_applied:
                raise
            secret = [n for n in plan.changes if self.spec.field(n).write_only]
            if plan.op == UPDATE and secret:
                raise TransportError(
                    "%s; the update carried %s, which is never sent twice automatically (a repeat "
                    "can lock the account): check the account, then run again" % (exc.msg, ", ".join(secret))) from None
            self.write_what_is_missing(adapter, plan, entry)
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
            if controls.get(self.spec.field(name).merge_option):
                continue  # an additive run keeps them
            keys = ", ".join(sorted(str(k) for k in adapter.to_display({name: extra}).get(name) or extra))
            it, has = ("it", "has") if len(extra) == 1 else ("them", "have")
            option = self.spec.field(name).unmanaged_option
            hint = "list %s in %s" % (it, option) if option else "add %s to %s" % (it, name)
            self.batch.warn("%s %r: the server's %s also %s %s, which this task did not write; %s, or the next run "
                            "removes %s" % (self.spec.name, plan.key, name, has, keys, hint, it))

    def write_what_is_missing(self, adapter, plan, entry):
        """Read what the server has now and write only what is still missing (never a secret twice).

        Returns whether a write was needed.
        """
        current = adapter.read(plan.key)
        desired = entry.desired
        if current is not None:
            desired = {k: v for k, v in desired.items() if not self.spec.field(k).write_only}
        again = adapter.check(plan_entity(self.spec, desired, current, entry.controls), desired, entry.controls)
        if again.changed:
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


def run_module(module, connection_spec, check_mode, work):
    """The one place that ends a module: ``work(batch)`` returns (failure message or None, result keys).

    A ca_path that cannot be read fails before any call; plain http and unchecked certificates are warned
    about once."""
    batch = None
    if not HAS_REQUESTS:
        msg, out = missing_required_lib("requests"), {"exception": str(REQUESTS_IMPORT_ERROR)}
    else:
        try:
            check_ca_path(module.params)
            batch = Batch(module.params, check_mode, module.params["parallel"])
            for warning in insecure_settings(module.params, [n for n in connection_spec if n.endswith("_url")]):
                batch.warn(warning)
            msg, out = work(batch)
        except ContactCenterError as exc:
            msg, out = exc.msg, exc.details()
    for warning in batch.warnings if batch else ():
        module.warn(mask_secrets(warning))  # masked here: not every ansible-core masks the warnings it returns
    if msg is None:
        module.exit_json(**out)
    else:
        module.fail_json(msg=msg, **out)


def run_entity_module(adapter_class):
    """main() of every entity module."""
    spec = adapter_class.spec
    argument_spec = {**spec.module_argument_spec(), **adapter_class.connection_spec, **HTTP_ARGUMENT_SPEC,
                     **_orphans.argument_spec(adapter_class)}
    module = entity_module_class(spec, argument_spec)(
        argument_spec=argument_spec, supports_check_mode=True,
        mutually_exclusive=[(spec.key, spec.list_option)], required_one_of=[(spec.key, spec.list_option)])

    def work(batch):
        runner = Runner(spec, batch)
        entries = runner.entries(module.params, module.raw_params)
        results = runner.run(adapter_class(module.params, batch), entries)
        if module.params.get(spec.list_option) is None:
            return finish_single(spec, results[0])
        msg, out = finish_batch(spec, results)
        _orphans.finish(out, module.params, spec.key)  # top-level orphans and counts.orphans
        return msg, out

    run_module(module, adapter_class.connection_spec, module.check_mode, work)


def run_info_module(argument_spec, connection_spec, collect):
    """main() of every read-only module: ``collect(params, batch)`` returns the result keys."""
    module = MaskingModule(argument_spec={**argument_spec, **connection_spec, **HTTP_ARGUMENT_SPEC},
                           supports_check_mode=True)

    def work(batch):
        take_unreported()
        found = collect(module.params, batch)
        for warning in take_unreported():
            batch.warn(warning)
        return None, dict(changed=False, **drop_unknown(found))

    run_module(module, connection_spec, True, work)
