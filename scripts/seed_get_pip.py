#!/usr/bin/env python
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pre-seed ansible-test's pip bootstrap cache so ``--requirements`` works without its CDN.

ansible-test bootstraps pip into every virtual environment it creates (sanity tests run in their
own venvs) by running ``get-pip.py``, which it downloads from ci-files.testing.ansible.com and
caches as ``~/.ansible/test/cache/get_pip_<version with _>.py``. That host is not reachable from
this network (only the package registries are), so we write a stand-in under the cache name.

The stand-in is run by ansible-test's ``quiet_pip.py`` through ``runpy`` with the arguments it
would give get-pip.py, e.g. ``--disable-pip-version-check pip==24.2 --no-setuptools --no-wheel``.
It installs pip with the standard library's ``ensurepip`` and then upgrades to the exact pip that
ansible-test asked for, from PyPI (the ordinary ``pip install``).

Run this with the Python that has ansible-core installed (our test venv); it reads the pip version
from the installed ansible-test, so it follows ansible-core upgrades by itself.
"""
from __future__ import annotations

import os
import re
import sys

MARKER = "# contactcenter.agents get-pip stand-in"

STAND_IN = MARKER + '''
# Written by scripts/seed_get_pip.py; safe to delete (it is rewritten on the next test run).
import subprocess
import sys


def main():
    # ansible-test passes e.g. "--disable-pip-version-check pip==24.2 --no-setuptools --no-wheel";
    # the last two are get-pip.py options, not pip install options.
    args = [a for a in sys.argv[1:] if a not in ("--no-setuptools", "--no-wheel")] or [%(pip)r]
    subprocess.check_call([sys.executable, "-m", "ensurepip", "--upgrade", "--default-pip"])
    cmd = [sys.executable, "-m", "pip", "install", "--disable-pip-version-check"] + args
    if subprocess.call(cmd) != 0:
        sys.stderr.write("get-pip stand-in: could not install %%s from the package index; "
                         "keeping the pip that ensurepip installed\\n" %% " ".join(args))


main()
'''


def ansible_test_pip_version() -> str:
    """Return the pip version ansible-test bootstraps into its venvs (e.g. '24.2')."""
    from ansible_test._internal import python_requirements as pr

    try:
        class _Py:  # get_venv_packages only looks at .version
            version = "%d.%d" % sys.version_info[:2]

        return pr.get_venv_packages(_Py())["pip"]
    except Exception:  # pragma: no cover - fall back to reading the source
        with open(pr.__file__, encoding="utf-8") as f:
            match = re.search(r"pip\s*=\s*'([0-9.]+)'", f.read())
        if not match:
            raise SystemExit("cannot find the pip version in %s" % pr.__file__)
        return match.group(1)


def main() -> int:
    version = ansible_test_pip_version()
    cache_dir = os.path.expanduser("~/.ansible/test/cache")
    path = os.path.join(cache_dir, "get_pip_%s.py" % version.replace(".", "_"))
    if os.path.exists(path):
        with open(path, encoding="utf-8", errors="replace") as f:
            head = f.read(len(MARKER))
        if head != MARKER:
            print("seed_get_pip: keeping existing %s (not ours)" % path)
            return 0
    os.makedirs(cache_dir, exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(STAND_IN % {"pip": "pip==%s" % version})
    os.replace(tmp, path)
    print("seed_get_pip: pip %s bootstrap for ansible-test -> %s" % (version, path))
    return 0


if __name__ == "__main__":
    sys.exit(main())
