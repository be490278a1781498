#!/usr/bin/env python3
"""benchdns - the loopback unbound of the benchmarks (tests/testdns.py).

    benchdns.py [--port N] [--threads N] DIR ZONEFILE [SLOWZONE...]

Starts tests/testdns.py's unbound on 127.0.0.1 (port N, default a free
one; 53 inside the benchmark's network namespace so that resolvers that
read /etc/resolv.conf find it), serving ZONEFILE, with each SLOWZONE
delegated to a socket that never answers, and unbound-control on
DIR/unbound/ctl.sock.  Writes DIR/unbound.pid, then DIR/port once the
server answers, and waits in the foreground; SIGTERM or SIGINT stop
unbound and remove DIR.  It gives up (and stops everything) after
--max-seconds (default 3600), so nothing outlives a forgotten run.
"""
import argparse
import os
import signal
import socket
import struct
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))
import testdns  # noqa: E402


def probe(port, name, timeout=10.0):
    """True once the server answers a TXT query for name over UDP."""
    qname = b"".join(bytes([len(l)]) + l.encode()
                     for l in name.rstrip(".").split(".")) + b"\0"
    pkt = struct.pack(">HHHHHH", 0x4242, 0x0100, 1, 0, 0, 0) + qname + \
        struct.pack(">HH", 16, 1)
    deadline = time.monotonic() + timeout
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(0.2)
    try:
        while time.monotonic() < deadline:
            s.sendto(pkt, ("127.0.0.1", port))
            try:
                data = s.recv(4096)
                if data[:2] == b"\x42\x42":
                    return True
            except socket.timeout:
                pass
    finally:
        s.close()
    return False


class BenchServer(testdns.Server):
    def __init__(self, zonefile, slow_zones, port, threads):
        super().__init__(zonefile, slow_zones=slow_zones)
        self.fixed_port = port
        self.threads = threads

    def config(self):
        if self.fixed_port:
            self.port = self.fixed_port
        text = super().config()
        if self.threads > 1:
            text = text.replace("  num-threads: 1\n",
                                "  num-threads: %d\n" % self.threads)
        # unbound-control on a unix socket, for the query counters
        # (run.sh: unbound-control -c DIR/unbound/unbound.conf stats_noreset).
        text = text.replace(
            "remote-control:\n  control-enable: no\n",
            "remote-control:\n  control-enable: yes\n"
            '  control-interface: "%s/ctl.sock"\n'
            "  control-use-cert: no\n" % self.dir)
        # Many clients at once: more outstanding queries per thread.
        text = text.replace("server:\n", "server:\n"
                            "  num-queries-per-thread: 4096\n"
                            "  outgoing-range: 8192\n", 1)
        return text


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--max-seconds", type=float, default=3600)
    ap.add_argument("dir")
    ap.add_argument("zonefile")
    ap.add_argument("slow", nargs="*")
    a = ap.parse_args(argv[1:])
    stop = []
    signal.signal(signal.SIGTERM, lambda *x: stop.append(1))
    signal.signal(signal.SIGINT, lambda *x: stop.append(1))
    srv = BenchServer(a.zonefile, a.slow, a.port, a.threads)
    a.dir = os.path.abspath(a.dir)
    os.makedirs(a.dir, exist_ok=True)
    srv.start(os.path.join(a.dir, "unbound"))
    try:
        zones, _ = testdns.parse_zone(a.zonefile)
        if zones and not probe(srv.port, "probe." + zones[0]):
            sys.stderr.write("benchdns: unbound does not answer\n")
            return 1
        with open(os.path.join(a.dir, "unbound.pid"), "w") as f:
            f.write("%d\n" % srv.proc.pid)
        tmp = os.path.join(a.dir, "port.tmp")
        with open(tmp, "w") as f:
            f.write("%d\n" % srv.port)
        os.rename(tmp, os.path.join(a.dir, "port"))
        deadline = time.monotonic() + a.max_seconds
        while not stop and time.monotonic() < deadline:
            if srv.proc.poll() is not None:
                sys.stderr.write("benchdns: unbound exited\n")
                return 1
            time.sleep(0.2)
    finally:
        srv.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
