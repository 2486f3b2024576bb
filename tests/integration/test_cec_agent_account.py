# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""cec_agent_account, cec_agent_account_info and cec_skill_info through ansible-playbook against the simulator."""
from __future__ import annotations


import pytest

# The seed example of agentAccount/create (000): every documented field.
SEED_CREATE = {"user_account": "test123456", "user_name": "test111", "password": "Te****34",
               "email": "t**@****.com", "agent_type": "video", "role": "agent",
               "skills": [{"skill_id": 3, "agent_weight": 1, "skill_weight": 1},
                          {"skill_id": 2, "agent_weight": 1, "skill_weight": 2}]}
MOD = "cec_agent_account"


def test_create_sends_the_seed_fields_once_then_is_idempotent(steps, sim_state):
    check, create, again = steps({"args": SEED_CREATE, "check": True}, {"args": SEED_CREATE}, {"args": SEED_CREATE})
    assert create.result["changed"] is True and create.result["operation"] == "create"
    # The simulator answers a missing account with a failure envelope (query_missing: error, its default):
    # the module confirms the absence with the (here one-page) listing before it creates.
    assert create.cec_calls() == ["querySkills", "query", "query", "create"]
    assert create.cec[-2]["body"] == {"pageNum": 0, "pageSize": 100}
    body = create.cec_writes()[0]["body"]
    assert body == {"userAccount": "test123456", "userName": "test111", "password": "********",
                    "email": "t**@****.com", "agentType": 11, "ccRoleId": 2,
                    "skills": [{"skillId": 2, "agentWeight": 1, "skillWeight": 2},
                               {"skillId": 3, "agentWeight": 1, "skillWeight": 1}]}
    assert create.result["agent"]["work_no"] == 101
    assert again.result["changed"] is False and again.cec_writes() == []
    # check mode predicted exactly this, without writing
    assert check.result["changed"] is True and check.cec_writes() == []
    assert check.result["diff"] == create.result["diff"]
    assert create.result["diff"]["after"]["password"] == "<set>"
    assert create.result["diff"]["after"]["skills"] == {
        "defaultVideoSkill": {"agent_weight": 1, "skill_weight": 2},
        "defaultAudioVideoSkill": {"agent_weight": 1, "skill_weight": 1}}
    assert sim_state("cec")["agents"]["test123456"]["agentType"] == 11


def test_update_sends_only_what_differs(steps):
    changed = dict(SEED_CREATE, user_name="test123", phone="1845555555",
                   skills=[{"skill_id": 2, "agent_weight": 3, "skill_weight": 2}])
    setup, check, update, again = steps({"args": SEED_CREATE}, {"args": changed, "check": True},
                                        {"args": changed}, {"args": changed})
    assert update.result["changed_fields"] == ["phone", "skills", "user_name"]
    writes = update.cec_writes()
    assert len(writes) == 1 and writes[0]["path"].endswith("/update")
    assert writes[0]["body"] == {"userAccount": "test123456", "userName": "test123", "phone": "1845555555",
                                 "skills": [{"skillId": 2, "agentWeight": 3, "skillWeight": 2}]}
    # read back to confirm the skills were replaced (then the workNo fallback, which this simulator refuses)
    assert update.cec_calls()[-2:] == ["query", "queryAgentInfoByAccount"]
    assert check.cec_writes() == [] and check.result["diff"] == update.result["diff"]
    assert update.result["diff"]["before"]["skills"] == {
        "defaultVideoSkill": {"agent_weight": 1, "skill_weight": 2},
        "defaultAudioVideoSkill": {"agent_weight": 1, "skill_weight": 1}}
    assert again.result["changed"] is False and again.cec_writes() == []


def test_skills_by_name_and_append(steps):
    base = dict(SEED_CREATE, skills=[{"name": "defaultVideoSkill"}])
    setup, append, again, unknown = steps(
        {"args": base},
        {"args": {"user_account": "test123456", "append_skills": True, "skills": [{"name": "defaultAudioVideoSkill"}]}},
        {"args": {"user_account": "test123456", "skills": [{"name": "defaultAudioVideoSkill"},
                                                           {"skill_id": 2}]}},
        {"args": {"user_account": "test123456", "skills": [{"name": "No Such Queue"}]}, "fail": True})
    assert append.cec_writes()[0]["body"]["skills"] == [{"skillId": 2, "agentWeight": 1, "skillWeight": 1},
                                                        {"skillId": 3, "agentWeight": 1, "skillWeight": 1}]
    assert again.result["changed"] is False
    assert unknown.result["failed"] is True and "unknown skill queue 'No Such Queue'" in unknown.result["msg"]
    assert unknown.cec_writes() == []


def test_server_that_merges_skills_is_reported(steps, cec):
    cec("options", {"skills_update": "merge"})
    setup, update = steps({"args": SEED_CREATE},
                          {"args": {"user_account": "test123456", "skills": [{"skill_id": 2}]}, "fail": True})
    assert update.result["failed"] is True
    assert "did not persist: skills" in update.result["msg"]


PASSWORD_CHECKS = {"by_account_code": "user_account", "by_account_password": "verify"}


def test_password_is_only_sent_when_asked(steps, cec, sim_state):
    cec("options", PASSWORD_CHECKS)
    setup, on_create, missing_old, wrong_old = steps(
        {"args": SEED_CREATE},
        {"args": dict(SEED_CREATE, password="N3w-Pas0")},
        {"args": {"user_account": "test123456", "password": "N3w-Pas0", "update_password": "always"},
         "fail": True},
        {"args": {"user_account": "test123456", "password": "N3w-Pas0", "update_password": "always",
                  "old_password": "Wr0ng-o!"}, "fail": True})
    assert on_create.result["changed"] is False and on_create.cec_writes() == []
    assert missing_old.result["failed"] is True and "old_password" in missing_old.result["msg"]
    assert missing_old.cec_writes() == []
    # Neither password is in force: nothing is sent (the old code sent the wrong old password).
    assert wrong_old.result["failed"] is True and wrong_old.cec_writes() == []
    assert "accepts neither old_password nor password" in wrong_old.result["msg"]
    probes = [e["body"] for e in wrong_old.cec if e["path"].endswith("queryAgentInfoByAccount") and "password" in e["body"]]
    assert probes == [{"accountCode": "test123456", "password": "********"}] * 2


def test_password_change_with_the_right_old_password(steps, cec, sim_state):
    cec("options", dict(PASSWORD_CHECKS, by_account_password_counts=True))
    change = {"user_account": "test123456", "password": "N3w-Pas0", "update_password": "always",
              "old_password": "Te****34"}
    setup, changed, rerun, rerun2, rerun3, too_soon = steps(
        {"args": SEED_CREATE}, {"args": change, "diff": True}, {"args": change}, {"args": change}, {"args": change},
        {"args": dict(change, password="Th1rd-p!", old_password="N3w-Pas0"), "fail": True})
    assert changed.result["changed"] is True and changed.result["changed_fields"] == ["password"]
    assert changed.result["diff"]["after"]["password"] == "<changed>"
    assert [w["body"]["newPassWord"] for w in changed.cec_writes()] == ["********"]
    # Re-runs of the same task: the new password is in force, so nothing is sent and no lock-out attempt piles up.
    for step in (rerun, rerun2, rerun3):
        assert step.result["changed"] is False and step.cec_writes() == []
        assert "password" not in step.result["diff"]["after"]
    agent = sim_state("cec")["agents"]["test123456"]
    assert agent["failed_password_attempts"] < 3 and agent["locked_until"] is None
    assert too_soon.result["failed"] is True and len(too_soon.cec_writes()) == 1  # the 24-hour rule, not retried


def test_password_change_refused_when_the_server_cannot_tell(steps, sim_state):
    # Default simulator: queryAgentInfoByAccount knows sign-in accounts only and ignores the password, so the
    # module cannot tell whether the change is needed: it refuses rather than risk a counted wrong old password.
    change = {"user_account": "test123456", "password": "N3w-Pas0", "update_password": "always",
              "old_password": "Te****34"}
    setup, refused = steps({"args": SEED_CREATE}, {"args": change, "fail": True})
    assert refused.result["failed"] is True and refused.cec_writes() == []
    assert "queryAgentInfoByAccount" in refused.result["msg"] and "Te****34" not in refused.result["msg"]
    assert sim_state("cec")["agents"]["test123456"]["password_changes"] == 0


BAD_INPUTS = [
    ("user_account", {"user_account": "abc"}),
    ("user_account", {"user_account": "has space here"}),
    ("user_account", {"user_account": "x" * 51}),
    ("user_name", {"user_name": "a" * 21}),
    ("user_name", {"user_name": "semi;colon"}),
    ("user_name", {"user_name": "Tom & Jerry"}),
    ("password", {"password": "short1!"}),
    ("password", {"password": "Th1s-is-far-too-long-f0r-CEC-rules!"}),
    ("password", {"password": "alllowercase1!"}),
    ("password", {"password": "NoDigits!!"}),
    ("password", {"password": "NoSpecial123"}),
    ("password", {"password": "Has Space1!"}),
    ("email", {"email": "no-at-sign"}),
    ("email", {"email": "a" * 65 + "@example.com"}),
    ("email", {"email": "a@" + "b" * 64 + ".com"}),
    ("phone", {"phone": "1" * 26}),
    ("skills", {"skills": [{"skill_id": 2, "agent_weight": 0}]}),
    ("skills", {"skills": [{"skill_id": 2, "skill_weight": -1}]}),
    ("agent_type", {"agent_type": "fax"}),
    ("role", {"role": "boss"}),
    ("user_name", {"user_name": None}),
]


def test_documented_rules_fail_before_any_write(steps):
    items = [{"args": dict(SEED_CREATE, **bad), "fail": True} for _field, bad in BAD_INPUTS]
    results = steps(*items)
    for (field, bad), step in zip(BAD_INPUTS, results):
        assert step.result["failed"] is True, (field, bad)
        assert field in step.result["msg"], (field, step.result["msg"])
        assert step.cec_writes() == [], (field, bad)


def test_update_rules_use_the_update_limits(steps):
    # 7 CJK characters are 21 bytes: fine on create (20 characters), too long on update (20 bytes).
    name = "\u5f20\u4f1f\u5f20\u4f1f\u5f20\u4f1f\u5f20"
    create, update = steps({"args": dict(SEED_CREATE, user_name=name)},
                           {"args": dict(SEED_CREATE, user_name=name + "x"), "fail": True})
    assert create.result["changed"] is True
    assert update.result["failed"] is True and "20 bytes" in update.result["msg"] and update.cec_writes() == []


def test_batch_keeps_going_and_fails_at_the_end(steps, sim_state):
    agents = [dict(SEED_CREATE, user_account="good.one1"),
              dict(SEED_CREATE, user_account="bad.one01", skills=[{"name": "Nope"}]),
              dict(SEED_CREATE, user_account="good.two2", user_name="x" * 30),
              dict(SEED_CREATE, user_account="good.three")]
    (step,) = steps({"args": {"agents": agents}, "fail": True})
    res = step.result
    assert res["failed"] is True and res["failed_keys"] == ["bad.one01", "good.two2"]
    assert "bad.one01" in res["msg"] and "good.two2" in res["msg"]
    assert res["counts"] == {"created": 2, "updated": 0, "deleted": 0, "unchanged": 0, "failed": 2}
    assert sorted(sim_state("cec")["agents"]) == ["good.one1", "good.three"]


def test_query_quirks_do_not_cause_false_changes(steps, cec):
    cec("options", {"query_includes_work_no": False, "by_account_code": "user_account"})
    cec("seed", {"agents": [{"userAccount": "idle.agent", "userName": "Idle", "email": "", "phone": "",
                             "agentType": 255, "ccRoleId": 255, "skills": []}]})
    (step,) = steps({"args": {"user_account": "idle.agent", "user_name": "Idle", "agent_type": "audio",
                              "role": "agent", "phone": "", "skills": []}})
    assert step.result["changed"] is False and step.cec_writes() == []
    assert step.result["agent"]["work_no"] == 101  # from queryAgentInfoByAccount
    assert "queryAgentInfoByAccount" in step.cec_calls()


@pytest.mark.parametrize("options", [{"query_missing": "empty"}, {"query_missing": "error"},
                                     {"paging_required": True, "business_error_status": 500}])
def test_missing_account_either_way_and_absent(steps, cec, options):
    cec("options", options)
    absent = {"user_account": "test123456", "state": "absent"}
    gone, create, delete, again = steps({"args": absent}, {"args": SEED_CREATE}, {"args": absent}, {"args": absent})
    assert gone.result["changed"] is False and gone.cec_writes() == []
    assert create.result["operation"] == "create"
    assert delete.result["operation"] == "delete" and [w["path"].rsplit("/", 1)[-1] for w in delete.cec_writes()] == [
        "delete"]
    assert again.result["changed"] is False and again.cec_writes() == []


@pytest.mark.parametrize("with_total", [True, False])
def test_batch_reads_with_the_paged_listing(steps, cec, with_total):
    # The simulator caps pages at 50 without saying so. With a total, the pages after the first are read at
    # once; without one (the query example shows none), one after the other until a short page. Either way
    # the later pages are asked with the size page 0 really had.
    cec("options", {"query_includes_total": with_total, "page_cap": 50})
    cec("seed", {"agents": [{"userAccount": "agent%04d" % i, "userName": "Agent %d" % i, "email": "a%d@x.io" % i,
                             "phone": "", "agentType": 4, "ccRoleId": 2, "skills": []} for i in range(250)]})
    agents = [{"user_account": "agent%04d" % i, "user_name": "Agent %d" % i, "email": "a%d@x.io" % i,
               "agent_type": "audio", "role": "agent"} for i in range(0, 250, 2)]
    agents[0]["role"] = "inspector"
    (step,) = steps({"args": {"agents": agents}})
    assert step.result["counts"]["updated"] == 1 and step.result["counts"]["unchanged"] == 124
    queries = [e for e in step.cec if e["path"].endswith("/query")]
    pages = [q["body"]["pageNum"] for q in queries if "userAccount" not in q["body"]]
    sizes = [q["body"]["pageSize"] for q in queries if "userAccount" not in q["body"]]
    want = list(range(5)) if with_total else list(range(6))  # without a total, the empty page 5 ends it
    assert pages[0] == 0 and sorted(pages) == want and sizes == [100] + [50] * (len(want) - 1)
    assert len(queries) == len(want) + 1  # and one read-back after the update
    if not with_total:
        assert pages == want
    (info,) = steps({"module": "cec_agent_account_info", "args": {}})
    assert len(info.result["agents"]) == 250
    pages = [q["body"]["pageNum"] for q in info.cec if q["path"].endswith("/query")]
    assert pages[0] == 0 and sorted(pages) == want


def test_info_modules_feed_back(steps, cec):
    cec("options", {"query_includes_work_no": True})
    setup, info, skills = steps({"args": SEED_CREATE}, {"module": "cec_agent_account_info", "args": {}},
                                {"module": "cec_skill_info", "args": {"media_type_id": 19}})
    agent = info.result["agents"][0]
    assert agent["user_account"] == "test123456" and "password" not in agent
    assert {"name": "defaultVideoSkill", "agent_weight": 1, "skill_weight": 2} in agent["skills"]
    assert info.result["work_numbers"] == {"test123456": 101}
    assert [s["name"] for s in skills.result["skills"]] == ["defaultVideoSkill", "Video Care"]
    (feed,) = steps({"args": {"agents": info.result["agents"]}})
    assert feed.result["changed"] is False and feed.result["counts"]["unchanged"] == 1
    assert feed.cec_writes() == []
