#!/usr/bin/env bash
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# Copy the working tree to DEST/ansible_collections/contactcenter/agents/ (the layout ansible-test
# and the collection loader need) and print that path.
#
#   scripts/build_tree.sh DEST
#
# A copy (not a symlink) so that ansible-test's output and caches never land in the checkout.
# Uses tar, which every machine has (rsync is not installed on ours). Untracked files are copied
# too, so work in progress is tested; .git, the venv and generated output are not.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DEST=${1:?usage: scripts/build_tree.sh DEST}
NS=$(sed -n 's/^namespace: *//p' "$ROOT/galaxy.yml")
NAME=$(sed -n 's/^name: *//p' "$ROOT/galaxy.yml")
TREE="$DEST/ansible_collections/$NS/$NAME"

rm -rf "$TREE"
mkdir -p "$TREE"
tar -C "$ROOT" -cf - \
    --exclude=./.git --exclude=./.venv --exclude=./tests/output --exclude=./demo-output \
    --exclude=__pycache__ --exclude='*.pyc' --exclude=.pytest_cache --exclude=.hypothesis --exclude=.benchmarks \
    --exclude='./*.tar.gz' \
    . | tar -C "$TREE" -xf -
echo "$TREE"
