# -*- coding: utf-8 -*-
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Declarative field specs: one place says what a field is called, how it compares, what rules it
obeys and how it maps to the API. The argument spec and every comparison derive from it."""

from __future__ import annotations

import re
import threading

from ._errors import ApiError, InputError
from ._operations import CREATE, UPDATE


class _Unknown:
    """The server reported nothing comparable for a field (e.g. CEC's 255 "idle" codes)."""

    def __repr__(self):
        return "UNKNOWN"

    def __bool__(self):
        return False


UNKNOWN = _Unknown()

# (api name, option) of fields the server's answers left out in this run: one warning each, not one per entity.
_UNREPORTED = set()
_UNREPORTED_LOCK = threading.Lock()


def take_unreported():
    """The warnings for the fields that were missing from read answers since the last call (and forget them)."""
    with _UNREPORTED_LOCK:
        found = sorted(_UNREPORTED)
        _UNREPORTED.clear()
    return ["the server's answers have no %s: %s is neither compared nor verified" % pair for pair in found]


def unquoted(option, value, where=""):
    """The InputError for an identifier YAML turned into a number (or a boolean), showing what arrived."""
    return InputError(option, "got %r (type %s)%s, not a string: YAML reads an unquoted value such as 0101, "
                      "00012345 or +4420... as a number (0101 becomes 65, 00012345 becomes 5349, the + and "
                      "leading zeros are lost); quote it, e.g. %s: \"0101\"" % (
                          value, type(value).__name__, where, option))


# ---------------------------------------------------------------- normalisers
def norm_str(value):
    """Trimmed string; empty means unset (None)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ValueError("must be a string, not %s" % type(value).__name__)
    text = str(value).strip()
    return text or None


def norm_int(value):
    """An integer, also from a digit string ("75" == 75); never from a bool or a float."""
    if value is None:
        return None
    if isinstance(value, str):
        if not re.fullmatch(r"\s*-?\d+\s*", value):
            raise ValueError("must be an integer, not %r" % value)
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise ValueError("must be an integer, not %s" % type(value).__name__)


def norm_bool(value):
    """A boolean, also from the strings servers send ("true"/"false")."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise ValueError("must be a boolean, not %r" % (value,))


def norm_set(value):
    """A list compared as a set: sorted, unique, trimmed strings."""
    if value is None:
        return None
    if not isinstance(value, (list, tuple, set)):
        raise ValueError("must be a list")
    return sorted({s for s in (norm_str(v) for v in value) if s is not None})


def norm_int_map(value):
    """A name -> integer map (skill levels), order-free."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ValueError("must be a mapping of name to integer")
    out = {}
    for name, level in value.items():
        key = norm_str(name)
        if key is None:
            raise ValueError("has an empty name")
        try:
            out[key] = norm_int(level)
        except ValueError as exc:
            raise ValueError("%s %s" % (key, exc)) from None
        if out[key] is None:
            raise ValueError("%s has no level" % key)
    return out


# ---------------------------------------------------------------- rules
class Rule:
    """A documented constraint: ``check(value)`` is true when the value obeys it."""

    def __init__(self, check, message, ops=(CREATE, UPDATE)):
        self.check = check
        self.message = message
        self.ops = ops


def max_length(limit, ops=(CREATE, UPDATE)):
    return Rule(lambda v: len(v) <= limit, "must be at most %d characters" % limit, ops)


def max_bytes(limit, ops=(CREATE, UPDATE)):
    return Rule(lambda v: len(v.encode("utf-8")) <= limit, "must be at most %d bytes in UTF-8" % limit, ops)


def matches(regex, description, ops=(CREATE, UPDATE)):
    compiled = re.compile(regex)
    return Rule(lambda v: compiled.fullmatch(v) is not None, description, ops)


def without(chars, ops=(CREATE, UPDATE)):
    return Rule(lambda v: not set(v) & set(chars), "must not contain any of %s" % chars, ops)


# ---------------------------------------------------------------- fields
NORMALISERS = {"str": norm_str, "text": norm_str, "int": norm_int, "bool": norm_bool,
               "set": norm_set, "map": norm_int_map}
ARG_TYPES = {"str": "str", "text": "raw", "int": "int", "bool": "bool", "set": "list", "map": "dict"}

# The controls every entity module has: engine defaults, not copies per vendor.
STANDARD_CONTROLS = {
    "state": {"type": "str", "default": "present", "choices": ["present", "absent"]},
    "update_password": {"type": "str", "default": "on_create", "choices": ["on_create", "always"], "no_log": False},
}
UNSUPPORTED_CONTROL = {"on_unsupported_change": {"type": "str", "default": "fail", "choices": ["fail", "warn"]}}


class Field:
    """One managed option.

    kind: str | text (a str that also accepts ints, e.g. phones; argument type raw) | int | bool | set | map | custom
    write_only: never readable (passwords): compared never, sent per ``update_password``.
    updatable: false when the vendor's update call cannot change it.
    normalize: replaces the kind's normaliser (custom kinds must give one).
    to_api/from_api: value codecs between the normalised form and the API's form.
    rules: documented constraints, checked on the normalised value before any write.
    no_log: True for secrets (implied by write_only); False for an option whose name only looks like a
      secret (``change_password``), so that Ansible does not warn; None (default) leaves it unset.
    identifier: text that identifies (accounts, logins, extensions, phones): a number or boolean given for
      it is refused, since YAML made it from an unquoted value and lost leading zeros or a ``+``.
    unmanaged_option: for a map (dict) field, the name of a control (a list of str) naming keys the
      collection does not manage: ignored when comparing, written back unchanged.
    merge_option: for a map field, the name of a control (a bool, default false) that adds to what the
      entity has instead of replacing it (``append_skills``).
    on_create_only: sent on create; on an existing entity compared and written only with
      ``update_password=always`` (e.g. a "must change password" flag).
    """

    def __init__(self, option, api=None, kind="str", aliases=(), choices=None, no_log=None,
                 write_only=False, updatable=True, required_on_create=False, rules=(),
                 normalize=None, to_api=None, from_api=None, argspec=None, identifier=False,
                 unmanaged_option=None, on_create_only=False, merge_option=None):
        self.option = option
        self.api = api
        self.kind = kind
        self.aliases = tuple(aliases)
        self.choices = choices
        self.no_log = True if write_only else no_log
        self.write_only = write_only
        self.updatable = updatable
        self.required_on_create = required_on_create
        self.rules = tuple(rules)
        self.normalize_fn = normalize or NORMALISERS[kind]
        self.to_api = to_api or (lambda v: v)
        self.from_api = from_api or self.normalize_fn
        self.argspec = argspec
        self.identifier = identifier
        self.unmanaged_option = unmanaged_option
        self.on_create_only = on_create_only
        self.merge_option = merge_option

    def normalize(self, value):
        if self.identifier and isinstance(value, (int, float)):
            raise unquoted(self.option, value)
        try:
            return self.normalize_fn(value)
        except ValueError as exc:
            raise InputError(self.option, str(exc)) from None

    def check(self, value, op):
        """Raise InputError for the first rule ``value`` breaks for operation ``op``."""
        if value is None or value is UNKNOWN:
            return
        if self.choices and value not in self.choices:
            raise InputError(self.option, "must be one of %s, not %r" % (", ".join(map(str, self.choices)), value))
        for rule in self.rules:
            if op in rule.ops and not rule.check(value):
                raise InputError(self.option, rule.message)

    def argument_spec(self):
        if self.argspec is not None:
            return dict(self.argspec)
        spec = {"type": ARG_TYPES[self.kind]}
        if self.kind == "set":
            spec["elements"] = "str"
        if self.aliases:
            spec["aliases"] = list(self.aliases)
        if self.choices:
            spec["choices"] = list(self.choices)
        if self.no_log is not None:
            spec["no_log"] = bool(self.no_log)
        return spec


class EntitySpec:
    """An entity type: its fields, key, list option and per-entity controls.

    ``controls`` are per-entity options that steer the engine; in list mode an item's own value wins over
    the module-level one. The engine adds STANDARD_CONTROLS, each field's merge_option and unmanaged_option,
    and on_unsupported_change when a field is not updatable; ``controls`` holds only the vendor's own.
    """

    def __init__(self, name, key, fields, list_option, result_key, controls=None):
        self.name = name
        self.key = key
        self.fields = {f.option: f for f in fields}
        self.list_option = list_option
        self.result_key = result_key
        self.controls = dict(STANDARD_CONTROLS)
        for f in fields:
            if f.merge_option:
                self.controls[f.merge_option] = {"type": "bool", "default": False}
            if f.unmanaged_option:
                self.controls[f.unmanaged_option] = {"type": "list", "elements": "str"}
        if not all(f.updatable for f in fields):
            self.controls.update(UNSUPPORTED_CONTROL)
        self.controls.update(controls or {})
        # Looked up once: from_api runs for every record of a 1,000-entity read.
        self.readable = [(n, f) for n, f in self.fields.items() if f.api and not f.write_only]
        self.identifiers = [(a, n) for n, f in self.fields.items() if f.identifier for a in (n,) + f.aliases]

    def field(self, option):
        return self.fields[option]

    def entity_argument_spec(self, with_defaults=True):
        spec = {name: f.argument_spec() for name, f in self.fields.items()}
        for name, control in self.controls.items():
            control = dict(control)
            if not with_defaults:
                control.pop("default", None)
            spec[name] = control
        return spec

    def wrong_types(self, raw):
        """Options of type str given a list or a mapping, which Ansible would quietly turn into text."""
        names = {}
        for name, opts in self.entity_argument_spec().items():
            if opts.get("type") == "str":
                names.update((n, name) for n in [name] + list(opts.get("aliases") or []))
        return sorted({names[k] for k, v in raw.items() if k in names and isinstance(v, (list, dict))})

    def unquoted(self, raw, where=""):
        """The InputError for the first identifier given as a number or boolean (before Ansible makes it text)."""
        for name, option in self.identifiers:
            value = raw.get(name)
            if isinstance(value, (int, float)):
                return unquoted(option, value, where)
        return None

    def module_argument_spec(self):
        spec = self.entity_argument_spec()
        spec[self.list_option] = {"type": "list", "elements": "dict"}
        return spec

    def desired(self, params):
        """Normalised desired values of the fields the user set; checks op-free rules."""
        out = {}
        for name, f in self.fields.items():
            raw = params.get(name)
            if raw is None:
                continue
            value = f.normalize(raw)
            if value is UNKNOWN:
                continue  # the option's way of saying "leave it alone"
            if name == self.key and value is None:
                raise InputError(name, "must not be empty")
            out[name] = value
        return out

    def from_api(self, record):
        """Normalised current state from an API record, for fields with a plain API name.

        A key the answer does not have (not even as null) is UNKNOWN: never compared, never verified,
        and reported once per run (see take_unreported)."""
        if not isinstance(record, dict):
            raise ApiError("the server's answer is not a JSON object")
        out = {}
        for name, f in self.readable:
            if f.api not in record:
                out[name] = UNKNOWN
                if (f.api, name) not in _UNREPORTED:
                    with _UNREPORTED_LOCK:
                        _UNREPORTED.add((f.api, name))
                continue
            try:
                out[name] = f.from_api(record[f.api])
            except (ValueError, TypeError, AttributeError, KeyError, IndexError) as exc:
                raise ApiError("the server's answer has an unusable %s (%s)" % (f.api, exc)) from None
        return out

    def to_api(self, values):
        return {self.fields[k].api: self.fields[k].to_api(v) for k, v in values.items() if self.fields[k].api}
