# -*- coding: utf-8 -*-
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The onboarding role's data work, shared by its filter plugins: pure functions, no I/O.

One *person record* describes an agent once: the shared identity (account, names, e-mail, phone,
state, password) plus one section per system the person is in (``cec:``, ``brightpattern:``).
This file collects records (from hostvars or a list) and turns them into the items of the batch modules,
as each system's descriptor (_systems.py) says. The checks are in _onboarding_checks.py, the report in the
onboarding_report filter. Passwords are read from records only to build module items.
"""

from __future__ import annotations

import re

from ansible_collections.contactcenter.agents.plugins.plugin_utils._systems import get, systems as registered

STATES = ("present", "absent")
IDENTITY_FIELDS = ("account", "first_name", "last_name", "email", "phone", "state", "password")

# The variables the role reads (roles/onboarding/meta/argument_specs.yml); a test keeps them in line.
ROLE_VARIABLES = (
    "onboarding_person", "onboarding_defaults", "onboarding_agents", "onboarding_systems", "onboarding_password_dir",
    "onboarding_password_length", "onboarding_brightpattern_password_length", "onboarding_report_dir",
    "onboarding_validate_certs", "onboarding_ca_path", "onboarding_timeout", "onboarding_parallel",
    "onboarding_requests_per_second", "onboarding_brightpattern_on_unsupported_change",
    "onboarding_brightpattern_use_scim", "onboarding_brightpattern_unmanaged_skills", "onboarding_hosts",
    "onboarding_leavers", "onboarding_leavers_scope", "onboarding_leavers_removal", "onboarding_leavers_keep",
    "onboarding_leavers_max_removals", "onboarding_leavers_source_size", "onboarding_source",
) + tuple(v for s in registered() for v in s.connection.values())

# Safe as a file name and accepted by both APIs (CEC: 6-50 of these characters).
ACCOUNT_RE = re.compile(r"[A-Za-z0-9@._-]+")
ACCOUNT_MAX = 200  # one file per account in the password store: file names have at most 255 bytes


# ------------------------------------------------------------------ records
def merge(base, override):
    """``override`` combined onto ``base``, recursing into mappings; an explicit ``None`` wins.

    Lists are replaced, not merged (as ``combine(recursive=True)`` does)."""
    if not isinstance(base, dict) or not isinstance(override, dict):
        return override
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


def _plain(value):
    """A plain dict/list copy of a templated value (HostVars views, lazy containers)."""
    if isinstance(value, dict) or (hasattr(value, "items") and hasattr(value, "keys")):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _build(defaults, person, where):
    errors = []
    if defaults is not None and not isinstance(defaults, dict):
        errors.append("onboarding_defaults must be a mapping, not %s" % type(defaults).__name__)
        defaults = None
    if person is not None and not isinstance(person, dict):
        errors.append("the record must be a mapping, not %s" % type(person).__name__)
        person = None
    record = merge(defaults or {}, person or {})
    record["_where"] = where
    if errors:
        record["_errors"] = errors
    return record


def people(hostvars, hosts, defaults=None, agents=None, source=None):
    """Person records: from ``agents`` (list mode) or from each host's variables (inventory mode).

    List mode: every item of ``agents`` combined onto ``defaults``.
    Inventory mode: for each host, its ``onboarding_person`` combined onto its ``onboarding_defaults``,
    both read from ``hostvars`` (inventory, facts and extra vars; ``defaults`` is not used, because the
    task's own view of ``onboarding_defaults`` is one host's); the account defaults to the host name.
    """
    out = []
    if agents is not None:
        if not isinstance(agents, (list, tuple)):
            return [{"_where": "onboarding_agents", "_source": source,
                     "_errors": ["onboarding_agents must be a list, not %s" % type(agents).__name__]}]
        for index, item in enumerate(_plain(agents)):
            record = _build(_plain(defaults), item, "onboarding_agents[%d]" % index)
            record["_source"] = source
            out.append(record)
        return out
    for host in hosts or []:
        host_vars = hostvars[host]
        own = host_vars["onboarding_defaults"] if "onboarding_defaults" in host_vars else None
        person = host_vars["onboarding_person"] if "onboarding_person" in host_vars else {}
        record = _build(_plain(own), _plain(person), "host %s" % host)
        if record.get("account") is None:
            record["account"] = host
        record["_host"] = host
        record["_source"] = host
        stray = sorted(n for n in host_vars.keys() if n.startswith("onboarding_") and n not in ROLE_VARIABLES)
        if stray:
            record["_stray_variables"] = stray
        out.append(record)
    return out


def label(record):
    account = record.get("account")
    where = record.get("_where", "?")
    if account is None or where == "host %s" % account:
        return where
    return "%s (%s)" % (account, where)


def sections(record):
    """The systems the person is in: the sections present and not null."""
    return [s.name for s in registered() if isinstance(record.get(s.name), dict)]


def selected(record, chosen):
    return [s for s in sections(record) if s in chosen]


def items(records, system, passwords=None, systems=None, unmanaged=()):
    """Module items of every record that is in ``system`` (and ``system`` is selected), in record order.

    ``unmanaged``: skills the collection does not manage, for every user (the ``unmanaged_skills`` control)."""
    descriptor = get(system)
    if systems is not None and system not in systems:
        return []
    return [descriptor.item(r, passwords, {"unmanaged": unmanaged}) for r in records if system in sections(r)]
