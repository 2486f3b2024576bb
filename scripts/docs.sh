#!/usr/bin/env bash
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# `make docs`: render docs/reference/ (one Markdown page per module, plugin and role, and an index)
# from the collection's own documentation with scripts/docs_md.py. `make test` (step docs) fails
# when the committed pages differ from a fresh rendering.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=${VENV:-$ROOT/.venv}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/contactcenter-agents-docs.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
"$ROOT/scripts/build_tree.sh" "$TMP" >/dev/null
"$VENV/bin/python" "$ROOT/scripts/docs_md.py" "$TMP" "$ROOT/docs/reference"
echo "docs/reference/: $(find "$ROOT/docs/reference" -name '*.md' | wc -l) pages"
