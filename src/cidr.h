/*
 * NAME
 *	cidr 3h - IP addresses and CIDR lists
 * SYNOPSIS
 *	#include "cidr.h"
 *
 *	int	 ipaddr_parse(const char *s, struct ipaddr *out);
 *	int	 ipaddr_unmap(struct ipaddr *a);
 *	void	 ipaddr_format(const struct ipaddr *a, char *buf, size_t size);
 *	int	 cidr_parse(const char *s, struct cidr *out, const char **cause);
 *	int	 cidr_list_parse(struct cidr_list *l, const char *csv, char **cause);
 *	int	 cidr_list_match(const struct cidr_list *l, const struct ipaddr *a);
 *	void	 cidr_list_free(struct cidr_list *l);
 * DESCRIPTION
 *	ipaddr_parse() accepts exactly an IPv4 dotted quad or an IPv6 address
 *	as inet_pton(3) does (no brackets, no zone, no surrounding space) and
 *	returns 0, or -1 for anything else.
 *
 *	ipaddr_unmap() turns an IPv4-mapped IPv6 address (::ffff:a.b.c.d)
 *	into the IPv4 address a.b.c.d and returns 1; otherwise it leaves the
 *	address alone and returns 0.
 *
 *	ipaddr_format() writes the canonical text form (inet_ntop(3):
 *	lower case, zeros compressed, "::ffff:a.b.c.d" for a mapped
 *	address).  buf should have IPADDR_TEXT_MAX bytes; if it is too
 *	small, or the address family is unknown, it gets "" rather than a
 *	cut address.
 *
 *	cidr_parse() accepts "ADDR" or "ADDR/PREFIX" (PREFIX 0-32 for IPv4,
 *	0-128 for IPv6, decimal, no sign, no leading zeros, bits beyond the
 *	prefix are ignored and cleared in out).  Without a prefix the
 *	entry is the single address (/32 or /128).  The whole string must
 *	be the entry: no space, sign or other trailing junk.  On error it
 *	returns -1, leaves out alone and sets *cause (if cause is not
 *	NULL) to a static string ("not an IP address", "bad prefix
 *	length").
 *
 *	cidr_list_parse() appends every comma- or space-separated entry of
 *	csv; on the first bad entry it returns -1 with *cause allocated:
 *	"<entry>: <reason>" (the caller frees it).  Returns 0 on success,
 *	with *cause set to NULL; an empty list adds nothing and succeeds.
 *	On error nothing is appended.  Start from a zeroed struct
 *	cidr_list; cidr_list_free() releases it and leaves it empty.
 *
 *	cidr_list_match() is true when a is inside any entry.  An IPv4
 *	address also matches an IPv6 entry through its mapped form
 *	(::ffff:127.0.0.0/104 contains 127.0.0.1) and an IPv4-mapped IPv6
 *	address matches IPv4 entries.  No other embedding (IPv4-compatible,
 *	NAT64, 6to4) is recognised.
 * DIAGNOSTICS
 *	None logged: the module is pure (no I/O, no logging, no globals).
 *	ipaddr_parse() leaves out alone when it fails.
 * THREADS
 *	Any thread; a parsed list is read-only.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#ifndef CIDR_H
#define CIDR_H

#include <stddef.h>
#include <stdint.h>

#define IPADDR_TEXT_MAX	46	/* INET6_ADDRSTRLEN */

struct ipaddr {
	int	 af;		/* AF_INET or AF_INET6 */
	uint8_t	 a[16];		/* network order; IPv4 uses a[0..3] */
};

struct cidr {
	struct ipaddr	 addr;
	int		 prefix;
};

struct cidr_list {
	struct cidr	*v;
	size_t		 n;
};

int	 ipaddr_parse(const char *, struct ipaddr *);
int	 ipaddr_unmap(struct ipaddr *);
void	 ipaddr_format(const struct ipaddr *, char *, size_t);
int	 cidr_parse(const char *, struct cidr *, const char **);
int	 cidr_list_parse(struct cidr_list *, const char *, char **);
int	 cidr_list_match(const struct cidr_list *, const struct ipaddr *);
void	 cidr_list_free(struct cidr_list *);

#endif
