/*
 * NAME
 *	check_lint - unit tests for lint.c (pure part)
 * DESCRIPTION
 *	"Findings": lint_parse() on records, one row a record, with every
 *	finding (level, column, text) it must report, in order, and its
 *	return value.  "Terms": how records are split into terms (type,
 *	qualifier, column, domain-spec, CIDR lengths, macros).  "Helpers":
 *	lint_is_spf() and lint_answer_size().  tests/test_tools.py runs
 *	policyd-spf --lint against the zones of tests/data/test.zone.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lint.h"
#include "xmalloc.h"

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

#define NOALL	"warning:0: neither all nor redirect=: every host that " \
		"matches nothing gets Neutral, which receivers treat like no " \
		"SPF record; end it with -all or ~all\n"

/* One record, its findings ("level:column: text" lines), its status. */
static const struct finding_row {
	const char	*record;
	const char	*want;
	int		 rc;
} finding_rows[] = {
	{ "v=spf1 ip4:192.0.2.0/24 -all", "", 0 },
	{ "V=SPF1 INCLUDE:EXAMPLE.COM MX:Mail.Example.Com/24 -ALL", "", 0 },
	{ "v=spf1  ip4:192.0.2.1   ~all  ", "", 0 },
	{ "v=spf1", NOALL, 0 },
	{ "v=spf1 ip4:192.0.2.0/24", NOALL, 0 },
	{ "v=spf1 +all", "warning:8: +all passes every host on the Internet: "
	  "use -all or ~all\n", 0 },
	{ "v=spf1 mx all", "warning:11: all passes every host on the "
	  "Internet: use -all or ~all\n", 0 },
	{ "v=spf1 ?all", "note:8: ?all gives every other host Neutral, which "
	  "receivers treat like no SPF record\n", 0 },
	{ "v=spf1 ptr -all", "warning:8: ptr: slow and unreliable, and RFC "
	  "7208 section 5.5 says ptr SHOULD NOT be used; list the addresses "
	  "with ip4:, ip6:, a or mx\n", 0 },
	{ "v=spf1 ~ptr:example.org -all", "warning:8: ~ptr:example.org: slow "
	  "and unreliable, and RFC 7208 section 5.5 says ptr SHOULD NOT be "
	  "used; list the addresses with ip4:, ip6:, a or mx\n", 0 },
	{ "v=spf1 -all mx ip4:192.0.2.1 -all",
	  "warning:13: mx: terms after all are never evaluated\n", 0 },
	{ "v=spf1 include:a.example -all redirect=b.example",
	  "warning:31: redirect= is ignored because the record has all (RFC "
	  "7208 section 6.1)\n", 0 },
	{ "v=spf1 redirect=a.example redirect=b.example",
	  "error:27: redirect= given twice: permerror (RFC 7208 section 6)\n",
	  -1 },
	{ "v=spf1 exp=a.example -all exp=b.example",
	  "error:27: exp= given twice: permerror (RFC 7208 section 6)\n", -1 },
	{ "v=spf1 ip4:0.0.0.0/0 -all", "warning:8: ip4:0.0.0.0/0 authorizes "
	  "2^32 addresses: far more than any sender has\n", 0 },
	{ "v=spf1 ip6:2000::/3 ip4:10.0.0.0/8 -all", "warning:8: ip6:2000::/3 "
	  "authorizes 2^125 addresses: far more than any sender has\n", 0 },
	{ "v=spf1 a/0 mx:example.org//0 -all",
	  "warning:8: a/0: a /0 prefix matches every address\n"
	  "warning:12: mx:example.org//0: a /0 prefix matches every address\n",
	  0 },
	{ "v=spf1 foo=bar moo.cow-far_out=man:dog/cat -all",
	  "note:8: unknown modifier \"foo\" is ignored (RFC 7208 section 6)\n"
	  "note:16: unknown modifier \"moo.cow-far_out\" is ignored (RFC 7208 "
	  "section 6)\n", 0 },
	{ "v=spf1 include:%{d}.example exists:%{i}._spf.%{d} "
	  "a:%{l1r+-}.%{o}.example -all exp=explain.%{d2}", "", 0 },
	/* Syntax errors, each at its column. */
	{ "v=spf1 foo:bar -all", "error:8: unknown mechanism \"foo:bar\"\n",
	  -1 },
	{ "v=spf1 ip4:192.0.2.0/24 ip4:192.0.2.300 foo:bar -all",
	  "error:29: ip4: \"192.0.2.300\" is not an IPv4 address\n"
	  "error:41: unknown mechanism \"foo:bar\"\n", -1 },
	{ "v=spf1 ip4:192.0.2.0/33 -all", "error:21: \"/33\" is not a prefix "
	  "length from /0 to /32\n", -1 },
	{ "v=spf1 ip4:192.0.2.1/024 -all", "error:21: \"/024\" is not a prefix "
	  "length from /0 to /32\n", -1 },
	{ "v=spf1 ip6:2001:db8::/129 -all", "error:22: \"/129\" is not a "
	  "prefix length from /0 to /128\n", -1 },
	{ "v=spf1 ip6:192.0.2.1 -all", "error:12: ip6: \"192.0.2.1\" is not "
	  "an IPv6 address\n", -1 },
	{ "v=spf1 ip4 -all", "error:11: ip4 needs \":address\"\n", -1 },
	{ "v=spf1 a:example.com/40 -all", "error:21: \"/40\" is not a prefix "
	  "length from /0 to /32\n", -1 },
	{ "v=spf1 include -all", "error:15: include needs \":domain\"\n", -1 },
	{ "v=spf1 include: -all", "error:16: include: the domain is empty\n",
	  -1 },
	{ "v=spf1 include:localhost -all", "error:16: include: \"localhost\" "
	  "is not a domain name (it must end in a dot and a top label that "
	  "is not all digits)\n", -1 },
	{ "v=spf1 include:example.123 -all", "error:16: include: "
	  "\"example.123\" is not a domain name (it must end in a dot and a "
	  "top label that is not all digits)\n", -1 },
	{ "v=spf1 exists:%{x}.example -all", "error:15: exists: bad macro: "
	  "\"%\" must be followed by {letter...}, %, _ or -\n", -1 },
	{ "v=spf1 a:%{d.example -all", "error:10: a: bad macro: no closing "
	  "}\n", -1 },
	{ "v=spf1 a:%{r}.example -all", "error:10: a: the macro letter r is "
	  "allowed in explanation texts only (RFC 7208 section 7.2)\n", -1 },
	{ "v=spf1 mxfoo -all", "error:8: unknown mechanism \"mxfoo\"\n", -1 },
	{ "v=spf1 all:x", "error:11: all takes no argument\n", -1 },
	{ "v=spf1 -redirect=x.example", "error:8: redirect=: a modifier takes "
	  "no qualifier\n", -1 },
	{ "v=spf1 redirect=", "error:17: redirect=: the domain is empty\n",
	  -1 },
	{ "v=spf1 a:b\001c.example -all", "error:11: a: character 0x01 is not "
	  "allowed\n", -1 },
	{ "spf2.0/pra ip4:192.0.2.1", "error:1: not an SPF record: it must "
	  "start with \"v=spf1\" and a space\n", -1 },
	{ "v=spf1x -all", "error:1: not an SPF record: it must start with "
	  "\"v=spf1\" and a space\n", -1 },
};

START_TEST(test_lint_findings)
{
	const struct finding_row	*row = &finding_rows[_i];
	struct lint_record		 rec;
	char				*got = xstrdup(""), *tmp;
	size_t				 i;
	int				 rc;

	rc = lint_parse(row->record, &rec);
	for (i = 0; i < rec.nprob; i++) {
		xasprintf(&tmp, "%s%s:%zu: %s\n", got,
		    rec.prob[i].level == LINT_ERROR ? "error" :
		    rec.prob[i].level == LINT_WARNING ? "warning" : "note",
		    rec.prob[i].col, rec.prob[i].text);
		free(got);
		got = tmp;
	}
	ck_assert_msg(strcmp(got, row->want) == 0, "%s\ngot:\n%swant:\n%s",
	    row->record, got, row->want);
	ck_assert_int_eq(rc, row->rc);
	free(got);
	lint_record_free(&rec);
	ck_assert_uint_eq(rec.n, 0);
}
END_TEST

/* How a record splits into terms. */
struct term_want {
	enum lint_type	 type;
	char		 qualifier;
	size_t		 col;
	const char	*domain;	/* NULL: none */
	int		 macro, cidr4, cidr6, after_all;
};

static const struct term_row {
	const char		*record;
	size_t			 n;
	struct term_want	 t[6];
} term_rows[] = {
	{ "v=spf1 a:example.com/24//64 mx//48 -a ~all", 4, {
		{ LINT_A, 0, 8, "example.com", 0, 24, 64, 0 },
		{ LINT_MX, 0, 29, NULL, 0, -1, 48, 0 },
		{ LINT_A, '-', 36, NULL, 0, -1, -1, 0 },
		{ LINT_ALL, '~', 39, NULL, 0, -1, -1, 0 } } },
	{ "v=spf1 +ip4:192.0.2.0/24 ?ip6:2001:db8::/32 ip4:192.0.2.1 "
	  "exists:%{i}.x.example redirect=r.example", 5, {
		{ LINT_IP4, '+', 8, NULL, 0, 24, -1, 0 },
		{ LINT_IP6, '?', 26, NULL, 0, -1, 32, 0 },
		{ LINT_IP4, 0, 45, NULL, 0, -1, -1, 0 },
		{ LINT_EXISTS, 0, 59, "%{i}.x.example", 1, -1, -1, 0 },
		{ LINT_REDIRECT, 0, 81, "r.example", 0, -1, -1, 0 } } },
	{ "v=spf1 include:i.example. ptr -all exp=e.example mx x=y", 6, {
		{ LINT_INCLUDE, 0, 8, "i.example.", 0, -1, -1, 0 },
		{ LINT_PTR, 0, 27, NULL, 0, -1, -1, 0 },
		{ LINT_ALL, '-', 31, NULL, 0, -1, -1, 0 },
		{ LINT_EXP, 0, 36, "e.example", 0, -1, -1, 0 },
		{ LINT_MX, 0, 50, NULL, 0, -1, -1, 1 },
		{ LINT_MODIFIER, 0, 53, NULL, 0, -1, -1, 0 } } },
	{ "v=spf1 foo a:%{d", 2, {
		{ LINT_BAD, 0, 8, NULL, 0, -1, -1, 0 },
		{ LINT_BAD, 0, 12, NULL, 0, -1, -1, 0 } } },
};

START_TEST(test_lint_terms)
{
	const struct term_row	*row = &term_rows[_i];
	const struct term_want	*w;
	struct lint_record	 rec;
	size_t			 i;

	lint_parse(row->record, &rec);
	ck_assert_uint_eq(rec.n, row->n);
	for (i = 0; i < rec.n; i++) {
		w = &row->t[i];
		ck_assert_msg(rec.term[i].type == w->type, "%s: term %zu type "
		    "%d, want %d", row->record, i, rec.term[i].type, w->type);
		ck_assert_int_eq(rec.term[i].qualifier, w->qualifier);
		ck_assert_uint_eq(rec.term[i].col, w->col);
		if (w->domain == NULL)
			ck_assert_ptr_null(rec.term[i].domain);
		else
			ck_assert_str_eq(rec.term[i].domain, w->domain);
		ck_assert_int_eq(rec.term[i].macro, w->macro);
		ck_assert_int_eq(rec.term[i].cidr4, w->cidr4);
		ck_assert_int_eq(rec.term[i].cidr6, w->cidr6);
		ck_assert_int_eq(rec.term[i].after_all, w->after_all);
	}
	lint_record_free(&rec);
}
END_TEST

START_TEST(test_lint_is_spf)
{
	ck_assert_int_eq(lint_is_spf("v=spf1"), 1);
	ck_assert_int_eq(lint_is_spf("v=spf1 -all"), 1);
	ck_assert_int_eq(lint_is_spf("V=SpF1 -all"), 1);
	ck_assert_int_eq(lint_is_spf("v=spf10 -all"), 0);
	ck_assert_int_eq(lint_is_spf("v=spf1\t-all"), 0);
	ck_assert_int_eq(lint_is_spf(" v=spf1"), 0);
	ck_assert_int_eq(lint_is_spf(""), 0);
}
END_TEST

START_TEST(test_lint_answer_size)
{
	char	*one[] = { "v=spf1 -all" };
	char	*two[2], big[301];

	/* 12 header, 13 + 4 question, 2 + 10 + 1 + 11 the record. */
	ck_assert_uint_eq(lint_answer_size("example.com", one, 1), 53);
	ck_assert_uint_eq(lint_answer_size("example.com.", one, 1), 53);
	ck_assert_uint_eq(lint_answer_size("example.com", one, 0), 29);
	memset(big, 'x', 300);
	big[300] = '\0';
	two[0] = big;
	two[1] = "";
	/* 300 bytes need two strings; an empty record one length byte. */
	ck_assert_uint_eq(lint_answer_size("example.com", two, 2),
	    29 + 12 + 302 + 12 + 1);
}
END_TEST

static Suite *
lint_suite(void)
{
	Suite	*s = suite_create("lint");
	TCase	*tc;

	tc = tcase_create("Findings");
	tcase_add_loop_test(tc, test_lint_findings, 0, NITEMS(finding_rows));
	suite_add_tcase(s, tc);

	tc = tcase_create("Terms");
	tcase_add_loop_test(tc, test_lint_terms, 0, NITEMS(term_rows));
	suite_add_tcase(s, tc);

	tc = tcase_create("Helpers");
	tcase_add_test(tc, test_lint_is_spf);
	tcase_add_test(tc, test_lint_answer_size);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	SRunner	*sr;
	int	 failed;

	sr = srunner_create(lint_suite());
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return (failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE);
}
