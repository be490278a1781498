#!/usr/bin/env python3
"""test_rfc7208 - the RFC 7208 test suite through policyd-spf's SPF code.

    test_rfc7208.py [-v] [TEST...]

Runs the openspf/pyspf RFC 7208 suite (203 tests in 16 scenarios,
converted to tests/data/rfc7208/*.json by tests/rfc7208_convert.py) through
the library: for each scenario an unbound on 127.0.0.1 serves the
scenario's zone data, and tests/rfc7208_eval (top_builddir) evaluates the
scenario's tests with spfcheck_mailfrom()/spfcheck_helo() against it.  A
test passes when the result is one of the acceptable ones and, where the
suite gives an explanation, the Fail explanation equals it ("DEFAULT"
meaning none: "SPF fail - not authorized").

Every failure is printed with what came back.  The last line is
"N passed, N failed".  The exit status is 1 when a test fails that is not
in KNOWN_FAILURES below, or when a test in KNOWN_FAILURES passes (so the
list stays true); 0 otherwise.  -v prints every test; TEST names limit
the run to those tests.  RFC7208_EVAL overrides the evaluator's path.
"""
import glob
import json
import os
import subprocess
import sys
import time

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
import testdns  # noqa: E402

# Tests that cannot pass, and why.  Each must fail: one that passes is an
# error too.
KNOWN_FAILURES = {
}

DEFAULT_EXPLANATION = "SPF fail - not authorized"

# What the suite does not pin down: policyd-spf's own wording, and the
# rules libspf2 needs help with in cases the suite does not reach (the
# term limit across include:, %{p} and ptr, the MX limit with a match
# among the first ten, zero CIDR lengths on IPv6 "mx").  Same format as
# a converted scenario; "explanation" is compared exactly, whatever the
# result.
EXTRA_SCENARIO = {
    "description": "policyd-spf extras",
    "refused": [],
    "static": [],
    "records": [
        ["badinc.example.net.", "TXT",
         '"v=spf1 include:bad.example.net -all"'],
        ["bad.example.net.", "TXT", '"v=spf1 a:foo.123"'],
        ["badtop.example.net.", "TXT",
         '"v=spf1 ip4:192.0.2.1 ipv4:5.6.7.8"'],
        ["twobad.example.net.", "TXT", '"v=spf1 a:foo.123"'],
        ["twobad.example.net.", "TXT", '"v=spf1 -all"'],
        ["terms.example.net.", "TXT",
         '"v=spf1 a a a a a include:terms2.example.net a ip4:192.0.2.1"'],
        ["terms.example.net.", "A", "192.0.2.99"],
        ["terms3.example.net.", "TXT",
         '"v=spf1 a a a a a include:terms2.example.net ip4:192.0.2.1"'],
        ["terms3.example.net.", "A", "192.0.2.99"],
        ["terms2.example.net.", "TXT", '"v=spf1 a a a a"'],
        ["terms2.example.net.", "A", "192.0.2.98"],
        ["pmacro.example.net.", "TXT",
         '"v=spf1 exists:%{p}.ok.example.net a a a a a a a a a '
         'ip4:192.0.2.1"'],
        ["pmacro.example.net.", "A", "192.0.2.99"],
        ["1.2.0.192.in-addr.arpa.", "PTR", "host.example.net."],
        ["host.example.net.", "A", "192.0.2.1"],
        ["ptrterm.example.net.", "TXT",
         '"v=spf1 ptr:nomatch.example.org a a a a a a a a a a"'],
        ["ptrterm.example.net.", "A", "192.0.2.99"],
        ["mx11.example.net.", "TXT", '"v=spf1 mx -all"'],
        ["mx10.example.net.", "TXT", '"v=spf1 mx -all"'],
        ["mx0v6.example.net.", "TXT", '"v=spf1 mx//0 -all"'],
        ["mx0v6.example.net.", "MX", "10 mail6.example.net."],
        ["mail6.example.net.", "AAAA", "2001:db8::99"],
        ["a0.example.net.", "TXT", '"v=spf1 a/0 -all"'],
        ["a0.example.net.", "A", "203.0.113.5"],
        ["dotmacro.example.net.", "TXT", '"v=spf1 a:%{d}. -all"'],
        ["dotmacro.example.net.", "A", "192.0.2.1"],
        ["xmod.example.net.", "TXT",
         '"v=spf1 x-why=%{c}%{r}%{t} ip4:192.0.2.1"'],
        ["expfail.example.net.", "TXT",
         '"v=spf1 -all exp=why.example.net"'],
        ["why.example.net.", "TXT",
         '"Not %{L} from %{c}: see http://x.example/%{S}"'],
    ] + [["mx11.example.net.", "MX", "%d m%d.example.net." % (i, i)]
         for i in range(11)]
      + [["mx10.example.net.", "MX", "%d m%d.example.net." % (i, i)]
         for i in range(10)]
      + [["m0.example.net.", "A", "192.0.2.1"]],
    "tests": [
        {"name": "x-invalid-include", "host": "192.0.2.1",
         "mailfrom": "a@badinc.example.net", "result": ["permerror"],
         "explanation": "SPF Permanent Error: Invalid domain-spec 'foo.123' "
                        "(numeric top label) (SPF record of "
                        "'bad.example.net')"},
        {"name": "x-error-after-match", "host": "192.0.2.1",
         "mailfrom": "a@badtop.example.net", "result": ["permerror"],
         "explanation": "SPF Permanent Error: Unknown mechanism found near "
                        "'ipv4:5.6.7.8'"},
        {"name": "x-invalid-of-two", "host": "192.0.2.1",
         "mailfrom": "a@twobad.example.net", "result": ["permerror"],
         "explanation": "SPF Permanent Error: Multiple SPF records for "
                        "'twobad.example.net'"},
        {"name": "x-terms-over-limit", "host": "192.0.2.1",
         "mailfrom": "a@terms.example.net", "result": ["permerror"],
         "explanation": "SPF Permanent Error: DNS lookup limit of 10 "
                        "exceeded"},
        {"name": "x-terms-at-limit", "host": "192.0.2.1",
         "mailfrom": "a@terms3.example.net", "result": ["pass"],
         "explanation": "sender SPF authorized"},
        {"name": "x-p-macro-not-a-term", "host": "192.0.2.1",
         "mailfrom": "a@pmacro.example.net", "result": ["pass"],
         "explanation": None},
        {"name": "x-ptr-is-a-term", "host": "192.0.2.1",
         "mailfrom": "a@ptrterm.example.net", "result": ["permerror"],
         "explanation": "SPF Permanent Error: DNS lookup limit of 10 "
                        "exceeded"},
        {"name": "x-mx-limit-first-matches", "host": "192.0.2.1",
         "mailfrom": "a@mx11.example.net", "result": ["permerror"],
         "explanation": "SPF Permanent Error: More than 10 MX records for "
                        "'mx11.example.net'"},
        {"name": "x-mx-at-limit", "host": "192.0.2.1",
         "mailfrom": "a@mx10.example.net", "result": ["pass"],
         "explanation": None},
        {"name": "x-mx-cidr6-0", "host": "2001:db8::1",
         "mailfrom": "a@mx0v6.example.net", "result": ["pass"],
         "explanation": None},
        {"name": "x-mx-cidr6-0-ip4", "host": "192.0.2.1",
         "mailfrom": "a@mx0v6.example.net", "result": ["fail"],
         "explanation": None},
        {"name": "x-a-cidr4-0", "host": "192.0.2.1",
         "mailfrom": "a@a0.example.net", "result": ["pass"],
         "explanation": None},
        {"name": "x-a-cidr4-0-ip6", "host": "2001:db8::1",
         "mailfrom": "a@a0.example.net", "result": ["fail"],
         "explanation": None},
        {"name": "x-macro-dot", "host": "192.0.2.1",
         "mailfrom": "a@dotmacro.example.net", "result": ["pass"],
         "explanation": None},
        {"name": "x-unknown-modifier-crt", "host": "192.0.2.1",
         "mailfrom": "a@xmod.example.net", "result": ["pass"],
         "explanation": None},
        {"name": "x-explanation-url", "host": "192.0.2.1",
         "mailfrom": "a b@expfail.example.net", "result": ["fail"],
         "explanation": "Not a%20b from 192.0.2.1: see "
                        "http://x.example/a%20b%40expfail.example.net"},
    ],
}
for _t in EXTRA_SCENARIO["tests"]:
    _t.setdefault("helo", "mail.example.org")
    _t.setdefault("spec", "-")


class SuiteServer(testdns.Server):
    """unbound serving one scenario's zone data (see rfc7208_convert.py)."""

    def __init__(self, scenario):
        super().__init__(None)
        self.scenario = scenario

    def config(self):
        s = self.scenario
        out = self.server_lines() + [
            "  access-control: 127.0.0.0/8 allow",
            '  module-config: "iterator"',
            "  cache-max-ttl: 0",
            "  cache-max-negative-ttl: 0",
            "  minimal-responses: yes",
            '  local-zone: "." static',
        ]
        for name in s["refused"]:
            out.append('  local-zone: "%s" refuse' % name)
        for name in s["static"]:
            out.append('  local-zone: "%s" static' % name)
        for name, rtype, rdata in s["records"]:
            rr = "%s 300 IN %s %s" % (name, rtype, rdata)
            out.append("  local-data: '%s'" % rr.replace("'", "\\'"))
        out += ["remote-control:", "  control-enable: no"]
        return "\n".join(out) + "\n"


def evaluator():
    path = os.environ.get("RFC7208_EVAL")
    if path:
        return path.split()
    top = os.environ.get("top_builddir") or os.path.join(here, "..")
    return [os.path.join(top, "tests", "rfc7208_eval")]


def check(test, result, explanation):
    """Whether one outcome is what the suite accepts."""
    if result not in test["result"]:
        return False
    if test.get("exact"):
        return (test["explanation"] is None or
                explanation == test["explanation"])
    want = test["explanation"]
    if want is None or result != "fail":
        return True
    if want == "DEFAULT":
        return explanation == DEFAULT_EXPLANATION
    return explanation == want


def run_scenario(scenario, only, verbose, report):
    tests = [t for t in scenario["tests"] if not only or t["name"] in only]
    if not tests:
        return
    with SuiteServer(scenario) as dns:
        proc = subprocess.Popen(evaluator() + [dns.addr],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                encoding="utf-8", errors="replace")
        try:
            for t in tests:
                proc.stdin.write("%s\t%s\t%s\n" % (t["host"], t["mailfrom"],
                                                   t["helo"]))
                proc.stdin.flush()
                line = proc.stdout.readline()
                if not line:
                    raise RuntimeError("rfc7208_eval died at " + t["name"])
                result, _, explanation = line.rstrip("\n").partition("\t")
                report(scenario, t, result, explanation,
                       check(t, result, explanation), verbose)
        finally:
            proc.stdin.close()
            proc.wait(10)
        if proc.returncode != 0:
            raise RuntimeError("rfc7208_eval exited %d" % proc.returncode)


def new_counts():
    return {"pass": 0, "fail": 0, "unexpected": 0, "xpass": 0}


def report(counts, scenario, t, result, explanation, ok, verbose):
    """Count one outcome; print it when it failed (or always, verbose)."""
    name = t["name"]
    got = result + (" (%s)" % explanation if explanation else "")
    want = "/".join(t["result"])
    if t["explanation"] is not None:
        want += " (%s)" % t["explanation"]
    if ok:
        counts["pass"] += 1
        if name in KNOWN_FAILURES:
            counts["xpass"] += 1
            print("XPASS %s: passes, remove it from KNOWN_FAILURES" % name)
        elif verbose:
            print("PASS  %s: %s" % (name, got))
        return
    counts["fail"] += 1
    if name in KNOWN_FAILURES:
        print("XFAIL %s [%s, spec %s]: got %s, wanted %s\n      known: %s"
              % (name, scenario["description"], t["spec"], got, want,
                 KNOWN_FAILURES[name]))
    else:
        counts["unexpected"] += 1
        print("FAIL  %s [%s, spec %s]: got %s, wanted %s"
              % (name, scenario["description"], t["spec"], got, want))


def main(argv):
    verbose = "-v" in argv[1:]
    only = set(a for a in argv[1:] if a != "-v")
    paths = sorted(glob.glob(os.path.join(here, "data", "rfc7208",
                                          "*.json")))
    if not paths:
        print("test_rfc7208: no data in tests/data/rfc7208")
        return 1
    suite, extra = new_counts(), new_counts()
    t0 = time.monotonic()
    for path in paths:
        with open(path, encoding="ascii") as f:
            run_scenario(json.load(f), only, verbose,
                         lambda *a: report(suite, *a))
    for t in EXTRA_SCENARIO["tests"]:
        t["exact"] = True
    run_scenario(EXTRA_SCENARIO, only, verbose, lambda *a: report(extra, *a))
    print("policyd-spf extras: %d passed, %d failed"
          % (extra["pass"], extra["fail"]))
    print("RFC 7208 suite, %d tests in %.1f s: %d known failures, "
          "%d unexpected failures, %d known failures passing"
          % (suite["pass"] + suite["fail"], time.monotonic() - t0,
             suite["fail"] - suite["unexpected"], suite["unexpected"],
             suite["xpass"]))
    print("%d passed, %d failed" % (suite["pass"], suite["fail"]))
    bad = suite["unexpected"] + suite["xpass"] + extra["fail"]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
