# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The password store: whole-path checks, race-free creation and writes, errors that name the account."""
from __future__ import annotations

import multiprocessing
import os
import stat

import pytest

from ansible.errors import AnsibleError

from ansible_collections.contactcenter.agents.plugins.plugin_utils import _passwords


def _slice(args):
    """One AWX job slice: its own accounts, the shared store."""
    root, index, barrier = args
    barrier.wait()
    try:
        found = _passwords.read_or_generate(["agent%d.%d" % (index, n) for n in range(3)] + ["shared.one"],
                                            os.path.join(root, "cec"), "cec", 8, True, private_parents=1)
        return {e["account"]: e["password"] for e in found}
    except Exception as exc:  # noqa: BLE001 - reported to the test
        return "%s: %s" % (type(exc).__name__, exc)


def test_slices_starting_together_on_a_fresh_shared_store_all_succeed(tmp_path):
    context = multiprocessing.get_context("fork")
    slices = 3
    with context.Manager() as manager, context.Pool(slices) as pool:
        for attempt in range(40):
            root = str(tmp_path / ("run%d" % attempt) / "passwords")
            barrier = manager.Barrier(slices)
            answers = pool.map(_slice, [(root, i, barrier) for i in range(slices)])
            assert all(isinstance(a, dict) for a in answers), answers
            # the account all slices asked for got one password, the one stored
            stored = open(os.path.join(root, "cec", "shared.one"), encoding="utf-8").read().strip()
            assert {a["shared.one"] for a in answers} == {stored}
            assert sorted(os.listdir(os.path.join(root, "cec"))) == sorted(
                ["shared.one"] + ["agent%d.%d" % (i, n) for i in range(slices) for n in range(3)])  # no temp file


def test_a_parent_anyone_may_write_to_is_refused_unless_sticky(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    with pytest.raises(AnsibleError, match=r"shared is writable by its group or others \(mode 0777\) without the "
                                           r"sticky bit"):
        _passwords.read_or_generate(["ann.lee"], str(shared / "passwords" / "cec"), "cec", 8, True)
    assert not (shared / "passwords").exists()
    shared.chmod(0o1777)  # like /tmp
    (entry,) = _passwords.read_or_generate(["ann.lee"], str(shared / "passwords" / "cec"), "cec", 8, True)
    assert entry["new"] is True


def test_a_symlinked_system_directory_or_password_directory_is_refused(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    store = tmp_path / "passwords"
    store.mkdir(mode=0o700)
    os.symlink(elsewhere, store / "cec")
    with pytest.raises(AnsibleError, match=r"passwords/cec is a symlink"):
        _passwords.read_or_generate(["ann.lee"], str(store / "cec"), "cec", 8, True, private_parents=1)
    os.symlink(store, tmp_path / "link")
    with pytest.raises(AnsibleError, match=r"/link is a symlink"):
        _passwords.read_or_generate(["ann.lee"], str(tmp_path / "link" / "brightpattern"), "brightpattern", 8, True,
                                    private_parents=1)
    assert os.listdir(elsewhere) == []


def test_a_symlink_above_the_store_owned_by_the_user_is_followed_and_checked(tmp_path):
    real = tmp_path / "real"
    real.mkdir(mode=0o700)
    os.symlink(real, tmp_path / "home")
    _passwords.read_or_generate(["ann.lee"], str(tmp_path / "home" / "passwords" / "cec"), "cec", 8, True,
                                private_parents=1)
    assert stat.S_IMODE(os.lstat(real / "passwords").st_mode) == 0o700
    real.chmod(0o777)
    with pytest.raises(AnsibleError, match=r"real is writable by its group or others"):
        _passwords.read_or_generate(["ann.lee"], str(tmp_path / "home" / "passwords" / "cec"), "cec", 8, True,
                                    private_parents=1)


def test_a_too_long_account_is_refused_by_name_and_nothing_is_left_behind(tmp_path):
    directory = tmp_path / "passwords" / "brightpattern"
    with pytest.raises(AnsibleError, match=r"account x{40}\.\.\. is 300 characters long; .* at most 200"):
        _passwords.read_or_generate(["ann.lee", "x" * 300], str(directory), "brightpattern", 8, True)
    assert not directory.exists() or os.listdir(directory) == []


def test_a_file_error_names_the_account_and_removes_what_this_call_stored(tmp_path, monkeypatch):
    directory = tmp_path / "cec"
    real = _passwords.store_password

    def failing(path, password):
        if path.endswith("bob.kim"):
            raise OSError(28, "No space left on device", path)
        return real(path, password)
    monkeypatch.setattr(_passwords, "store_password", failing)
    with pytest.raises(AnsibleError, match=r"^account bob.kim: .*bob.kim: No space left on device$"):
        _passwords.read_or_generate(["ann.lee", "bob.kim"], str(directory), "cec", 8, True)
    assert os.listdir(directory) == []


@pytest.mark.parametrize("result, source, absent, forget, note", [
    ({"operation": "delete", "changed": True, "failed": False}, None, True, True, None),
    ({"operation": "none", "changed": False, "failed": False}, None, True, True, None),
    ({"operation": "delete", "failed": True, "status": 500}, None, True, False, None),
    ({"operation": "create", "changed": True, "failed": False}, {"path": "/p/cec/a", "new": True}, False, False, None),
    ({"operation": "none", "failed": False}, {"path": "/p/cec/a", "new": True}, False, True, None),
    ({"operation": "none", "failed": False}, {"path": "/p/cec/a", "new": False}, False, False, None),
    ({"operation": "create", "failed": True, "changed": False, "status": 200}, {"path": "/p/cec/a", "new": False},
     False, True, "stored in /p/cec/a was removed"),
    ({"operation": "create", "failed": True, "changed": False, "field": "password"}, {"path": "/p/cec/a", "new": True},
     False, True, "stored in /p/cec/a was removed"),
    ({"operation": "create", "failed": True, "changed": False, "status": 503}, {"path": "/p/cec/a", "new": True},
     False, False, "stored in /p/cec/a is kept for the next attempt"),
    ({"operation": "create", "failed": True, "changed": False}, {"path": "/p/cec/a", "new": False},
     False, False, "delete that file"),
    (None, {"path": "/p/cec/a", "new": True}, False, False, None),
])
def test_after_the_call_a_stored_password_is_forgotten_only_when_no_account_uses_it(result, source, absent, forget,
                                                                                    note):
    forgotten, text = _passwords.after_call(result, source, absent)
    assert forgotten is forget
    assert (text is None) if note is None else (note in text)
