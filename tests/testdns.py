#!/usr/bin/env python3
"""testdns - run a real DNS server (unbound) on loopback for the tests.

Usage as a module:
    with testdns.Server(zonefile, slow_zones=["slow.example"]) as dns:
        dns.port   # UDP and TCP port on 127.0.0.1
        dns.addr   # "127.0.0.1:PORT", for dns_servers

Usage from the shell:
    testdns.py start DIR ZONEFILE [SLOWZONE...]   # writes DIR/port, DIR/pid
    testdns.py stop DIR

The zone file holds one resource record per line in master-file form
("name [ttl] TYPE rdata"; owner names are absolute, the final dot may be
left out), "#" or ";" comments.  Every name under a zone declared with a
"$ZONE name" line is answered authoritatively by unbound (local-zone
static): names with no data give NXDOMAIN, names with data of another
type give NODATA.  Each SLOWZONE is delegated to a UDP socket that reads
queries and never answers, so lookups there time out.

Everything listens on 127.0.0.1 only; the server is stopped and its
directory removed on exit.
"""
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

UNBOUND = os.environ.get("UNBOUND") or shutil.which("unbound") or "/usr/sbin/unbound"


def free_port():
    """A port free for both UDP and TCP on 127.0.0.1."""
    for _ in range(50):
        t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        t.bind(("127.0.0.1", 0))
        port = t.getsockname()[1]
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            u.bind(("127.0.0.1", port))
        except OSError:
            t.close()
            continue
        t.close()
        u.close()
        return port
    raise RuntimeError("no free port")


def parse_zone(path):
    zones, records = [], []
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        for raw in f:
            line = raw.rstrip("\n")
            s = line.strip()
            if not s or s.startswith("#") or s.startswith(";"):
                continue
            if s.startswith("$ZONE"):
                zones.append(s.split()[1].rstrip(".") + ".")
                continue
            name, rest = s.split(None, 1)
            if not name.endswith("."):
                name += "."
            records.append(name + " " + rest)
    return zones, records


class Blackhole(threading.Thread):
    """A UDP and TCP endpoint that accepts queries and never answers."""

    def __init__(self):
        super().__init__(daemon=True)
        self.port = free_port()
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.udp.bind(("127.0.0.1", self.port))
        self.udp.settimeout(0.2)
        self.stopped = False

    def run(self):
        while not self.stopped:
            try:
                self.udp.recvfrom(4096)
            except socket.timeout:
                continue
            except OSError:
                return

    def stop(self):
        self.stopped = True
        self.udp.close()


class Server:
    def __init__(self, zonefile, slow_zones=(), slow_port=None):
        self.zonefile = zonefile
        self.slow_zones = list(slow_zones)
        self.slow_port = slow_port
        self.proc = None
        self.dir = None
        self.blackhole = None

    def server_lines(self):
        """The server: clause every test server starts with: loopback
        only, foreground, no chroot, no privilege drop, no logging."""
        return [
            "server:",
            "  interface: 127.0.0.1@%d" % self.port,
            "  port: %d" % self.port,
            "  do-daemonize: no",
            '  chroot: ""',
            '  username: ""',
            '  directory: "%s"' % self.dir,
            '  pidfile: ""',
            "  use-syslog: no",
            '  logfile: ""',
            "  verbosity: 0",
            "  num-threads: 1",
            "  do-ip6: no",
        ]

    def config(self):
        zones, records = parse_zone(self.zonefile)
        out = self.server_lines() + [
            "  do-not-query-localhost: no",
            "  access-control: 127.0.0.0/8 allow",
            "  val-permissive-mode: yes",
            "  module-config: \"iterator\"",
            "  cache-max-ttl: 0",
            "  cache-max-negative-ttl: 0",
            "  infra-host-ttl: 1",
            # Keep asking a server that never answers rather than
            # answering SERVFAIL at once: a slow zone must time out the
            # same way however many tests asked for it before.
            "  infra-keep-probing: yes",
            "  minimal-responses: yes",
            "  jostle-timeout: 10000",
        ]
        for z in zones:
            out.append('  local-zone: "%s" static' % z)
        for r in records:
            out.append("  local-data: '%s'" % r.replace("'", "\\'"))
        for z in self.slow_zones:
            z = z.rstrip(".") + "."
            out.append('  local-zone: "%s" transparent' % z)
            out.append('  domain-insecure: "%s"' % z)
        for z in self.slow_zones:
            z = z.rstrip(".") + "."
            out += ["stub-zone:", '  name: "%s"' % z,
                    "  stub-addr: 127.0.0.1@%d" % self.slow_port]
        out += ["remote-control:", "  control-enable: no"]
        return "\n".join(out) + "\n"

    def start(self, directory=None):
        self.dir = directory or tempfile.mkdtemp(prefix="testdns.")
        os.makedirs(self.dir, exist_ok=True)
        if self.slow_zones and self.slow_port is None:
            self.blackhole = Blackhole()
            self.blackhole.start()
            self.slow_port = self.blackhole.port
        self.port = free_port()
        conf = os.path.join(self.dir, "unbound.conf")
        with open(conf, "w") as f:
            f.write(self.config())
        log = open(os.path.join(self.dir, "unbound.log"), "w")
        self.proc = subprocess.Popen([UNBOUND, "-d", "-c", conf],
                                     stdout=log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        self.wait_ready()
        self.addr = "127.0.0.1:%d" % self.port
        return self

    def wait_ready(self):
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                with open(os.path.join(self.dir, "unbound.log")) as f:
                    raise RuntimeError("unbound exited: " + f.read())
            try:
                s = socket.create_connection(("127.0.0.1", self.port), 0.2)
                s.close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("unbound did not start")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.blackhole:
            self.blackhole.stop()
        if self.dir and os.path.isdir(self.dir):
            shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def main(argv):
    if len(argv) >= 4 and argv[1] == "start":
        d = argv[2]
        srv = Server(argv[3], slow_zones=argv[4:])
        srv.start(d)
        with open(os.path.join(d, "port"), "w") as f:
            f.write("%d\n" % srv.port)
        with open(os.path.join(d, "pid"), "w") as f:
            f.write("%d\n" % srv.proc.pid)
        if srv.blackhole:
            # Keep the blackhole alive in a child that dies with unbound.
            pid = os.fork()
            if pid == 0:
                os.setsid()
                while srv.proc.poll() is None:
                    time.sleep(0.5)
                os._exit(0)
        os._exit(0)
    if len(argv) == 3 and argv[1] == "stop":
        d = argv[2]
        try:
            with open(os.path.join(d, "pid")) as f:
                os.kill(int(f.read()), signal.SIGTERM)
        except (OSError, ValueError):
            pass
        shutil.rmtree(d, ignore_errors=True)
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
