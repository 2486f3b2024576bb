#!/usr/bin/env bash
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# The onboarding demo (`make demo`): 24 agents of examples/inventory/ onboarded into CEC and
# Bright Pattern with playbooks/onboard.yml: a plan (check mode), the real run, and a second run
# that changes nothing. On the simulators, a leaver (gail.gone) still has accounts: every report lists
# her as an orphan (examples/inventory sets a leaver scope; nothing is removed). Needs only Python 3.11,
# bash and tar.
#
#   scripts/demo.sh
#
# 1. builds/reuses the pinned virtualenv (scripts/venv.sh -> .venv/),
# 2. copies the collection to demo-output/collections/ansible_collections/contactcenter/agents/
#    (scripts/build_tree.sh), so that `contactcenter.agents.onboard` resolves,
# 3. starts the bundled simulators on free loopback ports (unless CEC_URL / BRIGHTPATTERN_URL are set
#    and DEMO_REAL=1 says to use them), exports their URLs and credentials, and stops them on exit,
# 4. runs the plan, the onboarding and the onboarding again, and prints the timings and where the
#    reports are. Everything goes to demo-output/ (gitignored).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=$ROOT/demo-output
export VENV=${VENV:-$ROOT/.venv}

say() { printf '\n== %s\n' "$*"; }

say "virtualenv"
"$ROOT/scripts/venv.sh"
PY=$VENV/bin/python
export PATH="$VENV/bin:$PATH"

mkdir -p "$OUT"
chmod 700 "$OUT"  # holds generated initial passwords

say "collection tree"
TREE=$("$ROOT/scripts/build_tree.sh" "$OUT/collections")
echo "collection copied to ${TREE#"$ROOT"/}"

SIM_PID=
stop_simulators() {
    if [ -n "$SIM_PID" ] && kill -0 "$SIM_PID" 2>/dev/null; then
        kill "$SIM_PID" 2>/dev/null || true
        wait "$SIM_PID" 2>/dev/null || true
        echo "simulators stopped"
    fi
}
trap stop_simulators EXIT
trap 'exit 130' INT TERM

if [ -n "${CEC_URL:-}${BRIGHTPATTERN_URL:-}" ]; then
    if [ "${DEMO_REAL:-0}" != 1 ]; then
        echo "CEC_URL or BRIGHTPATTERN_URL is set: the demo would onboard its 24 example agents there." >&2
        echo "Unset them to use the bundled simulators, or set DEMO_REAL=1 to really do it." >&2
        exit 2
    fi
    if [ -z "${CEC_URL:-}" ] || [ -z "${BRIGHTPATTERN_URL:-}" ]; then
        echo "DEMO_REAL=1 needs both CEC_URL and BRIGHTPATTERN_URL (and their credentials)." >&2
        exit 2
    fi
    say "using the configured endpoints $CEC_URL and $BRIGHTPATTERN_URL"
else
    say "simulators"
    rm -rf "$OUT/passwords" "$OUT/report" "$OUT/logs"  # fresh simulators: fresh accounts
    INFO=$OUT/simulators.json
    rm -f "$INFO"
    (cd "$TREE" && exec "$PY" -m tests.simulators --info-file "$INFO") >"$OUT/simulators.log" 2>&1 &
    SIM_PID=$!
    for _ in $(seq 1 150); do
        [ -s "$INFO" ] && break
        kill -0 "$SIM_PID" 2>/dev/null || { echo "the simulators did not start:" >&2; cat "$OUT/simulators.log" >&2; exit 1; }
        sleep 0.2
    done
    [ -s "$INFO" ] || { echo "the simulators did not start within 30 s" >&2; exit 1; }
    eval "$("$PY" - "$INFO" <<'EOF'
import json, shlex, sys
info = json.load(open(sys.argv[1]))
cec, bp = info["cec"], info["brightpattern"]
for name, value in (("CEC_URL", cec["url"]), ("CEC_APP_KEY", cec["app_key"]), ("CEC_APP_SECRET", cec["app_secret"]),
                    ("BRIGHTPATTERN_URL", bp["url"]), ("BRIGHTPATTERN_CLIENT_ID", bp["client_id"]),
                    ("BRIGHTPATTERN_CLIENT_SECRET", bp["client_secret"]), ("BRIGHTPATTERN_TENANT", bp["tenant"])):
    print("export %s=%s" % (name, shlex.quote(str(value))))
EOF
)"
    echo "CEC simulator at $CEC_URL, Bright Pattern simulator at $BRIGHTPATTERN_URL (pid $SIM_PID)"
    # Someone who left but still has accounts: the report lists them as leavers (orphans).
    "$PY" - "$CEC_URL" "$BRIGHTPATTERN_URL" <<'EOF'
import json, sys, urllib.request
for url, body in ((sys.argv[1], {"agents": [{"userAccount": "gail.gone", "userName": "Gail Gone", "agentType": 4,
                                             "email": "gail@example.com", "ccRoleId": 2, "skills": []}]}),
                  (sys.argv[2], {"users": [{"loginId": "gail.gone", "firstName": "Gail", "lastName": "Gone",
                                            "team": "Billing", "roles": ["Agent"], "skills": {}}]})):
    request = urllib.request.Request(url + "/_sim/seed", json.dumps(body).encode(), {"Content-Type": "application/json"})
    urllib.request.urlopen(request, timeout=10).read()
EOF
fi

mkdir -p "$OUT/logs"
export ANSIBLE_COLLECTIONS_PATH=$OUT/collections
export ANSIBLE_HOME=$OUT/ansible-home
export ANSIBLE_LOCAL_TEMP=$OUT/ansible-home/tmp
export ANSIBLE_RETRY_FILES_ENABLED=false
unset ANSIBLE_CONFIG

# run NAME [ansible-playbook options]: one onboarding run; prints its recap totals and duration.
run() {
    local name=$1 start end rc=0
    shift
    start=$(date +%s.%N)
    (cd "$ROOT" && ansible-playbook contactcenter.agents.onboard -i examples/inventory \
        -e onboarding_report_dir="$OUT/report" -e onboarding_password_dir="$OUT/passwords" "$@") \
        >"$OUT/logs/$name.log" 2>&1 || rc=$?
    end=$(date +%s.%N)
    LAST_SECONDS=$("$PY" -c "print('%.1f' % ($end - $start))")
    LAST_TOTALS=$(awk '/^PLAY RECAP/ {r=1; next} r && /: ok=/ {
            for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[2] != "") t[kv[1]] += kv[2] }; n++ }
        END { printf "%d agents: changed=%d failed=%d", n, t["changed"], t["failed"] }' "$OUT/logs/$name.log")
    printf '%-10s %6ss  %s  (log: %s)\n' "$name" "$LAST_SECONDS" "$LAST_TOTALS" "${OUT#"$ROOT"/}/logs/$name.log"
    if [ "$rc" -ne 0 ]; then
        echo "ansible-playbook failed (exit $rc); last lines of the log:" >&2
        tail -n 30 "$OUT/logs/$name.log" >&2
        exit "$rc"
    fi
}

say "plan (check mode): what would change"
run plan --check
sed 's/^/    /' "$OUT/report/onboarding-plan.md"

say "onboarding"
run first
FIRST="$LAST_SECONDS s, $LAST_TOTALS"

# sim_writes: the number of write requests in both simulators' request logs (their control API).
sim_writes() {
    "$PY" - "$CEC_URL" "$BRIGHTPATTERN_URL" <<'EOF'
import json, sys, urllib.request
cec, bp = (json.load(urllib.request.urlopen(url + "/_sim/log", timeout=10))["entries"] for url in sys.argv[1:3])
print(sum(e["path"].endswith(("/create", "/update", "/delete", "/addSkillsToAgent", "/releaseAgentBySkillId")) for e in cec)
      + sum(e["method"] in ("POST", "PUT", "PATCH", "DELETE") and not e["path"].endswith("/oauth/token") for e in bp))
EOF
}

say "onboarding again (idempotent: nothing to change, no write)"
WRITES_BEFORE=0
[ -z "$SIM_PID" ] || WRITES_BEFORE=$(sim_writes)
run second
SECOND="$LAST_SECONDS s, $LAST_TOTALS"
case "$LAST_TOTALS" in
    *" changed=0 failed=0") ;;
    *) echo "the second run changed something: see $OUT/logs/second.log" >&2; exit 1 ;;
esac
if [ -n "$SIM_PID" ]; then
    WRITES=$(($(sim_writes) - WRITES_BEFORE))
    echo "write requests the simulators received during the second run: $WRITES"
    [ "$WRITES" -eq 0 ] || { echo "the second run wrote to a simulator" >&2; exit 1; }
fi

say "summary"
echo "first run:  $FIRST"
echo "second run: $SECOND"
echo "reports:    ${OUT#"$ROOT"/}/report/onboarding-plan.{json,md} (check mode) and onboarding-result.{json,md}"
echo "passwords:  ${OUT#"$ROOT"/}/passwords/<system>/<account> (generated initial passwords, mode 0600)"
