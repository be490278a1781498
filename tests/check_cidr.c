/*
 * NAME
 *	check_cidr - unit tests for cidr.c
 * DESCRIPTION
 *	"Core": addresses parsed, unmapped and printed; CIDR entries and
 *	lists parsed; matching, mapped forms both ways, and the daemon's
 *	default list.  "Limits": every prefix length from 0 to one over
 *	the maximum for both families, with the mask checked bit for bit,
 *	and output buffers at and under the size needed.  "Malformed":
 *	every bad address, entry and list with its exact cause.
 *
 *	Tables are run with tcase_add_loop_test(), one row a case.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cidr.h"

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

/* The loopback list policyd-spf uses when none is configured. */
#define DEFAULT_LIST	"127.0.0.0/8,::ffff:127.0.0.0/104,::1"

static struct ipaddr	 addr_of(const char *);
static const char	*text_of(const struct ipaddr *, char *, size_t);
static Suite		*cidr_suite(void);

/* addr_of - parse an address the test needs, or fail the test */
static struct ipaddr
addr_of(const char *s)
{
	struct ipaddr	a;

	ck_assert_msg(ipaddr_parse(s, &a) == 0, "cannot parse %s", s);
	return (a);
}

/* text_of - ipaddr_format into buf */
static const char *
text_of(const struct ipaddr *a, char *buf, size_t size)
{
	ipaddr_format(a, buf, size);
	return (buf);
}

/*
 * Core.
 */

/* One row: text, family (0: rejected), canonical text. */
static const struct addr_row {
	const char	*text;
	int		 af;
	const char	*canon;
} addr_rows[] = {
	{ "192.0.2.1", AF_INET, "192.0.2.1" },
	{ "0.0.0.0", AF_INET, "0.0.0.0" },
	{ "255.255.255.255", AF_INET, "255.255.255.255" },
	{ "127.0.0.1", AF_INET, "127.0.0.1" },
	{ "::", AF_INET6, "::" },
	{ "::1", AF_INET6, "::1" },
	{ "2001:DB8::1", AF_INET6, "2001:db8::1" },
	{ "2001:0db8:0000:0000:0000:0000:0000:0001", AF_INET6, "2001:db8::1" },
	{ "1:2:3::4:5:6", AF_INET6, "1:2:3::4:5:6" },
	{ "1::", AF_INET6, "1::" },
	{ "::ffff:192.0.2.1", AF_INET6, "::ffff:192.0.2.1" },
	{ "::FFFF:c000:201", AF_INET6, "::ffff:192.0.2.1" },
	{ "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255", AF_INET6,
	    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff" },
	/* Malformed. */
	{ "", 0, NULL },
	{ " 192.0.2.1", 0, NULL },
	{ "192.0.2.1 ", 0, NULL },
	{ "192.0.2.1\n", 0, NULL },
	{ "192.0.2", 0, NULL },
	{ "192.0.2.256", 0, NULL },
	{ "192.0.2.1.5", 0, NULL },
	{ "1.2.3.4.", 0, NULL },
	{ "01.2.3.4", 0, NULL },
	{ "127.1", 0, NULL },
	{ "0x7f.0.0.1", 0, NULL },
	{ "[::1]", 0, NULL },
	{ "fe80::1%eth0", 0, NULL },
	{ "::1/128", 0, NULL },
	{ "192.0.2.1/32", 0, NULL },
	{ "1::2::3", 0, NULL },
	{ ":::1", 0, NULL },
	{ "gggg::1", 0, NULL },
	{ "::ffff:1.2.3", 0, NULL },
	{ "localhost", 0, NULL },
	{ "unknown", 0, NULL },
};

START_TEST(test_cidr_ipaddr_parse)
{
	const struct addr_row	*row = &addr_rows[_i];
	struct ipaddr		 a, sentinel;
	char			 buf[IPADDR_TEXT_MAX];

	memset(&a, 0x5a, sizeof(a));
	sentinel = a;
	if (row->af == 0) {
		ck_assert_msg(ipaddr_parse(row->text, &a) == -1,
		    "accepted \"%s\"", row->text);
		ck_assert_mem_eq(&a, &sentinel, sizeof(a));
		return;
	}
	ck_assert_msg(ipaddr_parse(row->text, &a) == 0, "refused \"%s\"",
	    row->text);
	ck_assert_int_eq(a.af, row->af);
	if (row->af == AF_INET) {
		static const uint8_t	zero[12];

		ck_assert_mem_eq(a.a + 4, zero, sizeof(zero));
	}
	ck_assert_str_eq(text_of(&a, buf, sizeof(buf)), row->canon);
}
END_TEST

START_TEST(test_cidr_ipaddr_parse_null)
{
	struct ipaddr	a;

	ck_assert_int_eq(ipaddr_parse(NULL, &a), -1);
}
END_TEST

/* One row: input, return value, result text, result family. */
static const struct unmap_row {
	const char	*text;
	int		 ret;
	const char	*after;
	int		 af;
} unmap_rows[] = {
	{ "::ffff:192.0.2.1", 1, "192.0.2.1", AF_INET },
	{ "::ffff:0.0.0.0", 1, "0.0.0.0", AF_INET },
	{ "::ffff:255.255.255.255", 1, "255.255.255.255", AF_INET },
	{ "::ffff:127.0.0.5", 1, "127.0.0.5", AF_INET },
	{ "192.0.2.1", 0, "192.0.2.1", AF_INET },
	{ "::1", 0, "::1", AF_INET6 },
	{ "::", 0, "::", AF_INET6 },
	{ "::192.0.2.1", 0, "::192.0.2.1", AF_INET6 },	/* compatible */
	{ "::fffe:192.0.2.1", 0, "::fffe:c000:201", AF_INET6 },
	{ "::1:ffff:192.0.2.1", 0, "::1:ffff:c000:201", AF_INET6 },
	{ "64:ff9b::192.0.2.1", 0, "64:ff9b::c000:201", AF_INET6 },
	{ "2001:db8::ffff:192.0.2.1", 0, "2001:db8::ffff:c000:201",
	    AF_INET6 },
};

START_TEST(test_cidr_ipaddr_unmap)
{
	const struct unmap_row	*row = &unmap_rows[_i];
	struct ipaddr		 a, want;
	char			 buf[IPADDR_TEXT_MAX];

	a = addr_of(row->text);
	ck_assert_int_eq(ipaddr_unmap(&a), row->ret);
	ck_assert_int_eq(a.af, row->af);
	ck_assert_str_eq(text_of(&a, buf, sizeof(buf)), row->after);
	/* Byte for byte what parsing the result gives. */
	want = addr_of(row->after);
	ck_assert_mem_eq(&a, &want, sizeof(a));
	/* Once unmapped, twice is a no-op. */
	ck_assert_int_eq(ipaddr_unmap(&a), 0);
	ck_assert_mem_eq(&a, &want, sizeof(a));
}
END_TEST

/* One row: entry, family, prefix, masked address as text. */
static const struct entry_row {
	const char	*text;
	int		 af;
	int		 prefix;
	const char	*addr;
} entry_rows[] = {
	{ "192.0.2.1", AF_INET, 32, "192.0.2.1" },
	{ "192.0.2.1/32", AF_INET, 32, "192.0.2.1" },
	{ "192.0.2.1/31", AF_INET, 31, "192.0.2.0" },
	{ "192.0.2.3/30", AF_INET, 30, "192.0.2.0" },
	{ "192.0.2.255/25", AF_INET, 25, "192.0.2.128" },
	{ "192.0.2.1/24", AF_INET, 24, "192.0.2.0" },
	{ "10.1.2.3/8", AF_INET, 8, "10.0.0.0" },
	{ "10.1.2.3/9", AF_INET, 9, "10.0.0.0" },
	{ "10.255.2.3/9", AF_INET, 9, "10.128.0.0" },
	{ "192.0.2.255/0", AF_INET, 0, "0.0.0.0" },
	{ "0.0.0.0/0", AF_INET, 0, "0.0.0.0" },
	{ "127.0.0.0/8", AF_INET, 8, "127.0.0.0" },
	{ "::1", AF_INET6, 128, "::1" },
	{ "::1/128", AF_INET6, 128, "::1" },
	{ "::/0", AF_INET6, 0, "::" },
	{ "2001:db8::/32", AF_INET6, 32, "2001:db8::" },
	{ "2001:db8:ffff::1/33", AF_INET6, 33, "2001:db8:8000::" },
	{ "fe80::1/10", AF_INET6, 10, "fe80::" },
	{ "febf:ffff::1/10", AF_INET6, 10, "fe80::" },
	{ "2001:db8::ffff/127", AF_INET6, 127, "2001:db8::fffe" },
	{ "::ffff:127.0.0.0/104", AF_INET6, 104, "::ffff:127.0.0.0" },
	{ "::ffff:127.1.2.3/104", AF_INET6, 104, "::ffff:127.0.0.0" },
	{ "::ffff:192.0.2.1", AF_INET6, 128, "::ffff:192.0.2.1" },
};

START_TEST(test_cidr_parse)
{
	const struct entry_row	*row = &entry_rows[_i];
	struct cidr		 c;
	const char		*cause = "untouched";
	char			 buf[IPADDR_TEXT_MAX];

	ck_assert_msg(cidr_parse(row->text, &c, &cause) == 0,
	    "refused \"%s\": %s", row->text, cause);
	ck_assert_int_eq(c.addr.af, row->af);
	ck_assert_int_eq(c.prefix, row->prefix);
	ck_assert_str_eq(text_of(&c.addr, buf, sizeof(buf)), row->addr);
	ck_assert_int_eq(cidr_parse(row->text, &c, NULL), 0);
}
END_TEST

/* One row: a good list and how many entries it has. */
static const struct list_row {
	const char	*csv;
	size_t		 n;
} list_rows[] = {
	{ "", 0 },
	{ " , ,,\t", 0 },
	{ DEFAULT_LIST, 3 },
	{ "127.0.0.0/8 ::1", 2 },
	{ "127.0.0.0/8, ::1\t10.0.0.0/8\n", 3 },
	{ ",,192.0.2.1,,", 1 },
	{ "192.0.2.1,192.0.2.1", 2 },
};

START_TEST(test_cidr_list_parse)
{
	const struct list_row	*row = &list_rows[_i];
	struct cidr_list	 l = { NULL, 0 };
	char			*cause = (char *)"untouched";

	ck_assert_int_eq(cidr_list_parse(&l, row->csv, &cause), 0);
	ck_assert_ptr_null(cause);
	ck_assert_uint_eq(l.n, row->n);
	/* Appends. */
	ck_assert_int_eq(cidr_list_parse(&l, "198.51.100.0/24", &cause), 0);
	ck_assert_uint_eq(l.n, row->n + 1);
	ck_assert_int_eq(l.v[row->n].prefix, 24);
	cidr_list_free(&l);
	ck_assert_ptr_null(l.v);
	ck_assert_uint_eq(l.n, 0);
	cidr_list_free(&l);		/* twice is harmless */
}
END_TEST

START_TEST(test_cidr_list_entries)
{
	struct cidr_list	 l = { NULL, 0 };
	char			*cause;
	char			 buf[IPADDR_TEXT_MAX];

	ck_assert_int_eq(cidr_list_parse(&l, DEFAULT_LIST, &cause), 0);
	ck_assert_uint_eq(l.n, 3);
	ck_assert_int_eq(l.v[0].addr.af, AF_INET);
	ck_assert_int_eq(l.v[0].prefix, 8);
	ck_assert_str_eq(text_of(&l.v[0].addr, buf, sizeof(buf)),
	    "127.0.0.0");
	ck_assert_int_eq(l.v[1].addr.af, AF_INET6);
	ck_assert_int_eq(l.v[1].prefix, 104);
	ck_assert_str_eq(text_of(&l.v[1].addr, buf, sizeof(buf)),
	    "::ffff:127.0.0.0");
	ck_assert_int_eq(l.v[2].addr.af, AF_INET6);
	ck_assert_int_eq(l.v[2].prefix, 128);
	ck_assert_str_eq(text_of(&l.v[2].addr, buf, sizeof(buf)), "::1");
	cidr_list_free(&l);
}
END_TEST

/* One row: list, address, whether it matches. */
static const struct match_row {
	const char	*csv;
	const char	*addr;
	int		 match;
} match_rows[] = {
	{ DEFAULT_LIST, "127.0.0.1", 1 },
	{ DEFAULT_LIST, "::1", 1 },
	{ DEFAULT_LIST, "::ffff:127.0.0.5", 1 },
	{ DEFAULT_LIST, "192.0.2.1", 0 },
	{ DEFAULT_LIST, "127.255.255.255", 1 },
	{ DEFAULT_LIST, "126.255.255.255", 0 },
	{ DEFAULT_LIST, "128.0.0.1", 0 },
	{ DEFAULT_LIST, "::2", 0 },
	{ DEFAULT_LIST, "::", 0 },
	{ DEFAULT_LIST, "::ffff:192.0.2.1", 0 },
	{ DEFAULT_LIST, "::127.0.0.1", 0 },	/* compatible, not mapped */
	{ DEFAULT_LIST, "2001:db8::1", 0 },
	/* A mapped address matches an IPv4 entry. */
	{ "192.0.2.0/24", "::ffff:192.0.2.77", 1 },
	{ "192.0.2.0/24", "::ffff:192.0.3.1", 0 },
	{ "192.0.2.0/24", "192.0.2.255", 1 },
	{ "192.0.2.0/24", "192.0.3.0", 0 },
	{ "192.0.2.0/24", "::192.0.2.1", 0 },
	/* An IPv4 address matches a mapped entry. */
	{ "::ffff:192.0.2.0/120", "192.0.2.9", 1 },
	{ "::ffff:192.0.2.0/120", "192.0.3.9", 0 },
	{ "::ffff:192.0.2.0/120", "::ffff:192.0.2.9", 1 },
	{ "::ffff:0:0/96", "203.0.113.5", 1 },
	/* Mapped forms fall inside ::/0, and only they in 0.0.0.0/0. */
	{ "::/0", "192.0.2.1", 1 },
	{ "::/0", "2001:db8::1", 1 },
	{ "0.0.0.0/0", "::ffff:1.2.3.4", 1 },
	{ "0.0.0.0/0", "::1", 0 },
	{ "0.0.0.0/0", "2001:db8::1", 0 },
	{ "0.0.0.0/0", "0.0.0.0", 1 },
	/* Prefixes that end inside a byte. */
	{ "192.0.2.0/31", "192.0.2.1", 1 },
	{ "192.0.2.0/31", "192.0.2.2", 0 },
	{ "128.0.0.0/1", "127.255.255.255", 0 },
	{ "128.0.0.0/1", "128.0.0.0", 1 },
	{ "128.0.0.0/1", "255.1.1.1", 1 },
	{ "10.0.0.0/8 192.0.2.0/25", "192.0.2.127", 1 },
	{ "10.0.0.0/8 192.0.2.0/25", "192.0.2.128", 0 },
	{ "10.0.0.0/8 192.0.2.0/25", "10.200.0.1", 1 },
	{ "2001:db8::/32", "2001:db8:ffff::1", 1 },
	{ "2001:db8::/32", "2001:db9::", 0 },
	{ "2001:db8::/32", "192.0.2.1", 0 },
	{ "2001:db8::1/127", "2001:db8::", 1 },
	{ "2001:db8::1/127", "2001:db8::1", 1 },
	{ "2001:db8::1/127", "2001:db8::2", 0 },
	{ "fe80::/10", "febf::1", 1 },
	{ "fe80::/10", "fec0::1", 0 },
	/* Single addresses. */
	{ "192.0.2.1", "192.0.2.1", 1 },
	{ "192.0.2.1", "192.0.2.2", 0 },
	{ "192.0.2.1", "::ffff:192.0.2.1", 1 },
	{ "::ffff:192.0.2.1", "192.0.2.1", 1 },
	{ "2001:db8::1", "2001:db8::1", 1 },
	{ "2001:db8::1", "2001:db8::1:0", 0 },
	/* Nothing is in an empty list. */
	{ "", "127.0.0.1", 0 },
	{ "", "::1", 0 },
};

START_TEST(test_cidr_list_match)
{
	const struct match_row	*row = &match_rows[_i];
	struct cidr_list	 l = { NULL, 0 };
	struct ipaddr		 a;
	char			*cause;

	ck_assert_int_eq(cidr_list_parse(&l, row->csv, &cause), 0);
	a = addr_of(row->addr);
	ck_assert_msg(cidr_list_match(&l, &a) == row->match,
	    "\"%s\" in \"%s\": want %d", row->addr, row->csv, row->match);
	cidr_list_free(&l);
}
END_TEST

START_TEST(test_cidr_default_list)
{
	struct cidr_list	 l = { NULL, 0 };
	struct ipaddr		 a;
	char			*cause;

	ck_assert_int_eq(cidr_list_parse(&l, DEFAULT_LIST, &cause), 0);
	ck_assert_uint_eq(l.n, 3);
	a = addr_of("127.0.0.1");
	ck_assert_int_eq(cidr_list_match(&l, &a), 1);
	a = addr_of("::1");
	ck_assert_int_eq(cidr_list_match(&l, &a), 1);
	a = addr_of("::ffff:127.0.0.5");
	ck_assert_int_eq(cidr_list_match(&l, &a), 1);
	a = addr_of("192.0.2.1");
	ck_assert_int_eq(cidr_list_match(&l, &a), 0);
	/* The address itself is not changed by matching. */
	a = addr_of("::ffff:127.0.0.5");
	ck_assert_int_eq(cidr_list_match(&l, &a), 1);
	ck_assert_int_eq(a.af, AF_INET6);
	cidr_list_free(&l);
}
END_TEST

START_TEST(test_cidr_match_bad_family)
{
	struct cidr_list	 l = { NULL, 0 };
	struct ipaddr		 a;
	char			*cause;

	ck_assert_int_eq(cidr_list_parse(&l, "::/0 0.0.0.0/0", &cause), 0);
	memset(&a, 0, sizeof(a));
	ck_assert_int_eq(cidr_list_match(&l, &a), 0);
	cidr_list_free(&l);
}
END_TEST

START_TEST(test_cidr_ipaddr_format)
{
	struct ipaddr	a;
	char		buf[IPADDR_TEXT_MAX];

	/* Exactly enough room, then one byte short: "" not a cut address. */
	a = addr_of("192.0.2.123");
	ck_assert_str_eq(text_of(&a, buf, 12), "192.0.2.123");
	memset(buf, 'Z', sizeof(buf));
	ck_assert_str_eq(text_of(&a, buf, 11), "");
	a = addr_of("ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255");
	ck_assert_str_eq(text_of(&a, buf, 40),
	    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
	ck_assert_str_eq(text_of(&a, buf, 39), "");
	/* The longest text form fits IPADDR_TEXT_MAX. */
	a = addr_of("::ffff:255.255.255.255");
	ck_assert_str_eq(text_of(&a, buf, sizeof(buf)),
	    "::ffff:255.255.255.255");
	/* Size 0: buf untouched. */
	memset(buf, 'Z', sizeof(buf));
	ipaddr_format(&a, buf, 0);
	ck_assert_int_eq(buf[0], 'Z');
	/* Unknown family. */
	memset(&a, 0, sizeof(a));
	ck_assert_str_eq(text_of(&a, buf, sizeof(buf)), "");
}
END_TEST

/*
 * Limits: every prefix length, with the mask checked bit for bit.
 * _i: 0 to 33 for IPv4, then 34 to 163 for IPv6 (0 to 129).
 */
START_TEST(test_cidr_prefix_lengths)
{
	struct cidr	 c;
	struct ipaddr	 all;
	const char	*cause = NULL, *ones;
	char		 text[128];
	int		 af, max, len, ret, bit, ones_seen = 0;

	if (_i <= 33) {
		af = AF_INET;
		max = 32;
		len = _i;
		ones = "255.255.255.255";
	} else {
		af = AF_INET6;
		max = 128;
		len = _i - 34;
		ones = "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff";
	}
	snprintf(text, sizeof(text), "%s/%d", ones, len);
	ret = cidr_parse(text, &c, &cause);
	if (len > max) {
		ck_assert_int_eq(ret, -1);
		ck_assert_str_eq(cause, "bad prefix length");
		return;
	}
	ck_assert_msg(ret == 0, "%s: %s", text, cause);
	ck_assert_int_eq(c.addr.af, af);
	ck_assert_int_eq(c.prefix, len);
	/* The first len bits are kept, all the rest cleared. */
	for (bit = 0; bit < 128; bit++)
		if (c.addr.a[bit / 8] & (0x80 >> (bit % 8))) {
			ck_assert_int_lt(bit, len);
			ones_seen++;
		}
	ck_assert_int_eq(ones_seen, len);

	/*
	 * The all-ones address is in it; with one bit flipped inside the
	 * prefix it is not, with one flipped outside it still is.
	 */
	{
		struct cidr_list	l = { &c, 1 };

		all = addr_of(ones);
		ck_assert_int_eq(cidr_list_match(&l, &all), 1);
		if (len > 0) {
			all.a[(len - 1) / 8] ^= 0x80 >> ((len - 1) % 8);
			ck_assert_int_eq(cidr_list_match(&l, &all), 0);
			all.a[(len - 1) / 8] ^= 0x80 >> ((len - 1) % 8);
		}
		if (len < max) {
			all.a[len / 8] ^= 0x80 >> (len % 8);
			ck_assert_int_eq(cidr_list_match(&l, &all), 1);
		}
	}
}
END_TEST

START_TEST(test_cidr_long_input)
{
	struct cidr	 c;
	const char	*cause;
	char		 text[256];

	/* Longer than any address: refused, not cut to fit. */
	memset(text, '1', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	ck_assert_int_eq(cidr_parse(text, &c, &cause), -1);
	ck_assert_str_eq(cause, "not an IP address");
	/* IPADDR_TEXT_MAX - 1 bytes is the longest address text. */
	snprintf(text, sizeof(text), "%s/96",
	    "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255");
	ck_assert_uint_eq(strlen(text) - 3, IPADDR_TEXT_MAX - 1);
	ck_assert_int_eq(cidr_parse(text, &c, &cause), 0);
	ck_assert_int_eq(c.prefix, 96);
	snprintf(text, sizeof(text), "%s/96",
	    "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.0255");
	ck_assert_int_eq(cidr_parse(text, &c, &cause), -1);
	ck_assert_str_eq(cause, "not an IP address");
	snprintf(text, sizeof(text), "%s/96",
	    "0ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255");
	ck_assert_int_eq(cidr_parse(text, &c, &cause), -1);
	ck_assert_str_eq(cause, "not an IP address");
}
END_TEST

/*
 * Malformed.
 */

/* One row: entry and its cause. */
static const struct bad_entry_row {
	const char	*text;
	const char	*cause;
} bad_entry_rows[] = {
	{ "", "not an IP address" },
	{ "/8", "not an IP address" },
	{ "/", "not an IP address" },
	{ " 192.0.2.1", "not an IP address" },
	{ "192.0.2.1 ", "not an IP address" },
	{ "192.0.2.1 /8", "not an IP address" },
	{ "192.0.2.1x", "not an IP address" },
	{ "192.0.2/24", "not an IP address" },
	{ "192.0.2.0.0/24", "not an IP address" },
	{ "example.org/24", "not an IP address" },
	{ "example.org", "not an IP address" },
	{ "[::1]/128", "not an IP address" },
	{ "[::1]", "not an IP address" },
	{ "fe80::1%eth0/64", "not an IP address" },
	{ "192.0.2.1/", "bad prefix length" },
	{ "192.0.2.1/33", "bad prefix length" },
	{ "192.0.2.1/128", "bad prefix length" },
	{ "::1/129", "bad prefix length" },
	{ "::1/", "bad prefix length" },
	{ "192.0.2.1/032", "bad prefix length" },
	{ "192.0.2.1/00", "bad prefix length" },
	{ "192.0.2.1/08", "bad prefix length" },
	{ "::1/0128", "bad prefix length" },
	{ "192.0.2.1/-1", "bad prefix length" },
	{ "192.0.2.1/-0", "bad prefix length" },
	{ "192.0.2.1/+8", "bad prefix length" },
	{ "192.0.2.1/ 8", "bad prefix length" },
	{ "192.0.2.1/8 ", "bad prefix length" },
	{ "192.0.2.1/8\n", "bad prefix length" },
	{ "192.0.2.1/8/8", "bad prefix length" },
	{ "192.0.2.1//8", "bad prefix length" },
	{ "192.0.2.1/8x", "bad prefix length" },
	{ "192.0.2.1/0x8", "bad prefix length" },
	{ "192.0.2.1/8.0", "bad prefix length" },
	{ "192.0.2.1/255.255.255.0", "bad prefix length" },
	{ "192.0.2.1/4294967304", "bad prefix length" },	/* 2^32 + 8 */
	{ "192.0.2.1/99999999999999999999", "bad prefix length" },
};

START_TEST(test_cidr_parse_bad)
{
	const struct bad_entry_row	*row = &bad_entry_rows[_i];
	struct cidr			 c, sentinel;
	const char			*cause = NULL;

	memset(&c, 0x5a, sizeof(c));
	sentinel = c;
	ck_assert_msg(cidr_parse(row->text, &c, &cause) == -1,
	    "accepted \"%s\"", row->text);
	ck_assert_ptr_nonnull(cause);
	ck_assert_str_eq(cause, row->cause);
	ck_assert_mem_eq(&c, &sentinel, sizeof(c));
	ck_assert_int_eq(cidr_parse(row->text, &c, NULL), -1);
}
END_TEST

/* One row: list and the cause for its first bad entry. */
static const struct bad_list_row {
	const char	*csv;
	const char	*cause;
} bad_list_rows[] = {
	{ "bogus", "bogus: not an IP address" },
	{ "127.0.0.0/8,bogus,::1", "bogus: not an IP address" },
	{ "127.0.0.0/8,10.0.0.0/33", "10.0.0.0/33: bad prefix length" },
	{ "10.0.0.0/08", "10.0.0.0/08: bad prefix length" },
	{ "::1 ::2/129 nonsense", "::2/129: bad prefix length" },
	{ "127.0.0.0/8;::1", "127.0.0.0/8;::1: bad prefix length" },
	{ "127.0.0.1;::1", "127.0.0.1;::1: not an IP address" },
	{ "10.0.0.0/ 8", "10.0.0.0/: bad prefix length" },
	{ "[::1]", "[::1]: not an IP address" },
};

START_TEST(test_cidr_list_parse_bad)
{
	const struct bad_list_row	*row = &bad_list_rows[_i];
	struct cidr_list		 l = { NULL, 0 };
	char				*cause = NULL;

	/* A list already holding one entry keeps exactly that. */
	ck_assert_int_eq(cidr_list_parse(&l, "198.51.100.7", &cause), 0);
	ck_assert_int_eq(cidr_list_parse(&l, row->csv, &cause), -1);
	ck_assert_ptr_nonnull(cause);
	ck_assert_str_eq(cause, row->cause);
	free(cause);
	ck_assert_uint_eq(l.n, 1);
	ck_assert_int_eq(l.v[0].prefix, 32);
	/* cause may be NULL. */
	ck_assert_int_eq(cidr_list_parse(&l, row->csv, NULL), -1);
	ck_assert_uint_eq(l.n, 1);
	cidr_list_free(&l);

	/* And into an empty list: nothing allocated on failure. */
	ck_assert_int_eq(cidr_list_parse(&l, row->csv, &cause), -1);
	free(cause);
	ck_assert_ptr_null(l.v);
	ck_assert_uint_eq(l.n, 0);
}
END_TEST

/* cidr_suite - every test case of cidr.c */
static Suite *
cidr_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("cidr");

	tc = tcase_create("Core");
	tcase_add_loop_test(tc, test_cidr_ipaddr_parse, 0, NITEMS(addr_rows));
	tcase_add_test(tc, test_cidr_ipaddr_parse_null);
	tcase_add_loop_test(tc, test_cidr_ipaddr_unmap, 0,
	    NITEMS(unmap_rows));
	tcase_add_test(tc, test_cidr_ipaddr_format);
	tcase_add_loop_test(tc, test_cidr_parse, 0, NITEMS(entry_rows));
	tcase_add_loop_test(tc, test_cidr_list_parse, 0, NITEMS(list_rows));
	tcase_add_test(tc, test_cidr_list_entries);
	tcase_add_loop_test(tc, test_cidr_list_match, 0, NITEMS(match_rows));
	tcase_add_test(tc, test_cidr_default_list);
	tcase_add_test(tc, test_cidr_match_bad_family);
	suite_add_tcase(s, tc);

	tc = tcase_create("Limits");
	tcase_add_loop_test(tc, test_cidr_prefix_lengths, 0, 34 + 130);
	tcase_add_test(tc, test_cidr_long_input);
	suite_add_tcase(s, tc);

	tc = tcase_create("Malformed");
	tcase_add_loop_test(tc, test_cidr_parse_bad, 0,
	    NITEMS(bad_entry_rows));
	tcase_add_loop_test(tc, test_cidr_list_parse_bad, 0,
	    NITEMS(bad_list_rows));
	suite_add_tcase(s, tc);

	return (s);
}

int
main(void)
{
	SRunner	*sr;
	int	 failed;

	sr = srunner_create(cidr_suite());
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return (failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE);
}
