# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The core CEC scenarios against each named simulator dialect (tests/simulators/README.md, "Dialects"):
create, no-op re-run, update, delete, a batch with a leaver over several pages, and the info export. Every
dialect must give the same outcome with no unneeded write; one playbook run per dialect."""
from __future__ import annotations

import functools

import pytest

SEEDED = 120  # more than two pages of the capped (50) and of the uncapped (100) listing
NEW = {"user_account": "dialect_new", "user_name": "New Agent", "email": "new@x.io", "agent_type": "audio",
       "role": "agent", "password": "Te****34", "skills": [{"name": "Billing", "agent_weight": 2}]}


def seeded(i):
    return {"userAccount": "dialect_%03d" % i, "userName": "Agent %d" % i, "email": "a%d@x.io" % i, "phone": "",
            "agentType": 4, "ccRoleId": 2, "skills": [{"skillId": 4, "agentWeight": 1, "skillWeight": 1}]}


def item(i, **extra):
    return dict({"user_account": "dialect_%03d" % i, "user_name": "Agent %d" % i, "email": "a%d@x.io" % i,
                 "agent_type": "audio", "role": "agent", "skills": [{"name": "Billing"}]}, **extra)


@pytest.mark.parametrize("dialect", ["inconvenient", "literal", "lenient"])
def test_core_scenarios(module_steps, cec, sim_state, dialect):
    cec("options", {"dialect": dialect})
    cec("seed", {"agents": [seeded(i) for i in range(SEEDED)]})
    # The literal reading wraps the bodies as the tables do; the module has to be told (flat is its default).
    conn = {"cec_body_shape": "wrapped"} if dialect == "literal" else {}
    leaver = {"user_account": "dialect_110", "state": "absent"}
    batch = {"agents": [item(3), item(77, role="inspector"), item(115), leaver, NEW]}
    steps = functools.partial(module_steps, "cec_agent_account")
    create, noop, update, rerun, many, many_again, delete, gone, info = steps(
        {"args": dict(NEW, user_account="dialect_one", **conn)},
        {"args": dict(NEW, user_account="dialect_one", **conn)},
        {"args": dict(NEW, user_account="dialect_one", user_name="Renamed", **conn)},
        {"args": dict(NEW, user_account="dialect_one", user_name="Renamed", **conn)},
        {"args": dict(batch, **conn)},
        {"args": dict(batch, **conn)},
        {"args": dict(user_account="dialect_one", state="absent", **conn)},
        {"args": dict(user_account="dialect_one", state="absent", **conn)},
        {"module": "cec_agent_account_info", "args": conn})
    assert create.result["operation"] == "create" and [w["path"][-6:] for w in create.cec_writes()] == ["create"]
    assert update.result["changed_fields"] == ["user_name"] and len(update.cec_writes()) == 1
    assert delete.result["operation"] == "delete" and len(delete.cec_writes()) == 1
    assert many.result["counts"] == {"created": 1, "updated": 1, "deleted": 1, "unchanged": 2, "failed": 0}
    assert len(many.cec_writes()) == 3
    for again in (noop, rerun, many_again, gone):  # no unneeded write, and no silent "ok" for a failure
        assert again.result["changed"] is False and again.cec_writes() == [] and not again.result.get("failed")
    state = sim_state("cec")["agents"]
    assert "dialect_one" not in state and "dialect_110" not in state and state["dialect_077"]["ccRoleId"] == 3
    assert state["dialect_new"]["skills"] == [{"skillId": 4, "agentWeight": 2, "skillWeight": 1}]
    exported = {a["user_account"] for a in info.result["agents"]}
    assert len(info.result["agents"]) == SEEDED and "dialect_new" in exported and "dialect_110" not in exported
