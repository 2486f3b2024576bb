# -*- coding: utf-8 -*-
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one vocabulary of operations, shared by the engine, the modules' results, the role and its report.

A plan's operation is one of OPERATIONS; results and reports count them under COUNT_KEYS, and the report
shows an operation under its LABEL (``none`` reads "unchanged")."""

from __future__ import annotations

CREATE, UPDATE, DELETE, NONE = "create", "update", "delete", "none"
OPERATIONS = (CREATE, UPDATE, DELETE, NONE)
COUNTED_AS = {CREATE: "created", UPDATE: "updated", DELETE: "deleted", NONE: "unchanged"}
FAILED = "failed"
COUNT_KEYS = tuple(COUNTED_AS.values()) + (FAILED,)
LABELS = {CREATE: "create", UPDATE: "update", DELETE: "delete", NONE: "unchanged"}


def label(operation):
    """How the report shows ``operation`` (an unknown one as given, a missing one as "-")."""
    return LABELS.get(operation, operation or "-")


def new_counts():
    """{count key: 0} in the order reports show them."""
    return dict.fromkeys(COUNT_KEYS, 0)


def count_key(operation, failed=False):
    """The count an item with ``operation`` goes to (``failed`` wins), or None for an unknown operation."""
    if failed:
        return FAILED
    return COUNTED_AS.get(operation) or COUNTED_AS.get(next((o for o, n in LABELS.items() if n == operation), None))
