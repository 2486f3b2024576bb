# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The private AnsibleModule internals that _no_log.py overrides: each test names the one it checks, so a new
ansible-core that changes it fails here with a message saying what to review, not with a leaked secret."""
from __future__ import annotations

import inspect
import json

import pytest

from ansible.module_utils import basic
from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.testing import patch_module_args

from ansible_collections.contactcenter.agents.plugins.module_utils import _no_log

REVIEW = ("ansible-core changed an AnsibleModule internal that plugins/module_utils/_no_log.py relies on (see "
          "its header): %s. Review the no_log fast path before trusting any result to be masked.")


def parameters(function):
    return [p.name for p in inspect.signature(function).parameters.values()]


def test_load_params_and_return_formatted_exist_with_the_expected_signatures():
    for name, expected in [("_load_params", ["self"]), ("_return_formatted", ["self", "kwargs"])]:
        method = getattr(AnsibleModule, name, None)
        assert callable(method), REVIEW % ("AnsibleModule.%s is gone" % name)
        assert parameters(method) == expected, REVIEW % ("AnsibleModule.%s%s is now %s%s" % (
            name, tuple(expected), name, inspect.signature(method)))


class Recording(AnsibleModule):
    """Records what _no_log.py's overrides would see."""

    def _load_params(self):
        self.seen_no_log_values = getattr(self, "no_log_values", None)
        super()._load_params()
        self.loaded = dict(self.params)
        self.no_log_values.add("added-while-loading")
        self.formatted = []

    def _return_formatted(self, kwargs):
        self.formatted.append(dict(kwargs))
        super()._return_formatted(kwargs)


def module(**args):
    """A Recording module; ends (exit_json/fail_json) only inside ``with patch_module_args(ARGS)``."""
    with patch_module_args(dict(ARGS, **args)):
        return Recording(argument_spec={"secret": {"type": "str", "no_log": True}, "name": {"type": "str"},
                                        "items": {"type": "list", "elements": "dict"}})


ARGS = {"secret": "s3cret-value", "name": "amy"}


def test_no_log_values_is_a_set_that_exists_before_load_params_and_is_kept_by_validation():
    mod = module(items=[{"password": 5}])
    assert isinstance(mod.seen_no_log_values, set), REVIEW % (
        "no_log_values is %r when _load_params runs (a set is expected before it)" % (mod.seen_no_log_values,))
    assert isinstance(mod.no_log_values, set), REVIEW % ("no_log_values is a %s, not a set" % type(
        mod.no_log_values).__name__)
    assert "added-while-loading" in mod.no_log_values, REVIEW % (
        "a value added to no_log_values in _load_params is lost by validation (the set is replaced)")
    assert "s3cret-value" in mod.no_log_values, REVIEW % "validation no longer adds no_log options to no_log_values"


def test_load_params_sets_the_raw_options_before_validation():
    mod = module(items=[{"password": 5}], name=["a", "list"])
    assert mod.loaded.get("name") == ["a", "list"], REVIEW % (
        "_load_params no longer sets self.params to the options as given (before validation): %r" % mod.loaded)
    assert mod.params["name"] != ["a", "list"], "validation should turn a list given for a str into text"


@pytest.mark.parametrize("end", ["exit_json", "fail_json"])
def test_exit_json_and_fail_json_go_through_return_formatted_which_masks_no_log_values(end, capsys):
    mod = module()
    mod.no_log_values.add("runtime-token-1")
    kwargs = {"msg": "failed"} if end == "fail_json" else {}
    with patch_module_args(ARGS), pytest.raises(SystemExit):
        getattr(mod, end)(token="Bearer runtime-token-1", invocation={"module_args": {"mine": True}}, **kwargs)
    assert len(mod.formatted) == 1, REVIEW % ("%s no longer calls _return_formatted(kwargs) once" % end)
    out = json.loads(capsys.readouterr().out)
    assert out["token"] == "Bearer ********", REVIEW % ("_return_formatted no longer masks the values of no_log_values")
    assert out["invocation"] == {"module_args": {"mine": True}}, REVIEW % (
        "_return_formatted replaces an invocation that is already there")


def test_return_formatted_adds_an_invocation_only_when_absent_and_the_warnings_result_text_reads(capsys):
    mod = module()
    mod.warn("visible warning")
    assert "visible warning" in _no_log.result_text({}), REVIEW % (
        "get_warnings() no longer returns what AnsibleModule.warn recorded")
    with patch_module_args(ARGS), pytest.raises(SystemExit):
        mod.exit_json()
    out = json.loads(capsys.readouterr().out)
    assert out["invocation"]["module_args"]["secret"] == _no_log.NO_LOG_PLACEHOLDER, REVIEW % (
        "the invocation Ansible adds no longer shows a no_log option as %s" % _no_log.NO_LOG_PLACEHOLDER)
    assert any("visible warning" in str(w) for w in out["warnings"]), REVIEW % "warnings are no longer returned"


def test_masking_is_done_by_basic_remove_values(monkeypatch, capsys):
    given = []
    real = basic.remove_values
    monkeypatch.setattr(basic, "remove_values", lambda value, strings: given.append(set(strings)) or real(value, strings))
    mod = module()
    with patch_module_args(ARGS), pytest.raises(SystemExit):
        mod.exit_json()
    assert given and "s3cret-value" in given[-1], REVIEW % (
        "_return_formatted no longer masks with basic.remove_values(kwargs, self.no_log_values)")
