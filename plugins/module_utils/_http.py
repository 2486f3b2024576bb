# -*- coding: utf-8 -*-
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One keep-alive HTTP session per run: timeouts, TLS, token refresh, retries, throttle.

Retry policy (the lesson of clients that retry everything): reads are retried on transport
errors, 429, 5xx and garbled bodies, with jittered exponential backoff and ``Retry-After``
honoured up to a cap. Writes are retried only on 429 (the server says it did not process the
request) and after a token refresh on 401; any other write failure is raised, flagged
``maybe_applied`` where the request may have arrived, so the engine re-reads instead.
"""

from __future__ import annotations

import json
import os
import random
import threading
import time
from urllib.parse import urlparse

from ._errors import ApiError, AuthError, InputError, TransportError

try:
    import requests
    from requests.adapters import HTTPAdapter

    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError as exc:  # pragma: no cover - exercised by the missing_required_lib path
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = exc
    HTTPAdapter = object


class _PoolKeyCache(HTTPAdapter):
    """Remembers each pool key: requests (2.32+) derives it on every request, with a stat of the CA
    bundle path (7% of the CPU of a 1,000-user read in a profile). It depends only on these arguments."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._keys = {}

    def build_connection_pool_key_attributes(self, request, verify, cert=None):
        url = urlparse(request.url)
        key = (url.scheme, url.netloc, verify, cert)  # cert: None, a path or a (cert, key) tuple
        if key not in self._keys:
            self._keys[key] = super().build_connection_pool_key_attributes(request, verify, cert)
        host_params, pool_kwargs = self._keys[key]
        return dict(host_params), dict(pool_kwargs)


RETRY_STATUSES = frozenset((429, 500, 502, 503, 504))
RETRY_AFTER_CAP = 60.0


class Reply:
    """A finished HTTP exchange: status, headers, text and the JSON body if any."""

    def __init__(self, status, headers, text, method, path):
        self.status = status
        self.headers = headers
        self.text = text
        self.method = method
        self.path = path
        try:
            self.data = json.loads(text) if text else None
            self.is_json = bool(text)
        except ValueError:
            self.data = None
            self.is_json = False


class RetryPolicy:
    """How many times and for how long to retry; ``sleep`` is injectable for tests."""

    def __init__(self, retries=3, max_time=60.0, backoff=0.5, backoff_max=10.0, sleep=time.sleep):
        self.retries = retries
        self.max_time = max_time
        self.backoff = backoff
        self.backoff_max = backoff_max
        self.sleep = sleep

    def delay(self, attempt, retry_after=None):
        if retry_after is not None:
            return min(retry_after, RETRY_AFTER_CAP)
        base = min(self.backoff_max, self.backoff * (2 ** attempt))
        return base * random.uniform(0.5, 1.0)


class Throttle:
    """A requests-per-second budget shared by every worker of one run (0 = unlimited)."""

    def __init__(self, rate=0.0):
        self.interval = 1.0 / rate if rate else 0.0
        self.lock = threading.Lock()
        self.next_slot = 0.0

    def wait(self):
        if not self.interval:
            return
        with self.lock:
            now = time.monotonic()
            slot = max(now, self.next_slot)
            self.next_slot = slot + self.interval
        if slot > now:
            time.sleep(slot - now)


# Tokens obtained at run time: masked like no_log options wherever a result, warning or error could show them.
_RUNTIME_SECRETS = set()
MASK = "********"


def runtime_secrets():
    return set(_RUNTIME_SECRETS)


def mask_secrets(text):
    """``text`` with every runtime token replaced, e.g. before an error body is shortened (which could
    otherwise cut a token in two, leaving a part that no later masking recognises)."""
    for secret in runtime_secrets():  # a copy: another worker may add a token meanwhile
        text = text.replace(secret, MASK)
    return text


def parse_retry_after(value):
    try:
        return max(0.0, float(value))
    except (TypeError, ValueError):
        return None  # HTTP-date form: fall back to our own backoff


class TokenAuth:
    """A bearer token shared by all workers: fetched once, re-fetched when near expiry or on 401.

    ``fetch(http)`` returns ``(token, lifetime_seconds)``. A token given by the user is used until
    the server refuses it; then ``fetch`` (if any) takes over.
    """

    MARGIN = 0.1  # renew when 90 % of the lifetime has passed

    def __init__(self, fetch=None, token=None, extra_headers=None):
        self.fetch = fetch
        self.token = token
        if token:
            _RUNTIME_SECRETS.add(token)
        self.expires = float("inf") if token else 0.0
        self.extra_headers = extra_headers or {}
        self.lock = threading.Lock()
        self.refused = None  # credentials refused once are not tried again by other workers

    def headers(self, http):
        with self.lock:
            if self.refused:
                raise self.refused
            if not self.token or time.monotonic() >= self.expires:
                if self.fetch is None:
                    raise AuthError("the access token was refused and no credentials were given to get a new one",
                                    401)
                try:
                    token, lifetime = self.fetch(http)
                except AuthError as exc:
                    self.refused = exc
                    raise
                _RUNTIME_SECRETS.add(token)
                self.token = token
                self.expires = time.monotonic() + max(1.0, float(lifetime) * (1 - self.MARGIN))
            out = {"Authorization": "Bearer " + self.token}
        out.update(self.extra_headers)
        return out

    def invalidate(self, used_headers):
        """Forget the token a refused request carried (unless another worker already renewed it)."""
        with self.lock:
            if used_headers.get("Authorization") == "Bearer %s" % self.token:
                self.token = None


def bearer_token(reply, path, missing, token_key, lifetime_key, default_lifetime=3600):
    """``(token, lifetime)`` from a token endpoint's answer, as TokenAuth's ``fetch`` returns them. An answer
    without a token string is an ApiError saying ``missing``; a lifetime that is absent or not a number is
    ``default_lifetime`` (a wrong lifetime costs at most a refused token, which is fetched again)."""
    data = reply.data if isinstance(reply.data, dict) else {}
    token = data.get(token_key)
    if not token or not isinstance(token, str):
        raise ApiError(missing, reply.status, "POST", path)
    try:
        return token, float(data.get(lifetime_key) or default_lifetime)
    except (TypeError, ValueError):
        return token, default_lifetime


class HttpClient:
    """Sends requests below ``base_url``. ``auth`` (optional) adds and refreshes credentials."""

    def __init__(self, base_url, timeout=30, validate_certs=True, ca_path=None, retry=None,
                 throttle=None, pool_size=10, auth=None):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.retry = retry or RetryPolicy()
        self.throttle = throttle or Throttle()
        self.auth = auth
        self.session = requests.Session()
        # What requests would read from the environment on every request is read once: the proxy for each host
        # (HTTP(S)_PROXY, NO_PROXY) and, when no CA bundle was given, REQUESTS_CA_BUNDLE or CURL_CA_BUNDLE.
        # ~/.netrc is deliberately not read: these APIs get their credentials from the module, and a netrc entry
        # would replace the Authorization header.
        self.session.trust_env = False
        self.ca_path = ca_path if validate_certs else None
        self.verify = (ca_path or os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or True
                       if validate_certs else False)
        self.base_proxies = requests.utils.get_environ_proxies(self.base_url)
        self.proxies = {}  # {(scheme, host): proxies}: a token URL on another host has its own NO_PROXY answer
        if not validate_certs:
            # The user chose this for a test system; a warning per request would only be noise.
            requests.packages.urllib3.disable_warnings(requests.packages.urllib3.exceptions.InsecureRequestWarning)
        self.session.headers["User-Agent"] = "contactcenter.agents"
        adapter = _PoolKeyCache(pool_connections=1, pool_maxsize=max(pool_size, 1), max_retries=0)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.calls = 0

    def url(self, path):
        return path if "://" in path else self.base_url + path

    def proxies_for(self, url):
        """The environment's proxy for ``url``'s host, worked out once per host."""
        if url.startswith(self.base_url):
            return self.base_proxies
        parts = urlparse(url)
        key = (parts.scheme, parts.netloc)
        if key not in self.proxies:
            self.proxies[key] = requests.utils.get_environ_proxies(url)
        return self.proxies[key]

    def send_once(self, method, path, **kwargs):
        """One attempt, no retry. Transport failures become TransportError.

        Redirects are never followed: requests would send the body (an app secret, an initial password) and
        the credentials again, to whatever host the Location names."""
        self.throttle.wait()
        self.calls += 1
        url = self.url(path)
        try:
            resp = self.session.request(method, url, timeout=self.timeout, verify=self.verify,
                                        proxies=self.proxies_for(url), allow_redirects=False, **kwargs)
        except requests.exceptions.SSLError as exc:
            raise TransportError(self.tls_failure(url, exc), method, path, permanent=True) from None
        except requests.exceptions.ConnectTimeout:
            raise TransportError("connection to %s timed out after %ss" % (_host(url), self.timeout),
                                 method, path) from None
        except requests.exceptions.ReadTimeout:
            raise TransportError("no answer within %ss (timeout)" % self.timeout, method, path,
                                 maybe_applied=True) from None
        except requests.exceptions.ConnectionError as exc:
            sent = "Connection refused" not in str(exc) and "NewConnectionError" not in str(exc)
            raise TransportError("connection failed: %s" % _reason(exc, url), method, path,
                                 maybe_applied=sent) from None
        except requests.exceptions.RequestException as exc:
            raise TransportError("request failed: %s" % _reason(exc, url), method, path, maybe_applied=True) from None
        return Reply(resp.status_code, resp.headers, resp.text, method, path)

    def tls_failure(self, url, exc):
        """Why a TLS handshake failed and what to set; the same certificate fails every retry."""
        if self.verify is False:
            hint = "the handshake failed even with validate_certs=false (does %s speak https?)" % _host(url)
        elif self.ca_path:
            hint = "ca_path %s does not hold the CA that signed its certificate" % self.ca_path
        else:
            hint = ("set ca_path to the CA bundle that signed the server certificate (ca_path is not set: the "
                    "system's CA store was used), or validate_certs=false for a test system")
        return "TLS verification failed for %s (%s), not retried: %s" % (_host(url), _reason(exc, url), hint)

    def request(self, method, path, write=False, expect_json=True, auth=True, once=False, **kwargs):
        """Send with the retry policy; return a 2xx Reply or raise a typed error.

        ``once`` (a password change) sends the request at most once: no retry, not even after 429 or 401.
        """
        deadline = time.monotonic() + self.retry.max_time
        auth = self.auth if auth else None
        given = kwargs.pop("headers", None) or {}
        refreshed = False
        attempt = 0
        while True:
            headers = dict(given, **(auth.headers(self) if auth else {}))
            retry_after = None
            try:
                reply = self.send_once(method, path, headers=headers, **kwargs)
            except TransportError as exc:
                if write or exc.permanent or not self._may_retry(attempt, deadline, None):
                    raise
            else:
                if 300 <= reply.status < 400:
                    raise redirect_error(reply, self.url(path))
                if reply.status == 401 and auth and not refreshed:
                    refreshed = True
                    auth.invalidate(headers)
                    if not once:
                        continue
                if 200 <= reply.status < 300 and (reply.is_json or not expect_json):
                    return reply
                retry_after = parse_retry_after(reply.headers.get("Retry-After"))
                retryable = reply.status in RETRY_STATUSES or 200 <= reply.status < 300
                if write:
                    retryable = reply.status == 429
                if once or not retryable or not self._may_retry(attempt, deadline, retry_after):
                    raise self.error_for(reply, retried=not once)
            self.retry.sleep(self.retry.delay(attempt, retry_after))
            attempt += 1

    def _may_retry(self, attempt, deadline, retry_after):
        wait = self.retry.delay(attempt, retry_after) if retry_after is not None else 0.0
        return attempt < self.retry.retries and time.monotonic() + wait < deadline

    @staticmethod
    def error_for(reply, retried=True):
        """Turn a failed Reply into ApiError with the server's own words."""
        if 200 <= reply.status < 300:
            return ApiError("the server sent a response that is not JSON: %s" % _snippet(mask_secrets(reply.text)),
                            reply.status, reply.method, reply.path)
        message = _snippet(mask_secrets(reply.text)) or "no response body"
        cls = AuthError if reply.status in (401, 403) else ApiError
        err = cls(message, reply.status, reply.method, reply.path, vendor_message=message)
        if reply.status == 429:
            err.msg += " (rate limited; retries exhausted)" if retried else " (rate limited; not retried)"
        return err


def redirect_error(reply, url):
    """A 3xx is an error naming the status and the target, never the body (a login page, a token echo)."""
    location = reply.headers.get("Location") or "no Location"
    return ApiError("the server redirects to %s; redirects are not followed, as they would send the credentials "
                    "and the request (secrets included) again, elsewhere: give the URL that answers itself (%s)"
                    % (mask_secrets(location), _host(url)), reply.status, reply.method, reply.path)


def _host(url):
    return urlparse(url).netloc


def _reason(exc, url):
    """The cause of a requests exception without what differs per request (the URL, object addresses), so
    that the same failure of many entities reads the same and is reported once with their count."""
    inner = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
    inner = getattr(inner, "reason", None) or inner  # urllib3's MaxRetryError names the URL; its reason does not
    text = str(inner)
    if text.startswith("<") and ">: " in text:
        text = text.split(">: ", 1)[1]  # "<urllib3.connection.HTTPConnection object at 0x...>: Failed to ..."
    if isinstance(inner, Exception) and not text:
        text = type(inner).__name__
    return "%s (%s)" % (_snippet(text, 300), _host(url)) if _host(url) not in text else _snippet(text, 300)


def _snippet(text, limit=500):
    text = (text or "").strip()
    return text if len(text) <= limit else text[:limit] + "..."


# Options every HTTP-backed module shares; documented once in doc_fragments/transport.py.
HTTP_ARGUMENT_SPEC = {
    "validate_certs": {"type": "bool", "default": True},
    "ca_path": {"type": "path"},
    "timeout": {"type": "int", "default": 30},
    "retries": {"type": "int", "default": 3},
    "retry_max_time": {"type": "int", "default": 120},
    "requests_per_second": {"type": "float", "default": 0},
    "parallel": {"type": "int", "default": 16},  # measured with 20 ms latency: 16 workers beat 8, more add little
}


def check_ca_path(params):
    """A ca_path that cannot be read is one clear error before any call (requests would raise an OSError
    on every request)."""
    path = params.get("ca_path")
    if path and params.get("validate_certs", True) and not (os.path.exists(path) and os.access(path, os.R_OK)):
        raise InputError("ca_path", "%s %s: give the PEM file (or c_rehash directory) of the CA that signed the "
                         "server certificate" % (path, "cannot be read" if os.path.exists(path) else "does not exist"))


def insecure_settings(params, url_options):
    """One warning per run for each setting that exposes the credentials: a plain http:// URL, no TLS check."""
    out = ["%s is a plain http:// URL: the credentials, tokens and passwords this task sends travel unencrypted; "
           "use https://" % name for name in url_options
           if isinstance(params.get(name), str) and params[name].strip().lower().startswith("http://")]
    if params.get("validate_certs") is False:
        out.append("validate_certs=false: the server's certificate is not checked, so whoever is in the path can "
                   "read the credentials and passwords this task sends; use ca_path for a private CA instead")
    return out


def client_settings(params):
    """HttpClient keyword arguments from the module parameters above."""
    check_ca_path(params)
    return {
        "timeout": params["timeout"],
        "validate_certs": params["validate_certs"],
        "ca_path": params.get("ca_path"),
        "retry": RetryPolicy(retries=params["retries"], max_time=params["retry_max_time"]),
        "throttle": Throttle(params["requests_per_second"]),
        "pool_size": params["parallel"],
    }
