# -*- coding: utf-8 -*-
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The store of generated initial passwords: one owner-only file per account in a directory per system.

Used by the initial_password lookup and the onboarding_prepare action. Errors are AnsibleError with
a message that names the path (and the account), never the password.

The whole path is checked, not only the last directory: a directory that someone else can replace
(a symlink, or an entry of a directory others may write to) would let them read or plant passwords.
Several runs may share the store (AWX job slices): creation and writes are race-free.
"""

from __future__ import annotations

import os
import secrets
import stat
import string
import tempfile

from ansible.errors import AnsibleError

from ansible_collections.contactcenter.agents.plugins.plugin_utils._onboarding import ACCOUNT_MAX, ACCOUNT_RE
from ansible_collections.contactcenter.agents.plugins.plugin_utils._systems import get

SPECIALS = "!#$%*+-.=?@^_~"  # ASCII members of CEC's special set that need no quoting in YAML or shells
CLASSES = (string.ascii_uppercase, string.ascii_lowercase, string.digits, SPECIALS)


def generate(length=8, rule="cec"):
    """A random password with every character class, of ``length`` characters."""
    low, high = get(rule).password_lengths  # an unknown system is a ValueError
    if not low <= length <= high:
        raise AnsibleError("length must be from %d to %d for %s, not %d" % (low, high, rule, length))
    rng = secrets.SystemRandom()
    chars = [rng.choice(c) for c in CLASSES]
    alphabet = "".join(CLASSES)
    chars += [rng.choice(alphabet) for dummy in range(length - len(chars))]
    rng.shuffle(chars)
    return "".join(chars)


def _trusted_owner(info):
    return info.st_uid in (0, os.getuid())


def check_ancestors(path, _depth=0):
    """Refuse a path above the store that someone other than root or the current user could change.

    Each existing directory on the way must be owned by root or the current user, and not writable by its
    group or others unless it has the sticky bit (as /tmp: others cannot rename or remove what is ours).
    A symlink on the way is followed only if root or the current user owns it. Stops at the first missing
    directory (what is missing is created by us, owner-only)."""
    parts = [p for p in os.path.abspath(path).split(os.sep) if p]
    current = os.sep
    for index, name in enumerate(parts):
        candidate = os.path.join(current, name)
        try:
            info = os.lstat(candidate)
        except FileNotFoundError:
            return
        if stat.S_ISLNK(info.st_mode):
            if not _trusted_owner(info):
                raise AnsibleError("%s is a symlink owned by another user (uid %d); the password store must not "
                                   "be reached through it" % (candidate, info.st_uid))
            if _depth > 40:
                raise AnsibleError("%s: too many levels of symbolic links" % candidate)
            target = os.path.normpath(os.path.join(current, os.readlink(candidate)))
            check_ancestors(os.path.join(target, *parts[index + 1:]), _depth + 1)
            return
        if not stat.S_ISDIR(info.st_mode):
            raise AnsibleError("%s is not a directory" % candidate)
        if not _trusted_owner(info):
            raise AnsibleError("%s is owned by another user (uid %d); the password store must only be under "
                               "directories of root or the current user" % (candidate, info.st_uid))
        if info.st_mode & 0o022 and not info.st_mode & stat.S_ISVTX:
            raise AnsibleError("%s is writable by its group or others (mode %04o) without the sticky bit; they "
                               "could replace the password store below it" % (candidate, stat.S_IMODE(info.st_mode)))
        current = candidate


def _check_private(path, info):
    if stat.S_ISLNK(info.st_mode):
        raise AnsibleError("%s is a symlink; the password store must be a real directory" % path)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
        raise AnsibleError("%s must be a directory of the current user that only its owner "
                           "can access (mode 0700), not mode %04o" % (path, stat.S_IMODE(info.st_mode)))


def _mkdir(path):
    try:
        os.mkdir(path, 0o700)
        os.chmod(path, 0o700)  # whatever the umask; its parent is safe, so it is still ours
    except FileExistsError:
        pass  # another run was first: checked like any existing directory


def private_directory(path, create, private_parents=0):
    """Check (and with ``create``, make) a directory only its owner can access.

    ``private_parents``: how many directories above ``path`` belong to the store (the password directory
    above a system's directory) and must be owner-only and no symlink as well. Everything above them is
    checked by check_ancestors. Race-free: a directory another run creates meanwhile is checked like any."""
    chain = [os.path.abspath(path)]
    for dummy in range(private_parents):
        chain.insert(0, os.path.dirname(chain[0]))
    above = os.path.dirname(chain[0])
    check_ancestors(above)
    missing = []
    head = above
    while create and head and not os.path.lexists(head):
        missing.insert(0, head)
        head = os.path.dirname(head)
    try:
        for part in missing:
            _mkdir(part)
        for part in chain:
            try:
                info = os.lstat(part)
            except FileNotFoundError:
                if not create:
                    return False
                _mkdir(part)
                info = os.lstat(part)
            _check_private(part, info)
    except OSError as exc:
        raise AnsibleError("cannot use %s: %s" % (exc.filename or path, exc.strerror)) from None
    return True


def read_password(path):
    """The stored password, or None if there is none."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except FileNotFoundError:
        return None
    except OSError as exc:
        # O_NOFOLLOW on a symlink (ELOOP), a name too long, ...: never follow, name the file
        raise AnsibleError("%s must be a regular file of the current user with mode 0600 (%s)" % (
            path, exc.strerror)) from None
    with os.fdopen(fd, encoding="utf-8") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
            raise AnsibleError("%s must be a regular file of the current user with mode 0600, "
                               "not mode %04o" % (path, stat.S_IMODE(info.st_mode)))
        password = handle.read().rstrip("\r\n")
    if not password:
        raise AnsibleError("%s is empty; remove it to have a password generated" % path)
    return password


def store_password(path, password):
    """Store a new file atomically; returns the password that is stored (someone else's if they were first).

    Written to a temporary file in the same directory, then linked to its name: a reader never sees a
    half-written file, and unlike a rename, a link never replaces a file another run stored meanwhile."""
    fd, temporary = tempfile.mkstemp(prefix=".tmp-", dir=os.path.dirname(path))  # mode 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(password + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            return read_password(path)
    finally:
        os.unlink(temporary)
    return password


def check_accounts(accounts):
    for account in accounts:
        if not isinstance(account, str) or not ACCOUNT_RE.fullmatch(account) or account.startswith("."):
            raise AnsibleError("%r is not an account name whose password can be stored (letters, digits "
                               "and @ . - _, not starting with a dot)" % (account,))
        if len(account) > ACCOUNT_MAX:
            raise AnsibleError("account %s... is %d characters long; the password store keeps one file per "
                               "account and takes at most %d" % (account[:40], len(account), ACCOUNT_MAX))


def read_or_generate(accounts, directory, rule, length, write, private_parents=0):
    """``[{account, password, new}]``: the stored password of each account, or a new one (stored if ``write``).

    On an error, the passwords this call stored are removed again (they would not be used), and the
    message names the account."""
    check_accounts(accounts)
    stored = private_directory(directory, create=write and bool(accounts), private_parents=private_parents)
    out = []
    account = None
    try:
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
    except (AnsibleError, OSError) as exc:
        if write:
            forget([e["account"] for e in out if e["new"]], directory)
        text = exc.message if isinstance(exc, AnsibleError) else "%s: %s" % (exc.filename or directory, exc.strerror)
        raise AnsibleError("account %s: %s" % (account, text)) from None
    return out


def forget(accounts, directory):
    check_accounts(accounts)
    if not accounts or not private_directory(directory, create=False):
        return
    for account in accounts:
        path = os.path.join(directory, account)
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise AnsibleError("cannot remove the stored password of %s (%s): %s" % (
                account, path, exc.strerror)) from None


def forget_by_system(by_system, password_dir):
    """Forget each system's accounts in its directory ``<password_dir>/<system>``; an unknown system is a ValueError."""
    for system, accounts in by_system.items():
        forget(list(accounts or []), os.path.join(password_dir, get(system).name))


def refused(result):
    """Whether a failed item surely wrote nothing: a rule checked before the call (``field``), or an answer
    of the server that is not a server error. A lost answer or a 5xx may have created the account."""
    status = result.get("status")
    return "field" in result or (isinstance(status, int) and not isinstance(status, bool) and status < 500)


def after_call(result, source, absent):
    """What to do with a stored password once the module answered: ``(forget, note)``.

    ``result``: the item's result (None if the answer has none); ``source``: ``{path, new}`` when the item's
    password came from the store; ``absent``: the item removes the account. The note, for the report,
    names the file, never the password."""
    if result is None:
        return False, None
    if absent:
        # The account is gone (or was never there): its password must not reach the next person with this name.
        return not result.get("failed"), None
    if source is None:
        return False, None
    if result.get("operation") != "create":
        return bool(source["new"]), None  # the account existed: a password generated now was not used
    if not result.get("failed") or result.get("changed"):
        return False, None
    if refused(result):
        return True, ("the initial password stored in %s was removed (nothing was created with it); the next run "
                      "generates a new one" % source["path"])
    return False, ("the initial password stored in %s is kept for the next attempt (the account may have been "
                   "created with it); to replace it, delete that file, or give the password in the inventory"
                   % source["path"])
