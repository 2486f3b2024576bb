# -*- coding: utf-8 -*-
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Typed errors. module_utils raise these; only the runner turns them into ``fail_json``."""

from __future__ import annotations


class ContactCenterError(Exception):
    """Base class; ``details()`` is merged into the module result on failure."""

    def __init__(self, msg):
        super().__init__(msg)
        self.msg = msg

    def details(self):
        return {}


class InputError(ContactCenterError):
    """The desired state breaks a documented rule; raised before any write."""

    def __init__(self, field, msg):
        super().__init__("%s: %s" % (field, msg) if field else msg)
        self.field = field

    def details(self):
        return {"field": self.field} if self.field else {}


class ApiError(ContactCenterError):
    """The API answered with an error status or a failure envelope."""

    def __init__(self, msg, status=None, method=None, path=None, vendor_code=None, vendor_message=None):
        where = " ".join(p for p in (method, path) if p)
        text = msg
        if where:
            text = "%s %s: %s" % (where, "(HTTP %s)" % status if status else "", msg)
            text = text.replace("  ", " ")
        super().__init__(text)
        self.status = status
        self.method = method
        self.path = path
        self.vendor_code = vendor_code
        self.vendor_message = vendor_message

    def details(self):
        out = {"status": self.status}
        if self.vendor_code is not None:
            out["vendor_code"] = self.vendor_code
        if self.vendor_message is not None:
            out["vendor_message"] = self.vendor_message
        return out


class AuthError(ApiError):
    """Credentials were refused; never retried in a loop."""


class ConflictError(ApiError):
    """The object already exists (someone created it meanwhile)."""


class TransportError(ContactCenterError):
    """No usable HTTP answer: connection refused or reset, timeout, TLS failure.

    ``maybe_applied`` is true when the request may have reached the server, so a write
    must be checked by reading again, never blindly repeated. ``permanent`` failures are not retried.
    """

    def __init__(self, msg, method=None, path=None, maybe_applied=False, permanent=False):
        super().__init__("%s %s: %s" % (method, path, msg) if method else msg)
        self.maybe_applied = maybe_applied
        self.permanent = permanent  # e.g. a certificate the retry would refuse again
        self.cause = msg  # the same for every entity that failed this way (the call differs)


class VerificationError(ContactCenterError):
    """A write succeeded but reading back shows the server did not persist some fields."""

    def __init__(self, mismatches):
        parts = ["%s (wanted %r, server has %r)" % m for m in mismatches]
        super().__init__("the server did not persist: " + "; ".join(parts))
        self.mismatches = mismatches
