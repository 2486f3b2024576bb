# -*- coding: utf-8 -*-
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Draw the benchmark's time-vs-N chart from bench/run.py's JSON (needs matplotlib: bench/requirements.txt).

    python bench/chart.py bench/results/benchmark.json bench/results/time_vs_n.png
"""

from __future__ import annotations

import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  pylint: disable=wrong-import-position

LINES = (  # approach, label, style
    ("role", "onboarding role (batch)", {"color": "tab:blue", "marker": "o"}),
    ("modules", "2 batch module calls", {"color": "tab:green", "marker": "s"}),
    ("loop", "module per agent (loop) *", {"color": "tab:red", "linestyle": "--", "marker": "^"}),
    ("uri", "uri per agent (loop) *", {"color": "tab:orange", "linestyle": "--", "marker": "v"}),
)
PANELS = (("first", "first run (all creates)", 20.0), ("noop", "no-op re-run", 8.0),
          ("changed", "10% changed", None))


def main(argv):
    source, target = argv[1], argv[2]
    with open(source, encoding="utf-8") as handle:
        data = json.load(handle)
    series, settings = data["series"], data["settings"]
    fig, axes = plt.subplots(1, len(PANELS), figsize=(15, 5), sharey=True)
    for ax, (scenario, title, goal) in zip(axes, PANELS):
        for approach, label, style in LINES:
            points = series.get(approach, {}).get(scenario)
            if not points:
                continue
            ns = sorted(int(n) for n in points)
            ax.plot(ns, [points[str(n)] for n in ns], label=label, **style)
        if goal:
            ax.plot([1000], [goal], marker="*", markersize=14, color="black", linestyle="none",
                    label="target at N=1,000 (%g s)" % goal)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_title(title)
        ax.set_xlabel("agents (N), each in 2 systems")
        ax.grid(True, which="both", alpha=0.3)
    axes[0].set_ylabel("wall time, seconds")
    axes[0].legend(loc="upper left", fontsize=8)
    fig.suptitle("contactcenter.agents: time vs N, %g ms simulated latency per request, %s CPUs (%s)\n"
                 "* per-agent loops measured on %d agents and scaled linearly" % (
                     settings["latency_ms"], data["machine"]["cpus"], data["generated_at"][:10],
                     settings["subset"]), fontsize=10)
    fig.tight_layout()
    fig.savefig(target, dpi=100)
    print("wrote %s" % target)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
