# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""CecAgentAdapter's fail-closed reading rules, against a scripted client (no HTTP)."""
from __future__ import annotations

import pytest

from ansible_collections.contactcenter.agents.plugins.module_utils._adapter import Batch
from ansible_collections.contactcenter.agents.plugins.module_utils._cec_agent import CecAgentAdapter
from ansible_collections.contactcenter.agents.plugins.module_utils._cec_client import (
    CEC_ARGUMENT_SPEC, confirmable, extra_headers, pick)
from ansible_collections.contactcenter.agents.plugins.module_utils._errors import ApiError, AuthError, InputError
from ansible_collections.contactcenter.agents.plugins.module_utils._orphans import Scope
from ansible_collections.contactcenter.agents.plugins.module_utils._reconcile import NONE, UPDATE, Plan


def record(account, **extra):
    return dict({"userAccount": account, "userName": "A", "email": "a@x.io", "phone": "", "agentType": 4,
                 "ccRoleId": 2, "skills": []}, **extra)


class Client:
    """Answers like a server holding ``accounts`` whose pages hold at most ``cap`` records."""

    def __init__(self, accounts, cap=100, total=True, missing="error", by_account=None):
        self.accounts, self.cap, self.total, self.missing = accounts, cap, total, missing
        self.by_account_answers = by_account or {}
        self.pages = []
        self.probes = []

    def query_account(self, account):
        if account in self.accounts:
            return record(account)
        if self.missing == "error":
            raise ApiError("no such account", 200, "POST", "query", vendor_code="1", vendor_message="no such account")
        if isinstance(self.missing, Exception):
            raise self.missing
        return None

    def query_page(self, page, size=100):
        self.pages.append((page, size))
        start = page * size  # a capped page still starts where the asked size says
        rows = [record(a) for a in self.accounts[start:start + min(size, self.cap)]]
        return rows, len(self.accounts) if self.total else None

    def work_no(self, account):
        raise AuthError("authentication failed", 403, "POST", "queryAgentInfoByAccount", vendor_code="1")

    def by_account(self, account, password=None):
        self.probes.append(password)
        answer = self.by_account_answers.get(password)
        if isinstance(answer, Exception):
            raise answer
        return {}


def adapter(client):
    params = {k: v.get("default") for k, v in CEC_ARGUMENT_SPEC.items()}
    params.update(cec_url="http://cec.invalid", cec_app_key="k", cec_app_secret="s", timeout=5, validate_certs=True,
                  retries=0, retry_max_time=5, requests_per_second=0, parallel=4)
    out = CecAgentAdapter(params, Batch(params, False, 4))
    out.client = client
    return out


ACCOUNTS = ["agent_%03d" % i for i in range(120)]


@pytest.mark.parametrize("total", [True, False])
def test_listing_follows_the_real_page_size(total):
    client = Client(ACCOUNTS, cap=50, total=total)
    records = adapter(client).listing()
    assert [r["userAccount"] for r in records] == ACCOUNTS
    assert client.pages[0] == (0, 100) and all(size == 50 for _n, size in client.pages[1:])
    assert sorted(n for n, _s in client.pages) == ([0, 1, 2] if total else [0, 1, 2])


def test_listing_without_total_ends_on_a_short_or_empty_page():
    client = Client(ACCOUNTS[:100], cap=50, total=False)
    assert len(adapter(client).listing()) == 100
    assert client.pages == [(0, 100), (1, 50), (2, 50)]  # page 2 is empty: the end


@pytest.mark.parametrize("lie, text", [("short", "the total is 120"), ("twice", "listed twice")])
def test_listing_that_does_not_add_up_raises(lie, text):
    client = Client(ACCOUNTS, cap=50)
    real = client.query_page

    def query_page(page, size=100):
        rows, total = real(page, size)
        if page == 2:
            rows = [] if lie == "short" else real(0, size)[0][:20]
        return rows, total
    client.query_page = query_page
    with pytest.raises(ApiError, match=text):
        adapter(client).listing()


def test_orphan_listing_fails_on_an_unusable_record():
    client = Client(ACCOUNTS[:2])
    client.query_page = lambda page, size=100: ([record("agent_000"), record("agent_001", ccRoleId="boss")], 2)
    scope = Scope(CecAgentAdapter.orphan_terms, {"accounts": ["agent_*"]})
    with pytest.raises(ApiError, match="unusable ccRoleId") as err:
        adapter(client).orphan_listing(scope, lambda key: False, "delete")
    assert "'agent_001'" in err.value.msg and "nothing was written" in err.value.msg


def test_failure_envelope_is_absent_only_when_the_listing_confirms():
    client = Client(ACCOUNTS, cap=50)
    cec = adapter(client)
    assert cec.read("nobody_01") is None
    assert cec.read("nobody_02") is None
    assert len([p for p in client.pages if p[0] == 0]) == 1  # one listing per run, not one per account


@pytest.mark.parametrize("error", [
    AuthError("unauthorised", 401, vendor_code="1", vendor_message="unauthorised"),
    ApiError("bad request", 400, vendor_code="1", vendor_message="bad request"),
    ApiError("gateway", 502)])
def test_errors_are_never_absence(error):
    assert not confirmable(error)
    with pytest.raises(ApiError):
        adapter(Client(ACCOUNTS, missing=error)).read("nobody_01")


def test_unconfirmed_envelope_names_both_failures():
    client = Client(ACCOUNTS)

    def refused(page, size=100):
        raise ApiError("paging refused", 200, "POST", "query")
    client.query_page = refused
    with pytest.raises(ApiError, match="no such account.*listing that could confirm 'nobody_01' is absent failed"):
        adapter(client).read("nobody_01")


def test_work_no_failure_costs_only_the_value():
    cec = adapter(Client(ACCOUNTS))
    assert cec.read("agent_001")["work_no"] is None
    assert cec.read("agent_002")["work_no"] is None
    assert len(cec.batch.warnings) == 1 and "work_no is null" in cec.batch.warnings[0]


def test_case_only_match():
    with pytest.raises(InputError, match="'Mixed.Case' differs only in letter case .*'mixed.case'"):
        pick("Mixed.Case", [record("mixed.case")], "the listing")
    assert pick("mixed.case", [record("Mixed.Case"), record("mixed.case")], "x")["userAccount"] == "mixed.case"
    assert pick("other.one", [record("mixed.case")], "x") is None


WRONG = ApiError("password: incorrect", 200, vendor_code="1", vendor_message="password: incorrect")


@pytest.mark.parametrize("answers, outcome", [
    ({"N3w-Pas0": WRONG}, "send"),
    ({"Old-Pas0": WRONG}, "skip"),
    ({}, "both"),
    ({"Old-Pas0": WRONG, "N3w-Pas0": WRONG}, "neither"),
])
def test_password_change_only_when_proven_needed(answers, outcome):
    client = Client(ACCOUNTS, by_account=answers)
    cec = adapter(client)
    plan = Plan("agent_001", UPDATE, {"password": "N3w-Pas0"}, {}, {"password": "<changed>"})
    controls = {"old_password": "Old-Pas0"}
    if outcome in ("both", "neither"):
        with pytest.raises(ApiError, match=outcome):
            cec.check(plan, {}, controls)
        assert "Old-Pas0" not in str(outcome) and plan.op == UPDATE
    else:
        plan = cec.check(plan, {}, controls)  # the plan to apply
        assert plan.op == (UPDATE if outcome == "send" else NONE)
        assert ("password" in plan.changes) == (outcome == "send")
        assert ("password" in plan.after) == (outcome == "send")
    assert client.probes == ["Old-Pas0", "N3w-Pas0"]


def test_extra_headers():
    assert extra_headers({"cec_extra_headers": {"X-TenantSpaceID": 42}}) == {"X-TenantSpaceID": "42"}
    with pytest.raises(InputError, match="must not set authorization"):
        extra_headers({"cec_extra_headers": {"authorization": "Bearer x"}})
