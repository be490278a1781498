#!/usr/bin/env python3
"""with_dns - run a test program beside a real DNS server.

    with_dns.py PROGRAM [ARGS...]

Starts unbound on 127.0.0.1 (tests/testdns.py) serving tests/data/test.zone,
with slow.example delegated to a server that never answers, exports
TESTDNS_ADDR=127.0.0.1:PORT, runs PROGRAM, stops the server and exits with
PROGRAM's status.
"""
import os
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
import testdns  # noqa: E402


def main(argv):
    if len(argv) < 2:
        sys.stderr.write(__doc__)
        return 2
    zone = os.path.join(here, "data", "test.zone")
    with testdns.Server(zone, slow_zones=["slow.example"]) as dns:
        env = dict(os.environ, TESTDNS_ADDR=dns.addr,
                   TESTDNS_ZONE=zone)
        return subprocess.call(argv[1:], env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
