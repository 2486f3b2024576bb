# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The vendor-neutral orphan pass: scope, who is an orphan and why, the guard, the result lists."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from ansible_collections.contactcenter.agents.plugins.module_utils import _orphans as orphans
from ansible_collections.contactcenter.agents.plugins.module_utils._adapter import Batch
from ansible_collections.contactcenter.agents.plugins.module_utils._brightpattern_user import BrightPatternUserAdapter
from ansible_collections.contactcenter.agents.plugins.module_utils._entity import UNKNOWN
from ansible_collections.contactcenter.agents.plugins.module_utils._errors import ContactCenterError, InputError
from ansible_collections.contactcenter.agents.plugins.module_utils._runner import Entry, Runner
from ansible_collections.contactcenter.agents.tests.unit.plugins.module_utils.test__cec_agent import Client
from ansible_collections.contactcenter.agents.tests.unit.plugins.module_utils.test__cec_agent import adapter as cec_adapter
from ansible_collections.contactcenter.agents.tests.unit.plugins.module_utils.toy import TOY, MemoryAdapter, defaults

TERMS = (orphans.Term("teams", "team", "name"), orphans.Term("logins", "login"))


class OrphanAdapter(MemoryAdapter):
    orphan_terms = TERMS
    orphan_actions = ("report", "disable", "delete")
    orphan_listing_name = "the toy listing"

    def protected_keys(self):
        return ["api.user"]

    def orphan_listing(self, scope, skip, action):
        self.calls.append(("listing",))
        keys = [k for k in self.records if not skip(k) and scope.prefilter(self.spec.key, k)]
        return set(self.records), {k: self.read(k) for k in keys}

    def orphan_desired(self, key, action, current):
        if action == "delete":
            return {}, {"state": "absent"}
        if action == "disable":
            return {"active": False}, {}
        return {}, {}


def rec(login, team="Billing", active=True):
    return {"loginId": login, "fullName": login[:5], "team": team, "active": active}


def scope(**options):
    return orphans.Scope(TERMS, options)


@pytest.mark.parametrize("options", [{}, {"teams": []}, {"teams": None, "logins": []}, None])
def test_scope_is_mandatory(options):
    with pytest.raises(InputError, match="orphans.scope: must name at least one of teams or logins"):
        orphans.Scope(TERMS, options)


def test_scope_refuses_empty_patterns():
    with pytest.raises(InputError, match="orphans.scope.logins"):
        scope(logins=["a*", " "])


def test_scope_both_given_means_both_must_match():
    s = scope(teams=["Billing"], logins=["b.*"])
    assert s.matches({"login": "b.one", "team": "Billing"}) is True
    assert s.matches({"login": "a.one", "team": "Billing"}) is False
    assert s.matches({"login": "b.one", "team": "Sales"}) is False
    assert s.matches({"login": "b.one", "team": UNKNOWN}) is None  # never "in scope" unproven
    assert s.prefilter("login", "a.one") is False and s.prefilter("login", "b.x") is True


def test_globs_are_case_sensitive_and_team_names_exact():
    s = scope(teams=["Billing"], logins=["B*"])
    assert s.matches({"login": "b.one", "team": "Billing"}) is False
    assert scope(teams=["Bill*"]).matches({"login": "x", "team": "Billing"}) is False


def test_find_spares_listed_keep_known_and_protected_ignoring_case():
    candidates = {k: {"login": k, "team": "Billing"} for k in ("Ann", "bob", "carl", "dora", "api.user", "eve")}
    candidates["zed"] = {"login": "zed", "team": "Sales"}
    warnings = []
    candidates["unk"] = {"login": "unk", "team": UNKNOWN}
    found = orphans.find(candidates, spared=orphans.folded(["ann", "BOB", "carl", "api.user", None]),
                         scope=scope(teams=["Billing"]), list_option="toys", warn=warnings.append)
    assert found == [("dora", "not in toys; in scope (team Billing in teams=[Billing])"),
                     ("eve", "not in toys; in scope (team Billing in teams=[Billing])")]
    assert warnings and "'unk' is not treated as an orphan" in warnings[0]


def test_the_orphan_pass_spares_listed_keep_known_and_protected_ignoring_case():
    """Even from a vendor listing that does not use ``skip`` (it need not)."""
    class Unskipping(OrphanAdapter):
        def orphan_listing(self, scope, skip, action):
            return set(self.records), {k: self.read(k) for k in self.records}
    records = {k: rec(k) for k in ("Ann", "bob", "carl", "dora", "API.user")}
    params = defaults(toys=[{"login": "ann", "name": "Ann"}],
                      orphans={"scope": {"teams": ["Billing"]}, "keep": ["BOB"], "known": ["Carl"]})
    adapter = Unskipping(params, Batch(params), records)
    entries = Runner(TOY, adapter.batch).entries(params)
    extra, _states = orphans.orphan_entries(TOY, adapter, entries, adapter.read_many(["ann"]))
    assert [e.key for e in extra] == ["dora"]


def test_incomplete_listing_fails():
    orphans.check_complete(["a"], {"a", "b"}, "the listing")
    with pytest.raises(ContactCenterError, match="the listing does not list 'c'"):
        orphans.check_complete(["a", "c"], {"a"}, "the listing")


def run(records, check_mode=False, **params):
    params = defaults(**params)
    batch = Batch(params, check_mode=check_mode, parallel=2)
    adapter = OrphanAdapter(params, batch, records)
    runner = Runner(TOY, batch)
    entries = runner.entries(params)
    current = adapter.read_many([e.key for e in entries])
    extra, states = orphans.orphan_entries(TOY, adapter, entries, current)
    return SimpleNamespace(adapter=adapter, extra=extra, states=states)


LISTED = [{"login": "ann", "name": "Ann"}]


def test_without_the_option_nothing_happens():
    out = run({"ann": rec("ann"), "old": rec("old")}, toys=LISTED)
    assert (out.extra, out.states) == ([], {}) and ("listing",) not in out.adapter.calls


def test_single_form_is_an_input_error():
    with pytest.raises(InputError, match="orphans: needs the batch form"):
        run({}, login="ann", name="Ann", orphans={"scope": {"teams": ["Billing"]}})


def test_orphans_are_planned_with_reason_and_guarded():
    records = {"ann": rec("ann"), "old": rec("old"), "gone": rec("gone", active=False), "out": rec("out", "Sales"),
               "api.user": rec("api.user"), "svc": rec("svc")}
    out = run(records, toys=LISTED, orphans={
        "action": "disable", "scope": {"teams": ["Billing"]}, "keep": ["svc"], "max_removals": 1})
    extra, states = out.extra, out.states
    assert [(e.key, e.plan.op) for e in extra] == [("gone", "none"), ("old", "update")]
    assert extra[1].reason == "not in toys; in scope (team Billing in teams=[Billing])"
    assert extra[1].plan.changes == {"active": False} and set(states) == {"gone", "old"}
    assert [e.index for e in extra] == [1, 2]


def test_guard_counts_only_real_removals_and_fails_before_any_write():
    records = {k: rec(k) for k in ("a1", "a2", "a3")}
    with pytest.raises(orphans.OrphanGuardError) as err:
        run(records, toys=[], orphans={"action": "delete", "scope": {"logins": ["a*"]}, "max_removals": 2})
    assert "3 orphans would be removed (action delete), more than orphans.max_removals (2): a1, a2, a3" in err.value.msg
    assert "set orphans.max_removals to 3 for this run" in err.value.msg
    assert err.value.details()["orphans"][0] == {"login": "a1", "action": "delete", "reason": (
        "not in toys; in scope (login a1 in logins=[a*])")}
    # report never removes: no limit applies
    extra = run(records, toys=[], orphans={"action": "report", "scope": {"logins": ["a*"]}, "max_removals": 0}).extra
    assert [e.plan.op for e in extra] == ["none"] * 3


def test_negative_limit_is_refused():
    with pytest.raises(InputError, match="max_removals"):
        run({}, toys=[], orphans={"scope": {"logins": ["a*"]}, "max_removals": -1})


def test_listed_account_missing_from_the_listing_fails():
    class Partial(OrphanAdapter):
        def orphan_listing(self, scope, skip, action):
            return set(), {}
    params = defaults(toys=LISTED, orphans={"scope": {"logins": ["*"]}})
    batch = Batch(params)
    adapter = Partial(params, batch, {"ann": rec("ann")})
    entries = [Entry(0, {"_key": "ann"}, {})]
    entries[0].key = "ann"
    with pytest.raises(ContactCenterError, match="the toy listing does not list 'ann'"):
        orphans.orphan_entries(TOY, adapter, entries, {"ann": {"login": "ann"}})


def test_mark_and_finish():
    entry = orphans.OrphanEntry(3, "old", "delete", "not in toys")
    results = [{"login": "old", "operation": "delete"}]
    orphans.mark(results, [entry])
    assert results[0] == {"login": "old", "operation": "delete", "orphan": True, "orphan_action": "delete",
                          "reason": "not in toys"}
    out = {"results": [{"login": "ann"}] + results, "counts": {"deleted": 1}}
    orphans.finish(out, {"orphans": {"action": "delete"}}, "login")
    assert out["orphans"] == [{"login": "old", "action": "delete", "reason": "not in toys"}]
    assert out["counts"] == {"deleted": 1, "orphans": 1}
    plain = {"results": [], "counts": {}}
    orphans.finish(plain, {}, "login")
    assert plain == {"results": [], "counts": {}}


def test_argument_spec():
    assert orphans.argument_spec(MemoryAdapter) == {}
    spec = orphans.argument_spec(OrphanAdapter)["orphans"]["options"]
    assert spec["action"] == {"type": "str", "default": "report", "choices": ["report", "disable", "delete"]}
    assert set(spec["scope"]["options"]) == {"teams", "logins"} and spec["max_removals"]["default"] == 5


def test_cec_adapter_lists_in_scope_reuses_the_listing_and_plans_quarantine():
    client = Client(["billing_1", "billing_2", "sales_1"])
    cec = cec_adapter(client)
    cec.catalogue = {}
    cec.read_many(["billing_1", "sales_1"])  # listing pays off here: read_many pages once
    pages = len(client.pages)
    scope_ = orphans.Scope(cec.orphan_terms, {"accounts": ["billing_*"]})
    existing, candidates = cec.orphan_listing(scope_, lambda key: key == "billing_1", "delete")
    assert len(client.pages) == pages  # the same listing, not a second one
    assert existing == {"billing_1", "billing_2", "sales_1"} and list(candidates) == ["billing_2"]
    assert cec.orphan_desired("billing_2", "delete", candidates["billing_2"]) == ({}, {"state": "absent"})
    assert cec.orphan_desired("billing_2", "quarantine", {"skills": {3: {}}}) == ({"skills": {}},
                                                                                  {"append_skills": False})
    with pytest.raises(ContactCenterError, match="does not report the skills"):
        cec.orphan_desired("billing_2", "quarantine", {"skills": UNKNOWN})
    assert cec.protected_keys() == ()


def test_bp_adapter_protects_the_api_user_and_refuses_an_unknown_disabled_state():
    bp = BrightPatternUserAdapter.__new__(BrightPatternUserAdapter)  # no client needed for these two
    bp.params = {"brightpattern_client_id": "api.admin"}
    assert bp.protected_keys() == ["api.admin"]
    assert bp.orphan_desired("x", "disable", {"disabled": False}) == ({"disabled": True}, {})
    assert bp.orphan_desired("x", "report", {"disabled": False}) == ({}, {})
    with pytest.raises(ContactCenterError, match="does not report disabled"):
        bp.orphan_desired("x", "disable", {"disabled": UNKNOWN})
