# -*- coding: utf-8 -*-
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark helper (not part of the collection's plugins): write each task's wall time to JSON.

Enabled by bench/run.py with ANSIBLE_CALLBACK_PLUGINS and ANSIBLE_CALLBACKS_ENABLED=bench_timer;
the file is named by the BENCH_TIMER_FILE environment variable.
"""

from __future__ import annotations

import json
import os
import time

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = r"""
name: bench_timer
type: aggregate
short_description: Wall time of every task, as JSON (benchmark helper)
description:
  - Writes the total and each task's wall time in seconds as JSON to the file named by E(BENCH_TIMER_FILE).
requirements:
  - enable in the callbacks_enabled setting
"""


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "bench_timer"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super().__init__()
        self.started = time.monotonic()
        self.tasks = []
        self.current = None

    def _close(self):
        if self.current is not None:
            name, start = self.current
            self.tasks.append([name, round(time.monotonic() - start, 3)])
            self.current = None

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._close()
        self.current = (task.get_name(), time.monotonic())

    def v2_playbook_on_handler_task_start(self, task):
        self.v2_playbook_on_task_start(task, False)

    def v2_playbook_on_stats(self, stats):
        self._close()
        path = os.environ.get("BENCH_TIMER_FILE")
        if path:
            with open(path, "w", encoding="utf-8") as handle:
                json.dump({"total": round(time.monotonic() - self.started, 3), "tasks": self.tasks}, handle, indent=1)
