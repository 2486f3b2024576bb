# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""initial_password: generated per vendor rule, stored owner-only, reused, forgotten on request."""
from __future__ import annotations

import os
import stat

import pytest

from ansible.errors import AnsibleError, AnsibleLookupError
from ansible.plugins.loader import lookup_loader

from ansible_collections.contactcenter.agents.plugins.module_utils._cec_agent import password_ok
from ansible_collections.contactcenter.agents.plugins.plugin_utils import _passwords


@pytest.fixture
def lookup():
    plugin = lookup_loader.get("contactcenter.agents.initial_password")
    assert plugin is not None

    def run(*accounts, **options):
        return plugin.run(list(accounts), variables={}, **options)
    return run


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.parametrize("length", [8, 16, 32])
def test_generated_passwords_follow_the_cec_rule(length):
    for dummy in range(200):
        password = _passwords.generate(length, "cec")
        assert len(password) == length and password_ok(password)
        assert password.isascii()


def test_lengths_outside_the_rule_are_refused():
    with pytest.raises(AnsibleError, match="length must be from 8 to 32 for cec"):
        _passwords.generate(33, "cec")
    with pytest.raises(AnsibleError, match="length must be from 8 to 128 for brightpattern"):
        _passwords.generate(7, "brightpattern")
    assert len(_passwords.generate(40, "brightpattern")) == 40


def test_generated_once_then_reused(lookup, tmp_path):
    directory = tmp_path / "secrets" / "cec"
    first = lookup("ann.lee", "bob.kim", directory=str(directory))
    assert [(e["account"], e["new"]) for e in first] == [("ann.lee", True), ("bob.kim", True)]
    assert first[0]["password"] != first[1]["password"]
    assert mode(tmp_path / "secrets") == 0o700 and mode(directory) == 0o700
    assert mode(directory / "ann.lee") == 0o600
    assert (directory / "ann.lee").read_text() == first[0]["password"] + "\n"
    again = lookup(["ann.lee", "bob.kim"], directory=str(directory))  # a list term works too
    assert again == [dict(e, new=False) for e in first]


def test_without_write_nothing_is_stored(lookup, tmp_path):
    directory = tmp_path / "cec"
    (entry,) = lookup("ann.lee", directory=str(directory), write=False)
    assert entry["new"] is True and password_ok(entry["password"])
    assert not directory.exists()
    lookup("ann.lee", directory=str(directory))
    (entry,) = lookup("ann.lee", directory=str(directory), write=False)
    assert entry["new"] is False  # an existing file is read in check mode too


def test_forget_removes_the_given_accounts_only(lookup, tmp_path):
    directory = tmp_path / "bp"
    lookup("ann.lee", "bob.kim", directory=str(directory), rule="brightpattern")
    assert lookup("ann.lee", "nobody", directory=str(directory), forget=True) == []
    assert sorted(os.listdir(directory)) == ["bob.kim"]


def test_forget_by_system_takes_each_systems_directory(lookup, tmp_path):
    lookup("ann.lee", "bob.kim", directory=str(tmp_path / "cec"))
    lookup("ann.lee", directory=str(tmp_path / "brightpattern"), rule="brightpattern")
    assert lookup(directory=str(tmp_path), by_system={"cec": ["bob.kim"], "brightpattern": ["ann.lee"]},
                  forget=True) == []
    assert sorted(os.listdir(tmp_path / "cec")) == ["ann.lee"] and os.listdir(tmp_path / "brightpattern") == []
    with pytest.raises(AnsibleLookupError, match=r"by_system: unknown system 'genesys' \(known: cec, brightpattern\)"):
        lookup(directory=str(tmp_path), by_system={"genesys": ["ann.lee"]}, forget=True)
    with pytest.raises(AnsibleLookupError, match="by_system is only for forget=true"):
        lookup(directory=str(tmp_path), by_system={"cec": ["ann.lee"]})
    assert sorted(os.listdir(tmp_path / "cec")) == ["ann.lee"]


def test_no_account_no_directory(lookup, tmp_path):
    assert lookup(directory=str(tmp_path / "none")) == []
    assert not (tmp_path / "none").exists()


def test_files_or_directories_others_can_read_are_refused(lookup, tmp_path):
    directory = tmp_path / "cec"
    lookup("ann.lee", directory=str(directory))
    os.chmod(directory / "ann.lee", 0o644)
    with pytest.raises(AnsibleLookupError, match="must be a regular file of the current user with mode 0600"):
        lookup("ann.lee", directory=str(directory))
    os.chmod(directory / "ann.lee", 0o600)
    os.chmod(directory, 0o755)
    with pytest.raises(AnsibleLookupError, match="only its owner can access"):
        lookup("ann.lee", directory=str(directory))


def test_empty_or_symlinked_files_are_refused(lookup, tmp_path):
    directory = tmp_path / "cec"
    lookup("ann.lee", directory=str(directory))
    (directory / "ann.lee").write_text("\n")
    with pytest.raises(AnsibleLookupError, match="is empty"):
        lookup("ann.lee", directory=str(directory))
    os.symlink(directory / "ann.lee", directory / "bob.kim")
    with pytest.raises(AnsibleLookupError, match="must be a regular file"):
        lookup("bob.kim", directory=str(directory))


@pytest.mark.parametrize("account", ["../etc", ".hidden", "a/b", "", 7])
def test_unsafe_account_names_are_refused(lookup, tmp_path, account):
    with pytest.raises(AnsibleLookupError, match="is not an account name"):
        lookup(account, directory=str(tmp_path))
