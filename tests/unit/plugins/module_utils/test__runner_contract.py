# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The engine contract's field flags through the whole cycle: identifiers, unmanaged map keys, keys the server
leaves out of its answers, and tokens obtained at run time."""
from __future__ import annotations

import json

import pytest

from ansible.module_utils.testing import patch_module_args

from ansible_collections.contactcenter.agents.plugins.module_utils._adapter import Batch
from ansible_collections.contactcenter.agents.plugins.module_utils._entity import EntitySpec, Field
from ansible_collections.contactcenter.agents.plugins.module_utils._errors import ApiError, InputError, TransportError
from ansible_collections.contactcenter.agents.plugins.module_utils._http import TokenAuth
from ansible_collections.contactcenter.agents.plugins.module_utils._runner import Runner, run_entity_module
from ansible_collections.contactcenter.agents.tests.unit.plugins.module_utils.toy import TOY, MemoryAdapter

PET = EntitySpec(
    name="pet", key="login", list_option="pets", result_key="pet",
    fields=[
        Field("login", "loginId", identifier=True),
        Field("extension", "extension", kind="text", identifier=True),
        Field("nick", "nick"),
        Field("skills", "skills", kind="map", unmanaged_option="unmanaged_skills", merge_option="append_skills"),
    ],
)


class PetAdapter(MemoryAdapter):
    spec = PET
    server_skills = {}  # what the server adds to every map it stores

    def update(self, plan, current, controls):
        super().update(plan, current, controls)
        if "skills" in plan.changes:
            self.records[plan.key]["skills"] = dict(self.records[plan.key]["skills"], **self.server_skills)

    def resolve_unmanaged(self, option, names):
        return {n.lower() for n in names}  # e.g. names -> ids


def run_pets(records, **params):
    base = {name: c.get("default") for name, c in PET.controls.items()}
    base.update({name: None for name in PET.fields}, pets=None)
    base.update(params)
    batch = Batch(base, parallel=4)
    adapter = PetAdapter(base, batch, records)
    runner = Runner(PET, batch)
    return runner.run(adapter, runner.entries(base, dict(params))), adapter, batch


def test_an_unquoted_identifier_fails_its_item_only_showing_value_and_type():
    pets = [{"login": "ok1", "extension": "0101"}, {"login": "ok2", "extension": 65}, {"login": 5349}]
    results, adapter, _batch = run_pets({}, pets=pets)
    assert [r["failed"] for r in results] == [False, True, True]
    assert results[1]["msg"].startswith("extension: got 65 (type int) in pets[1], not a string")
    assert 'quote it, e.g. extension: "0101"' in results[1]["msg"]
    assert results[2]["msg"].startswith("login: got 5349 (type int) in pets[2]")
    assert [c[1] for c in adapter.writes()] == ["ok1"]


def test_an_unquoted_identifier_in_the_single_form_is_refused_before_any_call():
    with pytest.raises(InputError, match=r"^login: got 65 \(type int\), not a string"):
        run_pets({}, login=65)
    with pytest.raises(InputError, match=r"^extension: got 42798 \(type int\)"):
        run_pets({}, login="rex", extension=42798)


def test_a_map_key_the_server_adds_is_one_warning_not_a_failure():
    PetAdapter.server_skills = {"default": 1}
    try:
        store = {"rex": {"loginId": "rex", "skills": {"sit": 1}, "nick": "R", "extension": "1"}}
        results, _adapter, batch = run_pets(store, login="rex", skills={"sit": 2})
    finally:
        PetAdapter.server_skills = {}
    assert results[0]["failed"] is False and results[0]["changed"] is True
    assert batch.warnings == ["pet 'rex': the server's skills also has default, which this task did not write; "
                              "list it in unmanaged_skills, or the next run removes it"]


def test_a_map_key_the_write_carried_but_the_server_lost_fails():
    class Lossy(PetAdapter):
        def update(self, plan, current, controls):
            super().update(plan, current, controls)
            self.records[plan.key]["skills"].pop("sit")
    store = {"rex": {"loginId": "rex", "skills": {"sit": 1}, "nick": "R", "extension": "1"}}
    base = dict({n: None for n in PET.fields}, pets=None, state="present", login="rex", skills={"sit": 2, "x": 1})
    batch = Batch(base)
    runner = Runner(PET, batch)
    results = runner.run(Lossy(base, batch, store), runner.entries(base))
    assert results[0]["failed"] is True and "did not persist: skills" in results[0]["msg"]


def test_unmanaged_names_go_through_the_adapter_and_are_written_back():
    store = {"rex": {"loginId": "rex", "skills": {"sit": 1, "legacy": 4}, "nick": "R", "extension": "1"}}
    results, adapter, batch = run_pets(store, login="rex", skills={"sit": 1}, unmanaged_skills=["LEGACY"])
    assert results[0]["changed"] is False and adapter.writes() == []
    results, adapter, batch = run_pets(store, login="rex", skills={"sit": 3}, unmanaged_skills=["LEGACY"])
    assert adapter.writes() == [("update", "rex", {"skills": {"sit": 3, "legacy": 4}})]
    assert store["rex"]["skills"] == {"sit": 3, "legacy": 4} and batch.warnings == []


def test_a_key_missing_from_every_answer_is_never_written_and_warned_once():
    store = {"p%02d" % i: {"loginId": "p%02d" % i, "skills": {}, "extension": "1"} for i in range(30)}
    results, adapter, batch = run_pets(store, pets=[{"login": k, "nick": "N", "extension": "1"} for k in store])
    assert adapter.writes() == []  # no nick in the answers: unknown, not "empty, so write it"
    assert all(r["changed"] is False and not r["failed"] for r in results)
    assert batch.warnings == ["the server's answers have no nick: nick is neither compared nor verified"]


# ------------------------------------------------------------------ tokens obtained at run time
TOKEN = "tok-3f9a7c1e55d04b2a"


class EchoingAdapter(MemoryAdapter):
    """A server whose errors echo the request's Authorization header, as some gateways do."""

    def __init__(self, params, batch, records=None):
        super().__init__(params, batch, records)
        self.auth = TokenAuth(lambda http: (TOKEN, 3600))

    def create(self, plan, controls):
        header = self.auth.headers(None)["Authorization"]
        self.batch.warn("retrying after the server said: bad header %s" % header)
        raise ApiError("invalid header Authorization: %s" % header, 400, "POST", "/toy")


def test_a_token_the_run_obtained_is_masked_in_results_warnings_and_errors(capsys):
    toys = [{"login": "u%d" % i, "name": "N", "password": "pw-%d-secret" % i} for i in range(3)]
    with patch_module_args({"toys": toys}):
        with pytest.raises(SystemExit):
            run_entity_module(EchoingAdapter)
    out = capsys.readouterr().out
    result = json.loads(out)
    assert result["failed"] is True and "invalid header Authorization: Bearer ********" in result["results"][0]["msg"]
    assert any("bad header Bearer ********" in str(w) for w in result["warnings"])
    assert TOKEN not in out and "pw-1-secret" not in out


# ------------------------------------------------------------------ the same failure for every item
class Unreachable(MemoryAdapter):
    def read(self, key):
        raise TransportError("connection failed: [Errno 111] Connection refused (127.0.0.1:9)", "GET", "/toy/" + key)


def test_items_failing_for_one_cause_share_one_line_with_their_count(capsys):
    toys = [{"login": "u%02d" % i, "name": "N", "password": "p"} for i in range(40)]
    with patch_module_args({"toys": toys}):
        with pytest.raises(SystemExit):
            run_entity_module(Unreachable)
    result = json.loads(capsys.readouterr().out)
    assert result["msg"] == ("40 of 40 toys failed: 40 toys (u00, u01, u02, u03, u04 and 35 more), each: connection "
                             "failed: [Errno 111] Connection refused (127.0.0.1:9)")
    assert result["results"][7]["msg"] == "GET /toy/u07: connection failed: [Errno 111] Connection refused (127.0.0.1:9)"
    assert result["failed_keys"] == [t["login"] for t in toys] and "_cause" not in result["results"][0]


def test_different_failures_keep_their_own_lines(run):
    from ansible_collections.contactcenter.agents.plugins.module_utils._results import failure_lines
    results, _adapter, _batch = run({}, toys=[{"login": "a", "name": "too-long", "password": "p"},
                                              {"login": "b", "name": "N"}])
    assert failure_lines(TOY, [r for r in results if r["failed"]]) == (
        "a: name: must be at most 5 characters | b: toy 'b' does not exist yet; creating it needs password")
    assert failure_lines(TOY, [{"login": "a", "msg": "x", "failed": True}]) == "a: x"


class Refused(MemoryAdapter):
    connection_spec = {"toy_url": {"type": "str"}}

    def read_many(self, keys):
        raise ApiError("credentials refused", 401, "POST", "/token")


def test_insecure_settings_are_warned_once_even_when_the_run_fails(capsys):
    toys = [{"login": "u%d" % i, "name": "N", "password": "p"} for i in range(5)]
    with patch_module_args({"toys": toys, "toy_url": "http://toys.example", "validate_certs": False}):
        with pytest.raises(SystemExit):
            run_entity_module(Refused)
    result = json.loads(capsys.readouterr().out)
    assert result["failed"] is True and "credentials refused" in result["msg"]
    warnings = [str(w) for w in result["warnings"]]
    assert sum("toy_url is a plain http:// URL" in w for w in warnings) == 1
    assert sum("validate_certs=false" in w for w in warnings) == 1
