#!/usr/bin/env bash
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# Create (or reuse) the test virtualenv with the pinned tools from tests/requirements.txt.
#
#   scripts/venv.sh            # -> .venv/ in the repository root
#   VENV=/some/dir scripts/venv.sh
#   PYTHON=python3.11 scripts/venv.sh
#   VENV=.venv/compat REQUIREMENTS=tests/requirements-compat.txt scripts/venv.sh   # the oldest ansible-core
#
# The venv is reused while a hash of the requirement files, the Python version and this script
# is unchanged; otherwise it is deleted and rebuilt from scratch.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=${VENV:-$ROOT/.venv}
PIP_PIN=pip==26.3
read -r -a REQS <<<"${REQUIREMENTS:-tests/requirements.txt tests/unit/requirements.txt}"
REQ_ARGS=()
for req in "${REQS[@]}"; do REQ_ARGS+=(-r "$ROOT/$req"); done

if [ -z "${PYTHON:-}" ]; then
    PYTHON=$(command -v python3.11 || command -v python3 || true)
fi
if [ -z "$PYTHON" ]; then
    echo "venv: no python3.11 or python3 on PATH" >&2
    exit 2
fi

stamp() {
    {
        "$PYTHON" -c 'import sys; print(sys.version)'
        echo "$PIP_PIN"
        for req in "${REQS[@]}"; do cat "$ROOT/$req"; done
        cat "$ROOT/scripts/venv.sh"
    } | sha256sum | cut -d' ' -f1
}

want=$(stamp)
if [ -x "$VENV/bin/python" ] && [ "$(cat "$VENV/.requirements.sha256" 2>/dev/null || true)" = "$want" ]; then
    echo "venv: reusing $VENV"
    exit 0
fi

echo "venv: building $VENV with $("$PYTHON" --version 2>&1) (pinned tools from ${REQS[*]})"
rm -rf "$VENV"
"$PYTHON" -m venv "$VENV"
log="$VENV/install.log"
if ! {
    "$VENV/bin/python" -m pip install --disable-pip-version-check "$PIP_PIN" &&
    "$VENV/bin/python" -m pip install --disable-pip-version-check "${REQ_ARGS[@]}"
} >"$log" 2>&1; then
    echo "venv: pip install failed; last lines of $log:" >&2
    tail -n 40 "$log" >&2
    exit 1
fi
"$VENV/bin/python" -m pip check >>"$log" 2>&1 || {
    echo "venv: pip check reports conflicts:" >&2
    "$VENV/bin/python" -m pip check >&2 || true
    exit 1
}
echo "$want" >"$VENV/.requirements.sha256"
echo "venv: ready (ansible-core $("$VENV/bin/python" -c "from ansible.release import __version__; print(__version__)"))"
