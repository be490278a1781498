#!/usr/bin/env python3
"""Spawn mode end to end: the built policyd-spf on a socketpair (stdin,
stdout and stderr, as spawn(8) connects them) against a real unbound on
127.0.0.1 serving tests/data/test.zone.  Every case asserts the exact
answer Postfix would get."""
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from policytest import Spawn, case, contains, eq, request, run  # noqa: E402

URL = "http://www.openspf.net/Why?s=%s;id=%s;ip=192.0.2.1;r=dest.example"


def hdr(result, comment, identity, helo="x.example",
        sender='"a@pass.example"', ip="192.0.2.1", receiver="dest.example"):
    return ("action=prepend Received-SPF: %s (%s) identity=%s; client-ip=%s; "
            "helo=%s; envelope-from=%s; receiver=%s"
            % (result, comment, identity, ip, helo, sender, receiver))


def mfrom(result, domain):
    return hdr(result, "mailfrom", "mailfrom", sender='"a@%s"' % domain)


@case
def pass_prepends_mailfrom_header():
    with Spawn() as s:
        eq(s.ask(sender="a@pass.example"), mfrom("Pass", "pass.example"))
        eq(s.close(), 0, "exit status")
        contains(s.log(), ": prepend Received-SPF: Pass (mailfrom) "
                 "identity=mailfrom; client-ip=192.0.2.1;")


@case
def fail_rejects_with_pypolicyd_text():
    with Spawn() as s:
        eq(s.ask(sender="a@fail.example"),
           "action=550 5.7.23 Message rejected due to: SPF fail - not "
           "authorized. Please see " + URL % ("mfrom", "a@fail.example"))


@case
def softfail_neutral_none_prepend():
    with Spawn() as s:
        eq(s.ask(sender="a@soft.example"), mfrom("Softfail", "soft.example"))
        eq(s.ask(sender="a@neutral.example"),
           mfrom("Neutral", "neutral.example"))
        eq(s.ask(sender="a@none.example"), mfrom("None", "none.example"))
        eq(s.ask(sender="a@nospf.example"), mfrom("None", "nospf.example"))


@case
def permerror_prepends_by_default_and_rejects_when_asked():
    with Spawn() as s:
        eq(s.ask(sender="a@perm.example"), mfrom("Permerror", "perm.example"))
        eq(s.ask(sender="a@twice.example"),
           mfrom("Permerror", "twice.example"))
    with Spawn(permerror_reject=True) as s:
        got = s.ask(sender="a@perm.example")
        want_head = "action=550 5.7.24 Message rejected due to: SPF " \
            "Permanent Error: "
        if not got.startswith(want_head):
            raise AssertionError("got %r" % got)
        if not got.endswith(". Please see " + URL % ("mfrom",
                                                      "a@perm.example")):
            raise AssertionError("got %r" % got)


@case
def temperror_prepends_by_default_and_defers_when_asked():
    with Spawn(lookup_time=2) as s:
        t0 = time.monotonic()
        eq(s.ask(sender="a@temp.example"), mfrom("Temperror", "temp.example"))
        took = time.monotonic() - t0
        if took > 2 * 2 + 1.5:
            raise AssertionError("took %.1fs, more than two lookup_time "
                                 "budgets" % took)
    with Spawn(lookup_time=2, temperror_defer=True) as s:
        got = s.ask(sender="a@temp.example")
        if not got.startswith("action=defer_if_permit 4.7.24 Message "
                              "deferred due to: SPF Temporary Error: "):
            raise AssertionError("got %r" % got)
        if not got.endswith(". Please see " + URL % ("mfrom",
                                                      "a@temp.example")):
            raise AssertionError("got %r" % got)


@case
def null_sender_is_judged_on_helo():
    with Spawn() as s:
        eq(s.ask(sender="", helo_name="helo-pass.example"),
           hdr("Pass", "sender SPF authorized", "helo",
               helo="helo-pass.example", sender='"<>"'))
        eq(s.ask(sender="", helo_name="x.example"),
           hdr("None", "no SPF record", "helo", sender='"<>"'))
        eq(s.ask(sender="", helo_name="helo-fail.example"),
           "action=550 5.7.23 Message rejected due to: SPF fail - not "
           "authorized. Please see " + URL % ("helo", "helo-fail.example"))


@case
def helo_fail_rejects_before_mail_from():
    with Spawn() as s:
        eq(s.ask(sender="a@pass.example", helo_name="helo-fail.example"),
           "action=550 5.7.23 Message rejected due to: SPF fail - not "
           "authorized. Please see " + URL % ("helo", "helo-fail.example"))


@case
def mailfrom_none_never_gets_helo_header():
    # pypolicyd-spf prepends the HELO Pass header here (CVE-2019-20790).
    with Spawn() as s:
        eq(s.ask(sender="a@none.example", helo_name="helo-pass.example"),
           hdr("None", "mailfrom", "mailfrom", helo="helo-pass.example",
               sender='"a@none.example"'))


@case
def address_literal_helo_is_none():
    with Spawn() as s:
        eq(s.ask(sender="", helo_name="[192.0.2.1]"),
           hdr("None", "no SPF record", "helo", helo='"[192.0.2.1]"',
               sender='"<>"'))


@case
def local_client_is_skipped():
    with Spawn() as s:
        eq(s.ask(client_address="127.0.0.1", sender="a@fail.example"),
           "action=prepend X-Comment: SPF check N/A for local connections - "
           "client-ip=127.0.0.1; helo=x.example; "
           'envelope-from="a@fail.example"; receiver=dest.example')
        eq(s.ask(client_address="::1", sender="a@fail.example"),
           "action=prepend X-Comment: SPF check N/A for local connections - "
           'client-ip="::1"; helo=x.example; '
           'envelope-from="a@fail.example"; receiver=dest.example')


@case
def whitelisted_relay_is_skipped():
    with Spawn(whitelist="192.0.2.0/28") as s:
        eq(s.ask(sender="a@fail.example"),
           "action=prepend X-Comment: SPF skipped for whitelisted relay - "
           "client-ip=192.0.2.1; helo=x.example; "
           'envelope-from="a@fail.example"; receiver=dest.example')


@case
def sasl_authenticated_client_is_not_checked():
    with Spawn() as s:
        eq(s.ask(sender="a@fail.example", sasl_username="alice"),
           "action=DUNNO")
    with Spawn(skip_sasl_authenticated=False) as s:
        got = s.ask(sender="a@fail.example", sasl_username="alice")
        if not got.startswith("action=550 5.7.23 "):
            raise AssertionError("got %r" % got)


@case
def one_decision_per_message():
    with Spawn() as s:
        first = mfrom("Pass", "pass.example")
        eq(s.ask(sender="a@pass.example", instance="m1",
                 recipient="u1@d1.example"),
           first.replace("receiver=dest.example", "receiver=d1.example"))
        eq(s.ask(sender="a@pass.example", instance="m1",
                 recipient="u2@d2.example"), "action=DUNNO")
        reject = s.ask(sender="a@fail.example", instance="m2")
        eq(s.ask(sender="a@fail.example", instance="m2",
                 recipient="other@else.example"), reject)
        eq(s.ask(sender="a@pass.example", instance="m3"),
           mfrom("Pass", "pass.example"))


@case
def unusable_requests_get_dunno_and_the_connection_stays():
    with Spawn() as s:
        eq(s.ask(request="junk"), "action=DUNNO")
        eq(s.ask(client_address="192.0.2.300"), "action=DUNNO")
        eq(s.ask(client_address=None), "action=DUNNO")
        eq(s.ask(client_address="not an address"), "action=DUNNO")
        eq(s.ask(sender="a@pass.example"), mfrom("Pass", "pass.example"))
        eq(s.close(), 0, "exit status")
        log = s.log()
        contains(log, 'unsupported request type: "junk": answering DUNNO')
        contains(log, 'malformed client_address: "192.0.2.300": '
                 'answering DUNNO')
        contains(log, 'missing client_address: "": answering DUNNO')


@case
def ipv4_mapped_client_is_checked_as_ipv4():
    with Spawn() as s:
        eq(s.ask(client_address="::ffff:192.0.2.1", sender="a@pass.example"),
           mfrom("Pass", "pass.example"))


@case
def ipv6_client():
    with Spawn() as s:
        eq(s.ask(client_address="2001:db8::25", sender="a@v6.example"),
           hdr("Pass", "mailfrom", "mailfrom", ip='"2001:db8::25"',
               sender='"a@v6.example"'))


@case
def sender_is_quoted_when_not_a_dot_atom():
    with Spawn() as s:
        eq(s.ask(sender="abc+123-h.i.j=k@PASS.Example"),
           hdr("Pass", "mailfrom", "mailfrom",
               sender='"abc+123-h.i.j=k@pass.example"'))


@case
def test_mode_answers_the_header_and_logs_would_reject():
    with Spawn(test_only=True) as s:
        eq(s.ask(sender="a@fail.example"), mfrom("Fail", "fail.example"))
        s.close()
        contains(s.log(), ": would reject: 550 5.7.23 Message rejected due "
                 "to: SPF fail - not authorized. Please see "
                 + URL % ("mfrom", "a@fail.example"))


@case
def test_mode_can_answer_warn_for_postfix_log():
    with Spawn(test_only=True, test_only_answer="warn") as s:
        eq(s.ask(sender="a@fail.example"),
           "action=WARN would reject: 550 5.7.23 Message rejected due to: "
           "SPF fail - not authorized. Please see "
           + URL % ("mfrom", "a@fail.example"))
        # A HELO reject is final, as it is when enforcing.
        eq(s.ask(sender="a@pass.example", helo_name="helo-fail.example"),
           "action=WARN would reject: 550 5.7.23 Message rejected due to: "
           "SPF fail - not authorized. Please see "
           + URL % ("helo", "helo-fail.example"))
        eq(s.ask(sender="a@pass.example"), mfrom("Pass", "pass.example"))
        eq(s.close(), 0)
        contains(s.log(), ": would reject: 550 5.7.23 Message rejected due "
                 "to: SPF fail - not authorized. Please see "
                 + URL % ("mfrom", "a@fail.example") + "\n")
        contains(s.log(), ": WARN would reject: 550 5.7.23 Message rejected "
                 "due to: SPF fail - not authorized. Please see "
                 + URL % ("mfrom", "a@fail.example") + "\n")


@case
def mail_from_actions_warn_and_accept():
    with Spawn(mail_from_actions='["fail=reject", "SoftFail=warn", '
               '"none=accept"]') as s:
        eq(s.ask(sender="a@soft.example"),
           "action=WARN SPF Softfail (mailfrom): Message flagged due to: "
           "domain owner discourages use of this host. Please see "
           + URL % ("mfrom", "a@soft.example"))
        eq(s.ask(sender="a@none.example"), "action=DUNNO")
        eq(s.ask(sender="a@fail.example"),
           "action=550 5.7.23 Message rejected due to: SPF fail - not "
           "authorized. Please see " + URL % ("mfrom", "a@fail.example"))
        eq(s.ask(sender="a@neutral.example"),
           mfrom("Neutral", "neutral.example"))
        eq(s.close(), 0)
        contains(s.log(), ": WARN SPF Softfail (mailfrom): Message flagged "
                 "due to: domain owner discourages use of this host.")
    # test_only holds the warn back by default, and answers the header.
    with Spawn(mail_from_actions="softfail=warn", test_only=True) as s:
        eq(s.ask(sender="a@soft.example"), mfrom("Softfail", "soft.example"))
        eq(s.close(), 0)
        contains(s.log(), ": would warn: WARN SPF Softfail (mailfrom): "
                 "Message flagged due to: domain owner discourages use of "
                 "this host.")


def temperror_text(identity, ident_id):
    """The two answers a zone whose servers never answer can give: our
    resolver times out, or the test's caching resolver has already given
    up on those servers and answers SERVFAIL at once."""
    return ["defer_if_permit 4.7.24 Message deferred due to: SPF Temporary "
            "Error: DNS %s for 'slow.example' (TXT). Please see %s"
            % (what, URL % (identity, ident_id))
            for what in ("timeout", "server failure")]


def one_of(got, wants, what="value"):
    if got not in wants:
        raise AssertionError("%s:\n  got:  %r\n  want one of: %r"
                             % (what, got, wants))
    return got


@case
def helo_actions_defer_helo_temperror_only():
    temps = temperror_text("helo", "helo-temp.example")
    with Spawn(lookup_time=2, helo_actions='["temperror=defer"]') as s:
        one_of(s.ask(sender="a@pass.example", helo_name="helo-temp.example"),
               ["action=" + t for t in temps])
        # A MAIL FROM Temperror is not deferred: the header.
        eq(s.ask(sender="a@temp.example"), mfrom("Temperror", "temp.example"))
    with Spawn(lookup_time=2, helo_actions='["temperror=defer"]',
               test_only=True, test_only_answer="warn") as s:
        got = one_of(s.ask(sender="a@pass.example",
                           helo_name="helo-temp.example"),
                     ["action=WARN would defer: " + t for t in temps])
        eq(s.close(), 0)
        contains(s.log(), ": would defer: " + got[len(
            "action=WARN would defer: "):] + "\n")


@case
def authentication_results_header():
    with Spawn(header_type="AR") as s:
        eq(s.ask(sender="a@pass.example"),
           "action=prepend Authentication-Results: mx.test.example; "
           "spf=pass (sender SPF authorized) smtp.mailfrom=pass.example "
           "(client-ip=192.0.2.1; helo=x.example; "
           "envelope-from=a@pass.example; receiver=dest.example)")


@case
def header_type_none_answers_dunno():
    with Spawn(header_type="none") as s:
        eq(s.ask(sender="a@pass.example"), "action=DUNNO")
        s.close()
        contains(s.log(), ": Header field not prepended: Received-SPF: Pass "
                 "(mailfrom) identity=mailfrom;")


@case
def void_lookup_limit():
    with Spawn() as s:
        eq(s.ask(sender="a@void.example"), mfrom("Permerror", "void.example"))
        eq(s.ask(sender="a@void2.example"), mfrom("Pass", "void2.example"))
    with Spawn(permerror_reject=True) as s:
        eq(s.ask(sender="a@void.example"),
           "action=550 5.7.24 Message rejected due to: SPF Permanent Error: "
           "Void lookup limit of 2 exceeded. Please see "
           + URL % ("mfrom", "a@void.example"))


@case
def mechanisms_a_mx_include_redirect():
    with Spawn() as s:
        for d in ("a.example", "mx.example", "inc.example", "redir.example",
                  "multi.example"):
            eq(s.ask(sender="a@" + d), mfrom("Pass", d))
        eq(s.ask(sender="a@noneinc.example"),
           mfrom("Permerror", "noneinc.example"))


@case
def many_requests_on_one_connection():
    with Spawn() as s:
        batch = b"".join(request(sender="a@pass.example") for _ in range(200))
        s.send(batch)
        for _ in range(200):
            eq(s.read_answer(), mfrom("Pass", "pass.example"))
        eq(s.close(), 0, "exit status")


@case
def oversized_line_closes_without_answer():
    with Spawn() as s:
        eq(s.ask(sender="a@pass.example"), mfrom("Pass", "pass.example"))
        s.send(b"sender=" + b"x" * 10000 + b"\n\n")
        if not s.closed_without_answer():
            raise AssertionError("got an answer to an oversized line")
        eq(s.proc.wait(10), 1, "exit status")
        contains(s.log(), "protocol error on stdin after 1 request(s): "
                 "line too long; closing the connection")


@case
def too_many_attributes_closes_without_answer():
    with Spawn() as s:
        s.send(b"".join(b"x%d=1\n" % i for i in range(300)) + b"\n")
        if not s.closed_without_answer():
            raise AssertionError("got an answer")
        contains(s.log(), "protocol error on stdin after 0 request(s): "
                 "too many attributes; closing the connection")


@case
def garbage_line_closes_without_answer():
    with Spawn() as s:
        s.send(b"this is not an attribute\n\n")
        if not s.closed_without_answer():
            raise AssertionError("got an answer")
        contains(s.log(), "malformed attribute: no '='")


@case
def crlf_lines_are_accepted():
    with Spawn() as s:
        s.send(request(sender="a@pass.example").replace(b"\n", b"\r\n"))
        eq(s.read_answer(), mfrom("Pass", "pass.example"))


@case
def dead_dns_server_gives_temperror_in_time():
    import socket as so
    dead = so.socket(so.AF_INET, so.SOCK_DGRAM)
    dead.bind(("127.0.0.1", 0))
    addr = "127.0.0.1:%d" % dead.getsockname()[1]
    try:
        with Spawn(dns_addr=addr, lookup_time=2) as s:
            t0 = time.monotonic()
            eq(s.ask(sender="a@pass.example", helo_name="x.example"),
               mfrom("Temperror", "pass.example"))
            took = time.monotonic() - t0
            if took > 2 * 2 + 1.5:
                raise AssertionError("took %.1fs" % took)
    finally:
        dead.close()


def skip_comment(why, ip="192.0.2.1", sender='"a@fail.example"',
                 helo="x.example"):
    return ("action=prepend X-Comment: %s - client-ip=%s; helo=%s; "
            "envelope-from=%s; receiver=dest.example" % (why, ip, helo,
                                                         sender))


@case
def dns_whitelists_skip_the_check():
    # HELO_Whitelist: the HELO name is listed and resolves to the client.
    with Spawn(helo_whitelist="helo.relay.example") as s:
        eq(s.ask(client_address="192.0.2.77", helo_name="helo.relay.example",
                 sender="a@fail.example"),
           skip_comment("SPF skipped for whitelisted HELO domain",
                        ip="192.0.2.77", helo="helo.relay.example"))
        # Listed, but the name does not resolve to this client.
        got = s.ask(client_address="192.0.2.1",
                    helo_name="helo.relay.example", sender="a@fail.example")
        if not got.startswith("action=550 5.7.23 "):
            raise AssertionError(got)
    # Domain_Whitelist_PTR: 192.0.2.1 has PTR mail.trusted.example.
    with Spawn(domain_whitelist_ptr="trusted.example") as s:
        eq(s.ask(sender="a@fail.example"),
           skip_comment("SPF skipped for PTR whitelisted relay domain"))
    with Spawn(domain_whitelist_ptr="rusted.example") as s:
        got = s.ask(sender="a@fail.example")
        if not got.startswith("action=550 5.7.23 "):
            raise AssertionError("suffix matched inside a label: " + got)
    # Domain_Whitelist: pass.example authorizes the client.
    with Spawn(domain_whitelist="pass.example") as s:
        eq(s.ask(sender="a@fail.example"),
           skip_comment("SPF skipped for whitelisted relay domain"))


@case
def reject_not_pass_domains_no_mail_and_restrictions():
    with Spawn(reject_not_pass_domains="soft.example") as s:
        eq(s.ask(sender="a@sub.soft.example"),
           mfrom("None", "sub.soft.example"))
        eq(s.ask(sender="a@soft.example"),
           "action=550 5.7.23 Message rejected due to: Receiver policy for "
           "SPF Softfail. Please see " + URL % ("mfrom", "a@soft.example"))
    with Spawn(no_mail=True) as s:
        eq(s.ask(sender="a@fail.example"), mfrom("Fail", "fail.example"))
        eq(s.ask(sender="a@nomail.example"),
           "action=550 5.7.23 Message rejected due to: SPF fail - not "
           "authorized. Please see " + URL % ("mfrom", "a@nomail.example"))
    with Spawn(mail_from_pass_restriction="spf_passed",
               helo_pass_restriction="helo_passed") as s:
        eq(s.ask(sender="a@pass.example"), "action=spf_passed")
        eq(s.ask(sender="a@fail.example", helo_name="helo-pass.example"),
           "action=helo_passed")


@case
def answer_options():
    with Spawn(spf_enhanced_status_codes=False, hide_receiver=True,
               reason_message="SPF says {spf} ({rejectdefer}); see {url}") \
            as s:
        eq(s.ask(sender="a@fail.example"),
           "action=550 SPF says SPF fail - not authorized (rejected); see "
           "http://www.openspf.net/Why?s=mfrom;id=a@fail.example;"
           "ip=192.0.2.1;r=<UNKNOWN>")
        eq(s.ask(sender="a@pass.example"),
           hdr("Pass", "mailfrom", "mailfrom", receiver='"<UNKNOWN>"'))
    with Spawn(prospective="192.0.2.9") as s:
        eq(s.ask(sender="a@pass.example"), "action=DUNNO")
        got = s.ask(sender="a@fail.example")
        if not got.startswith("action=550 5.7.23 ") or \
                "ip=192.0.2.9;" not in got:
            raise AssertionError(got)


@case
def hostile_record_is_refused_and_the_process_survives():
    with Spawn(permerror_reject=True) as s:
        eq(s.ask(sender="a@hostile.example"),
           "action=550 5.7.24 Message rejected due to: SPF Permanent Error: "
           "record rejected as unsafe (CVE-2023-42118). Please see "
           + URL % ("mfrom", "a@hostile.example"))
        eq(s.ask(sender="a@hostinc.example"),
           "action=550 5.7.24 Message rejected due to: SPF Permanent Error: "
           "record rejected as unsafe (CVE-2023-42118). Please see "
           + URL % ("mfrom", "a@hostinc.example"))
        eq(s.ask(sender="a@pass.example"), mfrom("Pass", "pass.example"))
        eq(s.close(), 0, "exit status")
        contains(s.log(), "spf: SPF record of hostile.example rejected as "
                 "unsafe (CVE-2023-42118)")


@case
def healthy_request_after_a_dead_zone_is_not_slowed():
    with Spawn(lookup_time=2) as s:
        s.ask(sender="a@temp.example")
        t0 = time.monotonic()
        eq(s.ask(sender="a@pass.example"), mfrom("Pass", "pass.example"))
        took = time.monotonic() - t0
        print("# healthy answer right after a dead zone: %.1f ms"
              % (took * 1000))
        if took > 0.5:
            raise AssertionError("took %.2fs" % took)


@case
def logcheck_rules_ignore_results_and_keep_rejects():
    rules = os.path.join(os.environ.get("top_srcdir", "."), "contrib",
                         "logcheck", "policyd-spf")
    with Spawn(debug_level=1) as s:
        s.ask(sender="a@pass.example")
        s.ask(client_address="127.0.0.1")
        s.ask(sender="a@none.example", sasl_username="bob")
        s.ask(sender="a@fail.example")
        eq(s.close(), 0)
        r = subprocess.run(["grep", "-v", "-E", "-f", rules],
                           input=s.log().encode(), stdout=subprocess.PIPE)
        left = r.stdout.decode().splitlines()
        eq(len(left), 1, "lines logcheck reports: %r" % left)
        contains(left[0], "policyd-spf[%d]: : 550 5.7.23 Message rejected "
                 "due to: SPF fail - not authorized." % s.proc.pid)


@case
def config_error_exits_without_answer():
    with Spawn(config="no_such_option = 1;\n") as s:
        if not s.closed_without_answer():
            raise AssertionError("got an answer")
        eq(s.proc.wait(10), 78, "exit status")


if __name__ == "__main__":
    sys.exit(run())
