#!/usr/bin/env python3
"""genzones - test zones and workloads for the policyd-spf benchmarks.

    genzones.py [--seed N] [--domains N] [--fill N] OUTDIR

Writes, deterministically for a given seed:

  OUTDIR/zones.txt       the zone file for tests/testdns.py ("$ZONE name"
                         lines, then one master-file RR per line): the
                         sender domains, the shared provider records they
                         include, HELO hosts, and nothing for the
                         NXDOMAIN senders
  OUTDIR/zones-fill.txt  zones.txt plus FILL (default 100,000) domains
                         under fill.test, one SPF record each
  OUTDIR/slowzone        the zone that is delegated to a server that never
                         answers (blackhole.test): give it to testdns as a
                         slow zone
  OUTDIR/hot.txt         workloads, one request per line:
  OUTDIR/cold.txt            CLIENT_IP HELO SENDER RECIPIENT INSTANCE [CLASS]
  OUTDIR/zipf.txt        ("<>" is the null sender; CLASS tags the line for
  OUTDIR/slow.txt        separate latency figures in loadgen)
  OUTDIR/spawn.txt
  OUTDIR/fill.txt
  OUTDIR/summary.txt     what was generated (kinds of domains, counts)

Every zone has an SOA (negative answers are cacheable for 300 s, RFC
2308).  Sender domains (DOMAINS, default 10,000) under example.com,
example.org and example.net get, by weight: includes of a handful of shared provider
records (some nested, Google/Microsoft style), ip4/ip6 lists, a/mx, mx,
redirect=, ?all, ~all and -all, no SPF record (a non-SPF TXT only),
NXDOMAIN, permerrors (syntax, two records, include of a missing record,
too many lookups) and void-lookup overruns.  Legitimate clients come from
the addresses the record authorizes, the others from 198.18.0.0/15; no
client is in 127.0.0.0/8 (pypolicyd-spf's skip_addresses) so every target
evaluates SPF.

Workloads:
  hot    one request (a domain that includes a nested provider record),
         repeated: measures the warm path
  cold   every sender domain once, in random order: each request a new
         domain (provider records are shared, as in real traffic)
  zipf   100,000 requests over the domains with Zipf(1.0) popularity
  slow   zipf, with 10% of the requests (class "slow") from unique domains
         under blackhole.test, whose lookups never get an answer; the
         rest has class "healthy"
  spawn  the hot request (for connect-to-first-answer timing)
  fill   FILL distinct domains of fill.test (fills a DNS cache with about
         two names per request: the sender domain and its HELO host)
"""
import argparse
import bisect
import os
import random
import sys

def q(txt):
    """A TXT rdata: quoted character-strings of at most 255 bytes."""
    parts = [txt[i:i + 250] for i in range(0, len(txt), 250)] or [""]
    return " ".join('"%s"' % p for p in parts)


class Gen:
    def __init__(self, seed, ndomains, nfill):
        self.r = random.Random(seed)
        self.ndomains = ndomains
        self.nfill = nfill
        self.rr = []            # (owner, type, rdata)
        self.domains = []       # dicts: name, kind, legit [(ip, helo)]
        self.kinds = {}
        self.inst = 0
        self.ip_next = 0

    def add(self, owner, rtype, rdata, ttl=3600):
        self.rr.append("%s. %d %s %s" % (owner, ttl, rtype, rdata))

    # --- addresses -------------------------------------------------
    def own_ip(self):
        """A fresh address in 198.18.0.0/16 for a domain's own server."""
        self.ip_next += 1
        n = self.ip_next
        return "198.18.%d.%d" % ((n >> 8) & 255, n & 255 or 1)

    def stranger_ip(self):
        """An address in 198.19.0.0/16, authorized by no record."""
        return "198.19.%d.%d" % (self.r.randrange(256),
                                 self.r.randrange(1, 255))

    # --- providers -------------------------------------------------
    def providers(self):
        p = {}
        z = "example.net"
        # A: flat ip4/ip6 list, ~all.
        self.add("_spf.mailhost-a." + z, "TXT", q(
            "v=spf1 ip4:192.0.2.0/25 ip4:198.51.100.0/26 "
            "ip6:2001:db8:a::/48 ~all"))
        p["a"] = ("_spf.mailhost-a." + z,
                  ["192.0.2.%d" % i for i in range(1, 120)],
                  "out%d.mailhost-a." + z)
        # B: nested netblocks (Google style): 4 TXT lookups.
        self.add("_spf.bigmail." + z, "TXT", q(
            "v=spf1 include:_netblocks.bigmail.%s "
            "include:_netblocks2.bigmail.%s "
            "include:_netblocks3.bigmail.%s ~all" % (z, z, z)))
        self.add("_netblocks.bigmail." + z, "TXT", q(
            "v=spf1 ip4:203.0.113.0/26 ip4:198.51.100.64/27 "
            "ip4:192.0.2.128/27 ip4:100.64.0.0/16 ip4:100.65.0.0/16 "
            "ip4:100.66.0.0/16 ip4:100.67.0.0/16 ~all"))
        self.add("_netblocks2.bigmail." + z, "TXT", q(
            "v=spf1 ip6:2001:db8:1000::/36 ip6:2001:db8:2000::/36 "
            "ip6:2001:db8:3000::/36 ~all"))
        self.add("_netblocks3.bigmail." + z, "TXT", q(
            "v=spf1 ip4:203.0.113.64/27 ip4:100.68.0.0/16 "
            "ip4:100.69.0.0/16 ~all"))
        p["b"] = ("_spf.bigmail." + z,
                  ["203.0.113.%d" % i for i in range(1, 60)] +
                  ["100.68.%d.%d" % (i, i + 7) for i in range(40)],
                  "mail-out%d.bigmail." + z)
        # C: Microsoft style, one nested include, -all.
        self.add("spf.protection." + z, "TXT", q(
            "v=spf1 ip4:203.0.113.128/26 ip6:2001:db8:b::/48 "
            "include:spfd.protection.%s -all" % z))
        self.add("spfd.protection." + z, "TXT", q(
            "v=spf1 ip4:203.0.113.192/27 -all"))
        p["c"] = ("spf.protection." + z,
                  ["203.0.113.%d" % i for i in range(129, 223)],
                  "mail-%d.outbound.protection." + z)
        # D: a bulk sender, ip4 only.
        self.add("sendgrid." + z, "TXT", q(
            "v=spf1 ip4:198.51.100.128/26 ip4:100.70.0.0/16 -all"))
        p["d"] = ("sendgrid." + z,
                  ["198.51.100.%d" % i for i in range(129, 191)],
                  "o%d.ptr.sendgrid." + z)
        # E: a hoster with a and mx mechanisms.
        self.add("spf.hosting." + z, "TXT", q(
            "v=spf1 a:smtp.hosting.%s mx:hosting.%s -all" % (z, z)))
        self.add("smtp.hosting." + z, "A", "192.0.2.200")
        self.add("smtp.hosting." + z, "A", "192.0.2.201")
        self.add("hosting." + z, "MX", "10 mx1.hosting.%s." % z)
        self.add("hosting." + z, "MX", "20 mx2.hosting.%s." % z)
        self.add("mx1.hosting." + z, "A", "192.0.2.210")
        self.add("mx2.hosting." + z, "A", "192.0.2.211")
        p["e"] = ("spf.hosting." + z,
                  ["192.0.2.200", "192.0.2.201", "192.0.2.210",
                   "192.0.2.211"],
                  "smtp.hosting." + z)
        for i in range(1, 100):
            self.add("out%d.mailhost-a.%s" % (i, z), "A", "192.0.2.%d" % i)
        # F: exists with a macro (one name per client address).
        self.add("spf.macro." + z, "TXT", q(
            "v=spf1 exists:%%{i}._ip.macro.%s ?all" % z))
        ips = ["203.0.113.%d" % i for i in range(224, 250)]
        for ip in ips:
            self.add("%s._ip.macro.%s" % (ip, z), "A", "127.0.0.2")
        p["f"] = ("spf.macro." + z, ips, "relay.macro." + z)
        self.prov = p

    def prov_client(self, key):
        name, ips, helo = self.prov[key]
        ip = self.r.choice(ips)
        if "%d" in helo:
            helo = helo % self.r.randrange(1, 99)
        return ip, helo

    # --- sender domains ---------------------------------------------
    KINDS = [  # kind, weight (percent)
        ("include", 30), ("ip4", 15), ("ip46", 5), ("amx", 10), ("mx", 5),
        ("mixed", 5), ("redirect", 3), ("qall", 4), ("nospf", 10),
        ("nxdomain", 8), ("permerror", 3), ("void", 2),
    ]

    WORDS = ("acme alpha apex atlas beacon blue bright cedar city cloud "
             "coast core crest delta eagle echo first fox global green "
             "harbor hill iron jade key lake leaf lime link maple metro "
             "mint north nova oak ocean orbit peak pine pixel prime quick "
             "red river rock royal sage shop silver sky solar star stone "
             "summit sun swift terra tiger trade urban valley vista wave "
             "west wind wolf zen").split()

    def domains_gen(self):
        zones = ["example.com", "example.org", "example.net"]
        kinds, weights = zip(*self.KINDS)
        cum = []
        t = 0
        for w in weights:
            t += w
            cum.append(t)
        ip4_domains = []
        for i in range(self.ndomains):
            name = "%s-%s%d.%s" % (self.r.choice(self.WORDS),
                                   self.r.choice(self.WORDS), i,
                                   zones[i % 3])
            kind = kinds[bisect.bisect_right(cum, self.r.randrange(t))]
            d = {"name": name, "kind": kind, "legit": []}
            self.kinds[kind] = self.kinds.get(kind, 0) + 1
            allq = self.r.choice(["-all", "-all", "~all", "~all", "?all"])
            own = self.own_ip()
            mailhost = "mail." + name
            spf = None
            if kind in ("include", "mixed"):
                keys = self.r.sample("abcdef", self.r.choice([1, 1, 2]))
                if kind == "mixed":
                    spf = "v=spf1 ip4:%s %s %s" % (own, " ".join(
                        "include:" + self.prov[k][0] for k in keys), allq)
                    d["legit"].append((own, mailhost))
                else:
                    spf = "v=spf1 %s %s" % (" ".join(
                        "include:" + self.prov[k][0] for k in keys), allq)
                for k in keys:
                    for _ in range(3):
                        d["legit"].append(self.prov_client(k))
            elif kind == "ip4":
                net = own.rsplit(".", 1)[0] + ".0/28"
                spf = "v=spf1 ip4:%s ip4:%s %s" % (own, net, allq)
                d["legit"].append((own, mailhost))
                ip4_domains.append(name)
            elif kind == "ip46":
                v6 = "2001:db8:%x:%x::" % (0x100 + i // 65536, i % 65536)
                spf = "v=spf1 ip4:%s ip6:%s/64 %s" % (own, v6, allq)
                d["legit"] += [(own, mailhost), (v6 + "25", mailhost)]
            elif kind == "amx":
                spf = "v=spf1 a mx %s" % allq
                self.add(name, "A", own)
                self.add(name, "MX", "10 %s." % mailhost)
                own2 = self.own_ip()
                self.add(mailhost, "A", own2)
                d["legit"] += [(own, mailhost), (own2, mailhost)]
            elif kind == "mx":
                spf = "v=spf1 mx ~all"
                self.add(name, "MX", "10 %s." % mailhost)
                self.add(name, "MX", "20 mx2.%s." % name)
                self.add(mailhost, "A", own)
                self.add("mx2." + name, "A", self.own_ip())
                d["legit"].append((own, mailhost))
            elif kind == "redirect":
                if ip4_domains and self.r.random() < 0.5:
                    spf = "v=spf1 redirect=%s" % self.r.choice(ip4_domains)
                else:
                    spf = "v=spf1 redirect=_spf.%s" % name
                    self.add("_spf." + name, "TXT",
                             q("v=spf1 ip4:%s -all" % own))
                    d["legit"].append((own, mailhost))
            elif kind == "qall":
                spf = "v=spf1 ip4:%s ?all" % own
                d["legit"].append((own, mailhost))
            elif kind == "nospf":
                self.add(name, "A", own)
                self.add(name, "MX", "10 %s." % mailhost)
                self.add(name, "TXT", q("site-verification=%08x%08x" % (
                    self.r.getrandbits(32), self.r.getrandbits(32))))
                d["legit"].append((own, mailhost))
            elif kind == "nxdomain":
                pass
            elif kind == "permerror":
                v = self.r.randrange(4)
                if v == 0:
                    spf = "v=spf1 ip4:%s foo:bar %s" % (own, allq)
                elif v == 1:
                    spf = "v=spf1 ip4:%s include:nx.%s -all" % (own, name)
                elif v == 2:
                    self.add(name, "TXT", q("v=spf1 ip4:%s -all" % own))
                    spf = "v=spf1 +all"
                else:   # 11 DNS mechanisms
                    spf = "v=spf1 " + " ".join(
                        "a:h%d.%s" % (j, name) for j in range(11)) + " -all"
                    for j in range(11):
                        self.add("h%d.%s" % (j, name), "A", own)
                d["legit"].append((own, mailhost))
            elif kind == "void":
                spf = "v=spf1 a:nx1.%s a:nx2.%s a:nx3.%s ip4:%s -all" % (
                    name, name, name, own)
                d["legit"].append((own, mailhost))
            if spf is not None:
                self.add(name, "TXT", q(spf), ttl=self.r.choice(
                    [300, 600, 3600, 3600, 86400]))
            if kind != "nxdomain":
                # The domain's own HELO host; some publish "a -all".
                if kind not in ("amx", "mx"):
                    self.add(mailhost, "A", own)
                if self.r.random() < 0.15:
                    self.add(mailhost, "TXT", q("v=spf1 a -all"))
            self.domains.append(d)

    # --- requests ---------------------------------------------------
    def instance(self):
        self.inst += 1
        return "%x.%08x.%x.0" % (0x1000 + self.inst % 0xefff,
                                 0x6b000000 + self.inst, self.inst % 997)

    def request(self, d, cls=None):
        r = self.r
        if d["legit"] and r.random() < 0.75:
            ip, helo = r.choice(d["legit"])
        else:
            ip = self.stranger_ip()
            helo = r.choice([
                "host-%s.dyn.example.org" % ip.replace(".", "-"),
                "mail." + d["name"], "localhost", "[%s]" % ip,
                "smtp%d.example.org" % r.randrange(1000)])
        if r.random() < 0.03:
            sender = "<>"
        else:
            sender = "%s%d@%s" % (r.choice(self.WORDS), r.randrange(1000),
                                  d["name"])
        rcpt = "%s@dest.example" % r.choice(self.WORDS)
        f = [ip, helo, sender, rcpt, self.instance()]
        if cls:
            f.append(cls)
        return " ".join(f)

    def write_zones(self, path, extra_zones=(), extra=()):
        with open(path, "w") as f:
            f.write("# generated by bench/genzones.py; do not edit\n")
            for z in ("example.com", "example.org", "example.net") + \
                    tuple(extra_zones):
                f.write("$ZONE %s\n" % z)
                # An SOA, as real zones have: negative answers carry it,
                # so that resolvers may cache them (RFC 2308), for 300 s.
                f.write("%s. 3600 SOA ns.%s. hostmaster.%s. 1 3600 600 "
                        "86400 300\n" % (z, z, z))
            for line in self.rr:
                f.write(line + "\n")
            for line in extra:
                f.write(line + "\n")


def write_lines(path, lines):
    with open(path, "w") as f:
        for line in lines:
            f.write(line + "\n")


def main(argv):
    ap = argparse.ArgumentParser(description="policyd-spf bench zones")
    ap.add_argument("--seed", type=int, default=20261122)
    ap.add_argument("--domains", type=int, default=10000)
    ap.add_argument("--fill", type=int, default=100000)
    ap.add_argument("--requests", type=int, default=100000,
                    help="lines in the zipf and slow workloads")
    ap.add_argument("outdir")
    a = ap.parse_args(argv[1:])
    if not (1 <= a.domains <= 1000000 and 0 <= a.fill <= 2000000):
        ap.error("--domains or --fill out of range")
    os.makedirs(a.outdir, exist_ok=True)
    g = Gen(a.seed, a.domains, a.fill)
    g.providers()
    g.domains_gen()
    g.write_zones(os.path.join(a.outdir, "zones.txt"))
    with open(os.path.join(a.outdir, "slowzone"), "w") as f:
        f.write("blackhole.test\n")

    # hot: a domain including the nested provider, a legitimate client.
    hot_d = None
    for d in g.domains:
        if d["kind"] == "include" and any(
                ip.startswith("203.0.113.") and int(ip.rsplit(".", 1)[1]) < 60
                for ip, _ in d["legit"]):
            hot_d = d
            break
    if hot_d is None:
        hot_d = g.domains[0]
    ip, helo = next((ip, h) for ip, h in hot_d["legit"]
                    if ip.startswith("203.0.113."))
    hot = "%s %s alice@%s bob@dest.example %s" % (ip, helo, hot_d["name"],
                                                  g.instance())
    write_lines(os.path.join(a.outdir, "hot.txt"), [hot])
    write_lines(os.path.join(a.outdir, "spawn.txt"), [hot])

    # cold: each domain once.
    order = list(g.domains)
    g.r.shuffle(order)
    write_lines(os.path.join(a.outdir, "cold.txt"),
                [g.request(d) for d in order])

    # zipf: rank by a fixed shuffle, P(rank k) ~ 1/k.
    ranks = list(g.domains)
    g.r.shuffle(ranks)
    cum, t = [], 0.0
    for k in range(1, len(ranks) + 1):
        t += 1.0 / k
        cum.append(t)

    def zipf_pick():
        return ranks[min(bisect.bisect_left(cum, g.r.random() * t),
                         len(ranks) - 1)]
    write_lines(os.path.join(a.outdir, "zipf.txt"),
                [g.request(zipf_pick()) for _ in range(a.requests)])

    # slow: 10% unique domains under the never-answering zone.
    lines = []
    for i in range(a.requests):
        if i % 10 == 5:
            ip = g.stranger_ip()
            lines.append("%s mail.ok%d.example.org user@s%d.blackhole.test "
                         "bob@dest.example %s slow" % (ip, i, i, g.instance()))
        else:
            lines.append(g.request(zipf_pick(), "healthy"))
    write_lines(os.path.join(a.outdir, "slow.txt"), lines)

    # fill: FILL distinct domains, one SPF record each.
    fill_rr, fill_req = [], []
    for i in range(a.fill):
        name = "f%d.fill.test" % i
        ip = "100.%d.%d.%d" % (72 + (i >> 16) % 48, (i >> 8) & 255,
                               (i & 255) or 1)
        fill_rr.append('%s. 3600 TXT "v=spf1 ip4:%s -all"' % (name, ip))
        fill_req.append("%s mail.%s u@%s bob@dest.example %s" % (
            ip, name, name, g.instance()))
    g.write_zones(os.path.join(a.outdir, "zones-fill.txt"), ["fill.test"],
                  fill_rr)
    write_lines(os.path.join(a.outdir, "fill.txt"), fill_req)

    with open(os.path.join(a.outdir, "summary.txt"), "w") as f:
        f.write("seed %d, %d sender domains, %d records, %d fill domains\n"
                % (a.seed, a.domains, len(g.rr), a.fill))
        for k, _ in Gen.KINDS:
            f.write("  %-10s %6d\n" % (k, g.kinds.get(k, 0)))
        f.write("hot request: %s\n" % hot)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
