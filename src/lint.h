/*
 * NAME
 *	lint 3h - check a domain's SPF record before it goes to -all
 * SYNOPSIS
 *	#include "lint.h"
 *
 *	int	 lint_main(int argc, char **argv, const struct config *cfg);
 *
 *	int	 lint_parse(const char *record, struct lint_record *out);
 *	void	 lint_record_free(struct lint_record *rec);
 *	int	 lint_is_spf(const char *txt);
 *	size_t	 lint_answer_size(const char *name, char *const *txt,
 *		    size_t n);
 * DESCRIPTION
 *	lint_main() is "policyd-spf --lint DOMAIN [IP...]".  It asks the
 *	resolver of dns.h (dns_servers, dns_timeout and dns_retries from
 *	cfg) for the TXT records of DOMAIN and prints the SPF record and,
 *	indented below it, the record of every include: and redirect=
 *	target, each term with the DNS lookups it costs; then the number
 *	of DNS-querying terms (include, a, mx, ptr, exists, redirect) of
 *	the whole tree against RFC 7208's limit of 10 and of void lookups
 *	(NXDOMAIN, or no data) against 2 (section 4.6.4), counted as if no
 *	term matched before the end (the worst case), and terms after
 *	"all" or a redirect= beside "all" not at all, as an evaluation
 *	never reaches them.  Then the findings, errors first:
 *	"error: DOMAIN: column N: ...", "warning: ...", "note: ...".  Then,
 *	for each IP, the result check_host() gives it for sender
 *	postmaster@DOMAIN (spfcheck_mailfrom(), the daemon's own evaluation)
 *	and whether -all would refuse its mail.  Last a summary line
 *	"policyd-spf: DOMAIN: N errors, N warnings, N notes".
 *	It returns 0 when there is nothing worse than a note, 1 for
 *	warnings, 2 for errors, 64 for a usage error (no domain, an IP that
 *	is not an address), 78 when the resolver cannot be set up.
 *
 *	Errors: no SPF record; several v=spf1 records; a syntax error; an
 *	include: or redirect= target without exactly one SPF record; an
 *	include loop; a DNS failure; more than 10 DNS-querying terms, more
 *	than 2 void lookups, more than 10 MX hosts (all permerror or
 *	temperror at every receiver); an IP that gets Permerror.
 *	Warnings: +all (or all without a qualifier), ptr (RFC 7208 section
 *	5.5: SHOULD NOT be used), neither all nor redirect=, terms after
 *	all, redirect= beside all, a very wide network (an ip4 prefix
 *	shorter than /8, ip6 shorter than /16, or a/mx with /0), a TXT
 *	answer that does not fit a 512-byte UDP message without EDNS
 *	(RFC 7208 section 3.4), an IP that does not get Pass.
 *	Notes: ?all, unknown modifiers, every IP given passes.
 *
 *	lint_parse() is pure: it splits an SPF record into its terms
 *	(RFC 7208 section 12 ABNF: version, directives with qualifier and
 *	mechanism, modifiers; domain-specs with macros; ip4/ip6 networks;
 *	CIDR lengths) and records every finding about the record alone
 *	(syntax errors, the risky and deprecated terms above) with the
 *	column, counted from 1, where the term or the offending character
 *	is.  It returns 0, or -1 when the record has a syntax error (the
 *	terms that parsed are still in out).  Mechanism and modifier names
 *	are case-insensitive.
 *
 *	lint_is_spf() is true when txt is an SPF record: "v=spf1" (any
 *	case) alone or followed by a space.
 *
 *	lint_answer_size() is the least size in bytes of a DNS response to
 *	a TXT question for name holding the records txt[0..n-1] (each split
 *	into character-strings of at most 255 bytes, no EDNS, no
 *	compression beyond a pointer to the question per record).
 * LIMITS/SECURITY
 *	Records come from DNS: what is printed of them is printable ASCII,
 *	records are cut at DNS_RECORD_MAX, the tree at LINT_DEPTH_MAX
 *	levels and LINT_VISIT_MAX records.
 * DIAGNOSTICS
 *	lint_parse() does no I/O; lint_main() writes to stdout, and a
 *	resolver setup failure to stderr.
 * THREADS
 *	Main thread (lint_main()); lint_parse() any thread.
 * SEE ALSO
 *	dns.h, spfcheck.h, RFC 7208 sections 3.4, 4.5, 4.6, 5, 6 and 12
 * SPDX-License-Identifier: BSD-2-Clause
 */
#ifndef LINT_H
#define LINT_H

#include <stddef.h>

#include "config.h"

#define LINT_TERM_LIMIT		10	/* RFC 7208 section 4.6.4 */
#define LINT_VOID_LIMIT		2
#define LINT_MX_LIMIT		10
#define LINT_UDP_MAX		512	/* RFC 1035, no EDNS */
#define LINT_DEPTH_MAX		10
#define LINT_VISIT_MAX		50

enum lint_level {
	LINT_NOTE = 0,
	LINT_WARNING,
	LINT_ERROR
};

enum lint_type {
	LINT_ALL = 0,
	LINT_INCLUDE,
	LINT_A,
	LINT_MX,
	LINT_PTR,
	LINT_IP4,
	LINT_IP6,
	LINT_EXISTS,
	LINT_REDIRECT,
	LINT_EXP,
	LINT_MODIFIER,		/* unknown modifier: ignored */
	LINT_BAD		/* does not parse */
};

struct lint_term {
	enum lint_type	 type;
	char		 qualifier;	/* '+', '-', '~', '?'; 0 if none */
	size_t		 col;		/* 1-based */
	char		*text;		/* as written */
	char		*domain;	/* domain-spec, NULL if none */
	int		 macro;		/* domain-spec holds a macro */
	int		 cidr4, cidr6;	/* -1 if none */
	int		 after_all;	/* never evaluated */
};

struct lint_problem {
	enum lint_level	 level;
	size_t		 col;		/* 0: the whole record */
	char		*text;
};

struct lint_record {
	struct lint_term	*term;
	size_t			 n;
	struct lint_problem	*prob;
	size_t			 nprob;
	int			 has_all;
	int			 redirect;	/* index + 1 of redirect= */
};

int	 lint_main(int, char **, const struct config *);
int	 lint_parse(const char *, struct lint_record *);
void	 lint_record_free(struct lint_record *);
int	 lint_is_spf(const char *);
size_t	 lint_answer_size(const char *, char *const *, size_t);

#endif
