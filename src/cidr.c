/*
 * NAME
 *	cidr 3 - IP addresses and CIDR lists
 * SYNOPSIS
 *	See cidr.h.
 * DESCRIPTION
 *	Addresses are kept as raw bytes in network order, so a prefix test
 *	is a byte compare plus one masked byte.  inet_pton(3) does all the
 *	address syntax; this file only adds the "/prefix" part, which it
 *	parses strictly by hand (strtol would take signs, spaces and
 *	leading zeros).
 *
 *	cidr_parse() clears the bits beyond the prefix, so an entry prints
 *	the way it matches.  IPv4-mapped entries stay IPv6 entries;
 *	cidr_list_match() tries both forms of the address instead.
 *
 *	cidr_list_parse() parses every entry before it appends any, so a
 *	list is never left half extended.
 * DIAGNOSTICS
 *	None logged: pure (no I/O, no logging, no globals).  Causes are
 *	static strings, or "<entry>: <reason>" allocated for the caller.
 * THREADS
 *	Any thread; a parsed list is read-only.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <stdlib.h>
#include <string.h>

#include "cidr.h"
#include "util.h"
#include "xmalloc.h"

static const uint8_t	cidr_v4mapped[12] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
};

static int	cidr_prefix_parse(const char *, int, int *);
static void	cidr_mask(struct ipaddr *, int);
static int	cidr_contains(const struct cidr *, const struct ipaddr *);
static void	ipaddr_map(const struct ipaddr *, struct ipaddr *);

/* ipaddr_parse - exactly an IPv4 or IPv6 address, as inet_pton takes it */
int
ipaddr_parse(const char *s, struct ipaddr *out)
{
	struct ipaddr	a;

	if (s == NULL)
		return (-1);
	memset(&a, 0, sizeof(a));
	if (inet_pton(AF_INET, s, a.a) == 1)
		a.af = AF_INET;
	else if (inet_pton(AF_INET6, s, a.a) == 1)
		a.af = AF_INET6;
	else
		return (-1);
	*out = a;
	return (0);
}

/* ipaddr_unmap - ::ffff:a.b.c.d becomes a.b.c.d */
int
ipaddr_unmap(struct ipaddr *a)
{
	uint8_t	v4[4];

	if (a->af != AF_INET6 ||
	    memcmp(a->a, cidr_v4mapped, sizeof(cidr_v4mapped)) != 0)
		return (0);
	memcpy(v4, a->a + 12, sizeof(v4));
	memset(a->a, 0, sizeof(a->a));
	memcpy(a->a, v4, sizeof(v4));
	a->af = AF_INET;
	return (1);
}

/* ipaddr_map - a.b.c.d as ::ffff:a.b.c.d */
static void
ipaddr_map(const struct ipaddr *a, struct ipaddr *out)
{
	memset(out, 0, sizeof(*out));
	out->af = AF_INET6;
	memcpy(out->a, cidr_v4mapped, sizeof(cidr_v4mapped));
	memcpy(out->a + 12, a->a, 4);
}

/* ipaddr_format - canonical text; "" if unknown or buf is too small */
void
ipaddr_format(const struct ipaddr *a, char *buf, size_t size)
{
	char	tmp[IPADDR_TEXT_MAX];

	if (size == 0)
		return;
	buf[0] = '\0';
	if (a->af != AF_INET && a->af != AF_INET6)
		return;
	if (inet_ntop(a->af, a->a, tmp, sizeof(tmp)) == NULL)
		return;
	if (strlen(tmp) >= size)	/* a cut address is a wrong address */
		return;
	strlcpy_safe(buf, tmp, size);
}

/* cidr_prefix_parse - decimal 0..max, no sign, no leading zero, no junk */
static int
cidr_prefix_parse(const char *s, int max, int *out)
{
	int	v = 0;

	if (*s == '\0' || (s[0] == '0' && s[1] != '\0'))
		return (-1);
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return (-1);
		v = v * 10 + (*s - '0');
		if (v > max)		/* also stops any overflow */
			return (-1);
	}
	*out = v;
	return (0);
}

/* cidr_mask - clear the bits beyond the prefix */
static void
cidr_mask(struct ipaddr *a, int prefix)
{
	size_t	i, nbytes = a->af == AF_INET ? 4 : 16;

	for (i = 0; i < nbytes; i++) {
		if (prefix >= 8)
			prefix -= 8;
		else if (prefix > 0) {
			a->a[i] &= (uint8_t)(0xff << (8 - prefix));
			prefix = 0;
		} else
			a->a[i] = 0;
	}
}

/* cidr_parse - "ADDR" or "ADDR/PREFIX" */
int
cidr_parse(const char *s, struct cidr *out, const char **cause)
{
	struct cidr	 c;
	char		 addr[IPADDR_TEXT_MAX];
	const char	*slash;
	size_t		 len;
	int		 max;

	slash = strchr(s, '/');
	len = slash != NULL ? (size_t)(slash - s) : strlen(s);
	if (len >= sizeof(addr)) {
		if (cause != NULL)
			*cause = "not an IP address";
		return (-1);
	}
	memcpy(addr, s, len);
	addr[len] = '\0';
	memset(&c, 0, sizeof(c));
	if (ipaddr_parse(addr, &c.addr) == -1) {
		if (cause != NULL)
			*cause = "not an IP address";
		return (-1);
	}

	max = c.addr.af == AF_INET ? 32 : 128;
	if (slash == NULL)
		c.prefix = max;
	else if (cidr_prefix_parse(slash + 1, max, &c.prefix) == -1) {
		if (cause != NULL)
			*cause = "bad prefix length";
		return (-1);
	}
	cidr_mask(&c.addr, c.prefix);
	*out = c;
	return (0);
}

/* cidr_list_parse - append every entry of a comma or space separated list */
int
cidr_list_parse(struct cidr_list *l, const char *csv, char **cause)
{
	struct strlist	 items = { NULL, 0 };
	struct cidr	*v = NULL;
	const char	*why;
	size_t		 i;

	if (cause != NULL)
		*cause = NULL;
	strlist_split(&items, csv);
	if (items.n == 0)
		return (0);

	v = xreallocarray(NULL, items.n, sizeof(*v));
	for (i = 0; i < items.n; i++) {
		if (cidr_parse(items.v[i], &v[i], &why) == -1) {
			if (cause != NULL)
				xasprintf(cause, "%s: %s", items.v[i], why);
			free(v);
			strlist_free(&items);
			return (-1);
		}
	}

	l->v = xreallocarray(l->v, l->n + items.n, sizeof(*l->v));
	memcpy(l->v + l->n, v, items.n * sizeof(*v));
	l->n += items.n;
	free(v);
	strlist_free(&items);
	return (0);
}

/* cidr_contains - is a inside c (same family only) */
static int
cidr_contains(const struct cidr *c, const struct ipaddr *a)
{
	size_t	full = (size_t)c->prefix / 8;
	int	rest = c->prefix % 8;
	uint8_t	mask;

	if (c->addr.af != a->af)
		return (0);
	if (memcmp(c->addr.a, a->a, full) != 0)
		return (0);
	if (rest == 0)
		return (1);
	mask = (uint8_t)(0xff << (8 - rest));
	return ((c->addr.a[full] & mask) == (a->a[full] & mask));
}

/* cidr_list_match - a, in either of its forms, is inside some entry */
int
cidr_list_match(const struct cidr_list *l, const struct ipaddr *a)
{
	struct ipaddr	other;
	int		has_other = 0;
	size_t		i;

	/*
	 * An IPv4 address is also its mapped IPv6 form and the other way
	 * round, so "::ffff:127.0.0.0/104" and "127.0.0.0/8" mean the same.
	 */
	if (a->af == AF_INET) {
		ipaddr_map(a, &other);
		has_other = 1;
	} else if (a->af == AF_INET6) {
		other = *a;
		has_other = ipaddr_unmap(&other);
	} else
		return (0);

	for (i = 0; i < l->n; i++) {
		if (cidr_contains(&l->v[i], a))
			return (1);
		if (has_other && cidr_contains(&l->v[i], &other))
			return (1);
	}
	return (0);
}

/* cidr_list_free - release the entries, leave an empty list */
void
cidr_list_free(struct cidr_list *l)
{
	free(l->v);
	l->v = NULL;
	l->n = 0;
}
