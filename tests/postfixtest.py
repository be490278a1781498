"""postfixtest - a private, real Postfix instance for the end-to-end tests.

    pf = Postfix(SpawnPolicy(temperror_defer=True))
    try:
        pf.start()
        s = smtp_send(pf.port, "a@pass.example", ["user@dest.example"])
        s.rcpt["user@dest.example"]      # "250 2.1.5 Ok"
        d = pf.wait_delivery("user@dest.example", s.token)   # Delivered
        d.headers("Received-SPF")        # ["Pass (mailfrom) ..."]
        pf.wait_log(r"status=sent")      # a line of Postfix's maillog
        pf.spf_log()                     # policyd-spf's own log
    finally:
        pf.cleanup()                     # postfix stop, rm -r DIR

Everything the instance needs lives in one temporary directory: its own
config_directory (main.cf, master.cf), queue_directory, data_directory,
maildirs and Postfix's own log (maillog_file, written by postlogd).  smtpd
listens on 127.0.0.1 on a free port (never port 25), every other service
is a UNIX-domain socket inside that queue directory, so the instance never
touches a system Postfix.  Mail for dest.example and d2.example goes to
maildirs under DIR/mail (the virtual(8) transport, delivering as nobody);
nothing is ever relayed (default_transport = error).

The SMTP client speaks XCLIENT (smtpd_authorized_xclient_hosts =
127.0.0.0/8) to claim a client address such as 192.0.2.1, a client name
and a HELO name, so the policy server sees what it would see from the
Internet.

How Postfix reaches policyd-spf is a separate object, the "policy" argument:
  SpawnPolicy(**settings)  the wiring of policyd-spf(8) and README.md:
      master.cf "policyd-spf unix - n n - 0 spawn user=policyd-spf
      argv=BINARY -c CONF", main.cf "check_policy_service
      unix:private/policyd-spf" after reject_unauth_destination and
      "policyd-spf_time_limit = 3600"; CONF is written from settings
      (policytest.base_config: the test DNS server, a log file).
  InetPolicy("127.0.0.1:PORT", log_path=None)  a standing daemon started
      by the caller: main.cf "check_policy_service inet:127.0.0.1:PORT".
A policy object has setup(pf), called before Postfix starts, returning
(master.cf lines, the check_policy_service target, extra main.cf
parameters); teardown(pf), called after Postfix stopped (a daemon wiring
stops its daemon there); and log(), the text of policyd-spf's log.

Postfix must run as root (postfix start); skip_unless_usable() exits 77
(automake's SKIP) with a clear message when Postfix is not installed or
the tests do not run as root.  POSTFIXTEST_KEEP=1 keeps the directory for
debugging.
"""
import email
import email.policy
import os
import pwd
import re
import shutil
import signal
import smtplib
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
import policytest  # noqa: E402

POSTFIX = os.environ.get("POSTFIX") or shutil.which("postfix") or \
    "/usr/sbin/postfix"
POLICY_USER = "policyd-spf"
# virtual(8) delivers as this uid/gid (it must be >= virtual_minimum_uid).
MAIL_USER = "nobody"
MAIL_DOMAINS = ("dest.example", "d2.example")
MAILBOXES = ["user", "u1", "u2", "u3", "postmaster"] + \
    ["c%d" % i for i in range(64)]


def skip(reason):
    print("SKIP: %s" % reason)
    sys.stdout.flush()
    sys.exit(77)


def skip_unless_usable():
    if not os.path.exists(POSTFIX):
        skip("postfix not installed (tests/deps.sh installs it)")
    if os.geteuid() != 0:
        skip("postfix not usable: the Postfix tests must run as root "
             "(postfix start)")
    if not policytest.TESTDNS_ADDR:
        sys.exit("error: TESTDNS_ADDR is not set: run the test under "
                 "tests/with_dns.py")


def free_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def ensure_user(name):
    """The system user spawn(8) runs policyd-spf as (created if missing)."""
    try:
        return pwd.getpwnam(name)
    except KeyError:
        pass
    # Another test run may be creating it at the same time: only the
    # user's existence afterwards counts.
    subprocess.run(["useradd", "--system", "--no-create-home",
                    "--home-dir", "/nonexistent", "--shell",
                    "/usr/sbin/nologin", name], stdout=subprocess.DEVNULL)
    return pwd.getpwnam(name)


def can_execute_as(user, path):
    try:
        r = subprocess.run(["runuser", "-u", user, "--", "test", "-x", path],
                           stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
    except OSError:
        return False
    return r.returncode == 0


def run_cmd(argv, timeout=60):
    r = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       timeout=timeout)
    return r.returncode, r.stdout.decode("utf-8", "replace")


# ---------------------------------------------------------------- wirings

class SpawnPolicy:
    """policyd-spf run by spawn(8), exactly as policyd-spf(8) says."""
    service = "policyd-spf"

    def __init__(self, binary=None, **settings):
        self.binary = binary or policytest.POLICYD_SPF
        self.settings = settings
        self.dir = None
        self.conf = None
        self.logfile = None

    def setup(self, pf):
        user = ensure_user(POLICY_USER)
        self.dir = os.path.join(pf.dir, "policyd-spf")
        os.makedirs(self.dir, mode=0o755)
        os.chown(self.dir, user.pw_uid, user.pw_gid)
        self.conf = os.path.join(self.dir, "policyd-spf.conf")
        with open(self.conf, "w") as f:
            f.write(policytest.base_config(self.dir, **self.settings))
        os.chmod(self.conf, 0o644)
        self.logfile = os.path.join(self.dir, "policyd-spf.log")
        binary = os.path.abspath(self.binary)
        if not os.path.isfile(binary):
            raise RuntimeError("policyd-spf binary not found: %s "
                               "(set POLICYD_SPF)" % binary)
        if not can_execute_as(POLICY_USER, binary):
            copy = os.path.join(pf.dir, "bin", "policyd-spf")
            os.makedirs(os.path.dirname(copy), mode=0o755, exist_ok=True)
            shutil.copy(binary, copy)
            os.chmod(copy, 0o755)
            binary = copy
        self.argv = [binary, "-c", self.conf]
        master = ["%s unix - n n - 0 spawn" % self.service,
                  "  user=%s argv=%s" % (POLICY_USER, " ".join(self.argv))]
        main = {"%s_time_limit" % self.service: "3600"}
        return master, "unix:private/%s" % self.service, main

    def teardown(self, pf):
        pass

    def log(self):
        try:
            with open(self.logfile, errors="replace") as f:
                return f.read()
        except FileNotFoundError:
            return ""


class InetPolicy:
    """A standing policyd-spf daemon the caller started on addr."""

    def __init__(self, addr, log_path=None):
        self.addr = addr
        self.logfile = log_path

    def setup(self, pf):
        return [], "inet:%s" % self.addr, {}

    def teardown(self, pf):
        pass

    def log(self):
        if not self.logfile:
            return ""
        try:
            with open(self.logfile, errors="replace") as f:
                return f.read()
        except FileNotFoundError:
            return ""


class DaemonPolicy:
    """A standing policyd-spf --daemon that this wiring starts and stops:
    it listens on a unix socket in the instance's private directory (as
    contrib/postfix/daemon-mode.cf says: check_policy_service
    unix:private/policyd-spf, no master.cf entry) and drops to the
    policyd-spf user after opening it."""
    service = "policyd-spf"

    def __init__(self, binary=None, **settings):
        self.binary = binary or policytest.POLICYD_SPF
        self.settings = settings
        self.proc = None
        self.logfile = None

    def setup(self, pf):
        user = ensure_user(POLICY_USER)
        self.dir = os.path.join(pf.dir, "policyd-spf")
        os.makedirs(self.dir, mode=0o755)
        os.chown(self.dir, user.pw_uid, user.pw_gid)
        private = os.path.join(pf.path("queue"), "private")
        os.makedirs(private, mode=0o700, exist_ok=True)
        pw = pwd.getpwnam("postfix")
        os.chown(pf.path("queue"), 0, 0)
        os.chmod(pf.path("queue"), 0o755)
        os.chown(private, pw.pw_uid, 0)
        self.socket = os.path.join(private, self.service)
        self.conf = os.path.join(self.dir, "policyd-spf.conf")
        settings = dict(self.settings)
        settings.update(listen='"unix:%s"' % self.socket,
                        socket_owner="postfix", user=POLICY_USER)
        with open(self.conf, "w") as f:
            f.write(policytest.base_config(self.dir, **settings))
        self.logfile = os.path.join(self.dir, "policyd-spf.log")
        self.proc = subprocess.Popen(
            [os.path.abspath(self.binary), "-c", self.conf, "--daemon"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 15
        while not os.path.exists(self.socket):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("policyd-spf --daemon did not start:\n"
                                   + self.log())
            time.sleep(0.05)
        return [], "unix:private/%s" % self.service, {}

    def teardown(self, pf):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def log(self):
        try:
            with open(self.logfile, errors="replace") as f:
                return f.read()
        except (FileNotFoundError, TypeError):
            return ""


# --------------------------------------------------------------- instance

MASTER_CF = """\
# service type  private unpriv  chroot  wakeup  maxproc command + args
127.0.0.1:{port} inet n - n - - smtpd
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
virtual   unix  -       n       n       -       -       virtual
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
"""


class Postfix:
    def __init__(self, policy, warn_if_reject=False, name="postfix",
                 main=None):
        self.policy = policy
        self.warn_if_reject = warn_if_reject
        self.name = name
        self.extra_main = dict(main or {})
        self.dir = None
        self.started = False

    # paths
    def path(self, *p):
        return os.path.join(self.dir, *p)

    def setup(self):
        self.dir = tempfile.mkdtemp(prefix="policyd-spf-%s." % self.name)
        os.chmod(self.dir, 0o755)
        self.confdir = self.path("conf")
        for d in ("conf", "queue", "data"):
            os.makedirs(self.path(d), mode=0o755)
        pw = pwd.getpwnam("postfix")
        os.chown(self.path("data"), pw.pw_uid, pw.pw_gid)
        nobody = pwd.getpwnam(MAIL_USER)
        os.makedirs(self.path("mail"), mode=0o755)
        os.chown(self.path("mail"), nobody.pw_uid, nobody.pw_gid)
        self.maillog = self.path("maillog")
        self.port = free_port()

        master_lines, target, policy_main = self.policy.setup(self)
        self.check = ("warn_if_reject " if self.warn_if_reject else "") + \
            "check_policy_service " + target
        with open(self.path("conf", "vmailbox"), "w") as f:
            for dom in MAIL_DOMAINS:
                for user in MAILBOXES:
                    f.write("%s@%s %s/%s/\n" % (user, dom, dom, user))
        main = [
            ("compatibility_level", "3.6"),
            ("queue_directory", self.path("queue")),
            ("data_directory", self.path("data")),
            ("mail_owner", "postfix"),
            ("setgid_group", "postdrop"),
            ("myhostname", "mx.test.example"),
            ("mydomain", "test.example"),
            ("myorigin", "$myhostname"),
            ("mydestination", ""),
            ("relay_domains", ""),
            ("mynetworks", "127.0.0.0/8"),
            ("inet_interfaces", "loopback-only"),
            ("inet_protocols", "ipv4"),
            ("alias_maps", ""),
            ("alias_database", ""),
            ("local_recipient_maps", ""),
            ("local_transport", "error:no local delivery"),
            ("default_transport", "error:no relaying from the test"),
            ("relay_transport", "error:no relaying from the test"),
            ("virtual_mailbox_domains", ", ".join(MAIL_DOMAINS)),
            ("virtual_mailbox_base", self.path("mail")),
            ("virtual_mailbox_maps", "texthash:" +
             self.path("conf", "vmailbox")),
            ("virtual_uid_maps", "static:%d" % nobody.pw_uid),
            ("virtual_gid_maps", "static:%d" % nobody.pw_gid),
            ("maillog_file", self.maillog),
            ("maillog_file_prefixes", self.dir),
            ("smtpd_authorized_xclient_hosts", "127.0.0.0/8"),
            # No DNS for Postfix itself: XCLIENT gives the client name.
            ("smtpd_peername_lookup", "no"),
            ("smtpd_banner", "$myhostname ESMTP"),
            ("biff", "no"),
            ("readme_directory", "no"),
            ("html_directory", "no"),
            ("delay_warning_time", "0"),
            ("smtpd_recipient_restrictions",
             "permit_mynetworks, reject_unauth_destination, %s, permit"
             % self.check),
        ]
        main += list(policy_main.items()) + list(self.extra_main.items())
        with open(self.path("conf", "main.cf"), "w") as f:
            for k, v in main:
                f.write("%s = %s\n" % (k, v))
        self.master_lines = master_lines
        self.write_master_cf()

    def write_master_cf(self):
        with open(self.path("conf", "master.cf"), "w") as f:
            f.write(MASTER_CF.format(port=self.port))
            for line in self.master_lines:
                f.write(line + "\n")

    def start(self, timeout=30):
        if self.dir is None:
            self.setup()
        for attempt in range(3):
            rc, out = run_cmd([POSTFIX, "-c", self.confdir, "start"],
                              timeout)
            self.started = True
            if rc == 0:
                break
            # The free port was taken before master bound it: another one.
            if "Address already in use" not in out + self.log() or \
                    attempt == 2:
                raise RuntimeError("postfix -c %s start failed (%d):\n%s\n%s"
                                   % (self.confdir, rc, out, self.log()))
            self.stop()
            self.port = free_port()
            self.write_master_cf()
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            try:
                s = socket.create_connection(("127.0.0.1", self.port), 2)
                s.settimeout(10)
                banner = s.recv(1024)
                s.sendall(b"QUIT\r\n")
                s.close()
                if banner.startswith(b"220 "):
                    return self
                last = banner
            except OSError as e:
                last = e
            time.sleep(0.1)
        raise RuntimeError("smtpd on 127.0.0.1:%d not ready: %r\n%s"
                           % (self.port, last, self.log()))

    # processes of this instance: MAIL_CONFIG in their environment (master
    # exports it to every daemon, spawn(8) to policyd-spf) or an executable
    # under the instance directory.
    def processes(self):
        if self.dir is None:
            return []
        want = ("MAIL_CONFIG=%s" % self.confdir).encode()
        found = []
        for pid in os.listdir("/proc"):
            if not pid.isdigit() or int(pid) == os.getpid():
                continue
            try:
                with open("/proc/%s/environ" % pid, "rb") as f:
                    env = f.read().split(b"\0")
                exe = os.readlink("/proc/%s/exe" % pid)
            except OSError:
                continue
            if want in env or exe.startswith(self.dir + "/"):
                try:
                    with open("/proc/%s/cmdline" % pid, "rb") as f:
                        cmd = f.read().replace(b"\0", b" ").decode(
                            "utf-8", "replace").strip()
                except OSError:
                    cmd = "?"
                found.append((int(pid), cmd))
        return found

    def stop(self, timeout=15):
        """postfix stop; returns the processes that had to be killed."""
        if not self.started:
            return []
        self.started = False
        try:
            run_cmd([POSTFIX, "-c", self.confdir, "stop"], timeout)
        except subprocess.TimeoutExpired:
            pass
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.processes():
            time.sleep(0.1)
        left = self.processes()
        for pid, _ in left:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        self.policy.teardown(self)
        return left

    def cleanup(self):
        left = self.stop()
        if self.dir and os.environ.get("POSTFIXTEST_KEEP"):
            print("# kept %s" % self.dir)
        elif self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)
        return left

    # what an operator sees
    def log(self):
        try:
            with open(self.maillog, errors="replace") as f:
                return f.read()
        except (FileNotFoundError, TypeError, AttributeError):
            return ""

    def wait_log(self, pattern, timeout=20):
        """The first maillog line matching the regex pattern."""
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            for line in self.log().splitlines():
                if rx.search(line):
                    return line
            if time.monotonic() > deadline:
                raise AssertionError("no maillog line matches %r within "
                                     "%ds:\n%s" % (pattern, timeout,
                                                   self.log()[-4000:]))
            time.sleep(0.1)

    def spf_log(self):
        return self.policy.log()

    def maildir(self, rcpt):
        user, dom = rcpt.split("@")
        return self.path("mail", dom, user)

    def deliveries(self, rcpt, token=None):
        """Messages delivered to rcpt (containing token), as bytes."""
        out = []
        for sub in ("new", "cur"):
            d = os.path.join(self.maildir(rcpt), sub)
            try:
                names = sorted(os.listdir(d))
            except FileNotFoundError:
                continue
            for n in names:
                try:
                    with open(os.path.join(d, n), "rb") as f:
                        data = f.read()
                except FileNotFoundError:
                    continue
                if token is None or token.encode() in data:
                    out.append(data)
        return out

    def wait_delivery(self, rcpt, token, timeout=30):
        """The one message with token delivered to rcpt (a Delivered)."""
        deadline = time.monotonic() + timeout
        while True:
            got = self.deliveries(rcpt, token)
            if got:
                if len(got) != 1:
                    raise AssertionError("%d copies delivered to %s"
                                         % (len(got), rcpt))
                return Delivered(got[0])
            if time.monotonic() > deadline:
                raise AssertionError("nothing delivered to %s within %ds; "
                                     "maillog:\n%s" % (rcpt, timeout,
                                                        self.log()[-4000:]))
            time.sleep(0.1)

    def reload(self, timeout=30):
        rc, out = run_cmd([POSTFIX, "-c", self.confdir, "reload"], timeout)
        if rc != 0:
            raise RuntimeError("postfix reload failed (%d): %s" % (rc, out))
        return out

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.cleanup()


class Delivered:
    """A delivered message: raw bytes, msg (email, compat32: header values
    exactly as stored), modern (email.policy.default: parsed headers with
    their defects), headers(name) (values, folding undone) and names()
    (header names in order)."""

    def __init__(self, raw):
        self.raw = raw
        self.msg = email.message_from_bytes(raw, policy=email.policy.compat32)
        self.modern = email.message_from_bytes(raw,
                                               policy=email.policy.default)

    def headers(self, name):
        return [re.sub(r"\r?\n(?=[ \t])", "", v)
                for v in (self.msg.get_all(name) or [])]

    def names(self):
        return [k.lower() for k in self.msg.keys()]


# ------------------------------------------------------------ SMTP client

def reply(code, msg):
    if isinstance(msg, bytes):
        msg = msg.decode("utf-8", "replace")
    return "%d %s" % (code, msg)


class Session:
    """What the SMTP client saw: one reply string ("550 5.7.23 ...") for
    XCLIENT, MAIL, each RCPT (rcpt dict, in order), and DATA (None when
    no recipient was accepted)."""

    def __init__(self):
        self.xclient = self.mail = self.data = None
        self.rcpt = {}
        self.token = uuid.uuid4().hex
        self.queue_id = None
        self.seconds = None


def smtp_send(port, sender, rcpts, client_ip="192.0.2.1", helo="x.example",
              client_name="unknown", subject="test", timeout=120,
              after_rcpt=None):
    """One SMTP session to 127.0.0.1:port: EHLO, XCLIENT ADDR/NAME/HELO,
    EHLO again (XCLIENT restarts the session), MAIL FROM:<sender>, RCPT
    TO for each recipient, after_rcpt() if given, DATA when any was
    accepted, QUIT."""
    s = Session()
    t0 = time.monotonic()
    smtp = smtplib.SMTP("127.0.0.1", port, local_hostname=helo,
                        timeout=timeout)
    try:
        smtp.ehlo(helo)
        if not smtp.has_extn("xclient"):
            raise AssertionError("smtpd does not offer XCLIENT")
        s.xclient = reply(*smtp.docmd(
            "XCLIENT", "ADDR=%s NAME=%s HELO=%s" % (client_ip, client_name,
                                                    helo)))
        if not s.xclient.startswith("220"):
            raise AssertionError("XCLIENT: %s" % s.xclient)
        smtp.ehlo_resp = None
        smtp.does_esmtp = False
        smtp.esmtp_features = {}
        code, msg = smtp.ehlo(helo)
        if code != 250:
            raise AssertionError("EHLO after XCLIENT: %s" % reply(code, msg))
        s.mail = reply(*smtp.mail(sender))
        if not s.mail.startswith("250"):
            return s
        for r in rcpts:
            s.rcpt[r] = reply(*smtp.rcpt(r))
        if after_rcpt:
            after_rcpt()
        if any(v.startswith("250") for v in s.rcpt.values()):
            body = ("From: <%s>\r\nTo: %s\r\nSubject: %s %s\r\n"
                    "Message-ID: <%s@client.example>\r\n"
                    "Date: Thu, 01 Jan 2026 00:00:00 +0000\r\n\r\n"
                    "token %s\r\n" % (sender or "mailer-daemon@x.example",
                                      ", ".join("<%s>" % r for r in rcpts),
                                      subject, s.token, s.token, s.token))
            s.data = reply(*smtp.data(body.encode()))
            m = re.search(r"queued as (\w+)", s.data)
            if m:
                s.queue_id = m.group(1)
        try:
            smtp.quit()
        except smtplib.SMTPException:
            pass
    finally:
        try:
            smtp.close()
        except Exception:
            pass
        s.seconds = time.monotonic() - t0
    return s


def send_concurrently(port, jobs, timeout=120):
    """Run smtp_send(port, **job) for every job in its own thread: all
    sessions start together, and none goes on to DATA before every one
    has had its RCPT answers, so all are open at once (one smtpd and one
    policy connection each).  Returns Sessions (or exceptions) in order."""
    results = [None] * len(jobs)
    start = threading.Barrier(len(jobs))
    rcpt_done = threading.Barrier(len(jobs))

    def worker(i, job):
        try:
            start.wait(timeout)
            results[i] = smtp_send(port, timeout=timeout,
                                   after_rcpt=lambda: rcpt_done.wait(timeout),
                                   **job)
        except Exception as e:  # reported by the caller
            results[i] = e
            rcpt_done.abort()

    threads = [threading.Thread(target=worker, args=(i, j), daemon=True)
               for i, j in enumerate(jobs)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + timeout
    for t in threads:
        t.join(max(0.1, deadline - time.monotonic()))
    for i, t in enumerate(threads):
        if t.is_alive():
            results[i] = TimeoutError("session %d still running" % i)
    return results


# ------------------------------------------------------ header validation

_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_DOT_ATOM = r"%s(?:\.%s)*" % (_ATOM, _ATOM)
_QSTRING = r'"(?:[^"\\\r\n]|\\.)*"'
_COMMENT = r"\((?:[^()\\\r\n]|\\.)*\)"
_KV = r"([A-Za-z0-9-]+)[ \t]*=[ \t]*(%s|%s)" % (_DOT_ATOM, _QSTRING)


def parse_received_spf(value):
    """Parse a Received-SPF value per RFC 7208 section 9.1 (erratum 5436):
    result [FWS comment] [FWS key-value-list]; values dot-atom or
    quoted-string.  Returns (result, comment, {key: unquoted value});
    raises AssertionError when the value does not follow the grammar."""
    v = re.sub(r"\r?\n[ \t]", " ", value).strip()
    m = re.match(r"(pass|fail|softfail|neutral|none|temperror|permerror)"
                 r"(?=[ \t]|$)", v, re.I)
    if not m:
        raise AssertionError("Received-SPF: bad result in %r" % value)
    result, rest = m.group(1), v[m.end():].lstrip()
    comment = None
    m = re.match(_COMMENT, rest)
    if m:
        comment, rest = m.group(0)[1:-1], rest[m.end():].lstrip()
    pairs = {}
    while rest:
        m = re.match(_KV, rest)
        if not m:
            raise AssertionError("Received-SPF: bad key-value at %r in %r"
                                 % (rest, value))
        key, val = m.group(1).lower(), m.group(2)
        if val.startswith('"'):
            val = re.sub(r"\\(.)", r"\1", val[1:-1])
        if key in pairs:
            raise AssertionError("Received-SPF: key %s twice" % key)
        pairs[key] = val
        rest = rest[m.end():].lstrip()
        if rest.startswith(";"):
            rest = rest[1:].lstrip()
        elif rest:
            raise AssertionError("Received-SPF: expected ';' at %r in %r"
                                 % (rest, value))
    return result, comment, pairs


def import_authres():
    """python3-authres (Debian) even when python3 is not /usr/bin/python3."""
    try:
        import authres
    except ImportError:
        for d in ("/usr/lib/python3/dist-packages",):
            if os.path.isdir(os.path.join(d, "authres")) and d not in sys.path:
                sys.path.append(d)
        import authres
    return authres
