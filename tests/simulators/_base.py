# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Machinery shared by both simulators: request log, faults, latency, clock, control API.

A vendor simulator subclasses :class:`Simulator`, fills ``DEFAULT_OPTIONS`` with the switches
for behaviour the vendor docs leave open, and registers its routes in ``register_routes``.
Everything under ``/_sim/`` is the control API used by tests, the demo and the benchmark; it is
never logged and never subject to faults or latency.
"""
from __future__ import annotations

import copy
import io
import json
import random
import re
import socket
import struct
import threading
import time
from urllib.parse import parse_qsl

from flask import Flask, Response, g, jsonify, request

SECRET_KEYS = frozenset(
    k.lower()
    for k in (
        "password", "newPassWord", "oldPassWord", "app_secret", "client_secret",
        "access_token", "AccessToken", "accountPwd", "newPhonePwd",
    )
)
MASK = "********"

FAULT_KINDS = ("status", "reset", "slow", "non_json", "drop_response")


def mask_secrets(value):
    """Return a copy of a JSON-like value with every secret-named key masked."""
    if isinstance(value, dict):
        return {k: (MASK if k.lower() in SECRET_KEYS and v not in (None, "") else mask_secrets(v))
                for k, v in value.items()}
    if isinstance(value, list):
        return [mask_secrets(v) for v in value]
    return value


def reset_connection(environ):
    """Cut the client connection before it gets an answer (what a crashed proxy looks like).

    ``shutdown`` rather than ``close``: the server's file objects still hold the descriptor, so a
    close would not reach the wire, and closing it under them could hand the number to another
    connection.
    """
    sock = environ.get("werkzeug.socket")
    if sock is None:
        return
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


# Switches every simulator has. keep_alive: HTTP/1.1 connections stay open between requests, as
# behind the vendors' front ends; False answers each request with `Connection: close`.
COMMON_OPTIONS = {"keep_alive": True}
KEEP_ALIVE_KEY = "simulator.keep_alive"  # WSGI environ key read by server.KeepAliveHandler


class Simulator:
    """Base class: state lives on the instance, guarded by ``self.lock``."""

    name = "base"
    DEFAULT_OPTIONS: dict = {}

    def __init__(self, **options):
        self.lock = threading.RLock()
        self._initial_options = options
        self.reset()

    # ------------------------------------------------------------------ state
    def reset(self, seed=None):
        with self.lock:
            self.log = []
            self.faults = []
            self.latency_ms = 0
            self.clock_offset = 0.0
            self.rng = random.Random(0)
            self.options = copy.deepcopy(dict(COMMON_OPTIONS, **self.DEFAULT_OPTIONS))
            self.options.update(copy.deepcopy(self._initial_options))
            self.reset_state()
            if seed:
                self.seed(seed)

    def update_options(self, options):
        """Set behaviour switches; a name the simulator does not know is an error, not a no-op."""
        unknown = sorted(set(options) - set(self.options))
        if unknown:
            raise ValueError("unknown options: %s" % ", ".join(unknown))
        with self.lock:
            self.options.update(copy.deepcopy(options))

    def reset_state(self):  # pragma: no cover - vendor hook
        raise NotImplementedError

    def seed(self, data):  # pragma: no cover - vendor hook
        raise NotImplementedError

    def dump_state(self):  # pragma: no cover - vendor hook
        raise NotImplementedError

    def now(self):
        return time.time() + self.clock_offset

    # ------------------------------------------------------------------ faults
    def add_fault(self, spec):
        kind = spec.get("kind", "status")
        if kind not in FAULT_KINDS:
            raise ValueError("unknown fault kind %r (one of %s)" % (kind, ", ".join(FAULT_KINDS)))
        fault = {
            "path": spec.get("path", ".*"),
            "method": (spec.get("method") or "").upper() or None,
            "kind": kind,
            "status": int(spec.get("status", 500)),
            "retry_after": spec.get("retry_after"),
            "delay": float(spec.get("delay", 0)),
            "body": spec.get("body"),
            "count": spec.get("count", 1),  # None: every matching request
            "skip": int(spec.get("skip", 0)),  # let this many matches through first
            "probability": spec.get("probability"),
        }
        re.compile(fault["path"])
        with self.lock:
            if fault["probability"] is not None and "seed" in spec:
                self.rng = random.Random(spec["seed"])
            self.faults.append(fault)
        return fault

    def _take_fault(self, method, path):
        with self.lock:
            for fault in self.faults:
                if fault["count"] is not None and fault["count"] <= 0:
                    continue
                if fault["method"] and fault["method"] != method:
                    continue
                if not re.search(fault["path"], path):
                    continue
                if fault["skip"] > 0:
                    fault["skip"] -= 1
                    continue
                if fault["probability"] is not None and self.rng.random() >= fault["probability"]:
                    continue
                if fault["count"] is not None:
                    fault["count"] -= 1
                return dict(fault)
        return None

    # ------------------------------------------------------------------ log
    def _body_for_log(self):
        raw = g.get("raw_body")
        if raw is None:
            raw = request.get_data(as_text=True)
        if request.mimetype == "application/x-www-form-urlencoded":
            return mask_secrets(dict(parse_qsl(raw)))
        if not raw:
            return None
        try:
            return mask_secrets(json.loads(raw))
        except ValueError:
            return "<non-JSON body of %d bytes>" % len(raw)

    def record(self, status, fault=None):
        entry = {
            "method": request.method,
            "path": request.path,
            "query": mask_secrets(dict(request.args)),
            "body": self._body_for_log(),
            "status": status,
            "time": self.now(),
            # The client's TCP port: requests on one kept-alive connection share it.
            "client_port": int(request.environ.get("REMOTE_PORT") or 0),
        }
        if fault:
            entry["fault"] = fault["kind"]
        with self.lock:
            entry["seq"] = len(self.log) + 1
            self.log.append(entry)

    # ------------------------------------------------------------------ app
    def register_routes(self, app):  # pragma: no cover - vendor hook
        raise NotImplementedError

    def create_app(self):
        app = Flask("simulator_" + self.name)
        app.json.sort_keys = False  # answer in the order the vendor documents
        self._register_control(app)
        self.register_routes(app)

        app.wsgi_app = self._buffer_body(app.wsgi_app)

        @app.before_request
        def _before():
            if request.path.startswith("/_sim/"):
                return None
            # Read (and cache) the body now: once a view parses request.form the stream is gone.
            g.raw_body = request.get_data(as_text=True, cache=True)
            if self.latency_ms:
                time.sleep(self.latency_ms / 1000.0)
            fault = self._take_fault(request.method, request.path)
            g.fault = fault
            if not fault:
                return None
            if fault["kind"] == "slow":
                time.sleep(fault["delay"])
                return None
            if fault["kind"] == "drop_response":
                return None  # handled after the request was processed
            self.record({"status": fault["status"], "non_json": 200}.get(fault["kind"], 0), fault)
            g.logged = True
            if fault["kind"] == "reset":
                reset_connection(request.environ)
                return Response("", status=500)
            if fault["kind"] == "non_json":
                return Response("<html><body>Gateway says hello</body></html>", status=200,
                                mimetype="text/html")
            resp = Response(fault["body"] if fault["body"] is not None else "injected fault",
                            status=fault["status"], mimetype="text/plain")
            if fault["retry_after"] is not None:
                resp.headers["Retry-After"] = str(fault["retry_after"])
            return resp

        @app.after_request
        def _after(resp):
            if request.path.startswith("/_sim/") or g.get("logged"):
                return resp
            fault = g.get("fault")
            self.record(resp.status_code, fault if fault and fault["kind"] != "slow" else None)
            if fault and fault["kind"] == "drop_response":
                # The write happened; the client never hears about it.
                reset_connection(request.environ)
            return resp

        return app

    def _buffer_body(self, wsgi_app):
        """Read each request body in full before the app runs: on a kept-alive connection, bytes a view
        left unread would be taken for the next request line. Also tells server.KeepAliveHandler, through
        the environ, whether this simulator keeps connections open (option ``keep_alive``)."""
        def buffered(environ, start_response):
            stream = environ["wsgi.input"]
            if environ.get("wsgi.input_terminated"):  # chunked: werkzeug's reader ends at the last chunk
                body = stream.read()
            else:
                length = environ.get("CONTENT_LENGTH") or ""
                body = stream.read(int(length)) if length.isdigit() and int(length) > 0 else b""
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
            environ.pop("wsgi.input_terminated", None)
            environ[KEEP_ALIVE_KEY] = bool(self.options.get("keep_alive"))
            return wsgi_app(environ, start_response)
        return buffered

    def _register_control(self, app):
        @app.get("/_sim/log")
        def _log_get():
            with self.lock:
                return jsonify({"entries": list(self.log)})

        @app.delete("/_sim/log")
        def _log_clear():
            with self.lock:
                self.log = []
            return jsonify({"ok": True})

        @app.post("/_sim/reset")
        def _reset():
            self.reset(request.get_json(silent=True) or None)
            return jsonify({"ok": True})

        @app.post("/_sim/seed")
        def _seed():
            with self.lock:
                self.seed(request.get_json(force=True))
            return jsonify({"ok": True})

        @app.get("/_sim/state")
        def _state():
            with self.lock:
                return jsonify(self.dump_state())

        @app.route("/_sim/options", methods=["GET", "POST"])
        def _options():
            with self.lock:
                if request.method == "POST":
                    data = request.get_json(force=True)
                    if not isinstance(data, dict):
                        return jsonify({"error": "options must be a JSON object"}), 400
                    if "latency_ms" in data:
                        self.latency_ms = float(data.pop("latency_ms"))
                    try:
                        self.update_options(data)
                    except ValueError as exc:
                        return jsonify({"error": str(exc)}), 400
                return jsonify(dict(self.options, latency_ms=self.latency_ms))

        @app.route("/_sim/faults", methods=["GET", "POST", "DELETE"])
        def _faults():
            if request.method == "POST":
                data = request.get_json(force=True)
                try:
                    for spec in data if isinstance(data, list) else [data]:
                        self.add_fault(spec)
                except (ValueError, re.error) as exc:
                    return jsonify({"error": str(exc)}), 400
            elif request.method == "DELETE":
                with self.lock:
                    self.faults = []
            with self.lock:
                return jsonify({"faults": list(self.faults)})

        @app.post("/_sim/clock")
        def _clock():
            data = request.get_json(force=True)
            with self.lock:
                if "advance" in data:
                    self.clock_offset += float(data["advance"])
                if "offset" in data:
                    self.clock_offset = float(data["offset"])
                return jsonify({"now": self.now(), "offset": self.clock_offset})
