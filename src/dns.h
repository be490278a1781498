/*
 * NAME
 *	dns 3h - the DNS client and the libspf2 DNS layer built on it
 * SYNOPSIS
 *	#include "dns.h"
 *
 *	struct dns_resolver *dns_resolver_new(const struct strlist *servers,
 *		    int timeout_ms, int retries, char **cause);
 *	void	 dns_resolver_free(struct dns_resolver *r);
 *	void	 dns_query(struct dns_resolver *r, const char *name, int type,
 *		    struct dns_answer *out);
 *	void	 dns_answer_free(struct dns_answer *a);
 *	const char *dns_status_name(enum dns_status s);
 *
 *	SPF_dns_server_t *dns_spf_layer_new(struct dns_resolver *r);
 *	void	 dns_spf_layer_free(SPF_dns_server_t *layer);
 *
 *	void	 dns_eval_begin(struct dns_eval *ev, int lookup_time,
 *		    int void_limit);
 *	void	 dns_eval_end(struct dns_eval *ev);
 * DESCRIPTION
 *	dns_resolver_new() makes a stub resolver that sends queries to
 *	servers ("ADDR", "ADDR:PORT", "[ADDR6]", "[ADDR6]:PORT" or a bare
 *	IPv6 address; port 53 by default) or, with an empty list, to the
 *	nameservers of /etc/resolv.conf (127.0.0.1 when it names none).
 *	Each query is tried up to retries times per server, waiting
 *	timeout_ms for each try, over UDP (EDNS0, 1232 bytes), and again
 *	over TCP (within one try's timeout) when the answer is truncated;
 *	SERVFAIL, REFUSED and the like move on to the next server.  Answers
 *	whose id, question or source do not match are ignored.  On a bad
 *	server entry it returns NULL with *cause allocated, e.g.
 *	'dns server "bogus": not an IP address' (or "bad port", ...).
 *
 *	dns_query() asks one question of type A, AAAA, MX, TXT or PTR
 *	(ns_t_*).  It never fails without an answer: out->status says
 *	what came back, DNS_OK (out->n records of the asked type, CNAMEs
 *	followed), DNS_NXDOMAIN, DNS_NODATA, DNS_SERVFAIL (also REFUSED and
 *	other error codes), DNS_TIMEOUT (no server answered in time, or the
 *	evaluation deadline passed), or DNS_ERROR (malformed answer,
 *	unsupported type, or a name that cannot be encoded: empty label,
 *	label over 63 bytes, over 253 bytes; nothing is sent then).
 *	out->ttl is the lowest TTL of the records used (CNAMEs included);
 *	for negative answers the lower of the TTL and MINIMUM of an SOA in
 *	the authority section (RFC 2308), 0 when there is none.  Records:
 *	out->addr[] for A and AAAA, out->name[] for MX (the exchange,
 *	sorted by preference), PTR (the target) and TXT (the
 *	character-strings of one record joined without separator).  CNAME
 *	chains are followed inside the answer, and one the server left
 *	unfinished is chased with further queries (at most 16 links).  The
 *	query respects the current thread's evaluation deadline (see
 *	below): it never waits past it, and asks nothing once it has
 *	passed.
 *
 *	dns_spf_layer_new() returns a libspf2 DNS layer (SPF_dns_server_t,
 *	see libspf2's spf_dns.h) on top of r.  It never returns NULL to
 *	libspf2, maps the statuses to herrno (NXDOMAIN HOST_NOT_FOUND,
 *	NODATA NO_DATA, SERVFAIL and TIMEOUT TRY_AGAIN, ERROR NO_RECOVERY)
 *	and passes real TTLs.  A name longer than 253 bytes (an expanded
 *	macro) loses labels on the left until it fits (RFC 7208 section
 *	7.3).  The layer has no get_spf or get_exp hook of its own (spfcheck
 *	installs get_exp).  It also enforces, for the evaluation in
 *	progress on the calling thread (struct dns_eval):
 *	  - the time budget: past the deadline every lookup answers
 *	    TRY_AGAIN at once and ev->deadline_hit is set;
 *	  - the void-lookup limit (RFC 7208 section 4.6.4): lookups other
 *	    than the first TXT lookup of the evaluation that answer NXDOMAIN
 *	    or NODATA are counted in ev->voids; once ev->voids exceeds
 *	    ev->void_limit, ev->void_exceeded is set and every later lookup
 *	    answers HOST_NOT_FOUND at once without touching the network;
 *	  - the hostile-record guard (CVE-2023-42118): a TXT record that
 *	    starts with "v=spf1" and has a term containing "%" longer than
 *	    DNS_MACRO_TERM_MAX bytes is replaced by a record libspf2 cannot
 *	    compile ("v=spf1 %{" - a permerror), ev->hostile is set and the
 *	    domain is kept in ev->hostile_domain; any other TXT string with
 *	    "%" longer than DNS_MACRO_TERM_MAX (a possible exp= text) is
 *	    dropped from the answer.  libspf2 never sees either;
 *	  - the record of the evaluated domain: the first TXT lookup of the
 *	    evaluation (the top-level record) keeps its v=spf1 record in
 *	    ev->record ("" when none, or when there are several) for
 *	    No_Mail;
 *	  - the last failed lookup: a lookup that answered SERVFAIL,
 *	    TIMEOUT or ERROR leaves its name, type and status in
 *	    ev->error_name, ev->error_type and ev->error_status (for the
 *	    Temperror explanation);
 *	  - a trace: when ev->trace is set, one line per lookup is passed
 *	    to it ("TXT pass.example: OK, 1 record(s), ttl 300",
 *	    "A nx1.void.example: NXDOMAIN (void lookup 1 of 2)",
 *	    "TXT slow.example: TIMEOUT", "A x.example: not queried, void
 *	    lookup limit exceeded"); the same lines are logged at
 *	    LOG_LEVEL_DNS.
 *	Unsupported types (libspf2's type 99) answer NO_DATA at once.
 *
 *	dns_eval_begin() starts an evaluation on the calling thread: it
 *	clears all of *ev (set ev->trace afterwards), sets the deadline to
 *	now + lookup_time seconds (none when lookup_time <= 0) and the
 *	void limit (none when void_limit < 0), and makes ev the thread's
 *	current evaluation.  dns_eval_end() detaches it.  Lookups made with
 *	no current evaluation have no deadline and no limits.
 * THREADS
 *	A resolver and a layer are shared by every thread; dns_query() and
 *	the layer are thread-safe.  A struct dns_eval belongs to the
 *	thread that began it.
 * SEE ALSO
 *	spfcheck.h, RFC 1035, RFC 2308, RFC 6891, RFC 7208 sections 4.6.4
 *	and 7.3
 * SPDX-License-Identifier: BSD-2-Clause
 */
#ifndef DNS_H
#define DNS_H

#include <sys/types.h>
#include <netinet/in.h>
#include <arpa/nameser.h>
#include <stdint.h>
#include <time.h>

#include <spf2/spf.h>

#include "cidr.h"
#include "util.h"

#define DNS_MACRO_TERM_MAX	128
#define DNS_RECORD_MAX		4096

enum dns_status {
	DNS_OK = 0,
	DNS_NXDOMAIN,
	DNS_NODATA,
	DNS_SERVFAIL,
	DNS_TIMEOUT,
	DNS_ERROR
};

struct dns_answer {
	enum dns_status	 status;
	int		 type;
	uint32_t	 ttl;
	size_t		 n;
	struct ipaddr	*addr;		/* A, AAAA: n entries */
	char		**name;		/* MX, PTR, TXT: n entries */
};

struct dns_eval {
	struct timespec	 deadline;	/* CLOCK_MONOTONIC */
	int		 void_limit;
	int		 voids;
	int		 lookups;
	int		 deadline_hit;
	int		 void_exceeded;
	int		 hostile;
	char		 hostile_domain[256];
	char		 record[DNS_RECORD_MAX];
	int		 record_seen;
	char		 error_name[256];	/* last failed lookup */
	int		 error_type;
	enum dns_status	 error_status;
	void		(*trace)(void *, const char *);
	void		*trace_arg;
};

struct dns_resolver;

struct dns_resolver *dns_resolver_new(const struct strlist *, int, int,
		    char **);
void		 dns_resolver_free(struct dns_resolver *);
void		 dns_query(struct dns_resolver *, const char *, int,
		    struct dns_answer *);
void		 dns_answer_free(struct dns_answer *);
const char	*dns_status_name(enum dns_status);

SPF_dns_server_t *dns_spf_layer_new(struct dns_resolver *);
void		 dns_spf_layer_free(SPF_dns_server_t *);

void		 dns_eval_begin(struct dns_eval *, int, int);
void		 dns_eval_end(struct dns_eval *);

#endif
