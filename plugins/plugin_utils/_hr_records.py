# -*- coding: utf-8 -*-
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""People as rows (an HR export) <-> onboarding person records: pure functions.

The hr_file inventory plugin reads rows into records, the onboarding_export filter writes records as rows;
both use the column names and cell formats below, so an exported file reads back to the same records.

A row is a mapping of column header -> cell text. A header is a record field path (``first_name``,
``cec.agent_type``, ``brightpattern.skills.English``); a user's own headers are mapped onto those paths. The
columns and how each cell reads come from the registry of systems and the vendors' field specs, and so do the
rules a row is checked against (the role's own checks, run on each row's record). Every cell stays the text it
was (no number or date guessing); only mapping values (skill weights, levels) become integers, and booleans.
"""

from __future__ import annotations

import csv
import io
import re

import yaml

from ansible_collections.contactcenter.agents.plugins.plugin_utils._onboarding import IDENTITY_FIELDS, sections
from ansible_collections.contactcenter.agents.plugins.plugin_utils._onboarding_checks import (
    check_account, check_system, check_types)
from ansible_collections.contactcenter.agents.plugins.plugin_utils._systems import MapCells, get, systems as registered

NULL = "-"  # a cell of just this is null: it removes a default (a team skill, a whole system section)
LIST_SEP = ";"
TRUE, FALSE = ("true", "yes", "y", "1"), ("false", "no", "n", "0")
TEXT, SECTION, BOOL, LIST, MAP = "text", "section", "bool", "list", "map"  # how a column's cell reads


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


def _flatten(node, prefix, out):
    for key_node, value_node in node.value:
        key = prefix + str(_plain(key_node))
        where = key_node.start_mark.line + 1
        if isinstance(value_node, yaml.MappingNode):
            _flatten(value_node, key + ".", out)
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
        row = _flatten(node, "", {})
        headers.update((k, k) for k in row)
        rows.append((line, row))
    return list(headers), rows


# ------------------------------------------------------------------ cells -> record
class Column:
    """A known column: the record path it fills and how its cell reads (``kind``, and ``cells`` for a mapping)."""

    def __init__(self, path, kind, cells=None):
        self.path, self.kind, self.cells = path, kind, cells


def known_columns():
    """record path -> Column: the identity fields, then each system's flag and section fields (the registry's).

    A section field is a column when its spec field is (the role's own extras are not); a mapping field also
    takes a column per name (``<path>.<name>``)."""
    out = {name: Column(name, TEXT) for name in IDENTITY_FIELDS if name != "password"}
    for system in registered():
        out[system.name] = Column(system.name, SECTION)
        for option in system.section_fields:
            field = system.spec.fields.get(option)
            if option == "password" or (field is None and option != "state"):
                continue
            cells = system.cells.get(option) or (MapCells() if field is not None and field.kind == "map" else None)
            kind = MAP if cells else {"bool": BOOL, "set": LIST}.get(getattr(field, "kind", None), TEXT)
            out["%s.%s" % (system.name, option)] = Column("%s.%s" % (system.name, option), kind, cells)
    return out


def _bool(text):
    low = text.strip().lower()
    if low in TRUE or low in FALSE:
        return low in TRUE
    raise RowError("must be true or false (or yes/no), not %r" % text)


def _names(text):
    names = [n.strip() for n in text.split(LIST_SEP)]
    if not all(names):
        raise RowError("must be names separated by %r, not %r" % (LIST_SEP, text))
    return names


def _entry(cells, name, text):
    """One value of a mapping column; ``-`` is null (it drops a default)."""
    if text.strip() == NULL:
        return None
    try:
        return cells.parse(text)
    except ValueError as exc:
        raise RowError("%s %s" % (name, exc)) from None


def _mapping(text, cells):
    """``Billing:2; Retention:1/3`` -> {Billing: 2, Retention: {...}}."""
    out = {}
    for part in text.split(LIST_SEP):
        if not part.strip():
            continue
        name, colon, value = part.rpartition(":")
        name = name.strip()
        if not colon or not name:
            raise RowError("%r is not name:value" % part.strip())
        ref = cells.ref(name)
        if ref in out:
            raise RowError("skill %s is listed twice" % name)
        out[ref] = _entry(cells, name, value)
    return out


def _value(column, text):
    if column.kind == MAP:
        return _mapping(text, column.cells)
    return {SECTION: _bool, BOOL: _bool, LIST: _names}.get(column.kind, str)(text)


def field_of(header, mapped, known, ignore_unknown=False):
    """(record path, Column, entry name or None) of a column header, None to ignore it; RowError if unknown.

    ``known`` is known_columns()."""
    header = str(header)  # a plain str: Ansible stores no str subclass
    if header in mapped:
        header = mapped[header]
        if header in (None, ""):
            return None
    if header in known:
        return header, known[header], None
    for path, column in known.items():
        if column.kind == MAP and header.startswith(path + ".") and header[len(path) + 1:].strip():
            return path, column, header[len(path) + 1:].strip()
    if header in ("password",) + tuple("%s.password" % s.name for s in registered()):
        raise RowError("passwords are not read from a file of people: give them from a vault in the inventory, "
                       "or let the role generate them")
    if ignore_unknown:
        return None
    raise RowError("unknown column %r (known: %s, and <mapping>.<name> for %s; map your own headers with the "
                   "columns option)" % (header, ", ".join(known), ", ".join(p for p, c in known.items() if c.kind == MAP)))


def _put(record, path, value, entry=None, cells=None):
    """Set a dotted path; ``entry`` is one name of a mapping column (a column of its own)."""
    system, dot, name = path.partition(".")
    holder = record.setdefault(system, {}) if dot else record
    if entry is not None:
        ref = cells.ref(entry)
        if ref in holder.setdefault(name, {}):
            raise RowError("skill %s is given twice" % entry)
        holder[name][ref] = value
    elif isinstance(holder.get(name), dict) and isinstance(value, dict):
        twice = set(holder[name]) & set(value)
        if twice:
            raise RowError("skill %s is given twice" % ", ".join(map(str, sorted(twice, key=str))))
        holder[name].update(value)
    else:
        holder[name if dot else path] = value


_WHERE = "\0row"  # stands for the row in the role's messages, which then name the cell


def _rule_problems(record, cells, line):
    """The role's own checks of one record (types, the account, each system's field spec), each at the cell it
    names. Not checked here: what defaults may still give (required fields, sections) and template markers,
    which the role reports."""
    problems = []
    bad = check_types(record, _WHERE, problems, templates=False)
    check_account(record, _WHERE, problems)
    for name in sections(record):
        check_system(record, get(name), _WHERE, bad, problems, complete=False)
    out = []
    for message in problems:
        text = message[len(_WHERE) + 2:]
        named = [p for p in cells if text.startswith(p) and not re.match(r"\w", text[len(p):])]
        path = max(named, key=len, default=None)
        out.append((cells[path] if path else Cell.at("", line, text.split(" ")[0]), text))
    return out


def row_record(row, known, mapped=None, group_by=None, line=0, ignore_unknown=False):
    """One row -> (record, group value or None, [(Cell, message)]).

    An empty cell is not given (a default applies), ``-`` is null. A system's own column (``cec``, ...) says
    yes (in that system) or no (null section: not in it, whatever the defaults say).
    """
    record, problems, flags, group, cells = {}, [], {}, None, {}
    for header, cell in row.items():
        if isinstance(cell, RowError):
            problems.append((header, str(cell)))
            continue
        if group_by is not None and header == group_by and cell.strip() not in ("", NULL):
            group = str(cell).strip()
        try:
            found = field_of(header, mapped or {}, known, ignore_unknown)
        except RowError as exc:
            if header == group_by:
                continue  # the grouping column need not be a field
            problems.append((cell, str(exc)))
            continue
        if found is None or not cell.strip():
            continue
        path, column, entry = found
        try:
            if entry is not None:
                _put(record, path, _entry(column.cells, entry, str(cell)), entry, column.cells)
                cells.setdefault("%s.%s" % (path, column.cells.ref(entry)), cell)
            elif column.kind == SECTION:
                flags[path] = None if cell.strip() == NULL else _bool(str(cell))
                continue
            else:
                _put(record, path, None if cell.strip() == NULL else _value(column, str(cell)))
            cells.setdefault(path, cell)
        except RowError as exc:
            problems.append((cell, "%s: %s" % (path, exc)))
            if "." in path:  # the person is in that system all the same: its other cells get its rules
                record.setdefault(path.split(".")[0], {})
    for system, flag in flags.items():
        if flag:
            record.setdefault(system, {})
        elif isinstance(record.get(system), dict):
            cell = next(c for h, c in row.items() if h == system or (mapped or {}).get(h) == system)
            problems.append((cell, "%s says no, but the row has %s fields" % (system, system)))
        else:
            record[system] = None
    return record, group, problems + _rule_problems(record, cells, line)


def where(path, cell):
    return "%s line %d, column %s" % (path, cell.line, cell.column)


def read_people(text, path, kind, columns=None, group_by="team", delimiter=",", ignore_unknown=False):
    """File text -> ([(record, group)], [problem]); problems name the file, line and column, for every bad row."""
    try:
        if kind == "json":
            text = text.replace("\t", " ")  # JSON has no literal tab inside strings; YAML takes none as space
        headers, rows = read_csv(text, delimiter) if kind == "csv" else read_yaml(text)
    except RowError as exc:
        return [], ["%s %s" % (path, exc)]
    problems, known = [], known_columns()
    if kind == "csv":
        for header in headers:
            if header == "":
                continue
            if [str(h) for h in headers].count(header) > 1:
                problems.append("%s: the column %r is given twice" % (where(path, header), str(header)))
            if header == group_by:
                continue
            try:
                field_of(header, columns or {}, known, ignore_unknown)
            except RowError as exc:
                problems.append("%s: %s" % (where(path, header), exc))
        good = {h for h in headers if h == group_by or not any(p.startswith(where(path, h) + ":") for p in problems)}
        rows = [(line, {h: c for h, c in row.items() if h in good or h == ""}) for line, row in rows]
    out, seen = [], {}
    for line, row in rows:
        if "" in row and isinstance(row[""], Cell) and row[""].column != "item":
            problems.append("%s: a cell outside the named columns" % where(path, row[""]))
            continue
        record, group, bad = row_record(row, known, columns, group_by, line, ignore_unknown)
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
def _cell_name_ok(name, cells):
    return LIST_SEP not in name and ":" not in name and name == name.strip() and cells.ref(name) == name


def _cell(column, value):
    if column.kind == MAP:
        return LIST_SEP.join("%s:%s" % (column.cells.ref_text(ref), NULL if v is None else column.cells.write(v))
                             for ref, v in value.items())
    if column.kind == LIST:
        return LIST_SEP.join(value)
    if column.kind == BOOL:
        return "true" if value else "false"
    return str(value)


def export_columns():
    """The column order of an export: the account and team, then every field but the states."""
    return ["account", "team"] + [p for p in known_columns() if p != "account" and p.split(".")[-1] != "state"]


def record_row(record, team=None, known=None):
    """A record -> {column: cell text}; mapping names that do not fit a cell get a column of their own.

    ``known``: known_columns(), worked out once for a whole file."""
    row = {"account": record["account"], "team": team or ""}
    for path, column in (known or known_columns()).items():
        system, dot, name = path.partition(".")
        if column.kind == SECTION:
            section = record.get(path, False)
            row[path] = "" if section is False else ("yes" if isinstance(section, dict) else "no")
            continue
        holder = record.get(system) if dot else record
        if path == "account" or not isinstance(holder, dict) or (name if dot else path) not in holder:
            continue
        value = holder[name if dot else path]
        if column.kind == MAP and value is not None:
            apart = {ref: v for ref, v in value.items() if not isinstance(ref, int) and not _cell_name_ok(ref, column.cells)}
            for ref, v in apart.items():
                row["%s.%s" % (path, ref)] = NULL if v is None else column.cells.write(v)
            value = {ref: v for ref, v in value.items() if ref not in apart}
        row[path] = NULL if value is None else _cell(column, value)
    return row


def write_csv(rows):
    """CSV text of rows: the export columns, then any per-name columns; cells quoted only where CSV needs it."""
    names = export_columns()
    extra = sorted({c for row in rows for c in row if c not in names})
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=names + extra, restval="", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


__all__ = ["read_people", "record_row", "write_csv", "group_name", "known_columns", "RowError"]
