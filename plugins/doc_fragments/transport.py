# -*- coding: utf-8 -*-
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    # TLS, timeouts, retries and concurrency, shared by every module of the collection.
    DOCUMENTATION = r"""
options:
  validate_certs:
    description:
      - Verify the server's TLS certificate. Only set to V(false) for test systems; the task then warns once.
      - A certificate that fails verification fails the task at once (it is not retried), naming the host and
        the CA bundle used.
      - A URL option given as plain C(http://) also gives one warning per task.
    type: bool
    default: true
  ca_path:
    description:
      - A CA bundle (PEM file, or a directory prepared with C(c_rehash)) to verify the server's certificate with,
        instead of the system's.
      - A path that does not exist or cannot be read fails the task before any call.
    type: path
  timeout:
    description:
      - Seconds to wait for the server to connect and to answer each request.
    type: int
    default: 30
  retries:
    description:
      - How many times a read is retried after a connection error, a timeout, HTTP 429 or 5xx, or a
        garbled answer, with jittered exponential backoff and C(Retry-After) honoured (up to 60 seconds).
      - Writes are retried only after HTTP 429 (the server did not process them). A write whose answer was
        lost is never repeated blindly; the module reads again and writes only what is still missing.
        A password change is never repeated.
      - Redirects (HTTP 3xx) are never followed, since they would send the credentials and secrets again to the
        host they name; the call fails naming the status and the C(Location).
    type: int
    default: 3
  retry_max_time:
    description:
      - Upper bound in seconds for the time spent retrying one request.
    type: int
    default: 120
  requests_per_second:
    description:
      - Maximum rate of requests of this task, shared by all workers. V(0) means no limit.
    type: float
    default: 0
  parallel:
    description:
      - Number of entities processed at the same time, sharing one keep-alive session and one token.
      - The default is a measured balance between speed and load on the server. Use O(requests_per_second) to cap
        the rate a tenant receives.
    type: int
    default: 16
"""
