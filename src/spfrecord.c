/*
 * NAME
 *	spfrecord 3 - strict RFC 7208 record validation, normalised for libspf2
 * DESCRIPTION
 *	See spfrecord.h for the contract and the grammar.  A record is cut
 *	at single spaces into terms; each term is a modifier when it starts
 *	with a name and "=", otherwise a directive.  Every term is checked
 *	even after the output has stopped growing (past the eleventh
 *	DNS-querying term), because a syntax error anywhere is a permerror
 *	(section 4.6).  Mechanisms go to the output as they come; redirect=
 *	and exp= are kept aside and appended at the end.
 *
 *	A domain-spec is checked in one walk over its macro-string that
 *	remembers where the last macro-expand ended: the domain-end is
 *	either that macro-expand (when it is the last token) or the literal
 *	text after it, which must hold "." toplabel, optionally followed
 *	by one ".".
 * LIMITS
 *	Linear in the record; causes quote at most SPFRECORD_QUOTE_MAX
 *	bytes of a term.
 * SEE ALSO
 *	spfrecord.h, RFC 7208 sections 4.6, 5, 6, 7 and 12
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "spfrecord.h"
#include "xmalloc.h"

#define SPFRECORD_VERSION	"v=spf1"
#define SPFRECORD_QUOTE_MAX	64
#define SPFRECORD_CAUSE_MAX	256
#define SPFRECORD_IP6_TEXT	64	/* longer than any ip6-network */

/* What a macro-string may hold besides the common part. */
#define SPFRECORD_MS_EXP	0x01	/* the letters c, r and t */
#define SPFRECORD_MS_SPACE	0x02	/* spaces (explain-string) */

/* A growing output string. */
struct spfrecord_buf {
	char	*s;
	size_t	 len;
	size_t	 size;
};

/* One record being checked. */
struct spfrecord_state {
	struct spfrecord_buf	 mech;		/* normalised mechanisms */
	struct spfrecord_buf	 redirect;	/* " redirect=..." */
	struct spfrecord_buf	 exp;		/* " exp=..." */
	int			 has_redirect;
	int			 has_exp;
	int			 has_all;
	int			 dns_terms;	/* DNS-querying mechanisms */
};

/* Where a macro-string's domain-end may start. */
struct spfrecord_ms {
	size_t	 lit_start;	/* after the last macro-expand */
	int	 ends_macro;	/* the last token is a macro-expand */
};

static void	 spfrecord_add(struct spfrecord_buf *, const char *, size_t);
static void	 spfrecord_adds(struct spfrecord_buf *, const char *);
static void	 spfrecord_quote(char *, size_t, const char *, size_t);
static int	 spfrecord_fail(char **, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
static int	 spfrecord_macro(const char *, size_t, size_t, int, size_t *,
		    char *, const char **);
static int	 spfrecord_macro_string(const char *, size_t, int,
		    struct spfrecord_buf *, struct spfrecord_ms *,
		    const char **, char *);
static const char *spfrecord_toplabel(const char *, size_t);
static int	 spfrecord_domain_spec(const char *, size_t,
		    struct spfrecord_buf *, const char *, char **);
static int	 spfrecord_cidr(const char *, size_t, int, int *);
static int	 spfrecord_dual_cidr(const char *, size_t *, int *, int *,
		    const char *, char **);
static int	 spfrecord_ip4(const char *, size_t);
static int	 spfrecord_ip6(const char *, size_t);
static void	 spfrecord_qualifier(struct spfrecord_buf *, char);
static void	 spfrecord_name(struct spfrecord_buf *, const char *, size_t);
static void	 spfrecord_spec(struct spfrecord_buf *, const char *, size_t);
static int	 spfrecord_modifier(struct spfrecord_state *, const char *,
		    size_t, size_t, char **);
static int	 spfrecord_directive(struct spfrecord_state *, const char *,
		    size_t, char **);
static int	 spfrecord_url_char(int);

/* spfrecord_add - append len bytes */
static void
spfrecord_add(struct spfrecord_buf *b, const char *s, size_t len)
{
	if (b->len + len + 1 > b->size) {
		b->size = (b->len + len + 1) * 2;
		b->s = xreallocarray(b->s, b->size, 1);
	}
	memcpy(b->s + b->len, s, len);
	b->len += len;
	b->s[b->len] = '\0';
}

/* spfrecord_adds - append a string */
static void
spfrecord_adds(struct spfrecord_buf *b, const char *s)
{
	spfrecord_add(b, s, strlen(s));
}

/*
 * spfrecord_quote - at most SPFRECORD_QUOTE_MAX bytes of s for a cause,
 * non-printable bytes as '?', "..." when cut.
 */
static void
spfrecord_quote(char *dst, size_t size, const char *s, size_t len)
{
	size_t	i, n = len > SPFRECORD_QUOTE_MAX ? SPFRECORD_QUOTE_MAX : len;

	if (size < n + 4)
		n = size > 4 ? size - 4 : 0;
	for (i = 0; i < n; i++)
		dst[i] = (unsigned char)s[i] >= 0x20 &&
		    (unsigned char)s[i] < 0x7f ? s[i] : '?';
	if (n < len)
		memcpy(dst + i, "...", 3), i += 3;
	dst[i] = '\0';
}

/* spfrecord_fail - set *cause (when wanted) and return -1 */
static int
spfrecord_fail(char **cause, const char *fmt, ...)
{
	char	buf[SPFRECORD_CAUSE_MAX];
	va_list	ap;

	if (cause == NULL)
		return (-1);
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	*cause = xstrdup(buf);
	return (-1);
}

/* spfrecord_is_spf - "v=spf1", any case, then a space or the end */
int
spfrecord_is_spf(const char *txt)
{
	size_t	len = sizeof(SPFRECORD_VERSION) - 1;

	return (strncasecmp(txt, SPFRECORD_VERSION, len) == 0 &&
	    (txt[len] == ' ' || txt[len] == '\0'));
}

/*
 * spfrecord_macro - the macro-expand at s[i] ('%'), mode as for
 * spfrecord_macro_string().  Sets *end past it and *letter to its
 * letter as written (0 for "%%", "%_", "%-"); on error *why.
 */
static int
spfrecord_macro(const char *s, size_t len, size_t i, int mode, size_t *end,
    char *letter, const char **why)
{
	size_t		j;
	unsigned long	n;
	int		c, digits;

	*letter = 0;
	if (i + 1 >= len) {
		*why = "'%' at the end";
		return (-1);
	}
	switch (s[i + 1]) {
	case '%':
	case '_':
	case '-':
		*end = i + 2;
		return (0);
	case '{':
		break;
	default:
		*why = "'%' not followed by '{', '%', '_' or '-'";
		return (-1);
	}
	j = i + 2;
	if (j >= len || strchr("slodiphvcrt", tolower((unsigned char)s[j])) ==
	    NULL || s[j] == '\0') {
		*why = "unknown macro letter";
		return (-1);
	}
	c = tolower((unsigned char)s[j]);
	if ((c == 'c' || c == 'r' || c == 't') &&
	    (mode & SPFRECORD_MS_EXP) == 0) {
		*why = "macro letter allowed in explanations only";
		return (-1);
	}
	*letter = s[j++];
	for (n = 0, digits = 0; j < len && isdigit((unsigned char)s[j]); j++) {
		if (n < 100000)
			n = n * 10 + (s[j] - '0');
		digits = 1;
	}
	if (digits && n == 0) {
		*why = "zero parts";
		return (-1);
	}
	if (j < len && (s[j] == 'r' || s[j] == 'R'))
		j++;
	while (j < len && s[j] != '\0' && strchr(".-+,/_=", s[j]) != NULL)
		j++;
	if (j >= len || s[j] != '}') {
		*why = "bad transformer or delimiter, or no '}'";
		return (-1);
	}
	*end = j + 1;
	return (0);
}

/*
 * spfrecord_macro_string - check s (len bytes) as a macro-string and,
 * when out is not NULL, append its normalised copy (an "R" transformer
 * written "r").  mode: SPFRECORD_MS_*.  On error *why says what and bad
 * (SPFRECORD_QUOTE_MAX + 4 bytes) gets the offending piece.
 */
static int
spfrecord_macro_string(const char *s, size_t len, int mode,
    struct spfrecord_buf *out, struct spfrecord_ms *ms, const char **why,
    char *bad)
{
	size_t	i, end, k;
	char	letter;
	int	c;

	ms->lit_start = 0;
	ms->ends_macro = 0;
	for (i = 0; i < len; i = end) {
		c = (unsigned char)s[i];
		if (c != '%') {
			if ((c < 0x21 || c > 0x7e) &&
			    !(c == ' ' && (mode & SPFRECORD_MS_SPACE))) {
				*why = "invalid character";
				spfrecord_quote(bad, SPFRECORD_QUOTE_MAX + 4,
				    s, len);
				return (-1);
			}
			end = i + 1;
			if (out != NULL)
				spfrecord_add(out, s + i, 1);
			ms->ends_macro = 0;
			continue;
		}
		if (spfrecord_macro(s, len, i, mode, &end, &letter, why) ==
		    -1) {
			for (k = i + 1; k < len && k < i + 16 &&
			    s[k] != '%' && s[k - 1] != '}'; k++)
				;
			spfrecord_quote(bad, SPFRECORD_QUOTE_MAX + 4, s + i,
			    k - i);
			return (-1);
		}
		if (out != NULL) {
			/* libspf2 knows the reverse transformer as "r" only. */
			for (k = i; k < end; k++)
				spfrecord_add(out, letter != 0 && k > i + 2 &&
				    s[k] == 'R' ? "r" : s + k, 1);
		}
		ms->lit_start = end;
		ms->ends_macro = 1;
	}
	return (0);
}

/*
 * spfrecord_toplabel - NULL when s (len bytes) is a toplabel, else why
 * not.
 */
static const char *
spfrecord_toplabel(const char *s, size_t len)
{
	size_t	i;
	int	alpha = 0, dash = 0;

	if (len == 0)
		return ("empty top label");
	for (i = 0; i < len; i++) {
		if (isalpha((unsigned char)s[i]))
			alpha = 1;
		else if (s[i] == '-')
			dash = 1;
		else if (!isdigit((unsigned char)s[i]))
			return ("bad top label");
	}
	if (s[0] == '-' || s[len - 1] == '-')
		return ("bad top label");
	if (!alpha && !dash)
		return ("numeric top label");
	return (NULL);
}

/*
 * spfrecord_domain_spec - check a domain-spec (mechanisms, redirect=,
 * exp=) and append its normalised copy to out (when not NULL).  term is
 * the whole term, for the cause.
 */
static int
spfrecord_domain_spec(const char *s, size_t len, struct spfrecord_buf *out,
    const char *term, char **cause)
{
	struct spfrecord_ms	 ms;
	const char		*why, *lit, *dot, *top;
	char			 q[SPFRECORD_QUOTE_MAX + 4];
	char			 bad[SPFRECORD_QUOTE_MAX + 4];
	size_t			 llen;

	spfrecord_quote(q, sizeof(q), s, len);
	if (len == 0) {
		spfrecord_quote(q, sizeof(q), term, strcspn(term, " "));
		return (spfrecord_fail(cause, "Empty domain-spec in '%s'",
		    q));
	}
	if (spfrecord_macro_string(s, len, 0, out, &ms, &why, bad) == -1)
		return (spfrecord_fail(cause, "Invalid domain-spec '%s' "
		    "(%s: '%s')", q, why, bad));
	if (ms.ends_macro)
		return (0);
	lit = s + ms.lit_start;
	llen = len - ms.lit_start;
	/* "%{d}." as pyspf (and libspf2) take it: the macro ends it. */
	if (ms.lit_start > 0 && llen == 1 && *lit == '.')
		return (0);
	if (llen > 0 && lit[llen - 1] == '.')
		llen--;		/* the optional trailing dot */
	dot = NULL;
	for (top = lit; top < lit + llen; top++)
		if (*top == '.')
			dot = top;
	if (dot == NULL)
		return (spfrecord_fail(cause, "Invalid domain-spec '%s' (no "
		    "dot before the top label)", q));
	if ((why = spfrecord_toplabel(dot + 1, lit + llen - (dot + 1))) !=
	    NULL)
		return (spfrecord_fail(cause, "Invalid domain-spec '%s' (%s)",
		    q, why));
	return (0);
}

/*
 * spfrecord_cidr - "/" and a CIDR length up to max, no leading zero,
 * exactly s (len bytes); the length in *n.
 */
static int
spfrecord_cidr(const char *s, size_t len, int max, int *n)
{
	size_t	i;
	int	v = 0;

	if (len < 2 || len > 4 || s[0] != '/' || (s[1] == '0' && len > 2))
		return (-1);
	for (i = 1; i < len; i++) {
		if (!isdigit((unsigned char)s[i]))
			return (-1);
		v = v * 10 + (s[i] - '0');
	}
	if (v > max)
		return (-1);
	*n = v;
	return (0);
}

/*
 * spfrecord_dual_cidr - take a dual-cidr-length off the end of s (*len
 * bytes, shortened).  *n4 and *n6 are -1 when absent.  A length that
 * has the form of one but is out of range is an error; anything else
 * stays part of the domain-spec.
 */
static int
spfrecord_dual_cidr(const char *s, size_t *len, int *n4, int *n6,
    const char *term, char **cause)
{
	size_t	d, l = *len;
	char	q[SPFRECORD_QUOTE_MAX + 4];

	*n4 = *n6 = -1;
	spfrecord_quote(q, sizeof(q), term, strcspn(term, " "));
	for (d = l; d > 0 && isdigit((unsigned char)s[d - 1]); d--)
		;
	if (d < l && d >= 2 && s[d - 1] == '/' && s[d - 2] == '/' &&
	    l - d <= 3 && (s[d] != '0' || l - d == 1)) {
		if (spfrecord_cidr(s + d - 1, l - d + 1, 128, n6) == -1)
			return (spfrecord_fail(cause, "Invalid IPv6 CIDR "
			    "length in '%s'", q));
		l = d - 2;
		for (d = l; d > 0 && isdigit((unsigned char)s[d - 1]); d--)
			;
	}
	if (d < l && d >= 1 && s[d - 1] == '/' && (d < 2 || s[d - 2] != '/') &&
	    l - d <= 2 && (s[d] != '0' || l - d == 1)) {
		if (spfrecord_cidr(s + d - 1, l - d + 1, 32, n4) == -1)
			return (spfrecord_fail(cause, "Invalid IPv4 CIDR "
			    "length in '%s'", q));
		l = d - 1;
	}
	*len = l;
	return (0);
}

/* spfrecord_ip4 - an ip4-network: four 0-255, no leading zeros */
static int
spfrecord_ip4(const char *s, size_t len)
{
	size_t	i = 0, start;
	int	part, v;

	for (part = 0; part < 4; part++) {
		if (part > 0) {
			if (i >= len || s[i] != '.')
				return (-1);
			i++;
		}
		start = i;
		for (v = 0; i < len && isdigit((unsigned char)s[i]) &&
		    i - start < 3; i++)
			v = v * 10 + (s[i] - '0');
		if (i == start || v > 255 || (s[start] == '0' &&
		    i - start > 1))
			return (-1);
	}
	return (i == len ? 0 : -1);
}

/* spfrecord_ip6 - an ip6-network, as inet_pton(3) takes it */
static int
spfrecord_ip6(const char *s, size_t len)
{
	char		buf[SPFRECORD_IP6_TEXT];
	struct in6_addr	a;

	if (len == 0 || len >= sizeof(buf))
		return (-1);
	memcpy(buf, s, len);
	buf[len] = '\0';
	return (inet_pton(AF_INET6, buf, &a) == 1 ? 0 : -1);
}

/* spfrecord_qualifier - a mechanism's qualifier, as written */
static void
spfrecord_qualifier(struct spfrecord_buf *b, char q)
{
	spfrecord_adds(b, " ");
	if (q != 0)
		spfrecord_add(b, &q, 1);
}

/* spfrecord_name - a mechanism name, in lower case */
static void
spfrecord_name(struct spfrecord_buf *b, const char *name, size_t len)
{
	size_t	i;
	char	c;

	for (i = 0; i < len; i++) {
		c = tolower((unsigned char)name[i]);
		spfrecord_add(b, &c, 1);
	}
}

/* spfrecord_spec - the normalised copy of a checked domain-spec */
static void
spfrecord_spec(struct spfrecord_buf *b, const char *s, size_t len)
{
	struct spfrecord_ms	 ms;
	const char		*why;
	char			 bad[SPFRECORD_QUOTE_MAX + 4];

	(void)spfrecord_macro_string(s, len, SPFRECORD_MS_EXP, b, &ms, &why,
	    bad);
}

/*
 * spfrecord_modifier - name "=" value; the name is namelen bytes.  Known
 * modifiers are kept aside, unknown ones checked and dropped.
 */
static int
spfrecord_modifier(struct spfrecord_state *st, const char *t, size_t len,
    size_t namelen, char **cause)
{
	struct spfrecord_ms	 ms;
	struct spfrecord_buf	*b;
	const char		*v = t + namelen + 1, *why;
	size_t			 vlen = len - namelen - 1;
	char			 q[SPFRECORD_QUOTE_MAX + 4];
	char			 bad[SPFRECORD_QUOTE_MAX + 4];
	int			 redirect;

	redirect = namelen == 8 && strncasecmp(t, "redirect", 8) == 0;
	if (!redirect && !(namelen == 3 && strncasecmp(t, "exp", 3) == 0)) {
		/* Unknown: a macro-string, then ignored (section 6). */
		if (spfrecord_macro_string(v, vlen, SPFRECORD_MS_EXP, NULL,
		    &ms, &why, bad) == -1) {
			spfrecord_quote(q, sizeof(q), t, len);
			return (spfrecord_fail(cause, "Invalid modifier '%s' "
			    "(%s: '%s')", q, why, bad));
		}
		return (0);
	}
	if (redirect ? st->has_redirect : st->has_exp)
		return (spfrecord_fail(cause, "Duplicate %s= modifier",
		    redirect ? "redirect" : "exp"));
	b = redirect ? &st->redirect : &st->exp;
	spfrecord_adds(b, redirect ? " redirect=" : " exp=");
	if (redirect)
		st->has_redirect = 1;
	else
		st->has_exp = 1;
	return (spfrecord_domain_spec(v, vlen, b, t, cause));
}

/* spfrecord_directive - [qualifier] mechanism */
static int
spfrecord_directive(struct spfrecord_state *st, const char *t, size_t len,
    char **cause)
{
	struct spfrecord_buf	*out = &st->mech, scratch;
	const char		*p = t, *name, *rest;
	size_t			 nlen, rlen, slash;
	char			 q[SPFRECORD_QUOTE_MAX + 4], qual = 0, tag[16];
	int			 n4, n6, n, flags, rc, emit;

	spfrecord_quote(q, sizeof(q), t, len);
	if (*p == '+' || *p == '-' || *p == '?' || *p == '~')
		qual = *p++;
	name = p;
	while (p < t + len && isalnum((unsigned char)*p))
		p++;
	nlen = p - name;
	rest = p;
	rlen = t + len - p;

	/*
	 * Past the eleventh DNS-querying term nothing is emitted (see
	 * spfrecord.h), but everything is still checked.
	 */
	memset(&scratch, 0, sizeof(scratch));
	emit = st->dns_terms <= SPFRECORD_DNS_TERMS;
	if (!emit)
		out = &scratch;

#define NAME_IS(s)	(nlen == sizeof(s) - 1 && \
			    strncasecmp(name, (s), nlen) == 0)
	if (NAME_IS("all")) {
		if (rlen != 0) {
			rc = spfrecord_fail(cause, "Invalid 'all' mechanism "
			    "'%s' (all takes no argument)", q);
			goto done;
		}
		st->has_all = 1;
		spfrecord_qualifier(out, qual);
		spfrecord_adds(out, "all");
		rc = 0;
	} else if (NAME_IS("include") || NAME_IS("exists") ||
	    NAME_IS("ptr")) {
		st->dns_terms++;
		if (!(NAME_IS("ptr") && rlen == 0) && (rlen == 0 ||
		    *rest != ':')) {
			rc = spfrecord_fail(cause, "Invalid mechanism '%s' "
			    "(%s)", q, rlen == 0 ? "domain-spec missing" :
			    "':' and a domain-spec expected");
			goto done;
		}
		if (rlen > 0 && spfrecord_domain_spec(rest + 1, rlen - 1, NULL,
		    t, cause) == -1) {
			rc = -1;
			goto done;
		}
		spfrecord_qualifier(out, qual);
		spfrecord_name(out, name, nlen);
		if (rlen > 0) {
			spfrecord_adds(out, ":");
			rest++;
			rlen--;
			if (NAME_IS("exists") && rest[rlen - 1] == '.')
				rlen--;		/* the tag follows */
			spfrecord_spec(out, rest, rlen);
			if (NAME_IS("exists")) {
				spfrecord_tag(tag, sizeof(tag), "",
				    SPFRECORD_TAG_TERM);
				spfrecord_adds(out, tag);
			}
		}
		rc = 0;
	} else if (NAME_IS("a") || NAME_IS("mx")) {
		st->dns_terms++;
		if (spfrecord_dual_cidr(rest, &rlen, &n4, &n6, t, cause) ==
		    -1) {
			rc = -1;
			goto done;
		}
		if (rlen > 0 && (*rest != ':' || rlen == 1)) {
			rc = spfrecord_fail(cause, "Invalid mechanism '%s' "
			    "(%s)", q, *rest == ':' ? "empty domain-spec" :
			    "':' and a domain-spec, or a CIDR length "
			    "expected");
			goto done;
		}
		if (rlen > 0 && spfrecord_domain_spec(rest + 1, rlen - 1, NULL,
		    t, cause) == -1) {
			rc = -1;
			goto done;
		}
		spfrecord_qualifier(out, qual);
		spfrecord_name(out, name, nlen);
		spfrecord_adds(out, ":");
		if (rlen == 0)
			spfrecord_adds(out, "%{d}");
		else {
			rest++;
			rlen--;
			if (rest[rlen - 1] == '.')
				rlen--;		/* the tag follows */
			spfrecord_spec(out, rest, rlen);
		}
		flags = SPFRECORD_TAG_TERM;
		if (n4 == 0)
			flags |= SPFRECORD_TAG_CIDR4_0;
		if (n6 == 0)
			flags |= SPFRECORD_TAG_CIDR6_0;
		spfrecord_tag(tag, sizeof(tag), "", flags);
		spfrecord_adds(out, tag);
		if (n4 > 0) {
			snprintf(tag, sizeof(tag), "/%d", n4);
			spfrecord_adds(out, tag);
		}
		if (n6 > 0) {
			snprintf(tag, sizeof(tag), "//%d", n6);
			spfrecord_adds(out, tag);
		}
		rc = 0;
	} else if (NAME_IS("ip4") || NAME_IS("ip6")) {
		if (rlen < 2 || *rest != ':') {
			rc = spfrecord_fail(cause, "Invalid mechanism '%s' "
			    "(':' and a network expected)", q);
			goto done;
		}
		rest++;
		rlen--;
		slash = strcspn(rest, "/ ");
		if (slash > rlen)
			slash = rlen;
		n = -1;
		if ((NAME_IS("ip4") ? spfrecord_ip4(rest, slash) :
		    spfrecord_ip6(rest, slash)) == -1) {
			rc = spfrecord_fail(cause, "Invalid %s network in '%s'",
			    NAME_IS("ip4") ? "IPv4" : "IPv6", q);
			goto done;
		}
		if (slash < rlen && spfrecord_cidr(rest + slash, rlen - slash,
		    NAME_IS("ip4") ? 32 : 128, &n) == -1) {
			rc = spfrecord_fail(cause, "Invalid %s CIDR length in "
			    "'%s'", NAME_IS("ip4") ? "IPv4" : "IPv6", q);
			goto done;
		}
		spfrecord_qualifier(out, qual);
		if (n == 0) {
			/* libspf2 rejects /0: two halves say the same. */
			spfrecord_adds(out, NAME_IS("ip4") ? "ip4:0.0.0.0/1" :
			    "ip6:::/1");
			spfrecord_qualifier(out, qual);
			spfrecord_adds(out, NAME_IS("ip4") ?
			    "ip4:128.0.0.0/1" : "ip6:8000::/1");
		} else {
			spfrecord_adds(out, NAME_IS("ip4") ? "ip4:" : "ip6:");
			spfrecord_add(out, rest, rlen);
		}
		rc = 0;
	} else {
		rc = spfrecord_fail(cause, "Unknown mechanism found near "
		    "'%s'", q);
	}
#undef NAME_IS
done:
	free(scratch.s);
	return (rc);
}

/*
 * spfrecord_check - validate a record; on success the normalised text
 * in *normal.
 */
int
spfrecord_check(const char *record, char **normal, char **cause)
{
	struct spfrecord_state	 st;
	const char		*p, *t, *n;
	char			 q[SPFRECORD_QUOTE_MAX + 4];
	size_t			 len, vlen = sizeof(SPFRECORD_VERSION) - 1;
	int			 rc = 0;

	if (normal != NULL)
		*normal = NULL;
	if (cause != NULL)
		*cause = NULL;
	if (!spfrecord_is_spf(record))
		return (spfrecord_fail(cause, "Not an SPF record"));
	memset(&st, 0, sizeof(st));
	for (p = record; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e) {
			for (t = p; t > record && t[-1] != ' '; t--)
				;
			spfrecord_quote(q, sizeof(q), t, strcspn(t, " "));
			return (spfrecord_fail(cause, "Invalid character "
			    "0x%02x in '%s'", (unsigned char)*p, q));
		}
	spfrecord_adds(&st.mech, SPFRECORD_VERSION);
	for (p = record + vlen; *p != '\0' && rc == 0; p = t + len) {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		t = p;
		len = strcspn(t, " ");
		/* A modifier: name "=" ...; anything else a directive. */
		n = t;
		if (isalpha((unsigned char)*n))
			while (n < t + len && (isalnum((unsigned char)*n) ||
			    *n == '-' || *n == '_' || *n == '.'))
				n++;
		if (n > t && n < t + len && *n == '=')
			rc = spfrecord_modifier(&st, t, len, n - t, cause);
		else
			rc = spfrecord_directive(&st, t, len, cause);
	}
	if (rc == 0 && normal != NULL) {
		/* redirect= is a DNS-querying term after every mechanism. */
		if (st.has_redirect && !st.has_all &&
		    st.dns_terms <= SPFRECORD_DNS_TERMS)
			spfrecord_add(&st.mech, st.redirect.s, st.redirect.len);
		if (st.has_exp)
			spfrecord_add(&st.mech, st.exp.s, st.exp.len);
		*normal = st.mech.s;
		st.mech.s = NULL;
	}
	free(st.mech.s);
	free(st.redirect.s);
	free(st.exp.s);
	return (rc);
}

/* spfrecord_url_char - an RFC 3986 unreserved character */
static int
spfrecord_url_char(int c)
{
	return (isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~');
}

/*
 * spfrecord_explain - expand an explanation text; macros through
 * expand(), URL-encoding for upper-case letters here.
 */
int
spfrecord_explain(const char *text, char *out, size_t size,
    int (*expand)(void *, const char *, char *, size_t), void *arg,
    char **cause)
{
	static const char	 hex[] = "0123456789ABCDEF";
	struct spfrecord_ms	 ms;
	struct spfrecord_buf	 b, mac;
	const char		*why, *s;
	char			 bad[SPFRECORD_QUOTE_MAX + 4], letter;
	char			 val[1024], enc[4];
	size_t			 i, end, len = strlen(text);
	int			 rc = 0;

	if (cause != NULL)
		*cause = NULL;
	if (spfrecord_macro_string(text, len, SPFRECORD_MS_EXP |
	    SPFRECORD_MS_SPACE, NULL, &ms, &why, bad) == -1)
		return (spfrecord_fail(cause, "Invalid explanation (%s: '%s')",
		    why, bad));
	memset(&b, 0, sizeof(b));
	memset(&mac, 0, sizeof(mac));
	spfrecord_adds(&b, "");
	for (i = 0; i < len && rc == 0; i = end) {
		if (text[i] != '%') {
			end = i + 1;
			spfrecord_add(&b, text + i, 1);
			continue;
		}
		(void)spfrecord_macro(text, len, i, SPFRECORD_MS_EXP, &end,
		    &letter, &why);
		if (letter == 0) {
			spfrecord_adds(&b, text[i + 1] == '%' ? "%" :
			    text[i + 1] == '_' ? " " : "%20");
			continue;
		}
		/* One macro, letter in lower case, "R" as "r". */
		mac.len = 0;
		spfrecord_adds(&mac, "%{");
		enc[0] = tolower((unsigned char)letter);
		spfrecord_add(&mac, enc, 1);
		for (s = text + i + 3; s < text + end; s++) {
			enc[1] = tolower((unsigned char)*s);
			spfrecord_add(&mac, enc + 1, 1);
		}
		val[0] = '\0';
		if (expand(arg, mac.s, val, sizeof(val)) == -1) {
			rc = spfrecord_fail(cause, "Cannot expand '%s'", mac.s);
			break;
		}
		if (enc[0] == 'i')
			for (s = val; *s != '\0'; s++)
				val[s - val] = toupper((unsigned char)*s);
		if (!isupper((unsigned char)letter)) {
			spfrecord_adds(&b, val);
			continue;
		}
		for (s = val; *s != '\0'; s++) {
			if (spfrecord_url_char((unsigned char)*s)) {
				spfrecord_add(&b, s, 1);
				continue;
			}
			enc[0] = '%';
			enc[1] = hex[(unsigned char)*s >> 4];
			enc[2] = hex[(unsigned char)*s & 0x0f];
			spfrecord_add(&b, enc, 3);
		}
	}
	if (rc == 0 && size > 0) {
		if (b.len >= size)
			b.len = size - 1;
		memcpy(out, b.s, b.len);
		out[b.len] = '\0';
	}
	free(b.s);
	free(mac.s);
	return (rc);
}

/* spfrecord_untag - the length of name without its tag, and the tag */
size_t
spfrecord_untag(const char *name, int *flags)
{
	size_t	len = strlen(name);

	*flags = 0;
	if (len < SPFRECORD_TAG_LEN || name[len - 3] != '.' ||
	    name[len - 2] != '@' || name[len - 1] < '0' || name[len - 1] > '7')
		return (len);
	*flags = name[len - 1] - '0';
	return (len - SPFRECORD_TAG_LEN);
}

/* spfrecord_tag - name and the tag for flags */
int
spfrecord_tag(char *buf, size_t size, const char *name, int flags)
{
	int	n;

	n = snprintf(buf, size, "%s.@%c", name, '0' + (flags & 07));
	return (n < 0 || (size_t)n >= size ? -1 : 0);
}
