/*
 * NAME
 *	dns 3h - the DNS client and the libspf2 DNS layer built on it
 * SYNOPSIS
 *	#include "dns.h"
 *
 *	struct dns_resolver *dns_resolver_new(const struct strlist *servers,
 *		    int timeout_ms, int retries, char **cause);
 *	void	 dns_resolver_free(struct dns_resolver *r);
 *	void	 dns_resolver_set_cache(struct dns_resolver *r,
 *		    struct cache *c);
 *	struct cache *dns_resolver_cache(const struct dns_resolver *r);
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
 *	dns_resolver_set_cache() makes r answer through the shared cache c
 *	(cache.h), taking a reference to it and dropping the one to the
 *	cache it had; c NULL means no cache (the default).  Call it before
 *	r is shared by threads.  dns_resolver_free() drops the reference,
 *	so a cache handed from an old resolver to its replacement
 *	(dns_resolver_set_cache(new, dns_resolver_cache(old))) survives the
 *	old one.  dns_resolver_cache() returns r's cache, NULL when none,
 *	without a reference (for cache_stats()).
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
 *	unfinished is chased with further queries (at most 16 links); the
 *	TTL is then the lowest of the chain's, negative answers included.
 *	The query respects the current thread's evaluation deadline (see
 *	below): it never waits past it, and asks nothing (nor the cache)
 *	once it has passed.  With a cache, the answer may come from it
 *	(with the TTL that is left), and a question another thread is
 *	already asking waits for that thread's answer (up to the
 *	deadline) rather than being sent again; a DNS_TIMEOUT is cached
 *	only when the deadline had not passed when the query ended (the
 *	servers, not our budget, timed out), and unsupported types and
 *	names that cannot be encoded bypass the cache.
 *
 *	dns_spf_layer_new() returns a libspf2 DNS layer (SPF_dns_server_t,
 *	see libspf2's spf_dns.h) on top of r.  It never returns NULL to
 *	libspf2, maps the statuses to herrno (NXDOMAIN HOST_NOT_FOUND,
 *	NODATA NO_DATA, SERVFAIL and TIMEOUT TRY_AGAIN, ERROR NO_RECOVERY)
 *	and passes real TTLs.  A name longer than 253 bytes (an expanded
 *	macro) loses labels on the left until it fits (RFC 7208 section
 *	7.3); a name that still cannot be asked (an empty label, a label
 *	over 63 bytes) answers HOST_NOT_FOUND without a query.  The layer
 *	has no get_spf or get_exp hook of its own (spfcheck installs
 *	get_exp).  Every SPF record libspf2 gets has been through
 *	spfrecord.h: when a TXT answer holds exactly one v=spf1 record, a
 *	valid one is handed on normalised, an invalid one as a record
 *	libspf2 cannot compile ("v=spf1 %{"), so that it is a permerror
 *	wherever it is fetched (top level, include:, redirect=).  The
 *	normalised records tag the domain-spec of each "a", "mx" and
 *	"exists"; the layer takes the tag off before it asks.  With a zero
 *	CIDR length (the tag says so) for the client's family, an A or AAAA
 *	answer with records is given to libspf2 as the one address
 *	ev->client, so that it matches, and an MX answer's exchanges carry
 *	the tag on to their address lookups.  At most DNS_PTR_LIMIT PTR
 *	records of an answer reach libspf2 (RFC 7208 section 4.6.4: the
 *	rest is ignored).  It also enforces, for the evaluation in
 *	progress on the calling thread (struct dns_eval):
 *	  - the time budget: past the deadline every lookup answers
 *	    TRY_AGAIN at once and ev->deadline_hit is set;
 *	  - the void-lookup limit (RFC 7208 section 4.6.4): lookups other
 *	    than the first TXT lookup of the evaluation that answer NXDOMAIN
 *	    or NODATA are counted in ev->voids; once ev->voids exceeds
 *	    ev->void_limit, ev->void_exceeded is set and every later lookup
 *	    answers HOST_NOT_FOUND at once without touching the network;
 *	  - the DNS-querying term limit (section 4.6.4), over the whole
 *	    evaluation, include: and redirect= included: each term makes
 *	    one lookup the layer recognises (a tagged A, AAAA or MX lookup,
 *	    a TXT lookup other than the first, a PTR lookup libspf2 lets be
 *	    cached, which %{p} does not) and counts in ev->terms; the
 *	    lookup that would start term DNS_TERM_LIMIT + 1 is not made,
 *	    ev->terms_exceeded is set and every later lookup answers
 *	    HOST_NOT_FOUND at once;
 *	  - the MX limit (section 4.6.4): an "mx" whose MX answer has more
 *	    than DNS_MX_LIMIT records gets none, ev->mx_exceeded is set
 *	    (the name in ev->mx_domain) and later lookups answer
 *	    HOST_NOT_FOUND at once;
 *	  - record validation: the first v=spf1 record that fails
 *	    spfrecord_check() sets ev->invalid, its reason in
 *	    ev->invalid_reason, its domain in ev->invalid_domain and
 *	    ev->invalid_nested when it was not the evaluated domain's own;
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
 *	clears all of *ev (set ev->trace and ev->client, the client's
 *	address, afterwards), sets the deadline to now + lookup_time
 *	seconds (none when lookup_time <= 0) and the void limit (none when
 *	void_limit < 0), and makes ev the thread's
 *	current evaluation.  dns_eval_end() detaches it.  Lookups made with
 *	no current evaluation have no deadline and no limits.
 * THREADS
 *	A resolver and a layer are shared by every thread; dns_query() and
 *	the layer are thread-safe (so is the cache, shared by every thread
 *	using the resolver).  dns_resolver_set_cache() is not.  A struct
 *	dns_eval belongs to the thread that began it.
 * SEE ALSO
 *	spfcheck.h, spfrecord.h, RFC 1035, RFC 2308, RFC 6891, RFC 7208
 *	sections 4.6.4 and 7.3
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
#define DNS_TERM_LIMIT		10	/* RFC 7208 4.6.4: DNS-querying terms */
#define DNS_MX_LIMIT		10	/* MX records of one "mx" */
#define DNS_PTR_LIMIT		10	/* PTR records used */
#define DNS_REASON_MAX		256

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
	struct ipaddr	 client;	/* set by the caller (zero CIDRs) */
	int		 terms;		/* DNS-querying terms so far */
	int		 terms_exceeded;
	int		 mx_exceeded;
	char		 mx_domain[256];
	int		 invalid;	/* a record failed spfrecord_check() */
	int		 invalid_nested; /* ... not the first one fetched */
	char		 invalid_domain[256];
	char		 invalid_reason[DNS_REASON_MAX];
};

struct dns_resolver;
struct cache;

struct dns_resolver *dns_resolver_new(const struct strlist *, int, int,
		    char **);
void		 dns_resolver_free(struct dns_resolver *);
void		 dns_resolver_set_cache(struct dns_resolver *, struct cache *);
struct cache	*dns_resolver_cache(const struct dns_resolver *);
void		 dns_query(struct dns_resolver *, const char *, int,
		    struct dns_answer *);
void		 dns_answer_free(struct dns_answer *);
const char	*dns_status_name(enum dns_status);

SPF_dns_server_t *dns_spf_layer_new(struct dns_resolver *);
void		 dns_spf_layer_free(SPF_dns_server_t *);

void		 dns_eval_begin(struct dns_eval *, int, int);
void		 dns_eval_end(struct dns_eval *);

#endif
