#!/usr/bin/env python3
"""rfc7208_convert - the RFC 7208 test suite as data files for make check.

    rfc7208_convert.py SUITE.yml OUTDIR

SUITE.yml is the openspf/pyspf "rfc7208-tests.yml" (16 scenarios, 203
tests).  For each scenario it writes OUTDIR/NN-name.json, which
tests/test_rfc7208.py serves with unbound and runs, so that make check
needs neither PyYAML nor the YAML file.  Run it by hand (it needs PyYAML:
apt-get install python3-yaml) when the suite changes, and commit the
output.

The zone data is interpreted as pyspf's test driver (test/testspf.py)
interprets it:
  - an "SPF" entry also makes a TXT record with the same text, unless
    the name has a "TXT" entry ("TXT: NONE" only turns this off);
  - "TIMEOUT" makes every lookup of the name time out, except lookups of
    a type that has a record listed before the TIMEOUT;
  - strings are bytes: code points below 256 are those bytes, a list of
    strings is one record of several character-strings.
Type SPF (99) itself is not served: policyd-spf (libspf2 as Debian builds
it) asks for TXT only.

Output, one JSON object per scenario:
  "description"  the scenario's description;
  "records"      [name, type, rdata] in DNS presentation form, ready for
                 unbound's local-data (names and TXT strings escaped);
  "refused"      names whose lookups time out in the suite: unbound
                 answers them REFUSED, which the resolver turns into the
                 same TRY_AGAIN a timeout gives, without the wait;
  "static"       names with records below a refused name (made zones of
                 their own so that they answer NODATA, not REFUSED, for
                 the types they lack);
  "tests"        {name, spec, host, mailfrom, helo, result (a list of the
                 acceptable results), explanation (or null)}.
"""
import json
import os
import re
import sys

import yaml

TYPES = ("A", "AAAA", "MX", "TXT", "PTR", "CNAME")


def to_bytes(s):
    """A YAML string as the bytes the suite means."""
    if all(ord(c) < 256 for c in s):
        return s.encode("latin-1")
    return s.encode("utf-8")


def name_text(name):
    """A domain name in presentation form, unusual bytes as \\DDD."""
    out = []
    for b in to_bytes(name.rstrip(".")):
        c = chr(b)
        if c.isascii() and (c.isalnum() or c in "-_."):
            out.append(c)
        else:
            out.append("\\%03d" % b)
    return "".join(out) + "."


def txt_text(strings):
    """TXT rdata: character-strings of at most 255 bytes, quoted."""
    parts = []
    for s in strings:
        b = to_bytes(s)
        chunks = [b[i:i + 255] for i in range(0, len(b), 255)] or [b""]
        for chunk in chunks:
            q = []
            for x in chunk:
                c = chr(x)
                if 0x20 <= x < 0x7f and c not in '"\\':
                    q.append(c)
                else:
                    q.append("\\%03d" % x)
            parts.append('"' + "".join(q) + '"')
    if not parts:
        parts = ['""']	# no strings at all: the nearest DNS can carry
    return " ".join(parts)


def entries(rrs):
    """pyspf's getrdata(): the entries of one name, TXT generated."""
    out, generated, gen = [], [], True
    for m in rrs:
        if not isinstance(m, dict):
            out.append(m)		# "TIMEOUT"
            continue
        for t, v in m.items():
            if t in ("TXT", "SPF") and isinstance(v, str):
                v = [v]
            if t == "TXT":
                gen = False
            elif t == "SPF" and gen:
                generated.append(("TXT", v))
            if v != ["NONE"]:
                out.append((t, v))
    if gen:
        out += generated
    return out


def answer(ents, qtype):
    """The records of type qtype, or None when the lookup times out."""
    found = []
    for e in ents:
        if e == "TIMEOUT":
            return found if found else None
        t, v = e
        if t == qtype:
            found.append(v)
    return found


def rdata(qtype, v):
    if qtype == "TXT":
        return txt_text(v)
    if qtype == "MX":
        return "%d %s" % (v[0], name_text(v[1]) if v[1] else ".")
    if qtype in ("PTR", "CNAME"):
        return name_text(v)
    return str(v)


def convert(doc):
    records, refused, static = [], [], []
    zone = {}
    for name, rrs in doc["zonedata"].items():
        zone.setdefault(name.lower().rstrip("."), []).extend(rrs)
    for name in sorted(zone):
        ents = entries(zone[name])
        timeout = False
        for qtype in TYPES:
            ans = answer(ents, qtype)
            if ans is None:
                if qtype != "CNAME":
                    timeout = True
                continue
            for v in ans:
                records.append([name_text(name), qtype, rdata(qtype, v)])
        if timeout:
            refused.append(name_text(name))
    for rec in records:
        owner = rec[0]
        if owner in refused or owner in static:
            continue
        if any(owner.endswith("." + r) for r in refused):
            static.append(owner)
    tests = []
    for tname, t in doc["tests"].items():
        res = t["result"]
        tests.append({
            "name": tname,
            "spec": str(t.get("spec", "")),
            "host": t["host"],
            "mailfrom": t["mailfrom"],
            "helo": t["helo"],
            "result": res if isinstance(res, list) else [res],
            "explanation": t.get("explanation"),
        })
    return {
        "description": doc["description"],
        "records": records,
        "refused": refused,
        "static": sorted(static),
        "tests": tests,
    }


def dump(out):
    """JSON with one record, name or test per line (readable diffs)."""
    lines = ["{", ' "description": %s,' % json.dumps(out["description"])]
    for key in ("records", "refused", "static", "tests"):
        items = [" " + json.dumps(x, ensure_ascii=True) for x in out[key]]
        lines.append(' "%s": [' % key)
        lines.append(",\n".join(" " + i for i in items))
        lines.append(" ]" + ("," if key != "tests" else ""))
    lines.append("}")
    return "\n".join(lines) + "\n"


def slug(s):
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


def main(argv):
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    with open(argv[1], "rb") as f:
        docs = list(yaml.safe_load_all(f))
    os.makedirs(argv[2], exist_ok=True)
    total = 0
    for i, doc in enumerate(docs, 1):
        out = convert(doc)
        total += len(out["tests"])
        path = os.path.join(argv[2], "%02d-%s.json" % (i, slug(
            doc["description"])))
        with open(path, "w", encoding="ascii") as f:
            f.write(dump(out))
    print("%d scenarios, %d tests" % (len(docs), total))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
