#!/usr/bin/env python3
"""report - Markdown tables from bench/run.sh results (JSON lines).

    report.py [--smoke] LABEL RESULTS.jsonl
    report.py --missing LABEL RESULTS.jsonl RUNS

Takes the lines whose label is LABEL (bench/results.sh sets one per
matrix), groups them by target, scenario, concurrency and extra
configuration, and prints the median of each figure over the runs of a
group, then checks the figures against the project's performance goals.
With --smoke, one short table.  With --missing, the runs a group still
needs to have RUNS undisturbed ones, one line each (bench/results.sh
repeats them).
"""
import json
import statistics
import sys
from collections import OrderedDict

TARGET_NAMES = OrderedDict([
    ("dunno", "dunno_server (ceiling)"),
    ("daemon", "policyd-spf --daemon"),
    ("spawn", "policyd-spf spawn"),
    ("python", "pypolicyd-spf (Python)"),
    ("perl", "policyd-spf-perl (Perl)"),
])
SCEN_ORDER = ["hot", "cold", "zipf", "slow", "spawn", "fill", "smoke"]


def load(path, label):
    rows = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            try:
                r = json.loads(line)
            except ValueError:
                continue
            if r.get("label") == label:
                rows.append(r)
    return rows


def get(r, path):
    for p in path.split("."):
        if not isinstance(r, dict) or p not in r:
            return None
        r = r[p]
    return r


def med(rows, path):
    v = [get(r, path) for r in rows]
    v = [x for x in v if isinstance(x, (int, float))]
    return statistics.median(v) if v else None


NOISE = 0.10    # other work on the host above this share of its CPUs
RUNS = 3        # runs per row: the latest undisturbed ones


def clean(rs):
    """The runs not disturbed by other work on the host (other_load below
    NOISE), or all of them when none is; and whether that happened."""
    ok = [r for r in rs if (r.get("other_load") or 0) < NOISE and
          r.get("measured")]
    # the latest RUNS of them (a group re-run after a change of the
    # scenario keeps its newest runs)
    ok = sorted(ok, key=lambda r: r.get("date", ""))[-RUNS:]
    return (ok, False) if ok else (rs, True)


def groups(rows):
    g = OrderedDict()
    for r in sorted(rows, key=lambda r: (
            list(TARGET_NAMES).index(r.get("target", "dunno"))
            if r.get("target") in TARGET_NAMES else 99,
            SCEN_ORDER.index(r.get("scenario")) if r.get("scenario") in
            SCEN_ORDER else 99, r.get("concurrency", 0),
            r.get("conf_extra", ""))):
        k = (r.get("target"), r.get("scenario"), r.get("concurrency"),
             r.get("conf_extra", ""))
        g.setdefault(k, []).append(r)
    # Medians over the undisturbed runs only; "noisy" marks a group
    # that had none.
    out = OrderedDict()
    for k, rs in g.items():
        ok, noisy = clean(rs)
        out[k] = ok
        NOISY[k] = (noisy, len(ok), len(rs))
    return out


NOISY = {}


def f(v, nd=2):
    if v is None:
        return "-"
    if abs(v) >= 1000:
        return "{:,.0f}".format(v)
    return ("{:.%df}" % nd).format(v)


def ms(v):
    if v is None:
        return "-"
    if v >= 1000:
        return "{:,.0f}".format(v)
    if v >= 100:
        return "%.0f" % v
    if v >= 10:
        return "%.1f" % v
    return "%.2f" % v


def mb(kb):
    return "-" if kb is None or kb <= 0 else "%.1f" % (kb / 1024.0)


def per_req_us(rows, key):
    v = []
    for r in rows:
        c = get(r, "cpu_s." + key)
        n = r.get("answered") or 0
        if isinstance(c, (int, float)) and c >= 0 and n:
            v.append(c * 1e6 / n)
    return statistics.median(v) if v else None


def errs(rows):
    v = [get(r, "errors.total") or 0 for r in rows]
    return "%d" % max(v) if v else "-"


def tname(t, extra, key=None):
    n = TARGET_NAMES.get(t, t)
    n += " (%s)" % extra.strip() if extra else ""
    if key is not None and NOISY.get(key, (False,))[0]:
        n += " *"
    return n


def table(head, lines):
    out = ["| " + " | ".join(head) + " |",
           "|" + "|".join("---" if i == 0 else "---:"
                          for i in range(len(head))) + "|"]
    for l in lines:
        out.append("| " + " | ".join(l) + " |")
    return "\n".join(out)


def smoke(rows):
    lines = []
    for (t, s, c, x), rs in groups(rows).items():
        lines.append([tname(t, x, (t, s, c, x)), s, str(c), f(med(rs, "rps"), 0),
                      ms(med(rs, "latency_ms.p50")),
                      ms(med(rs, "latency_ms.p99")),
                      ms(med(rs, "first_answer_ms.p50")), errs(rs),
                      mb(med(rs, "rss_kb.peak_sum")),
                      mb(med(rs, "rss_kb.hwm_max"))])
    print(table(["target", "scenario", "conc", "req/s", "p50 ms", "p99 ms",
                 "first answer ms", "errors", "RSS peak MB",
                 "max RSS 1 proc MB"], lines))


def missing(label, path, want):
    """Groups with fewer than want undisturbed runs: "TARGET SCENARIO
    CONC<TAB>EXTRA" lines, one per run still needed."""
    for (t, s, c, x), rs in groups(load(path, label)).items():
        noisy, nclean, _ = NOISY[(t, s, c, x)]
        for _ in range(want - (0 if noisy else nclean)):
            print("%s %s %s\t%s" % (t, s, c, x))
    return 0


def main(argv):
    global RUNS
    if len(argv) == 5 and argv[1] == "--missing":
        RUNS = int(argv[4])
        return missing(argv[2], argv[3], RUNS)
    is_smoke = len(argv) > 1 and argv[1] == "--smoke"
    if is_smoke:
        argv = argv[1:]
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    rows = load(argv[2], argv[1])
    if not rows:
        sys.stderr.write("report.py: no results labelled %s in %s\n" %
                         (argv[1], argv[2]))
        return 1
    if is_smoke:
        smoke(rows)
        return 0
    G = groups(rows)
    first = rows[0]
    nclean = [k for _, k, _ in NOISY.values()]
    nruns = "%d to %d" % (min(nclean), max(nclean)) if min(nclean) != max(
        nclean) else "%d" % min(nclean)
    nnoisy = sum(n - k for _, k, n in NOISY.values())
    dates = sorted(r["date"] for r in rows)
    p = print
    p("Machine: %s, %s CPUs, Linux %s; network: %s; commit %s; "
      "label `%s`; %s to %s; median of %s runs per row." % (
          first.get("cpu_model"), first.get("cpus"), first.get("kernel"),
          first.get("net"), first.get("commit"), argv[1], dates[0],
          dates[-1], nruns))
    vers = OrderedDict()
    for r in rows:
        vers.setdefault(r.get("target"), r.get("target_version"))
    p("Runs disturbed by other work on the host (more than %d%% of its CPU "
      "time spent outside the target, the load generator and unbound), and "
      "runs that measured nothing, are left out of the medians: %d of %d "
      "runs; a row marked * had only such runs." % (
          100 * NOISE, nnoisy, len(rows)))
    p("Versions: " + ", ".join("%s %s" % (TARGET_NAMES.get(k, k), v)
                               for k, v in vers.items() if k != "dunno") +
      "; policyd-spf DNS cache: %s." % first.get("dns_cache"))
    p()

    p("### Load generator ceiling (dunno_server answers action=DUNNO at once)")
    p()
    lines = []
    for (t, s, c, x), rs in G.items():
        if t != "dunno":
            continue
        lines.append([s, str(c), f(med(rs, "rps"), 0),
                      ms(med(rs, "latency_ms.p50")),
                      ms(med(rs, "latency_ms.p99")),
                      f(per_req_us(rs, "loadgen"), 1),
                      f(per_req_us(rs, "target"), 1), errs(rs)])
    p(table(["scenario", "conc", "req/s", "p50 ms", "p99 ms",
             "loadgen CPU us/req", "server CPU us/req", "errors"], lines))
    p()

    p("### Throughput and latency (long-lived connections)")
    p()
    lines = []
    for (t, s, c, x), rs in G.items():
        if t == "dunno" or s not in ("hot", "cold", "zipf", "fill"):
            continue
        lines.append([tname(t, x, (t, s, c, x)), s, str(c), f(med(rs, "rps"), 0),
                      ms(med(rs, "latency_ms.p50")),
                      ms(med(rs, "latency_ms.p90")),
                      ms(med(rs, "latency_ms.p99")),
                      ms(med(rs, "latency_ms.max")), errs(rs),
                      f(per_req_us(rs, "target"), 0),
                      f(med(rs, "dns_queries_per_req"), 2),
                      mb(med(rs, "rss_kb.peak_sum"))])
    p(table(["target", "scenario", "conc", "req/s", "p50 ms", "p90 ms",
             "p99 ms", "max ms", "errors", "target CPU us/req",
             "DNS queries/req", "RSS peak MB (all processes)"], lines))
    p()

    p("### Slow DNS (10% of requests to a zone that never answers)")
    p()
    lines = []
    for (t, s, c, x), rs in G.items():
        if s != "slow":
            continue
        lines.append([tname(t, x, (t, s, c, x)), str(c), f(med(rs, "rps"), 0),
                      ms(med(rs, "classes.healthy.p50")),
                      ms(med(rs, "classes.healthy.p90")),
                      ms(med(rs, "classes.healthy.p99")),
                      ms(med(rs, "classes.healthy.max")),
                      ms(med(rs, "classes.slow.p50")),
                      ms(med(rs, "classes.slow.max")),
                      f(med(rs, "classes.healthy.n"), 0), errs(rs)])
    p(table(["target", "conc", "req/s", "healthy p50 ms", "healthy p90 ms",
             "healthy p99 ms", "healthy max ms", "slow p50 ms",
             "slow max ms", "healthy n", "errors"], lines))
    p()

    p("### Connect (or spawn) to first answer, one request per connection")
    p()
    lines = []
    for (t, s, c, x), rs in G.items():
        if s != "spawn":
            continue
        lines.append([tname(t, x, (t, s, c, x)), str(c), f(med(rs, "rps"), 0),
                      ms(med(rs, "first_answer_ms.p50")),
                      ms(med(rs, "first_answer_ms.p90")),
                      ms(med(rs, "first_answer_ms.p99")),
                      ms(med(rs, "first_answer_ms.max")),
                      mb(med(rs, "rss_kb.hwm_max")) if t in (
                          "spawn", "python", "perl", "dunno") else "-",
                      mb(med(rs, "rss_kb.peak_sum")), errs(rs)])
    p(table(["target", "conc", "connections/s", "p50 ms", "p90 ms",
             "p99 ms", "max ms", "max RSS of 1 process MB (VmHWM)",
             "RSS peak MB (sum)", "errors"], lines))
    p()

    p("### Decisions (cold, concurrency 8: every domain once)")
    p()
    lines = []
    for (t, s, c, x), rs in G.items():
        if s != "cold" or c != 8:
            continue
        a = rs[0].get("actions", {})
        res = rs[0].get("results", {})
        n = sum(a.values()) or 1
        lines.append([tname(t, x, (t, s, c, x)), ", ".join(
            "%s %.1f%%" % (k, 100.0 * v / n) for k, v in sorted(
                a.items(), key=lambda kv: -kv[1])), ", ".join(
            "%s %.1f%%" % (k, 100.0 * v / n) for k, v in sorted(
                res.items(), key=lambda kv: -kv[1]))])
    p(table(["target", "actions (share of measured answers)",
             "SPF result in the prepended header"], lines))
    p()

    # Goals.
    def m(t, s, c, path, x=""):
        rs = G.get((t, s, c, x))
        return med(rs, path) if rs else None

    p("### Goals")
    p()
    lines = []

    def goal(what, value, ok):
        lines.append([what, value, "-" if ok is None else
                      ("met" if ok else "**not met**")])

    d_hot = m("daemon", "hot", 32, "rps")
    py_hot = m("python", "hot", 32, "rps")
    if d_hot and py_hot:
        goal("hot, 32 connections: daemon >= 100x Python spawn-mode req/s "
             "(Python processes kept, as smtpd keeps its policy connection)",
             "%.0f vs %.0f req/s: %.1fx" % (d_hot, py_hot, d_hot / py_hot),
             d_hot >= 100 * py_hot)
    py_sp = m("python", "spawn", 32, "rps")
    if d_hot and py_sp:
        goal("hot, 32 connections: daemon >= 100x Python when Python "
             "answers one request per process (spawn scenario)",
             "%.0f vs %.0f req/s: %.0fx" % (d_hot, py_sp, d_hot / py_sp),
             d_hot >= 100 * py_sp)
    p99 = m("daemon", "hot", 32, "latency_ms.p99")
    if p99 is not None:
        goal("hot, 32 connections: daemon p99 < 1 ms", "%s ms" % ms(p99),
             p99 < 1)
    for c in (1, 8, 32):
        d, py = m("daemon", "cold", c, "rps"), m("python", "cold", c, "rps")
        if d and py:
            goal("cold, %d connection%s: daemon >= 10x Python" % (
                c, "s" if c > 1 else ""), "%.0f vs %.0f req/s: %.1fx" % (
                    d, py, d / py), d >= 10 * py)
    for c in (1, 8, 32):
        v = m("daemon", "slow", c, "classes.healthy.p99")
        if v is not None:
            goal("slow, %d connection%s: healthy p99 < 5 ms" % (
                c, "s" if c > 1 else ""), "%s ms" % ms(v), v < 5)
    v = m("daemon", "slow", 32, "classes.healthy.p99", "workers = 16;")
    if v is not None:
        goal("(for information) slow, 32 connections but workers = 16: "
             "healthy p99", "%s ms" % ms(v), None)
    for c in (1, 8, 32):
        v = m("spawn", "spawn", c, "first_answer_ms.p50")
        v99 = m("spawn", "spawn", c, "first_answer_ms.p99")
        pv = m("python", "spawn", c, "first_answer_ms.p50")
        if v is not None:
            goal("spawn, %d connection%s: connect to first answer < 5 ms" % (
                c, "s" if c > 1 else ""),
                "p50 %s ms, p99 %s ms (Python p50 %s ms)" % (
                    ms(v), ms(v99), ms(pv)), v < 5)
    rss = m("daemon", "fill", 32, "rss_kb.end_sum")
    if rss is not None:
        cache = first.get("dns_cache", "")
        qpr = m("daemon", "hot", 32, "dns_queries_per_req")
        working = not cache.startswith("no") and qpr is not None and \
            qpr < 0.5
        if cache.startswith("no"):
            why = " (no cache yet: policyd-spf has no dns_cache options)"
        elif not working:
            why = (" (no cache yet: the dns_cache options exist but the hot"
                   " scenario still makes %s DNS queries per request)"
                   % f(qpr, 2))
        else:
            why = ""
        goal("daemon RSS < 64 MB with 100,000 cached names",
             "%s MB after 100,000 names%s" % (mb(rss), why),
             (rss < 64 * 1024) if working else None)
    hw = [m("spawn", s, c, "rss_kb.hwm_max") for s in ("hot", "cold", "spawn")
          for c in (1, 8, 32)]
    hw = [x for x in hw if x]
    if hw:
        goal("one spawn-mode process < 4 MB RSS (VmHWM, largest seen)",
             "%s MB" % mb(max(hw)), max(hw) < 4 * 1024)
    p(table(["goal", "measured", "verdict"], lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
