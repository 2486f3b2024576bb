# -*- coding: utf-8 -*-
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""People as rows (an HR export) <-> onboarding person records: pure functions, no Ansible imports.

The hr_file inventory plugin reads rows into records, the onboarding_export filter writes records as rows;
both use the column names and cell formats below, so an exported file reads back to the same records.

A row is a mapping of column header -> cell text. A header is a record field path (``first_name``,
``cec.agent_type``, ``brightpattern.skills.English``); a user's own headers are mapped onto those paths.
Every cell stays the text it was (no number or date guessing); only skill weights and levels become integers,
and ``disabled``/``change_password`` booleans, because the role needs them so.
"""

from __future__ import annotations

import csv
import io
import re

import yaml

from ansible_collections.contactcenter.agents.plugins.module_utils._cec_agent import AGENT_TYPES, CEC_AGENT, ROLES, email_ok
from ansible_collections.contactcenter.agents.plugins.module_utils._entity import CREATE
from ansible_collections.contactcenter.agents.plugins.module_utils._errors import InputError
from ansible_collections.contactcenter.agents.plugins.plugin_utils._onboarding import ACCOUNT_RE, STATES

NULL = "-"  # a cell of just this is null: it removes a default (a team skill, a whole system section)
LIST_SEP = ";"
TRUE, FALSE = ("true", "yes", "y", "1"), ("false", "no", "n", "0")

TEXT = "text"
# field path -> kind; a kind names the parser below
FIELDS = {
    "account": "account", "first_name": TEXT, "last_name": TEXT, "email": "email", "phone": TEXT, "state": "state",
    "cec": "section", "cec.user_name": "user_name", "cec.email": "email", "cec.phone": "cec_phone",
    "cec.agent_type": "agent_type", "cec.role": "role", "cec.skills": "cec_skills", "cec.state": "state",
    "brightpattern": "section", "brightpattern.login_id": "account", "brightpattern.team": TEXT,
    "brightpattern.extension": "extension", "brightpattern.email": "email", "brightpattern.work_phone": TEXT,
    "brightpattern.mobile_phone": TEXT, "brightpattern.skills": "bp_skills", "brightpattern.roles": "roles",
    "brightpattern.disabled": "bool", "brightpattern.change_password": "bool", "brightpattern.state": "state",
}
SKILL_PREFIXES = {"cec.skills.": "cec_weight", "brightpattern.skills.": "bp_level"}
PASSWORD_COLUMNS = ("password", "cec.password", "brightpattern.password")
# The column order of an export.
EXPORT_COLUMNS = ["account", "team"] + [f for f in FIELDS if f not in ("account", "state") and not f.endswith(".state")]


class RowError(ValueError):
    """A cell that cannot be read; the message names what was wrong, the caller adds where."""


# ------------------------------------------------------------------ reading files
class Cell(str):
    """A cell's text with its position: ``line`` and ``column`` (a number for CSV, the key for JSON/YAML)."""

    line = 0
    column = None

    @classmethod
    def at(cls, text, line, column):
        cell = cls(text)
        cell.line, cell.column = line, column
        return cell


def read_csv(text, delimiter=","):
    """(header cells, [(line, {header: Cell})]); blank rows are skipped, a ragged row's missing cells are empty."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows, headers, line = [], None, 1
    try:
        for cells in reader:
            start, line = line, reader.line_num + 1
            if headers is None:
                headers = [Cell.at(h.strip(), start, n) for n, h in enumerate(cells, 1)]
                continue
            if not any(c.strip() for c in cells):
                continue
            row = {}
            for number, value in enumerate(cells, 1):
                if number > len(headers) or headers[number - 1] == "":  # spreadsheets add unnamed empty columns
                    if value.strip():
                        row[Cell.at("", start, number)] = Cell.at(value, start, number)
                    continue
                row[headers[number - 1]] = Cell.at(value, start, number)
            rows.append((start, row))
    except csv.Error as exc:
        raise RowError("line %d: not valid CSV (%s)" % (reader.line_num, exc)) from None
    if headers is None:
        raise RowError("line 1: the file is empty; the first line must name the columns")
    return headers, rows


def _plain(node):
    """A YAML node as written: every scalar is its source text (so 0101 stays "0101"); a plain null is None."""
    if isinstance(node, yaml.ScalarNode):
        if node.style is None and node.value in ("", "~", "null", "Null", "NULL"):
            return None
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [_plain(n) for n in node.value]
    return {_plain(k): _plain(v) for k, v in node.value}


def _flatten(node, prefix, line, out):
    for key_node, value_node in node.value:
        key = prefix + str(_plain(key_node))
        where = key_node.start_mark.line + 1
        if isinstance(value_node, yaml.MappingNode):
            _flatten(value_node, key + ".", where, out)
        elif isinstance(value_node, yaml.SequenceNode):
            items = [_plain(n) for n in value_node.value]
            if any(not isinstance(i, str) or LIST_SEP in i for i in items):
                out[Cell.at(key, where, key)] = RowError("a list here must hold names without %r" % LIST_SEP)
            else:
                out[Cell.at(key, where, key)] = Cell.at(LIST_SEP.join(items), where, key)
        else:
            value = _plain(value_node)
            if value is None:  # YAML/JSON null is null; an empty plain value is not given
                value = "" if value_node.value == "" else NULL
            out[Cell.at(key, where, key)] = Cell.at(value, where, key)
    return out


def read_yaml(text):
    """JSON or YAML: a list of mappings (nested mappings become dotted columns). Same shape as read_csv."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise RowError("line %s: not valid JSON/YAML (%s)" % (mark.line + 1 if mark else "?",
                                                              getattr(exc, "problem", exc))) from None
    if root is None:
        return [], []
    if not isinstance(root, yaml.SequenceNode):
        raise RowError("line %d: the file must hold a list of people" % (root.start_mark.line + 1))
    rows, headers = [], {}
    for node in root.value:
        line = node.start_mark.line + 1
        if not isinstance(node, yaml.MappingNode):
            rows.append((line, {Cell.at("", line, "item"): RowError("each item must be a mapping of columns")}))
            continue
        row = _flatten(node, "", line, {})
        headers.update((k, k) for k in row)
        rows.append((line, row))
    return list(headers), rows


# ------------------------------------------------------------------ cells -> record
def _int(text, what, low, high=None):
    if not re.fullmatch(r"[0-9]+", text.strip()):
        raise RowError("%s must be a whole number, not %r" % (what, text))
    value = int(text)
    if value < low or (high is not None and value > high):
        raise RowError("%s must be %s, not %d" % (what, "%d to %d" % (low, high) if high is not None
                                                  else "at least %d" % low, value))
    return value


def cec_weight(text):
    """``2`` -> 2 (agent weight); ``2/3`` -> {agent_weight: 2, skill_weight: 3}."""
    agent, slash, skill = text.strip().partition("/")
    if not slash:
        return _int(agent, "a CEC skill weight", 1)
    return {"agent_weight": _int(agent, "a CEC agent weight", 1), "skill_weight": _int(skill, "a CEC skill weight", 1)}


def bp_level(text):
    return _int(text, "a Bright Pattern skill level", 0, 100)


def _skill_ref(name, system):
    if system == "cec" and re.fullmatch(r"#[0-9]+", name):
        return int(name[1:])  # a CEC skill queue by id
    return name


def skills_cell(text, parse, system):
    """``Billing:2; Retention:1/3`` -> {Billing: 2, Retention: {...}}; ``name:-`` is null (drops a default)."""
    out = {}
    for part in text.split(LIST_SEP):
        if not part.strip():
            continue
        name, colon, value = part.rpartition(":")
        name = name.strip()
        if not colon or not name:
            raise RowError("%r is not name:%s" % (part.strip(), "weight" if system == "cec" else "level"))
        ref = _skill_ref(name, system)
        if ref in out:
            raise RowError("skill %s is listed twice" % name)
        out[ref] = None if value.strip() == NULL else parse(value)
    return out


def _choice(text, choices, what):
    if text not in choices:
        raise RowError("%s must be one of %s, not %r" % (what, ", ".join(choices), text))
    return text


def _account(text):
    if not ACCOUNT_RE.fullmatch(text) or text.startswith("."):
        raise RowError("%r must be letters, digits and @ . - _ (not starting with a dot)" % text)
    return text


def _cec_rules(option, what):
    """A parser that checks the text against the CEC field spec's own rules for a create."""
    def parse(text):
        try:
            CEC_AGENT.field(option).check(text, CREATE)
        except InputError as exc:
            raise RowError("a CEC %s %s" % (what, exc.msg.split(": ", 1)[-1])) from None
        return text
    return parse


def _email(text):
    if not email_ok(text):
        raise RowError("%r is not an e-mail address" % text)
    return text


def _bool(text):
    low = text.strip().lower()
    if low in TRUE or low in FALSE:
        return low in TRUE
    raise RowError("must be true or false (or yes/no), not %r" % text)


def _roles(text):
    roles = [r.strip() for r in text.split(LIST_SEP)]
    if not all(roles):
        raise RowError("must be role names separated by %r, not %r" % (LIST_SEP, text))
    return roles


def _extension(text):
    if not re.fullmatch(r"[0-9]+", text):
        raise RowError("an extension must be digits, not %r" % text)
    return text


PARSERS = {
    TEXT: lambda t: t, "account": _account, "email": _email, "state": lambda t: _choice(t, STATES, "state"),
    "section": _bool, "user_name": _cec_rules("user_name", "user name"), "cec_phone": _cec_rules("phone", "phone"),
    "agent_type": lambda t: _choice(t, tuple(AGENT_TYPES), "agent_type"),
    "role": lambda t: _choice(t, tuple(ROLES), "role"),
    "cec_skills": lambda t: skills_cell(t, cec_weight, "cec"),
    "bp_skills": lambda t: skills_cell(t, bp_level, "brightpattern"),
    "roles": _roles, "bool": _bool, "extension": _extension,
    "cec_weight": cec_weight, "bp_level": bp_level,
}


def field_of(header, columns, ignore_unknown=False):
    """(record path, kind) of a column header, None to ignore it; raises RowError for an unknown column."""
    header = str(header)  # a plain str: Ansible stores no str subclass
    if header in columns:
        header = columns[header]
        if header in (None, ""):
            return None
    if header in FIELDS:
        return header, FIELDS[header]
    for prefix, kind in SKILL_PREFIXES.items():
        if header.startswith(prefix) and header[len(prefix):].strip():
            return header, kind
    if header in PASSWORD_COLUMNS:
        raise RowError("passwords are not read from a file of people: give them from a vault in the inventory, "
                       "or let the role generate them")
    if ignore_unknown:
        return None
    raise RowError("unknown column %r (known: %s, cec.skills.<name>, brightpattern.skills.<name>; map your own "
                   "headers with the columns option)" % (header, ", ".join(FIELDS)))


def _put(record, path, value):
    """Set a dotted path; a skill column's name is everything after ``<system>.skills.``."""
    for prefix in SKILL_PREFIXES:
        if path.startswith(prefix):
            system = prefix.split(".")[0]
            section = record.setdefault(system, {})
            skills = section.setdefault("skills", {})
            ref = _skill_ref(path[len(prefix):].strip(), system)
            if ref in skills:
                raise RowError("skill %s is given twice" % ref)
            skills[ref] = value
            return
    system, dot, name = path.partition(".")
    if not dot:
        record[path] = value
        return
    section = record.setdefault(system, {})
    if name == "skills" and isinstance(section.get("skills"), dict) and value is not None:
        twice = set(section["skills"]) & set(value)
        if twice:
            raise RowError("skill %s is given twice" % ", ".join(map(str, sorted(twice, key=str))))
        section["skills"].update(value)
    else:
        section[name] = value


def row_record(row, columns=None, group_by=None, line=0, ignore_unknown=False):
    """One row -> (record, group value or None, [(Cell, message)]).

    An empty cell is not given (a default applies), ``-`` is null. The column ``cec``/``brightpattern`` says
    yes (in that system) or no (null section: not in it, whatever the defaults say).
    """
    record, problems, flags, group, account_given = {}, [], {}, None, False
    for header, cell in row.items():
        if isinstance(cell, RowError):
            problems.append((header, str(cell)))
            continue
        if group_by is not None and header == group_by and cell.strip() not in ("", NULL):
            group = str(cell).strip()
        try:
            found = field_of(header, columns or {}, ignore_unknown)
        except RowError as exc:
            if header == group_by:
                continue  # the grouping column need not be a field
            problems.append((cell, str(exc)))
            continue
        if found is None or not cell.strip():
            continue
        path, kind = found
        account_given = account_given or path == "account"
        try:
            value = None if cell.strip() == NULL else PARSERS[kind](str(cell))
            if kind == "section":
                flags[path] = value
                continue
            _put(record, path, value)
        except RowError as exc:
            problems.append((cell, "%s: %s" % (path, exc)))
    for system, flag in flags.items():
        if flag:
            record.setdefault(system, {})
        elif isinstance(record.get(system), dict):
            cell = next(c for h, c in row.items() if h == system or (columns or {}).get(h) == system)
            problems.append((cell, "%s says no, but the row has %s fields" % (system, system)))
        else:
            record[system] = None
    if not account_given:
        problems.append((Cell.at("", line, "account"), "account is required"))
    return record, group, problems


def where(path, cell):
    column = cell.column
    if isinstance(column, int):
        return "%s line %d, column %d" % (path, cell.line, column)
    return "%s line %d, column %s" % (path, cell.line, column)


def read_people(text, path, kind, columns=None, group_by="team", delimiter=",", ignore_unknown=False):
    """File text -> ([(record, group)], [problem]); problems name the file, line and column, for every bad row."""
    try:
        if kind == "json":
            text = text.replace("\t", " ")  # JSON has no literal tab inside strings; YAML takes none as space
        headers, rows = read_csv(text, delimiter) if kind == "csv" else read_yaml(text)
    except RowError as exc:
        return [], ["%s %s" % (path, exc)]
    problems = []
    if kind == "csv":
        for header in headers:
            if header == "":
                continue
            if [str(h) for h in headers].count(header) > 1:
                problems.append("%s: the column %r is given twice" % (where(path, header), str(header)))
            if header == group_by:
                continue
            try:
                field_of(header, columns or {}, ignore_unknown)
            except RowError as exc:
                problems.append("%s: %s" % (where(path, header), exc))
        known = {h for h in headers if h == group_by or not any(p.startswith(where(path, h) + ":") for p in problems)}
        rows = [(line, {h: c for h, c in row.items() if h in known or h == ""}) for line, row in rows]
    out, seen = [], {}
    for line, row in rows:
        if "" in row and isinstance(row[""], Cell) and row[""].column != "item":
            problems.append("%s: a cell outside the named columns" % where(path, row[""]))
            continue
        record, group, bad = row_record(row, columns, group_by, line, ignore_unknown)
        problems.extend("%s: %s" % (where(path, cell), message) for cell, message in bad)
        account = record.get("account")
        if account:
            seen.setdefault(account.lower(), []).append(line)
        out.append((record, group))
    for account, lines in seen.items():
        if len(lines) > 1:
            problems.append("%s: account %s is on lines %s" % (path, account, ", ".join(map(str, lines))))
    return out, problems


def group_name(value):
    """A team name as an inventory group name: lower case, anything but a-z, 0-9 and _ becomes _."""
    name = re.sub(r"[^a-z0-9_]", "_", value.strip().lower())
    return name if re.match(r"[a-z_]", name) else "team_" + name


# ------------------------------------------------------------------ record -> cells (export)
def _weight_text(value):
    if isinstance(value, dict):
        agent, skill = value.get("agent_weight", 1), value.get("skill_weight", 1)
        return str(agent) if skill == 1 else "%s/%s" % (agent, skill)
    return str(value)


def _name_cell_ok(name):
    return LIST_SEP not in name and ":" not in name and name == name.strip() and not re.fullmatch(r"#[0-9]+", name)


def record_row(record, team=None):
    """A record -> {column: cell text}; skills whose names do not fit a cell get a column of their own."""
    row = {"account": record["account"], "team": team or ""}
    for path, kind in FIELDS.items():
        system, dot, name = path.partition(".")
        if kind == "section":
            section = record.get(path, False)
            row[path] = "" if section is False else ("yes" if isinstance(section, dict) else "no")
            continue
        holder = record.get(system) if dot else record
        if not isinstance(holder, dict) or (name if dot else path) not in holder:
            continue
        value = holder[name if dot else path]
        if value is None:
            row[path] = NULL
        elif kind in ("cec_skills", "bp_skills"):
            cells = []
            for ref, weight in value.items():
                text = NULL if weight is None else (_weight_text(weight) if kind == "cec_skills" else str(weight))
                if isinstance(ref, int):
                    cells.append("#%d:%s" % (ref, text))
                elif _name_cell_ok(ref):
                    cells.append("%s:%s" % (ref, text))
                else:
                    row["%s.skills.%s" % (system, ref)] = text
            row[path] = LIST_SEP.join(cells)
        elif kind == "roles":
            row[path] = LIST_SEP.join(value)
        elif kind == "bool":
            row[path] = "true" if value else "false"
        elif path != "account":
            row[path] = str(value)
    return row


def write_csv(rows):
    """CSV text of rows: EXPORT_COLUMNS, then any per-skill columns; every cell quoted only where CSV needs it."""
    extra = sorted({c for row in rows for c in row if c not in EXPORT_COLUMNS})
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_COLUMNS + extra, restval="", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


__all__ = ["read_people", "record_row", "write_csv", "group_name", "RowError"]
