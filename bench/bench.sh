#!/usr/bin/env bash
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# The benchmark (`make bench`): batch onboarding against the per-agent baselines on the bundled
# simulators; prints the table and writes bench/results/benchmark.{json,md} and time_vs_n.png.
#
#   bench/bench.sh [bench/run.py options]     e.g. --quick, --n 500, --latency-ms 50, --profile
#
# 1. builds/reuses the test virtualenv (scripts/venv.sh -> .venv/: ansible-core, the simulators),
# 2. builds/reuses the benchmark's own venv .venv/bench/ from bench/requirements.txt (matplotlib for
#    the chart, py-spy for --profile); it lives inside .venv/, so git and the test tree ignore it,
# 3. runs bench/run.py with the test venv's Python, then bench/chart.py with the bench venv's.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export VENV=${VENV:-$ROOT/.venv}
BENCH_VENV=${BENCH_VENV:-$VENV/bench}

"$ROOT/scripts/venv.sh"

PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3)}
want=$({ "$PYTHON" -c 'import sys; print(sys.version)'; cat "$ROOT/bench/requirements.txt"; } | sha256sum | cut -d' ' -f1)
if [ ! -x "$BENCH_VENV/bin/python" ] || [ "$(cat "$BENCH_VENV/.requirements.sha256" 2>/dev/null || true)" != "$want" ]; then
    echo "bench: building $BENCH_VENV from bench/requirements.txt"
    rm -rf "$BENCH_VENV"
    "$PYTHON" -m venv "$BENCH_VENV"
    if ! "$BENCH_VENV/bin/python" -m pip install --disable-pip-version-check -r "$ROOT/bench/requirements.txt" \
            >"$BENCH_VENV/install.log" 2>&1; then
        echo "bench: pip install failed; last lines of $BENCH_VENV/install.log:" >&2
        tail -n 30 "$BENCH_VENV/install.log" >&2
        exit 1
    fi
    echo "$want" >"$BENCH_VENV/.requirements.sha256"
fi

export PATH="$BENCH_VENV/bin:$PATH"  # py-spy for --profile
exec "$VENV/bin/python" "$ROOT/bench/run.py" --chart-python "$BENCH_VENV/bin/python" "$@"
