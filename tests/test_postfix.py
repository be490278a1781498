#!/usr/bin/env python3
"""End to end through a real Postfix: policyd-spf wired into a private
Postfix instance exactly as policyd-spf(8) and README.md tell users
(spawn(8) service "policyd-spf", check_policy_service
unix:private/policyd-spf after reject_unauth_destination,
policyd-spf_time_limit = 3600), DNS from the test unbound
(tests/with_dns.py).  An SMTP client claims the client address 192.0.2.1
with XCLIENT and every case asserts what users see: the SMTP reply to RCPT
TO, the header in the delivered message, and the lines in Postfix's own
log (maillog_file) and policyd-spf's log.

Needs Postfix (tests/deps.sh installs it) and root (postfix start); exits
77 (SKIP) otherwise.  Everything listens on 127.0.0.1; no system Postfix
is touched.  See tests/postfixtest.py for the instance.
"""
import os
import re
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import postfixtest as pt  # noqa: E402
from policytest import case, contains, eq, run  # noqa: E402

URL = "http://www.openspf.net/Why?s=%s;id=%s;ip=192.0.2.1;r=dest.example"
REJECT = ("550 5.7.23 <%s>: Recipient address rejected: Message rejected "
          "due to: SPF fail - not authorized. Please see ")
LOOKUP_TIME = 2
T0 = time.monotonic()
# Postfix warnings about the machine, not about policyd-spf: cleanup(8)
# compares file and clock times (VMs with a coarse file system clock).
BENIGN = (r"postfix/cleanup\[\d+\]: warning: (file system clock is \d+ "
          r"seconds? ahead of local clock|resetting file time stamps)")


def wiring(**settings):
    """How Postfix reaches policyd-spf: spawn(8), as policyd-spf(8) says.
    A daemon-mode wiring (check_policy_service inet:127.0.0.1:PORT against
    a standing policyd-spf started with these settings) returns its own
    policy object here; see tests/postfixtest.py."""
    return pt.SpawnPolicy(**settings)


# Each instance is started on first use and stopped by the last case (or
# on the way out).
INSTANCES = {
    "default": lambda: pt.Postfix(wiring(lookup_time=LOOKUP_TIME),
                                  name="default"),
    "defer": lambda: pt.Postfix(wiring(lookup_time=LOOKUP_TIME,
                                       temperror_defer=True), name="defer"),
    "ar": lambda: pt.Postfix(wiring(header_type="AR"), name="ar"),
    "test_only": lambda: pt.Postfix(wiring(test_only=True),
                                    name="testonly"),
    "warn": lambda: pt.Postfix(wiring(), warn_if_reject=True, name="warn"),
    # The standing daemon on unix:private/policyd-spf, no master.cf entry.
    "daemon": lambda: pt.Postfix(pt.DaemonPolicy(lookup_time=LOOKUP_TIME),
                                 name="daemon"),
}
_running = {}


def postfix(name="default"):
    pf = _running.get(name)
    if isinstance(pf, Exception):
        raise RuntimeError("instance %s did not start: %s" % (name, pf))
    if pf is None:
        pf = INSTANCES[name]()
        _running[name] = pf
        try:
            pf.start()
        except Exception as e:
            _running[name] = e
            pf.cleanup()
            raise
    return pf


def stop_all():
    left = []
    for name, pf in list(_running.items()):
        if isinstance(pf, pt.Postfix):
            left += [(name,) + p for p in pf.cleanup()]
    return left


def mfrom_header(result, domain, helo="x.example", receiver="dest.example"):
    return ("%s (mailfrom) identity=mailfrom; client-ip=192.0.2.1; helo=%s; "
            'envelope-from="a@%s"; receiver=%s'
            % (result, helo, domain, receiver))


def check_received_spf(d, want, what="Received-SPF"):
    """Exactly one Received-SPF, equal to want, above Postfix's Received:,
    following RFC 7208 section 9.1, without defects for Python's email."""
    got = d.headers("Received-SPF")
    eq(got, [want], what)
    names = d.names()
    if names.index("received-spf") > names.index("received"):
        raise AssertionError("Received-SPF below Received: %r" % names)
    result, comment, kv = pt.parse_received_spf(got[0])
    eq(result, want.split()[0], "result")
    for key in ("identity", "client-ip", "helo", "envelope-from",
                "receiver"):
        if key not in kv:
            raise AssertionError("no %s= in %r" % (key, got[0]))
    eq(kv["client-ip"], "192.0.2.1", "client-ip")
    h = d.modern["Received-SPF"]
    eq(list(h.defects), [], "defects of the parsed header")
    eq(str(h), want, "header as Python's email reads it")
    return kv


def deliver(pf, sender, rcpt="user@dest.example", **kw):
    s = pt.smtp_send(pf.port, sender, [rcpt], **kw)
    eq(s.rcpt[rcpt], "250 2.1.5 Ok", "RCPT reply")
    if not (s.data or "").startswith("250 2.0.0 Ok: queued as "):
        raise AssertionError("DATA: %r" % s.data)
    pf.wait_log(r"postfix/virtual\[\d+\]: %s: to=<%s>, relay=virtual, .*"
                r"status=sent \(delivered to maildir\)"
                % (s.queue_id, re.escape(rcpt)))
    return s, pf.wait_delivery(rcpt, s.token)


def noqueue_reject(pf, reply, sender, rcpt="user@dest.example",
                   helo="x.example", kind="reject"):
    return pf.wait_log(re.escape(
        "NOQUEUE: %s: RCPT from unknown[192.0.2.1]: %s; from=<%s> to=<%s> "
        "proto=ESMTP helo=<%s>" % (kind, reply, sender, rcpt, helo)))


# ------------------------------------------------------ default settings

@case
def pass_is_delivered_with_one_received_spf():
    pf = postfix()
    s, d = deliver(pf, "a@pass.example")
    kv = check_received_spf(d, mfrom_header("Pass", "pass.example"))
    eq(kv["envelope-from"], "a@pass.example", "unquoted envelope-from")
    eq(kv["identity"], "mailfrom", "identity")
    contains(pf.spf_log(), ": prepend Received-SPF: Pass (mailfrom) "
             "identity=mailfrom; client-ip=192.0.2.1; helo=x.example; "
             'envelope-from="a@pass.example"; receiver=dest.example',
             "policyd-spf log")


@case
def fail_is_rejected_at_rcpt():
    pf = postfix()
    s = pt.smtp_send(pf.port, "a@fail.example", ["user@dest.example"])
    want = REJECT % "user@dest.example" + URL % ("mfrom", "a@fail.example")
    eq(s.rcpt["user@dest.example"], want, "RCPT reply")
    eq(s.data, None, "DATA sent")
    noqueue_reject(pf, want, "a@fail.example")
    contains(pf.spf_log(), ": 550 5.7.23 Message rejected due to: SPF fail "
             "- not authorized. Please see " + URL % ("mfrom",
                                                      "a@fail.example"))


@case
def softfail_neutral_none_permerror_are_delivered_with_header():
    pf = postfix()
    for result, domain in (("Softfail", "soft.example"),
                           ("Neutral", "neutral.example"),
                           ("None", "none.example"),
                           ("Permerror", "perm.example")):
        s, d = deliver(pf, "a@" + domain)
        check_received_spf(d, mfrom_header(result, domain), domain)


@case
def temperror_is_delivered_with_header_by_default():
    pf = postfix()
    s, d = deliver(pf, "a@temp.example")
    check_received_spf(d, mfrom_header("Temperror", "temp.example"))
    # Two identities, each within lookup_time, plus Postfix's own work.
    if s.seconds > 2 * LOOKUP_TIME + 5:
        raise AssertionError("session took %.1fs" % s.seconds)


@case
def null_sender_gets_the_helo_header():
    pf = postfix()
    s, d = deliver(pf, "", helo="helo-pass.example")
    check_received_spf(
        d, "Pass (sender SPF authorized) identity=helo; client-ip=192.0.2.1; "
        'helo=helo-pass.example; envelope-from="<>"; receiver=dest.example')
    eq(d.headers("Return-Path"), ["<>"], "Return-Path")


@case
def unauthorized_helo_is_rejected():
    pf = postfix()
    want = (REJECT % "user@dest.example" +
            URL % ("helo", "helo-fail.example"))
    for sender in ("a@pass.example", ""):
        s = pt.smtp_send(pf.port, sender, ["user@dest.example"],
                         helo="helo-fail.example")
        eq(s.rcpt["user@dest.example"], want, "RCPT reply, sender <%s>"
           % sender)
        noqueue_reject(pf, want, sender, helo="helo-fail.example")


@case
def mailfrom_none_never_gets_the_helo_header():
    # CVE-2019-20790: pypolicyd-spf prepends the HELO Pass header here.
    pf = postfix()
    s, d = deliver(pf, "a@none.example", helo="helo-pass.example")
    check_received_spf(d, mfrom_header("None", "none.example",
                                       helo="helo-pass.example"))


@case
def several_recipients_one_header_in_each_copy():
    pf = postfix()
    rcpts = ["u1@dest.example", "u2@dest.example", "u3@d2.example"]
    s = pt.smtp_send(pf.port, "a@pass.example", rcpts)
    eq(list(s.rcpt.values()), ["250 2.1.5 Ok"] * 3, "RCPT replies")
    for r in rcpts:
        d = pf.wait_delivery(r, s.token)
        # The first recipient's domain: one decision per message.
        check_received_spf(d, mfrom_header("Pass", "pass.example"), r)
        eq(d.headers("Delivered-To"), [r], "Delivered-To")
    # A rejected message: every recipient gets the first one's answer.
    s = pt.smtp_send(pf.port, "a@fail.example",
                     ["user@dest.example", "u3@d2.example"])
    tail = URL % ("mfrom", "a@fail.example")
    eq(s.rcpt, {"user@dest.example": REJECT % "user@dest.example" + tail,
                "u3@d2.example": REJECT % "u3@d2.example" + tail},
       "RCPT replies")


def concurrent_sessions(pf, want_processes):
    kinds = [("a@pass.example", "Pass"), ("a@fail.example", None),
             ("a@soft.example", "Softfail"), ("a@neutral.example", "Neutral")]
    jobs = []
    for i in range(20):
        sender, _ = kinds[i % len(kinds)]
        jobs.append(dict(sender=sender, rcpts=["c%d@dest.example" % i],
                         subject="concurrent %d" % i))
    log_before = len(pf.spf_log())
    t0 = time.monotonic()
    results = pt.send_concurrently(pf.port, jobs, timeout=90)
    took = time.monotonic() - t0
    errors = []
    for i, (job, s) in enumerate(zip(jobs, results)):
        rcpt = job["rcpts"][0]
        sender = job["sender"]
        result = kinds[i % len(kinds)][1]
        try:
            if isinstance(s, Exception):
                raise s
            if result is None:
                eq(s.rcpt[rcpt], REJECT % rcpt + URL % ("mfrom", sender),
                   "RCPT reply")
                continue
            eq(s.rcpt[rcpt], "250 2.1.5 Ok", "RCPT reply")
            d = pf.wait_delivery(rcpt, s.token)
            check_received_spf(d, mfrom_header(result,
                                               sender.split("@")[1]))
        except Exception as e:
            errors.append("session %d (%s): %s" % (i, sender, e))
    if errors:
        raise AssertionError("\n".join(errors))
    pids = set(re.findall(r"policyd-spf\[(\d+)\]: : ",
                          pf.spf_log()[log_before:]))
    eq(len(pids), want_processes, "policyd-spf processes that answered")
    print("# 20 concurrent sessions in %.2fs, answered by %d policyd-spf "
          "process(es)" % (took, len(pids)))


@case
def twenty_concurrent_sessions():
    # All 20 sessions are open at once: 20 smtpd processes, each with its
    # own policy connection, so 20 spawned policyd-spf processes answer.
    concurrent_sessions(postfix(), 20)


# ------------------------------------------- the standing daemon (--daemon)

@case
def daemon_mode_pass_fail_and_twenty_concurrent_sessions():
    pf = postfix("daemon")
    s, d = deliver(pf, "a@pass.example")
    check_received_spf(d, mfrom_header("Pass", "pass.example"))
    s = pt.smtp_send(pf.port, "a@fail.example", ["user@dest.example"])
    want = REJECT % "user@dest.example" + URL % ("mfrom", "a@fail.example")
    eq(s.rcpt["user@dest.example"], want, "RCPT reply")
    noqueue_reject(pf, want, "a@fail.example")
    # One server process answers every smtpd.
    concurrent_sessions(pf, 1)
    contains(pf.spf_log(), "listening on 1 socket(s), 64 workers")


@case
def daemon_mode_null_sender_and_several_recipients():
    pf = postfix("daemon")
    s, d = deliver(pf, "", helo="helo-pass.example")
    check_received_spf(
        d, "Pass (sender SPF authorized) identity=helo; client-ip=192.0.2.1; "
        'helo=helo-pass.example; envelope-from="<>"; receiver=dest.example')
    rcpts = ["u1@dest.example", "u2@dest.example", "u3@d2.example"]
    s = pt.smtp_send(pf.port, "a@pass.example", rcpts)
    eq(list(s.rcpt.values()), ["250 2.1.5 Ok"] * 3, "RCPT replies")
    for r in rcpts:
        d = pf.wait_delivery(r, s.token)
        check_received_spf(d, mfrom_header("Pass", "pass.example"), r)


@case
def reload_ends_policy_processes_cleanly():
    # postfix reload retires the smtpd processes; each closes its policy
    # connection and policyd-spf must exit 0 on that EOF (spawn(8) logs
    # "command ... exit status N" otherwise).  New sessions work after.
    pf = postfix()
    deliver(pf, "a@pass.example")
    before = [p for p in pf.processes() if "policyd-spf -c" in p[1]
              and not p[1].startswith("spawn")]
    if not before:
        raise AssertionError("no policyd-spf process: %r" % pf.processes())
    pf.reload()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        alive = [p for p in pf.processes() if p[0] in dict(before)]
        if not alive:
            break
        time.sleep(0.1)
    else:
        raise AssertionError("policyd-spf still running 20s after reload: "
                             "%r" % alive)
    deliver(pf, "a@soft.example")
    bad = [line for line in pf.log().splitlines()
           if "postfix/spawn" in line or "policyd-spf" in line
           and "warning" in line]
    eq(bad, [], "spawn or policy warnings in maillog")


# ------------------------------------------------- temperror_defer = true

@case
def temperror_defer_gives_450_at_rcpt():
    pf = postfix("defer")
    s = pt.smtp_send(pf.port, "a@temp.example", ["user@dest.example"])
    got = s.rcpt["user@dest.example"]
    head = ("450 4.7.24 <user@dest.example>: Recipient address rejected: "
            "Message deferred due to: SPF Temporary Error: ")
    tail = ". Please see " + URL % ("mfrom", "a@temp.example")
    if not (got.startswith(head) and got.endswith(tail)):
        raise AssertionError("RCPT reply %r" % got)
    print("# %s" % got)
    noqueue_reject(pf, got, "a@temp.example")
    s, d = deliver(pf, "a@pass.example")
    check_received_spf(d, mfrom_header("Pass", "pass.example"))


# ----------------------------------------------------- header_type = AR

@case
def authentication_results_header_parses():
    authres = pt.import_authres()
    pf = postfix("ar")
    s, d = deliver(pf, "a@pass.example")
    eq(d.headers("Received-SPF"), [], "Received-SPF")
    want = ("mx.test.example; spf=pass (sender SPF authorized) "
            "smtp.mailfrom=pass.example (client-ip=192.0.2.1; "
            "helo=x.example; envelope-from=a@pass.example; "
            "receiver=dest.example)")
    eq(d.headers("Authentication-Results"), [want], "Authentication-Results")
    names = d.names()
    if names.index("authentication-results") > names.index("received"):
        raise AssertionError("Authentication-Results below Received: %r"
                             % names)
    ar = authres.AuthenticationResultsHeader.parse(
        "Authentication-Results: " + want)
    eq(ar.authserv_id, "mx.test.example", "authserv-id")
    eq(len(ar.results), 1, "number of results")
    r = ar.results[0]
    eq(r.method, "spf", "method")
    eq(r.result, "pass", "result")
    eq([(p.type, p.name, p.value) for p in r.properties],
       [("smtp", "mailfrom", "pass.example")], "properties")
    eq(list(d.modern["Authentication-Results"].defects), [], "defects")
    s = pt.smtp_send(pf.port, "a@fail.example", ["user@dest.example"])
    eq(s.rcpt["user@dest.example"],
       REJECT % "user@dest.example" + URL % ("mfrom", "a@fail.example"),
       "RCPT reply")


# ------------------------------------------------------- test_only = true

@case
def test_mode_accepts_fail_and_logs_would_reject():
    pf = postfix("test_only")
    s, d = deliver(pf, "a@fail.example")
    check_received_spf(d, mfrom_header("Fail", "fail.example"))
    contains(pf.spf_log(), ": would reject: 550 5.7.23 Message rejected "
             "due to: SPF fail - not authorized. Please see "
             + URL % ("mfrom", "a@fail.example"), "policyd-spf log")
    if "NOQUEUE" in pf.log():
        raise AssertionError("Postfix rejected something:\n" + pf.log())


# --------------------------------- warn_if_reject check_policy_service

@case
def warn_if_reject_accepts_and_postfix_logs_reject_warning():
    pf = postfix("warn")
    s, d = deliver(pf, "a@fail.example")
    eq(d.headers("Received-SPF"), [], "Received-SPF")
    want = REJECT % "user@dest.example" + URL % ("mfrom", "a@fail.example")
    line = noqueue_reject(pf, want, "a@fail.example", kind="reject_warning")
    print("# " + line)
    s, d = deliver(pf, "a@pass.example")
    check_received_spf(d, mfrom_header("Pass", "pass.example"))


# ------------------------------------------------------------------ end

@case
def postfix_stops_and_leaves_no_processes():
    logs = {n: pf.log() for n, pf in _running.items()
            if isinstance(pf, pt.Postfix)}
    left = stop_all()
    eq(left, [], "processes left after postfix stop")
    bad = []
    for name, log in logs.items():
        for line in log.splitlines():
            if re.search(r"\b(warning|fatal|panic|error):", line) and \
                    not re.search(BENIGN, line):
                bad.append("%s: %s" % (name, line))
    eq(bad, [], "warnings in Postfix's log")
    print("# %d Postfix instances, %.1fs in all"
          % (len(logs), time.monotonic() - T0))


def main():
    pt.skip_unless_usable()

    def die(signum, frame):
        raise SystemExit(128 + signum)
    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(sig, die)
    try:
        return run()
    finally:
        stop_all()


if __name__ == "__main__":
    sys.exit(main())
