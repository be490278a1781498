/*
 * NAME
 *	lint 3 - check a domain's SPF record before it goes to -all
 * DESCRIPTION
 *	See lint.h.  lint_parse() and its helpers are pure; the walk over
 *	include:/redirect= and the evaluation of the given addresses ask
 *	DNS through dns.h and spfcheck.h.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <arpa/nameser.h>

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cidr.h"
#include "config.h"
#include "dns.h"
#include "lint.h"
#include "result.h"
#include "spfcheck.h"
#include "util.h"
#include "xmalloc.h"

#define LINT_SHOW_MAX	512	/* bytes of a record or name printed */

/* Findings of the walk, with their domain and column already in text. */
struct lint_msg {
	enum lint_level	 level;
	char		*text;
};

struct lint_ctx {
	struct dns_resolver	*res;
	struct lint_msg		*msg;
	size_t			 nmsg;
	size_t			 count[3];
	int			 terms;		/* DNS-querying terms */
	int			 voids;
	int			 visits;
	const char		*stack[LINT_DEPTH_MAX + 1];
	int			 depth;
};

static const struct {
	const char	*name;
	enum lint_type	 type;
} lint_mechs[] = {
	{ "all", LINT_ALL }, { "include", LINT_INCLUDE }, { "a", LINT_A },
	{ "mx", LINT_MX }, { "ptr", LINT_PTR }, { "ip4", LINT_IP4 },
	{ "ip6", LINT_IP6 }, { "exists", LINT_EXISTS }, { NULL, LINT_BAD }
};

static void	 lint_problem(struct lint_record *, enum lint_level, size_t,
		    const char *, ...) __attribute__((format(printf, 4, 5)));
static int	 lint_domain_spec(struct lint_record *, const char *, size_t,
		    size_t, const char *, int *);
static int	 lint_domain_check(struct lint_record *, const char *,
		    size_t, size_t, const char *, int *);
static int	 lint_macro(const char *, size_t, size_t, size_t *, char *,
		    size_t);
static int	 lint_cidr(struct lint_record *, const char *, size_t, size_t,
		    int, int *);
static void	 lint_term(struct lint_record *, const char *, size_t, size_t);
static void	 lint_msg(struct lint_ctx *, enum lint_level, const char *,
		    ...) __attribute__((format(printf, 3, 4)));
static int	 lint_toplabel(const char *, size_t);
static int	 lint_dual_cidr(struct lint_record *, struct lint_term *,
		    const char *, size_t, size_t, size_t *);
static char	*lint_show(const char *);
static int	 lint_cmp_str(const void *, const void *);
static const char *lint_plural(long);
static int	 lint_addresses(struct lint_ctx *, const char *,
		    const char **);
static void	 lint_a(struct lint_ctx *, const char *,
		    const struct lint_term *, const char *, const char *,
		    char *, size_t);
static void	 lint_mx(struct lint_ctx *, const char *,
		    const struct lint_term *, const char *, char *, size_t);
static char	*lint_target(const char *, const char *);
static void	 lint_walk(struct lint_ctx *, const char *, int, const char *,
		    const struct lint_term *);
static void	 lint_evaluate(struct lint_ctx *, const struct config *,
		    const char *, char **, int);

/* lint_is_spf - "v=spf1" alone or followed by a space */
int
lint_is_spf(const char *txt)
{
	return (strncasecmp(txt, "v=spf1", 6) == 0 &&
	    (txt[6] == '\0' || txt[6] == ' '));
}

/* lint_answer_size - the least size of a TXT response holding txt[] */
size_t
lint_answer_size(const char *name, char *const *txt, size_t n)
{
	size_t	size, qname, i, len;

	len = strlen(name);
	if (len > 0 && name[len - 1] == '.')
		len--;
	qname = len + 2;			/* length bytes and the root */
	size = 12 + qname + 4;			/* header, question */
	for (i = 0; i < n; i++) {
		len = strlen(txt[i]);
		/* Pointer, type, class, TTL, rdlength, then the strings. */
		size += 2 + 10 + len + (len == 0 ? 1 : (len + 254) / 255);
	}
	return (size);
}

/* lint_problem - add a finding about the record */
static void
lint_problem(struct lint_record *rec, enum lint_level level, size_t col,
    const char *fmt, ...)
{
	va_list	ap;
	char	*text;

	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) == -1)
		text = xstrdup("(out of memory)");
	va_end(ap);
	rec->prob = xreallocarray(rec->prob, rec->nprob + 1,
	    sizeof(*rec->prob));
	rec->prob[rec->nprob].level = level;
	rec->prob[rec->nprob].col = col;
	rec->prob[rec->nprob].text = text;
	rec->nprob++;
}

/* lint_toplabel - RFC 7208's toplabel: not all digits, inner hyphens */
static int
lint_toplabel(const char *s, size_t len)
{
	size_t	i;
	int	alpha = 0;

	if (len == 0 || s[0] == '-' || s[len - 1] == '-')
		return (0);
	for (i = 0; i < len; i++) {
		if (isalpha((unsigned char)s[i]))
			alpha = 1;
		else if (!isdigit((unsigned char)s[i]) && s[i] != '-')
			return (0);
	}
	return (alpha);
}

/*
 * lint_domain_spec - check a domain-spec (s, len bytes at column col of
 * the record) of mechanism or modifier what.  The macro letters c, r and
 * t belong to explanation texts, never to a domain-spec.  Returns 0 or
 * -1 (a problem added).
 */
static int
lint_domain_spec(struct lint_record *rec, const char *s, size_t len,
    size_t col, const char *what, int *macro)
{
	int	rc;

	if ((rc = lint_domain_check(rec, s, len, col, what, macro)) == -1)
		*macro = 0;
	return (rc);
}

/*
 * lint_macro - the macro-expand at s[i] ("%{...}", "%%", "%_", "%-"):
 * 0 and its last byte in *end, or -1 and the reason in why.
 */
static int
lint_macro(const char *s, size_t len, size_t i, size_t *end, char *why,
    size_t size)
{
	size_t	j;
	int	letter;

	if (i + 1 < len && strchr("%_-", s[i + 1]) != NULL) {
		*end = i + 1;
		return (0);
	}
	letter = i + 2 < len ? tolower((unsigned char)s[i + 2]) : 0;
	if (i + 2 >= len || s[i + 1] != '{' || letter == 0 ||
	    strchr("slodiphcrtv", letter) == NULL) {
		snprintf(why, size, "bad macro: \"%%\" must be followed by "
		    "{letter...}, %%, _ or -");
		return (-1);
	}
	/* c, r and t belong to explanation texts. */
	if (strchr("crt", letter) != NULL) {
		snprintf(why, size, "the macro letter %c is allowed in "
		    "explanation texts only (RFC 7208 section 7.2)", letter);
		return (-1);
	}
	for (j = i + 3; j < len && isdigit((unsigned char)s[j]); j++)
		;
	if (j < len && (s[j] == 'r' || s[j] == 'R'))
		j++;
	while (j < len && strchr(".-+,/_=", s[j]) != NULL)
		j++;
	if (j >= len || s[j] != '}') {
		snprintf(why, size, "bad macro: no closing }");
		return (-1);
	}
	*end = j;
	return (0);
}

/* lint_domain_check - lint_domain_spec(), *macro set as it goes */
static int
lint_domain_check(struct lint_record *rec, const char *s, size_t len,
    size_t col, const char *what, int *macro)
{
	char		 why[128];
	size_t		 i, end, dot;
	int		 ends_macro = 0;

	*macro = 0;
	if (len == 0) {
		lint_problem(rec, LINT_ERROR, col, "%s: the domain is empty",
		    what);
		return (-1);
	}
	for (i = 0; i < len; i++) {
		ends_macro = 0;
		if (s[i] == '%') {
			*macro = 1;
			if (lint_macro(s, len, i, &end, why, sizeof(why)) ==
			    -1) {
				lint_problem(rec, LINT_ERROR, col + i, "%s: %s",
				    what, why);
				return (-1);
			}
			ends_macro = s[end] == '}';
			i = end;
		} else if (s[i] < 0x21 || s[i] > 0x7e) {
			lint_problem(rec, LINT_ERROR, col + i, "%s: character "
			    "0x%02x is not allowed", what, (unsigned char)s[i]);
			return (-1);
		}
	}
	if (ends_macro)
		return (0);
	/* domain-end = "." toplabel ["."] */
	end = len;
	if (end > 0 && s[end - 1] == '.')
		end--;
	for (dot = end; dot > 0 && s[dot - 1] != '.'; dot--)
		;
	if (dot == 0 || !lint_toplabel(s + dot, end - dot)) {
		lint_problem(rec, LINT_ERROR, col, "%s: \"%.*s\" is not a "
		    "domain name (it must end in a dot and a top label that "
		    "is not all digits)", what, (int)len, s);
		return (-1);
	}
	return (0);
}

/* lint_cidr - "/N" (s, len) with 0 <= N <= max, no leading zero */
static int
lint_cidr(struct lint_record *rec, const char *s, size_t len, size_t col,
    int max, int *out)
{
	size_t	i;
	int	v = 0;

	if (len < 2 || s[0] != '/' || (s[1] == '0' && len > 2) || len > 4)
		goto bad;
	for (i = 1; i < len; i++) {
		if (!isdigit((unsigned char)s[i]))
			goto bad;
		v = v * 10 + (s[i] - '0');
	}
	if (v > max)
		goto bad;
	*out = v;
	return (0);
bad:
	lint_problem(rec, LINT_ERROR, col, "\"%.*s\" is not a prefix length "
	    "from /0 to /%d", (int)len, s, max);
	return (-1);
}

/*
 * lint_dual_cidr - split "[:domain][/N][//M]" (s, len): the CIDR
 * lengths at the end, as RFC 7208's dual-cidr-length and pyspf read
 * them; *dlen is what is left for the domain part.
 */
static int
lint_dual_cidr(struct lint_record *rec, struct lint_term *t, const char *s,
    size_t len, size_t col, size_t *dlen)
{
	size_t	i, n;

	n = len;
	/* "//M" at the end. */
	for (i = n; i > 0 && isdigit((unsigned char)s[i - 1]); i--)
		;
	if (i >= 2 && i < n && s[i - 1] == '/' && s[i - 2] == '/') {
		if (lint_cidr(rec, s + i - 1, n - i + 1, col + i - 1, 128,
		    &t->cidr6) == -1)
			return (-1);
		n = i - 2;
	}
	/* "/N" at the end of what is left. */
	for (i = n; i > 0 && isdigit((unsigned char)s[i - 1]); i--)
		;
	if (i >= 1 && i < n && s[i - 1] == '/' && (i < 2 || s[i - 2] != '/')) {
		if (lint_cidr(rec, s + i - 1, n - i + 1, col + i - 1, 32,
		    &t->cidr4) == -1)
			return (-1);
		n = i - 1;
	}
	*dlen = n;
	return (0);
}

/* lint_term - one term (s, len) at column col */
static void
lint_term(struct lint_record *rec, const char *s, size_t len, size_t col)
{
	struct lint_term	*t;
	struct in6_addr		 a6;
	struct in_addr		 a4;
	const char		*arg;
	char			 name[16], addr[64], what[32];
	size_t			 q = 0, nlen, alen, dlen, i;
	int			 af;

	rec->term = xreallocarray(rec->term, rec->n + 1, sizeof(*rec->term));
	t = &rec->term[rec->n++];
	memset(t, 0, sizeof(*t));
	t->col = col;
	t->text = xstrndup(s, len);
	t->cidr4 = t->cidr6 = -1;
	t->type = LINT_BAD;

	if (strchr("+-~?", s[0]) != NULL) {
		t->qualifier = s[0];
		q = 1;
	}
	nlen = 0;
	if (q < len && isalpha((unsigned char)s[q]))
		for (nlen = 1; q + nlen < len && (isalnum((unsigned char)
		    s[q + nlen]) || strchr("-_.", s[q + nlen]) != NULL); nlen++)
			;
	/* name "=" ...: a modifier. */
	if (nlen > 0 && q + nlen < len && s[q + nlen] == '=') {
		arg = s + q + nlen + 1;
		alen = len - q - nlen - 1;
		if (q == 1) {
			lint_problem(rec, LINT_ERROR, col, "%.*s=: a modifier "
			    "takes no qualifier", (int)nlen, s + 1);
			return;
		}
		snprintf(what, sizeof(what), "%.*s=", (int)(nlen < 20 ? nlen :
		    20), s);
		if (nlen == 8 && strncasecmp(s, "redirect", 8) == 0)
			t->type = LINT_REDIRECT;
		else if (nlen == 3 && strncasecmp(s, "exp", 3) == 0)
			t->type = LINT_EXP;
		else {
			/* Unknown: any visible text, never evaluated. */
			t->type = LINT_MODIFIER;
			for (i = 0; i < alen && arg[i] >= 0x21 &&
			    arg[i] <= 0x7e; i++)
				;
			if (i < alen) {
				lint_problem(rec, LINT_ERROR, col + nlen + 1 +
				    i, "%s: character 0x%02x is not allowed",
				    what, (unsigned char)arg[i]);
				t->type = LINT_BAD;
			}
			return;
		}
		if (lint_domain_spec(rec, arg, alen, col + nlen + 1, what,
		    &t->macro) == -1) {
			t->type = LINT_BAD;
			return;
		}
		t->domain = xstrndup(arg, alen);
		return;
	}

	/* A directive: [qualifier] mechanism. */
	nlen = strcspn(s + q, ":/");
	if (q + nlen > len)
		nlen = len - q;
	snprintf(name, sizeof(name), "%.*s", (int)(nlen < 15 ? nlen : 15),
	    s + q);
	for (i = 0; lint_mechs[i].name != NULL; i++)
		if (strlen(lint_mechs[i].name) == nlen &&
		    strncasecmp(lint_mechs[i].name, s + q, nlen) == 0)
			break;
	if (lint_mechs[i].name == NULL) {
		lint_problem(rec, LINT_ERROR, col, "unknown mechanism \"%.*s\"",
		    (int)(len > 60 ? 60 : len), s);
		return;
	}
	str_lower(name);
	arg = s + q + nlen;
	alen = len - q - nlen;
	switch (lint_mechs[i].type) {
	case LINT_ALL:
		if (alen != 0) {
			lint_problem(rec, LINT_ERROR, col + q + nlen, "all "
			    "takes no argument");
			return;
		}
		break;
	case LINT_INCLUDE:
	case LINT_EXISTS:
		if (alen < 1 || arg[0] != ':') {
			lint_problem(rec, LINT_ERROR, col + q + nlen, "%s "
			    "needs \":domain\"", name);
			return;
		}
		if (lint_domain_spec(rec, arg + 1, alen - 1, col + q + nlen + 1,
		    name, &t->macro) == -1)
			return;
		t->domain = xstrndup(arg + 1, alen - 1);
		break;
	case LINT_A:
	case LINT_MX:
		if (lint_dual_cidr(rec, t, arg, alen, col + q + nlen,
		    &dlen) == -1)
			return;
		if (dlen > 0) {
			if (arg[0] != ':') {
				lint_problem(rec, LINT_ERROR, col + q + nlen,
				    "%s: \":domain\" or \"/prefix\" expected",
				    name);
				return;
			}
			if (lint_domain_spec(rec, arg + 1, dlen - 1, col + q +
			    nlen + 1, name, &t->macro) == -1)
				return;
			t->domain = xstrndup(arg + 1, dlen - 1);
		}
		break;
	case LINT_PTR:
		if (alen > 0) {
			if (arg[0] != ':') {
				lint_problem(rec, LINT_ERROR, col + q + nlen,
				    "ptr: \":domain\" expected");
				return;
			}
			if (lint_domain_spec(rec, arg + 1, alen - 1, col + q +
			    nlen + 1, name, &t->macro) == -1)
				return;
			t->domain = xstrndup(arg + 1, alen - 1);
		}
		break;
	case LINT_IP4:
	case LINT_IP6:
		af = lint_mechs[i].type == LINT_IP4 ? AF_INET : AF_INET6;
		if (alen < 2 || arg[0] != ':') {
			lint_problem(rec, LINT_ERROR, col + q + nlen, "%s "
			    "needs \":address\"", name);
			return;
		}
		dlen = strcspn(arg + 1, "/");
		if (dlen >= alen - 1)
			dlen = alen - 1;
		snprintf(addr, sizeof(addr), "%.*s", (int)(dlen < 63 ? dlen :
		    63), arg + 1);
		if (dlen >= sizeof(addr) || inet_pton(af, addr, af == AF_INET ?
		    (void *)&a4 : (void *)&a6) != 1) {
			lint_problem(rec, LINT_ERROR, col + q + nlen + 1,
			    "%s: \"%s\" is not an %s address", name, addr,
			    af == AF_INET ? "IPv4" : "IPv6");
			return;
		}
		if (dlen + 1 < alen && lint_cidr(rec, arg + 1 + dlen,
		    alen - 1 - dlen, col + q + nlen + 1 + dlen,
		    af == AF_INET ? 32 : 128, af == AF_INET ? &t->cidr4 :
		    &t->cidr6) == -1)
			return;
		break;
	default:
		break;
	}
	t->type = lint_mechs[i].type;
}

/* lint_parse - the terms of a record and what is wrong with it */
int
lint_parse(const char *record, struct lint_record *out)
{
	struct lint_term	*t;
	const char		*p;
	size_t			 len, i, redirects = 0, exps = 0, after = 0;
	int			 bad = 0;

	memset(out, 0, sizeof(*out));
	if (!lint_is_spf(record)) {
		lint_problem(out, LINT_ERROR, 1, "not an SPF record: it must "
		    "start with \"v=spf1\" and a space");
		return (-1);
	}
	for (p = record + 6;;) {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		len = strcspn(p, " ");
		lint_term(out, p, len, p - record + 1);
		p += len;
	}

	for (i = 0; i < out->n; i++) {
		t = &out->term[i];
		switch (t->type) {
		case LINT_BAD:
			bad = 1;
			break;
		case LINT_ALL:
			if (out->has_all)
				break;
			out->has_all = (int)i + 1;
			if (t->qualifier == 0 || t->qualifier == '+')
				lint_problem(out, LINT_WARNING, t->col, "%s "
				    "passes every host on the Internet: use "
				    "-all or ~all", t->text);
			else if (t->qualifier == '?')
				lint_problem(out, LINT_NOTE, t->col, "?all "
				    "gives every other host Neutral, which "
				    "receivers treat like no SPF record");
			break;
		case LINT_PTR:
			lint_problem(out, LINT_WARNING, t->col, "%s: slow "
			    "and unreliable, and RFC 7208 section 5.5 says "
			    "ptr SHOULD NOT be used; list the addresses with "
			    "ip4:, ip6:, a or mx", t->text);
			break;
		case LINT_IP4:
		case LINT_IP6:
			if ((t->type == LINT_IP4 && t->cidr4 >= 0 &&
			    t->cidr4 < 8) || (t->type == LINT_IP6 &&
			    t->cidr6 >= 0 && t->cidr6 < 16))
				lint_problem(out, LINT_WARNING, t->col, "%s "
				    "authorizes 2^%d addresses: far more than "
				    "any sender has", t->text,
				    t->type == LINT_IP4 ? 32 - t->cidr4 :
				    128 - t->cidr6);
			break;
		case LINT_A:
		case LINT_MX:
			if (t->cidr4 == 0 || t->cidr6 == 0)
				lint_problem(out, LINT_WARNING, t->col, "%s: "
				    "a /0 prefix matches every address",
				    t->text);
			break;
		case LINT_REDIRECT:
			if (++redirects == 2)
				lint_problem(out, LINT_ERROR, t->col,
				    "redirect= given twice: permerror (RFC "
				    "7208 section 6)");
			if (out->redirect == 0)
				out->redirect = (int)i + 1;
			break;
		case LINT_EXP:
			if (++exps == 2)
				lint_problem(out, LINT_ERROR, t->col, "exp= "
				    "given twice: permerror (RFC 7208 "
				    "section 6)");
			break;
		case LINT_MODIFIER:
			lint_problem(out, LINT_NOTE, t->col, "unknown modifier "
			    "\"%.*s\" is ignored (RFC 7208 section 6)",
			    (int)strcspn(t->text, "="), t->text);
			break;
		default:
			break;
		}
		if (out->has_all && (int)i + 1 > out->has_all &&
		    t->type != LINT_REDIRECT && t->type != LINT_EXP &&
		    t->type != LINT_MODIFIER && t->type != LINT_BAD) {
			t->after_all = 1;
			if (after++ == 0)
				lint_problem(out, LINT_WARNING, t->col, "%s: "
				    "terms after all are never evaluated",
				    t->text);
		}
	}
	if (out->has_all && out->redirect)
		lint_problem(out, LINT_WARNING,
		    out->term[out->redirect - 1].col, "redirect= is ignored "
		    "because the record has all (RFC 7208 section 6.1)");
	if (!out->has_all && !out->redirect && !bad)
		lint_problem(out, LINT_WARNING, 0, "neither all nor redirect=: "
		    "every host that matches nothing gets Neutral, which "
		    "receivers treat like no SPF record; end it with -all "
		    "or ~all");
	for (i = 0; i < out->nprob; i++)
		if (out->prob[i].level == LINT_ERROR)
			return (-1);
	return (0);
}

/* lint_record_free - release a parsed record */
void
lint_record_free(struct lint_record *rec)
{
	size_t	i;

	for (i = 0; i < rec->n; i++) {
		free(rec->term[i].text);
		free(rec->term[i].domain);
	}
	for (i = 0; i < rec->nprob; i++)
		free(rec->prob[i].text);
	free(rec->term);
	free(rec->prob);
	memset(rec, 0, sizeof(*rec));
}

/*
 * The walk: DNS through dns.h.
 */

/* lint_msg - add one finding of the walk */
static void
lint_msg(struct lint_ctx *c, enum lint_level level, const char *fmt, ...)
{
	va_list	ap;
	char	*text;

	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) == -1)
		text = xstrdup("(out of memory)");
	va_end(ap);
	c->msg = xreallocarray(c->msg, c->nmsg + 1, sizeof(*c->msg));
	c->msg[c->nmsg].level = level;
	c->msg[c->nmsg].text = text;
	c->nmsg++;
	c->count[level]++;
}

/* lint_show - a printable, bounded copy of untrusted text */
static char *
lint_show(const char *s)
{
	char	buf[LINT_SHOW_MAX + 1];

	str_printable(buf, sizeof(buf), s, LINT_SHOW_MAX);
	return (xstrdup(buf));
}

/* lint_cmp_str - strings in strcmp() order, for qsort() */
static int
lint_cmp_str(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

/* lint_plural - "s" unless n is 1 */
static const char *
lint_plural(long n)
{
	return (n == 1 ? "" : "s");
}

/*
 * lint_addresses - A and AAAA of name: the number of addresses, or -1
 * (and *why) when the lookup failed; 0 is a void lookup.
 */
static int
lint_addresses(struct lint_ctx *c, const char *name, const char **why)
{
	struct dns_answer	a, aaaa;
	int			n = 0;

	*why = NULL;
	dns_query(c->res, name, ns_t_a, &a);
	dns_query(c->res, name, ns_t_aaaa, &aaaa);
	if (a.status == DNS_OK)
		n += (int)a.n;
	if (aaaa.status == DNS_OK)
		n += (int)aaaa.n;
	if (n == 0 && a.status != DNS_OK && a.status != DNS_NODATA &&
	    a.status != DNS_NXDOMAIN)
		*why = dns_status_name(a.status);
	else if (n == 0 && aaaa.status != DNS_OK &&
	    aaaa.status != DNS_NODATA && aaaa.status != DNS_NXDOMAIN)
		*why = dns_status_name(aaaa.status);
	dns_answer_free(&a);
	dns_answer_free(&aaaa);
	return (*why != NULL ? -1 : n);
}

/* lint_a - the cost of a, exists: addresses of one name */
static void
lint_a(struct lint_ctx *c, const char *dom, const struct lint_term *t,
    const char *target, const char *type, char *cost, size_t size)
{
	const char	*why;
	int		 n;

	n = lint_addresses(c, target, &why);
	if (n < 0) {
		snprintf(cost, size, "1 DNS term, %s %s: %s", type, target,
		    why);
		lint_msg(c, LINT_ERROR, "%s: column %zu: %s: the lookup of %s "
		    "failed (%s): the result is Temperror", dom, t->col,
		    t->text, target, why);
	} else if (n == 0) {
		c->voids++;
		snprintf(cost, size, "1 DNS term, %s %s: no address (void "
		    "lookup)", type, target);
	} else
		snprintf(cost, size, "1 DNS term, %s %s: %d address%s", type,
		    target, n, n == 1 ? "" : "es");
}

/* lint_mx - the cost of mx: the MX lookup and the hosts' addresses */
static void
lint_mx(struct lint_ctx *c, const char *dom, const struct lint_term *t,
    const char *target, char *cost, size_t size)
{
	struct dns_answer	 mx;
	const char		*why;
	size_t			 i;
	int			 n, addrs = 0, voids = 0, failed = 0;

	dns_query(c->res, target, ns_t_mx, &mx);
	if (mx.status == DNS_NXDOMAIN || mx.status == DNS_NODATA ||
	    (mx.status == DNS_OK && mx.n == 0)) {
		c->voids++;
		snprintf(cost, size, "1 DNS term, MX %s: no host (void "
		    "lookup)", target);
		dns_answer_free(&mx);
		return;
	}
	if (mx.status != DNS_OK) {
		snprintf(cost, size, "1 DNS term, MX %s: %s", target,
		    dns_status_name(mx.status));
		lint_msg(c, LINT_ERROR, "%s: column %zu: %s: the MX lookup of "
		    "%s failed (%s): the result is Temperror", dom, t->col,
		    t->text, target, dns_status_name(mx.status));
		dns_answer_free(&mx);
		return;
	}
	for (i = 0; i < mx.n && i < LINT_MX_LIMIT; i++) {
		if ((n = lint_addresses(c, mx.name[i], &why)) < 0)
			failed++;
		else if (n == 0)
			voids++;
		else
			addrs += n;
	}
	c->voids += voids;
	snprintf(cost, size, "1 DNS term, MX %s: %zu host%s, then A/AAAA of "
	    "each: %d address%s%s", target, mx.n, lint_plural((long)mx.n),
	    addrs, addrs == 1 ? "" : "es", voids > 0 ? " (void lookups)" :
	    "");
	if (mx.n > LINT_MX_LIMIT)
		lint_msg(c, LINT_ERROR, "%s: column %zu: %s: %s has %zu MX "
		    "hosts, more than %d: permerror (RFC 7208 section 4.6.4)",
		    dom, t->col, t->text, target, mx.n, LINT_MX_LIMIT);
	if (failed > 0)
		lint_msg(c, LINT_ERROR, "%s: column %zu: %s: the address "
		    "lookup of %d MX host%s failed: the result is Temperror",
		    dom, t->col, t->text, failed, lint_plural(failed));
	dns_answer_free(&mx);
}

/* lint_target - the name a domain-spec names (no trailing dot) */
static char *
lint_target(const char *spec, const char *dom)
{
	char	*t;
	size_t	 len;

	t = lint_show(spec != NULL ? spec : dom);
	len = strlen(t);
	if (len > 1 && t[len - 1] == '.')
		t[len - 1] = '\0';
	return (t);
}

/*
 * lint_walk - print dom's record at indent and walk its terms; via is
 * NULL for the domain asked about, else the include: or redirect= term
 * of parent that led here.
 */
static void
lint_walk(struct lint_ctx *c, const char *dom, int indent,
    const char *parent, const struct lint_term *via)
{
	struct dns_answer	 txt;
	struct lint_record	 rec;
	struct lint_term	*t;
	char			*show, *target, cost[1024];
	const char		*rule;
	size_t			 i, nspf = 0, size, spf = 0;
	int			 d, loop;

	c->visits++;
	rule = via == NULL ? NULL : via->type == LINT_INCLUDE ?
	    "RFC 7208 section 5.2" : "RFC 7208 section 6.1";
	dns_query(c->res, dom, ns_t_txt, &txt);
	if (txt.status != DNS_OK && txt.status != DNS_NODATA &&
	    txt.status != DNS_NXDOMAIN) {
		printf("%*s%s: TXT lookup failed: %s\n", indent, "", dom,
		    dns_status_name(txt.status));
		if (via == NULL)
			lint_msg(c, LINT_ERROR, "%s: the TXT lookup failed "
			    "(%s): the result is Temperror", dom,
			    dns_status_name(txt.status));
		else
			lint_msg(c, LINT_ERROR, "%s: column %zu: %s: the TXT "
			    "lookup of %s failed (%s): the result is "
			    "Temperror", parent, via->col, via->text, dom,
			    dns_status_name(txt.status));
		dns_answer_free(&txt);
		return;
	}
	for (i = 0; txt.status == DNS_OK && i < txt.n; i++)
		if (lint_is_spf(txt.name[i])) {
			if (nspf++ == 0)
				spf = i;
		}
	if (nspf == 0) {
		printf("%*s%s: no SPF record (%s)\n", indent, "", dom,
		    txt.status == DNS_OK ? "no v=spf1 TXT record" :
		    dns_status_name(txt.status));
		if (via == NULL)
			lint_msg(c, LINT_ERROR, "%s: no SPF record: every "
			    "receiver gets None", dom);
		else {
			if (txt.status != DNS_OK)
				c->voids++;
			lint_msg(c, LINT_ERROR, "%s: column %zu: %s: %s has no "
			    "SPF record: permerror (%s)", parent, via->col,
			    via->text, dom, rule);
		}
		dns_answer_free(&txt);
		return;
	}
	size = lint_answer_size(dom, txt.name, txt.n);
	if (size > LINT_UDP_MAX)
		lint_msg(c, LINT_WARNING, "%s: the TXT answer is at least %zu "
		    "bytes (%zu record%s), more than a 512-byte UDP message "
		    "without EDNS holds: such resolvers must retry over TCP, "
		    "and some fail (RFC 7208 section 3.4)", dom, size, txt.n,
		    lint_plural((long)txt.n));
	if (nspf > 1) {
		/* In a stable order: DNS servers may rotate them. */
		qsort(txt.name, txt.n, sizeof(*txt.name), lint_cmp_str);
		for (i = 0; i < txt.n; i++) {
			if (!lint_is_spf(txt.name[i]))
				continue;
			show = lint_show(txt.name[i]);
			printf("%*s%s: \"%s\"\n", indent, "", dom, show);
			free(show);
		}
		if (via == NULL)
			lint_msg(c, LINT_ERROR, "%s: %zu v=spf1 records: "
			    "permerror (RFC 7208 section 4.5); publish one",
			    dom, nspf);
		else
			lint_msg(c, LINT_ERROR, "%s: column %zu: %s: %s has "
			    "%zu v=spf1 records: permerror (RFC 7208 section "
			    "4.5)", parent, via->col, via->text, dom, nspf);
		dns_answer_free(&txt);
		return;
	}

	show = lint_show(txt.name[spf]);
	printf("%*s%s: \"%s\"\n", indent, "", dom, show);
	free(show);
	lint_parse(txt.name[spf], &rec);
	dns_answer_free(&txt);
	for (i = 0; i < rec.nprob; i++) {
		if (rec.prob[i].col > 0)
			lint_msg(c, rec.prob[i].level, "%s: column %zu: %s",
			    dom, rec.prob[i].col, rec.prob[i].text);
		else
			lint_msg(c, rec.prob[i].level, "%s: %s", dom,
			    rec.prob[i].text);
	}
	c->stack[c->depth++] = dom;
	for (i = 0; i < rec.n; i++) {
		t = &rec.term[i];
		show = lint_show(t->text);
		target = lint_target(t->domain, dom);
		if (t->type == LINT_BAD)
			snprintf(cost, sizeof(cost), "syntax error");
		else if (t->after_all)
			snprintf(cost, sizeof(cost), "never evaluated (after "
			    "all)");
		else if (t->type == LINT_REDIRECT && rec.has_all)
			snprintf(cost, sizeof(cost), "ignored (the record has "
			    "all)");
		else if (t->type == LINT_ALL || t->type == LINT_IP4 ||
		    t->type == LINT_IP6)
			snprintf(cost, sizeof(cost), "no lookup");
		else if (t->type == LINT_EXP)
			snprintf(cost, sizeof(cost), "no DNS term (TXT %s only "
			    "for a Fail)", target);
		else if (t->type == LINT_MODIFIER)
			snprintf(cost, sizeof(cost), "ignored");
		else {
			c->terms++;
			if (t->type == LINT_PTR)
				snprintf(cost, sizeof(cost), "1 DNS term, PTR "
				    "of the client's address, then A/AAAA of "
				    "up to 10 names");
			else if (t->macro)
				snprintf(cost, sizeof(cost), "1 DNS term, %s "
				    "of a name made from macros (not looked up "
				    "here)", t->type == LINT_MX ? "MX" :
				    t->type == LINT_A ? "A/AAAA" :
				    t->type == LINT_EXISTS ? "A" : "TXT");
			else if (t->type == LINT_A)
				lint_a(c, dom, t, target, "A/AAAA", cost,
				    sizeof(cost));
			else if (t->type == LINT_EXISTS)
				lint_a(c, dom, t, target, "A", cost,
				    sizeof(cost));
			else if (t->type == LINT_MX)
				lint_mx(c, dom, t, target, cost, sizeof(cost));
			else
				snprintf(cost, sizeof(cost), "1 DNS term, TXT "
				    "%s", target);
		}
		printf("%*s  %s: %s\n", indent, "", show, cost);
		if ((t->type == LINT_INCLUDE || (t->type == LINT_REDIRECT &&
		    !rec.has_all)) && !t->after_all && !t->macro) {
			for (loop = 0, d = 0; d < c->depth; d++)
				loop |= strcasecmp(c->stack[d], target) == 0;
			if (loop)
				lint_msg(c, LINT_ERROR, "%s: column %zu: %s: "
				    "loops back to %s: permerror", dom, t->col,
				    show, target);
			else if (c->depth >= LINT_DEPTH_MAX ||
			    c->visits >= LINT_VISIT_MAX)
				printf("%*s    %s: not followed (too deep)\n",
				    indent, "", target);
			else
				lint_walk(c, target, indent + 4, dom, t);
		}
		free(target);
		free(show);
	}
	c->depth--;
	lint_record_free(&rec);
}

/* lint_evaluate - what check_host() gives each address */
static void
lint_evaluate(struct lint_ctx *c, const struct config *cfg,
    const char *domain, char **ips, int nip)
{
	struct spfcheck		*sc;
	struct spf_outcome	 o;
	struct ipaddr		 ip;
	char			*cause = NULL, *sender, host[256];
	int			 i, pass = 0, broken;

	if (nip == 0)
		return;
	if (strcmp(cfg->authserv_id, "HOSTNAME") != 0)
		strlcpy_safe(host, cfg->authserv_id, sizeof(host));
	else if (gethostname(host, sizeof(host)) == -1)
		strlcpy_safe(host, "localhost", sizeof(host));
	host[sizeof(host) - 1] = '\0';
	if ((sc = spfcheck_new(cfg, host, &cause)) == NULL) {
		lint_msg(c, LINT_ERROR, "cannot evaluate: %s", cause);
		free(cause);
		return;
	}
	/* A broken record was reported already: no error per address. */
	broken = c->count[LINT_ERROR] > 0;
	xasprintf(&sender, "postmaster@%s", domain);
	printf("\n");
	for (i = 0; i < nip; i++) {
		ipaddr_parse(ips[i], &ip);
		spfcheck_mailfrom(sc, &ip, sender, NULL, &o);
		printf("check_host(%s, %s): %s (%s)\n", ips[i], sender,
		    spf_result_name(o.result), o.explanation);
		switch (o.result) {
		case SPFR_PASS:
			pass++;
			break;
		case SPFR_PERMERROR:
			if (!broken)
				lint_msg(c, LINT_ERROR, "%s gets Permerror: "
				    "receivers that check SPF may reject its "
				    "mail", ips[i]);
			break;
		case SPFR_TEMPERROR:
			lint_msg(c, LINT_WARNING, "%s gets Temperror: DNS "
			    "trouble, receivers may defer its mail", ips[i]);
			break;
		case SPFR_FAIL:
			lint_msg(c, LINT_WARNING, "%s gets Fail: receivers "
			    "that enforce SPF reject its mail", ips[i]);
			break;
		default:
			lint_msg(c, LINT_WARNING, "%s gets %s: not authorized; "
			    "with -all receivers would reject its mail",
			    ips[i], spf_result_name(o.result));
			break;
		}
	}
	if (pass == nip)
		lint_msg(c, LINT_NOTE, "every address given gets Pass: -all "
		    "refuses none of their mail");
	free(sender);
	spfcheck_free(sc);
}

/* lint_main - policyd-spf --lint DOMAIN [IP...] */
int
lint_main(int argc, char **argv, const struct config *cfg)
{
	struct lint_ctx	 c;
	struct ipaddr	 ip;
	char		*cause = NULL, *domain;
	size_t		 i, len;
	int		 level, rc;

	if (argc < 1 || argv[0][0] == '\0') {
		fprintf(stderr, "usage: policyd-spf [-c file] --lint domain "
		    "[ip ...]\n");
		return (64);
	}
	for (i = 1; i < (size_t)argc; i++)
		if (ipaddr_parse(argv[i], &ip) == -1) {
			fprintf(stderr, "policyd-spf: --lint: %s: not an IP "
			    "address\n", argv[i]);
			return (64);
		}
	memset(&c, 0, sizeof(c));
	if ((c.res = dns_resolver_new(&cfg->dns_servers, cfg->dns_timeout,
	    cfg->dns_retries, &cause)) == NULL) {
		fprintf(stderr, "policyd-spf: %s\n", cause);
		free(cause);
		return (78);
	}
	domain = lint_show(argv[0]);
	len = strlen(domain);
	if (len > 1 && domain[len - 1] == '.')
		domain[len - 1] = '\0';
	str_lower(domain);

	lint_walk(&c, domain, 0, NULL, NULL);
	printf("DNS-querying terms: %d of %d\n", c.terms, LINT_TERM_LIMIT);
	printf("void lookups: %d of %d\n", c.voids, LINT_VOID_LIMIT);
	if (c.terms > LINT_TERM_LIMIT)
		lint_msg(&c, LINT_ERROR, "%s: %d DNS-querying terms, more than "
		    "%d: permerror when no earlier term matches (RFC 7208 "
		    "section 4.6.4)", domain, c.terms, LINT_TERM_LIMIT);
	if (c.voids > LINT_VOID_LIMIT)
		lint_msg(&c, LINT_ERROR, "%s: %d void lookups, more than %d: "
		    "permerror when no earlier term matches (RFC 7208 "
		    "section 4.6.4)", domain, c.voids, LINT_VOID_LIMIT);
	lint_evaluate(&c, cfg, domain, argv + 1, argc - 1);

	if (c.nmsg > 0)
		printf("\n");
	for (level = LINT_ERROR; level >= LINT_NOTE; level--)
		for (i = 0; i < c.nmsg; i++)
			if ((int)c.msg[i].level == level)
				printf("%s: %s\n", level == LINT_ERROR ?
				    "error" : level == LINT_WARNING ?
				    "warning" : "note", c.msg[i].text);
	printf("policyd-spf: %s: %zu error%s, %zu warning%s, %zu note%s\n",
	    domain, c.count[LINT_ERROR], lint_plural(c.count[LINT_ERROR]),
	    c.count[LINT_WARNING], lint_plural(c.count[LINT_WARNING]),
	    c.count[LINT_NOTE], lint_plural(c.count[LINT_NOTE]));
	rc = c.count[LINT_ERROR] > 0 ? 2 : c.count[LINT_WARNING] > 0 ? 1 : 0;
	for (i = 0; i < c.nmsg; i++)
		free(c.msg[i].text);
	free(c.msg);
	free(domain);
	dns_resolver_free(c.res);
	fflush(stdout);
	return (rc);
}
