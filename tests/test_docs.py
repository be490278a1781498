#!/usr/bin/env python3
"""The option table is the one source of the default configuration and of
the option list in policyd-spf.conf(5).  These tests fail when either file
in the tree drifts from what the built program generates from the table.

    test_docs.py            check
    test_docs.py --update   rewrite etc/policyd-spf.conf and the OPTIONS
                            part of man/policyd-spf.conf.5 from the table
"""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from policytest import POLICYD_SPF, case, contains, eq, run  # noqa: E402

TOP = os.environ.get("top_srcdir") or os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..")
ETC = os.path.join(TOP, "etc", "policyd-spf.conf")
MAN5 = os.path.join(TOP, "man", "policyd-spf.conf.5")
MAN8 = os.path.join(TOP, "man", "policyd-spf.8")
BEGIN = '.\\" BEGIN OPTIONS (generated: policyd-spf --print-man-options)\n'
END = '.\\" END OPTIONS\n'


def generated(flag):
    return subprocess.run([POLICYD_SPF, flag], check=True,
                          stdout=subprocess.PIPE).stdout.decode()


def option_names():
    """(name, alias) of every option, from the generated default config."""
    names = re.findall(r"^([a-z_0-9]+) = ", generated(
        "--print-default-config"), re.M)
    if len(names) < 20:
        raise AssertionError("too few options found: %r" % names)
    return names


def man_options_part():
    text = open(MAN5).read()
    if BEGIN not in text or END not in text:
        raise AssertionError("markers missing in " + MAN5)
    return text.split(BEGIN, 1)[1].split(END, 1)[0]


@case
def default_config_file_is_generated_from_the_table():
    eq(open(ETC).read(), generated("--print-default-config"),
       "etc/policyd-spf.conf (run tests/test_docs.py --update)")


@case
def man_page_options_are_generated_from_the_table():
    eq(man_options_part(), generated("--print-man-options"),
       "OPTIONS of policyd-spf.conf(5) (run tests/test_docs.py --update)")


@case
def every_option_is_documented_in_both_files():
    etc, man = open(ETC).read(), open(MAN5).read()
    for name in option_names():
        contains(etc, "\n%s = " % name, "etc/policyd-spf.conf")
        contains(man, name.replace("_", "_"), "policyd-spf.conf(5)")


@case
def shipped_default_config_is_valid_and_equals_the_defaults():
    r = subprocess.run([POLICYD_SPF, "-c", ETC, "--config-test"],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    eq(r.returncode, 0, "exit status: " + r.stderr.decode())
    r2 = subprocess.run([POLICYD_SPF, "-c", "/dev/null", "--config-test"],
                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    eq(r2.returncode, 0, "exit status: " + r2.stderr.decode())
    eq(r.stdout.decode(), r2.stdout.decode(), "effective configuration")


@case
def man8_names_every_mode():
    man8 = open(MAN8).read()
    for flag in ("daemon", "pidfile", "config\\-test", "check",
                 "import\\-pypolicyd",
                 "print\\-default\\-config", "print\\-man\\-options",
                 "check\\-postfix", "report", "lint"):
        contains(man8, "\\-\\-" + flag, "policyd-spf(8)")


@case
def readme_demo_starts_both_modes_and_answers():
    env = dict(os.environ, POLICYD_SPF=POLICYD_SPF,
               POLICYD_SPF_CONF=ETC)
    r = subprocess.run(["sh", os.path.join(TOP, "contrib", "demo.sh")],
                       cwd=TOP, env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=60)
    answer = ("action=prepend X-Comment: SPF check N/A for local "
              "connections - client-ip=127.0.0.1; helo=localhost; "
              'envelope-from="alice@example.org"; receiver=localhost\n\n')
    eq(r.stdout.decode(),
       "spawn mode: %s -c %s < contrib/sample-request.txt\n" % (POLICYD_SPF,
                                                                ETC)
       + answer + "daemon mode: %s -c %s --daemon\n" % (POLICYD_SPF, ETC)
       + answer + "daemon stopped\n", "contrib/demo.sh output")
    eq(r.returncode, 0, "exit status")


def update():
    with open(ETC, "w") as f:
        f.write(generated("--print-default-config"))
    text = open(MAN5).read()
    head, rest = text.split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    with open(MAN5, "w") as f:
        f.write(head + BEGIN + generated("--print-man-options") + END + tail)


if __name__ == "__main__":
    if sys.argv[1:] == ["--update"]:
        update()
        sys.exit(0)
    sys.exit(run())
