"""policytest - drive policyd-spf the way Postfix does, for the tests.

Spawn(config) starts the built policyd-spf with stdin, stdout and stderr all
connected to one end of a socketpair, as spawn(8) does, so anything the
program wrote to stderr would show up in the answers and fail the tests.
ask(**attrs) sends one request in the attribute order of Postfix 3.7 and
returns the answer line ("action=..."); the empty line after it is checked.

Each test file registers its cases with @case and calls run(); the summary
line "N passed, N failed" ends the output, and the exit status is 0 only
when nothing failed.
"""
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import traceback

POLICYD_SPF = os.environ.get("POLICYD_SPF") or os.path.join(
    os.environ.get("top_builddir", "."), "src", "policyd-spf")
TESTDNS_ADDR = os.environ.get("TESTDNS_ADDR", "")

# Postfix 3.7.11 sends these, in this order (anchors: policy protocol).
POSTFIX_ATTRS = [
    ("request", "smtpd_access_policy"), ("protocol_state", "RCPT"),
    ("protocol_name", "ESMTP"), ("client_address", "192.0.2.1"),
    ("client_name", "unknown"), ("client_port", "60056"),
    ("reverse_client_name", "unknown"), ("server_address", "127.0.0.1"),
    ("server_port", "25"), ("helo_name", "x.example"),
    ("sender", "a@pass.example"), ("recipient", "user@dest.example"),
    ("recipient_count", "0"), ("queue_id", ""),
    ("instance", ""), ("size", "0"), ("etrn_domain", ""), ("stress", ""),
    ("sasl_method", ""), ("sasl_username", ""), ("sasl_sender", ""),
    ("ccert_subject", ""), ("ccert_issuer", ""), ("ccert_fingerprint", ""),
    ("ccert_pubkey_fingerprint", ""), ("encryption_protocol", ""),
    ("encryption_cipher", ""), ("encryption_keysize", "0"),
    ("policy_context", ""),
]

_instance = [0]


def request(**attrs):
    """The bytes of one request; attrs override or add attributes."""
    if "instance" not in attrs:
        _instance[0] += 1
        attrs["instance"] = "1a2b.6b02f28b.705d.%d" % _instance[0]
    seen = set()
    lines = []
    for name, value in POSTFIX_ATTRS:
        seen.add(name)
        if name in attrs:
            value = attrs[name]
        if value is None:
            continue
        lines.append("%s=%s" % (name, value))
    for name, value in attrs.items():
        if name not in seen and value is not None:
            lines.append("%s=%s" % (name, value))
    return ("\n".join(lines) + "\n\n").encode()


def base_config(tmpdir, dns_addr=None, **settings):
    """libconfig text: test DNS server, log to a file, plus settings."""
    cfg = {
        "dns_servers": '"%s"' % (dns_addr or TESTDNS_ADDR),
        "dns_timeout": "300",
        "dns_retries": "1",
        "lookup_time": "3",
        "log_target": '"%s"' % os.path.join(tmpdir, "policyd-spf.log"),
        "debug_level": "2",
        "authserv_id": '"mx.test.example"',
    }
    for k, v in settings.items():
        if isinstance(v, bool):
            v = "true" if v else "false"
        elif isinstance(v, int):
            v = str(v)
        elif not (v.startswith('"') or v.startswith("[") or
                  v.startswith("(")):
            v = '"%s"' % v
        cfg[k] = v
    return "".join("%s = %s;\n" % kv for kv in cfg.items())


class PolicyClient:
    """One policy connection as Postfix uses it: requests out, one
    "action=..." line and an empty line back.  Subclasses set self.sock
    and self.buf = b""."""

    def send(self, data):
        self.sock.sendall(data)

    def read_answer(self, timeout=30):
        self.sock.settimeout(timeout)
        while b"\n\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError("connection closed; got %r" % self.buf)
            self.buf += chunk
        answer, self.buf = self.buf.split(b"\n\n", 1)
        text = answer.decode("ascii")
        if "\n" in text:
            raise AssertionError("more than one line in answer: %r" % text)
        return text

    def ask(self, **attrs):
        self.send(request(**attrs))
        return self.read_answer()

    def closed_without_answer(self, timeout=10):
        """True when the daemon closed the connection and sent nothing."""
        self.sock.settimeout(timeout)
        data = b""
        while True:
            try:
                chunk = self.sock.recv(65536)
            except ConnectionResetError:
                # Closed with our unread bytes still queued: a reset.
                return data == b""
            if not chunk:
                return data == b""
            data += chunk


class Spawn(PolicyClient):
    def __init__(self, dns_addr=None, args=None, config=None, **settings):
        self.tmp = tempfile.mkdtemp(prefix="policyd-spf-test.")
        self.conf = os.path.join(self.tmp, "policyd-spf.conf")
        with open(self.conf, "w") as f:
            f.write(config if config is not None else
                    base_config(self.tmp, dns_addr, **settings))
        self.logfile = os.path.join(self.tmp, "policyd-spf.log")
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        wrapper = os.environ.get("POLICYD_SPF_WRAPPER", "").split()
        argv = wrapper + [POLICYD_SPF] + (args if args is not None else
                                          ["-c", self.conf])
        self.proc = subprocess.Popen(argv, stdin=theirs, stdout=theirs,
                                     stderr=theirs, close_fds=True)
        theirs.close()
        self.sock = ours
        self.sock.settimeout(30)
        self.buf = b""

    def close(self, timeout=10):
        try:
            self.sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        try:
            rc = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError("policyd-spf did not exit after EOF")
        self.sock.close()
        return rc

    def log(self):
        try:
            with open(self.logfile) as f:
                return f.read()
        except FileNotFoundError:
            return ""

    def cleanup(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        try:
            self.sock.close()
        except OSError:
            pass
        shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.cleanup()


def eq(got, want, what="value"):
    if got != want:
        raise AssertionError("%s:\n  got:  %r\n  want: %r" % (what, got, want))


def contains(text, part, what="text"):
    if part not in text:
        raise AssertionError("%s does not contain %r:\n%s" % (what, part, text))


_cases = []


def case(fn):
    _cases.append(fn)
    return fn


def run():
    only = os.environ.get("TEST_ONLY")
    passed = failed = 0
    for fn in _cases:
        if only and only not in fn.__name__:
            continue
        t0 = time.monotonic()
        try:
            fn()
        except Exception:
            failed += 1
            print("not ok - %s" % fn.__name__)
            traceback.print_exc(file=sys.stdout)
        else:
            passed += 1
            print("ok - %s (%.2fs)" % (fn.__name__, time.monotonic() - t0))
        sys.stdout.flush()
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 and passed > 0 else 1
