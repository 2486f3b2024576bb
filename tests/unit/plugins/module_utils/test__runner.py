# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The batch cycle: check mode, per-entity failures, verification, lost responses and races."""
from __future__ import annotations

import pytest

from ansible_collections.contactcenter.agents.plugins.module_utils._errors import InputError

BOB = {"loginId": "bob", "fullName": "Bob", "level": 1, "team": "Sales", "password": "old"}


def records():
    return {"bob": dict(BOB)}


def test_check_mode_predicts_the_real_run_without_writing(run):
    toys = [{"login": "amy", "name": "Amy", "password": "pw", "level": 4}, {"login": "bob", "level": 2}]
    checked, adapter, _batch = run(records(), check_mode=True, toys=toys)
    assert adapter.writes() == []
    real, adapter, _batch = run(records(), toys=toys)
    assert [w[0] for w in adapter.writes()] == ["create", "update"]
    for predicted, applied in zip(checked, real):
        assert predicted["changed"] is True and applied["changed"] is True
        assert predicted["changed_fields"] == applied["changed_fields"]
        assert predicted["diff"] == applied["diff"]
    assert checked[0]["toy"]["level"] == real[0]["toy"]["level"] == 4


def test_second_run_changes_nothing(run):
    store = records()
    run(store, login="bob", level=5)
    results, adapter, _batch = run(store, login="bob", level=5)
    assert results[0]["changed"] is False and results[0]["operation"] == "none"
    assert adapter.writes() == []


def test_create_reads_back_and_returns_state_without_secrets(run):
    results, adapter, _batch = run({}, login="amy", name="Amy", password="pw-secret")
    res = results[0]
    assert res["operation"] == "create" and res["toy"]["name"] == "Amy"
    assert "pw-secret" not in repr(res)
    assert res["diff"]["after"]["password"] == "<set>"
    assert adapter.calls[-1] == ("read", "amy")


def test_one_failing_entity_does_not_stop_the_others(run):
    toys = [{"login": "amy", "name": "Amy-too-long", "password": "pw"},
            {"login": "cat", "name": "Cat", "password": "pw"},
            {"login": "dan", "level": "x"},
            {"name": "nokey"}]
    results, adapter, _batch = run({}, toys=toys)
    assert [r["failed"] for r in results] == [True, False, True, True]
    assert "name: must be at most 5" in results[0]["msg"]
    assert "level" in results[2]["msg"]
    assert "has no login" in results[3]["msg"] or "login" in results[3]["msg"]
    assert [w[1] for w in adapter.writes()] == ["cat"]


def test_duplicate_keys_fail_both_without_writing(run):
    results, adapter, _batch = run(records(), toys=[{"login": "bob", "level": 2}, {"login": "bob", "level": 3}])
    assert results[0]["failed"] is False and results[1]["failed"] is True
    assert "listed more than once" in results[1]["msg"]


def test_items_inherit_module_level_controls_but_can_override(run):
    store = {"bob": dict(BOB), "amy": dict(BOB, loginId="amy")}
    results, adapter, _batch = run(store, state="absent", toys=[{"login": "bob"}, {"login": "amy", "state": "present"}])
    assert [r["operation"] for r in results] == ["delete", "none"]
    assert "bob" not in store and "amy" in store


def test_fields_cannot_be_combined_with_the_list(run):
    with pytest.raises(InputError, match="level cannot be combined with toys"):
        run({}, level=3, toys=[{"login": "bob"}])


def test_server_that_drops_a_field_is_reported(run):
    def setup(adapter):
        adapter.ignore_fields = {"level"}
    results, _adapter, _batch = run(records(), adapter_setup=setup, login="bob", level=7)
    assert results[0]["failed"] is True and results[0]["changed"] is True
    assert "did not persist: level (wanted 7, server has 1)" in results[0]["msg"]


def test_create_race_continues_as_update(run):
    def setup(adapter):
        adapter.conflict_once = True
    store = {}
    results, adapter, _batch = run(store, adapter_setup=setup, login="amy", name="Amy", password="pw")
    assert results[0]["failed"] is False
    assert [w[0] for w in adapter.writes()] == ["create", "update"]
    assert adapter.writes()[1][2] == {"name": "Amy"}  # the password is not ours to set
    assert store["amy"]["fullName"] == "Amy"


@pytest.mark.parametrize("applied, writes", [("applied", ["update"]), ("not-applied", ["update", "update"])])
def test_lost_update_response_reads_before_writing_again(run, applied, writes):
    def setup(adapter):
        adapter.lose_response_once = applied
    store = records()
    results, adapter, _batch = run(store, adapter_setup=setup, login="bob", level=9)
    assert results[0]["failed"] is False and results[0]["changed"] is True
    assert [w[0] for w in adapter.writes()] == writes
    assert store["bob"]["level"] == 9


@pytest.mark.parametrize("applied, writes", [("applied", ["create"]), ("not-applied", ["create", "create"])])
def test_lost_create_response_never_duplicates(run, applied, writes):
    def setup(adapter):
        adapter.lose_response_once = applied
    store = {}
    results, adapter, _batch = run(store, adapter_setup=setup, login="amy", name="Amy", password="pw")
    assert results[0]["failed"] is False
    assert [w[0] for w in adapter.writes()] == writes
    assert list(store) == ["amy"]


def test_lost_password_change_is_never_repeated(run):
    def setup(adapter):
        adapter.lose_response_once = "not-applied"
    results, adapter, _batch = run(records(), adapter_setup=setup, login="bob", password="n3w", update_password="always")
    assert results[0]["failed"] is True
    assert "never sent twice" in results[0]["msg"]
    assert [w[0] for w in adapter.writes()] == ["update"]


def test_unsupported_change_fails_by_default_and_names_values(run):
    results, adapter, _batch = run(records(), login="bob", team="Billing", level=2)
    assert results[0]["failed"] is True and adapter.writes() == []
    assert "team (current 'Sales', desired 'Billing')" in results[0]["msg"]


def test_unsupported_change_can_warn_and_apply_the_rest(run):
    results, adapter, batch = run(records(), login="bob", team="Billing", level=2, on_unsupported_change="warn")
    assert results[0]["failed"] is False and results[0]["changed_fields"] == ["level"]
    assert adapter.writes()[0][2] == {"level": 2}
    assert any("team" in w for w in batch.warnings)
    assert results[0]["diff"]["after"]["team"] == "Sales"


def test_results_keep_input_order_under_parallel_workers(run):
    toys = [{"login": "u%02d" % i, "name": "N%d" % (i % 10), "password": "p"} for i in range(30)]
    results, adapter, _batch = run({}, toys=toys)
    assert [r["login"] for r in results] == [t["login"] for t in toys]
    assert len(adapter.writes()) == 30


def test_the_plan_the_adapters_check_returns_is_the_one_applied(run):
    def setup(adapter):
        adapter.check = lambda plan, desired, controls: plan.without({"level"})
    results, adapter, _batch = run(records(), adapter_setup=setup, login="bob", level=5, name="Bobby")
    assert adapter.writes() == [("update", "bob", {"name": "Bobby"})]
    assert results[0]["changed_fields"] == ["name"] and results[0]["diff"]["after"]["level"] == 1
    results, adapter, _batch = run(records(), adapter_setup=setup, login="bob", level=5)
    assert adapter.writes() == [] and results[0]["changed"] is False and results[0]["operation"] == "none"
