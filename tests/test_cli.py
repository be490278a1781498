#!/usr/bin/env python3
"""The command line an operator uses: --config-test, --check,
--import-pypolicyd, a pypolicyd-spf file as the argument, usage errors.
Exact output and exit status are asserted."""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from policytest import (POLICYD_SPF, TESTDNS_ADDR, Spawn, case,  # noqa: E402
                        contains, eq, run)

TMP = tempfile.mkdtemp(prefix="policyd-spf-cli.")


def write(name, text):
    path = os.path.join(TMP, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def cli(*args):
    r = subprocess.run([POLICYD_SPF] + list(args), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=60)
    return r.returncode, r.stdout.decode(), r.stderr.decode()


@case
def config_test_reports_every_error_with_file_and_line():
    path = write("bad.conf", 'helo_reject = "bogus";\nlookup_time = 500;\n'
                 'foo = 1;\n')
    rc, out, err = cli("-c", path, "--config-test")
    eq(rc, 78, "exit status")
    eq(out, "", "stdout")
    eq(err, "policyd-spf: error: %s:1: helo_reject: must be one of: fail, "
       "softfail, spf_not_pass, null, false, no_check\n"
       "policyd-spf: error: %s:2: lookup_time: must be between 1 and 100\n"
       "policyd-spf: error: %s:3: foo: unknown option\n"
       "policyd-spf: configuration test failed\n" % (path, path, path),
       "stderr")


@case
def config_test_reports_syntax_errors_and_missing_files():
    path = write("syntax.conf", "a = ;;\n")
    rc, out, err = cli("-c", path, "--config-test")
    eq((rc, err), (78, "policyd-spf: error: %s:1: syntax error\n"
                   "policyd-spf: configuration test failed\n" % path))
    rc, out, err = cli("-c", os.path.join(TMP, "missing.conf"),
                       "--config-test")
    eq((rc, err), (78, "policyd-spf: error: %s: No such file or directory\n"
                   "policyd-spf: configuration test failed\n"
                   % os.path.join(TMP, "missing.conf")))


@case
def config_test_prints_the_effective_configuration_and_tables():
    path = write("ok.conf", 'HELO_reject = "SOFTFAIL";\n'
                 'TempError_Defer = "yes";\n')
    rc, out, err = cli("-c", path, "--config-test")
    eq(rc, 0, "exit status: " + err)
    eq(err, "policyd-spf: configuration %s is valid\n" % path, "stderr")
    contains(out, '\nhelo_reject = "softfail";\n')
    contains(out, "\ntemperror_defer = true;\n")
    contains(out, "#   helo: pass=prepend fail=reject softfail=reject "
             "neutral=prepend none=prepend permerror=prepend "
             "temperror=defer\n")
    contains(out, "#   mail_from: pass=prepend fail=reject softfail=prepend "
             "neutral=prepend none=prepend permerror=prepend "
             "temperror=defer\n")


@case
def config_test_prints_the_action_tables_with_overrides():
    path = write("actions.conf",
                 'mail_from_actions = ["fail=reject", "SoftFail=Warn"];\n'
                 'helo_actions = "temperror=defer";\n'
                 'test_only = true;\ntest_only_answer = "WARN";\n')
    rc, out, err = cli("-c", path, "--config-test")
    eq(rc, 0, "exit status: " + err)
    eq(err, "policyd-spf: configuration %s is valid\n" % path, "stderr")
    contains(out, '\ntest_only = true;\ntest_only_answer = "warn";\n')
    contains(out, '\nhelo_actions = ["temperror=defer"];\n'
             'mail_from_actions = ["fail=reject", "softfail=warn"];\n')
    eq(out[out.index("# effective action tables\n"):],
       "# effective action tables\n"
       "#   helo: pass=prepend fail=reject softfail=prepend neutral=prepend "
       "none=prepend permerror=prepend temperror=defer*\n"
       "#   helo (null sender): pass=prepend fail=reject softfail=prepend "
       "neutral=prepend none=prepend permerror=prepend temperror=defer*\n"
       "#   mail_from: pass=prepend fail=reject* softfail=warn* "
       "neutral=prepend none=prepend permerror=prepend "
       "temperror=prepend\n"
       "#   reject_not_pass_domains: pass=prepend fail=reject "
       "softfail=reject neutral=reject none=prepend permerror=prepend "
       "temperror=prepend\n"
       "#   (*: set by helo_actions or mail_from_actions; the rest follows "
       "from helo_reject, mail_from_reject, permerror_reject and "
       "temperror_defer)\n"
       '#   (test_only, test_only_answer = warn: rejects and defers are '
       'answered "WARN would reject: <reply>" or "WARN would defer: '
       '<reply>" and logged as would-be)\n', "effective action tables")


@case
def config_test_reports_bad_action_items():
    path = write("badactions.conf",
                 'mail_from_actions = ["softfial=warn"];\n'
                 'helo_actions = ["fail=bounce"];\n'
                 'mail_from_reject = "no_check";\n'
                 'test_only_answer = "dunno";\n')
    rc, out, err = cli("-c", path, "--config-test")
    eq(rc, 78, "exit status")
    eq(out, "", "stdout")
    eq(err, "policyd-spf: error: %s:1: mail_from_actions: softfial=warn: "
       "unknown result (pass, fail, softfail, neutral, none, permerror, "
       "temperror)\n"
       "policyd-spf: error: %s:2: helo_actions: fail=bounce: unknown action "
       "(reject, defer, warn, prepend, accept)\n"
       "policyd-spf: error: %s:4: test_only_answer: must be one of: "
       "prepend, warn\n"
       "policyd-spf: configuration test failed\n" % (path, path, path),
       "stderr")
    path = write("unchecked.conf", 'helo_reject = "no_check";\n'
                 'helo_actions = ["fail=reject", "fail=warn"];\n')
    rc, out, err = cli("-c", path, "--config-test")
    eq((rc, err), (78, "policyd-spf: error: %s:2: helo_actions: fail=warn: "
                   "fail given twice\n"
                   "policyd-spf: configuration test failed\n" % path))
    path = write("unchecked.conf", 'helo_reject = "no_check";\n'
                 'helo_actions = ["fail=reject"];\n')
    rc, out, err = cli("-c", path, "--config-test")
    eq((rc, err), (78, "policyd-spf: error: %s:2: helo_actions: HELO is not "
                   "checked (helo_reject = no_check): give helo_reject "
                   "another value or remove helo_actions\n"
                   "policyd-spf: configuration test failed\n" % path))


@case
def check_prints_the_trace_and_the_answer():
    path = write("check.conf", 'dns_servers = "%s";\n' % TESTDNS_ADDR)
    rc, out, err = cli("-c", path, "--check", "192.0.2.1", "a@fail.example",
                       "helo-pass.example", "user@dest.example")
    eq(rc, 0, "exit status: " + err)
    eq(out, "policyd-spf: checking client 192.0.2.1, sender <a@fail.example>,"
       " helo helo-pass.example\n"
       "  SPF check of helo <helo-pass.example> for client 192.0.2.1\n"
       "  TXT helo-pass.example: OK, 1 record(s), ttl 300\n"
       "  result: Pass (sender SPF authorized)\n"
       "  SPF check of mailfrom <a@fail.example> for client 192.0.2.1\n"
       "  TXT fail.example: OK, 1 record(s), ttl 300\n"
       "  result: Fail (SPF fail - not authorized)\n"
       "action=550 5.7.23 Message rejected due to: SPF fail - not "
       "authorized. Please see http://www.openspf.net/Why?s=mfrom;"
       "id=a@fail.example;ip=192.0.2.1;r=dest.example\n", "stdout")


@case
def check_null_sender():
    path = write("check.conf", 'dns_servers = "%s";\n' % TESTDNS_ADDR)
    rc, out, err = cli("-c", path, "--check", "192.0.2.1", "<>",
                       "helo-pass.example")
    eq(rc, 0)
    contains(out, "action=prepend Received-SPF: Pass (sender SPF authorized) "
             'identity=helo; client-ip=192.0.2.1; helo=helo-pass.example; '
             'envelope-from="<>"; receiver=none\n')


@case
def usage_errors_exit_64():
    rc, out, err = cli("--check", "192.0.2.1", "a@x")
    eq(rc, 64)
    contains(err, "usage: policyd-spf [-c file] [pypolicyd-spf-config]\n")
    rc, out, err = cli("--no-such-flag")
    eq(rc, 64)


@case
def import_pypolicyd_debian_default():
    path = write("debian.conf",
                 "debugLevel = 1\nTestOnly = 1\n\nHELO_reject = Fail\n"
                 "Mail_From_reject = Fail\n\nPermError_reject = False\n"
                 "TempError_Defer = False\n\n"
                 "skip_addresses = 127.0.0.0/8,::ffff:127.0.0.0/104,::1\n")
    rc, out, err = cli("--import-pypolicyd", path)
    eq((rc, err), (0, ""))
    for line in ("debug_level = 1;\n", "test_only = false;\n",
                 'helo_reject = "fail";\n', 'mail_from_reject = "fail";\n',
                 "permerror_reject = false;\n", "temperror_defer = false;\n",
                 'skip_addresses = ["127.0.0.0/8", "::ffff:127.0.0.0/104", '
                 '"::1"];\n', "skip_sasl_authenticated = false;\n"):
        contains(out, "\n" + line)
    conv = write("converted.conf", out)
    rc, _, err = cli("-c", conv, "--config-test")
    eq(rc, 0, "converted file loads: " + err)


@case
def import_pypolicyd_warns_about_what_pypolicyd_ignored():
    path = write("tricky.conf", "TempError_Defer = true\nMock = False\n"
                 "Reason_Message = a=b\n")
    rc, out, err = cli("--import-pypolicyd", path)
    eq(rc, 0)
    eq(err, "policyd-spf: warning: %s:1: TempError_Defer: pypolicyd-spf "
       "treats 'true' as False (only exactly 'True' is true); converted as "
       "false: write temperror_defer = true for what the line says\n"
       "policyd-spf: warning: %s:2: Mock: not supported; pypolicyd-spf "
       "takes any non-empty value, 'False' too, as true and answered every "
       "request with DUNNO without checking SPF; dropped: policyd-spf will "
       "check SPF\n"
       "policyd-spf: warning: %s:3: cannot parse line (pypolicyd-spf "
       "ignores it)\n" % (path, path, path), "stderr")
    contains(out, "\ntemperror_defer = false;\n")


@case
def pypolicyd_config_as_argument_in_spawn_mode():
    # argv=/usr/sbin/policyd-spf /etc/postfix-policyd-spf-python/...conf
    path = write("pyspf.conf", "HELO_reject = Fail\nMail_From_reject = "
                 "Fail\nskip_addresses = 127.0.0.0/8\n")
    with Spawn(args=[path]) as s:
        eq(s.ask(client_address="127.0.0.1", sender="a@pass.example"),
           "action=prepend X-Comment: SPF check N/A for local connections - "
           'client-ip=127.0.0.1; helo=x.example; '
           'envelope-from="a@pass.example"; receiver=dest.example')
        # ::1 is no longer skipped with this file's skip_addresses; with
        # libspf2 a loopback client passes without DNS.
        eq(s.close(), 0)


@case
def version():
    rc, out, err = cli("--version")
    eq((rc, out), (0, "policyd-spf 0.1.0\n"))


if __name__ == "__main__":
    rc = run()
    import shutil
    shutil.rmtree(TMP, ignore_errors=True)
    sys.exit(rc)
