# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run simulators on loopback ports in background threads (tests) or in the foreground (CLI)."""
from __future__ import annotations

import datetime
import ipaddress
import logging
import os
import ssl
import threading

from werkzeug.serving import WSGIRequestHandler, make_server

from ._base import KEEP_ALIVE_KEY


class _AnsweredReader:
    """The handler's rfile during one request. Once the answer has started, ``read`` returns nothing:
    werkzeug drains the socket after each answer (it expects to close the connection), which on a
    kept-alive connection would swallow the client's next request. The body was read in full before
    the app ran (Simulator._buffer_body), so there is nothing left to drain. ``readline`` (the next
    request line and headers) is not affected."""

    def __init__(self, raw):
        self.raw = raw
        self.answered = False

    def read(self, size=-1):
        return b"" if self.answered else self.raw.read(size)

    def __getattr__(self, name):
        return getattr(self.raw, name)


class _AlwaysReadable:
    """Stands in for the connection while werkzeug drains it after an answer: a pipe end that always
    polls readable, so the drain calls ``read`` (which returns nothing, see _AnsweredReader) at once
    instead of waiting 10 ms for bytes on every request of a kept-alive connection."""

    def __init__(self):
        self._read_end, write_end = os.pipe()
        os.write(write_end, b"x")
        os.close(write_end)

    def fileno(self):
        return self._read_end


_ALWAYS_READABLE = _AlwaysReadable()


class KeepAliveHandler(WSGIRequestHandler):
    """werkzeug's development server closes every connection after one answer; the vendors' front ends
    keep HTTP/1.1 connections open, which is what a client's keep-alive pool is built for. The
    simulators' ``keep_alive`` option set to False restores ``Connection: close``."""

    # Headers and body leave in separate writes; with Nagle's algorithm the body would wait for the
    # client's delayed ACK (40 ms) on a kept-alive connection. Servers in front of APIs set TCP_NODELAY.
    disable_nagle_algorithm = True

    def run_wsgi(self):
        raw, connection = self.rfile, self.connection
        self.rfile = _AnsweredReader(raw)
        try:
            super().run_wsgi()
        finally:
            self.rfile, self.connection = raw, connection
            self.environ = None  # errors before the next request's environ must not see this one's

    def _keep_alive(self):
        return bool((getattr(self, "environ", None) or {}).get(KEEP_ALIVE_KEY))

    def send_response(self, code, message=None):
        if isinstance(self.rfile, _AnsweredReader) and self._keep_alive():
            self.rfile.answered = True
            self.connection = _ALWAYS_READABLE  # only werkzeug's drain uses it from here on
        super().send_response(code, message)

    def send_header(self, keyword, value):
        if keyword.lower() == "connection" and value.lower() == "close" and self._keep_alive():
            return
        super().send_header(keyword, value)


def write_self_signed_cert(directory, host="127.0.0.1"):
    """Write cert.pem/key.pem for ``host`` (also valid for localhost); return their paths."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "contactcenter simulator")])
    now = datetime.datetime.now(datetime.timezone.utc)
    alt = [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    if host not in ("localhost", "127.0.0.1"):
        alt.append(x509.DNSName(host))
    cert = (
        x509.CertificateBuilder()
        .subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.SubjectAlternativeName(alt), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    os.makedirs(directory, exist_ok=True)
    cert_path = os.path.join(directory, "cert.pem")
    key_path = os.path.join(directory, "key.pem")
    with open(cert_path, "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(key_path, "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()))
    return cert_path, key_path


class RunningSimulator:
    """A simulator served by a threaded werkzeug server; ``url`` is its base URL."""

    def __init__(self, sim, host="127.0.0.1", port=0, tls_dir=None):
        self.sim = sim
        ctx = None
        self.ca_path = None
        if tls_dir:
            self.ca_path, key_path = write_self_signed_cert(tls_dir, host)
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(self.ca_path, key_path)
        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        self.server = make_server(host, port, sim.create_app(), threaded=True, ssl_context=ctx,
                                  request_handler=KeepAliveHandler)
        self.server.daemon_threads = True
        scheme = "https" if ctx else "http"
        self.url = "%s://%s:%d" % (scheme, host, self.server.server_port)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True,
                                       name="sim-" + sim.name)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
