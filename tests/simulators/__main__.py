# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Start both simulators on loopback and print how to reach them (one JSON line).

    python -m tests.simulators [--cec-port N] [--bp-port N] [--tls DIR] [--latency-ms MS]
                               [--info-file PATH]
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading

from .brightpattern import BrightPatternSimulator
from .cec import CecSimulator
from .server import RunningSimulator


def start_both(host="127.0.0.1", cec_port=0, bp_port=0, tls_dir=None, latency_ms=0):
    cec = RunningSimulator(CecSimulator(), host, cec_port,
                           tls_dir and os.path.join(tls_dir, "cec")).start()
    bp = RunningSimulator(BrightPatternSimulator(), host, bp_port,
                          tls_dir and os.path.join(tls_dir, "brightpattern")).start()
    for running in (cec, bp):
        running.sim.latency_ms = latency_ms
    return cec, bp


def describe(cec, bp):
    return {
        "cec": {"url": cec.url, "app_key": cec.sim.options["app_key"],
                "app_secret": cec.sim.options["app_secret"], "ca_path": cec.ca_path},
        "brightpattern": {"url": bp.url, "client_id": bp.sim.options["client_id"],
                          "client_secret": bp.sim.options["client_secret"],
                          "tenant": bp.sim.options["tenant"], "ca_path": bp.ca_path},
    }


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tests.simulators", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--cec-port", type=int, default=0)
    parser.add_argument("--bp-port", type=int, default=0)
    parser.add_argument("--tls", metavar="DIR", help="serve HTTPS with a self-signed cert in DIR")
    parser.add_argument("--latency-ms", type=float, default=0)
    parser.add_argument("--info-file", help="also write the JSON description to this file")
    args = parser.parse_args(argv)
    cec, bp = start_both(args.host, args.cec_port, args.bp_port, args.tls, args.latency_ms)
    info = json.dumps(describe(cec, bp))
    if args.info_file:
        tmp = args.info_file + ".tmp"
        with open(tmp, "w") as f:
            f.write(info)
        os.replace(tmp, args.info_file)
    print(info, flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    cec.stop()
    bp.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
