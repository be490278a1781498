#!/usr/bin/env python3
"""The operator tools end to end, exact output and exit status asserted:

  --check-postfix DIR   the real postconf on the configurations of
                        tests/data/postfix-configs/ (each a main.cf and a
                        master.cf);
  --report FILE         logs written by policyd-spf itself (spawn mode,
                        test_only, log_target a file) and hand-written
                        syslog, Postfix and RFC 5424 excerpts
                        (tests/data/logs/);
  --lint DOMAIN [IP]    the zones of tests/data/test.zone served by the
                        test DNS server (TESTDNS_ADDR).

Without postconf (Postfix not installed) the --check-postfix cases are not
run and the file exits 77 (skipped) once everything else passed."""
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from policytest import (POLICYD_SPF, TESTDNS_ADDR, Spawn, case,  # noqa: E402
                        contains, eq, run)

HERE = os.path.dirname(os.path.abspath(__file__))
SRCDIR = os.environ.get("top_srcdir") or os.path.dirname(HERE)
CONFIGS = os.path.join(SRCDIR, "tests", "data", "postfix-configs")
LOGS = os.path.join(SRCDIR, "tests", "data", "logs")
POSTCONF = os.environ.get("POSTCONF") or shutil.which("postconf") or (
    "/usr/sbin/postconf" if os.path.exists("/usr/sbin/postconf") else None)
TMP = tempfile.mkdtemp(prefix="policyd-spf-tools.")
URL = "Please see http://www.openspf.net/Why?s="


def write(name, text):
    path = os.path.join(TMP, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def cli(*args, stdin=None, env=None):
    r = subprocess.run([POLICYD_SPF] + list(args), input=stdin,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=120, env=env)
    return r.returncode, r.stdout.decode(), r.stderr.decode()


# ------------------------------------------------------ --check-postfix

def check_postfix(fixture, config="debug_level = 1;\n"):
    conf = write("check-%s.conf" % fixture, config)
    d = os.path.join(CONFIGS, fixture)
    rc, out, err = cli("-c", conf, "--check-postfix", d)
    eq(err, "", "stderr")
    return rc, out, d


def postfix_case(fn):
    """A --check-postfix case: it needs postconf."""
    def wrapper():
        if POSTCONF is None:
            print("# skipped: postconf not found")
            return
        fn()
    wrapper.__name__ = fn.__name__
    return case(wrapper)


SPAWN_NOTE = ("note: master.cf:%d: spawn mode: service policyd-spf (unix) "
              "runs /usr/sbin/policyd-spf as user %s\n")
ENFORCING = ("note: main.cf:%d: enforcing: check_policy_service "
             "unix:private/policyd-spf in smtpd_recipient_restrictions: "
             "Postfix applies policyd-spf's rejects and defers\n")


def summary(d, errors, warnings, notes):
    def n(k, word):
        return "%d %s%s" % (k, word, "" if k == 1 else "s")
    return "policyd-spf: %s: %s, %s, %s\n" % (
        d, n(errors, "error"), n(warnings, "warning"), n(notes, "note"))


@postfix_case
def check_postfix_seed_guide_typo():
    rc, out, d = check_postfix("typo")
    eq(out,
       "error: main.cf:12: policy-spf_time_limit names no master.cf service "
       "\"policy-spf\", so Postfix ignores it (postconf: unused parameter); "
       "did you mean policyd-spf_time_limit?\n"
       "warning: master.cf:3: policyd-spf_time_limit is not set: spawn(8) "
       "kills policyd-spf after command_time_limit (1000s), shorter than an "
       "smtpd process keeps its policy connection "
       "(smtpd_policy_service_max_ttl 1000s plus the SMTP session in "
       "progress); add policyd-spf_time_limit = 3600 to main.cf\n"
       + SPAWN_NOTE % (3, "policyd-spf") + ENFORCING % 10
       + summary(d, 1, 1, 2), "stdout")
    eq(rc, 2, "exit status")


@postfix_case
def check_postfix_correct_spawn_setup():
    rc, out, d = check_postfix("spawn")
    eq(out, SPAWN_NOTE % (6, "policyd-spf") + ENFORCING % 6
       + summary(d, 0, 0, 2), "stdout")
    eq(rc, 0, "exit status")


@postfix_case
def check_postfix_daemon_setup():
    rc, out, d = check_postfix("daemon")
    eq(out,
       "note: main.cf:6: daemon mode: check_policy_service "
       "inet:127.0.0.1:10031 reaches policyd-spf --daemon (listen "
       "inet:127.0.0.1:10031), which Postfix does not start\n"
       "note: main.cf:6: enforcing: check_policy_service "
       "inet:127.0.0.1:10031 in smtpd_recipient_restrictions: Postfix "
       "applies policyd-spf's rejects and defers\n"
       + summary(d, 0, 0, 2), "stdout")
    eq(rc, 0, "exit status")


@postfix_case
def check_postfix_daemon_listening_elsewhere():
    rc, out, d = check_postfix("daemon", 'listen = "inet:127.0.0.1:10099";\n')
    eq(out,
       "error: policyd-spf is not wired in: no master.cf service runs "
       "policyd-spf (spawn, argv=.../policyd-spf) and no "
       "check_policy_service points at a socket policyd-spf listens on "
       "(listen = inet:127.0.0.1:10099)\n" + summary(d, 1, 0, 0), "stdout")
    eq(rc, 2, "exit status")


@postfix_case
def check_postfix_root_user():
    rc, out, d = check_postfix("root")
    eq(out,
       "error: master.cf:3: service policyd-spf runs /usr/sbin/policyd-spf "
       "as root (user=root): spawn(8) refuses root; use an unprivileged "
       "user of its own, user=policyd-spf\n"
       + SPAWN_NOTE % (3, "root") + ENFORCING % 6
       + summary(d, 1, 0, 2), "stdout")
    eq(rc, 2, "exit status")


@postfix_case
def check_postfix_mail_owner_user():
    rc, out, d = check_postfix("mail-owner")
    eq(out,
       "error: master.cf:3: service policyd-spf runs /usr/sbin/policyd-spf "
       "as the mail owner (user=postfix, mail_owner = postfix): spawn(8) "
       "refuses it; use an unprivileged user of its own, "
       "user=policyd-spf\n"
       + SPAWN_NOTE % (3, "postfix") + ENFORCING % 7
       + summary(d, 1, 0, 2), "stdout")
    eq(rc, 2, "exit status")


@postfix_case
def check_postfix_process_limit_100():
    rc, out, d = check_postfix("process-limit")
    eq(out,
       "warning: master.cf:3: service policyd-spf has a process limit of "
       "100: each smtpd process that asks holds one policyd-spf process, "
       "so beyond 100 smtpd processes policy requests wait or fail; set "
       "the process limit (7th field) to 0\n"
       + SPAWN_NOTE % (3, "policyd-spf") + ENFORCING % 6
       + summary(d, 0, 1, 2), "stdout")
    eq(rc, 1, "exit status")


@postfix_case
def check_postfix_check_before_reject_unauth_destination():
    rc, out, d = check_postfix("before-relay")
    eq(out,
       "warning: main.cf:9: check_policy_service unix:private/policyd-spf "
       "in smtpd_recipient_restrictions comes before "
       "reject_unauth_destination: relay attempts cost SPF lookups, and a "
       "pass restriction class that answers OK would make an open relay; "
       "move it after reject_unauth_destination\n"
       + SPAWN_NOTE % (3, "policyd-spf") + ENFORCING % 9
       + summary(d, 0, 1, 2), "stdout")
    eq(rc, 1, "exit status")


@postfix_case
def check_postfix_before_relay_with_a_pass_restriction():
    rc, out, d = check_postfix(
        "before-relay", 'mail_from_pass_restriction = "spf_pass";\n')
    contains(out, "warning: main.cf:9: check_policy_service "
             "unix:private/policyd-spf in smtpd_recipient_restrictions "
             "comes before reject_unauth_destination: relay attempts cost "
             "SPF lookups, and the pass restriction class spf_pass answers "
             "for them before the relay check: an open relay if it "
             "permits; move it after reject_unauth_destination\n")
    eq(rc, 1, "exit status")


@postfix_case
def check_postfix_warn_if_reject_rollout():
    rc, out, d = check_postfix("warn-if-reject", "test_only = true;\n")
    eq(out,
       SPAWN_NOTE % (3, "policyd-spf") +
       "note: main.cf:6: log-only rollout: warn_if_reject "
       "check_policy_service unix:private/policyd-spf in "
       "smtpd_recipient_restrictions: Postfix logs reject_warning and "
       "accepts the mail; remove warn_if_reject to enforce\n"
       "note: test_only = true in policyd-spf's configuration: it answers "
       "with the header only and logs \"would reject:\" instead\n"
       + summary(d, 0, 0, 3), "stdout")
    eq(rc, 0, "exit status")


@postfix_case
def check_postfix_policy_timeout_shorter_than_lookups():
    rc, out, d = check_postfix("timeout")
    eq(out,
       "warning: main.cf:6: smtpd_policy_service_timeout = 30s is shorter "
       "than policyd-spf's worst-case answer time (40s: 2 x lookup_time "
       "20s): Postfix gives up and applies "
       "smtpd_policy_service_default_action (451 4.3.5); raise it or lower "
       "lookup_time\n"
       + SPAWN_NOTE % (3, "policyd-spf") + ENFORCING % 8
       + summary(d, 0, 1, 2), "stdout")
    eq(rc, 1, "exit status")
    rc, out, d = check_postfix("timeout", "lookup_time = 10;\n")
    eq((rc, out), (0, SPAWN_NOTE % (3, "policyd-spf") + ENFORCING % 8
                   + summary(d, 0, 0, 2)))
    rc, out, d = check_postfix(
        "timeout", 'lookup_time = 10;\nwhitelist_lookup_time = 15;\n'
        'domain_whitelist = "x.example";\n')
    contains(out, "(35s: 2 x lookup_time 10s plus the whitelist lookups)")
    eq(rc, 1, "exit status")


@postfix_case
def check_postfix_unwired():
    rc, out, d = check_postfix("unwired")
    eq(out,
       "error: policyd-spf is not wired in: no master.cf service runs "
       "policyd-spf (spawn, argv=.../policyd-spf) and no "
       "check_policy_service points at a socket policyd-spf listens on "
       "(listen = inet:127.0.0.1:10031)\n" + summary(d, 1, 0, 0), "stdout")
    eq(rc, 2, "exit status")


@postfix_case
def check_postfix_socket_names_no_service():
    rc, out, d = check_postfix("wrong-socket")
    eq(out,
       "error: main.cf:6: check_policy_service unix:private/policy-spf in "
       "smtpd_recipient_restrictions: master.cf has no unix service "
       "\"policy-spf\" (did you mean policyd-spf?)\n"
       "error: master.cf:3: service policyd-spf runs /usr/sbin/policyd-spf, "
       "but no check_policy_service uses it: add check_policy_service "
       "unix:private/policyd-spf to smtpd_recipient_restrictions after "
       "reject_unauth_destination\n" + summary(d, 2, 0, 0), "stdout")
    eq(rc, 2, "exit status")


@postfix_case
def check_postfix_postconf_fails_or_is_missing():
    conf = write("check.conf", "debug_level = 1;\n")
    missing = os.path.join(TMP, "no-such-dir")
    rc, out, err = cli("-c", conf, "--check-postfix", missing)
    eq((rc, out), (2, ""))
    contains(err, "policyd-spf: %s -n: exit status 1: " % POSTCONF)
    contains(err, "fatal: open %s/main.cf: No such file or directory\n"
             % missing)
    env = dict(os.environ, POSTCONF=os.path.join(TMP, "no-postconf"))
    rc, out, err = cli("-c", conf, "--check-postfix", CONFIGS, env=env)
    eq((rc, out), (2, ""))
    eq(err, "policyd-spf: %s -n: exit status 127: %s: No such file or "
       "directory\n" % (env["POSTCONF"], env["POSTCONF"]))
    rc, out, err = cli("-c", conf, "--check-postfix", "a", "b")
    eq((rc, err), (64, "usage: policyd-spf [-c file] --check-postfix "
                       "[config_dir]\n"))


# ------------------------------------------------------------- --report

STAMP = re.compile(r"[A-Z][a-z]{2} [ 0-9]\d \d\d:\d\d:\d\d")


def stamps(text):
    """Time stamps of the moment as "Mmm dd hh:mm:ss" (same width)."""
    return STAMP.sub("Mmm dd hh:mm:ss", text)


@case
def report_of_a_test_only_run():
    with Spawn(test_only=True, temperror_defer=True) as s:
        for sender, helo, ip, extra in [
                ("a@pass.example", "x.example", "192.0.2.1", {}),
                ("a@fail.example", "x.example", "192.0.2.1", {}),
                ("b@fail.example", "helo-fail.example", "198.51.100.7", {}),
                ("", "helo-fail.example", "192.0.2.9", {}),
                ("a@temp.example", "x.example", "2001:db8::1", {}),
                ("a@soft.example", "x.example", "192.0.2.1", {}),
                ("a@perm.example", "x.example", "192.0.2.1", {}),
                ("a@fail.example", "x.example", "192.0.2.1",
                 {"sasl_username": "bob"}),
                ("a@fail.example", "x.example", "127.0.0.1", {})]:
            s.ask(sender=sender, helo_name=helo, client_address=ip, **extra)
        eq(s.close(), 0, "exit status")
        rc, out, err = cli("--report", s.logfile)
    eq((rc, err), (0, ""))
    eq(stamps(out),
       "policyd-spf --report: 26 lines read, 26 used, from Mmm dd hh:mm:ss "
       "to Mmm dd hh:mm:ss\n"
       "\n"
       "SPF results (debug_level 2 lines):\n"
       "  identity  result     count\n"
       "  helo      Fail           2\n"
       "  helo      None           5\n"
       "  mailfrom  Pass           2\n"
       "  mailfrom  Fail           1\n"
       "  mailfrom  Softfail       1\n"
       "  mailfrom  Permerror      1\n"
       "  mailfrom  Temperror      1\n"
       "\n"
       "Answers:\n"
       "  action        identity  result     count\n"
       "  prepend       mailfrom  Pass           1\n"
       "  prepend       mailfrom  Softfail       1\n"
       "  prepend       mailfrom  Permerror      1\n"
       "  would reject  helo      Fail           2\n"
       "  would reject  mailfrom  Fail           1\n"
       "  would defer   mailfrom  Temperror      1\n"
       "  skipped       -         -              2\n"
       "\n"
       "Refused when enforcing: 4 of 9 answers (reject 0, defer 0, would "
       "reject 3, would defer 1)\n"
       "\n"
       "Sender domains refused most (MAIL FROM domain or HELO name):\n"
       "  count  domain             first            last\n"
       "      2  helo-fail.example  Mmm dd hh:mm:ss  Mmm dd hh:mm:ss\n"
       "      1  fail.example       Mmm dd hh:mm:ss  Mmm dd hh:mm:ss\n"
       "      1  temp.example       Mmm dd hh:mm:ss  Mmm dd hh:mm:ss\n"
       "\n"
       "Client networks refused most:\n"
       "  count  network          first            last\n"
       "      2  192.0.2.0/24     Mmm dd hh:mm:ss  Mmm dd hh:mm:ss\n"
       "      1  198.51.100.0/24  Mmm dd hh:mm:ss  Mmm dd hh:mm:ss\n"
       "      1  2001:db8::/64    Mmm dd hh:mm:ss  Mmm dd hh:mm:ss\n",
       "stdout")


POSTFIX_WARN_REPORT = (
    "policyd-spf --report: 15 lines read, 8 used, from Nov 23 09:14:02 to "
    "Nov 23 10:05:00\n"
    "\n"
    "SPF results (of the deciding identity; debug_level = 2 logs both):\n"
    "  identity  result     count\n"
    "  helo      Fail           1\n"
    "  mailfrom  Pass           1\n"
    "  mailfrom  Fail           3\n"
    "  mailfrom  Temperror      1\n"
    "\n"
    "Answers:\n"
    "  action        identity  result     count\n"
    "  prepend       mailfrom  Pass           1\n"
    "  would reject  helo      Fail           1\n"
    "  would reject  mailfrom  Fail           3\n"
    "  would defer   mailfrom  Temperror      1\n"
    "\n"
    "Refused when enforcing: 5 of 6 answers (reject 0, defer 0, would "
    "reject 4, would defer 1)\n"
    "\n"
    "Sender domains refused most (MAIL FROM domain or HELO name):\n"
    "  count  domain             first            last\n"
    "      3  fail.example       Nov 23 09:14:02  Nov 23 10:05:00\n"
    "      1  helo-fail.example  Nov 23 10:02:55  Nov 23 10:02:55\n"
    "      1  temp.example       Nov 23 09:20:41  Nov 23 09:20:41\n"
    "\n"
    "Client networks refused most:\n"
    "  count  network          first            last\n"
    "      4  192.0.2.0/24     Nov 23 09:14:02  Nov 23 10:05:00\n"
    "      1  2001:db8:5::/64  Nov 23 09:20:41  Nov 23 09:20:41\n")


@case
def report_of_postfix_reject_warning_lines():
    # policyd-spf's own reject line and Postfix's reject_warning for it
    # are one answer; a second recipient is a second one.
    log = os.path.join(LOGS, "postfix-warn.txt")
    rc, out, err = cli("--report", log)
    eq((rc, err), (0, ""))
    eq(out, POSTFIX_WARN_REPORT, "stdout")
    with open(log, "rb") as f:
        rc, out2, err = cli("--report", stdin=f.read())
    eq((rc, out2, err), (0, out, ""), "from stdin")


@case
def report_of_rfc5424_and_iso_time_stamps():
    rc, out, err = cli("--report", os.path.join(LOGS, "rfc5424.txt"))
    eq((rc, err), (0, ""))
    eq(out,
       "policyd-spf --report: 8 lines read, 8 used, from "
       "2025-11-23T08:00:00.000Z to 2025-11-23T03:45:01-0500\n"
       "\n"
       "SPF results (debug_level 2 lines):\n"
       "  identity  result     count\n"
       "  mailfrom  Pass           1\n"
       "  mailfrom  Fail           1\n"
       "  mailfrom  Softfail       1\n"
       "\n"
       "Answers:\n"
       "  action        identity  result     count\n"
       "  prepend       mailfrom  Pass           1\n"
       "  would reject  mailfrom  Fail           1\n"
       "  would reject  mailfrom  Softfail       1\n"
       "\n"
       "Refused when enforcing: 2 of 3 answers (reject 0, defer 0, would "
       "reject 2, would defer 0)\n"
       "\n"
       "Sender domains refused most (MAIL FROM domain or HELO name):\n"
       "  count  domain        first                     last\n"
       "      1  fail.example  2025-11-23T08:00:00.001Z  "
       "2025-11-23T08:00:00.001Z\n"
       "      1  soft.example  2025-11-23T03:45:00-0500  "
       "2025-11-23T03:45:00-0500\n"
       "\n"
       "Client networks refused most:\n"
       "  count  network          first                     last\n"
       "      1  192.0.2.0/24     2025-11-23T08:00:00.001Z  "
       "2025-11-23T08:00:00.001Z\n"
       "      1  198.51.100.0/24  2025-11-23T03:45:00-0500  "
       "2025-11-23T03:45:00-0500\n", "stdout")


@case
def report_of_several_files_and_errors():
    a = os.path.join(LOGS, "postfix-warn.txt")
    b = os.path.join(LOGS, "rfc5424.txt")
    rc, out, err = cli("--report", a, b)
    eq((rc, err), (0, ""))
    contains(out, "policyd-spf --report: 23 lines read, 16 used, ")
    contains(out, "Refused when enforcing: 7 of 9 answers (reject 0, defer "
             "0, would reject 6, would defer 1)\n")
    missing = os.path.join(TMP, "missing.log")
    rc, out, err = cli("--report", a, missing)
    eq((rc, out, err), (2, "", "policyd-spf: %s: No such file or "
                        "directory\n" % missing))
    other = write("other.log", "Nov 23 00:00:00 mx kernel: hello\n")
    rc, out, err = cli("--report", other)
    eq(rc, 1, "exit status")
    contains(out, "policyd-spf --report: 1 line read, 0 used\n")
    eq(err, "policyd-spf: no policyd-spf or Postfix policy lines found\n")


# --------------------------------------------------------------- --lint

def lint(*args):
    conf = write("lint.conf", 'dns_servers = "%s";\ndns_timeout = 1000;\n'
                 % TESTDNS_ADDR)
    return cli("-c", conf, "--lint", *args)


def lint_summary(domain, errors, warnings, notes):
    return summary(domain, errors, warnings, notes)


OK_TREE = (
    'ok.lint.example: "v=spf1 ip4:192.0.2.0/24 a mx include:inc.lint.example '
    '-all"\n'
    "  ip4:192.0.2.0/24: no lookup\n"
    "  a: 1 DNS term, A/AAAA ok.lint.example: 1 address\n"
    "  mx: 1 DNS term, MX ok.lint.example: 1 host, then A/AAAA of each: 1 "
    "address\n"
    "  include:inc.lint.example: 1 DNS term, TXT inc.lint.example\n"
    '    inc.lint.example: "v=spf1 ip6:2001:db8::/32 -all"\n'
    "      ip6:2001:db8::/32: no lookup\n"
    "      -all: no lookup\n"
    "  -all: no lookup\n")


@case
def lint_clean_record_and_the_addresses_it_passes():
    rc, out, err = lint("ok.lint.example", "192.0.2.1", "198.51.100.11")
    eq(err, "", "stderr")
    eq(out, OK_TREE +
       "DNS-querying terms: 3 of 10\n"
       "void lookups: 0 of 2\n"
       "\n"
       "check_host(192.0.2.1, postmaster@ok.lint.example): Pass (sender SPF "
       "authorized)\n"
       "check_host(198.51.100.11, postmaster@ok.lint.example): Pass (sender "
       "SPF authorized)\n"
       "\n"
       "note: every address given gets Pass: -all refuses none of their "
       "mail\n" + lint_summary("ok.lint.example", 0, 0, 1), "stdout")
    eq(rc, 0, "exit status")


@case
def lint_an_address_the_record_fails():
    rc, out, err = lint("ok.lint.example.", "203.0.113.5")
    eq(out, OK_TREE +
       "DNS-querying terms: 3 of 10\n"
       "void lookups: 0 of 2\n"
       "\n"
       "check_host(203.0.113.5, postmaster@ok.lint.example): Fail (SPF fail "
       "- not authorized)\n"
       "\n"
       "warning: 203.0.113.5 gets Fail: receivers that enforce SPF reject "
       "its mail\n" + lint_summary("ok.lint.example", 0, 1, 0), "stdout")
    eq(rc, 1, "exit status")


@case
def lint_redirect_tree():
    rc, out, err = lint("redir.lint.example")
    eq(out,
       'redir.lint.example: "v=spf1 redirect=ok.lint.example"\n'
       "  redirect=ok.lint.example: 1 DNS term, TXT ok.lint.example\n"
       + "".join("    " + l + "\n" for l in OK_TREE.splitlines()) +
       "DNS-querying terms: 4 of 10\n"
       "void lookups: 0 of 2\n"
       + lint_summary("redir.lint.example", 0, 0, 0), "stdout")
    eq(rc, 0, "exit status")


@case
def lint_over_the_limit_of_ten_dns_terms():
    rc, out, err = lint("over.lint.example")
    inc = ('  include:i%d.lint.example: 1 DNS term, TXT i%d.lint.example\n'
           '    i%d.lint.example: "v=spf1 a:h.lint.example a:h.lint.example '
           'a:h.lint.example ~all"\n'
           + "      a:h.lint.example: 1 DNS term, A/AAAA h.lint.example: 1 "
           "address\n" * 3 +
           "      ~all: no lookup\n")
    eq(out,
       'over.lint.example: "v=spf1 include:i1.lint.example '
       'include:i2.lint.example include:i3.lint.example -all"\n'
       + "".join(inc % (i, i, i) for i in (1, 2, 3)) +
       "  -all: no lookup\n"
       "DNS-querying terms: 12 of 10\n"
       "void lookups: 0 of 2\n"
       "\n"
       "error: over.lint.example: 12 DNS-querying terms, more than 10: "
       "permerror when no earlier term matches (RFC 7208 section 4.6.4)\n"
       + lint_summary("over.lint.example", 1, 0, 0), "stdout")
    eq(rc, 2, "exit status")


@case
def lint_ptr_plus_all_and_no_all():
    rc, out, err = lint("ptr.lint.example")
    eq(out,
       'ptr.lint.example: "v=spf1 ptr ip4:192.0.2.0/24 -all"\n'
       "  ptr: 1 DNS term, PTR of the client's address, then A/AAAA of up to "
       "10 names\n"
       "  ip4:192.0.2.0/24: no lookup\n"
       "  -all: no lookup\n"
       "DNS-querying terms: 1 of 10\n"
       "void lookups: 0 of 2\n"
       "\n"
       "warning: ptr.lint.example: column 8: ptr: slow and unreliable, and "
       "RFC 7208 section 5.5 says ptr SHOULD NOT be used; list the "
       "addresses with ip4:, ip6:, a or mx\n"
       + lint_summary("ptr.lint.example", 0, 1, 0), "stdout")
    eq(rc, 1, "exit status")
    rc, out, err = lint("plusall.lint.example")
    eq(out,
       'plusall.lint.example: "v=spf1 ip4:192.0.2.0/24 +all"\n'
       "  ip4:192.0.2.0/24: no lookup\n"
       "  +all: no lookup\n"
       "DNS-querying terms: 0 of 10\n"
       "void lookups: 0 of 2\n"
       "\n"
       "warning: plusall.lint.example: column 25: +all passes every host on "
       "the Internet: use -all or ~all\n"
       + lint_summary("plusall.lint.example", 0, 1, 0), "stdout")
    eq(rc, 1, "exit status")
    rc, out, err = lint("noall.lint.example", "198.51.100.11")
    eq(out,
       'noall.lint.example: "v=spf1 ip4:192.0.2.0/24"\n'
       "  ip4:192.0.2.0/24: no lookup\n"
       "DNS-querying terms: 0 of 10\n"
       "void lookups: 0 of 2\n"
       "\n"
       "check_host(198.51.100.11, postmaster@noall.lint.example): Neutral "
       "(access neither permitted nor denied)\n"
       "\n"
       "warning: noall.lint.example: neither all nor redirect=: every host "
       "that matches nothing gets Neutral, which receivers treat like no SPF "
       "record; end it with -all or ~all\n"
       "warning: 198.51.100.11 gets Neutral: not authorized; with -all "
       "receivers would reject its mail\n"
       + lint_summary("noall.lint.example", 0, 2, 0), "stdout")
    eq(rc, 1, "exit status")


@case
def lint_two_records_and_a_syntax_error():
    rc, out, err = lint("two.lint.example")
    eq(out,
       'two.lint.example: "v=spf1 -all"\n'
       'two.lint.example: "v=spf1 ip4:192.0.2.0/24 -all"\n'
       "DNS-querying terms: 0 of 10\n"
       "void lookups: 0 of 2\n"
       "\n"
       "error: two.lint.example: 2 v=spf1 records: permerror (RFC 7208 "
       "section 4.5); publish one\n"
       + lint_summary("two.lint.example", 1, 0, 0), "stdout")
    eq(rc, 2, "exit status")
    rc, out, err = lint("syntax.lint.example")
    eq(out,
       'syntax.lint.example: "v=spf1 ip4:192.0.2.0/24 ip4:192.0.2.300 '
       'foo:bar -all"\n'
       "  ip4:192.0.2.0/24: no lookup\n"
       "  ip4:192.0.2.300: syntax error\n"
       "  foo:bar: syntax error\n"
       "  -all: no lookup\n"
       "DNS-querying terms: 0 of 10\n"
       "void lookups: 0 of 2\n"
       "\n"
       "error: syntax.lint.example: column 29: ip4: \"192.0.2.300\" is not "
       "an IPv4 address\n"
       "error: syntax.lint.example: column 41: unknown mechanism "
       "\"foo:bar\"\n"
       + lint_summary("syntax.lint.example", 2, 0, 0), "stdout")
    eq(rc, 2, "exit status")


@case
def lint_void_lookups_missing_include_and_loop():
    rc, out, err = lint("voids.lint.example")
    eq(out,
       'voids.lint.example: "v=spf1 a:nx1.lint.example a:nx2.lint.example '
       'a:nx3.lint.example ip4:192.0.2.0/24 -all"\n'
       + "".join("  a:nx%d.lint.example: 1 DNS term, A/AAAA "
                 "nx%d.lint.example: no address (void lookup)\n" % (i, i)
                 for i in (1, 2, 3)) +
       "  ip4:192.0.2.0/24: no lookup\n"
       "  -all: no lookup\n"
       "DNS-querying terms: 3 of 10\n"
       "void lookups: 3 of 2\n"
       "\n"
       "error: voids.lint.example: 3 void lookups, more than 2: permerror "
       "when no earlier term matches (RFC 7208 section 4.6.4)\n"
       + lint_summary("voids.lint.example", 1, 0, 0), "stdout")
    eq(rc, 2, "exit status")
    rc, out, err = lint("badinc.lint.example")
    eq(out,
       'badinc.lint.example: "v=spf1 include:nospf.lint.example -all"\n'
       "  include:nospf.lint.example: 1 DNS term, TXT nospf.lint.example\n"
       "    nospf.lint.example: no SPF record (no v=spf1 TXT record)\n"
       "  -all: no lookup\n"
       "DNS-querying terms: 1 of 10\n"
       "void lookups: 0 of 2\n"
       "\n"
       "error: badinc.lint.example: column 8: include:nospf.lint.example: "
       "nospf.lint.example has no SPF record: permerror (RFC 7208 section "
       "5.2)\n" + lint_summary("badinc.lint.example", 1, 0, 0), "stdout")
    eq(rc, 2, "exit status")
    rc, out, err = lint("loop1.lint.example")
    eq(out,
       'loop1.lint.example: "v=spf1 include:loop2.lint.example -all"\n'
       "  include:loop2.lint.example: 1 DNS term, TXT loop2.lint.example\n"
       '    loop2.lint.example: "v=spf1 include:loop1.lint.example -all"\n'
       "      include:loop1.lint.example: 1 DNS term, TXT "
       "loop1.lint.example\n"
       "      -all: no lookup\n"
       "  -all: no lookup\n"
       "DNS-querying terms: 2 of 10\n"
       "void lookups: 0 of 2\n"
       "\n"
       "error: loop2.lint.example: column 8: include:loop1.lint.example: "
       "loops back to loop1.lint.example: permerror\n"
       + lint_summary("loop1.lint.example", 1, 0, 0), "stdout")
    eq(rc, 2, "exit status")


@case
def lint_answer_too_large_for_udp_and_no_record():
    rc, out, err = lint("large.lint.example")
    eq(out,
       'large.lint.example: "v=spf1 ip4:192.0.2.0/24 -all"\n'
       "  ip4:192.0.2.0/24: no lookup\n"
       "  -all: no lookup\n"
       "DNS-querying terms: 0 of 10\n"
       "void lookups: 0 of 2\n"
       "\n"
       "warning: large.lint.example: the TXT answer is at least 533 bytes "
       "(3 records), more than a 512-byte UDP message without EDNS holds: "
       "such resolvers must retry over TCP, and some fail (RFC 7208 section "
       "3.4)\n" + lint_summary("large.lint.example", 0, 1, 0), "stdout")
    eq(rc, 1, "exit status")
    rc, out, err = lint("nonexistent.lint.example")
    eq(out,
       "nonexistent.lint.example: no SPF record (NXDOMAIN)\n"
       "DNS-querying terms: 0 of 10\n"
       "void lookups: 0 of 2\n"
       "\n"
       "error: nonexistent.lint.example: no SPF record: every receiver gets "
       "None\n" + lint_summary("nonexistent.lint.example", 1, 0, 0),
       "stdout")
    eq(rc, 2, "exit status")


@case
def lint_usage_errors():
    rc, out, err = lint()
    eq((rc, out, err), (64, "", "usage: policyd-spf [-c file] --lint domain "
                        "[ip ...]\n"))
    rc, out, err = lint("ok.lint.example", "192.0.2.300")
    eq((rc, out, err), (64, "", "policyd-spf: --lint: 192.0.2.300: not an "
                        "IP address\n"))


def main():
    rc, out, err = cli("--help")
    if "--check-postfix" not in out:
        print("SKIP: %s has no --check-postfix, --report, --lint yet "
              "(main.c does not call postfixcheck_main, report_main, "
              "lint_main)" % POLICYD_SPF)
        return 77
    if not TESTDNS_ADDR:
        sys.exit("error: TESTDNS_ADDR is not set: run the test under "
                 "tests/with_dns.py")
    try:
        rc = run()
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
    if rc == 0 and POSTCONF is None:
        print("SKIP: postconf not found (Postfix is not installed): "
              "--check-postfix was not tested")
        return 77
    return rc


if __name__ == "__main__":
    sys.exit(main())
