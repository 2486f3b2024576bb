# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A batch's secrets stay masked in the module result, without one masking pass per item's password."""
from __future__ import annotations

import json

import pytest

from ansible.module_utils import basic
from ansible.module_utils.testing import patch_module_args

from ansible_collections.contactcenter.agents.plugins.module_utils._no_log import NO_LOG_PLACEHOLDER
from ansible_collections.contactcenter.agents.plugins.module_utils._runner import run_entity_module
from ansible_collections.contactcenter.agents.tests.unit.plugins.module_utils.toy import MemoryAdapter

N = 40


def run_module(args, monkeypatch, capsys):
    """Run the toy entity module; return its JSON result and the secrets Ansible's masking was given."""
    given = []
    real = basic.remove_values

    def recording(value, no_log_strings):
        given.append(set(no_log_strings))
        return real(value, no_log_strings)

    monkeypatch.setattr(basic, "remove_values", recording)
    with patch_module_args(args):
        with pytest.raises(SystemExit):
            run_entity_module(MemoryAdapter)
    return json.loads(capsys.readouterr().out), given[-1]


def test_item_passwords_are_masked_and_only_leaked_ones_are_scanned_for(monkeypatch, capsys):
    toys = [{"login": "u%02d" % i, "name": "N%02d" % i, "password": "pw-%02d-secret" % i} for i in range(N)]
    toys[3]["phone"] = "call pw-07-secret"  # another item's password inside a field that is returned
    result, given = run_module({"toys": toys}, monkeypatch, capsys)
    text = json.dumps(result)
    assert not any("pw-%02d-secret" % i in text for i in range(N))
    assert [t["password"] for t in result["invocation"]["module_args"]["toys"]] == [NO_LOG_PLACEHOLDER] * N
    assert result["results"][3]["toy"]["phone"] == "call ********"
    assert result["invocation"]["module_args"]["toys"][3]["phone"] == "call ********"
    assert given == {"pw-07-secret"}  # not one masking pass per item
    assert result["counts"]["created"] == N


def test_single_entity_password_is_masked(monkeypatch, capsys):
    result, given = run_module({"login": "amy", "name": "Amy", "password": "pw-amy-secret"}, monkeypatch, capsys)
    assert "pw-amy-secret" not in json.dumps(result)
    assert result["invocation"]["module_args"]["password"] == NO_LOG_PLACEHOLDER
    assert given == set()
