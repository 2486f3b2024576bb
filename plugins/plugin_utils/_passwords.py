# -*- coding: utf-8 -*-
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The store of generated initial passwords: one owner-only file per account in a directory per system.

Used by the initial_password lookup and the onboarding_prepare action. Errors are AnsibleError with
a message that names the path, never the password.
"""

from __future__ import annotations

import os
import secrets
import stat
import string

from ansible.errors import AnsibleError

from ansible_collections.contactcenter.agents.plugins.plugin_utils._onboarding import ACCOUNT_RE

SPECIALS = "!#$%*+-.=?@^_~"  # ASCII members of CEC's special set that need no quoting in YAML or shells
CLASSES = (string.ascii_uppercase, string.ascii_lowercase, string.digits, SPECIALS)
LIMITS = {"cec": (8, 32), "brightpattern": (8, 128)}


def generate(length=8, rule="cec"):
    """A random password with every character class, of ``length`` characters."""
    low, high = LIMITS[rule]
    if not low <= length <= high:
        raise AnsibleError("length must be from %d to %d for %s, not %d" % (low, high, rule, length))
    rng = secrets.SystemRandom()
    chars = [rng.choice(c) for c in CLASSES]
    alphabet = "".join(CLASSES)
    chars += [rng.choice(alphabet) for dummy in range(length - len(chars))]
    rng.shuffle(chars)
    return "".join(chars)


def private_directory(path, create):
    """Check (and with ``create``, make) a directory only its owner can access."""
    if not os.path.isdir(path):
        if not create:
            return False
        missing = []
        head = path
        while head and not os.path.isdir(head):
            missing.append(head)
            head = os.path.dirname(head)
        for part in reversed(missing):
            os.mkdir(part, 0o700)
            os.chmod(part, 0o700)  # whatever the umask
    info = os.stat(path)
    if info.st_uid != os.getuid() or info.st_mode & 0o077:
        raise AnsibleError("%s must be a directory of the current user that only its owner "
                           "can access (mode 0700), not mode %04o" % (path, stat.S_IMODE(info.st_mode)))
    return True


def read_password(path):
    """The stored password, or None if there is none."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
        raise AnsibleError("%s must be a regular file of the current user with mode 0600, "
                           "not mode %04o" % (path, stat.S_IMODE(info.st_mode)))
    with open(path, encoding="utf-8") as handle:
        password = handle.read().rstrip("\r\n")
    if not password:
        raise AnsibleError("%s is empty; remove it to have a password generated" % path)
    return password


def store_password(path, password):
    """Write a new file; returns the password that is stored (someone else's if they were first)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except FileExistsError:
        return read_password(path)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(password + "\n")
    return password


def check_account(account):
    if not isinstance(account, str) or not ACCOUNT_RE.fullmatch(account) or account.startswith("."):
        raise AnsibleError("%r is not an account name whose password can be stored (letters, digits "
                           "and @ . - _, not starting with a dot)" % (account,))


def read_or_generate(accounts, directory, rule, length, write):
    """``[{account, password, new}]``: the stored password of each account, or a new one (stored if ``write``)."""
    for account in accounts:
        check_account(account)
    stored = private_directory(directory, create=write and bool(accounts))
    out = []
    for account in accounts:
        path = os.path.join(directory, account)
        password = read_password(path) if stored else None
        if password is not None:
            out.append({"account": account, "password": password, "new": False})
            continue
        password = generate(length, rule)
        if write:
            password = store_password(path, password)
        out.append({"account": account, "password": password, "new": True})
    return out


def forget(accounts, directory):
    for account in accounts:
        check_account(account)
    for account in accounts:
        try:
            os.unlink(os.path.join(directory, account))
        except FileNotFoundError:
            pass
