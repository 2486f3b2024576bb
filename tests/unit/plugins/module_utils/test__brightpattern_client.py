# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""BrightPatternClient conclusions from answers (no network: the HTTP layer is a scripted fake)."""
from __future__ import annotations

import json

import pytest

from ansible_collections.contactcenter.agents.plugins.module_utils._adapter import Batch
from ansible_collections.contactcenter.agents.plugins.module_utils._brightpattern_client import (
    BrightPatternClient, CaseConflict, scim_string)
from ansible_collections.contactcenter.agents.plugins.module_utils._brightpattern_user import (
    BrightPatternUserAdapter, users_info)
from ansible_collections.contactcenter.agents.plugins.module_utils._errors import ApiError, AuthError, InputError
from ansible_collections.contactcenter.agents.plugins.module_utils._http import HTTP_ARGUMENT_SPEC, Reply
from ansible_collections.contactcenter.agents.plugins.module_utils._reconcile import plan_entity

PARAMS = dict({k: v.get("default") for k, v in HTTP_ARGUMENT_SPEC.items()}, brightpattern_url="https://bp.example",
              brightpattern_client_id="api", brightpattern_client_secret="secret", brightpattern_auth="oauth")


class FakeHttp:
    """Answers by (method, path): a JSON-able value (200) or an exception to raise. Records the calls."""

    def __init__(self, answers):
        self.answers = answers
        self.calls = []

    def request(self, method, path, **kwargs):
        self.calls.append((method, path, kwargs.get("params")))
        answer = self.answers.get((method, path))
        if answer is None:
            raise ApiError("no route", 404, method, path, vendor_message="<html>Not Found</html>")
        if isinstance(answer, Exception):
            raise answer
        return Reply(200, {}, json.dumps(answer), method, path)


def client(answers, proven=True):
    bp = BrightPatternClient(PARAMS)
    bp.http = FakeHttp(answers)
    bp.base_proven = proven
    return bp


def test_digest_is_refused_naming_why():
    with pytest.raises(InputError) as err:
        BrightPatternClient(dict(PARAMS, brightpattern_auth="digest"))
    assert "3.x" in err.value.msg and "/admin/ws/t/" in err.value.msg and "oauth" in err.value.msg


def test_404_is_absent_only_once_the_base_is_proven():
    assert client({}, proven=True).get_user("ann") is None
    with pytest.raises(ApiError) as err:
        client({}, proven=False).get_user("ann")
    assert err.value.status == 404 and "https://bp.example/configapi/v2/user/ann" in err.value.msg


def test_token_404_is_not_a_missing_user():
    bp = BrightPatternClient(PARAMS)
    bp.http = FakeHttp({})
    with pytest.raises(ApiError) as err:
        bp._fetch_token(bp.http)
    assert "https://bp.example/configapi/v2/oauth/token is not the Bright Pattern token endpoint" in err.value.msg
    assert bp.base_proven is False


@pytest.mark.parametrize("answered, error", [("Ann", CaseConflict), ("victim", ApiError)])
def test_get_user_answering_another_login_fails(answered, error):
    bp = client({("GET", "/user/ann"): {"loginId": answered}})
    with pytest.raises(error) as err:
        bp.get_user("ann")
    assert repr(answered) in err.value.msg and "nothing is written" in err.value.msg


def test_directory_403_is_none_unless_required():
    refused = AuthError("access denied", 403, "GET", "/phone/user")
    assert client({("GET", "/phone/user"): refused}).login_ids() is None
    with pytest.raises(AuthError) as err:
        client({("GET", "/phone/user"): refused}).login_ids(required=True)
    assert "privilege" in err.value.msg


def test_scim_filter_value_is_escaped():
    assert scim_string('vi\\ctim') == '"vi\\\\ctim"'
    assert scim_string('a"b') == '"a\\"b"'
    bp = client({("GET", "/scim/users"): {"Resources": [{"id": "X1", "userName": 'vi\\ctim'}]}})
    assert bp.scim_id('vi\\ctim') == "X1"
    assert bp.http.calls[0][2] == {"filter": 'userName eq "vi\\\\ctim"'}


def test_scim_answer_about_another_user_is_refused():
    bp = client({("GET", "/scim/users"): {"Resources": [{"id": "X1", "userName": "victim"}]}})
    with pytest.raises(ApiError) as err:
        bp.scim_id('vi\\ctim')
    assert "'victim'" in err.value.msg


def adapter(answers):
    batch = Batch(PARAMS)
    bp = BrightPatternUserAdapter(PARAMS, batch)
    bp.client.http = FakeHttp(answers)
    bp.client.base_proven = True
    return bp, batch


USER = {"loginId": "ann", "firstName": "Ann", "lastName": "Lee", "team": "Sales", "skills": {}, "roles": []}


def test_create_sends_only_set_fields_that_have_an_api_name():
    bp, _batch = adapter({})
    sent = []
    bp.client.create_user = sent.append
    desired = bp.spec.desired({"login_id": "ann", "first_name": "Ann", "last_name": "Lee", "team": "Sales",
                               "email": " ", "unlock": True})  # email: empty is unset; unlock: no API field
    bp.create(plan_entity(bp.spec, desired, None, {"state": "present"}), {})
    assert sent == [{"loginId": "ann", "firstName": "Ann", "lastName": "Lee", "team": "Sales"}]


def test_single_404_is_confirmed_by_the_directory():
    bp, _batch = adapter({("GET", "/phone/user"): [{"loginId": "bob"}]})
    assert bp.read_many(["ann"]) == {"ann": None}
    bp, _batch = adapter({("GET", "/phone/user"): [{"loginId": "ann"}]})
    assert "not the API's" in bp.read_many(["ann"])["ann"].msg  # listed, yet 404: a proxy's answer
    bp, _batch = adapter({("GET", "/phone/user"): [{"login_id": "ANN"}]})
    found = bp.read_many(["ann"])["ann"]
    assert isinstance(found, CaseConflict) and "'ANN'" in found.msg


def test_batch_without_directory_reads_each_user_and_warns():
    refused = AuthError("access denied", 403, "GET", "/phone/user")
    bp, batch = adapter({("GET", "/phone/user"): refused, ("GET", "/user/ann"): USER})
    states = bp.read_many(["ann", "bob"])
    assert states["bob"] is None and states["ann"]["team"] == "Sales"
    assert len(batch.warnings) == 1 and "privilege" in batch.warnings[0]


def test_a_single_404_with_the_directory_refused_reads_the_user_once():
    refused = AuthError("access denied", 403, "GET", "/phone/user")
    bp, batch = adapter({("GET", "/phone/user"): refused})
    assert bp.read_many(["ann"]) == {"ann": None}
    assert [c[:2] for c in bp.client.http.calls] == [("GET", "/user/ann"), ("GET", "/phone/user")]
    assert len(batch.warnings) == 1 and "privilege" in batch.warnings[0]


def test_export_without_directory_fails_naming_the_privilege(monkeypatch):
    refused = AuthError("access denied", 403, "GET", "/phone/user")
    monkeypatch.setattr(BrightPatternClient, "__init__", lambda self, params: None)
    monkeypatch.setattr(BrightPatternClient, "http", FakeHttp({("GET", "/phone/user"): refused}), raising=False)
    with pytest.raises(AuthError) as err:
        users_info(dict(PARAMS, login_id=None), Batch(PARAMS))
    assert "403" in err.value.msg and "privilege" in err.value.msg


@pytest.mark.parametrize("login", ["..", ".", "", "a//b", "x/../y", "y/."])
def test_logins_that_are_path_segments_are_refused(login):
    field = BrightPatternUserAdapter.spec.field("login_id")
    with pytest.raises(InputError) as err:
        field.normalize(login) if login else BrightPatternUserAdapter.spec.desired({"login_id": " "})
    assert "login_id" in err.value.msg
