#!/usr/bin/env python3
"""The standing daemon (policyd-spf --daemon) end to end: unix and TCP
sockets, many concurrent connections, no head-of-line blocking behind a
DNS server that never answers, reload, graceful stop, idle timeout,
connection limit, request deadline, and a killed server process being
replaced by the supervisor.  A real unbound on 127.0.0.1 serves
tests/data/test.zone (slow.example never answers)."""
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from policytest import (POLICYD_SPF, PolicyClient, base_config, case,  # noqa
                        contains, eq, request, run)

PASS = ("action=prepend Received-SPF: Pass (mailfrom) identity=mailfrom; "
        "client-ip=192.0.2.1; helo=x.example; "
        'envelope-from="a@pass.example"; receiver=dest.example')
FAIL = ("action=550 5.7.23 Message rejected due to: SPF fail - not "
        "authorized. Please see http://www.openspf.net/Why?s=mfrom;"
        "id=a@fail.example;ip=192.0.2.1;r=dest.example")


class DeadDNS:
    """A UDP socket on 127.0.0.1 that reads queries and never answers:
    unlike a zone behind the test resolver, which the resolver may give
    up on and answer SERVFAIL at once, every query here times out."""

    def __enter__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.addr = "127.0.0.1:%d" % self.sock.getsockname()[1]
        return self

    def __exit__(self, *exc):
        self.sock.close()


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Conn(PolicyClient):
    def __init__(self, family, addr, timeout=30):
        self.sock = socket.socket(family, socket.SOCK_STREAM)
        self.sock.settimeout(timeout)
        self.sock.connect(addr)
        self.buf = b""

    def close(self):
        self.sock.close()


class Daemon:
    def __init__(self, **settings):
        self.tmp = tempfile.mkdtemp(prefix="policyd-spf-daemon.")
        self.port = settings.pop("port", None) or free_port()
        self.unix = os.path.join(self.tmp, "policyd-spf.sock")
        settings.setdefault("listen", '["unix:%s", "inet:127.0.0.1:%d", '
                            '"inet:[::1]:%d"]' % (self.unix, self.port,
                                                  self.port))
        settings.setdefault("user", "")
        settings.setdefault("allow_root", True)
        settings.setdefault("debug_level", 3)
        self.conf = os.path.join(self.tmp, "policyd-spf.conf")
        self.write_config(**settings)
        self.logfile = os.path.join(self.tmp, "policyd-spf.log")
        self.pidfile = os.path.join(self.tmp, "policyd-spf.pid")
        wrapper = os.environ.get("POLICYD_SPF_WRAPPER", "").split()
        self.proc = subprocess.Popen(
            wrapper + [POLICYD_SPF, "-c", self.conf, "--daemon",
                       "--pidfile", self.pidfile],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, start_new_session=True)
        self.wait_listening()

    def write_config(self, **settings):
        with open(self.conf, "w") as f:
            f.write(base_config(self.tmp, **settings))

    def wait_listening(self, timeout=15):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError("daemon exited %d: %s\n%s" % (
                    self.proc.returncode, self.proc.stdout.read().decode(),
                    self.log()))
            try:
                socket.create_connection(("127.0.0.1", self.port), 1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise AssertionError("daemon not listening:\n" + self.log())

    def tcp(self, timeout=30):
        return Conn(socket.AF_INET, ("127.0.0.1", self.port), timeout)

    def tcp6(self):
        return Conn(socket.AF_INET6, ("::1", self.port))

    def unixconn(self):
        return Conn(socket.AF_UNIX, self.unix)

    def log(self):
        try:
            with open(self.logfile) as f:
                return f.read()
        except FileNotFoundError:
            return ""

    def wait_log(self, text, timeout=10):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.log():
                return
            time.sleep(0.05)
        raise AssertionError("log lacks %r:\n%s" % (text, self.log()))

    def server_pid(self):
        """The server process (the supervisor's child)."""
        out = subprocess.run(["ps", "-o", "pid=", "--ppid",
                              str(self.proc.pid)], stdout=subprocess.PIPE)
        pids = out.stdout.split()
        return int(pids[0]) if pids else None

    def signal(self, sig):
        self.proc.send_signal(sig)

    def stop(self, timeout=30):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError("daemon did not stop on SIGTERM")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        # The server process ends when its master dies (PR_SET_PDEATHSIG);
        # make sure nothing of the group is left either way.
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.stdout.close()
        subprocess.run(["rm", "-rf", self.tmp])


@case
def answers_on_unix_tcp_and_tcp6_sockets():
    with Daemon() as d:
        for c in (d.unixconn(), d.tcp(), d.tcp6()):
            eq(c.ask(sender="a@pass.example"), PASS)
            eq(c.ask(sender="a@fail.example"), FAIL)
            c.close()
        eq(d.stop(), 0, "exit status")
        contains(d.log(), "listening on 3 socket(s), 64 workers")
        contains(d.log(), "stopped")
        if os.path.exists(d.unix):
            raise AssertionError("unix socket left behind")
        if os.path.exists(d.pidfile):
            raise AssertionError("pidfile left behind")


@case
def many_concurrent_connections():
    with Daemon() as d:
        errors = []

        def client(i):
            try:
                c = d.tcp() if i % 2 else d.unixconn()
                for j in range(20):
                    want = PASS if (i + j) % 2 else FAIL
                    got = c.ask(sender=want == PASS and "a@pass.example" or
                                "a@fail.example")
                    if got != want:
                        errors.append((i, j, got))
                c.close()
            except Exception as e:  # noqa: BLE001
                errors.append((i, repr(e)))
        threads = [threading.Thread(target=client, args=(i,))
                   for i in range(50)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        eq(errors, [], "errors")
        eq(d.stop(), 0)


@case
def slow_dns_blocks_no_other_connection():
    # 20 requests wait on a zone that never answers; healthy requests on
    # other connections are still answered at once.
    with Daemon(lookup_time=6, workers=32) as d:
        slow = []
        for _ in range(20):
            c = d.tcp()
            c.send(request(sender="a@temp.example"))
            slow.append(c)
        time.sleep(0.3)
        worst = 0.0
        for _ in range(20):
            c = d.tcp()
            t0 = time.monotonic()
            eq(c.ask(sender="a@pass.example"), PASS)
            worst = max(worst, time.monotonic() - t0)
            c.close()
        print("# healthy answers while 20 lookups hang: worst %.1f ms"
              % (worst * 1000))
        if worst > 1.0:
            raise AssertionError("a healthy request waited %.2fs" % worst)
        for c in slow:
            got = c.read_answer(timeout=20)
            if not got.startswith("action=prepend Received-SPF: Temperror "):
                raise AssertionError(got)
            c.close()


@case
def request_deadline_answers_as_temperror():
    with DeadDNS() as dead, Daemon(dns_addr=dead.addr, lookup_time=20,
                                   request_timeout=1, dns_timeout=5000,
                                   temperror_defer=True) as d:
        c = d.tcp()
        t0 = time.monotonic()
        got = c.ask(sender="a@temp.example")
        took = time.monotonic() - t0
        eq(got, "action=defer_if_permit 4.7.24 Message deferred due to: SPF "
           "Temporary Error: request_timeout exceeded. Please see "
           "http://www.openspf.net/Why?s=mfrom;id=a@temp.example;"
           "ip=192.0.2.1;r=dest.example")
        if took > 3:
            raise AssertionError("took %.1fs" % took)
        d.wait_log("no answer within 1 seconds, answering as for a "
                   "temporary error")
        d.signal(signal.SIGKILL)


@case
def full_queue_answers_at_once():
    with DeadDNS() as dead, Daemon(dns_addr=dead.addr, workers=1,
                                   max_queue=1, lookup_time=3,
                                   dns_timeout=2500,
                                   temperror_defer=True) as d:
        busy, queued = d.tcp(), d.tcp()
        busy.send(request(sender="a@temp.example"))
        time.sleep(0.2)
        queued.send(request(sender="a@temp.example"))
        time.sleep(0.2)
        c = d.tcp()
        t0 = time.monotonic()
        eq(c.ask(sender="a@pass.example"),
           "action=defer_if_permit 4.7.24 Message deferred due to: SPF "
           "Temporary Error: too many requests waiting. Please see "
           "http://www.openspf.net/Why?s=mfrom;id=a@pass.example;"
           "ip=192.0.2.1;r=dest.example")
        if time.monotonic() - t0 > 1:
            raise AssertionError("the answer waited")
        d.wait_log("1 evaluations waiting (max_queue), answering as for a "
                   "temporary error")
        d.signal(signal.SIGKILL)


@case
def reload_applies_a_good_config_and_keeps_the_old_on_error():
    with Daemon() as d:
        c = d.tcp()
        eq(c.ask(sender="a@fail.example"), FAIL)
        d.write_config(listen='"inet:127.0.0.1:%d"' % d.port, user="",
                       allow_root=True, debug_level=3,
                       mail_from_reject="false")
        d.signal(signal.SIGHUP)
        d.wait_log("reload: new configuration in use")
        eq(c.ask(sender="a@fail.example"),
           "action=prepend Received-SPF: Fail (mailfrom) identity=mailfrom; "
           "client-ip=192.0.2.1; helo=x.example; "
           'envelope-from="a@fail.example"; receiver=dest.example')
        with open(d.conf, "a") as f:
            f.write("no_such_option = 1;\n")
        d.signal(signal.SIGHUP)
        d.wait_log("reload: configuration not valid, keeping the old one")
        contains(d.log(), "no_such_option: unknown option")
        eq(c.ask(sender="a@fail.example", instance="after-bad-reload"),
           "action=prepend Received-SPF: Fail (mailfrom) identity=mailfrom; "
           "client-ip=192.0.2.1; helo=x.example; "
           'envelope-from="a@fail.example"; receiver=dest.example')
        c.close()
        eq(d.stop(), 0)


def cache_hits(d, nth):
    """The hits of the nth "cache:" line of SIGUSR1 (counting from 1)."""
    d.signal(signal.SIGUSR1)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        lines = [ln for ln in d.log().splitlines() if ": cache: hits=" in ln]
        if len(lines) >= nth:
            return int(lines[nth - 1].split("hits=")[1].split()[0])
        time.sleep(0.05)
    raise AssertionError("no cache line:\n" + d.log())


@case
def sigusr1_logs_counters_and_the_cache_survives_reload():
    with Daemon() as d:
        c = d.tcp()
        eq(c.ask(sender="a@pass.example"), PASS)
        eq(c.ask(sender="a@pass.example"), PASS)
        first = cache_hits(d, 1)
        if first < 1:
            raise AssertionError("second identical lookup missed the cache")
        contains(d.log(), "counters: connections=1 accepted=")
        d.signal(signal.SIGHUP)
        d.wait_log("reload: new configuration in use")
        eq(c.ask(sender="a@pass.example"), PASS)
        second = cache_hits(d, 2)
        if second <= first:
            raise AssertionError("cache not kept across reload: hits %d, "
                                 "then %d" % (first, second))


@case
def sigterm_finishes_requests_in_flight():
    with DeadDNS() as dead, Daemon(dns_addr=dead.addr, lookup_time=3,
                                   dns_timeout=1500) as d:
        c = d.tcp()
        c.send(request(sender="a@temp.example"))
        time.sleep(0.2)
        d.signal(signal.SIGTERM)
        got = c.read_answer(timeout=10)
        if not got.startswith("action=prepend Received-SPF: Temperror "):
            raise AssertionError(got)
        eq(d.proc.wait(15), 0, "exit status")
        try:
            d.tcp(timeout=2)
        except OSError:
            pass
        else:
            raise AssertionError("still accepting after SIGTERM")


@case
def idle_connections_are_closed():
    with Daemon(idle_timeout=1) as d:
        c = d.tcp()
        eq(c.ask(sender="a@pass.example"), PASS)
        if not c.closed_without_answer(timeout=5):
            raise AssertionError("not closed")
        d.wait_log("closed after 1 request(s): reason=idle-timeout")


@case
def connection_limit_closes_the_excess():
    with Daemon(max_connections=2) as d:
        time.sleep(0.3)    # let the startup probe's connection go away
        a, b = d.tcp(), d.tcp()
        eq(a.ask(sender="a@pass.example"), PASS)
        eq(b.ask(sender="a@pass.example"), PASS)
        c = d.tcp()
        c.send(request(sender="a@pass.example"))
        if not c.closed_without_answer():
            raise AssertionError("third connection was served")
        d.wait_log("2 connections open (max_connections): closing a new one")
        a.close()
        time.sleep(0.2)
        e = d.tcp()
        eq(e.ask(sender="a@pass.example"), PASS)


@case
def protocol_error_closes_only_that_connection():
    with Daemon() as d:
        good = d.tcp()
        bad = d.tcp()
        bad.send(b"x" * 9000 + b"\n\n")
        if not bad.closed_without_answer():
            raise AssertionError("answered an oversized line")
        eq(good.ask(sender="a@pass.example"), PASS)
        d.wait_log("protocol error from 127.0.0.1:")
        contains(d.log(), "line too long; closing the connection")


@case
def server_process_ends_when_the_master_is_killed():
    with Daemon() as d:
        server = d.server_pid()
        d.proc.kill()
        d.proc.wait()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.kill(server, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)
        else:
            raise AssertionError("server process %d outlived its master"
                                 % server)
        d.wait_log("stopped")


@case
def killed_server_process_is_replaced():
    with Daemon() as d:
        first = d.server_pid()
        os.kill(first, signal.SIGKILL)
        d.wait_log("server process %d died: killed by signal 9; starting a "
                   "new one" % first)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            second = d.server_pid()
            if second and second != first:
                break
            time.sleep(0.1)
        c = d.tcp()
        eq(c.ask(sender="a@pass.example"), PASS)
        eq(d.stop(), 0)


@case
def stale_unix_socket_is_replaced_and_a_live_one_is_not():
    tmp = tempfile.mkdtemp(prefix="policyd-spf-stale.")
    path = os.path.join(tmp, "s.sock")
    s = socket.socket(socket.AF_UNIX)
    s.bind(path)
    s.close()              # a socket file nobody listens on any more
    port = free_port()
    listen = '["unix:%s", "inet:127.0.0.1:%d"]' % (path, port)
    try:
        with Daemon(listen=listen, port=port) as d:
            d.wait_log("%s: removing stale socket" % path)
            c = Conn(socket.AF_UNIX, path)
            eq(c.ask(sender="a@pass.example"), PASS)
            conf = os.path.join(tmp, "second.conf")
            with open(conf, "w") as f:
                f.write(base_config(tmp, listen='"unix:%s"' % path, user="",
                                    allow_root=True, log_target="stderr"))
            r = subprocess.run([POLICYD_SPF, "-c", conf, "--daemon"],
                               stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, timeout=20)
            eq(r.returncode, 78, "second daemon's exit status")
            contains(r.stdout.decode(), "cannot listen: %s: in use by a "
                     "running server" % path)
            eq(c.ask(sender="a@pass.example"), PASS)
    finally:
        subprocess.run(["rm", "-rf", tmp])


@case
def drops_privileges_to_the_configured_user():
    if os.geteuid() != 0:
        print("# not root: privilege drop not exercised")
        return
    with Daemon(user="nobody") as d:
        pid = d.server_pid()
        with open("/proc/%d/status" % pid) as f:
            uid = [line for line in f if line.startswith("Uid:")][0]
        eq(uid.split()[1:], ["65534"] * 4, "server process uids")
        c = d.tcp()
        eq(c.ask(sender="a@pass.example"), PASS)


@case
def refuses_root_without_a_user():
    if os.geteuid() != 0:
        return
    tmp = tempfile.mkdtemp()
    conf = os.path.join(tmp, "c.conf")
    with open(conf, "w") as f:
        f.write(base_config(tmp, listen='"inet:127.0.0.1:%d"' % free_port(),
                            user="", log_target="stderr"))
    r = subprocess.run([POLICYD_SPF, "-c", conf, "--daemon"],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       timeout=20)
    subprocess.run(["rm", "-rf", tmp])
    eq(r.returncode, 78, "exit status")
    contains(r.stdout.decode(), "refusing to run as root: set user (or "
             "allow_root = true)")


if __name__ == "__main__":
    sys.exit(run())
