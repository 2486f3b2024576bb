# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Tiny hostile HTTP servers on 127.0.0.1 for the security tests (redirects, echoed tokens, proxies).

``Hostile(answer)``: ``answer(method, path, headers, body)`` -> (status, headers, text); ``requests``
records what the server received. ``HostileServers`` starts them for one test and stops them all.
"""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Hostile:
    def __init__(self, answer):
        self.requests = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def handle_any(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                outer.requests.append((self.command, self.path, dict(self.headers), body))
                status, headers, text = answer(self.command, self.path, self.headers, body)
                data = text.encode()
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = handle_any

            def log_message(self, *args):  # pylint: disable=arguments-differ
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d" % self.server.server_port
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


class HostileServers:
    """Call it to start a server; ``stop_all()`` at the end of the test."""

    def __init__(self):
        self.started = []

    def __call__(self, answer):
        self.started.append(Hostile(answer))
        return self.started[-1]

    def stop_all(self):
        for server in self.started:
            server.stop()
