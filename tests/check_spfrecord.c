/*
 * NAME
 *	check_spfrecord - unit tests of the RFC 7208 record validator
 * SYNOPSIS
 *	tests/check_spfrecord
 * DESCRIPTION
 *	Table-driven: each row is a record and either its normalised text
 *	or its cause.  No DNS (the module is pure).
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spfrecord.h"

/*
 * A record and what spfrecord_check() makes of it: the normalised
 * record, or (normal NULL) the exact cause.
 */
static const struct check_row {
	const char	*record;
	const char	*normal;
	const char	*cause;
} check_rows[] = {
	/* Plain records, spaces and case. */
	{ "v=spf1", "v=spf1", NULL },
	{ "v=spf1 ", "v=spf1", NULL },
	{ "V=SpF1 -ALL", "v=spf1 -all", NULL },
	{ "v=spf1 a  -all ", "v=spf1 a:%{d}.@1 -all", NULL },
	{ "v=spf1 +all", "v=spf1 +all", NULL },
	{ "v=spf1 ?all ~all", "v=spf1 ?all ~all", NULL },
	{ "v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 -all",
	    "v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 -all", NULL },
	{ "v=spf1 IP4:192.0.2.1 Include:_spf.example.com -All",
	    "v=spf1 ip4:192.0.2.1 include:_spf.example.com -all", NULL },
	/* a, mx, exists: the tag; a missing domain-spec is %{d}. */
	{ "v=spf1 a mx exists:%{i}.bl.example.org",
	    "v=spf1 a:%{d}.@1 mx:%{d}.@1 exists:%{i}.bl.example.org.@1",
	    NULL },
	{ "v=spf1 a:mail.example.com. mx:example.com/24//64",
	    "v=spf1 a:mail.example.com.@1 mx:example.com.@1/24//64", NULL },
	{ "v=spf1 a/24 mx//64 -a:x.example.com/32//128",
	    "v=spf1 a:%{d}.@1/24 mx:%{d}.@1//64 "
	    "-a:x.example.com.@1/32//128", NULL },
	{ "v=spf1 exists:%{ir}.%{v}._spf.%{d2}.",
	    "v=spf1 exists:%{ir}.%{v}._spf.%{d2}.@1", NULL },
	{ "v=spf1 ptr ptr:example.com -ptr:%{d}",
	    "v=spf1 ptr ptr:example.com -ptr:%{d}", NULL },
	/* Zero CIDR lengths. */
	{ "v=spf1 a/0 -all", "v=spf1 a:%{d}.@3 -all", NULL },
	{ "v=spf1 a//0 -all", "v=spf1 a:%{d}.@5 -all", NULL },
	{ "v=spf1 mx:example.com/0//0", "v=spf1 mx:example.com.@7", NULL },
	{ "v=spf1 a/0//64", "v=spf1 a:%{d}.@3//64", NULL },
	{ "v=spf1 -ip4:1.1.1.1/0",
	    "v=spf1 -ip4:0.0.0.0/1 -ip4:128.0.0.0/1", NULL },
	{ "v=spf1 ip6:::1.1.1.1/0", "v=spf1 ip6:::/1 ip6:8000::/1", NULL },
	{ "v=spf1 ip4:1.2.3.4/32 ip6:::1/128",
	    "v=spf1 ip4:1.2.3.4/32 ip6:::1/128", NULL },
	/* Modifiers: unknown ones dropped, redirect= last, exp= kept. */
	{ "v=spf1 moo.cow-far_out=man:dog/cat ip4:1.2.3.4 -all",
	    "v=spf1 ip4:1.2.3.4 -all", NULL },
	{ "v=spf1 redirect=_spf.example.com a",
	    "v=spf1 a:%{d}.@1 redirect=_spf.example.com", NULL },
	{ "v=spf1 redirect=t5.example.com ~all", "v=spf1 ~all", NULL },
	{ "v=spf1 exp=why.%{d} redirect=x.example.com -ip4:1.2.3.4",
	    "v=spf1 -ip4:1.2.3.4 redirect=x.example.com exp=why.%{d}", NULL },
	{ "v=spf1 default=pass x-foo=%{c}%{r}%{t} a=b",
	    "v=spf1", NULL },
	{ "v=spf1 exp-text=nope -all", "v=spf1 -all", NULL },
	/* Macros: every form, "R" written "r". */
	{ "v=spf1 a:macro%%percent%_%_space%-url-space.example.com -all",
	    "v=spf1 a:macro%%percent%_%_space%-url-space.example.com.@1 -all",
	    NULL },
	{ "v=spf1 exists:%{l2R+-}.%{S}.%{o1r}.%{H}.%{p}.%{v}.%{i32}.x.example",
	    "v=spf1 exists:%{l2r+-}.%{S}.%{o1r}.%{H}.%{p}.%{v}.%{i32}.x.example"
	    ".@1", NULL },
	{ "v=spf1 include:%{d1.-+,/_=}.example.com",
	    "v=spf1 include:%{d1.-+,/_=}.example.com", NULL },
	{ "v=spf1 a:%{d}", "v=spf1 a:%{d}.@1", NULL },
	{ "v=spf1 a:foo.com%%", "v=spf1 a:foo.com%%.@1", NULL },
	/* Domain-specs: what is allowed. */
	{ "v=spf1 a:foo:bar/baz.example.com",
	    "v=spf1 a:foo:bar/baz.example.com.@1", NULL },
	{ "v=spf1 a:foo.example.xn--zckzah -all",
	    "v=spf1 a:foo.example.xn--zckzah.@1 -all", NULL },
	{ "v=spf1 a:mail.example...com -all",
	    "v=spf1 a:mail.example...com.@1 -all", NULL },
	{ "v=spf1 a:x.1-2 a:x.a1", "v=spf1 a:x.1-2.@1 a:x.a1.@1", NULL },
	/* More than ten DNS-querying terms: the rest is dropped. */
	{ "v=spf1 a a a a a a a a a a a ip4:1.2.3.4 a -all redirect=x.com",
	    "v=spf1 a:%{d}.@1 a:%{d}.@1 a:%{d}.@1 a:%{d}.@1 a:%{d}.@1 "
	    "a:%{d}.@1 a:%{d}.@1 a:%{d}.@1 a:%{d}.@1 a:%{d}.@1 a:%{d}.@1",
	    NULL },
	{ "v=spf1 a a a a a a a a a a redirect=x.com",
	    "v=spf1 a:%{d}.@1 a:%{d}.@1 a:%{d}.@1 a:%{d}.@1 a:%{d}.@1 "
	    "a:%{d}.@1 a:%{d}.@1 a:%{d}.@1 a:%{d}.@1 a:%{d}.@1 "
	    "redirect=x.com", NULL },
	{ "v=spf1 ptr ptr ptr ptr ptr ptr ptr ptr ptr ptr ptr ptr bad",
	    NULL, "Unknown mechanism found near 'bad'" },

	/* Characters (section 4.6.1, 3.1). */
	{ "v=spf1 a:ctrl.example.com\rptr -all", NULL,
	    "Invalid character 0x0d in 'a:ctrl.example.com?ptr'" },
	{ "v=spf1 ip4:192.0.2.5\n include:x.example.com ~all", NULL,
	    "Invalid character 0x0a in 'ip4:192.0.2.5?'" },
	{ "v=spf1 \x80" "a:example.net -all", NULL,
	    "Invalid character 0x80 in '?a:example.net'" },
	{ "v=spf1 a:example.net\t-all", NULL,
	    "Invalid character 0x09 in 'a:example.net?-all'" },
	/* Mechanisms. */
	{ "v=spf1 ip4:1.2.3.4 -all moo", NULL,
	    "Unknown mechanism found near 'moo'" },
	{ "v=spf1 moo.cow/far_out=man:dog/cat ip4:1.2.3.4 -all", NULL,
	    "Unknown mechanism found near 'moo.cow/far_out=man:dog/cat'" },
	{ "v=spf1 moo.cow:far_out=man:dog/cat", NULL,
	    "Unknown mechanism found near 'moo.cow:far_out=man:dog/cat'" },
	{ "v=spf1 ip4:1.2.3.4 redirect:t2.example.com", NULL,
	    "Unknown mechanism found near 'redirect:t2.example.com'" },
	{ "v=spf1 1up=foo", NULL, "Unknown mechanism found near '1up=foo'" },
	{ "v=spf1 =all", NULL, "Unknown mechanism found near '=all'" },
	{ "v=spf1 -redirect=x.example.com", NULL,
	    "Unknown mechanism found near '-redirect=x.example.com'" },
	{ "v=spf1 -all.", NULL,
	    "Invalid 'all' mechanism '-all.' (all takes no argument)" },
	{ "v=spf1 -all:foobar", NULL, "Invalid 'all' mechanism '-all:foobar' "
	    "(all takes no argument)" },
	{ "v=spf1 -all/8", NULL,
	    "Invalid 'all' mechanism '-all/8' (all takes no argument)" },
	{ "v=spf1 include +all", NULL,
	    "Invalid mechanism 'include' (domain-spec missing)" },
	{ "v=spf1 include: -all", NULL, "Empty domain-spec in 'include:'" },
	{ "v=spf1 exists", NULL,
	    "Invalid mechanism 'exists' (domain-spec missing)" },
	{ "v=spf1 exists:", NULL, "Empty domain-spec in 'exists:'" },
	{ "v=spf1 ptr/0 -all", NULL, "Invalid mechanism 'ptr/0' (':' and a "
	    "domain-spec expected)" },
	{ "v=spf1 ptr:", NULL, "Empty domain-spec in 'ptr:'" },
	{ "v=spf1 a:", NULL, "Invalid mechanism 'a:' (empty domain-spec)" },
	{ "v=spf1 mx: -all", NULL,
	    "Invalid mechanism 'mx:' (empty domain-spec)" },
	{ "v=spf1 ax", NULL, "Unknown mechanism found near 'ax'" },
	/* CIDR lengths. */
	{ "v=spf1 a/33 -all", NULL, "Invalid IPv4 CIDR length in 'a/33'" },
	{ "v=spf1 a//129 -all", NULL,
	    "Invalid IPv6 CIDR length in 'a//129'" },
	{ "v=spf1 a/24/64 -all", NULL,
	    "Invalid IPv4 CIDR length in 'a/24/64'" },
	{ "v=spf1 a/032", NULL, "Invalid mechanism 'a/032' (':' and a "
	    "domain-spec, or a CIDR length expected)" },
	{ "v=spf1 ip4:1.2.3.4/33 -all", NULL,
	    "Invalid IPv4 CIDR length in 'ip4:1.2.3.4/33'" },
	{ "v=spf1 ip4:1.2.3.4/032 -all", NULL,
	    "Invalid IPv4 CIDR length in 'ip4:1.2.3.4/032'" },
	{ "v=spf1 ip4:1.2.3.4//32", NULL,
	    "Invalid IPv4 CIDR length in 'ip4:1.2.3.4//32'" },
	{ "v=spf1 ip4:1.2.3.4/", NULL,
	    "Invalid IPv4 CIDR length in 'ip4:1.2.3.4/'" },
	{ "v=spf1 ip6:::1.1.1.1/129", NULL,
	    "Invalid IPv6 CIDR length in 'ip6:::1.1.1.1/129'" },
	{ "v=spf1 ip6:::1.1.1.1//33", NULL,
	    "Invalid IPv6 CIDR length in 'ip6:::1.1.1.1//33'" },
	/* Networks. */
	{ "v=spf1 ip4", NULL,
	    "Invalid mechanism 'ip4' (':' and a network expected)" },
	{ "v=spf1 -all ip6", NULL,
	    "Invalid mechanism 'ip6' (':' and a network expected)" },
	{ "v=spf1 ip4:1.2.3", NULL, "Invalid IPv4 network in 'ip4:1.2.3'" },
	{ "v=spf1 ip4:1.2.3.4:8080", NULL,
	    "Invalid IPv4 network in 'ip4:1.2.3.4:8080'" },
	{ "v=spf1 ip4:01.2.3.4", NULL,
	    "Invalid IPv4 network in 'ip4:01.2.3.4'" },
	{ "v=spf1 ip4:1.2.3.256", NULL,
	    "Invalid IPv4 network in 'ip4:1.2.3.256'" },
	{ "v=spf1 ip6::CAFE::BABE", NULL,
	    "Invalid IPv6 network in 'ip6::CAFE::BABE'" },
	{ "v=spf1 ip6:fe80::1%eth0", NULL,
	    "Invalid IPv6 network in 'ip6:fe80::1%eth0'" },
	/* Domain-specs (section 7.1). */
	{ "v=spf1 a:foo-bar -all", NULL,
	    "Invalid domain-spec 'foo-bar' (no dot before the top label)" },
	{ "v=spf1 a:111.222.33.44", NULL,
	    "Invalid domain-spec '111.222.33.44' (numeric top label)" },
	{ "v=spf1 mx:abc.123", NULL,
	    "Invalid domain-spec 'abc.123' (numeric top label)" },
	{ "v=spf1 a:museum", NULL,
	    "Invalid domain-spec 'museum' (no dot before the top label)" },
	{ "v=spf1 a:museum.", NULL,
	    "Invalid domain-spec 'museum.' (no dot before the top label)" },
	{ "v=spf1 a:example.-com", NULL,
	    "Invalid domain-spec 'example.-com' (bad top label)" },
	{ "v=spf1 a:example.com-", NULL,
	    "Invalid domain-spec 'example.com-' (bad top label)" },
	{ "v=spf1 a:example.com:8080", NULL,
	    "Invalid domain-spec 'example.com:8080' (bad top label)" },
	{ "v=spf1 include:ip5.example.com/24", NULL,
	    "Invalid domain-spec 'ip5.example.com/24' (bad top label)" },
	{ "v=spf1 exists:mail.example.com/24", NULL,
	    "Invalid domain-spec 'mail.example.com/24' (bad top label)" },
	{ "v=spf1 a:example.com..", NULL,
	    "Invalid domain-spec 'example.com..' (empty top label)" },
	{ "v=spf1 a:%{d}.", "v=spf1 a:%{d}.@1", NULL },
	{ "v=spf1 a:%{d}..", NULL,
	    "Invalid domain-spec '%{d}..' (empty top label)" },
	/* Macros (section 7). */
	{ "v=spf1 -exists:%(ir).sbl.example.com ?all", NULL,
	    "Invalid domain-spec '%(ir).sbl.example.com' ('%' not followed "
	    "by '{', '%', '_' or '-': '%(ir).sbl.exampl')" },
	{ "v=spf1 exists:foo%.sbl.example.com", NULL,
	    "Invalid domain-spec 'foo%.sbl.example.com' ('%' not followed "
	    "by '{', '%', '_' or '-': '%.sbl.example.co')" },
	{ "v=spf1 a:foo.example.com%", NULL,
	    "Invalid domain-spec 'foo.example.com%' ('%' at the end: '%')" },
	{ "v=spf1 a:%{a}.example.com", NULL,
	    "Invalid domain-spec '%{a}.example.com' (unknown macro letter: "
	    "'%{a}')" },
	{ "v=spf1 a:%{d0}.example.com", NULL,
	    "Invalid domain-spec '%{d0}.example.com' (zero parts: '%{d0}')" },
	{ "v=spf1 a:%{d2x}.example.com", NULL,
	    "Invalid domain-spec '%{d2x}.example.com' (bad transformer or "
	    "delimiter, or no '}': '%{d2x}')" },
	{ "v=spf1 a:%{d.example.com", NULL,
	    "Invalid domain-spec '%{d.example.com' (bad transformer or "
	    "delimiter, or no '}': '%{d.example.com')" },
	{ "v=spf1 -all exp=%{r}.example.com", NULL,
	    "Invalid domain-spec '%{r}.example.com' (macro letter allowed "
	    "in explanations only: '%{r}')" },
	{ "v=spf1 a:%{c}.example.com", NULL,
	    "Invalid domain-spec '%{c}.example.com' (macro letter allowed "
	    "in explanations only: '%{c}')" },
	{ "v=spf1 -all foo=%abc", NULL, "Invalid modifier 'foo=%abc' ('%' "
	    "not followed by '{', '%', '_' or '-': '%abc')" },
	/* Modifiers (section 6). */
	{ "v=spf1 exp= -all", NULL, "Empty domain-spec in 'exp='" },
	{ "v=spf1 exp=-all", NULL,
	    "Invalid domain-spec '-all' (no dot before the top label)" },
	{ "v=spf1 ?all redirect=", NULL, "Empty domain-spec in 'redirect='" },
	{ "v=spf1 redirect=-all ?all", NULL,
	    "Invalid domain-spec '-all' (no dot before the top label)" },
	{ "v=spf1 redirect=a.example.com -all redirect=a.example.com", NULL,
	    "Duplicate redirect= modifier" },
	{ "v=spf1 exp=a.example.com -all EXP=b.example.com", NULL,
	    "Duplicate exp= modifier" },
	{ "v=spf1 a:%{d2R}.example.com", "v=spf1 a:%{d2r}.example.com.@1",
	    NULL },
	/* Not an SPF record at all. */
	{ "v=spf10", NULL, "Not an SPF record" },
	{ "spf2.0/pra -all", NULL, "Not an SPF record" },
};
#define CHECK_ROWS	(sizeof(check_rows) / sizeof(check_rows[0]))

START_TEST(test_spfrecord_check)
{
	const struct check_row	*r = &check_rows[_i];
	char			*normal = (char *)1, *cause = (char *)1;
	int			 rc;

	rc = spfrecord_check(r->record, &normal, &cause);
	if (r->normal != NULL) {
		ck_assert_msg(rc == 0, "row %d \"%s\": invalid: %s", _i,
		    r->record, cause);
		ck_assert_ptr_null(cause);
		ck_assert_str_eq(normal, r->normal);
	} else {
		ck_assert_msg(rc == -1, "row %d \"%s\": valid: %s", _i,
		    r->record, normal);
		ck_assert_ptr_null(normal);
		ck_assert_str_eq(cause, r->cause);
	}
	free(normal);
	free(cause);
	/* NULL out-parameters are allowed. */
	ck_assert_int_eq(spfrecord_check(r->record, NULL, NULL), rc);
}
END_TEST

START_TEST(test_spfrecord_is_spf)
{
	ck_assert_int_eq(spfrecord_is_spf("v=spf1"), 1);
	ck_assert_int_eq(spfrecord_is_spf("V=SPF1 -all"), 1);
	ck_assert_int_eq(spfrecord_is_spf("v=spf10"), 0);
	ck_assert_int_eq(spfrecord_is_spf("v=spf1-all"), 0);
	ck_assert_int_eq(spfrecord_is_spf(" v=spf1"), 0);
	ck_assert_int_eq(spfrecord_is_spf("v=spf"), 0);
	ck_assert_int_eq(spfrecord_is_spf(""), 0);
}
END_TEST

START_TEST(test_spfrecord_tags)
{
	char	buf[32];
	int	flags;

	ck_assert_uint_eq(spfrecord_untag("example.com.@1", &flags), 11);
	ck_assert_int_eq(flags, SPFRECORD_TAG_TERM);
	ck_assert_uint_eq(spfrecord_untag("x.@7", &flags), 1);
	ck_assert_int_eq(flags, SPFRECORD_TAG_TERM | SPFRECORD_TAG_CIDR4_0 |
	    SPFRECORD_TAG_CIDR6_0);
	ck_assert_uint_eq(spfrecord_untag(".@2", &flags), 0);
	ck_assert_int_eq(flags, SPFRECORD_TAG_CIDR4_0);
	/* Not tags: what DNS names look like (an '@' is escaped). */
	ck_assert_uint_eq(spfrecord_untag("example.com", &flags), 11);
	ck_assert_int_eq(flags, 0);
	ck_assert_uint_eq(spfrecord_untag("x.\\@1", &flags), 5);
	ck_assert_int_eq(flags, 0);
	ck_assert_uint_eq(spfrecord_untag("x.@8", &flags), 4);
	ck_assert_int_eq(flags, 0);
	ck_assert_uint_eq(spfrecord_untag("x@1", &flags), 3);
	ck_assert_int_eq(flags, 0);
	ck_assert_uint_eq(spfrecord_untag("@1", &flags), 2);
	ck_assert_int_eq(flags, 0);

	ck_assert_int_eq(spfrecord_tag(buf, sizeof(buf), "mx.example.com",
	    SPFRECORD_TAG_CIDR6_0), 0);
	ck_assert_str_eq(buf, "mx.example.com.@4");
	ck_assert_int_eq(spfrecord_tag(buf, 17, "mx.example.com", 1), -1);
	ck_assert_int_eq(spfrecord_tag(buf, 18, "mx.example.com", 1), 0);
}
END_TEST

/* A fake expander: "%{x...}" -> fixed values per letter. */
static int
fake_expand(void *arg, const char *macro, char *buf, size_t size)
{
	int	*calls = arg;

	(*calls)++;
	if (strcmp(macro, "%{l}") == 0)
		snprintf(buf, size, "~jack&jill=up-a_b3.c");
	else if (strcmp(macro, "%{i}") == 0 || strcmp(macro, "%{ir}") == 0)
		snprintf(buf, size, "1.0.0.0.e.b.a.b.e.f.a.c");
	else if (strcmp(macro, "%{c}") == 0)
		snprintf(buf, size, "cafe:babe::1");
	else if (strcmp(macro, "%{d2r.-}") == 0)
		snprintf(buf, size, "x y");
	else if (strcmp(macro, "%{p}") == 0)
		return (-1);
	else
		snprintf(buf, size, "[%s]", macro);
	return (0);
}

static const struct explain_row {
	const char	*text;
	const char	*out;		/* NULL: rejected */
} explain_rows[] = {
	{ "", "" },
	{ "Go away", "Go away" },
	{ "  two  spaces  ", "  two  spaces  " },
	{ "%{l} from %{c}", "~jack&jill=up-a_b3.c from cafe:babe::1" },
	{ "l=%{L}", "l=~jack%26jill%3Dup-a_b3.c" },
	{ "%{ir}.%{v}.arpa", "1.0.0.0.E.B.A.B.E.F.A.C.[%{v}].arpa" },
	{ "%{D2R.-}", "x%20y" },
	{ "100%% %_%-", "100%  %20" },
	{ "%{t} %{r} %{s}", "[%{t}] [%{r}] [%{s}]" },
	{ "The %{x}-files.", NULL },
	{ "50% off", NULL },
	{ "bad\ttab", NULL },
	{ "\xef\xbb\xbf" "Explanation", NULL },
	{ "connect from %{p}", NULL },
};

START_TEST(test_spfrecord_explain)
{
	const struct explain_row	*r = &explain_rows[_i];
	char				 out[256], *cause = NULL;
	int				 calls = 0, rc;

	rc = spfrecord_explain(r->text, out, sizeof(out), fake_expand, &calls,
	    &cause);
	if (r->out != NULL) {
		ck_assert_msg(rc == 0, "\"%s\": %s", r->text, cause);
		ck_assert_str_eq(out, r->out);
		ck_assert_ptr_null(cause);
	} else {
		ck_assert_msg(rc == -1, "\"%s\" accepted: %s", r->text, out);
		ck_assert_ptr_nonnull(cause);
		free(cause);
	}
}
END_TEST

/* A long expansion is cut to the buffer, and terminated. */
START_TEST(test_spfrecord_explain_cut)
{
	char	out[8];
	int	calls = 0;

	ck_assert_int_eq(spfrecord_explain("0123456789 %{l}", out, sizeof(out),
	    fake_expand, &calls, NULL), 0);
	ck_assert_str_eq(out, "0123456");
	ck_assert_int_eq(calls, 1);
}
END_TEST

/* Junk in, nothing read past the end, no crash (run under ASan). */
START_TEST(test_spfrecord_junk)
{
	static const char	*junk[] = {
		"v=spf1 %", "v=spf1 a:%", "v=spf1 a:%{", "v=spf1 a:%{d",
		"v=spf1 a:%{d1", "v=spf1 a:%{d1r", "v=spf1 a:%{d1r.",
		"v=spf1 a:x.%{d}/", "v=spf1 a//", "v=spf1 a/", "v=spf1 /",
		"v=spf1 -", "v=spf1 +", "v=spf1 ip6:", "v=spf1 ip4:",
		"v=spf1 ip6:1111:2222:3333:4444:5555:6666:7777:8888:9999:0000"
		    ":1111:2222:3333:4444:5555:6666/64",
		"v=spf1 a:%{d99999999999999999999}.com", "v=spf1 =",
		"v=spf1 x=",
		"v=spf1 x=%", "v=spf1 exp=%{d", "v=spf1 a:.", "v=spf1 a:..",
		"v=spf1 a:.com", "v=spf1 a:x.com////", "v=spf1 mx/0/0",
	};
	char			*normal, *cause;
	size_t			 i;

	for (i = 0; i < sizeof(junk) / sizeof(junk[0]); i++) {
		normal = cause = NULL;
		(void)spfrecord_check(junk[i], &normal, &cause);
		ck_assert_msg((normal == NULL) != (cause == NULL), "%s",
		    junk[i]);
		free(normal);
		free(cause);
	}
}
END_TEST

static Suite *
spfrecord_suite(void)
{
	Suite	*s = suite_create("spfrecord");
	TCase	*tc;

	tc = tcase_create("check");
	tcase_add_loop_test(tc, test_spfrecord_check, 0, CHECK_ROWS);
	tcase_add_test(tc, test_spfrecord_is_spf);
	tcase_add_test(tc, test_spfrecord_junk);
	suite_add_tcase(s, tc);

	tc = tcase_create("explain");
	tcase_add_loop_test(tc, test_spfrecord_explain, 0,
	    sizeof(explain_rows) / sizeof(explain_rows[0]));
	tcase_add_test(tc, test_spfrecord_explain_cut);
	suite_add_tcase(s, tc);

	tc = tcase_create("tags");
	tcase_add_test(tc, test_spfrecord_tags);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	SRunner	*sr;
	int	 failed;

	sr = srunner_create(spfrecord_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return (failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE);
}
